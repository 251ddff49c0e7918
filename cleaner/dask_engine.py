"""`cleaner` on a Dask cluster: the same per-document code, the same outputs, byte for byte.

    cleaner clean IN -o OUT --engine dask --scheduler tcp://host:8786

Three stages, each a function of one bag partition, so each runs where the data is:

1. read (`read_bag`): the client lists the inputs (names and sizes, never the contents) in
   the order of the local engine (`cleaner.readers`), cuts the list into partitions, and
   each worker reads its own files through fsspec (local paths, `memory://`, `s3://` with
   s3fs, `gs://` with gcsfs, ...). A JSONL file is one partition of its own.
2. clean (`clean_bag`): `cleaner.runner.clean_one` on every document, the function the
   local engine's worker processes run, so the same filters and per-document guards apply.
3. write (`write_bag`): each worker writes the clean texts of its partition to a staging
   area under the output (`OUT/.cleaner/dask/`) and returns only the manifest rows. The
   client takes the partitions' rows in input order, a bounded window at a time, names
   each output exactly as the local engine does (names depend on earlier documents: two
   inputs `a.html` and `a.txt` both want `a.txt`, and only kept documents take a name),
   moves the staged file to its name (a rename on a local or shared file system), and
   appends the row to `manifest.jsonl`. The clean texts never pass through the client.

The corpus-wide repeated-line pass (`cleaner.boilerplate`) runs between stages 1 and 2 as a
map-reduce (`frequent_lines`): line hashes counted per partition of the read bag, the counts
merged in a tree on the cluster (`Bag.reduction`), the frozenset of frequent hashes computed
once and put in the `CleanConfig` every document is cleaned with, as the local engine does.
The read stage is lazy, so the documents are read twice and never held.

Dask is optional (`pip install cleaner[dask]`): this module imports it only when called,
and `require_dask` names the extra when it is missing.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import shutil
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from cleaner.boilerplate import DEFAULT_MIN_DOCS, MIN_CORPUS_DOCS, frequent, hash_batch, merge
from cleaner.config import DEFAULT_CONFIG, CleanConfig
from cleaner.corpus import RunConfig, UsageProblem, _inputs_below, _many_documents, _relative, _sigterm_interrupts, _Workspace, check, origin
from cleaner.io import atomic_write, id_output_name, json_line, output_name, utf8
from cleaner.journal import Journal
from cleaner.manifest import Totals, failed_row
from cleaner.readers import (
    _GZIP_ERRORS,
    JSONL_SUFFIXES,
    STDIN,
    Item,
    ReadConfig,
    _display,
    _gzip_reason,
    _is_utf8,
    _strip_suffixes,
    os_reason,
    read_jsonl,
    read_path,
    walk,
)
from cleaner.runner import Cleaned, Filters, clean_one

INSTALL_HINT = "the dask engine needs Dask: pip install 'cleaner[dask]'"
FILES_PER_PARTITION = 64
BYTES_PER_PARTITION = 32 << 20
STAGING = ".cleaner/dask"


def require_dask() -> None:
    """Raise `UsageProblem` naming the extra to install when Dask, distributed or fsspec is
    missing (the CLI shows it as a usage error)."""
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
        import fsspec  # noqa: F401
    except ImportError as error:
        raise UsageProblem(f"{INSTALL_HINT} ({error.name} is not installed)") from None


# ------------------------------------------------------------------------------------------
# 1. read


@dataclass(frozen=True, slots=True)
class Source:
    """One input file as listed on the client: where it is and its name in the manifest.
    `url` is None for a local path (read with `cleaner.readers`, exactly as the local engine
    reads it); `error` makes it a failed document without reading."""

    name: str
    path: str = ""
    url: str | None = None
    size: int = 0
    error: str = ""

    @property
    def jsonl(self) -> bool:
        return self.name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"))


def list_sources(specs: Iterable[str], read: ReadConfig = ReadConfig()) -> Iterator[Source]:
    """The input files in the local engine's order (inputs as given, each directory as a
    sorted walk with hidden entries skipped), without reading them."""
    for spec in specs:
        if spec == STDIN:
            raise UsageProblem('the dask engine reads files and URLs, not stdin ("-").')
        if _is_url(spec):
            yield from _list_url(spec)
            continue
        path = Path(spec)
        if path.is_dir():
            for found in walk(path):
                if isinstance(found, Item):
                    yield Source(found.input, error=found.error)
                else:
                    yield Source(found[1], path=str(found[0]), size=_size(found[0]))
        elif path.exists() or path.is_symlink():
            yield Source(path.name, path=spec, size=_size(path))
        else:
            yield Source(_display(spec), error="no such file or directory")


def _is_url(spec: str) -> bool:
    protocol, sep, _ = spec.partition("://")
    return bool(sep) and protocol not in ("file", "local")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _list_url(url: str) -> Iterator[Source]:
    import fsspec

    fs, root = fsspec.core.url_to_fs(url)
    try:
        if not fs.isdir(root):
            info = fs.info(root)
            yield Source(posixpath.basename(root.rstrip("/")), path=root, url=fs.unstrip_protocol(root), size=info.get("size") or 0)
            return
        found = fs.find(root, detail=True)
    except FileNotFoundError:
        yield Source(url, error="no such file or directory")
        return
    except OSError as error:
        yield Source(url, error=f"cannot list: {os_reason(error)}")
        return
    prefix = root.rstrip("/") + "/"
    entries = []
    for path, info in found.items():
        rel = path[len(prefix) :] if path.startswith(prefix) else posixpath.basename(path)
        if info.get("type", "file") == "file" and not any(part.startswith(".") for part in rel.split("/")):
            entries.append((rel, path, info.get("size") or 0))
    for rel, path, size in sorted(entries):  # the order of `readers.walk`: sorted relative paths
        yield Source(rel, path=path, url=fs.unstrip_protocol(path), size=size)


def partitions(sources: Iterable[Source], files: int = FILES_PER_PARTITION, size: int = BYTES_PER_PARTITION) -> Iterator[list[Source]]:
    """Consecutive runs of sources, closed at `files` files or `size` bytes; a JSONL file
    (many documents) is a partition of its own."""
    part: list[Source] = []
    total = 0
    for source in sources:
        if source.jsonl and not source.error:
            if part:
                yield part
            yield [source]
            part, total = [], 0
            continue
        part.append(source)
        total += source.size
        if len(part) >= files or total >= size:
            yield part
            part, total = [], 0
    if part:
        yield part


def read_partition(sources: list[Source], read: ReadConfig) -> list[Item]:
    """The documents of a partition's files (on a worker)."""
    items: list[Item] = []
    for source in sources:
        if source.error:
            items.append(Item(source.name, error=source.error))
        elif source.url is None:
            items.extend(read_path(Path(source.path), source.name, read))
        else:
            items.extend(_read_url(source, read))
    return items


