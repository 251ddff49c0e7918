"""One document must not stop a run: `clean_guarded` is `clean_document` with a time limit
and without exceptions.

It returns what `clean_document` returns; a Document with status "timeout" when
`config.time_limit` seconds pass first (trafilatura can run for minutes on some huge pages,
trafilatura #704); a Document with status "failed" and the error as its reason when the
pipeline raises (a bug, but the run goes on and the manifest names the document).

How the limit is enforced, in the thread that cleans (no extra process, no extra thread
doing the work, so nothing keeps running after the limit):

- In the main thread of a process (the CLI, each worker of a process pool) a one-shot
  SIGALRM from `setitimer` raises `DocumentTimeout` in the running stage. The previous
  SIGALRM handler and any pending timer are restored afterwards.
- In another thread, where Python cannot handle signals, a `threading.Timer` raises it in
  the cleaning thread with `PyThreadState_SetAsyncExc`.

Both interrupt Python code between bytecodes; a single long call into C (one lxml parse,
one regular expression over a huge string) finishes first. `CleanConfig.max_bytes` bounds
those calls; killing a worker stuck beyond that is the job of whoever runs the workers.

`DocumentTimeout` derives from BaseException, so the `except Exception` in the stages
(which turn a trafilatura error into an empty extraction) cannot swallow it; should some
code swallow it anyway, a document whose limit fired is still reported as a timeout.

The limit measures the document's own work: the first guarded call of a process first loads,
without a limit, what the stages load on first use (`warm_up`: the phrase lists, langdetect's
profiles, trafilatura), which takes seconds on a busy machine. A runner that forks workers
calls `warm_up` before forking, so they share it.

`clean_guarded` is a module-level function of picklable arguments, so it can be sent to a
process pool as it is (`pool.imap(partial(clean_guarded, config=config), ...)`).
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
import traceback
from collections.abc import Callable
from typing import TypeVar

from cleaner.config import DEFAULT_CONFIG, CleanConfig
from cleaner.pipeline import clean_document, unprocessed
from cleaner.rules import Origin
from cleaner.types import Document

T = TypeVar("T")


class DocumentTimeout(BaseException):
    """Raised inside the cleaning code when the document's time limit has passed."""


def clean_guarded(
    data: bytes | str, source: str = "<input>", config: CleanConfig = DEFAULT_CONFIG, origin: Origin | None = None
) -> Document:
    """`clean_document(data, source, config, origin)` within `config.time_limit` seconds;
    never raises (except KeyboardInterrupt and SystemExit, which stop the run as they should)."""
    fired: list[bool] = []
    if config.time_limit > 0:
        warm_up()
    try:
        doc = run_with_time_limit(lambda: clean_document(data, source, config, origin), config.time_limit, fired)
    except DocumentTimeout as stop:
        return unprocessed(data, source, "timeout", f"over the time limit of {config.time_limit:g} s{_where(stop)}")
    except Exception as error:  # a bug in a stage must not end a run of a million documents
        return unprocessed(data, source, "failed", f"{type(error).__name__}: {error}{_where(error)}")
    if fired:  # the limit fired but something swallowed DocumentTimeout: the result is suspect
        return unprocessed(data, source, "timeout", f"over the time limit of {config.time_limit:g} s")
    return doc


_WARM_UP = (
    "A title\n\nThe first paragraph of a short article, long enough for its language to be detected.\n\nShare this:\n",
    "<html><head><title>A title</title></head><body><article><h1>A title</h1>"
    "<p>The first paragraph of a short article, long enough for its language to be detected.</p></article></body></html>",
)
_WARM_UP_LIMIT_S = 120.0  # even the warm-up must end
_warm = False


def warm_up() -> None:
    """Load, once per process, what the stages load on first use: clean a short text and a
    short HTML page."""
    global _warm
    if _warm:
        return
    _warm = True  # first: a warm-up that fails is not repeated for every document
    from cleaner.features import load_stoplists

    load_stoplists()
    for sample in _WARM_UP:
        try:
            run_with_time_limit(lambda: clean_document(sample, "<warm-up>"), _WARM_UP_LIMIT_S)
        except (Exception, DocumentTimeout):  # noqa: BLE001 - the documents meet the same, guarded
            pass


def run_with_time_limit(work: Callable[[], T], seconds: float, fired: list[bool] | None = None) -> T:
    """`work()`, interrupted by DocumentTimeout after `seconds` (0 or less: no limit).

    `fired`, if given, gets a True appended when the limit fires, even if `work` swallows
    the exception.
    """
    fired = [] if fired is None else fired
    if seconds <= 0:
        return work()
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        return _with_alarm(work, seconds, fired)
    if hasattr(ctypes, "pythonapi"):
        return _with_async_exception(work, seconds, fired)
    return work()  # neither mechanism exists here (not CPython, no signals): no limit


def _with_alarm(work: Callable[[], T], seconds: float, fired: list[bool]) -> T:
    armed = True

    def on_alarm(signum, frame):
        if armed:  # a late alarm during clean-up must not raise outside `work`
            fired.append(True)
            raise DocumentTimeout

    previous_handler = signal.signal(signal.SIGALRM, on_alarm)
    started = time.monotonic()
    previous_delay = previous_interval = 0.0
    try:
        previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return work()
        finally:
            armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay > 0:  # someone else's timer was running: give it its remaining time
            remaining = max(previous_delay - (time.monotonic() - started), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, remaining, previous_interval)


def _with_async_exception(work: Callable[[], T], seconds: float, fired: list[bool]) -> T:
    thread_id = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    done = False

    def on_timer():
        with lock:
            if not done:
                fired.append(True)
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread_id, ctypes.py_object(DocumentTimeout))

    timer = threading.Timer(seconds, on_timer)
    timer.daemon = True
    timer.start()
    try:
        return work()
    finally:
        with lock:
            done = True
        timer.cancel()
        if fired:  # set but perhaps not delivered yet: take it back rather than let it hit the caller
            ctypes.pythonapi.PyThreadState_SetAsyncExc(thread_id, ctypes.c_void_p(0))


def _where(error: BaseException) -> str:
    """" (in <stage>)": the innermost pipeline module the exception passed through."""
    stage = ""
    for frame, _ in traceback.walk_tb(error.__traceback__):
        module = frame.f_globals.get("__name__", "")
        if module.startswith("cleaner.") and module not in {"cleaner.guard", "cleaner.pipeline"}:
            stage = module.removeprefix("cleaner.")
    return f" (in {stage})" if stage else ""

