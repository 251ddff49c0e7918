"""The corpus-level repeated-boilerplate pass: counting, thresholds, what the classifier drops,
and the two-pass run (deterministic for any --jobs, off for stdin and single documents,
compatible with --resume)."""

from __future__ import annotations

import json
import pickle
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from cleaner.boilerplate import count, frequent, frequent_in_corpus, line_hash, merge
from cleaner.cli import cli
from cleaner.config import CleanConfig
from cleaner.pipeline import clean_document

FOOTER = "Alle Artikel von Stadtanzeiger Online finden Sie im Archiv."
MENU = ("Lokales", "Sport", "Kultur & Freizeit")
TOPICS = "Opposition Kämmerer Handwerk Feuerwehr Schulamt Elternbeirat Sportverein Kirchengemeinde Musikschule Bauhof Seniorenrat Jugendzentrum".split()


def article(i: int) -> str:
    """A site's article: a menu, a title, two body paragraphs, a repeated subheading between
    them, and a footer line that every article of the site carries."""
    return "\n\n".join(
        [
            *MENU,
            f"Stadtrat beschließt Haushalt, {TOPICS[i % len(TOPICS)]} kritisiert die Mehrheit",
            "Einleitung",
            f"Der Stadtrat hat am Abend den Haushalt für das Jahr beschlossen, berichtet Reporterin Nummer {i} aus dem Rathaus.",
            "Die Meinung der Bürger",
            f"Viele Bürger hatten sich vor der Sitzung zu Wort gemeldet, sagte der Bürgermeister in seiner Rede zum Punkt {chr(65 + i % 26)}.",
            FOOTER,
        ]
    ) + "\n"


def site(root: Path, n: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (root / f"a{i:02d}.txt").write_text(article(i), "utf-8")
    return root


def invoke(*args, input=None):
    result = CliRunner().invoke(cli, ["clean", *map(str, args)], input=input)
    assert "Traceback" not in result.output, result.output
    return result


def lines_tsv(doc) -> list[tuple[str, str]]:
    return [(v.reason, line.text) for line, v in zip(doc.lines, doc.verdicts)]


# --- counting ------------------------------------------------------------------------------


def test_a_line_counts_once_per_document_and_ignores_case_and_punctuation_but_not_digits():
    counts = count([["Share", "share!", "Story."], ["SHARE", "Other story."]])
    assert counts[line_hash("Share")] == 2  # twice in the first document, once in the second
    assert line_hash("Page 3 of 10") == line_hash("page 3 of 10 »") != line_hash("Page 4 of 10")
    assert line_hash("2024-03-12") is None  # no letter: dates and numbers are not counted


def test_merge_of_partitions_equals_one_count_and_threshold_needs_two_documents():
    docs = [[("alpha", "beta", "gamma")[i % 3], "common footer"] for i in range(10)] + [["rare line"]]
    whole = count(docs)
    assert merge(count(docs[:4]), count(docs[4:7]), count(docs[7:])) == whole
    assert frequent(whole, 10) == {line_hash("common footer")}
    assert frequent(whole, 4) == {line_hash("common footer"), line_hash("alpha")}
    assert frequent(whole, 3) == {line_hash(w) for w in ("common footer", "alpha", "beta", "gamma")}
    assert frequent(whole, 1) == frozenset() and frequent(whole, 0) == frozenset()


def test_the_local_first_pass_equals_count_then_frequent_for_any_jobs(tmp_path):
    documents = [article(i).encode() for i in range(70)]  # more than two batches
    documents += [f"Only here: {i} and {i}\n\nA line for {i % 4}\n".encode() for i in range(40)]
    counts = count(doc.decode().split("\n") for doc in documents)
    for min_docs in (2, 10, 70, 71):
        expected = frequent(counts, min_docs)
        assert frequent_in_corpus(documents, CleanConfig(), min_docs, jobs=1, tmp_dir=str(tmp_path)) == expected
        assert frequent_in_corpus(iter(documents), CleanConfig(), min_docs, jobs=2) == expected
    assert line_hash(FOOTER) in frequent(counts, 70) and line_hash("A line for 3") in frequent(counts, 10)
    assert list(tmp_path.iterdir()) == []  # the shards are removed


# --- the classifier --------------------------------------------------------------------------


def test_repeated_lines_go_outside_the_body_only():
    common = frequent_in_corpus([article(i).encode() for i in range(12)], CleanConfig(), 10)
    doc = clean_document(article(3).encode(), "a03.txt", CleanConfig(boilerplate=common))
    verdicts = dict((text, reason) for reason, text in lines_tsv(doc))
    assert all(verdicts[m] == "repeated-boilerplate" for m in MENU)
    assert verdicts[FOOTER] == "repeated-boilerplate"
    # The heading right above the first paragraph and the subheading inside the body repeat
    # in every document, and stay; so does the title, which does not repeat.
    assert verdicts["Einleitung"] == verdicts["Die Meinung der Bürger"] == "content"
    assert verdicts["Stadtrat beschließt Haushalt, Feuerwehr kritisiert die Mehrheit"] == "content"
    assert doc.dropped_by_reason() == {"repeated-boilerplate": 4}
    assert [v.evidence for v in doc.verdicts if not v.keep] == ["before the body"] * 3 + ["after the body"]


def test_repeated_body_paragraphs_stay():
    """The same article in many documents is a duplicate, not boilerplate: its body stays."""
    text = article(1)
    common = frequent(count([text.split("\n")] * 12), 10)
    doc = clean_document(text.encode(), "copy.txt", CleanConfig(boilerplate=common))
    kept = [text for reason, text in lines_tsv(doc) if reason == "content"]
    assert any(line.startswith("Der Stadtrat hat") for line in kept)
    assert any(line.startswith("Viele Bürger") for line in kept)


def test_phrase_reasons_win_and_the_pass_is_off_without_hashes():
    text = "Lokales\n\nA title\n\nA long enough sentence that is the body of this article about nothing at all.\n\nTeilen\n"
    common = frequent(count([text.split("\n")] * 3), 2)
    doc = clean_document(text, "x", CleanConfig(boilerplate=common))
    assert [r for r, _ in lines_tsv(doc)] == ["repeated-boilerplate", "content", "content", "share"]
    assert [r for r, _ in lines_tsv(clean_document(text, "x"))] == ["content", "content", "content", "share"]


def test_the_config_with_hashes_pickles():
    config = CleanConfig(boilerplate=frozenset({1, 2, 3}))
    assert pickle.loads(pickle.dumps(config)) == config
    assert "boilerplate" not in repr(config)  # a big set stays out of logs and messages


# --- the corpus run -------------------------------------------------------------------------


def test_a_footer_in_many_documents_is_dropped_and_jobs_do_not_matter(tmp_path):
    src = site(tmp_path / "src", 12)
    one, two = tmp_path / "one", tmp_path / "two"
    assert invoke(src, "-o", one, "-j", "1", "-q").exit_code == 0
    assert invoke(src, "-o", two, "-j", "2", "-q").exit_code == 0
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)
    rows = [json.loads(line) for line in (one / "manifest.jsonl").read_text().splitlines()]
    assert all(row["dropped_by_reason"] == {"repeated-boilerplate": 4} for row in rows)
    text = (one / "a05.txt").read_text("utf-8")
    assert FOOTER not in text and "Lokales" not in text and "Einleitung" in text