def _read_url(source: Source, read: ReadConfig) -> Iterator[Item]:
    """`readers.read_path` through fsspec."""
    import gzip

    import fsspec

    name = source.name
    if not _is_utf8(name):
        yield Item(_display(name), error="file name is not valid UTF-8")
        return
    fs, path = fsspec.core.url_to_fs(source.url)
    if read.format == "jsonl" or source.jsonl:
        try:
            handle = fs.open(path, "rb")
        except OSError as error:
            yield Item(name, error=os_reason(error))
            return
        with handle:
            lines = gzip.GzipFile(fileobj=handle, mode="rb") if name.endswith(".gz") else handle
            yield from read_jsonl(lines, name, _strip_suffixes(name), read, handle.tell)
        return
    try:
        raw = fs.cat_file(path)
    except OSError as error:
        yield Item(name, error=os_reason(error))
        return
    base = name[: -len(".gz")] if name.endswith(".gz") else name
    data = raw
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(raw)
        except _GZIP_ERRORS as error:
            yield Item(name, error=f"broken gzip: {_gzip_reason(error)}", size=len(raw))
            return
    yield Item(name, data=data, out_base=base, size=len(raw))


def read_bag(inputs: Iterable[str], read: ReadConfig = ReadConfig(), files_per_partition: int | None = None):
    """A bag of `cleaner.readers.Item`, one per input document, in input order. The client
    lists the files; each partition's files are read by the worker that computes it.

    `inputs`: local paths and fsspec URLs (files or directories, JSONL files, .gz)."""
    require_dask()
    import dask
    import dask.bag as db

    files = files_per_partition or FILES_PER_PARTITION
    parts = [dask.delayed(read_partition, pure=True)(part, read) for part in partitions(list_sources(inputs, read), files)]
    if not parts:
        return db.from_sequence([], npartitions=1)
    return db.from_delayed(parts)


