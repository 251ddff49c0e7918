"""The per-document time limit in real runs: `cleaner clean --timeout` with --jobs 1 (the
guard's alarm in this process) and --jobs 2 (the alarm in each worker, and the parent killing
a worker stuck in native code). The hang is injected through fork-inherited monkeypatching:
a stage that never returns on the documents that say HANG (Python code, which the alarm
interrupts) or NATIVE (one call into C that holds the GIL, which no signal handler can
interrupt)."""

from __future__ import annotations

import json
import os
import time

import pytest
from click.testing import CliRunner

from cleaner import guard, runner
from cleaner.cli import cli
from cleaner.runner import BATCH_DOCS

ARTICLE = "Title Of The Piece {i}\n\nA real sentence number {i} that makes up the body of this short article.\n\nShare post:\n"
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the hang is injected through fork-inherited state")


@pytest.fixture(autouse=True)
def warm():
    """Load the stages' data before a test patches a stage (the first guarded call would)."""
    guard.warm_up()


def hanging_stage(monkeypatch):
    real = guard.clean_document

    def clean_document(data, source, config, origin=None):
        if b"HANG" in data:
            while True:  # Python code that never ends: the alarm interrupts it
                time.sleep(0.01)
        if b"NATIVE" in data:
            sum(range(10**12))  # one call into C, hours long, deaf to signals
        return real(data, source, config, origin)

    monkeypatch.setattr(guard, "clean_document", clean_document)


def corpus(root, hang: dict[int, str], n: int = 3 * BATCH_DOCS):
    """`n` articles (more than one batch, so --jobs 2 really uses workers); the documents in
    `hang` carry the word that makes the stage hang."""
    root.mkdir()
    for i in range(n):
        (root / f"d{i:03d}.txt").write_text(ARTICLE.format(i=i) + hang.get(i, "") + "\n")
    return root


def clean(*args):
    result = CliRunner().invoke(cli, ["clean", *map(str, args)])
    assert "Traceback" not in result.output, result.output
    return result


def rows(out):
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_that_hangs_is_a_timeout_row_and_the_run_goes_on(tmp_path, monkeypatch, jobs):
    hanging_stage(monkeypatch)
    src = corpus(tmp_path / "in", {5: "HANG", 70: "HANG"})
    started = time.monotonic()
    result = clean(src, "-o", tmp_path / "out", "--timeout", "1", "-j", jobs, "-q")
    assert time.monotonic() - started < 30
    assert result.exit_code == 0, result.output  # a timeout is processed: a row says why
    got = rows(tmp_path / "out")
    assert [r["status"] for r in got] == ["timeout" if i in (5, 70) else "ok" for i in range(3 * BATCH_DOCS)]
    assert got[5]["reason"] == "over the time limit of 1 s"
    assert got[5]["output"] is None and not (tmp_path / "out" / "d005.txt").exists()
    assert (tmp_path / "out" / "d006.txt").read_text().startswith("Title Of The Piece 6")


def test_jobs_1_and_jobs_2_give_the_same_rows_for_timeouts(tmp_path, monkeypatch):
    hanging_stage(monkeypatch)
    src = corpus(tmp_path / "in", {40: "HANG"})
    for jobs in (1, 2):
        assert clean(src, "-o", tmp_path / f"out{jobs}", "--timeout", "1", "-j", jobs, "-q").exit_code == 0
    assert (tmp_path / "out1" / "manifest.jsonl").read_bytes() == (tmp_path / "out2" / "manifest.jsonl").read_bytes()


def test_the_limit_is_on_by_default_and_0_turns_it_off(tmp_path, monkeypatch):
    from cleaner.config import DEFAULT_CONFIG

    seen = []
    real = guard.clean_document

    def spy(data, source, config, origin=None):
        seen.append(config.time_limit)
        return real(data, source, config, origin)

    monkeypatch.setattr(guard, "clean_document", spy)
    src = corpus(tmp_path / "in", {}, n=2)
    clean(src, "-o", tmp_path / "a", "-j", "1", "-q")
    clean(src, "-o", tmp_path / "b", "-j", "1", "-q", "--timeout", "0")
    assert seen == [DEFAULT_CONFIG.time_limit] * 2 + [0.0] * 2 and DEFAULT_CONFIG.time_limit > 0
    assert "--timeout SECONDS" in clean("--help").output and "default: 60" in clean("--help").output


