"""Cleaning a stream of documents on worker processes, in input order, with bounded memory.

`clean_in_order(items, work, jobs=N, ...)` yields `(item, Cleaned | None)` in the order of
`items`, whatever the number of workers, so everything downstream (output names, the
manifest) is the same for any `--jobs`. The worker processes start once (fork on Linux, so
they share the parent's loaded modules and phrase lists) and receive batches of documents;
at most `window` batches are in flight, so a corpus of any size streams through in constant
memory. With `jobs=1`, or when all the input fits in one batch, no process is started.

A document that makes a worker process die (a crash in a C extension, the OOM killer) does
not stop the run: the batch is retried one document at a time on fresh workers, and the
document that kills its worker again gets a `failed` row.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TypeVar

from cleaner.config import CleanConfig
from cleaner.manifest import failed_row, row
from cleaner.pipeline import clean_document
from cleaner.rules import Origin

T = TypeVar("T")
# (input name, document) or (input name, document, origin for scoped user rules)
Task = "tuple[str, bytes | str] | tuple[str, bytes | str, Origin]"

BATCH_DOCS = 32
BATCH_BYTES = 2 << 20  # a batch closes at this many bytes of documents, however few


@dataclass(frozen=True, slots=True)
class Filters:
    """Document filters of a run. A document that fails one is "dropped" with the reason.

    - `langs`: keep only these languages ("zh" also keeps "zh-cn"); empty keeps all.
    - `min_chars`: drop clean texts shorter than this ("too-short").
    """

    langs: frozenset[str] = frozenset()
    min_chars: int = 0

    def apply(self, manifest_row: dict, text: str) -> tuple[dict, str]:
        """The row and text of a document after the filters.

        >>> Filters(langs=frozenset({"de"})).apply({"status": "ok", "lang": "en"}, "Hi")
        ({'status': 'dropped', 'lang': 'en', 'reason': 'language'}, '')
        """
        if manifest_row["status"] != "ok":
            return manifest_row, text
        lang = manifest_row["lang"]
        if self.langs and lang not in self.langs and lang.split("-")[0] not in self.langs:
            reason = "language"
        elif len(text) < self.min_chars:
            reason = "too-short"
        else:
            return manifest_row, text
        return {**manifest_row, "status": "dropped", "reason": reason}, ""


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A worker's answer for one document: its manifest row (output not yet named) and the
    clean text ("" unless the status is "ok"). Small on purpose: lines and verdicts stay in
    the worker."""

    row: dict
    text: str


def clean_one(name: str, data: bytes | str, config: CleanConfig, filters: Filters, origin: Origin | None = None) -> Cleaned:
    """Clean one document and apply the filters. Never raises: a bug in a stage becomes a
    `failed` row naming the exception, and the run goes on."""
    try:
        doc = clean_document(data, name, config, origin)
    except Exception as error:  # noqa: BLE001 - one document must not take a corpus run down
        return Cleaned(failed_row(name, f"internal error: {type(error).__name__}: {error}"), "")
    manifest_row, text = filters.apply(row(doc, name, None), doc.text)
    return Cleaned(manifest_row, text)


def clean_in_order(
    items: Iterable[T],
    work: Callable[[T], Task | None],
    config: CleanConfig,
    filters: Filters,
    jobs: int = 1,
    window: int | None = None,
) -> Iterator[tuple[T, Cleaned | None]]:
    """`(item, cleaned)` for every item, in order. `work(item)` gives the document to clean,
    or None for an item that needs no cleaning (unreadable, or done by an earlier run), which
    comes back with `cleaned` None. At most `window` batches (default 2 per worker + 2) are
    read ahead of the one being written."""
    batches = _batches(items, work)
    if jobs <= 1:
        for batch in batches:
            yield from _inline(batch, config, filters)
        return
    first = next(batches, None)
    second = next(batches, None)
    if second is None:  # everything fits in one batch: not worth starting processes
        if first is not None:
            yield from _inline(first, config, filters)
        return
    window = window or 2 * jobs + 2
    with _Workers(jobs, config, filters) as workers:
        pending: deque[tuple[list, Future]] = deque()
        for batch in _chain(first, second, batches):
            pending.append((batch, workers.submit([task for _, task in batch])))
            if len(pending) >= window:
                yield from workers.collect(*pending.popleft())
        while pending:
            yield from workers.collect(*pending.popleft())


