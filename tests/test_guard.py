"""The per-document time limit and the exception net of `cleaner.guard`.

A slow stage is faked with monkeypatch (a loop of short sleeps, like Python code that never
ends); no test waits more than about a second.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import pickle
import signal
import threading
import time
from dataclasses import replace
from functools import partial

import pytest

from cleaner import pipeline
from cleaner.config import DEFAULT_CONFIG
from cleaner.extract import extract as real_extract
from cleaner.guard import DocumentTimeout, clean_guarded, run_with_time_limit, warm_up

TEXT = "Title\n\nA sentence of the body that is long enough to count as one paragraph.\n"
QUICK = replace(DEFAULT_CONFIG, time_limit=0.3)


@pytest.fixture(autouse=True)
def warm():
    """Load the stages' data before a test patches a stage (the first guarded call would)."""
    warm_up()


def endless(*args, **kwargs):
    while True:
        time.sleep(0.01)


def endless_and_deaf(*args, **kwargs):
    """A stage that swallows everything (bare except) and then gives up after a while."""
    deadline = time.monotonic() + 0.6
    while time.monotonic() < deadline:
        try:
            time.sleep(0.01)
        except BaseException:
            pass
    return real_extract(*args, **kwargs)


def broken(*args, **kwargs):
    raise ZeroDivisionError("a bug in a stage")


def test_default_is_on_and_a_normal_document_is_untouched():
    assert DEFAULT_CONFIG.time_limit > 0
    assert clean_guarded(TEXT) == pipeline.clean_document(TEXT)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL


def test_slow_stage_becomes_timeout_in_the_main_thread(monkeypatch):
    monkeypatch.setattr(pipeline, "extract", endless)
    started = time.monotonic()
    doc = clean_guarded(TEXT, "slow.txt", QUICK)
    assert time.monotonic() - started < 2
    assert (doc.status, doc.text, doc.source) == ("timeout", "", "slow.txt")
    assert doc.reason.startswith("over the time limit of 0.3 s")
    assert doc.sha256 == hashlib.sha256(TEXT.encode()).hexdigest()
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert clean_guarded(TEXT, config=QUICK).status == "timeout"  # the next document is guarded again


def test_the_reason_names_the_stage(monkeypatch):
    import cleaner.classify

    monkeypatch.setattr(cleaner.classify, "rule_verdicts", endless)  # called from classify()
    assert clean_guarded(TEXT, config=QUICK).reason == "over the time limit of 0.3 s (in classify)"


def test_slow_stage_becomes_timeout_in_another_thread(monkeypatch):
    monkeypatch.setattr(pipeline, "extract", endless)
    results = []
    worker = threading.Thread(target=lambda: results.append(clean_guarded(TEXT, config=QUICK)))
    worker.start()
    worker.join(5)
    assert not worker.is_alive()
    assert results[0].status == "timeout"


def test_a_swallowed_timeout_is_still_a_timeout(monkeypatch):
    monkeypatch.setattr(pipeline, "extract", endless_and_deaf)
    assert clean_guarded(TEXT, config=QUICK).status == "timeout"


def test_an_exception_in_a_stage_is_a_failed_document(monkeypatch):
    monkeypatch.setattr(pipeline, "extract", broken)
    doc = clean_guarded(TEXT, "bug.txt", QUICK)
    assert (doc.status, doc.reason, doc.source) == ("failed", "ZeroDivisionError: a bug in a stage", "bug.txt")


def test_zero_means_no_limit():
    calls = []
    assert run_with_time_limit(lambda: calls.append(1) or "done", 0) == "done"
    assert calls == [1]


def test_an_outer_timer_and_handler_are_restored():
    seen = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: seen.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        assert run_with_time_limit(lambda: "ok", 10) == "ok"
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 0.5
        time.sleep(0.7)
        assert seen == [signal.SIGALRM]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_the_limit_does_not_fire_after_the_work_is_done():
    assert run_with_time_limit(lambda: "quick", 0.05) == "quick"
    time.sleep(0.15)  # a stray alarm or async exception would raise here
    results = []
    worker = threading.Thread(target=lambda: results.append(run_with_time_limit(lambda: "quick", 0.05)))
    worker.start()
    worker.join(5)
    time.sleep(0.1)
    assert results == ["quick"]


def test_timeout_is_a_base_exception_so_stages_cannot_swallow_it():
    assert not issubclass(DocumentTimeout, Exception)


def test_picklable_and_works_in_a_worker_process(monkeypatch):
    assert pickle.loads(pickle.dumps(clean_guarded)) is clean_guarded
    assert pickle.loads(pickle.dumps(QUICK)) == QUICK
    monkeypatch.setattr(pipeline, "extract", endless)  # inherited by the forked worker
    with multiprocessing.get_context("fork").Pool(1) as pool:
        docs = pool.map(partial(clean_guarded, config=QUICK), [TEXT, TEXT.encode()], chunksize=1)
    assert [doc.status for doc in docs] == ["timeout", "timeout"]


@pytest.mark.parametrize("status", ["too-large", "parser-limit", "timeout"])
def test_limit_statuses_count_as_processed(status):
    from cleaner.manifest import PROCESSED

    assert status in PROCESSED and "failed" not in PROCESSED


def test_a_timeout_while_the_language_stream_grows_changes_no_later_result(monkeypatch):
    """The detector's shared random stream is the one state a timeout could interrupt half
    way; the next document must read the same stream as in a fresh process."""
    import numpy as np

    from cleaner import language

    stream = language._RandomStream(language.SEED)
    stream.words(0, 10)
    real = np.frombuffer

    def interrupted(*args, **kwargs):
        monkeypatch.setattr(np, "frombuffer", real)
        raise DocumentTimeout

    monkeypatch.setattr(np, "frombuffer", interrupted)
    with pytest.raises(DocumentTimeout):
        stream.words(0, 40_000)  # the generator has run; its words are not stored yet
    assert np.array_equal(stream.words(0, 40_000), language._RandomStream(language.SEED).words(0, 40_000))
