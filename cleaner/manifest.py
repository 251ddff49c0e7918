"""Manifest rows: one JSON object per input document, and run totals.

The row's keys are the documented manifest fields (`flags` only when a document has any,
e.g. ["safety-valve"]: the line classifier held back, see `cleaner.context`); `row()` is the only place that builds
them, so the CLI, the JSONL output and the tests agree.

A row's `status` is "ok" (an output was written), "failed" (the input could not be read,
cleaned or written; `reason` says why), or one of the ways a document is dropped without an
output: the outcomes of `clean_document` ("empty", "binary", "extract-empty") and "dropped"
by a run's filter (`reason` "language" or "too-short"). `outcome()` folds them into the three
numbers a run reports: ok + dropped + failed = documents in.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field

from cleaner.types import Document

# Statuses of documents that were read and judged but give no text: residue only, binary,
# nothing extracted, filtered out, or over a size, parser or time limit (the row says which).
DROPPED = frozenset({"empty", "binary", "extract-empty", "dropped", "too-large", "parser-limit", "timeout"})
# Statuses that mean "processed"; only "failed" is not.
PROCESSED = frozenset({"ok"}) | DROPPED


def row(doc: Document, input_name: str, output_name: str | None) -> dict:
    """The manifest row of one document."""
    return {
        "input": input_name,
        "output": output_name,
        "status": doc.status,
        "reason": doc.reason or ("" if doc.status == "ok" else doc.status),
        "format": doc.format,
        "encoding": doc.encoding,
        "lang": doc.language.code,
        "lang_prob": doc.language.prob,
        "title": doc.metadata.title,
        "author": doc.metadata.author,
        "date": doc.metadata.date,
        "attribution": doc.metadata.attribution,
        "chars_in": doc.chars_in,
        "chars_out": len(doc.text),
        "lines_in": len(doc.lines),
        "lines_dropped": doc.lines_dropped,
        "dropped_by_reason": doc.dropped_by_reason(),
        "sha256": doc.sha256,
    } | ({"flags": list(doc.flags)} if doc.flags else {})


def failed_row(input_name: str, reason: str) -> dict:
    """The row of a document that could not be read, cleaned or written: every field there.

    >>> r = failed_row("a.txt", "permission denied")
    >>> r["status"], r["reason"], r["output"], r["lang"]
    ('failed', 'permission denied', None, 'und')
    """
    doc = Document(source=input_name, status="failed", text="", format="", encoding="", reason=reason)
    return row(doc, input_name, None)


def outcome(status: str) -> str:
    """"ok", "dropped" or "failed".

    >>> outcome("ok"), outcome("binary"), outcome("dropped"), outcome("failed")
    ('ok', 'dropped', 'dropped', 'failed')
    """
    return "ok" if status == "ok" else "dropped" if status in DROPPED else "failed"


def dumps(manifest_row: dict) -> str:
    """One manifest line: compact JSON, keys in field order, non-ASCII kept readable."""
    return json.dumps(manifest_row, ensure_ascii=False, separators=(",", ":"))


@dataclass
class Totals:
    """Counts over a run, for the end-of-run summary and the exit code.

    `reasons` counts dropped lines by reason, `drops` dropped documents by reason;
    `bytes_in` is input bytes read (compressed for .gz); `skipped` and `bytes_skipped` are the
    documents that --resume found done, which the rates leave out.
    """

    documents: int = 0
    statuses: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    chars_in: int = 0
    chars_out: int = 0
    started: float = field(default_factory=time.monotonic)
    drops: Counter = field(default_factory=Counter)
    bytes_in: int = 0
    skipped: int = 0
    bytes_skipped: int = 0

    def add(self, manifest_row: dict, size: int = 0, skipped: bool = False) -> None:
        self.documents += 1
        self.bytes_in += size
        if skipped:
            self.skipped += 1
            self.bytes_skipped += size
        status = manifest_row.get("status", "?")
        self.statuses[status] += 1
        if outcome(status) == "dropped":
            self.drops[manifest_row.get("reason") or status] += 1
        self.reasons.update(manifest_row.get("dropped_by_reason") or {})
        if status == "ok":
            self.languages[manifest_row.get("lang") or "und"] += 1
        self.chars_in += manifest_row.get("chars_in") or 0
        self.chars_out += manifest_row.get("chars_out") or 0

    @property
    def ok(self) -> int:
        return self.statuses["ok"]

    @property
    def dropped(self) -> int:
        return sum(n for status, n in self.statuses.items() if status in DROPPED)

    @property
    def failed(self) -> int:
        return sum(n for status, n in self.statuses.items() if status not in PROCESSED)

    @property
    def exit_code(self) -> int:
        """0 when every input was processed (residue-only and binary documents count as
        processed), 1 when any input could not be read or written."""
        return 1 if self.failed else 0

    def summary(self) -> dict:
        """The run in numbers, for `--summary-json` and the closing lines on stderr."""
        elapsed = max(time.monotonic() - self.started, 1e-9)
        return {
            "documents": self.documents,
            "ok": self.ok,
            "dropped": self.dropped,
            "failed": self.failed,
            "skipped_as_done": self.skipped,
            "statuses": dict(sorted(self.statuses.items())),
            "dropped_documents_by_reason": dict(self.drops.most_common()),
            "dropped_lines_by_reason": dict(self.reasons.most_common()),
            "languages": dict(self.languages.most_common()),
            "chars_in": self.chars_in,
            "chars_out": self.chars_out,
            "bytes_in": self.bytes_in,
            "elapsed_s": round(elapsed, 3),
            "docs_per_s": round((self.documents - self.skipped) / elapsed, 2),
            "mb_per_s": round((self.bytes_in - self.bytes_skipped) / 1e6 / elapsed, 3),
            "exit_code": self.exit_code,
        }


def format_summary(summary: dict, top: int = 8) -> list[str]:
    """The closing lines on stderr, from `Totals.summary()`."""

    def most(counts: dict) -> str:
        items = list(counts.items())
        text = ", ".join(f"{key} {n}" for key, n in items[:top])
        return text + (f", ... ({len(items) - top} more)" if len(items) > top else "")

    s = summary
    lines = [
        f"cleaner: {s['documents']} documents in {s['elapsed_s']:.1f}s ({s['docs_per_s']:.1f} docs/s, "
        f"{s['mb_per_s']:.2f} MB/s): ok {s['ok']}, dropped {s['dropped']}, failed {s['failed']}"
    ]
    if s["skipped_as_done"]:
        lines.append(f"  resumed: {s['skipped_as_done']} documents were already done (not in the rates)")
    if s["dropped_documents_by_reason"]:
        lines.append(f"  documents dropped: {most(s['dropped_documents_by_reason'])}")
    if s["failed"]:
        lines.append("  failed: see the rows with status \"failed\" in the manifest")
    if s["dropped_lines_by_reason"]:
        lines.append(f"  lines dropped: {most(s['dropped_lines_by_reason'])}")
    if s["languages"]:
        lines.append(f"  languages: {most(s['languages'])}")
    return lines