def _batches(items: Iterable[T], work: Callable[[T], Task | None]) -> Iterator[list[tuple[T, Task | None]]]:
    batch: list[tuple[T, Task | None]] = []
    docs = size = 0
    for item in items:
        task = work(item)
        batch.append((item, task))
        if task is not None:
            docs += 1
            size += len(task[1])
        if docs >= BATCH_DOCS or size >= BATCH_BYTES or len(batch) >= 8 * BATCH_DOCS:
            yield batch
            batch, docs, size = [], 0, 0
    if batch:
        yield batch


def _chain(first, second, rest):
    yield first
    yield second
    yield from rest


def _inline(batch: list, config: CleanConfig, filters: Filters) -> Iterator:
    for item, task in batch:
        yield item, None if task is None else _clean_task(task, config, filters)


class _Workers:
    """A process pool that survives the death of a worker (see the module docstring)."""

    def __init__(self, jobs: int, config: CleanConfig, filters: Filters):
        self.jobs, self.config, self.filters = jobs, config, filters
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        import multiprocessing

        # fork: workers start instantly with everything the parent loaded. All workers are
        # forked before the pool starts its manager thread, so no lock is held mid-fork.
        context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
        return ProcessPoolExecutor(
            self.jobs, mp_context=context, initializer=_init_worker, initargs=(self.config, self.filters, os.getpid())
        )

    def submit(self, tasks: list[Task | None]) -> Future:
        if any(task is not None for task in tasks):
            # The pool forks its workers inside submit(): block Ctrl-C and SIGTERM meanwhile so a
            # worker never runs the parent's handlers before _init_worker has set its own.
            blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
            try:
                return self.pool.submit(_clean_batch, tasks)
            except BrokenProcessPool:
                pass  # collect() sees the broken future and recovers
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        future: Future = Future()
        if all(task is None for task in tasks):
            future.set_result([None] * len(tasks))
        else:
            future.set_exception(BrokenProcessPool("pool broken before submit"))
        return future

    def collect(self, batch: list, future: Future) -> Iterator:
        try:
            results = future.result()
        except BrokenProcessPool:
            results = [None if task is None else self._isolated(task) for _, task in batch]
        for (item, _), cleaned in zip(batch, results):
            yield item, cleaned

    def _isolated(self, task: Task) -> Cleaned:
        """Clean one document on its own, on a fresh pool if the last one broke."""
        for _ in range(2):
            try:
                return self.pool.submit(_clean_batch, [task]).result()[0]
            except BrokenProcessPool:
                self._restart()
        return Cleaned(failed_row(task[0], "the worker process died while cleaning this document"), "")

    def _restart(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self._start()

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is not None:  # interrupted: do not wait for batches nobody will write
            for process in list((getattr(self.pool, "_processes", None) or {}).values()):
                process.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)


_STATE: tuple[CleanConfig, Filters] | None = None
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _init_worker(config: CleanConfig, filters: Filters, parent: int) -> None:
    global _STATE
    _STATE = (config, filters)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's "stop the run" handler
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent was killed (kill -9) would wait for work forever: exit instead."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _clean_task(task: Task, config: CleanConfig, filters: Filters) -> Cleaned:
    name, data, *origin = task
    return clean_one(name, data, config, filters, *origin)


def _clean_batch(tasks: list[Task | None]) -> list[Cleaned | None]:
    assert _STATE is not None, "worker not initialised"
    config, filters = _STATE
    return [None if task is None else _clean_task(task, config, filters) for task in tasks]
