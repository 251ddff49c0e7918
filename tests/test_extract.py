"""extract: parsing a page from its UTF-8 bytes gives trafilatura.load_html's tree."""

from __future__ import annotations

import pytest
import trafilatura
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from trafilatura.utils import INVALID_XML_CHARS

from cleaner.extract import _XML_FORBIDDEN, extract, load_html

BODY = "<p>" + "The council met on Tuesday and agreed to repair the old bridge before winter. " * 4 + "</p>"
PAGE = f"<!DOCTYPE html>\n<html><head><title>Bridge</title></head><body><article>{BODY}</article></body></html>"
DEEP = "<html><body><p>" + "<div>" * 300 + "too deep" + "</div>" * 300 + "</p></body></html>"
XHTML = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'
    f"\n<html><body>{BODY}</body></html>"
)


def same_tree(text: str) -> bool:
    ours, theirs = load_html(text, text.encode("utf-8")), trafilatura.load_html(text)
    if ours is None or theirs is None:
        return ours is theirs
    return etree.tostring(ours) == etree.tostring(theirs)


@pytest.mark.parametrize(
    "text",
    [
        PAGE,
        PAGE.replace("<!DOCTYPE html>\n", ""),
        XHTML,  # trafilatura deletes a doctype with a "/" in it
        XHTML.replace("\n", " "),  # ... and adds a newline to a page without one
        PAGE.replace("Tuesday", "Tues\x0cday\x00"),  # characters XML forbids
        PAGE.replace("Tuesday", "Tuesday\ufffe"),
        PAGE.replace("<html>", "<html/>"),
        "\xa0\n" + PAGE.replace("<!DOCTYPE html>\n", ""),  # a space lxml sees in a str only
        '<?xml version="1.0" encoding="utf-8"?>\n<html><body>' + BODY + "</body></html>",  # a str lxml refuses
        "<p>Grüße aus Köln — “quoted” 😀</p>" * 3,
        "<div>no html in the first 50 characters</div>",
        DEEP,
    ],
)
def test_utf8_bytes_parse_to_trafilaturas_tree(text):
    assert same_tree(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["<!DOCTYPE html>", "<!doctype html/>", "<html>", "<html/>", "<head>", "<title>T</title>", "<body>",
             "<p>", "</p>", "<div class='a'>", "</div>", "<br/>", "\n", " ", "\xa0", "\t", "\x0b", "\x1f", "&amp;",
             "ä", "€", "𝄞", "\ufeff", "<!-- c -->", "<?xml version='1.0' encoding='utf-8'?>", "word "]
        ),
        max_size=30,
    )
)
def test_any_page_parses_to_trafilaturas_tree(parts):
    assert same_tree("".join(parts))


def test_the_forbidden_bytes_are_trafilaturas_invalid_xml_characters():
    deleted = {chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000 and INVALID_XML_CHARS.match(chr(c))}
    assert {b.decode() for b in _XML_FORBIDDEN} == deleted


def test_extract_is_the_same_with_and_without_the_bytes():
    assert extract(DEEP, "html", utf8=DEEP.encode()).status == "parser-limit"
    for text in (PAGE, XHTML, PAGE.replace("Tuesday", "Tues\x07day"), DEEP):
        assert extract(text, "html", utf8=text.encode()) == extract(text, "html")
