"""The per-document function: bytes or text in, a `Document` out.

Pure and picklable: it reads nothing but its arguments (and the package's own data files),
writes nothing, and keeps no state between calls, so it runs the same in a worker process
or on a cluster. The stages, top to bottom, are the modules of the same names.
"""

from __future__ import annotations

import hashlib

from cleaner.assemble import assemble
from cleaner.classify import classify
from cleaner.config import DEFAULT_CONFIG, CleanConfig
from cleaner.dates import parse_dateline
from cleaner.decode import decode
from cleaner.extract import extract
from cleaner.language import detect_language
from cleaner.normalize import normalize
from cleaner.rules import Origin, lexicon_for
from cleaner.segment import segment
from cleaner.types import Document, Metadata


def clean_document(
    data: bytes | str, source: str = "<input>", config: CleanConfig = DEFAULT_CONFIG, origin: Origin | None = None
) -> Document:
    """Clean one document. Never raises on bad input: the outcome is in `Document.status`.
    `origin` (path and URL) decides which scoped user rules apply; by default the path is
    `source`."""
    raw = _raw(data)
    if config.max_bytes and len(raw) > config.max_bytes:
        return unprocessed(raw, source, "too-large", f"{len(raw)} bytes, over max_bytes={config.max_bytes}")
    base = {"source": source, "sha256": hashlib.sha256(raw).hexdigest(), "chars_in": 0}
    decoded = decode(raw) if isinstance(data, bytes) else None
    if decoded is not None and decoded.status != "ok":
        return Document(status=decoded.status, text="", format="binary", encoding="", **base)
    text = decoded.text if decoded is not None else data
    encoding = decoded.encoding if decoded is not None else "str"
    base["chars_in"] = len(text)

    extracted = extract(text, config.format, config.metadata)
    if extracted.status != "ok":
        return Document(
            status=extracted.status, text="", format=extracted.format, encoding=encoding, reason=extracted.reason, **base
        )
    lines = segment(normalize(extracted.text))
    rules = config.rules
    active = rules.active(origin or Origin(source)) if rules.rules else ()
    verdicts, facts = classify(
        lines,
        _one_line(extracted.title),
        lexicon_for(rules, active),
        config.thresholds,
        rules.disabled(active),
        boilerplate=config.boilerplate,
    )
    title = facts.title  # the HTML title if it passed as one, else the first line left
    clean_text = assemble(lines, verdicts, title)
    kept = "\n".join(line.text for line, v in zip(lines, verdicts) if v.keep)
    metadata = Metadata(
        title=title,
        author=_one_line(extracted.author) or facts.author,
        date=_iso_date(extracted.date) or facts.date,
        attribution=facts.attribution,
    )
    return Document(
        status="ok" if clean_text else "empty",
        text=clean_text,
        format=extracted.format,
        encoding=encoding,
        lines=lines,
        verdicts=verdicts,
        metadata=metadata,
        language=detect_language(kept, config.min_lang_letters, config.lang_max_chars),
        **base,
    )


def document_lines(data: bytes | str, config: CleanConfig = DEFAULT_CONFIG) -> tuple[str, ...]:
    """The lines `clean_document` would classify (decoded, extracted, normalized), or ()
    for input it would not classify. Pass 1 of the corpus boilerplate count (`cleaner.boilerplate`)."""
    raw = _raw(data)
    if config.max_bytes and len(raw) > config.max_bytes:
        return ()
    decoded = decode(raw) if isinstance(data, bytes) else None
    if decoded is not None and decoded.status != "ok":
        return ()
    extracted = extract(decoded.text if decoded is not None else data, config.format, config.metadata)
    if extracted.status != "ok":
        return ()
    return tuple(line.text for line in segment(normalize(extracted.text)))


def unprocessed(data: bytes | str, source: str, status: str, reason: str) -> Document:
    """The Document of an input that was not cleaned: no text, its identity, and why."""
    return Document(
        source=source,
        status=status,
        text="",
        format="",
        encoding="",
        sha256=hashlib.sha256(_raw(data)).hexdigest(),
        reason=reason,
    )


def _raw(data: bytes | str) -> bytes:
    return data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data


def _one_line(text: str) -> str:
    """A metadata field normalized like the body lines (the title may head the clean text)."""
    return " ".join(normalize(text).split("\n")) if text else ""


def _iso_date(text: str) -> str:
    """trafilatura gives ISO dates already; anything else goes through the dateline parser."""
    return (parse_dateline(text) or text) if text else ""