# ------------------------------------------------------------------------------------------
# 2. clean


@dataclass(frozen=True, slots=True)
class CleanedDoc:
    """One document after cleaning: its manifest row (the output not yet named), the clean
    text ("" unless the status is "ok"), and what names its output.

    `staged` is set by the write stage: where the text waits for its name (the text is then
    dropped, so only rows travel to the client)."""

    row: dict
    text: str
    out_base: str
    out_id: str | None = None
    size: int = 0
    staged: str | None = None


def clean_item(item: Item | tuple, config: CleanConfig = DEFAULT_CONFIG, filters: Filters = Filters(), url_field: str = "url") -> CleanedDoc:
    """Clean one document: an `Item` (as `read_bag` gives) or a `(name, bytes | str)` pair.
    User rules scoped to sites see the URL in the JSONL field `url_field`."""
    if not isinstance(item, Item):
        name, data = item
        item = Item(name, data=data, out_base=name, size=len(data))
    if item.error:
        manifest_row, text = failed_row(item.input, item.error), ""
    else:
        cleaned: Cleaned = clean_one(item.input, item.data, config, filters, origin(item, url_field))
        manifest_row, text = cleaned.row, cleaned.text
    if item.from_jsonl:  # the JSONL id, right after the input name (as `corpus._finish` does)
        first, *rest = manifest_row.items()
        manifest_row = dict([first, ("id", item.doc_id), *rest])
    return CleanedDoc(manifest_row, text, item.out_base, item.out_id, item.size)


def clean_partition(items: list, config: CleanConfig, filters: Filters, url_field: str = "url") -> list[CleanedDoc]:
    return [clean_item(item, config, filters, url_field) for item in items]


def frequent_lines(items, config: CleanConfig = DEFAULT_CONFIG, min_docs: int = DEFAULT_MIN_DOCS):
    """Pass 1 of the repeated-line pass as a map-reduce on the cluster: per partition, the
    number of documents each line hash occurs in (`cleaner.boilerplate.hash_batch`, the same
    hashes as a local run), added up in a tree (`merge`; addition commutes, so the result does
    not depend on partitioning or order), then the frozenset of hashes in at least `min_docs`
    documents. A lazy dask object: `.compute()` gives the set to put in
    `CleanConfig.boilerplate`. The reduction holds every distinct line hash of the corpus
    (about 100 bytes each) on one worker at its last step."""
    require_dask()
    from dask import delayed

    counts = items.reduction(partial(_partition_counts, config=config), _merge_counts, split_every=8)
    return delayed(frequent, pure=True)(counts, min_docs)


def _corpus_inputs(config: RunConfig) -> bool:
    """Whether the inputs hold many documents, as `cleaner.corpus` decides for local paths;
    a single URL counts when it is a directory or a JSONL file."""
    if len(config.inputs) == 1 and _is_url(config.inputs[0]):
        import fsspec

        url = config.inputs[0]
        fs, path = fsspec.core.url_to_fs(url)
        return config.read.format == "jsonl" or url.lower().endswith(JSONL_SUFFIXES) or fs.isdir(path)
    return _many_documents(config)


def _partition_counts(items, config: CleanConfig):
    return Counter(hash_batch([item.data for item in items if item.data is not None], config).tolist())


def _merge_counts(partials):
    return merge(*partials)


