"""The record of a run on disk, written so that `kill -9` can never corrupt it, and read back
by `--resume`.

A journal is a JSONL file with one line per input document, in input order: the manifest row,
and for `--output-format jsonl` a tab and the output line (compact JSON never holds a raw
tab). Each line is written with a single `os.write` of the complete line to a file opened
with O_APPEND, and synced to disk once a second and at the end. An interrupted run leaves
complete lines and at most one torn last line (no newline), which readers ignore; a write
that fails part way (a full disk) is cut back to the last complete line before the error is
raised. A journal whose file is removed while open (its directory deleted during the run)
raises `JournalLost` rather than go on writing to a file nobody can see.

`--resume` reads the previous journal alongside the inputs (both in input order, so neither
is held in memory), copies the lines of documents that are done, and writes the result to a
new journal that replaces the old one at the end. If that resume is interrupted too, the
next one first merges the two: the new journal's lines, then the old journal's lines for the
documents after them (`merge_interrupted`).
"""

from __future__ import annotations

import errno
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cleaner.io import json_line, write_all

SYNC_EVERY_S = 1.0


@dataclass(frozen=True, slots=True)
class Entry:
    """One document's journal line: the manifest row, and the bytes as written."""

    row: dict
    line: bytes

    @property
    def manifest_line(self) -> bytes:
        head, tab, _ = self.line.partition(b"\t")
        return head + b"\n" if tab else self.line

    @property
    def output_line(self) -> bytes | None:
        _, tab, tail = self.line.partition(b"\t")
        return tail if tab else None


def entry_line(manifest_row: dict, output_line: bytes | None = None) -> bytes:
    """The journal line of a document (with its newline)."""
    head = json_line(manifest_row)
    return head if output_line is None else head[:-1] + b"\t" + output_line


def read_entries(path: Path) -> Iterator[Entry]:
    """The complete entries of a journal, in order; stops at a torn or unreadable line."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return
    with handle:
        for line in handle:
            if not line.endswith(b"\n"):
                return  # the torn last line of an interrupted run
            try:
                manifest_row = json.loads(line.partition(b"\t")[0])
            except ValueError:
                return
            if not isinstance(manifest_row, dict) or "input" not in manifest_row:
                return
            yield Entry(manifest_row, line)


class JournalLost(OSError):
    """The journal's file was removed while the run was writing it."""


class Journal:
    """Appends journal lines: complete lines only, synced once a second and on close."""

    def __init__(self, path: Path | None):
        """Start a new journal at `path` (None: write nothing)."""
        self.path = path
        self.fd = None
        self.synced = time.monotonic()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_TRUNC, 0o666)

    def append(self, line: bytes) -> None:
        if self.fd is None:
            return
        status = os.fstat(self.fd)
        if status.st_nlink == 0:
            raise JournalLost(errno.ENOENT, "removed during the run", str(self.path))
        try:
            write_all(self.fd, line)
        except OSError:
            os.ftruncate(self.fd, status.st_size)  # no torn line: a later reader sees whole lines only
            raise
        if time.monotonic() - self.synced >= SYNC_EVERY_S:
            os.fsync(self.fd)
            self.synced = time.monotonic()

    def close(self) -> None:
        if self.fd is not None:
            try:
                os.fsync(self.fd)
            finally:
                os.close(self.fd)
                self.fd = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, kind, error, trace) -> None:
        try:
            self.close()
        except OSError:
            if kind is None:  # else the error already on its way says more
                raise


def merge_interrupted(current: Path, previous: Path) -> None:
    """After an interrupted `--resume`: make `previous` hold `current`'s entries followed by
    `previous`'s entries past them, and remove `current`. Safe to repeat if interrupted."""
    tmp = previous.with_name(previous.name + ".merge")
    with Journal(tmp) as out:
        n = 0
        for entry in read_entries(current):
            out.append(entry.line)
            n += 1
        for i, entry in enumerate(read_entries(previous)):
            if i >= n:
                out.append(entry.line)
    os.replace(tmp, previous)
    current.unlink()


def split(journal: Path, output: Path, manifest: Path, tmp_dir: Path) -> None:
    """Write a JSONL-output journal out as the output file (the output lines of the "ok"
    documents) and the manifest (every row), each through a temporary file and a rename."""
    out_tmp, manifest_tmp = tmp_dir / "output.jsonl", tmp_dir / "manifest.jsonl"
    with Journal(out_tmp) as out, Journal(manifest_tmp) as rows:
        for entry in read_entries(journal):
            rows.append(entry.manifest_line)
            if entry.output_line is not None:
                out.append(entry.output_line)
    output.parent.mkdir(parents=True, exist_ok=True)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(out_tmp, output)
    os.replace(manifest_tmp, manifest)


def join(manifest: Path, output: Path, journal: Path) -> bool:
    """The inverse of `split`, to resume a finished JSONL-output run: pair each "ok" row of
    `manifest` with the next line of `output`. False (and no journal) if either is missing."""
    if not (manifest.is_file() and output.is_file()):
        return False
    with output.open("rb") as lines, Journal(journal) as out:
        for entry in read_entries(manifest):
            line = next(lines, None) if entry.row.get("status") == "ok" else None
            if entry.row.get("status") == "ok" and (line is None or not line.endswith(b"\n")):
                break
            out.append(entry.manifest_line[:-1] + b"\t" + line if line is not None else entry.line)
    return True
