"""Plain, immutable values passed between the pipeline stages.

Every stage takes one of these and returns a new one; none mutates its input.
They are frozen dataclasses with slots, so they pickle cheaply to worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Decoded:
    """Result of the decode stage.

    `status` is "ok" or "binary" (NUL bytes or undecodable input; `text` is then "").
    `method` says how the encoding was chosen: "bom", "utf-8", "utf-8-lossy" (a few broken
    bytes replaced by U+FFFD), "meta", "detected" or "none".
    """

    text: str
    encoding: str
    method: str
    status: str = "ok"


@dataclass(frozen=True, slots=True)
class Extracted:
    """Result of the extract stage: main text plus trafilatura's metadata.

    For plain-text input the text passes through unchanged with `format="text"`.
    `status` is "ok", "extract-empty" or "parser-limit" (the HTML parser stopped part way,
    `reason` says why).
    """

    text: str
    format: str
    title: str = ""
    author: str = ""
    date: str = ""
    status: str = "ok"
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line of the normalized text.

    `n` is the 1-based line number in the normalized text (blank lines count),
    `block` the 0-based index of its blank-line-separated block.
    """

    n: int
    block: int
    text: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """The classifier's decision on one line.

    `reason` is "content" for kept lines, else a code from `cleaner.reasons.REASONS`;
    `rule` names the rule that decided (e.g. "phrase", "tail-zone"); `evidence` says what
    it saw (the matched phrase, a measured value).
    """

    keep: bool
    reason: str
    rule: str
    evidence: str = ""


KEEP = Verdict(True, "content", "default")


@dataclass(frozen=True, slots=True)
class Language:
    """A language code ("und" when undetermined) and its probability, rounded to 3 places."""

    code: str
    prob: float


@dataclass(frozen=True, slots=True)
class Metadata:
    """Document-level facts gathered on the way: from the HTML and from dropped head lines."""

    title: str = ""
    author: str = ""
    date: str = ""
    attribution: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """Everything known about one cleaned document.

    `status` is "ok", or a document-level outcome: "binary", "extract-empty", "empty"
    (nothing left after cleaning), "too-large" (input over `CleanConfig.max_bytes`),
    "parser-limit" (the HTML parser stopped part way: nested too deep), "timeout" (over
    `CleanConfig.time_limit`, see `cleaner.guard`), "failed" (the I/O layer could not read or
    write it, or the pipeline raised). `text` is the clean text ("" unless status is "ok");
    `reason` says more for the statuses that need it (the size, the limit, the error).
    `flags` are notes for a reviewer: "safety-valve" when the line classifier would have
    removed too much of the document and kept its uncertain lines instead
    (`cleaner.context.context_pass`).
    """

    source: str
    status: str
    text: str
    format: str
    encoding: str
    lines: tuple[Line, ...] = ()
    verdicts: tuple[Verdict, ...] = ()
    metadata: Metadata = field(default_factory=Metadata)
    language: Language = field(default_factory=lambda: Language("und", 0.0))
    sha256: str = ""
    chars_in: int = 0
    reason: str = ""
    flags: tuple[str, ...] = ()

    @property
    def lines_dropped(self) -> int:
        return sum(not v.keep for v in self.verdicts)

    def dropped_by_reason(self) -> dict[str, int]:
        """Count of dropped lines per reason, sorted by reason."""
        counts: dict[str, int] = {}
        for verdict in self.verdicts:
            if not verdict.keep:
                counts[verdict.reason] = counts.get(verdict.reason, 0) + 1
        return dict(sorted(counts.items()))
