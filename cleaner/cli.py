"""The `cleaner` command: a thin click shell over `cleaner.corpus` and `cleaner.pipeline`.

Exit codes: 0 when every input was processed (documents that are all residue, empty, binary
or dropped by a filter are processed: they are data in the manifest); 1 when any input could
not be read or written; 2 on usage errors (click's own); 130 when interrupted (Ctrl-C, SIGTERM).
The corpus run itself is `cleaner.corpus.run`.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from cleaner import __version__
from cleaner.boilerplate import DEFAULT_MIN_DOCS
from cleaner.config import DEFAULT_CONFIG, CleanConfig
from cleaner.corpus import OUTPUT_FORMATS, OutputLost, RunConfig, UsageProblem, learn_boilerplate, run
from cleaner.io import atomic_write
from cleaner.manifest import format_summary
from cleaner.guard import clean_guarded
from cleaner.progress import Progress
from cleaner.readers import ReadConfig, input_size
from cleaner.reasons import REASONS
from cleaner.rules import NO_RULES, Origin, RulesError, RuleSet, configure, load_rules
from cleaner.runner import WORKER_DIED, Filters

FORMATS = click.Choice(["auto", "text", "html"])
_RESUME_HINT = "The outputs and manifest rows written so far are complete; fix that and run the same command with --resume to finish."


def _rules(ctx, param, value) -> RuleSet:
    """--rules FILE, loaded and checked; a bad file is a usage error that lists its problems."""
    if value is None:
        return NO_RULES
    try:
        return load_rules(value)
    except RulesError as error:
        raise click.BadParameter(str(error), ctx, param) from None


RULES_OPTION = click.option(
    "--rules",
    "rules",
    type=click.Path(exists=True, dir_okay=False),
    callback=_rules,
    metavar="FILE",
    help="User rules (TOML): extra phrases and patterns, per site or path; disabled reasons; thresholds. See README.",
)

CONTEXT_OPTION = click.option(
    "--context/--no-context",
    default=True,
    show_default=True,
    help="Judge lines by their neighbours too (line classes, article zones, site notices). --no-context leaves more "
    "residue and is faster: dev-set F1 0.834 against 0.902 (page text), about 1.6x the speed on text. See README.",
)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="""\b
Examples:
  cleaner clean corpus/raw -o corpus/clean     a directory tree, with manifest.jsonl
  cleaner clean page.html -o out               one file
  cleaner clean crawl.jsonl.gz --output-format jsonl -o clean.jsonl --lang en,de
  cleaner clean corpus/raw -o corpus/clean --resume     finish an interrupted run
  curl -s https://example.org | cleaner clean -    stdin to stdout
  cleaner explain corpus/raw/001.txt           why each line is kept or dropped
  cleaner explain --rules my.toml page.txt     ... with your own rules
  cleaner rules --rules my.toml                the active rules and where they come from
""",
)
@click.version_option(__version__, prog_name="cleaner")
def cli() -> None:
    """Turn scraped web text into clean article text, with a reason for every removed line."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", "output", type=click.Path(), help="Output directory; with --output-format jsonl a file, or - for stdout. Required unless INPUT is -. With --engine dask also an fsspec URL.")
