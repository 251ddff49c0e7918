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

Each document runs under `cleaner.guard.clean_guarded`, so a document that takes longer than
`CleanConfig.time_limit` gets status `timeout`. The guard's SIGALRM interrupts Python code,
in this process (`jobs=1`) and in each worker; it cannot interrupt one long call into C
(lxml, a regular expression) that holds on. For that, workers say when they started their
current document (`_Watch`), and the parent kills a worker still on one document
`HARD_GRACE_S` after its limit: the pool breaks, the batch is retried one document at a
time, and the document that hangs again gets status `timeout` ("stuck in native code").
In-process runs (`jobs=1`, or a run that fits in one batch) have no such backstop: there,
`CleanConfig.max_bytes` is what bounds a call into C.
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
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TypeVar

from cleaner.config import CleanConfig
from cleaner.guard import clean_guarded, warm_up
from cleaner.manifest import failed_row, row
from cleaner.pipeline import unprocessed
from cleaner.rules import Origin

T = TypeVar("T")
# (input name, document) or (input name, document, origin for scoped user rules)
Task = "tuple[str, bytes | str] | tuple[str, bytes | str, Origin]"

# The start of the message `notify` gets when a worker process died (killed from outside, the
# OOM killer, a crash in C): the CLI then exits 1 even when every document was recovered.
WORKER_DIED = "a worker process died"

BATCH_DOCS = 32
BATCH_BYTES = 2 << 20  # a batch closes at this many bytes of documents, however few
# A worker still on one document this long after its time limit is stuck in C: kill it. The
# guard's alarm fires at the limit; a call into C finishes before it is heard, and none of the
# pipeline's calls takes seconds on input within max_bytes.
HARD_GRACE_S = 10.0
WATCH_EVERY_S = 0.5


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
    """Clean one document within its time limit and apply the filters. Never raises: a bug
    in a stage becomes a `failed` row naming the exception, and the run goes on."""
    doc = clean_guarded(data, name, config, origin)
    if doc.status == "failed":
        doc = unprocessed(data, name, "failed", f"internal error: {doc.reason}")
    manifest_row, text = filters.apply(row(doc, name, None), doc.text)
    return Cleaned(manifest_row, text)