def clean_bag(documents, config: CleanConfig = DEFAULT_CONFIG, filters: Filters = Filters(), url_field: str = "url"):
    """A bag of `CleanedDoc` from a bag of documents (`Item`s from `read_bag`, or
    `(name, bytes | str)` pairs), partition for partition, order kept.

    The repeated-line pass comes in through `config.boilerplate` (see `frequent_lines`)."""
    require_dask()
    return documents.map_partitions(clean_partition, config, filters, url_field)


# ------------------------------------------------------------------------------------------
# 3. write


class Output:
    """The output directory or URL: where workers stage texts and the client moves them."""

    def __init__(self, output: str):
        self.url = output
        self.local = not _is_url(output)
        if self.local:
            self.root = Path(output.removeprefix("file://"))
            self.fs = None
        else:
            import fsspec

            self.fs, self.root_path = fsspec.core.url_to_fs(output)

    def join(self, name: str) -> str:
        if self.local:
            return str(self.root / name)
        return self.fs.unstrip_protocol(posixpath.join(self.root_path, name))

    def staging(self) -> str:
        return self.join(STAGING)

    def move_all(self, named: list[tuple[dict, str | None, str | None]]) -> list[dict]:
        """Move each staged file to its name; the rows, with "output" set, or "failed" with
        the reason when the move failed. On an object store the moves of a partition go in
        one call (server-side copies, concurrent where the file system is async)."""
        moves = [(staged, name) for _, staged, name in named if name is not None]
        done = set()
        if moves and not self.local:
            try:
                targets = [posixpath.join(self.root_path, name) for _, name in moves]
                for parent in sorted({posixpath.dirname(t) for t in targets}):
                    self.fs.makedirs(parent, exist_ok=True)
                self.fs.mv([self._path(staged) for staged, _ in moves], targets)
                done = {name for _, name in moves}
            except OSError:
                pass  # one at a time below, to say which failed
        rows = []
        for manifest_row, staged, name in named:
            if name is None:
                rows.append(manifest_row)
                continue
            try:
                if name not in done:
                    self.move(staged, name)
            except OSError as error:
                rows.append({**manifest_row, "status": "failed", "reason": f"cannot write {name}: {os_reason(error)}"})
                continue
            rows.append({**manifest_row, "output": name})
        return rows

    def move(self, staged: str, name: str) -> None:
        if self.local:
            target = self.root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
        else:
            target = posixpath.join(self.root_path, name)
            self.fs.makedirs(posixpath.dirname(target), exist_ok=True)
            self.fs.mv(self._path(staged), target)

    def _path(self, url: str) -> str:
        import fsspec

        return fsspec.core.url_to_fs(url)[1]

    def remove_staging(self) -> None:
        if self.local:
            shutil.rmtree(self.staging(), ignore_errors=True)
        elif self.fs.exists(posixpath.join(self.root_path, STAGING)):
            self.fs.rm(posixpath.join(self.root_path, STAGING), recursive=True)


def stage_partition(docs: list[CleanedDoc], staging: str) -> list[CleanedDoc]:
    """Write the kept texts of a partition under `staging` (on a worker); return the
    documents without their texts. A fresh directory per call: a task that Dask runs again
    (its worker died) never collides with the first attempt's files."""
    import uuid

    out = []
    folder = f"{staging}/{uuid.uuid4().hex}"
    for n, doc in enumerate(docs):
        if doc.row["status"] != "ok":
            out.append(replace(doc, text=""))
            continue
        where = f"{folder}/{n:06d}.txt"
        try:
            if _is_url(where):
                import fsspec

                fs, path = fsspec.core.url_to_fs(where)
                fs.pipe_file(path, utf8(doc.text))  # one PUT: whole or absent
            else:
                atomic_write(Path(where), doc.text)
        except OSError as error:
            failed = {**doc.row, "status": "failed", "reason": f"cannot write {where}: {os_reason(error)}"}
            out.append(replace(doc, row=failed, text=""))
            continue
        out.append(replace(doc, text="", staged=where))
    return out


