"""`cleaner clean` at corpus scale: every document accounted for, the same result for any
--jobs, JSONL in and out, filters, bad input, exit codes, interruption and --resume."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import corpus
from cleaner.cli import cli

ARTICLE = "Title Of The Piece {i}\n\nA real sentence number {i} that makes up the body of this short article.\n\nShare post:\n"
GERMAN = "Die Überschrift {i}\n\nDies ist ein echter Satz mit der Nummer {i}, der den Inhalt dieses kurzen Artikels bildet.\n\nTeilen:\n"
HTML = "<html><head><title>Page {i}</title></head><body><article><h1>Page {i}</h1><p>The first paragraph of page {i} says something long enough to be an article body.</p><p>Leave a Reply</p></article></body></html>"
CLEAN = [sys.executable, "-c", "from cleaner.cli import main; main()", "clean"]


def invoke(*args, input=None):
    result = CliRunner().invoke(cli, ["clean", *map(str, args)], input=input)
    assert "Traceback" not in result.output, result.output
    return result


def manifest(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def articles(root: Path, *names: str) -> Path:
    """`root` holding one short English article per name."""
    root.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(names):
        (root / name).write_text(ARTICLE.format(i=i))
    return root


def make_corpus(root: Path, n: int = 40) -> int:
    """A mixed corpus; returns how many documents it holds."""
    (root / "sub" / "deeper").mkdir(parents=True)
    docs = 0
    for i in range(n):
        folder = root / ("sub" if i % 3 else "sub/deeper")
        template = GERMAN if i % 4 == 0 else ARTICLE
        (folder / f"doc{i:03d}.txt").write_text(template.format(i=i))
        docs += 1
    (root / "page.html").write_text(HTML.format(i=1))
    (root / "page2.html.gz").write_bytes(gzip.compress(HTML.format(i=2).encode()))
    (root / "empty.txt").write_bytes(b"")
    (root / "blob.bin").write_bytes(b"\x00\x01\x02\x03binary")
    (root / "broken.txt.gz").write_bytes(b"this is not gzip")
    lines = [json.dumps({"id": f"j{i}", "text": ARTICLE.format(i=100 + i), "url": f"https://x/{i}"}) for i in range(5)]
    lines += ["{oops", json.dumps({"id": "no-text"}), json.dumps({"id": "num", "text": 3}), json.dumps({"id": "../../escape", "text": ARTICLE.format(i=200)})]
    (root / "batch.jsonl").write_text("\n".join(lines) + "\n")
    (root / os.fsdecode(b"latin1-\xe9.txt")).write_text("x")
    (root / "loop").symlink_to(root / "loop")
    return docs + len(lines) + 7  # + page.html, page2.html.gz, empty, blob, broken, latin1, loop


@pytest.fixture
def corpus_dir(tmp_path) -> tuple[Path, int]:
    root = tmp_path / "in"
    root.mkdir()
    return root, make_corpus(root)


def test_every_document_is_accounted_for_exactly_once(corpus_dir, tmp_path):
    root, n = corpus_dir
    out = tmp_path / "out"
    result = invoke(root, "-o", out, "--jobs", "1", "--lang", "en", "--min-chars", "20", "--summary-json", tmp_path / "s.json")
    assert result.exit_code == 1  # some inputs failed
    rows = manifest(out / "manifest.jsonl")
    assert len(rows) == n and len({r["input"] for r in rows}) == n
    outcome = {"ok": 0, "dropped": 0, "failed": 0}
    for r in rows:
        outcome["ok" if r["status"] == "ok" else "failed" if r["status"] == "failed" else "dropped"] += 1
        assert r["reason"] or r["status"] == "ok"
        assert (r["output"] is not None) == (r["status"] == "ok")
        if r["output"]:
            assert (out / r["output"]).is_file()
    assert outcome["ok"] + outcome["dropped"] + outcome["failed"] == n
    summary = json.loads((tmp_path / "s.json").read_text())
    assert {k: summary[k] for k in outcome} == outcome and summary["documents"] == n and summary["exit_code"] == 1
    by_input = {r["input"]: r for r in rows}
    assert by_input["sub/deeper/doc000.txt"]["reason"] == "language"  # German, --lang en
    assert by_input["empty.txt"]["status"] == "empty"
    assert by_input["blob.bin"]["status"] == "binary"
    assert by_input["broken.txt.gz"]["reason"].startswith("broken gzip")
    assert by_input["batch.jsonl:6"]["reason"].startswith("batch.jsonl line 6: malformed JSON")
    assert by_input["batch.jsonl:7"]["reason"] == 'batch.jsonl line 7: no "text" field'
    assert by_input["batch.jsonl:8"]["reason"] == 'batch.jsonl line 8: field "text" is a number, not a string'
    assert by_input["batch.jsonl:9"]["output"] == "batch/_.._.._escape.txt" and by_input["batch.jsonl:9"]["id"] == "../../escape"
    assert by_input["latin1-\\xe9.txt"]["reason"] == "file name is not valid UTF-8"
    assert by_input["loop"]["reason"].startswith("symlink loop")
    assert by_input["page2.html.gz"]["output"] == "page2.html.txt" or by_input["page2.html.gz"]["output"] == "page2.txt"
    assert not any(p.name == "escape.txt" for p in tmp_path.rglob("*"))
    assert "ok " in result.output and "lines dropped:" in result.output and "languages: en" in result.output


def test_jobs_1_and_jobs_2_give_byte_identical_results(corpus_dir, tmp_path):
    root, _ = corpus_dir
    for i in range(60):  # enough documents for several batches
        (root / "sub" / f"more{i:02d}.txt").write_text(ARTICLE.format(i=1000 + i))
    one, two = tmp_path / "one", tmp_path / "two"
    assert invoke(root, "-o", one, "--jobs", "1").exit_code == 1
    assert invoke(root, "-o", two, "--jobs", "2").exit_code == 1
    assert tree(one) == tree(two)
    invoke(root, "-o", tmp_path / "one.jsonl", "--output-format", "jsonl", "--jobs", "1")
    invoke(root, "-o", tmp_path / "two.jsonl", "--output-format", "jsonl", "--jobs", "2")
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    assert (tmp_path / "one.manifest.jsonl").read_bytes() == (tmp_path / "two.manifest.jsonl").read_bytes()


def test_jsonl_output_keeps_input_fields_and_the_original(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a", "text": ARTICLE.format(i=1), "meta": {"k": [1, 2]}}) + "\n"
        + json.dumps({"id": "b", "text": ""}) + "\n"
        + json.dumps({"id": "c", "body": "x"}) + "\n"
    )
    out = tmp_path / "clean.jsonl"
    result = invoke(src, "--output-format", "jsonl", "-o", out, "--keep-original", "raw", "-j", "1")
    assert result.exit_code == 1
    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    assert list(record) == ["id", "text", "meta", "raw", "cleaner"]
    assert record["text"] == "Title Of The Piece 1\n\nA real sentence number 1 that makes up the body of this short article.\n"
    assert record["raw"] == ARTICLE.format(i=1) and record["meta"] == {"k": [1, 2]}
    assert record["cleaner"]["dropped_by_reason"] == {"share": 1} and record["cleaner"]["output"] == 1
    rows = manifest(tmp_path / "clean.manifest.jsonl")
    assert [(r["id"], r["status"]) for r in rows] == [("a", "ok"), ("b", "empty"), ("c", "failed")]
    assert rows[0] == record["cleaner"]
    assert not list(tmp_path.glob(".*"))  # the work directory is gone


def test_jsonl_to_stdout_and_html_in_a_field(tmp_path):
    src = tmp_path / "pages.jsonl.gz"
    src.write_bytes(gzip.compress((json.dumps({"id": 1, "html": HTML.format(i=7)}) + "\n").encode()))
    result = invoke(src, "--output-format", "jsonl", "--text-field", "html", "--format", "html", "-q")
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record["html"].startswith("Page 7\n") and "Leave a Reply" not in record["html"]
    assert record["cleaner"]["format"] == "html" and record["cleaner"]["id"] == 1
    assert result.stderr == ""


def test_stdin_jsonl_is_detected_and_written_as_jsonl():
    lines = "".join(json.dumps({"id": i, "text": ARTICLE.format(i=i)}) + "\n" for i in range(3))
    result = invoke("-", input=lines)
    assert result.exit_code == 0
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [0, 1, 2]


def test_stdin_to_a_directory(tmp_path):
    result = invoke("-", "-o", tmp_path / "out", "-q", input=ARTICLE.format(i=1))
    assert result.exit_code == 0
    assert (tmp_path / "out" / "stdin.txt").read_text().startswith("Title Of The Piece 1\n")
    assert manifest(tmp_path / "out" / "manifest.jsonl")[0]["input"] == "<stdin>"


def test_output_inside_an_input_is_refused(tmp_path):
    src = articles(tmp_path / "in", "a.txt")
    for args in (
        [src, "-o", src],
        [src, "-o", src / "out"],
        [src, "--output-format", "jsonl", "-o", src / "clean.jsonl"],
        [src / "a.txt", "--output-format", "jsonl", "-o", src / "a.txt"],
        [src, "-o", tmp_path / "out", "--manifest", src / "m.jsonl"],
    ):
        result = invoke(*args)
        assert result.exit_code == 2, args
        assert "inputs are never written to" in result.output
    assert sorted(p.name for p in src.iterdir()) == ["a.txt"]


def test_an_output_directory_above_its_inputs_never_overwrites_them(tmp_path):
    data = articles(tmp_path / "data", "a.html", "a.txt")
    articles(data / "raw" / "raw", "x.txt")
    before = tree(data)
    result = invoke(data / "a.html", data / "a.txt", data / "raw", "-o", data, "-j", "1")
    assert result.exit_code == 1
    rows = {r["input"]: r for r in manifest(data / "manifest.jsonl")}
    assert rows["a.html"]["reason"] == "output a.txt would overwrite an input"
    assert rows["raw/x.txt"]["reason"] == "output raw/x.txt would overwrite an input"
    assert rows["a.txt"]["output"] == "a.txt.txt"
    assert {name: data for name, data in tree(data).items() if name in before} == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["x", "-o", "y", "--jobs", "0"], "--jobs"),
        (["x", "-o", "y", "--keep-original", "raw"], "--keep-original only applies"),
        (["x", "-o", "y.jsonl", "--output-format", "jsonl", "--keep-original", "text"], "would overwrite"),
        (["-", "--resume"], "--resume needs -o"),
        (["-", "x", "-o", "y"], "cannot be mixed"),
        (["x"], "Missing option -o"),
    ],
)
def test_usage_errors_exit_2(tmp_path, args, message):
    os.chdir(tmp_path)
    (tmp_path / "x").write_text("x")
    result = invoke(*args)
    assert result.exit_code == 2 and message in result.output


def test_exit_0_when_everything_is_processed_even_if_dropped(tmp_path):
    src = articles(tmp_path / "in", "a.txt")
    (src / "b.txt").write_text("")
    (src / "c.txt").write_text(GERMAN.format(i=1))
    result = invoke(src, "-o", tmp_path / "out", "--lang", "de", "-j", "1")
    assert result.exit_code == 0
    assert [r["status"] for r in manifest(tmp_path / "out" / "manifest.jsonl")] == ["dropped", "empty", "ok"]


def test_a_write_error_of_one_document_is_a_failed_row(tmp_path, monkeypatch):
    """An error of one output (here its name) fails that document; errors of the destination
    (a full disk) stop the run instead: tests/test_faults.py."""
    src = articles(tmp_path / "in", "a.txt", "b.txt")
    real = corpus.atomic_write

    def name_too_long(path, data, tmp_dir=None):
        if path.name == "a.txt":
            raise OSError(36, "File name too long", str(path))
        return real(path, data, tmp_dir)

    monkeypatch.setattr(corpus, "atomic_write", name_too_long)
    result = invoke(src, "-o", tmp_path / "out", "-j", "1")
    assert result.exit_code == 1
    rows = manifest(tmp_path / "out" / "manifest.jsonl")
    assert [(r["status"], r["reason"]) for r in rows] == [("failed", "cannot write a.txt: file name too long"), ("ok", "")]


def test_a_second_run_on_the_same_output_is_refused(tmp_path):
    import fcntl

    src = articles(tmp_path / "in", "a.txt")
    (tmp_path / "out" / ".cleaner").mkdir(parents=True)
    with open(tmp_path / "out" / ".cleaner" / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = invoke(src, "-o", tmp_path / "out")
    assert result.exit_code == 2 and "Another cleaner run" in result.output


def test_no_progress_bar_when_not_a_terminal(corpus_dir, tmp_path):
    root, _ = corpus_dir
    result = invoke(root, "-o", tmp_path / "out", "-j", "1")
    assert "\r" not in result.stderr and "docs/s" in result.stderr  # the summary, not a bar
    assert invoke(root, "-o", tmp_path / "out2", "-q", "-j", "1").stderr == ""


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_progress_bar_on_a_terminal_and_off_with_q(tmp_path):
    root = articles(tmp_path / "in", *(f"d{i}.txt" for i in range(20)))

    def stderr_on_tty(*extra) -> str:
        master, slave = os.openpty()
        process = subprocess.Popen([*CLEAN, str(root), *extra, "-j", "1"], stderr=slave, stdout=subprocess.DEVNULL)
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the other side closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
        os.close(master)
        return b"".join(chunks).decode()

    shown = stderr_on_tty("-o", str(tmp_path / "a"))
    assert "\r[" in shown and "docs/s" in shown and "%" in shown
    assert "cleaner:" in shown  # the summary follows
    assert stderr_on_tty("-o", str(tmp_path / "b"), "-q") == ""


# --- interruption and --resume -------------------------------------------------------------


def big_corpus(root: Path, n: int) -> None:
    for i in range(n):
        folder = root / f"part{i % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        template = GERMAN if i % 5 == 0 else ARTICLE
        (folder / f"doc{i:05d}.txt").write_text(template.format(i=i) + f"One more line, number {i}, in its own paragraph.\n")
    (root / "broken.txt.gz").write_bytes(b"not gzip")
    (root / "empty.txt").write_text("")


@pytest.fixture(scope="module")
def resumable(tmp_path_factory) -> tuple[Path, Path]:
    """A corpus of 400 documents and the result of an uninterrupted run (--jobs 1)."""
    base = tmp_path_factory.mktemp("resume")
    big_corpus(base / "in", 400)
    result = CliRunner().invoke(cli, ["clean", str(base / "in"), "-o", str(base / "ref"), "-q", "--jobs", "1"])
    assert result.exit_code == 1  # broken.txt.gz
    return base / "in", base / "ref"


def start_and_interrupt(src: Path, out: Path, sig: int, after_rows: int = 60, tries: int = 3) -> subprocess.CompletedProcess:
    """Run `cleaner clean --jobs 2` into `out` and send it `sig` once the manifest has
    `after_rows` rows. A run that finished before the signal could be sent (a loaded machine
    may not schedule this process for the whole run) tested nothing: it is run again into a
    fresh `out`, up to `tries` times, then the test fails."""
    for _ in range(tries):
        shutil.rmtree(out, ignore_errors=True)
        process = subprocess.Popen([*CLEAN, str(src), "-o", str(out), "--jobs", "2"], stderr=subprocess.PIPE, stdout=subprocess.PIPE)
        journal = out / "manifest.jsonl"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if journal.exists() and journal.read_bytes().count(b"\n") >= after_rows:
                break
            time.sleep(0.01)
        if process.poll() is None:
            process.send_signal(sig)
            stdout, stderr = process.communicate(timeout=60)
            return subprocess.CompletedProcess(process.args, process.returncode, stdout.decode(), stderr.decode())
        process.communicate()
    pytest.fail(f"the run finished before the signal could be sent, {tries} times")


def assert_no_partial_outputs(out: Path, ref: Path) -> int:
    """Every output file present is whole (identical to the uninterrupted run's); returns
    how many complete manifest rows the interrupted run left."""
    ref_files = tree(ref)
    for name, data in tree(out).items():
        if name.startswith(".cleaner/"):
            continue
        if name != "manifest.jsonl":
            assert data == ref_files[name], name
    lines = (out / "manifest.jsonl").read_bytes().split(b"\n")
    complete = lines[:-1]
    ref_lines = (ref / "manifest.jsonl").read_bytes().split(b"\n")
    assert complete == ref_lines[: len(complete)]  # complete rows, in input order, as in the full run
    return len(complete)


def test_kill_9_then_resume_equals_an_uninterrupted_run(resumable, tmp_path):
    src, ref = resumable
    out = tmp_path / "out"
    killed = start_and_interrupt(src, out, signal.SIGKILL)
    assert killed.returncode == -signal.SIGKILL
    done = assert_no_partial_outputs(out, ref)
    assert 60 <= done < 402, "the run was not killed part way"
    result = invoke(src, "-o", out, "--resume", "--summary-json", tmp_path / "s.json")
    assert result.exit_code == 1  # broken.txt.gz, again
    assert tree(out) == tree(ref)
    summary = json.loads((tmp_path / "s.json").read_text())
    assert summary["documents"] == 402 and summary["skipped_as_done"] >= done - 1  # all but failed rows reused


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_stops_cleanly_and_resume_finishes(resumable, tmp_path, sig):
    src, ref = resumable
    out = tmp_path / "out"
    stopped = start_and_interrupt(src, out, sig)
    assert stopped.returncode == 130, stopped.stderr
    assert "Traceback" not in stopped.stderr and "--resume" in stopped.stderr
    assert_no_partial_outputs(out, ref)
    assert not (out / ".cleaner" / "tmp").exists()  # temporary files are cleaned up
    if sig == signal.SIGINT:  # (resuming is the same after either)
        assert invoke(src, "-o", out, "--resume", "-q").exit_code == 1
        assert tree(out) == tree(ref)


def test_resume_after_a_torn_line_a_lost_output_and_an_interrupted_resume(resumable, tmp_path):
    src, ref = resumable
    out = tmp_path / "out"
    shutil.copytree(ref, out)
    lines = (ref / "manifest.jsonl").read_bytes().splitlines(keepends=True)
    (out / "manifest.jsonl").write_bytes(b"".join(lines[:300]) + lines[300][:40])  # torn row 301
    (out / ".cleaner").mkdir()
    (out / ".cleaner" / "resume.jsonl").write_bytes(b"".join(lines[:150]) + lines[150][:10])  # a resume, interrupted
    lost = json.loads(lines[10])["output"]
    (out / lost).unlink()
    for row in map(json.loads, lines[300:]):
        if row["output"]:
            (out / row["output"]).unlink()
    result = invoke(src, "-o", out, "--resume", "--summary-json", tmp_path / "s.json", "-j", "1")
    assert result.exit_code == 1
    assert tree(out) == tree(ref)
    failed_before = sum(json.loads(line)["status"] == "failed" for line in lines[:300])
    assert json.loads((tmp_path / "s.json").read_text())["skipped_as_done"] == 300 - 1 - failed_before


def test_resume_redoes_changed_inputs_and_removes_stale_outputs(tmp_path):
    src = articles(tmp_path / "in", *(f"d{i}.txt" for i in range(5)))
    out = tmp_path / "out"
    assert invoke(src, "-o", out, "-j", "1").exit_code == 0
    (src / "d1.txt").write_text(ARTICLE.format(i=99))
    (src / "d3.txt").write_text("")
    result = invoke(src, "-o", out, "--resume", "-j", "1", "--summary-json", tmp_path / "s.json")
    assert result.exit_code == 0
    assert json.loads((tmp_path / "s.json").read_text())["skipped_as_done"] == 3
    fresh = tmp_path / "fresh"
    invoke(src, "-o", fresh, "-j", "1")
    assert tree(out) == tree(fresh)
    assert not (out / "d3.txt").exists()


def test_failed_documents_are_retried_on_resume(tmp_path, monkeypatch):
    src = articles(tmp_path / "in", "d0.txt", "d1.txt", "d2.txt")
    real = Path.read_bytes

    def denied(self):
        if self.name == "d1.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    out = tmp_path / "out"
    assert invoke(src, "-o", out, "-j", "1").exit_code == 1
    assert [r["reason"] for r in manifest(out / "manifest.jsonl")] == ["", "permission denied", ""]
    monkeypatch.setattr(Path, "read_bytes", real)
    assert invoke(src, "-o", out, "--resume", "-j", "1").exit_code == 0
    invoke(src, "-o", tmp_path / "fresh", "-j", "1")
    assert tree(out) == tree(tmp_path / "fresh")


def test_jsonl_output_resumes_from_its_journal_and_after_finishing(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": (ARTICLE if i % 3 else "").format(i=i)}) + "\n" for i in range(40)))
    ref = tmp_path / "ref.jsonl"
    assert invoke(src, "--output-format", "jsonl", "-o", ref, "-j", "1").exit_code == 0
    out = tmp_path / "out.jsonl"
    work = tmp_path / ".out.jsonl.cleaner"
    work.mkdir()
    from cleaner.journal import join

    assert join(tmp_path / "ref.manifest.jsonl", ref, work / "full.jsonl")
    journal = (work / "full.jsonl").read_bytes().splitlines(keepends=True)
    (work / "journal.jsonl").write_bytes(b"".join(journal[:25]) + journal[25][:30])
    (work / "full.jsonl").unlink()
    summary = tmp_path / "s.json"
    assert invoke(src, "--output-format", "jsonl", "-o", out, "--resume", "-j", "1", "--summary-json", summary).exit_code == 0
    assert json.loads(summary.read_text())["skipped_as_done"] == 25
    assert out.read_bytes() == ref.read_bytes()
    assert (tmp_path / "out.manifest.jsonl").read_bytes() == (tmp_path / "ref.manifest.jsonl").read_bytes()
    assert not work.exists()
    again = invoke(src, "--output-format", "jsonl", "-o", out, "--resume", "-j", "1", "--summary-json", summary)
    assert again.exit_code == 0 and json.loads(summary.read_text())["skipped_as_done"] == 40
    assert out.read_bytes() == ref.read_bytes()


def _interrupted(monkeypatch, after: int, *args) -> None:
    """`cleaner clean ARGS`, stopped like Ctrl-C after `after` documents."""
    import cleaner.cli

    def stop(totals):
        if totals.documents >= after:
            raise KeyboardInterrupt

    real = cleaner.cli.run
    monkeypatch.setattr(cleaner.cli, "run", lambda config, **kwargs: real(config, **{**kwargs, "on_document": stop}))
    assert invoke(*args).exit_code == 130
    monkeypatch.setattr(cleaner.cli, "run", real)


@pytest.mark.parametrize("output_format", ["text", "jsonl"])
def test_resume_with_other_options_is_refused_and_with_the_same_finishes(tmp_path, monkeypatch, output_format):
    src = articles(tmp_path / "in", *(f"d{i}.txt" for i in range(6)))
    out = tmp_path / ("out" if output_format == "text" else "out.jsonl")
    common = (src, "-o", out, "--output-format", output_format, "-j", "1")
    _interrupted(monkeypatch, 2, *common, "--min-chars", "10")
    work = out / ".cleaner" if output_format == "text" else tmp_path / ".out.jsonl.cleaner"
    assert (work / "options.json").is_file()
    refused = invoke(*common, "--resume", "--min-chars", "50")
    assert refused.exit_code == 2
    assert "filters.min_chars: 10 -> 50" in refused.output and "without --resume" in refused.output
    # Refused, the interrupted run is still there to finish: its own options, and a longer
    # time limit (which a resume may change), complete it as one uninterrupted run.
    done = invoke(*common, "--resume", "--min-chars", "10", "--timeout", "120", "--summary-json", tmp_path / "s.json")
    assert done.exit_code == 0, done.output
    assert json.loads((tmp_path / "s.json").read_text())["skipped_as_done"] == 2
    fresh = tmp_path / ("fresh" if output_format == "text" else "fresh.jsonl")
    invoke(src, "-o", fresh, "--output-format", output_format, "-j", "1", "--min-chars", "10")
    if output_format == "text":
        assert tree(out) == tree(fresh)
    else:
        assert out.read_bytes() == fresh.read_bytes()


def test_an_option_newer_than_the_interrupted_run_counts_as_its_default(tmp_path, monkeypatch):
    """A run interrupted by a version without --no-context resumes with the default, and is
    refused with --no-context (how that version cleaned is the default)."""
    src = articles(tmp_path / "in", *(f"d{i}.txt" for i in range(6)))
    out = tmp_path / "out"
    _interrupted(monkeypatch, 2, src, "-o", out, "-j", "1")
    record = out / ".cleaner" / "options.json"
    older = json.loads(record.read_text())
    del older["clean.context"]
    record.write_text(json.dumps(older))
    refused = invoke(src, "-o", out, "-j", "1", "--resume", "--no-context")
    assert refused.exit_code == 2 and "clean.context: True -> False" in refused.output
    assert invoke(src, "-o", out, "-j", "1", "--resume").exit_code == 0
    invoke(src, "-o", tmp_path / "fresh", "-j", "1")
    assert tree(out) == tree(tmp_path / "fresh")


def test_run_options_are_canonical_and_leave_out_what_a_resume_may_change():
    a = corpus.run_options(corpus.RunConfig(inputs=("a",), filters=corpus.Filters(langs=frozenset({"de", "en", "fr"}))))
    b = corpus.run_options(corpus.RunConfig(inputs=("b",), jobs=2, filters=corpus.Filters(langs=frozenset({"fr", "en", "de"}))))
    assert a == b and a["filters.langs"] == "{'de', 'en', 'fr'}"
    assert "clean.time_limit" not in a and "jobs" not in a and "clean.max_bytes" in a and "clean.rules" in a
    assert a["clean.context"] == "True"  # --no-context changes the outputs: a resume must keep it