def test_a_worker_stuck_in_native_code_is_killed_and_its_document_is_a_timeout(tmp_path, monkeypatch):
    hanging_stage(monkeypatch)
    monkeypatch.setattr(runner, "HARD_GRACE_S", 1.0)
    src = corpus(tmp_path / "in", {33: "NATIVE"})
    started = time.monotonic()
    result = clean(src, "-o", tmp_path / "out", "--timeout", "1", "-j", "2", "-q")
    assert time.monotonic() - started < 60
    assert result.exit_code == 0, result.output
    got = rows(tmp_path / "out")
    assert [r["status"] for r in got] == ["timeout" if i == 33 else "ok" for i in range(3 * BATCH_DOCS)]
    assert got[33]["reason"] == "over the time limit of 1 s (stuck in native code; worker replaced)"
    assert "stuck in native code" in result.stderr and "retried" in result.stderr
    fresh = tmp_path / "fresh"
    monkeypatch.undo()
    assert clean(src, "-o", fresh, "-j", "1", "-q").exit_code == 0
    for i, (a, b) in enumerate(zip(got, rows(fresh))):
        if i != 33:
            assert a == b  # every other document as in a run without the hang


def test_loading_the_stages_data_is_not_charged_to_the_first_document(tmp_path):
    """In a fresh process the first document would pay seconds for the phrase lists,
    langdetect's profiles and trafilatura; the warm-up is outside every document's limit."""
    import subprocess
    import sys

    src = corpus(tmp_path / "in", {}, n=2)
    (src / "page.html").write_text(
        "<html><head><title>Page</title></head><body><article><h1>Page</h1><p>The first paragraph of the page"
        " says something long enough to be an article body.</p></article></body></html>"
    )
    command = [sys.executable, "-c", "from cleaner.cli import main; main()", "clean", str(src), "-o", str(tmp_path / "out")]
    done = subprocess.run([*command, "--timeout", "1", "-j", "1", "-q"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert [r["status"] for r in rows(tmp_path / "out")] == ["ok", "ok", "ok"]


def test_resume_tries_timed_out_documents_again(tmp_path, monkeypatch):
    hanging_stage(monkeypatch)
    src = corpus(tmp_path / "in", {3: "HANG"}, n=6)
    out = tmp_path / "out"
    assert clean(src, "-o", out, "--timeout", "1", "-j", "1", "-q").exit_code == 0
    assert rows(out)[3]["status"] == "timeout"
    monkeypatch.undo()  # (a less busy machine, or a longer --timeout)
    assert clean(src, "-o", out, "--resume", "-j", "1", "-q", "--summary-json", tmp_path / "s.json").exit_code == 0
    assert [r["status"] for r in rows(out)] == ["ok"] * 6
    assert json.loads((tmp_path / "s.json").read_text())["skipped_as_done"] == 5


def test_a_timeout_on_stdin_says_why_nothing_came_out(monkeypatch):
    hanging_stage(monkeypatch)
    result = CliRunner().invoke(cli, ["clean", "-", "--timeout", "0.3"], input=ARTICLE.format(i=1) + "HANG\n")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == "cleaner: no clean text: over the time limit of 0.3 s\n"


def test_explain_has_the_limit_too(tmp_path, monkeypatch):
    hanging_stage(monkeypatch)
    page = tmp_path / "page.txt"
    page.write_text(ARTICLE.format(i=1) + "HANG\n")
    result = CliRunner().invoke(cli, ["explain", str(page), "--timeout", "0.3"])
    assert result.exit_code == 0
    assert "status=timeout" in result.output and "reason=over the time limit of 0.3 s" in result.output
