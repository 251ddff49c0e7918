"""The `cleaner` command: a thin click shell over `cleaner.pipeline` and `cleaner.io`.

Exit codes: 0 when every input was processed (documents that are all residue, empty or
binary are processed: they are data in the manifest); 1 when any input could not be read or
written; 2 on usage errors (click's own).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from cleaner import __version__
from cleaner.config import CleanConfig
from cleaner.io import InputFile, atomic_write, iter_inputs, output_name
from cleaner.manifest import Totals, dumps, row
from cleaner.pipeline import clean_document
from cleaner.reasons import REASONS

FORMATS = click.Choice(["auto", "text", "html"])


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="""\b
Examples:
  cleaner clean corpus/raw -o corpus/clean     a directory tree, with manifest.jsonl
  cleaner clean page.html -o out               one file
  curl -s https://example.org | cleaner clean -    stdin to stdout
  cleaner explain corpus/raw/001.txt           why each line is kept or dropped
""",
)
@click.version_option(__version__, prog_name="cleaner")
def cli() -> None:
    """Turn scraped web text into clean article text, with a reason for every removed line."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", "output", type=click.Path(file_okay=False, path_type=Path), help="Output directory (required unless INPUT is -).")
@click.option("--format", "fmt", type=FORMATS, default="auto", show_default=True, help="Input format; auto sniffs HTML by content.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def clean(inputs: tuple[str, ...], output: Path | None, fmt: str, quiet: bool) -> None:
    """Clean INPUT files and directories into OUTPUT, or stdin to stdout with "-".

    \b
    Each input rel/name.ext becomes OUTPUT/rel/name.txt, and OUTPUT/manifest.jsonl gets one
    row per input: status, reason, language, title, author, date, lines dropped by reason.
    """
    config = CleanConfig(format=fmt)
    if inputs == ("-",):
        sys.exit(_clean_stdin(config))
    if "-" in inputs:
        raise click.UsageError('"-" (stdin) cannot be mixed with other inputs.')
    if output is None:
        raise click.UsageError("Missing option -o/--output (needed unless INPUT is -).")
    paths = [Path(p) for p in inputs]
    _refuse_output_inside_input(paths, output)
    totals = _clean_files(paths, output, config)
    if not quiet:
        _summary(totals)
    sys.exit(totals.exit_code)


def _clean_stdin(config: CleanConfig) -> int:
    data = sys.stdin.buffer.read()
    doc = clean_document(data, "<stdin>", config)
    sys.stdout.write(doc.text)
    sys.stdout.flush()
    return 0


def _refuse_output_inside_input(paths: list[Path], output: Path) -> None:
    out = output.resolve()
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            if out == root or root in out.parents:
                raise click.UsageError(f"Output directory {output} lies inside input directory {path}; inputs are never written to.")


def _clean_files(paths: list[Path], output: Path, config: CleanConfig) -> Totals:
    totals = Totals()
    taken: set[str] = {"manifest.jsonl"}
    rows: list[str] = []
    for item in iter_inputs(paths):
        if not isinstance(item, InputFile):
            path, message = item
            manifest_row = _failed_row(str(path), message)
        else:
            manifest_row = _clean_one(item, output, taken, config)
        totals.add(manifest_row)
        rows.append(dumps(manifest_row))
    atomic_write(output / "manifest.jsonl", "".join(r + "\n" for r in rows))
    return totals


def _clean_one(item: InputFile, output: Path, taken: set[str], config: CleanConfig) -> dict:
    try:
        data = item.path.read_bytes()
    except OSError as error:
        return _failed_row(item.name, error.strerror or str(error))
    doc = clean_document(data, item.name, config)
    out_name = output_name(item.name, taken) if doc.text else None
    if out_name is not None:
        try:
            atomic_write(output / out_name, doc.text)
        except OSError as error:
            return {**row(doc, item.name, None), "status": "failed", "reason": f"write: {error.strerror or error}"}
    return row(doc, item.name, out_name)


def _failed_row(name: str, message: str) -> dict:
    return {"input": name, "output": None, "status": "failed", "reason": message}


def _summary(totals: Totals) -> None:
    elapsed = max(time.monotonic() - totals.started, 1e-9)
    statuses = ", ".join(f"{status} {n}" for status, n in sorted(totals.statuses.items()))
    click.echo(f"cleaner: {totals.documents} documents ({statuses}) in {elapsed:.1f}s, {totals.documents / elapsed:.1f} docs/s", err=True)
    if totals.reasons:
        top = ", ".join(f"{reason} {n}" for reason, n in totals.reasons.most_common(8))
        click.echo(f"  lines dropped: {top}", err=True)


@cli.command()
@click.argument("file", type=click.File("rb"))
@click.option("--format", "fmt", type=FORMATS, default="auto", show_default=True, help="Input format.")
def explain(file, fmt: str) -> None:
    """Show each line of FILE with KEEP or DROP, the reason and the rule that fired."""
    doc = clean_document(file.read(), file.name, CleanConfig(format=fmt))
    meta = doc.metadata
    click.echo(
        f"# {file.name}: status={doc.status} format={doc.format} encoding={doc.encoding} "
        f"lang={doc.language.code} ({doc.language.prob})"
    )
    for label, value in (("title", meta.title), ("author", meta.author), ("date", meta.date), ("attribution", meta.attribution)):
        if value:
            click.echo(f"# {label}: {value}")
    width = max((len(r) for r in REASONS), default=10)
    for line, verdict in zip(doc.lines, doc.verdicts):
        tag = click.style("KEEP", fg="green") if verdict.keep else click.style("DROP", fg="red", bold=True)
        reason = "" if verdict.keep else verdict.reason
        rule = "" if verdict.keep else verdict.rule + (f" ({verdict.evidence})" if verdict.evidence else "")
        text = line.text if verdict.keep else click.style(line.text, dim=True)
        click.echo(f"{line.n:>5}  {tag}  {reason:<{width}}  {text}" + (f"   [{rule}]" if rule else ""))


@cli.command()
@click.argument("outdir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--inputs", "roots", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path), help="Where the run's inputs are, for the line views (repeatable).")
@click.option("--max-docs", type=click.IntRange(0), default=200, show_default=True, help="Documents shown line by line.")
def report(outdir: Path, roots: tuple[Path, ...], max_docs: int) -> None:
    """Write OUTDIR/report.html: summary, dropped lines by reason, languages, the documents
    that lost most, and sampled documents line by line."""
    from cleaner.report import write_report

    if not (outdir / "manifest.jsonl").is_file():
        raise click.UsageError(f"{outdir} has no manifest.jsonl: run `cleaner clean ... -o {outdir}` first.")
    click.echo(str(write_report(outdir, roots, max_docs)))


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="cleaner")
