"""The per-document function: bytes or text in, a `Document` out.

Pure and picklable: it reads nothing but its arguments (and the package's own data files),
writes nothing, and keeps no state between calls, so it runs the same in a worker process
or on a cluster. The stages, top to bottom, are the modules of the same names.
"""

from __future__ import annotations

import hashlib
from functools import partial

from cleaner.assemble import assemble, shows_title
from cleaner.classify import classify
from cleaner.config import DEFAULT_CONFIG, CleanConfig
from cleaner.dates import parse_dateline
from cleaner.decode import decode
from cleaner.extract import extract
from cleaner.language import detect_language
from cleaner.normalize import normalize
from cleaner.rules import Origin, lexicon_for
from cleaner.segment import segment
from cleaner.types import Document, Line, Metadata, Verdict


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

    utf8 = raw if decoded is not None and decoded.method == "utf-8" else None  # the text's own bytes
    extracted = extract(text, config.format, config.metadata, utf8)
    if extracted.status != "ok":
        return Document(
            status=extracted.status, text="", format=extracted.format, encoding=encoding, reason=extracted.reason, **base
        )
    lines = segment(normalize(extracted.text))
    rules = config.rules
    active = rules.active(origin or Origin(source)) if rules.rules else ()
    classify_lines = partial(
        classify,
        lexicon=lexicon_for(rules, active),
        limits=config.thresholds,
        disabled=rules.disabled(active),
        boilerplate=config.boilerplate,
        max_context_share=config.max_context_share,
        # trafilatura has judged an HTML page's blocks with its markup: the first pass leaves
        # the context pass and dangling headings out; `settle` applies them to the clean text.
        # Dev HTML pages (804, P/R/F1): both in both passes 0.932/0.921/0.926 (before lexicon
        # round 2); in neither 0.931/0.949/0.940, but then cleaning the output again as text
        # dropped lines (not idempotent); in settle only 0.941/0.923/0.932.
        context=extracted.format != "html",
        memo={},  # settle classifies the lines again: what is known of each line is kept
        line_classifier=config.context,
    )
    verdicts, facts = classify_lines(lines, _one_line(extracted.title))
    title = facts.title  # the HTML title if it passed as one, else the first line left
    # Only a title from the HTML is put first; a title from the text is its first kept line.
    html_title = title if title and title == _one_line(extracted.title) else ""
    # The clean text is plain text, and cleaning it again must change nothing: it settles
    # under the text rules, the context pass and dangling headings included.
    verdicts, shown_title = settle(lines, verdicts, html_title, partial(classify_lines, context=True))
    clean_text = assemble(lines, verdicts, shown_title)
    if not html_title:
        title = next((line.text for line, v in zip(lines, verdicts) if v.keep), "")
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
        flags=facts.flags,
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


def settle(
    lines: tuple[Line, ...], verdicts: tuple[Verdict, ...], title: str, classify_lines=classify
) -> tuple[tuple[Verdict, ...], str]:
    """Classify the clean text again until nothing more goes: (verdicts, title to show).

    The line classifier judges a line by its neighbours, and the clean text has other
    neighbours than the input: a line kept beside a menu may stand among residue once the
    menu is gone. Cleaning must be idempotent (cleaning the clean text changes nothing), so
    the lines the classifier drops from the clean text are dropped here, with that pass's
    verdict, until a pass drops nothing. Every pass but the last drops a line, so this ends;
    one pass, dropping nothing, is the rule. An HTML title that `assemble` puts first and a
    pass drops is left out of the text (it stays in the metadata). `classify_lines` is the
    classifier with the document's settings (lexicon, user rules, thresholds).
    """
    current = list(verdicts)
    for _ in range(len(lines) + 1):
        kept = [i for i, v in enumerate(current) if v.keep]
        # The lines of the clean text, as `segment` splits `assemble(lines, current, title)`:
        # the title when it is put first, then the kept lines. The classifier reads only
        # their texts, so the kept `Line`s serve as they are (their numbers are the input's).
        offset = 1 if shows_title(lines[kept[0]].text if kept else None, title) else 0
        again = (Line(1, 0, title),) * offset + tuple(lines[i] for i in kept)
        re_verdicts, _ = classify_lines(again, "")
        if offset and not re_verdicts[0].keep:
            title = ""
        dropped = [(kept[j], v) for j, v in enumerate(re_verdicts[offset:]) if not v.keep]
        for i, verdict in dropped:
            current[i] = verdict
        if not dropped and not (offset and not re_verdicts[0].keep):
            break
    return tuple(current), title


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
