"""A corpus run: inputs -> workers -> outputs and manifest, resumable, in constant memory.

`run(RunConfig(...))` reads the inputs as a stream (`cleaner.readers`), cleans them on worker
processes in input order (`cleaner.runner`), writes each output as it comes back, and
appends one manifest row per input document (`cleaner.journal`). It returns the `Totals`;
the exit code is `Totals.exit_code`.

Where things go, by output kind:
- a directory (`--output-format text`): `OUT/<rel>/<name>.txt` per document, written
  atomically; the manifest `OUT/manifest.jsonl` is appended as documents finish. Work files
  (temporary outputs, the lock, a resume in progress) live in `OUT/.cleaner/`, removed at the
  end of a finished run.
- a JSONL file (`--output-format jsonl -o FILE`): the run appends to a journal in
  `.FILE.cleaner/`; only a finished run moves `FILE` and its manifest (`RunConfig.manifest_path`)
  into place.
- stdout (no `-o`): clean text for one document from stdin, JSONL otherwise; the manifest
  only with `--manifest`. Not resumable.

Determinism: the output names, files and manifest depend only on the inputs and options,
never on `jobs` or on whether the run was interrupted and resumed.
"""

from __future__ import annotations

import contextlib
import functools
import errno
import json
import os
import shutil
import signal
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import BinaryIO, Callable

from cleaner.boilerplate import DEFAULT_MIN_DOCS, MIN_CORPUS_DOCS, frequent_in_corpus
from cleaner.config import DEFAULT_CONFIG, CleanConfig
from cleaner.io import atomic_write, id_output_name, json_line, output_name, utf8
from cleaner.journal import Entry, Journal, JournalLost, entry_line, join, merge_interrupted, read_entries, split
from cleaner.manifest import Totals, failed_row
from cleaner.readers import JSONL_SUFFIXES, STDIN, Item, ReadConfig, os_reason, read_inputs
from cleaner.rules import Origin
from cleaner.runner import Cleaned, Filters, clean_in_order

OUTPUT_FORMATS = ("text", "jsonl")


class UsageProblem(ValueError):
    """A run that cannot start as configured; the CLI turns it into a usage error (exit 2)."""


class OutputLost(Exception):
    """The run cannot write its output any more: the disk is full or read-only, or the output
    directory was removed. Not the document's fault, so the run stops rather than fail every
    document after it; what was written is complete, and --resume finishes the run."""


# Errors of the destination, not of one document: they stop the run.
_DESTINATION_ERRNOS = frozenset(
    getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EROFS", "EIO", "EFBIG") if hasattr(errno, name)
)


@dataclass(frozen=True, slots=True)
class RunConfig:
    """Everything a corpus run needs besides the documents.

    - `inputs`: files, directories, or "-" (stdin) alone.
    - `output`: the directory (text) or file (jsonl); None writes to stdout.
    - `output_format`: "text" (a tree of .txt files) or "jsonl" (one object per kept document:
      the input's fields, `text_field` replaced by the clean text, and a "cleaner" object
      holding the manifest row). A row's "output" is the file's path relative to the output
      directory, or with jsonl the line number in the output.
    - `manifest`: where the manifest goes, if not the default (see `manifest_path`).
    - `keep_original`: with jsonl output, the field that keeps the text before cleaning.
    - `jobs`: worker processes; `resume`: skip documents a previous run finished.
    - `boilerplate_min_docs`: lines that recur in at least this many documents are site
      boilerplate (`cleaner.boilerplate`, a first pass over the inputs); 0 turns it off. A
      run over stdin or a single document file makes no first pass.
    """

    inputs: tuple[str, ...]
    output: Path | None = None
    output_format: str = "text"
    manifest: Path | None = None
    read: ReadConfig = field(default_factory=ReadConfig)
    clean: CleanConfig = DEFAULT_CONFIG
    filters: Filters = field(default_factory=Filters)
    keep_original: str | None = None
    jobs: int = 1
    resume: bool = False
    boilerplate_min_docs: int = DEFAULT_MIN_DOCS

    @property
    def manifest_path(self) -> Path | None:
        """`--manifest`, else OUT/manifest.jsonl for a directory, FILE.manifest.jsonl (the
        last suffix replaced) for a JSONL file, and none for stdout."""
        if self.manifest is not None or self.output is None:
            return self.manifest
        if self.output_format == "text":
            return self.output / "manifest.jsonl"
        return self.output.with_name(self.output.name.rsplit(".", 1)[0] + ".manifest.jsonl")


