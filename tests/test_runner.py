"""The worker pool: input order for any number of workers, bounded read-ahead, and documents
that break a stage or kill a worker become failed rows while the run goes on."""

from __future__ import annotations

import os

import pytest

from cleaner import guard
from cleaner.config import DEFAULT_CONFIG
from cleaner.runner import BATCH_DOCS, Filters, clean_in_order

NONE = Filters()


def doc(i: int) -> bytes:
    return f"Title {i}\n\nA real sentence number {i} about rivers, lakes and the sea, long enough.\n\nShare post:\n".encode()


def work(item):
    i, data = item
    return None if data is None else (f"d{i}", data)


def run(items, jobs, filters=NONE, **kwargs):
    return [(item[0], cleaned and (cleaned.row, cleaned.text)) for item, cleaned in clean_in_order(items, work, DEFAULT_CONFIG, filters, jobs, **kwargs)]


def test_results_come_in_input_order_for_any_number_of_workers():
    items = [(i, None if i % 7 == 0 else doc(i)) for i in range(100)]
    one = run(items, 1)
    assert [i for i, _ in one] == list(range(100))
    assert [r is None for _, r in one] == [i % 7 == 0 for i in range(100)]
    assert run(items, 2) == one
    assert run(items, 3, window=1) == one


def test_read_ahead_is_bounded():
    pulled = []

    def endless():
        i = 0
        while True:
            pulled.append(i)
            yield i, doc(i)
            i += 1

    stream = clean_in_order(endless(), work, DEFAULT_CONFIG, NONE, jobs=2, window=3)
    for n, _ in enumerate(stream):
        if n == 100:
            break
    stream.close()
    assert len(pulled) <= 100 + 4 * BATCH_DOCS


def test_a_stage_that_raises_gives_a_failed_row(monkeypatch):
    real = guard.clean_document

    def flaky(data, source, config, origin=None):
        if b"BOOM" in data:
            raise ValueError("boom")
        return real(data, source, config, origin)

    monkeypatch.setattr(guard, "clean_document", flaky)
    got = run([(0, doc(0)), (1, b"BOOM"), (2, doc(2))], 1)
    assert [r["status"] for _, (r, _) in got] == ["ok", "failed", "ok"]
    assert got[1][1][0]["reason"] == "internal error: ValueError: boom"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the crash is injected through fork-inherited state")
def test_a_document_that_kills_its_worker_is_failed_and_the_run_goes_on(monkeypatch):
    real = guard.clean_document

    def deadly(data, source, config, origin=None):
        if b"CRASH" in data:
            os._exit(3)  # what a segfault in a C extension looks like to the pool
        return real(data, source, config, origin)

    monkeypatch.setattr(guard, "clean_document", deadly)
    items = [(i, b"CRASH" if i == 40 else doc(i)) for i in range(100)]
    got = run(items, 2)
    statuses = [r["status"] for _, (r, _) in got]
    assert statuses == ["failed" if i == 40 else "ok" for i in range(100)]
    assert got[40][1][0]["reason"] == "the worker process died while cleaning this document"
    assert got[41][1] == run([items[41]], 1)[0][1]


def test_filters_drop_with_a_reason():
    en = doc(1)
    lang = Filters(langs=frozenset({"de"}))
    [(_, (row, text))] = run([(1, en)], 1, lang)
    assert (row["status"], row["reason"], row["lang"], text) == ("dropped", "language", "en", "")
    [(_, (row, _))] = run([(1, en)], 1, Filters(min_chars=10_000))
    assert (row["status"], row["reason"]) == ("dropped", "too-short")
    [(_, (row, text))] = run([(1, en)], 1, Filters(langs=frozenset({"en", "de"}), min_chars=10))
    assert row["status"] == "ok" and text
    assert Filters(langs=frozenset({"zh"})).apply({"status": "ok", "lang": "zh-cn"}, "x")[0]["status"] == "ok"
    assert Filters(min_chars=5).apply({"status": "empty", "lang": "und"}, "") == ({"status": "empty", "lang": "und"}, "")