def clean_in_order(
    items: Iterable[T],
    work: Callable[[T], Task | None],
    config: CleanConfig,
    filters: Filters,
    jobs: int = 1,
    window: int | None = None,
    notify: Callable[[str], None] | None = None,
) -> Iterator[tuple[T, Cleaned | None]]:
    """`(item, cleaned)` for every item, in order. `work(item)` gives the document to clean,
    or None for an item that needs no cleaning (unreadable, or done by an earlier run), which
    comes back with `cleaned` None. At most `window` batches (default 2 per worker + 2) are
    read ahead of the one being written. `notify(message)` hears of workers that died or
    were killed (their documents are retried, so the run goes on)."""
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
    if config.time_limit > 0:
        warm_up()  # before the fork, so that the workers share it
    with _Workers(jobs, config, filters, notify) as workers:
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
    """A process pool that survives the death of a worker, and kills a worker stuck in C
    (see the module docstring). `notify` gets a one-line message when either happens."""

    def __init__(self, jobs: int, config: CleanConfig, filters: Filters, notify: Callable[[str], None] | None = None):
        self.jobs, self.config, self.filters = jobs, config, filters
        self.notify = notify or (lambda message: None)
        self.hard_limit = config.time_limit + HARD_GRACE_S if config.time_limit > 0 else 0.0
        self.stuck = False  # the watch killed a worker since the pool last started
        self.pools = 0  # pools started so far; a broken pool is reported once
        self.reported = 0
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        import multiprocessing

        # fork: workers start instantly with everything the parent loaded. All workers are
        # forked before the pool starts its manager thread, so no lock is held mid-fork.
        context = multiprocessing.get_context("fork") if sys.platform == "linux" else multiprocessing.get_context()
        self.watch = _Watch(context, self.jobs)
        self.stuck = False
        self.pools += 1
        return ProcessPoolExecutor(
            self.jobs,
            mp_context=context,
            initializer=_init_worker,
            initargs=(self.config, self.filters, os.getpid(), self.watch),
        )

    def submit(self, tasks: list[Task | None]) -> Future:
        if any(task is not None for task in tasks):
            # The pool forks its workers inside submit(): block Ctrl-C and SIGTERM meanwhile so a
            # worker never runs the parent's handlers before _init_worker has set its own.
            blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
            try:
                future = self.pool.submit(_clean_batch, tasks)
                future.pool_number = self.pools  # type: ignore[attr-defined]
                return future
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
            results = self._result(future)
        except BrokenProcessPool:
            number = getattr(future, "pool_number", self.pools)
            if number > self.reported:
                self.reported = number
                event = WORKER_DIED
                if self.stuck:
                    event = "a worker process stayed on one document past its time limit (stuck in native code) and was killed"
                self.notify(f"{event}; the documents in progress are retried one at a time")
            results = [None if task is None else self._isolated(task) for _, task in batch]
        for (item, _), cleaned in zip(batch, results):
            yield item, cleaned

    def _result(self, future: Future):
        """`future.result()`, killing any worker that stays on one document past the hard limit."""
        if not self.hard_limit:
            return future.result()
        while True:
            try:
                return future.result(timeout=WATCH_EVERY_S)
            except FuturesTimeout:
                for pid in self.watch.overdue(self.hard_limit):
                    self.stuck = True
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass

    def _isolated(self, task: Task) -> Cleaned:
        """Clean one document on its own, on a fresh pool if the last one broke."""
        for _ in range(2):
            if self.stuck:  # the pool is broken, or about to notice it is
                self._restart()
            try:
                return self._result(self.pool.submit(_clean_batch, [task]))[0]
            except BrokenProcessPool:
                stuck = self.stuck
                self._restart()
                if stuck:  # this document alone hung a worker: once is enough
                    limit = f"over the time limit of {self.config.time_limit:g} s"
                    doc = unprocessed(task[1], task[0], "timeout", f"{limit} (stuck in native code; worker replaced)")
                    return Cleaned(row(doc, task[0], None), "")
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


class _Watch:
    """Shared memory where each worker writes its pid and when (time.monotonic, the same
    clock in every process on Linux) it started its current document, 0 between documents."""

    def __init__(self, context, jobs: int):
        self.next_slot = context.Value("i", 0)
        self.pids = context.Array("i", jobs, lock=False)
        self.started = context.Array("d", jobs, lock=False)
        self.slot = -1

    def join(self) -> None:
        """Called once in each worker: take a slot."""
        with self.next_slot.get_lock():
            self.slot = self.next_slot.value
            self.next_slot.value += 1
        if self.slot < len(self.pids):
            self.pids[self.slot] = os.getpid()

    def begin(self) -> None:
        if 0 <= self.slot < len(self.started):
            self.started[self.slot] = time.monotonic()

    def end(self) -> None:
        if 0 <= self.slot < len(self.started):
            self.started[self.slot] = 0.0

    def overdue(self, seconds: float) -> list[int]:
        """Pids of the workers on one document for more than `seconds`."""
        now = time.monotonic()
        return [pid for pid, began in zip(self.pids, self.started) if pid and began and now - began > seconds]


_STATE: tuple[CleanConfig, Filters, _Watch] | None = None
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _init_worker(config: CleanConfig, filters: Filters, parent: int, watch: _Watch) -> None:
    global _STATE
    watch.join()
    _STATE = (config, filters, watch)
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
    config, filters, watch = _STATE
    results: list[Cleaned | None] = []
    for task in tasks:
        if task is None:
            results.append(None)
            continue
        watch.begin()
        try:
            results.append(_clean_task(task, config, filters))
        finally:
            watch.end()
    return results
