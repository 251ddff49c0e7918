"""Stage 2, extract: HTML -> main text with trafilatura; plain text passes through.

HTML is recognised by its content (a doctype or an html/head/body tag near the start, or
markup dense enough to be a page), not by the file name. trafilatura's text output puts one
paragraph per line; each becomes its own block here, except runs of list items ("- "),
which stay together. trafilatura returns None for several different reasons; here that is
always the explicit status `extract-empty`.
"""

from __future__ import annotations

import re

from cleaner.htmlmeta import page_metadata
from cleaner.types import Extracted

# \A: used with .match only, but linear under .search too (tests/adversarial/test_regex.py).
_HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
_TAG = re.compile(r"</?(?:p|div|span|a|br|li|ul|h[1-6]|article|section|table|td|tr|img)\b[^>]*>", re.I)
_SNIFF = 4096


def looks_like_html(text: str) -> bool:
    """Sniff whether `text` is an HTML page or fragment.

    >>> looks_like_html("<!DOCTYPE html><html><body>x</body></html>")
    True
    >>> looks_like_html("We compared a < b and b > c in the text.")
    False
    >>> looks_like_html("<p>One</p><p>Two</p><div>three</div><a href=x>four</a>")
    True
    """
    head = text[:_SNIFF]
    if _HTML_START.match(head):
        return True
    return len(_TAG.findall(head)) >= 4


def extract(text: str, fmt: str = "auto", metadata: str = "fast") -> Extracted:
    """Run trafilatura on HTML (`fmt` "html", or "auto" and sniffed as HTML); pass text through.

    `metadata` is the level of `cleaner.htmlmeta.page_metadata` ("fast" or "full").
    """
    if fmt == "text" or (fmt == "auto" and not looks_like_html(text)):
        return Extracted(text, "text")
    import trafilatura  # imported lazily: plain-text runs never pay for it

    try:
        tree = trafilatura.load_html(text)
        stopped = _parser_stopped()
        if stopped:
            return Extracted("", "html", status="parser-limit", reason=f"HTML parser stopped: {stopped}")
        meta = page_metadata(tree, metadata)  # before extraction, which prunes the tree
        doc = trafilatura.bare_extraction(
            tree,
            with_metadata=False,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
        )
    except Exception:  # trafilatura raises on some malformed trees; that is an empty extraction
        doc = None
    body = (doc.text or "") if doc is not None else ""
    if not body.strip():
        return Extracted("", "html", status="extract-empty")
    return Extracted(
        _blocks(body),
        "html",
        title=meta.title.strip(),
        author=meta.author.strip(),
        date=meta.date.strip(),
    )


def _parser_stopped() -> str:
    """libxml2's message when the last parse hit one of its limits, else "".

    Past 256 levels of nesting (or a 10 MB text node) libxml2 stops and returns the tree so
    far, without an exception: trafilatura would extract the top of the page and nothing
    after it. Such a page gets a status instead of a silently cut text. trafilatura parses
    with one module-level parser, whose error log holds the last parse (per process; threads
    share it).
    """
    from trafilatura.utils import HTML_PARSER

    for error in HTML_PARSER.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT" or "XML_PARSE_HUGE" in error.message:
            return error.message.strip()
    return ""


def _blocks(body: str) -> str:
    """One paragraph per block; consecutive list items stay in one block.

    >>> _blocks("Title\\nPara one.\\n- a\\n- b\\nPara two.")
    'Title\\n\\nPara one.\\n\\n- a\\n- b\\n\\nPara two.'
    """
    out: list[str] = []
    previous_item = False
    for line in body.split("\n"):
        if not line.strip():
            continue
        item = line.startswith("- ")
        if out and not (item and previous_item):
            out.append("")
        out.append(line)
        previous_item = item
    return "\n".join(out)