def write_bag(
    cleaned,
    output: str,
    inputs: Iterable[str] = (),
    manifest: str | None = None,
    window: int | None = None,
    on_document=None,
    client=None,
) -> Totals:
    """Write a bag of `CleanedDoc` (from `clean_bag`) as the local engine's text output: one
    `OUTPUT/<rel>/<name>.txt` per kept document and `OUTPUT/manifest.jsonl` in bag order.
    `inputs` (local paths) guard against an output overwriting an input below `output`.
    Runs on `client` (default: the current distributed client, else Dask's default
    scheduler) with at most `window` partitions in flight."""
    require_dask()
    target = Output(output)
    staging = target.staging()
    staged = cleaned.map_partitions(stage_partition, staging)
    totals = Totals()
    taken: set[str] = {"manifest.jsonl"}
    below = _inputs_below(target.root, [s for s in inputs if not _is_url(s)]) if target.local else ()
    work = _Workspace(target.root / ".cleaner") if target.local else None
    if work is not None:
        work.open()
    target.remove_staging()  # left by an interrupted run whose workers were still writing
    finished = False
    try:
        with _Manifest(manifest or target.join("manifest.jsonl")) as rows, contextlib.closing(
            _in_order(staged, window, client)
        ) as parts:
            for part in parts:
                named = [_name(doc, taken, below) for doc in part]
                for doc, manifest_row in zip(part, target.move_all(named)):
                    rows.append(json_line(manifest_row))
                    totals.add(manifest_row, doc.size)
                    if on_document is not None:
                        on_document(totals)
        finished = True
    finally:
        target.remove_staging()
        if work is not None:
            work.release(remove=finished)
    return totals


def _name(doc: CleanedDoc, taken: set[str], below: tuple[str, ...]) -> tuple[dict, str | None, str | None]:
    """`(row, staged file, output name)`: the output named as `corpus._Tree.write` names it
    (name None: no output, and the row says why)."""
    manifest_row = doc.row
    if manifest_row["status"] != "ok":
        return manifest_row, None, None
    if doc.out_id is None:
        name = output_name(doc.out_base, taken)
    else:
        name = id_output_name(doc.out_base, doc.out_id, taken)
    if not _relative(name):
        return {**manifest_row, "status": "failed", "reason": f"unsafe output name {name!r}"}, None, None
    if any(name == b or name.startswith(b + "/") for b in below):
        return {**manifest_row, "status": "failed", "reason": f"output {name} would overwrite an input"}, None, None
    return manifest_row, doc.staged, name


class _Manifest:
    """manifest.jsonl, appended in input order: through `cleaner.journal.Journal` (the local
    engine's writer) on a local path, through one fsspec stream (object stores publish it
    whole when it is closed) on a URL."""

    def __init__(self, path: str):
        self.journal = self.stream = None
        if _is_url(path):
            import fsspec

            self.stream = fsspec.open(path, "wb").open()
        else:
            self.journal = Journal(Path(path))

    def append(self, line: bytes) -> None:
        if self.journal is not None:
            self.journal.append(line)
        else:
            self.stream.write(line)

    def close(self) -> None:
        if self.journal is not None:
            self.journal.close()
        else:
            self.stream.close()

    def __enter__(self) -> _Manifest:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _in_order(bag, window: int | None, client=None) -> Iterator[list]:
    """The partitions of `bag`, computed in order: on the current distributed client when
    there is one, else with Dask's default scheduler, `window` partitions at a time.

    On a cluster each partition is submitted on its own (its part of the optimized graph,
    found by walking its dependencies: O(partition) work each), earlier partitions with
    higher priority, at most `window` in flight (default 4 per worker): rows come back in
    input order as they are computed and wait on the cluster for the client only that long.
    (Given the whole graph at once, the scheduler started from the last partition.)"""
    client = client or _current_client()
    if client is None:
        import dask

        parts = bag.to_delayed(optimize_graph=True)
        window = window or 4
        for start in range(0, len(parts), window):
            yield from dask.compute(*parts[start : start + window])
        return
    keys = bag.__dask_keys__()
    graph = dict(bag.__dask_optimize__(bag.__dask_graph__(), keys))
    window = window or max(4, 4 * len(client.scheduler_info().get("workers", {})))
    pending: deque = deque()
    try:
        for index, key in enumerate(keys):
            pending.append(client.get(_needed(graph, key), key, sync=False, priority=-index))
            if len(pending) >= window:
                yield pending[0].result()
                pending.popleft()
        while pending:
            yield pending[0].result()
            pending.popleft()
    finally:  # interrupted: no work for rows nobody will write
        client.cancel(list(pending))