@click.option("--format", "fmt", type=click.Choice(["auto", "text", "html", "jsonl"]), default="auto", show_default=True, help="Documents are text or html (auto sniffs HTML by content); jsonl reads every input as JSONL (auto: *.jsonl[.gz] files, and stdin whose first line is a JSON object).")
@click.option("--output-format", type=click.Choice(OUTPUT_FORMATS), default="text", show_default=True, help="text: a .txt file per document; jsonl: one object per kept document with its input fields, the clean text and a \"cleaner\" object holding the manifest row.")
@click.option("--text-field", default="text", show_default=True, metavar="FIELD", help="JSONL field holding the document.")
@click.option("--id-field", default="id", show_default=True, metavar="FIELD", help="JSONL field holding the id (names the output file).")
@click.option("--url-field", default="url", show_default=True, metavar="FIELD", help="JSONL field holding the URL (for rules scoped to sites).")
@click.option("--keep-original", metavar="FIELD", help="With --output-format jsonl: keep the text before cleaning in FIELD.")
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path), help="Manifest path [default: OUTDIR/manifest.jsonl; FILE.manifest.jsonl for jsonl output; none for stdout].")
@click.option("-j", "--jobs", type=click.IntRange(1), default=_cpus, show_default="number of CPUs", help="Worker processes.")
@click.option("--resume", is_flag=True, help="Skip documents an interrupted run already finished and complete the rest; failed and timed-out documents are tried again. Refused when the options differ from the interrupted run's (but --timeout and --jobs).")
@click.option("--lang", "langs", metavar="CODES", help="Keep only these languages (e.g. en,de); others are dropped with reason language.")
@click.option("--min-chars", type=click.IntRange(0), default=0, help="Drop documents whose clean text is shorter (reason too-short).")
@click.option("--timeout", "time_limit", type=click.FloatRange(0), default=DEFAULT_CONFIG.time_limit, show_default=True, metavar="SECONDS", help="Per-document time limit; a document that takes longer gets status timeout and the run goes on. 0: no limit.")
@click.option("--max-bytes", type=click.IntRange(0), default=DEFAULT_CONFIG.max_bytes, show_default=True, metavar="BYTES", help="Larger documents are not cleaned: status too-large (time and memory grow faster than the page). 0: no limit.")
@click.option("--boilerplate-min-docs", type=click.IntRange(0), default=DEFAULT_MIN_DOCS, show_default=True, metavar="N", help="Lines that recur in at least N documents of the run are dropped as repeated-boilerplate (outside the body text; a first pass over directories and JSONL, never stdin or a single file); 0 turns it off.")
@click.option("--summary-json", type=click.Path(dir_okay=False, path_type=Path), help="Write the run's summary (counts, reasons, languages, time, throughput) as JSON.")
@click.option("--metadata", type=click.Choice(["fast", "full"]), default="fast", show_default=True, help="HTML title/author/date: fast reads what the page declares (meta tags, JSON-LD, <title>); full adds trafilatura's search of the body for an author and htmldate's extensive date search (about 1.2x the time per page).")
@RULES_OPTION
@CONTEXT_OPTION
@click.option("--report", "with_report", is_flag=True, help="Also write a report: OUTPUT/report.html, or FILE.report.html beside a JSONL output FILE.jsonl (see `cleaner report`).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True, help="local: worker processes on this machine; dask: a Dask cluster (pip install 'cleaner[dask]'), same output.")
@click.option("--scheduler", metavar="ADDRESS", help="With --engine dask: the scheduler (tcp://host:8786) [default: $DASK_SCHEDULER_ADDRESS, else a local cluster of --jobs workers].")
def clean(inputs, output, fmt, output_format, text_field, id_field, url_field, keep_original, manifest, jobs, resume, langs, min_chars, time_limit, max_bytes, boilerplate_min_docs, summary_json, metadata, rules, context, with_report, quiet, engine, scheduler) -> None:
    """Clean INPUT files, directories and JSONL into OUTPUT, or stdin to stdout with "-".

    \b
    Each input rel/name.ext becomes OUTPUT/rel/name.txt; a JSONL document becomes
    OUTPUT/rel/file/<id>.txt. OUTPUT/manifest.jsonl gets one row per input document, in input
    order: status (ok; empty, binary, extract-empty, dropped, too-large, parser-limit, timeout;
    failed), reason, language, title, author, date, lines dropped by reason, sha256.
    Exit codes: 0 all documents processed, 1 some failed, 2 usage error, 130 interrupted.
    """
    config = RunConfig(
        inputs=tuple(inputs),
        output=None if output is None or output == "-" or "://" in output else Path(output),
        output_format=output_format,
        manifest=manifest,
        read=ReadConfig(format=fmt, text_field=text_field, id_field=id_field, url_field=url_field),
        clean=configure(CleanConfig(format="auto" if fmt == "jsonl" else fmt, metadata=metadata, time_limit=time_limit, max_bytes=max_bytes, context=context), rules),
        filters=Filters(frozenset(code.strip() for code in (langs or "").split(",") if code.strip()), min_chars),
        keep_original=keep_original,
        jobs=jobs,
        resume=resume,
        boilerplate_min_docs=boilerplate_min_docs,
    )
    if with_report and (config.output is None or config.manifest_path is None):
        raise click.UsageError("--report needs -o DIR or -o FILE.jsonl (the report goes to DIR/report.html or FILE.report.html).")
    progress = Progress(sys.stderr, input_size(inputs)) if not quiet and sys.stderr.isatty() else None
    incidents = _Incidents()
    try:
        if engine == "dask":
            from cleaner import dask_engine

            totals = dask_engine.run(config, output, scheduler, on_document=progress.update if progress else None)
        else:
            if scheduler is not None or "://" in (output or ""):
                raise UsageProblem("--scheduler and URL outputs need --engine dask.")
            totals = run(config, on_document=progress.update if progress else None, notify=incidents.append)
    except UsageProblem as problem:
        raise click.UsageError(str(problem)) from None
    except BrokenPipeError:  # the reader of stdout went away (| head): stop quietly
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("cleaner: interrupted; outputs written so far are complete. Run the same command with --resume to finish.", err=True)
        sys.exit(130)
    except OutputLost as problem:
        click.echo(f"cleaner: stopped: {problem}. {_RESUME_HINT}", err=True)
        sys.exit(1)
    except OSError as error:
        click.echo(f"cleaner: stopped: cannot write {error.filename or 'output'}: {error.strerror or error}. {_RESUME_HINT}", err=True)
        sys.exit(1)
    finally:
        if progress is not None:
            progress.close()
    summary = totals.summary()
    if summary_json is not None:
        atomic_write(summary_json, json.dumps(summary, indent=2) + "\n")
    if not quiet and not (config.output is None and output_format == "text"):
        for line in format_summary(summary):
            click.echo(line, err=True)
    if with_report:
        from cleaner.report import write_report

        try:
            target = _report_path(config)
            path = write_report(
                target.parent, _input_roots(inputs), summary=summary, config=config.clean, read=config.read,
                manifest=config.manifest_path, target=target,
            )
        except OSError as error:
            raise click.ClickException(f"cannot write the report: {error.strerror or error}") from None
        if not quiet:
            click.echo(f"  report: {path}", err=True)
    if not quiet and config.output is None and output_format == "text" and totals.documents and not totals.ok:  # stdin to stdout: say why nothing came
        click.echo(f"cleaner: no clean text: {', '.join(summary['dropped_documents_by_reason']) or 'failed'}", err=True)
    sys.exit(max(totals.exit_code, incidents.exit_code))


class _Incidents:
    """Problems a run recovered from, said on stderr as they happen. A worker process that
    died makes the exit code 1 even when all its documents were cleaned again: something
    killed it (the OOM killer, a crash in C), and that should not pass unnoticed."""

    def __init__(self):
        self.exit_code = 0

    def append(self, message: str) -> None:
        click.echo(f"cleaner: {message}", err=True)
        if message.startswith(WORKER_DIED):
            self.exit_code = 1


def _report_path(config: RunConfig) -> Path:
    """DIR/report.html for text output to DIR; FILE.report.html beside a JSONL output FILE.jsonl
    (as its manifest is FILE.manifest.jsonl)."""
    if config.output_format == "text":
        return config.output / "report.html"
    return config.output.with_name(config.output.name.rsplit(".", 1)[0] + ".report.html")


def _input_roots(inputs) -> tuple[Path, ...]:
    """Where the report finds inputs by their manifest names: input directories, and the
    directories of input files."""
    roots = [Path(spec) if Path(spec).is_dir() else Path(spec).parent for spec in inputs if spec != "-"]
    return tuple(dict.fromkeys(roots))


@cli.command()
@click.argument("file", type=click.File("rb"))
@click.option("--format", "fmt", type=FORMATS, default="auto", show_default=True, help="Input format.")
@RULES_OPTION
@CONTEXT_OPTION
@click.option("--timeout", "time_limit", type=click.FloatRange(0), default=DEFAULT_CONFIG.time_limit, show_default=True, metavar="SECONDS", help="Time limit (status timeout); 0: no limit.")
@click.option("--url", default="", metavar="URL", help="The document's URL, for rules scoped to sites.")
@click.option("--corpus", "corpora", multiple=True, type=click.Path(exists=True), metavar="PATH", help="Learn repeated-boilerplate lines from the documents in PATH (a directory or JSONL; repeatable), as a corpus run would.")
@click.option("--boilerplate-min-docs", type=click.IntRange(0), default=DEFAULT_MIN_DOCS, show_default=True, metavar="N", help="With --corpus: lines in at least N of its documents are repeated-boilerplate.")
def explain(file, fmt: str, rules: RuleSet, context: bool, url: str, time_limit: float, corpora: tuple[str, ...], boilerplate_min_docs: int) -> None:
    """Show each line of FILE with KEEP or DROP, the reason and the rule that fired.

    With --rules, user rules apply as in `cleaner clean --rules`: the rules that apply to FILE
    (by its path, or by --url for rules scoped to sites) are listed first, a line one of them
    dropped names it, and a line kept because its reason is disabled says so. With --corpus,
    the lines that recur in the corpus are dropped as `cleaner clean` would over it."""
    origin = Origin(file.name, url)
    config = configure(CleanConfig(format=fmt, time_limit=time_limit, context=context), rules)
    if corpora:
        config = learn_boilerplate(RunConfig(inputs=corpora, clean=config, boilerplate_min_docs=boilerplate_min_docs)).clean
    doc = clean_guarded(file.read(), file.name, config, origin)
    meta = doc.metadata
    click.echo(
        f"# {file.name}: status={doc.status} format={doc.format} encoding={doc.encoding} "
        f"lang={doc.language.code} ({doc.language.prob})" + (f" reason={doc.reason}" if doc.reason else "")
    )
    for label, value in (
        ("title", meta.title),
        ("author", meta.author),
        ("date", meta.date),
        ("attribution", meta.attribution),
        ("flags", ", ".join(doc.flags)),
    ):
        if value:
            click.echo(f"# {label}: {value}")
    active = rules.active(origin)
    if rules.source:
        names = ", ".join(rules.rules[i].name for i in active) or "none"
        click.echo(f"# rules: {rules.source}: {names}")
        disabled = sorted(rules.disabled(active))
        if disabled:
            click.echo(f"# disabled: {', '.join(disabled)}")
    width = max((len(r) for r in REASONS), default=10)
    for line, verdict in zip(doc.lines, doc.verdicts):
        tag = click.style("KEEP", fg="green") if verdict.keep else click.style("DROP", fg="red", bold=True)
        reason = "" if verdict.keep else verdict.reason
        if verdict.keep:
            rule = f"disabled: {verdict.evidence}" if verdict.rule == "disabled" else ""
        else:
            rule = verdict.rule + (f" ({verdict.evidence})" if verdict.evidence else "")
            user = rules.origin_of(verdict, active)
            rule += f" {user}" if user else ""
        text = line.text if verdict.keep else click.style(line.text, dim=True)
        click.echo(f"{line.n:>5}  {tag}  {reason:<{width}}  {text}" + (f"   [{rule}]" if rule else ""))


@cli.command(name="rules")
@RULES_OPTION
@click.option("--entries", is_flag=True, help="List every phrase and pattern, not only the count per source.")
def rules_command(rules: RuleSet, entries: bool) -> None:
    """List the active rules, built-in and from --rules FILE: reason, language, what the rule
    is, and its source (a data file of the package, a classifier pass, or FILE:NAME)."""
    from cleaner.rules import listing

    for line in listing(rules, entries):
        click.echo(line)


@cli.command()
@click.argument("run", type=click.Path(exists=True, path_type=Path), metavar="OUTDIR|MANIFEST")
@click.option("--inputs", "roots", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path), help="Where the run's inputs are, for the line views (repeatable).")
@click.option("--max-docs", type=click.IntRange(0), default=200, show_default=True, help="Documents shown line by line.")
@click.option("--text-field", default="text", show_default=True, metavar="FIELD", help="JSONL inputs: the field holding the document.")
@click.option("--url-field", default="url", show_default=True, metavar="FIELD", help="JSONL inputs: the field holding the URL (for rules scoped to sites).")
@RULES_OPTION
@CONTEXT_OPTION
def report(run: Path, roots: tuple[Path, ...], max_docs: int, text_field: str, url_field: str, rules: RuleSet, context: bool) -> None:
    """Write OUTDIR/report.html, or FILE.report.html for the manifest FILE.manifest.jsonl of
    a JSONL output: summary, dropped lines by reason, languages, the documents that lost
    most, and sampled documents line by line (give the run's --rules FILE, --no-context and
    JSONL fields, if any, so that the line views show the run's verdicts)."""
    from cleaner.report import write_report

    summary = None  # OUTDIR/summary.json, if the run wrote one there
    if run.is_dir():
        manifest, target = run / "manifest.jsonl", run / "report.html"
        if not manifest.is_file():
            raise click.UsageError(f"{run} has no manifest.jsonl: run `cleaner clean ... -o {run}` first.")
    else:  # the manifest of a JSONL output
        manifest, summary = run, {}
        target = run.with_name(run.name.removesuffix(".jsonl").removesuffix(".manifest") + ".report.html")
    read = ReadConfig(text_field=text_field, url_field=url_field)
    config = configure(CleanConfig(context=context), rules)
    path = write_report(target.parent, roots, max_docs, config, summary, read=read, manifest=manifest, target=target)
    click.echo(str(path))


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="cleaner")
