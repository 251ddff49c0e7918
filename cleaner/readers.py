"""Reading inputs: a stream of `Item`s, one per document, in a deterministic order.

Inputs are files, directories (recursive; entries sorted so that the relative paths come out
in sorted order; hidden entries skipped; symbolic links to directories followed unless they
lead back to an ancestor), `.gz` files (decompressed transparently), JSONL files
(`.jsonl`, `.ndjson`, optionally `.gz`; one document per line) and stdin (`-`; text, HTML or
JSONL, sniffed from the first line).

Nothing here raises on bad input: a file that cannot be read, a broken gzip stream, a line
that is not a JSON object, a missing or non-string text field, a symlink loop or a file name
that is not UTF-8 each becomes one `Item` with `error` set, which the run records as a
`failed` manifest row. Only one document is held at a time; a JSONL file is read line by line.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import itertools
import json
import os
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

STDIN = "-"
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
# What a broken or truncated gzip stream raises.
_GZIP_ERRORS = (OSError, EOFError, zlib.error)
_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean"}


@dataclass(frozen=True, slots=True)
class ReadConfig:
    """How inputs are read.

    - `format`: "jsonl" reads every input (and stdin) as JSONL; "auto", "text" and "html"
      read files named `*.jsonl`/`*.jsonl.gz` as JSONL, stdin as JSONL when its first line is
      a JSON object, and everything else as one document per file.
    - `text_field`, `id_field`: the JSONL fields holding the document and its id.
    - `url_field`: the JSONL field holding the document's URL (for site-scoped user rules).
    """

    format: str = "auto"
    text_field: str = "text"
    id_field: str = "id"
    url_field: str = "url"


@dataclass(frozen=True, slots=True)
class Item:
    """One input document, as read.

    - `input`: its name in the manifest: the path relative to its input root ("sub/a.html"),
      or for a JSONL document the file and line ("part-1.jsonl:17").
    - `data`: the document (bytes from a file, str from a JSONL field); None when `error`.
    - `error`: why it could not be read; the manifest row is then `failed` with this reason.
    - `out_base`, `out_id`: how its output file is named: `out_base` minus its extension plus
      ".txt" for a file (`out_id` None); `out_base/<out_id>.txt` for a JSONL document.
    - `doc_id`: the JSONL id as given (str or number), or None.
    - `record`: the JSONL object, kept for `--output-format jsonl`.
    - `size`: bytes of the input file this document took (compressed for .gz), for
      progress and throughput.
    - `from_jsonl`: read from a JSONL line (its manifest row gets an "id").
    """

    input: str
    data: bytes | str | None = None
    error: str = ""
    out_base: str = ""
    out_id: str | None = None
    doc_id: str | int | float | None = None
    record: dict | None = None
    size: int = 0
    from_jsonl: bool = False

    def sha256(self) -> str:
        """The SHA-256 that `clean_document` reports for `data` (the manifest's `sha256`)."""
        if self.data is None:
            return ""
        raw = self.data.encode("utf-8", "surrogatepass") if isinstance(self.data, str) else self.data
        return hashlib.sha256(raw).hexdigest()


def read_inputs(specs: Iterable[str], config: ReadConfig, stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Every document of every input, in order: inputs as given, directories sorted."""
    for spec in specs:
        if spec == STDIN:
            yield from read_stdin(stdin, config)
            continue
        path = Path(spec)
        if path.is_dir():
            for found in walk(path):
                if isinstance(found, Item):
                    yield found
                else:
                    yield from read_path(*found, config)
        elif path.exists() or path.is_symlink():
            yield from read_path(path, path.name, config)
        else:
            yield Item(_display(spec), error="no such file or directory")


def input_size(specs: Iterable[str]) -> int | None:
    """Total bytes of the input files (for a progress ETA); None when stdin is among them."""
    total = 0
    for spec in specs:
        if spec == STDIN:
            return None
        path = Path(spec)
        for found in walk(path) if path.is_dir() else [(path, path.name)]:
            if not isinstance(found, Item):
                try:
                    total += found[0].stat().st_size
                except OSError:
                    pass
    return total


def walk(root: Path) -> Iterator[tuple[Path, str] | Item]:
    """`(path, relative name)` of the files under `root`, sorted by relative name, or an
    error `Item` for a directory that cannot be listed or a symlink loop.

    Sorting each directory's entries with a "/" after directory names gives the order of a
    global sort of the relative paths while holding only the listings of the directories on
    the current path, never the whole tree.
    """
    try:
        ancestor = _identity(root)
    except OSError as error:
        yield Item(_display(str(root)), error=os_reason(error))
        return
    yield from _walk_dir(root, "", frozenset({ancestor}))


def _walk_dir(path: Path, rel: str, ancestors: frozenset) -> Iterator[tuple[Path, str] | Item]:
    try:
        with os.scandir(path) as entries:
            listing = [(entry.name, _is_dir(entry)) for entry in entries if not entry.name.startswith(".")]
    except OSError as error:
        yield Item(_display(rel or str(path)), error=f"cannot list directory: {os_reason(error)}")
        return
    for name, is_dir in sorted(listing, key=lambda e: e[0] + "/" if e[1] else e[0]):
        child, child_rel = path / name, f"{rel}/{name}" if rel else name
        if not is_dir:
            special = _special_kind(child)
            yield Item(_display(child_rel), error=f"not a regular file but {special}") if special else (child, child_rel)
            continue
        try:
            identity = _identity(child)
        except OSError as error:
            yield Item(_display(child_rel), error=os_reason(error))
            continue
        if identity in ancestors:
            yield Item(_display(child_rel), error="symlink loop: the directory link leads back to a directory above it")
            continue
        yield from _walk_dir(child, child_rel, ancestors | {identity})


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows symbolic links
    except OSError:
        return False  # reading it will say what is wrong


def _special_kind(path: Path) -> str:
    """"a named pipe" etc. for what a directory walk must not read (a FIFO would block)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return ""  # reading it will say what is wrong
    for test, kind in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device")):
        if test(mode):
            return kind
    return ""


def _identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


def read_path(path: Path, name: str, config: ReadConfig) -> Iterator[Item]:
    """The documents of one input file whose manifest name is `name`: one, or one per line
    of a JSONL file (named "`name`:N")."""
    if not _is_utf8(name):
        yield Item(_display(name), error="file name is not valid UTF-8")
        return
    if config.format == "jsonl" or name.endswith(JSONL_SUFFIXES):
        yield from _read_jsonl_file(path, name, config)
        return
    try:
        raw = path.read_bytes()
    except OSError as error:
        yield Item(name, error=os_reason(error))
        return
    gzipped = name.endswith(".gz")
    base = name[: -len(".gz")] if gzipped else name
    if gzipped:
        try:
            data = gzip.decompress(raw)
        except _GZIP_ERRORS as error:
            yield Item(name, error=f"broken gzip: {_gzip_reason(error)}", size=len(raw))
            return
    else:
        data = raw
    yield Item(name, data=data, out_base=base, size=len(raw))


def _read_jsonl_file(path: Path, name: str, config: ReadConfig) -> Iterator[Item]:
    prefix = _strip_suffixes(name)
    try:
        raw = path.open("rb")
    except OSError as error:
        yield Item(name, error=os_reason(error))
        return
    with raw:
        handle = gzip.GzipFile(fileobj=raw, mode="rb") if name.endswith(".gz") else raw
        yield from read_jsonl(handle, name, prefix, config, raw.tell)


def read_jsonl(
    lines: Iterable[bytes], name: str, prefix: str, config: ReadConfig, position: Callable[[], int] | None = None
) -> Iterator[Item]:
    """One `Item` per non-blank line of a JSONL stream. A read error (a broken gzip stream)
    ends the file with one failed `Item` that names the line where reading stopped."""
    n, last = 0, position() if position else 0
    iterator = iter(lines)
    while True:
        try:
            line = next(iterator)
        except StopIteration:
            return
        except _GZIP_ERRORS as error:
            kind = "broken gzip" if isinstance(error, (EOFError, zlib.error, gzip.BadGzipFile)) else "read error"
            reason = f"{name} line {n + 1}: {kind}: {_gzip_reason(error)}; the rest of the file is not read"
            yield Item(f"{name}:{n + 1}", error=reason, from_jsonl=True)
            return
        n += 1
        if position:
            now = position()
            size, last = now - last, now
        else:
            size = len(line)
        if line.strip():
            yield _jsonl_item(line, n, name, prefix, config, size)


def _jsonl_item(line: bytes, n: int, name: str, prefix: str, config: ReadConfig, size: int) -> Item:
    where = f"{name}:{n}"
    try:
        record = json.loads(line)
    except ValueError as error:
        return Item(where, error=f"{name} line {n}: malformed JSON ({_json_reason(error)})", size=size, from_jsonl=True)
    if not isinstance(record, dict):
        kind = _JSON_TYPES.get(type(record), "null")
        return Item(where, error=f"{name} line {n}: not a JSON object but {kind}", size=size, from_jsonl=True)
    doc_id = record.get(config.id_field)
    if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int, float)):
        doc_id = None
    text = record.get(config.text_field)
    if not isinstance(text, str):
        problem = f'no "{config.text_field}" field' if config.text_field not in record else (
            f'field "{config.text_field}" is {_JSON_TYPES.get(type(text), "null")}, not a string'
        )
        return Item(where, error=f"{name} line {n}: {problem}", doc_id=doc_id, size=size, from_jsonl=True)
    out_id = str(doc_id) if doc_id is not None else f"line-{n}"
    return Item(where, data=text, out_base=prefix, out_id=out_id, doc_id=doc_id, record=record, size=size, from_jsonl=True)