def check(config: RunConfig) -> None:
    """Raise `UsageProblem` for a configuration that cannot run."""
    if STDIN in config.inputs and len(config.inputs) > 1:
        raise UsageProblem('"-" (stdin) cannot be mixed with other inputs.')
    if config.output_format not in OUTPUT_FORMATS:
        raise UsageProblem(f"unknown output format {config.output_format!r}")
    if config.output is None:
        if config.inputs != (STDIN,) and config.output_format == "text":
            raise UsageProblem("Missing option -o/--output (needed unless INPUT is - or the output format is jsonl).")
        if config.resume:
            raise UsageProblem("--resume needs -o: a run to stdout cannot be resumed.")
    elif config.output_format == "text" and config.output.exists() and not config.output.is_dir():
        raise UsageProblem(f"Output {config.output} is a file; text output goes to a directory (or use --output-format jsonl).")
    elif config.output_format == "jsonl" and config.output.is_dir():
        raise UsageProblem(f"Output {config.output} is a directory; --output-format jsonl writes a file.")
    if config.keep_original is not None:
        if config.output_format != "jsonl":
            raise UsageProblem("--keep-original only applies to --output-format jsonl.")
        if config.keep_original in (config.read.text_field, "cleaner"):
            raise UsageProblem(f"--keep-original {config.keep_original} would overwrite a field the output writes.")
    if config.jobs < 1:
        raise UsageProblem("--jobs must be at least 1.")
    _refuse_writing_into_inputs(config)


def _refuse_writing_into_inputs(config: RunConfig) -> None:
    """The inputs are never written to: no output, manifest or work file inside an input
    directory or on an input file."""
    written = [p for p in (config.output, config.manifest_path) if p is not None]
    for spec in config.inputs:
        if spec == STDIN:
            continue
        source = Path(spec)
        root = source.resolve()
        for path in written:
            target = path.resolve()
            if source.is_dir() and (target == root or root in target.parents):
                kind = "Output directory" if path == config.output and config.output_format == "text" else "Output"
                raise UsageProblem(f"{kind} {path} lies inside input directory {spec}; inputs are never written to.")
            if not source.is_dir() and target == root:
                raise UsageProblem(f"Output {path} is the input file {spec}; inputs are never written to.")


def run(
    config: RunConfig,
    stdin: BinaryIO | None = None,
    stdout: BinaryIO | None = None,
    on_document: Callable[[Totals], None] | None = None,
    notify: Callable[[str], None] | None = None,
) -> Totals:
    """Clean every input document as `config` says. Raises `UsageProblem` before any work
    if the configuration cannot run; KeyboardInterrupt (Ctrl-C, SIGTERM) leaves a state that
    `--resume` completes. `notify(message)` hears of problems the run recovered from (a
    worker process that died and was replaced)."""
    check(config)
    target = _target(config, stdout)
    totals = Totals()
    live, previous = target.start(config.resume)
    work = getattr(target, "work", None)
    if work is not None:
        try:
            work.same_options(run_options(config), config.resume)
        except (UsageProblem, OutputLost):
            target.abort()
            raise
    items = read_inputs(config.inputs, config.read, stdin)
    planned = _plan(items, read_entries(previous) if previous else None, target)
    try:
        with _sigterm_interrupts(), Journal(live) as journal:
            work = functools.partial(_work, url_field=config.read.url_field)
            clean = learn_boilerplate(config).clean  # pass 1, when the inputs are a corpus
            stream = clean_in_order(planned, work, clean, config.filters, config.jobs, notify=notify)
            with contextlib.closing(stream):
                for (item, done, before), cleaned in stream:
                    if done is not None:
                        target.reuse(done.row)
                        _append(journal, done.line)
                        totals.add(done.row, item.size, skipped=True)
                    else:
                        manifest_row, output_line = _finish(item, cleaned, target)
                        if before is not None and before.row.get("input") == item.input:
                            target.discard(before.row, manifest_row)
                        _append(journal, entry_line(manifest_row, output_line))
                        totals.add(manifest_row, item.size)
                    if on_document is not None:
                        on_document(totals)
    except BaseException:
        target.abort()
        raise
    target.finish(live, config.resume)
    return totals


def _append(journal: Journal, line: bytes) -> None:
    try:
        journal.append(line)
    except JournalLost as error:
        raise OutputLost(f"{error.filename} was removed during the run (was the output directory deleted?)") from None
    except OSError as error:
        if error.errno in _DESTINATION_ERRNOS:
            raise OutputLost(f"cannot write {journal.path}: {os_reason(error)}") from None
        raise


