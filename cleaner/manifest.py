"""Manifest rows: one JSON object per input document, and run totals.

The row's keys are the documented manifest fields; `row()` is the only place that builds
them, so the CLI, the JSONL output and the tests agree.
"""

from __future__ import annotations

import json
from collections import Counter
import time
from dataclasses import dataclass, field

from cleaner.types import Document

# Document statuses that mean "processed": the input was read and judged.
PROCESSED = frozenset({"ok", "empty", "binary", "extract-empty"})


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
    }


def dumps(manifest_row: dict) -> str:
    """One manifest line: compact JSON, keys in field order, non-ASCII kept readable."""
    return json.dumps(manifest_row, ensure_ascii=False, separators=(",", ":"))


@dataclass
class Totals:
    """Counts over a run, for the end-of-run summary and the exit code."""

    documents: int = 0
    statuses: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    chars_in: int = 0
    chars_out: int = 0
    started: float = field(default_factory=time.monotonic)

    def add(self, manifest_row: dict) -> None:
        self.documents += 1
        self.statuses[manifest_row["status"]] += 1
        self.reasons.update(manifest_row.get("dropped_by_reason") or {})
        if manifest_row["status"] == "ok":
            self.languages[manifest_row["lang"]] += 1
        self.chars_in += manifest_row.get("chars_in") or 0
        self.chars_out += manifest_row.get("chars_out") or 0

    @property
    def failed(self) -> int:
        return sum(n for status, n in self.statuses.items() if status not in PROCESSED)

    @property
    def exit_code(self) -> int:
        """0 when every input was processed (residue-only and binary documents count as
        processed), 1 when any input could not be read or written."""
        return 1 if self.failed else 0