def read_stdin(stream: BinaryIO | None, config: ReadConfig) -> Iterator[Item]:
    """Stdin as JSONL (`--format jsonl`, or a first line that is a JSON object) or as one
    document named "<stdin>" (output `stdin.txt`)."""
    if stream is None:
        import sys

        stream = sys.stdin.buffer
    first = stream.readline()
    if config.format == "jsonl" or (config.format == "auto" and _is_json_object(first)):
        yield from read_jsonl(itertools.chain([first], stream), "<stdin>", "", config)
    else:
        data = first + stream.read()
        yield Item("<stdin>", data=data, out_base="stdin", size=len(data))


def _is_json_object(line: bytes) -> bool:
    if not line.lstrip().startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _strip_suffixes(name: str) -> str:
    """The output directory of a JSONL file's documents: its name without .gz and .jsonl.

    >>> _strip_suffixes("a/part-1.jsonl.gz"), _strip_suffixes("b.ndjson"), _strip_suffixes("c")
    ('a/part-1', 'b', 'c')
    """
    base = name[: -len(".gz")] if name.endswith(".gz") else name
    head, _, last = base.rpartition("/")
    stem = last.rsplit(".", 1)[0] if "." in last else last
    return f"{head}/{stem}" if head else stem


def os_reason(error: OSError) -> str:
    """A short, lower-case reason for an OSError.

    >>> os_reason(PermissionError(errno.EACCES, "Permission denied"))
    'permission denied'
    """
    if error.errno == errno.ELOOP:
        return "symlink loop (too many levels of symbolic links)"
    if error.errno == errno.ENOENT and error.filename and os.path.islink(error.filename):
        return "dangling symlink (its target does not exist)"
    text = error.strerror or str(error)
    return text[:1].lower() + text[1:]


def _gzip_reason(error: BaseException) -> str:
    if isinstance(error, EOFError):
        return "the file is truncated"
    return str(error) or type(error).__name__


def _json_reason(error: ValueError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} at column {error.colno}"
    if isinstance(error, UnicodeDecodeError):
        return "not valid UTF-8"
    return str(error)


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _display(name: str) -> str:
    """A name that is always valid UTF-8: undecodable bytes shown as \\xNN."""
    return name if _is_utf8(name) else os.fsencode(name).decode("utf-8", "backslashreplace")
