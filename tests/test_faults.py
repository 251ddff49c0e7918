"""Faults during a run: a full disk part way (outputs, then the manifest), the output
directory removed, a worker process killed. Each time: a clear message and no traceback, exit
1 when documents are lost, every output file complete and every manifest line valid JSON, and
`--resume` ends with the same tree as an uninterrupted run."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import corpus, guard, journal
from cleaner.cli import cli
from cleaner.runner import BATCH_DOCS

ARTICLE = "Title Of The Piece {i}\n\nA real sentence number {i} that makes up the body of this short article.\n\nShare post:\n"
N = 3 * BATCH_DOCS  # more than one batch: --jobs 2 really uses worker processes
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="the fault is injected through fork-inherited state")


@pytest.fixture(autouse=True)
def warm():
    guard.warm_up()  # before any stage is patched


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """The corpus (with one empty document, which gets no output file) and the tree of an
    uninterrupted run."""
    base = tmp_path_factory.mktemp("faults")
    src = base / "in"
    src.mkdir()
    for i in range(N):
        (src / f"d{i:03d}.txt").write_text("" if i == 7 else ARTICLE.format(i=i))
    assert clean(src, "-o", base / "ref", "-j", "1").exit_code == 0
    return src, tree(base / "ref")


def clean(*args):
    result = CliRunner().invoke(cli, ["clean", *map(str, args), "-q"])
    assert "Traceback" not in result.output, result.output
    return result


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_nothing_corrupt(out: Path, ref: dict[str, bytes]) -> list[dict]:
    """Every output file is whole (as in the uninterrupted run) and every manifest line is a
    complete, valid row, in input order; returns the rows."""
    for name, data in tree(out).items():
        if not name.startswith(".cleaner/") and name != "manifest.jsonl":
            assert data == ref[name], name
    text = (out / "manifest.jsonl").read_bytes() if (out / "manifest.jsonl").exists() else b""
    assert text == b"" or text.endswith(b"\n")
    rows = [json.loads(line) for line in text.splitlines()]
    assert [r["input"] for r in rows] == sorted(r["input"] for r in rows)
    return rows


def resume_and_compare(src: Path, out: Path, ref: dict[str, bytes], jobs: int = 1) -> None:
    result = clean(src, "-o", out, "--resume", "-j", jobs)
    assert result.exit_code == 0, result.output
    assert tree(out) == ref


# --- a full disk ------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_disk_full_part_way_stops_the_run_and_resume_finishes(reference, tmp_path, monkeypatch, jobs):
    src, ref = reference
    real, written = corpus.atomic_write, []

    def fills_up(path, data, tmp_dir=None):
        if len(written) >= 20:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, data, tmp_dir)
        if path.suffix == ".txt":  # an output, not the run's record of its options
            written.append(path)

    monkeypatch.setattr(corpus, "atomic_write", fills_up)
    out = tmp_path / "out"
    result = clean(src, "-o", out, "-j", jobs)
    assert result.exit_code == 1
    assert "stopped: cannot write" in result.stderr and "no space left on device" in result.stderr
    assert "--resume" in result.stderr
    rows = assert_nothing_corrupt(out, ref)
    assert len(rows) == 21  # 20 outputs and the empty document; the run stopped at the 21st output
    assert all(r["status"] != "failed" for r in rows)  # the rest of the corpus was not failed
    assert not list(out.glob(".cleaner/tmp/*"))  # no temporary file left behind
    monkeypatch.undo()
    resume_and_compare(src, out, ref, jobs)


def test_a_full_disk_before_the_first_document_stops_the_run_with_a_message(reference, tmp_path, monkeypatch):
    src, ref = reference

    def full(path, data, tmp_dir=None):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(corpus, "atomic_write", full)
    out = tmp_path / "out"
    result = clean(src, "-o", out, "-j", 1)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "cannot write" in result.stderr and "options.json" in result.stderr and "no space left on device" in result.stderr
    monkeypatch.undo()
    resume_and_compare(src, out, ref)


def test_disk_full_while_writing_the_manifest_leaves_whole_lines(reference, tmp_path, monkeypatch):
    src, ref = reference
    real, lines = journal.write_all, []

    def half_then_full(fd, data):
        if len(lines) >= 30:
            os.write(fd, data[: len(data) // 2])  # a short write, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd, data)
        lines.append(data)

    monkeypatch.setattr(journal, "write_all", half_then_full)
    out = tmp_path / "out"
    result = clean(src, "-o", out, "-j", "1")
    assert result.exit_code == 1
    assert "stopped: cannot write" in result.stderr and "manifest.jsonl: no space left on device" in result.stderr
    assert len(assert_nothing_corrupt(out, ref)) == 30  # the half line was cut back
    monkeypatch.undo()
    resume_and_compare(src, out, ref)


# --- the output directory removed -------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_output_directory_removed_during_the_run(reference, tmp_path, monkeypatch, jobs):
    src, ref = reference
    out = tmp_path / "out"
    real = guard.clean_document

    def removes_the_output(data, source, config, origin=None):
        if b"number 50 " in data:
            shutil.rmtree(out)
        return real(data, source, config, origin)

    monkeypatch.setattr(guard, "clean_document", removes_the_output)
    result = clean(src, "-o", out, "-j", jobs)
    assert result.exit_code == 1
    assert "was removed during the run" in result.stderr and "--resume" in result.stderr
    if out.exists():
        assert_nothing_corrupt(out, ref)
    monkeypatch.undo()
    resume_and_compare(src, out, ref, jobs)


# --- a worker process killed ------------------------------------------------------------


@needs_fork
def test_a_worker_killed_from_outside_is_replaced_and_the_run_completes(reference, tmp_path, monkeypatch):
    """kill -9 of a worker (the OOM killer): its documents are retried on a new worker, the run
    says so, and the result is complete; the exit code is 1 all the same, so that the death of
    a worker does not pass unnoticed."""
    src, ref = reference
    marker = tmp_path / "victim.pid"
    real = guard.clean_document

    def slow_once(data, source, config, origin=None):
        if b"number 40 " in data and not marker.exists():
            marker.write_text(str(os.getpid()))
            time.sleep(60)  # killed meanwhile
        return real(data, source, config, origin)

    def killer():
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (marker.exists() and marker.read_text().isdigit()):
            time.sleep(0.02)
        time.sleep(0.1)
        os.kill(int(marker.read_text()), signal.SIGKILL)

    monkeypatch.setattr(guard, "clean_document", slow_once)
    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    out = tmp_path / "out"
    result = clean(src, "-o", out, "-j", "2")
    thread.join(5)
    assert int(marker.read_text()) != os.getpid()  # it was a worker that died
    assert "a worker process died; the documents in progress are retried one at a time" in result.stderr
    assert result.exit_code == 1
    assert tree(out) == ref


@needs_fork
def test_a_document_that_kills_its_worker_every_time_fails_and_resume_finishes(reference, tmp_path, monkeypatch):
    src, ref = reference
    real = guard.clean_document

    def deadly(data, source, config, origin=None):
        if b"number 40 " in data:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(data, source, config, origin)

    monkeypatch.setattr(guard, "clean_document", deadly)
    out = tmp_path / "out"
    result = clean(src, "-o", out, "-j", "2")
    assert result.exit_code == 1
    assert "a worker process died" in result.stderr
    rows = assert_nothing_corrupt(out, ref)
    assert [r["input"] for r in rows if r["status"] == "failed"] == ["d040.txt"]
    assert rows[40]["reason"] == "the worker process died while cleaning this document"
    assert len(rows) == N
    monkeypatch.undo()
    resume_and_compare(src, out, ref, 2)


def test_disk_full_with_jsonl_output_and_resume(tmp_path, monkeypatch):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": ARTICLE.format(i=i)}) + "\n" for i in range(N)))
    assert clean(src, "--output-format", "jsonl", "-o", tmp_path / "ref.jsonl", "-j", "1").exit_code == 0
    real, lines = journal.write_all, []

    def fills_up(fd, data):
        if len(lines) >= 40:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd, data)
        lines.append(data)

    monkeypatch.setattr(journal, "write_all", fills_up)
    out = tmp_path / "out.jsonl"
    result = clean(src, "--output-format", "jsonl", "-o", out, "-j", "2")
    assert result.exit_code == 1 and "no space left on device" in result.stderr and "--resume" in result.stderr
    assert not out.exists()  # a JSONL output appears only when the run is finished
    kept = (tmp_path / ".out.jsonl.cleaner" / "journal.jsonl").read_bytes()
    assert kept.count(b"\n") == 40 and kept.endswith(b"\n")
    monkeypatch.undo()
    assert clean(src, "--output-format", "jsonl", "-o", out, "--resume", "-j", "2").exit_code == 0
    assert out.read_bytes() == (tmp_path / "ref.jsonl").read_bytes()
    assert (tmp_path / "out.manifest.jsonl").read_bytes() == (tmp_path / "ref.manifest.jsonl").read_bytes()
