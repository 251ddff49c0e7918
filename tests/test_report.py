"""The HTML report: its content, its size bound, and how it renders in a real browser."""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import cli
from cleaner.report import DocView, LineView, RunStats, build_report, sample_names

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("CLEANER_ARTIFACTS", ROOT / "artifacts"))

ROWS = [
    {"input": "a.txt", "status": "ok", "lang": "en", "chars_in": 100, "chars_out": 80, "dropped_by_reason": {"share": 2}},
    {"input": "b.txt", "status": "ok", "lang": "de", "chars_in": 100, "chars_out": 10, "dropped_by_reason": {"comment-form": 5, "share": 1}},
    {"input": "c.bin", "status": "binary", "chars_in": 0, "chars_out": 0, "dropped_by_reason": {}},
    {"input": "d.txt", "status": "failed", "reason": "permission denied"},
]


def test_report_content():
    stats = RunStats.from_rows(ROWS)
    doc = DocView("b.txt", "ok", (LineView(1, True, "", "default", "Title <b>"), LineView(3, False, "share", "phrase", "Share post:")))
    page = build_report(stats, [doc], {"elapsed_s": 2.0})
    assert '<svg id="reason-chart"' in page
    assert page.index(">comment-form<") < page.index(">share<")  # bars sorted by count
    assert "<del>Share post:</del>" in page and '<span class="tag" title="phrase">share</span>' in page
    assert "Title &lt;b&gt;" in page  # escaped
    assert "<script" not in page and not re.search(r"(?:src|href)=\"https?:", page)  # self-contained
    assert re.search(r"<th>failed</th><td class=num>1</td>", page)


def test_sample_prefers_documents_that_lost_most_and_is_bounded():
    rows = [{"input": f"{i}.txt", "status": "ok", "chars_in": 100, "chars_out": i} for i in range(100)]
    names = sample_names(rows, max_docs=10, top=3)
    assert names[:3] == ["0.txt", "1.txt", "2.txt"] and len(names) == 10
    assert names == sample_names(rows, max_docs=10, top=3)  # deterministic


def test_report_command(tmp_path):
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(cli, ["clean", "-q", str(ROOT / "corpus" / "raw"), "-o", str(out)]).exit_code == 0
    result = runner.invoke(cli, ["report", str(out), "--inputs", str(ROOT / "corpus" / "raw")])
    assert result.exit_code == 0, result.output
    page = (out / "report.html").read_text("utf-8")
    assert page.count('<details class="doc"') == len(list((ROOT / "corpus" / "raw").iterdir()))
    assert "related-teaser" in page
    assert runner.invoke(cli, ["report", str(tmp_path)]).exit_code == 2  # no manifest


def test_report_command_shows_the_verdicts_of_a_no_context_run(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(ROOT / "golden" / "page-dump-news-de" / "input.txt", src / "page.txt")  # a menu only the context drops
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(cli, ["clean", "-q", "--no-context", str(src), "-o", str(out)]).exit_code == 0
    views = {}
    for flags in ((), ("--no-context",)):
        assert runner.invoke(cli, ["report", str(out), "--inputs", str(src), *flags]).exit_code == 0
        views[flags] = (out / "report.html").read_text("utf-8")
    assert 'title="context"' in views[()] and 'title="context"' not in views[("--no-context",)]


ARTICLE = "The mayor said on Tuesday that the new bridge over the river was going to open in the spring of next year."
BODY = f"Title\n\nGet the Morning Brief in your inbox\n\n{ARTICLE}\n\nShare post:"
RECORDS = [{"id": "a1", "url": "https://www.example.com/news/a", "body": BODY}, {"id": "b2", "url": "https://other.org/b", "body": BODY}]
SITE_RULE = '[rules.brief]\nreason = "subscribe"\nphrases = ["Get the Morning Brief in your inbox"]\nsites = ["example.com"]\n'


def jsonl_corpus(tmp_path) -> tuple:
    src = tmp_path / "in"
    src.mkdir()
    (src / "crawl.jsonl").write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    rules = tmp_path / "rules.toml"
    rules.write_text(SITE_RULE, encoding="utf-8")
    return src, ("--text-field", "body", "--rules", str(rules), "-q", "--report")


def shown(page: str) -> dict[str, str]:
    """Each line view's summary: input name -> what it says."""
    return {name: html.unescape(said) for name, said in re.findall(r"<summary>(\S+) \(([^)]*)\)</summary>", page)}


def test_report_shows_jsonl_documents_line_by_line_with_their_url_rules(tmp_path):
    src, flags = jsonl_corpus(tmp_path)
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["clean", str(src), "-o", str(out), *flags]).exit_code == 0
    page = (out / "report.html").read_text("utf-8")
    # The site rule drops the brief on example.com's page only, as in the run.
    assert shown(page) == {"crawl.jsonl:1": "ok, 2 of 4 lines dropped", "crawl.jsonl:2": "ok, 1 of 4 lines dropped"}
    assert page.count("<del>Get the Morning Brief in your inbox</del>") == 1 and page.count("<del>Share post:</del>") == 2
    # `cleaner report` reads the records again with the same field and rules.
    rules = flags[flags.index("--rules") + 1]
    again = CliRunner().invoke(cli, ["report", str(out), "--inputs", str(src), "--text-field", "body", "--rules", rules])
    views = (out / "report.html").read_text("utf-8")
    assert again.exit_code == 0 and views[views.index('<h2 id="documents">'):] == page[page.index('<h2 id="documents">'):]
    CliRunner().invoke(cli, ["report", str(out), "--inputs", str(src)])  # the default field: not in the records
    assert shown((out / "report.html").read_text("utf-8")) == {
        f"crawl.jsonl:{n}": f'not read: crawl.jsonl line {n}: no "text" field, 0 of 0 lines dropped' for n in (1, 2)
    }


