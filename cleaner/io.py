"""Bytes to disk: naming outputs, writing files atomically, encoding JSON lines.

Outputs are written to a temporary file and moved into place with `os.replace`, so a reader
(or a crash, even `kill -9`) never sees half a file. Reading inputs is `cleaner.readers`.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _file_mode()
_SURROGATE = re.compile("[\ud800-\udfff]")
# Characters kept in a file name made from a document id; everything else becomes "_".
_UNSAFE = re.compile(r"[^\w.\-]", re.ASCII)
_MAX_ID_CHARS = 120


def output_name(name: str, taken: set[str]) -> str:
    """`rel/name.ext` -> `rel/name.txt`; a name already taken keeps its extension.

    >>> taken = set()
    >>> output_name("a/b.html", taken), output_name("a/b.txt", taken)
    ('a/b.txt', 'a/b.txt.txt')
    """
    stem = name.rsplit(".", 1)[0] if "." in name.rsplit("/", 1)[-1] else name
    candidate = f"{stem}.txt"
    if candidate in taken:
        candidate = f"{name}.txt"
    return _unique(candidate, stem, taken)


def id_output_name(prefix: str, doc_id: str, taken: set[str]) -> str:
    """The output file of a JSONL document: `prefix/<safe id>.txt`, never outside `prefix`,
    never a name already taken (a later document gets `.2`, `.3`, ...).

    >>> taken = set()
    >>> id_output_name("part-1", "../../etc/passwd", taken)
    'part-1/_.._.._etc_passwd.txt'
    >>> id_output_name("part-1", "/abs/x y", taken), id_output_name("part-1", "_abs_x_y", taken)
    ('part-1/_abs_x_y.txt', 'part-1/_abs_x_y.2.txt')
    """
    stem = f"{prefix}/{safe_file_name(doc_id)}" if prefix else safe_file_name(doc_id)
    return _unique(f"{stem}.txt", stem, taken)


def safe_file_name(text: str) -> str:
    """One path component made from arbitrary text: ASCII letters, digits, `.`, `-` and `_`,
    not hidden, not `.`/`..`, at most 120 characters.

    >>> safe_file_name("../x"), safe_file_name(".."), safe_file_name(""), safe_file_name("über/ß")
    ('_.._x', '_..', '_', '_ber__')
    """
    name = _UNSAFE.sub("_", text)[:_MAX_ID_CHARS]
    return f"_{name}" if not name or name.startswith(".") else name


def _unique(candidate: str, stem: str, taken: set[str]) -> str:
    n = 2
    while candidate in taken:
        candidate = f"{stem}.{n}.txt"
        n += 1
    taken.add(candidate)
    return candidate


def utf8(text: str) -> bytes:
    """UTF-8 bytes of `text`; lone surrogates (from JSON `\\ud800` escapes) become U+FFFD."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text).encode("utf-8")


def json_line(obj: object) -> bytes:
    """One JSONL line (with its newline): compact, non-ASCII kept readable. An object holding
    lone surrogates falls back to ASCII escapes, which JSON can represent and UTF-8 cannot."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        return json.dumps(obj, separators=(",", ":")).encode("ascii") + b"\n"


def atomic_write(path: Path, data: str | bytes, tmp_dir: Path | None = None) -> None:
    """Write `data` to `path` through a temporary file (in `tmp_dir`, default beside `path`,
    on the same file system) and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = utf8(data) if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=tmp_dir or path.parent)
    try:
        os.fchmod(fd, _FILE_MODE)  # mkstemp makes 0600 files; outputs are ordinary files
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_all(fd: int, data: bytes) -> None:
    """`os.write` until every byte is written (a write to a regular file may be short)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
