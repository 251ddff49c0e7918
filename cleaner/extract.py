"""Stage 2, extract: HTML -> main text with trafilatura; plain text passes through.

HTML is recognised by its content (a doctype or an html/head/body tag near the start, or
markup dense enough to be a page), not by the file name. trafilatura's text output puts one
paragraph per line; each becomes its own block here, except runs of list items ("- "),
which stay together. trafilatura returns None for several different reasons; here that is
always the explicit status `extract-empty`.
"""

from __future__ import annotations

import inspect
import re
from functools import cache

from lxml.html import HtmlElement

from cleaner.htmlmeta import page_metadata
from cleaner.types import Extracted

# \A: used with .match only, but linear under .search too (tests/adversarial/test_regex.py).
# The start of a page: a byte-order mark, an XML declaration (XHTML) and comments may come
# before the doctype or the first element, which may be one of the head's (a page served
# without <html> and <head> may start with a <script> or a <style> block).
_HTML_START = re.compile(
    r"\A\ufeff?\s*(?:<\?xml[^>]{0,200}\?>\s*)?(?:<!--.*?-->\s*)*"
    r"<(?:!doctype\s+html|html|head|body|meta|title|script|style|link|noscript|base)\b",
    re.I | re.S,
)
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
    >>> looks_like_html('<?xml version="1.0"?> <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">')
    True
    >>> looks_like_html("<script src='/a.js'></script><style>" + "p {color: red}" * 400)
    True
    """
    head = text[:_SNIFF]
    if _HTML_START.match(head):
        return True
    return len(_TAG.findall(head)) >= 4


def extract(text: str, fmt: str = "auto", metadata: str = "fast", utf8: bytes | None = None) -> Extracted:
    """Run trafilatura on HTML (`fmt` "html", or "auto" and sniffed as HTML); pass text through.

    `metadata` is the level of `cleaner.htmlmeta.page_metadata` ("fast" or "full"). `utf8`,
    when the caller has it, is `text` encoded in UTF-8 (the input bytes of a UTF-8 page),
    which is parsed faster than the str (`load_html`).
    """
    if fmt == "text" or (fmt == "auto" and not looks_like_html(text)):
        return Extracted(text, "text")
    try:
        tree, stopped = load_html(text, utf8)
        if stopped:
            return Extracted("", "html", status="parser-limit", reason=f"HTML parser stopped: {stopped}")
        meta = page_metadata(tree, metadata)  # before extraction, which prunes the tree
        body = main_text(tree)
    except Exception:  # trafilatura raises on some malformed trees; that is an empty extraction
        body = ""
    if not body.strip():
        return Extracted("", "html", status="extract-empty")
    return Extracted(
        _blocks(body),
        "html",
        title=meta.title.strip(),
        author=meta.author.strip(),
        date=meta.date.strip(),
    )


# bare_extraction's arguments here; `main_text` gives its Extractor the same options.
_ARGUMENTS = {"with_metadata": False, "include_comments": False, "include_tables": True, "deduplicate": False}


def main_text(tree) -> str:
    """The main text of a parsed page, as `trafilatura.bare_extraction(tree, **_ARGUMENTS).text`;
    "" when there is none.

    bare_extraction first copies the whole tree (1 ms on an average dev page) to leave the
    caller's tree as it was. Nothing uses the tree after the extraction, so this runs the
    steps bare_extraction runs with these arguments on the tree itself (it is pruned in
    place): `trafilatura_sequence`, the minimum-size check, `xmltotxt`. trafilatura_sequence
    is not public API and its signature changed between 2.x releases; with another one, or
    a trafilatura configuration that sets MAX_TREE_SIZE, bare_extraction runs as it is.
    tests/test_extract.py checks that both ways give the same text.
    """
    import trafilatura  # imported lazily: plain-text runs never pay for it
    from trafilatura.core import trafilatura_sequence
    from trafilatura.settings import Extractor
    from trafilatura.xml import xmltotxt

    if tree is None:
        return ""
    options = Extractor(output_format="python", comments=False, tables=True, dedup=False)
    if not _sequence_takes_a_raw_tree() or options.max_tree_size:
        doc = trafilatura.bare_extraction(tree, **_ARGUMENTS)
        return (doc.text or "") if doc is not None else ""
    try:
        body, text, _, comments = trafilatura_sequence(tree, options)
    except (TypeError, ValueError):  # bare_extraction's "discarding data"
        return ""
    if len(text) < options.min_output_size and len(comments) < options.min_output_comm_size:
        return ""
    return xmltotxt(body, options.formatting)


@cache
def _sequence_takes_a_raw_tree() -> bool:
    """Whether trafilatura_sequence is the 2.3 one: (tree, options, url=None) -> 4-tuple."""
    from trafilatura.core import trafilatura_sequence

    return list(inspect.signature(trafilatura_sequence).parameters) == ["tree", "options", "url"]


def load_html(text: str, utf8: bytes | None = None) -> tuple[HtmlElement | None, str]:
    """`trafilatura.load_html(text)`, faster: (the tree, libxml2's message if it stopped).

    The steps of trafilatura's load_html for a str, with two differences that leave the
    tree as it is (on the dev set: 5 ms less on an average page of 150 KB, of 58 ms):

    - The parser is trafilatura's with another element class lookup (`_parser`): lxml.html
      calls a Python method to choose the class of every element Python touches (4000 per
      page, 4 ms), for the five form elements that have their own classes (FormElement,
      InputElement, ...). Here every element is an HtmlElement, chosen in C. trafilatura,
      htmldate and justext use no method of the form classes.
    - When `utf8` (`text` in UTF-8) is given and none of trafilatura's repairs applies
      (`_repairs_apply`: 716 of the 804 dev pages), the bytes are parsed, not the str.
      trafilatura deletes the characters XML forbids (a regex over the whole page: 1 ms) and
      mends two malformed starts, then lxml hands the str to libxml2 in Python's internal
      encoding, to be converted to UTF-8. With nothing to repair, the bytes give the same
      tree (trafilatura itself parses them when lxml refuses a str).

    tests/test_extract.py checks that both give the same tree, text and metadata.
    """
    from lxml.html import fromstring
    from trafilatura.utils import is_dubious_html, repair_faulty_html

    parser = _parser()
    beginning = text[:50].lower()
    if utf8 is not None and not _repairs_apply(text, utf8):
        page: str | bytes = utf8
    else:
        page = repair_faulty_html(text, beginning)
    tried_bytes = False
    try:
        tree = fromstring(page, parser=parser)
    except ValueError:  # lxml refuses a str that declares an encoding: parse the bytes
        tree, tried_bytes = _parse_bytes(page, parser), True
    except Exception:
        tree = None
    if (tree is None or len(tree) < 1) and not tried_bytes:
        tree = _parse_bytes(page, parser)
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        tree = None  # trafilatura's verdict on a "page" with no html in its first 50 characters
    return tree, _parser_stopped(parser)


def _parse_bytes(page: str | bytes, parser) -> HtmlElement | None:
    """trafilatura's `fromstring_bytes`: the page parsed from UTF-8, None if lxml objects."""
    from lxml.html import fromstring

    try:
        return fromstring(page if isinstance(page, bytes) else page.encode("utf8", "surrogatepass"), parser=parser)
    except Exception:
        return None


@cache
def _parser():
    """trafilatura's HTML parser (same options), making every element an HtmlElement in C."""
    from lxml.etree import ElementDefaultClassLookup
    from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
    from trafilatura.utils import HTML_PARSER

    parser = HTML_PARSER.copy()
    lookup = ElementDefaultClassLookup(element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity)
    parser.set_element_class_lookup(lookup)
    return parser


# What trafilatura's INVALID_XML_CHARS deletes, as UTF-8 (tests/test_extract.py checks they agree).
_XML_FORBIDDEN = tuple(chr(c).encode() for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF))