def learn_boilerplate(config: RunConfig) -> RunConfig:
    """`config` with the corpus's frequent lines in `config.clean.boilerplate`, from a first
    pass over the inputs (`cleaner.boilerplate.frequent_in_corpus`). Inputs are read again by the
    second pass, so a resumed run learns the same set as the run it completes. Nothing to
    learn from stdin (it cannot be read twice) nor from a single document."""
    if config.boilerplate_min_docs < MIN_CORPUS_DOCS or not _many_documents(config):
        return config
    items = read_inputs(config.inputs, config.read)
    documents = (item.data for item in items if item.data is not None)
    common = frequent_in_corpus(documents, config.clean, config.boilerplate_min_docs, config.jobs)
    return replace(config, clean=replace(config.clean, boilerplate=common))


def _many_documents(config: RunConfig) -> bool:
    """Whether the inputs can hold more than one document and can be read twice."""
    if STDIN in config.inputs:
        return False
    if len(config.inputs) > 1 or config.read.format == "jsonl":
        return True
    path = Path(config.inputs[0])
    return path.is_dir() or path.name.lower().endswith(JSONL_SUFFIXES)


Planned = tuple[Item, "Entry | None", "Entry | None"]  # (item, its entry if done, its previous entry)


def _plan(items: Iterable[Item], previous: Iterator[Entry] | None, target) -> Iterator[Planned]:
    """Pair each item with the previous run's entry at the same position; keep that entry if
    it is the same input, unchanged (sha256), not failed or timed out (a busy machine, or a
    resume with a longer --timeout, may finish it), and its output is still there."""
    for item in items:
        before = next(previous, None) if previous is not None else None
        done = None
        if before is not None and not item.error and before.row.get("input") == item.input:
            status = before.row.get("status")
            if status not in ("failed", "timeout") and before.row.get("sha256") == item.sha256() and target.intact(before):
                done = before
        yield item, done, before


def _work(planned: Planned, url_field: str = "url"):
    item, done, _ = planned
    return None if done is not None or item.error else (item.input, item.data, origin(item, url_field))


def origin(item: Item, url_field: str = "url") -> Origin:
    """Where a document comes from, for scoped user rules: its input path (a JSONL
    document's is its file's) and the URL its JSONL record gives (`ReadConfig.url_field`)."""
    if not item.from_jsonl:
        return Origin(item.input)
    url = item.record.get(url_field) if item.record is not None else None
    return Origin(item.input.rsplit(":", 1)[0], url if isinstance(url, str) else "")


def _finish(item: Item, cleaned: Cleaned | None, target) -> tuple[dict, bytes | None]:
    manifest_row = cleaned.row if cleaned is not None else failed_row(item.input, item.error)
    if item.from_jsonl:  # the JSONL id, right after the input name
        first, *rest = manifest_row.items()
        manifest_row = dict([first, ("id", item.doc_id), *rest])
    return target.write(item, manifest_row, cleaned.text if cleaned is not None else "")