def _needed(graph: dict, key) -> dict:
    """The part of `graph` that computes `key`."""
    from dask.core import get_dependencies

    needed, todo = {}, [key]
    while todo:
        k = todo.pop()
        if k not in needed:
            needed[k] = graph[k]
            todo.extend(get_dependencies(graph, k))
    return needed


def _current_client():
    try:
        from distributed import default_client
    except ImportError:
        return None
    try:
        return default_client()
    except ValueError:
        return None


# ------------------------------------------------------------------------------------------
# the CLI's run


def run(config: RunConfig, output: str, scheduler: str | None = None, on_document=None) -> Totals:
    """`cleaner clean ... --engine dask`: read, clean and write `config.inputs` on the
    cluster at `scheduler` (else $DASK_SCHEDULER_ADDRESS, else a LocalCluster of
    `config.jobs` worker processes). The result equals `cleaner.corpus.run(config)`."""
    require_dask()
    check_dask(config, output)
    with _sigterm_interrupts(), connect(scheduler, config.jobs) as client:
        items = read_bag(config.inputs, config.read)
        clean = config.clean
        if config.boilerplate_min_docs >= MIN_CORPUS_DOCS and _corpus_inputs(config):
            common = frequent_lines(items, clean, config.boilerplate_min_docs).compute()
            clean = replace(clean, boilerplate=common)
        cleaned = clean_bag(items, clean, config.filters, config.read.url_field)
        manifest = str(config.manifest) if config.manifest is not None else None
        return write_bag(cleaned, output, config.inputs, manifest=manifest, on_document=on_document, client=client)


def check_dask(config: RunConfig, output: str | None) -> None:
    """Raise `UsageProblem` for what the dask engine does not do, then the local checks."""
    if output is None or output == "-":
        raise UsageProblem("--engine dask needs -o/--output (a directory or an fsspec URL).")
    if config.output_format != "text":
        raise UsageProblem("--engine dask writes a directory tree; --output-format jsonl needs the local engine.")
    if config.resume:
        raise UsageProblem(
            "--engine dask cannot --resume; resume with the local engine (the same command without"
            " --engine dask): it reads the manifest a dask run leaves."
        )
    if STDIN in config.inputs:
        raise UsageProblem('--engine dask reads files and URLs, not stdin ("-").')
    if not _is_url(output):
        check(replace(config, output=Path(output.removeprefix("file://"))))
        return
    target = output.rstrip("/")
    for spec in config.inputs:
        if _is_url(spec) and (target == spec.rstrip("/") or target.startswith(spec.rstrip("/") + "/")):
            raise UsageProblem(f"Output {output} lies inside input {spec}; inputs are never written to.")


@contextlib.contextmanager
def connect(scheduler: str | None = None, workers: int = 2):
    """A distributed Client for a run: to `scheduler`, else $DASK_SCHEDULER_ADDRESS, else a
    LocalCluster of `workers` single-thread processes (the cleaning is pure Python: threads
    would share one GIL). Closed afterwards, with the LocalCluster."""
    from distributed import Client, LocalCluster

    address = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS") or None
    with contextlib.ExitStack() as stack:
        try:
            if address is None:
                cluster = stack.enter_context(
                    LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
                )
                client = stack.enter_context(Client(cluster))
            else:
                client = stack.enter_context(Client(address, timeout="30s"))
        except OSError as error:
            raise UsageProblem(f"cannot reach the Dask scheduler at {address}: {error}") from None
        yield client