def _repairs_apply(text: str, utf8: bytes) -> bool:
    """Whether trafilatura's `repair_faulty_html` would change `text`, or lxml would sniff the
    str and the bytes differently.

    >>> page = "<!DOCTYPE html>\\n<html><body><p>x</p></body></html>"
    >>> _repairs_apply(page, page.encode())
    False
    >>> _repairs_apply(page.replace("x", "x\\x0c"), page.replace("x", "x\\x0c").encode())
    True
    """
    from trafilatura.utils import DOCTYPE_TAG

    if any(char in utf8 for char in _XML_FORBIDDEN):  # 27 scans at memchr speed: 0.4 ms
        return True
    if "doctype" in text[:50].lower():  # the doctype repair rewrites the first line
        newline = text.find("\n")
        if newline < 0 or DOCTYPE_TAG.match(text, 0, newline):
            return True
    if any("<html" in line and line.endswith("/>") for line in text[:4096].splitlines()[:4]):
        return True
    # lxml.html.fromstring checks for a page start after leading whitespace, which in a str
    # includes non-ASCII spaces and in bytes does not.
    return not text[: len(text) - len(text.lstrip())].isascii()


def _parser_stopped(parser) -> str:
    """libxml2's message when the last parse with `parser` hit one of its limits, else "".

    Past 256 levels of nesting (or a 10 MB text node) libxml2 stops and returns the tree so
    far, without an exception: trafilatura would extract the top of the page and nothing
    after it. Such a page gets a status instead of a silently cut text. The parsers are
    module-level; a parser's error log holds its last parse (per process; threads share it).
    """
    for error in parser.error_log:
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
