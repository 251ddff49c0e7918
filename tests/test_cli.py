"""The click CLI: clean (files, directories, stdin), explain, version, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cleaner import __version__
from cleaner.cli import cli

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
ARTICLE = "Title Of The Piece\n\nA real sentence that makes up the body of this short article.\n\nShare post:\n"


def test_clean_directory_writes_texts_and_manifest(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(ARTICLE)
    (src / "sub" / "b.html").write_bytes((GOLDEN / "html-comment-form-share" / "input.html").read_bytes())
    (src / "c.bin").write_bytes(b"\x00\x01\x02binary")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["clean", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "a.txt").read_text() == "Title Of The Piece\n\nA real sentence that makes up the body of this short article.\n"
    assert (out / "sub" / "b.txt").read_text().startswith("River Clean-Up Draws Record Crowd\n")
    rows = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert [r["input"] for r in rows] == ["a.txt", "c.bin", "sub/b.html"]
    assert [r["status"] for r in rows] == ["ok", "binary", "ok"]
    assert rows[0]["dropped_by_reason"] == {"share": 1}
    assert rows[2]["format"] == "html" and rows[2]["output"] == "sub/b.txt"
    for key in ("input", "output", "status", "reason", "format", "encoding", "lang", "lang_prob", "title", "author", "date",
                "attribution", "chars_in", "chars_out", "lines_in", "lines_dropped", "dropped_by_reason", "sha256"):
        assert key in rows[0]
    assert not (out / "c.txt").exists()


def test_stdin_to_stdout():
    result = CliRunner().invoke(cli, ["clean", "-"], input=ARTICLE.encode())
    assert result.exit_code == 0
    assert result.output == "Title Of The Piece\n\nA real sentence that makes up the body of this short article.\n"


def test_missing_input_is_a_failed_row_and_exit_1(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["clean", str(good), str(tmp_path / "missing.txt"), "-o", str(out)])
    assert result.exit_code == 1
    rows = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert [r["status"] for r in rows] == ["ok", "failed"]
    assert "no such file" in rows[1]["reason"]
    assert "Traceback" not in result.output


def test_usage_errors_exit_2(tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["clean", str(tmp_path)]).exit_code == 2  # no -o
    assert runner.invoke(cli, ["clean", str(tmp_path), "-o", str(tmp_path / "out")]).exit_code == 2  # inside input
    assert runner.invoke(cli, ["clean", "x", "--format", "pdf", "-o", "y"]).exit_code == 2


def test_explain_shows_reason_and_rule(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    result = CliRunner().invoke(cli, ["explain", str(path)])
    assert result.exit_code == 0
    last = result.output.strip().splitlines()[-1]
    assert "DROP" in last and "share" in last and "phrase" in last and "Share post:" in last
    assert "\x1b[" not in result.output  # plain when not a terminal


def test_version_and_help():
    runner = CliRunner()
    assert __version__ in runner.invoke(cli, ["--version"]).output
    assert "Examples" in runner.invoke(cli, ["--help"]).output


def test_inputs_are_never_modified(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE)
    before = (src / "a.txt").stat().st_mtime_ns, (src / "a.txt").read_bytes()
    CliRunner().invoke(cli, ["clean", str(src), "-o", str(tmp_path / "out")])
    assert ((src / "a.txt").stat().st_mtime_ns, (src / "a.txt").read_bytes()) == before
    assert sorted(p.name for p in src.iterdir()) == ["a.txt"]
