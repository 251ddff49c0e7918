"""Files in and out: finding inputs, naming outputs, writing atomically.

Outputs are written to a temporary file in the target directory and moved into place with
`os.replace`, so a reader (or a crash) never sees half a file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _file_mode()


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input: its path and the name relative to the input root, used for the output."""

    path: Path
    name: str


def iter_inputs(paths: list[Path]) -> Iterator[InputFile | tuple[Path, str]]:
    """Files given directly, and files under directories (recursive, sorted by path).

    Yields `InputFile`s, or `(path, message)` for an input that cannot be listed.
    Hidden files and directories (".git") under a directory are skipped.
    """
    for path in paths:
        if path.is_dir():
            yield from _walk(path)
        elif path.exists() or path.is_symlink():
            yield InputFile(path, path.name)
        else:
            yield path, "no such file or directory"


def _walk(root: Path) -> Iterator[InputFile | tuple[Path, str]]:
    errors: list[OSError] = []
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found.extend(Path(dirpath, f) for f in filenames if not f.startswith("."))
    for error in errors:
        yield Path(error.filename or root), error.strerror or str(error)
    for path in sorted(found, key=lambda p: p.relative_to(root).as_posix()):
        yield InputFile(path, path.relative_to(root).as_posix())


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
    n = 2
    while candidate in taken:
        candidate = f"{stem}.{n}.txt"
        n += 1
    taken.add(candidate)
    return candidate


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
