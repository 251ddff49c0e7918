"""The Python API: clean() on bytes and str, seeds come out exactly as the issue lists them."""

from __future__ import annotations

import pickle
from pathlib import Path

from cleaner import REASONS, clean
from cleaner.pipeline import clean_document

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def test_bytes_and_str_agree():
    text = "Title\n\nA sentence of the body that is long enough to count as one.\n\nSubscribe"
    assert clean(text).text == clean(text.encode()).text


def test_every_dropped_line_has_a_known_reason_and_kept_lines_are_input_lines():
    for case in sorted(GOLDEN.iterdir()):
        source = next(case.glob("input.*"))
        doc = clean(source.read_bytes())
        assert len(doc.verdicts) == len(doc.lines)
        for verdict in doc.verdicts:
            assert verdict.keep or verdict.reason in REASONS
        kept = {line.text for line, v in zip(doc.lines, doc.verdicts) if v.keep} | {doc.metadata.title}
        assert set(filter(None, doc.text.split("\n"))) <= kept


def test_document_and_function_pickle():
    doc = clean("Title\n\nBody sentence here that is long enough to be a paragraph.")
    assert pickle.loads(pickle.dumps(doc)) == doc
    assert pickle.loads(pickle.dumps(clean_document)) is clean_document


def test_seed_metadata():
    doc = clean((GOLDEN / "seed-000" / "input.txt").read_bytes())
    assert (doc.metadata.author, doc.metadata.date, doc.language.code) == ("Mohammed Abunahel", "2024-11-11", "en")
    doc = clean((GOLDEN / "seed-003" / "input.txt").read_bytes())
    assert doc.metadata.attribution == "Gaza Truce Talks Falter as US and Israel Pull Negotiators"
