"""A one-line progress display on stderr: documents, docs/s, MB/s, and with a known input size
a bar, the percentage and the ETA. The CLI shows it only on a terminal and never with -q.

    >>> import io
    >>> stream = io.StringIO()
    >>> progress = Progress(stream, total_bytes=1000, interval=0)
    >>> progress.show(documents=10, bytes_done=250, elapsed=2.0)
    >>> stream.getvalue()
    '\\r[#######                     ]  25%  10 docs  5.0 docs/s  0.00 MB/s  ETA 6s\\x1b[K'
"""

from __future__ import annotations

import time
from typing import TextIO

WIDTH = 28


class Progress:
    """Redraws at most every `interval` seconds; `close()` clears the line."""

    def __init__(self, stream: TextIO, total_bytes: int | None = None, interval: float = 0.2):
        self.stream = stream
        self.total = total_bytes or None
        self.interval = interval
        self.started = time.monotonic()
        self.drawn = 0.0

    def update(self, totals) -> None:
        """Called after every document with the run's `Totals`."""
        now = time.monotonic()
        if now - self.drawn >= self.interval:
            self.drawn = now
            self.show(totals.documents, totals.bytes_in, now - self.started)

    def show(self, documents: int, bytes_done: int, elapsed: float) -> None:
        elapsed = max(elapsed, 1e-9)
        parts = [f"{documents:,} docs", f"{documents / elapsed:.1f} docs/s", f"{bytes_done / 1e6 / elapsed:.2f} MB/s"]
        if self.total:
            share = min(bytes_done / self.total, 1.0)
            filled = int(share * WIDTH)
            parts.insert(0, f"[{'#' * filled}{' ' * (WIDTH - filled)}] {share:4.0%}")
            if 0 < share < 1:
                parts.append(f"ETA {_duration(elapsed * (1 - share) / share)}")
        self.stream.write("\r" + "  ".join(parts) + "\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r\x1b[K")
        self.stream.flush()


def _duration(seconds: float) -> str:
    """
    >>> _duration(59), _duration(61), _duration(3700)
    ('59s', '1m01s', '1h01m')
    """
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