def test_report_beside_a_jsonl_output(tmp_path):
    src, flags = jsonl_corpus(tmp_path)
    out = tmp_path / "clean.jsonl"
    result = CliRunner().invoke(cli, ["clean", str(src), "-o", str(out), "--output-format", "jsonl", *flags])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "clean.report.html").read_text("utf-8")
    assert shown(page) == {"crawl.jsonl:1": "ok, 2 of 4 lines dropped", "crawl.jsonl:2": "ok, 1 of 4 lines dropped"}
    # Made afterwards from the manifest: the same line views, at the same place.
    (tmp_path / "clean.report.html").unlink()
    rules = flags[flags.index("--rules") + 1]
    later = CliRunner().invoke(cli, ["report", str(tmp_path / "clean.manifest.jsonl"), "--inputs", str(src), "--text-field", "body", "--rules", rules])
    assert later.exit_code == 0 and later.output.strip() == str(tmp_path / "clean.report.html")
    assert shown((tmp_path / "clean.report.html").read_text("utf-8")) == shown(page)
    to_stdout = CliRunner().invoke(cli, ["clean", str(src), "-o", "-", "--output-format", "jsonl", *flags])
    assert to_stdout.exit_code == 2 and "--report needs -o DIR or -o FILE.jsonl" in to_stdout.output



def test_report_with_the_manifest_elsewhere(tmp_path):
    src, flags = jsonl_corpus(tmp_path)
    out, manifest = tmp_path / "out", tmp_path / "logs" / "run.jsonl"
    manifest.parent.mkdir()
    result = CliRunner().invoke(cli, ["clean", str(src), "-o", str(out), "--manifest", str(manifest), *flags])
    assert result.exit_code == 0, result.output  # it read OUTDIR/manifest.jsonl, which is not there
    assert shown((out / "report.html").read_text("utf-8"))["crawl.jsonl:2"] == "ok, 1 of 4 lines dropped"



def test_report_reads_gzipped_inputs_as_the_run_did(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt.gz").write_bytes(gzip.compress(BODY.encode()))
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["clean", "-q", "--report", str(src), "-o", str(out)]).exit_code == 0
    assert shown((out / "report.html").read_text("utf-8")) == {"a.txt.gz": "ok, 1 of 4 lines dropped"}  # was "binary"


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0",
]


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (CI installs Debian's chromium)")
def test_report_renders_in_chromium(tmp_path):
    out = tmp_path / "out"
    runner = CliRunner()
    runner.invoke(cli, ["clean", "-q", str(ROOT / "corpus" / "raw"), "-o", str(out)])
    runner.invoke(cli, ["report", str(out), "--inputs", str(ROOT / "corpus" / "raw")])
    url = (out / "report.html").as_uri()
    base = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*base, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert '<svg id="reason-chart"' in dom.stdout and "<rect" in dom.stdout
    assert '<details class="doc" id="doc-0" open=""' in dom.stdout and "<del>" in dom.stdout
    console = [line for line in dom.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], console
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "report.png"
    subprocess.run([*base, f"--screenshot={shot}", "--window-size=1200,1600", url], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000