def test_threshold_and_off_switch(tmp_path):
    src = site(tmp_path / "src", 5)
    assert invoke(src, "-o", tmp_path / "default", "-q").exit_code == 0  # 5 documents < 10
    assert FOOTER in (tmp_path / "default" / "a00.txt").read_text("utf-8")
    assert invoke(src, "-o", tmp_path / "low", "-q", "--boilerplate-min-docs", "5").exit_code == 0
    assert FOOTER not in (tmp_path / "low" / "a00.txt").read_text("utf-8")
    assert invoke(src, "-o", tmp_path / "off", "-q", "--boilerplate-min-docs", "0").exit_code == 0
    assert FOOTER in (tmp_path / "off" / "a00.txt").read_text("utf-8")


def test_jsonl_input_is_a_corpus_too(tmp_path):
    src = tmp_path / "docs.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": article(i)}) + "\n" for i in range(4)), "utf-8")
    out = tmp_path / "out.jsonl"
    assert invoke(src, "--output-format", "jsonl", "-o", out, "-q", "--boilerplate-min-docs", "3").exit_code == 0
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(records) == 4 and all(FOOTER not in r["text"] for r in records)


def test_single_documents_and_stdin_make_no_first_pass(tmp_path, monkeypatch):
    calls = []
    from cleaner import corpus

    monkeypatch.setattr(corpus, "frequent_in_corpus", lambda *a, **k: calls.append(a) or frozenset())
    one = site(tmp_path / "src", 1) / "a00.txt"
    assert invoke(one, "-o", tmp_path / "out", "-q", "--boilerplate-min-docs", "2").exit_code == 0
    result = invoke("-", "--boilerplate-min-docs", "2", input=article(0))
    assert result.exit_code == 0 and FOOTER in result.output
    assert calls == []
    assert invoke(tmp_path / "src", "-o", tmp_path / "dir", "-q", "--boilerplate-min-docs", "2").exit_code == 0
    assert len(calls) == 1  # a directory is a corpus, even of one document


def test_resume_learns_the_same_set_and_finishes_the_same(tmp_path):
    src = site(tmp_path / "src", 12)
    full, part = tmp_path / "full", tmp_path / "part"
    assert invoke(src, "-o", full, "-q", "-j", "1").exit_code == 0
    assert invoke(src, "-o", part, "-q", "-j", "1").exit_code == 0
    # Lose half the outputs and manifest rows, as an interrupted run would, then resume.
    rows = (part / "manifest.jsonl").read_text().splitlines(keepends=True)
    (part / "manifest.jsonl").write_text("".join(rows[:6]))
    for row in rows[6:]:
        (part / json.loads(row)["output"]).unlink()
    result = invoke(src, "-o", part, "-q", "-j", "1", "--resume", "--summary-json", tmp_path / "s.json")
    assert result.exit_code == 0
    assert json.loads((tmp_path / "s.json").read_text())["skipped_as_done"] == 6
    for path in sorted(full.rglob("*.txt")):
        assert (part / path.relative_to(full)).read_bytes() == path.read_bytes()
    assert (part / "manifest.jsonl").read_bytes() == (full / "manifest.jsonl").read_bytes()


def test_replace_keeps_other_settings():
    config = replace(CleanConfig(format="text"), boilerplate=frozenset({7}))
    assert config.format == "text" and config.boilerplate == {7}


def test_explain_shows_repeated_boilerplate_learned_from_a_corpus(tmp_path):
    src = site(tmp_path / "src", 4)
    plain = CliRunner().invoke(cli, ["explain", str(src / "a01.txt")])
    assert plain.exit_code == 0 and "repeated-boilerplate" not in plain.output
    learned = CliRunner().invoke(cli, ["explain", str(src / "a01.txt"), "--corpus", str(src), "--boilerplate-min-docs", "3"])
    assert learned.exit_code == 0
    dropped = [line for line in learned.output.splitlines() if "repeated-boilerplate" in line]
    assert len(dropped) == 4 and "corpus-repeated (after the body)" in dropped[-1] and FOOTER in dropped[-1]