@contextlib.contextmanager
def _sigterm_interrupts():
    """SIGTERM stops a run like Ctrl-C: outputs stay whole and --resume can finish it."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        old = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def _target(config: RunConfig, stdout: BinaryIO | None):
    if config.output is None:
        return _Stdout(config, stdout)
    return _Tree(config) if config.output_format == "text" else _JsonlFile(config)


# What `--resume` may change: the time limit (a longer one may finish the documents that timed
# out, which a resume tries again), and how the run is carried out, not what it writes.
_RESUME_MAY_CHANGE = frozenset({"clean.time_limit", "jobs", "resume", "inputs", "output", "manifest"})


def run_options(config: RunConfig) -> dict[str, str]:
    """The options of a run that decide its outputs, flattened ("filters.min_chars") to a
    canonical text each (sets sorted: a set's order changes between processes)."""
    options: dict[str, str] = {}

    def canonical(value) -> str:
        if isinstance(value, (set, frozenset)):
            return "{" + ", ".join(sorted(map(canonical, value))) + "}"
        if isinstance(value, (tuple, list)):
            return "(" + ", ".join(map(canonical, value)) + ")"
        if is_dataclass(value):
            return type(value).__name__ + canonical(tuple((f.name, getattr(value, f.name)) for f in fields(value)))
        return repr(value)

    def flatten(prefix: str, value) -> None:
        # The run's own settings, one level into its parts (CleanConfig, ReadConfig, Filters).
        for part in fields(value):
            name = prefix + part.name
            inner = getattr(value, part.name)
            if not prefix and is_dataclass(inner):
                flatten(name + ".", inner)
            elif name not in _RESUME_MAY_CHANGE:
                options[name] = canonical(inner)

    flatten("", config)
    return options


# The options of a run with every default.
_DEFAULT_OPTIONS = run_options(RunConfig(inputs=()))


class _Workspace:
    """A run's work directory: the lock that keeps a second run out, temporary files, and the
    options of the run (`same_options`)."""

    def __init__(self, path: Path):
        self.path = path
        self.tmp = path / "tmp"
        self.lock = None

    def open(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        self.lock = open(self.path / "lock", "w")
        try:
            import fcntl

            fcntl.flock(self.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:
            pass
        except OSError:
            self.lock.close()
            raise UsageProblem(f"Another cleaner run is writing to {self.path.parent}.") from None
        shutil.rmtree(self.tmp, ignore_errors=True)  # temporary files of a killed run
        self.tmp.mkdir()

    def same_options(self, options: dict[str, str], resume: bool) -> None:
        """Record the run's `options` (`run_options`); a resume whose options differ from
        those of the run it completes is refused (`UsageProblem`): its documents would be
        cleaned one way and the rest another. A run that left no record (a finished one, or
        one of a version before this check) is resumed as it is; an option the record does
        not name (the interrupted version had none) counts as its default, which is how
        that version behaved."""
        record = self.path / "options.json"
        if resume and record.is_file():
            try:
                before = json.loads(record.read_text("utf-8"))
            except (OSError, ValueError):
                before = None  # unreadable: nothing to compare with
            before = {**_DEFAULT_OPTIONS, **before} if isinstance(before, dict) else options
            if before != options:
                changed = sorted(name for name in before.keys() | options.keys() if before.get(name) != options.get(name))
                shown = "; ".join(f"{name}: {before.get(name, '(none)')} -> {options.get(name, '(none)')}" for name in changed[:5])
                raise UsageProblem(
                    f"--resume: the interrupted run in {self.path.parent} used other options ({shown}). "
                    "Run it again with its options to finish it, or without --resume to start over."
                )
        try:
            atomic_write(record, json.dumps(options, sort_keys=True, indent=1), self.tmp)
        except OSError as error:
            raise OutputLost(f"cannot write {record}: {os_reason(error)}") from None

    def release(self, remove: bool) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)
        if remove:
            shutil.rmtree(self.path, ignore_errors=True)
        if self.lock is not None:
            self.lock.close()
            self.lock = None


class _Tree:
    """Text output: one file per kept document under a directory."""

    def __init__(self, config: RunConfig):
        self.root = config.output
        self.manifest = config.manifest_path
        self.work = _Workspace(self.root / ".cleaner")
        self.taken: set[str] = {"manifest.jsonl"}
        self.inputs = _inputs_below(self.root, config.inputs)

    def start(self, resume: bool) -> tuple[Path, Path | None]:
        """(the journal to write, the previous one to resume from)."""
        self.work.open()
        current = self.work.path / "resume.jsonl"
        if not resume:
            current.unlink(missing_ok=True)
            return self.manifest, None
        if current.exists():
            merge_interrupted(current, self.manifest)
        return current, self.manifest

    def intact(self, entry: Entry) -> bool:
        name = entry.row.get("output")
        if entry.row.get("status") != "ok":
            return True
        return isinstance(name, str) and _relative(name) and (self.root / name).is_file()

    def reuse(self, manifest_row: dict) -> None:
        if manifest_row.get("output"):
            self.taken.add(manifest_row["output"])

    def write(self, item: Item, manifest_row: dict, text: str) -> tuple[dict, None]:
        if manifest_row["status"] != "ok":
            return manifest_row, None
        if item.out_id is None:
            name = output_name(item.out_base, self.taken)
        else:
            name = id_output_name(item.out_base, item.out_id, self.taken)
        if not _relative(name):
            return {**manifest_row, "status": "failed", "reason": f"unsafe output name {name!r}"}, None
        if any(name == below or name.startswith(below + "/") for below in self.inputs):
            return {**manifest_row, "status": "failed", "reason": f"output {name} would overwrite an input"}, None
        if not self.work.tmp.is_dir():
            raise OutputLost(f"the output directory {self.root} was removed during the run")
        try:
            atomic_write(self.root / name, text, self.work.tmp)
        except OSError as error:
            if error.errno in _DESTINATION_ERRNOS:
                raise OutputLost(f"cannot write {self.root / name}: {os_reason(error)}") from None
            return {**manifest_row, "status": "failed", "reason": f"cannot write {name}: {os_reason(error)}"}, None
        return {**manifest_row, "output": name}, None

    def discard(self, before: dict, now: dict) -> None:
        """Remove the output a previous run wrote for a document that no longer has it."""
        name = before.get("output")
        if isinstance(name, str) and name != now.get("output") and name not in self.taken and _relative(name):
            with contextlib.suppress(OSError):
                (self.root / name).unlink()

    def abort(self) -> None:
        self.work.release(remove=False)

    def finish(self, live: Path, resume: bool) -> None:
        if resume:
            os.replace(live, self.manifest)
        self.work.release(remove=True)


class _JsonlFile:
    """JSONL output to a file, moved into place when the run is finished."""

    def __init__(self, config: RunConfig):
        self.config = config
        self.output = config.output
        self.manifest = config.manifest_path
        self.work = _Workspace(self.output.parent / f".{self.output.name}.cleaner")
        self.count = 0

    def start(self, resume: bool) -> tuple[Path, Path | None]:
        self.work.open()
        journal, current = self.work.path / "journal.jsonl", self.work.path / "resume.jsonl"
        if not resume:
            current.unlink(missing_ok=True)
            return journal, None
        if current.exists() and journal.exists():
            merge_interrupted(current, journal)
        elif current.exists():
            os.replace(current, journal)
        if not journal.exists():
            join(self.manifest, self.output, journal)  # resuming a finished run
        return current, journal

    def intact(self, entry: Entry) -> bool:
        return entry.row.get("status") != "ok" or entry.output_line is not None

    def reuse(self, manifest_row: dict) -> None:
        self.count += manifest_row.get("status") == "ok"

    def write(self, item: Item, manifest_row: dict, text: str) -> tuple[dict, bytes | None]:
        if manifest_row["status"] != "ok":
            return manifest_row, None
        self.count += 1
        manifest_row = {**manifest_row, "output": self.count}
        return manifest_row, jsonl_record(item, manifest_row, text, self.config)

    def discard(self, before: dict, now: dict) -> None:
        pass

    def abort(self) -> None:
        self.work.release(remove=False)

    def finish(self, live: Path, resume: bool) -> None:
        split(live, self.output, self.manifest, self.work.tmp)
        self.work.release(remove=True)


class _Stdout:
    """Clean text of one stdin document, or JSONL, on stdout."""

    def __init__(self, config: RunConfig, stdout: BinaryIO | None):
        self.config = config
        self.stdout = stdout or sys.stdout.buffer
        self.count = 0

    def start(self, resume: bool) -> tuple[Path | None, None]:
        return self.config.manifest_path, None

    def intact(self, entry: Entry) -> bool:
        return False

    def reuse(self, manifest_row: dict) -> None:
        pass

    def write(self, item: Item, manifest_row: dict, text: str) -> tuple[dict, None]:
        if manifest_row["status"] != "ok":
            return manifest_row, None
        if item.from_jsonl or self.config.output_format == "jsonl":
            self.count += 1
            manifest_row = {**manifest_row, "output": self.count}
            self.stdout.write(jsonl_record(item, manifest_row, text, self.config))
        else:
            manifest_row = {**manifest_row, "output": "<stdout>"}
            self.stdout.write(utf8(text))
        self.stdout.flush()
        return manifest_row, None

    def discard(self, before: dict, now: dict) -> None:
        pass

    def abort(self) -> None:
        pass

    def finish(self, live: Path | None, resume: bool) -> None:
        self.stdout.flush()


def jsonl_record(item: Item, manifest_row: dict, text: str, config: RunConfig) -> bytes:
    """The output line of a kept document: the input object with the clean text in its text
    field (the dirty text in `keep_original`), and the manifest row as "cleaner"."""
    record = dict(item.record) if item.record is not None else {config.read.id_field: item.input}
    if config.keep_original is not None:
        original = item.data if isinstance(item.data, str) else (item.data or b"").decode("utf-8", "replace")
        record[config.keep_original] = original
    record[config.read.text_field] = text
    record["cleaner"] = manifest_row
    return json_line(record)


def _inputs_below(root: Path, specs: Iterable[str]) -> tuple[str, ...]:
    """The inputs that lie inside the output directory, as paths relative to it (an output
    directory above its inputs is allowed, but no output may land on an input)."""
    base = root.resolve()
    below = []
    for spec in specs:
        if spec != STDIN:
            path = Path(spec).resolve()
            if base in path.parents:
                below.append(path.relative_to(base).as_posix())
    return tuple(below)


def _relative(name: str) -> bool:
    """True for a path that stays inside the output directory."""
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and ".." not in parts and "" not in parts
