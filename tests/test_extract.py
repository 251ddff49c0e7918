"""extract: the shortcuts past trafilatura's copies give what trafilatura gives: parsing a page
from its UTF-8 bytes, trafilatura.load_html's tree; main_text, bare_extraction's text."""

from __future__ import annotations

from pathlib import Path

import pytest
import trafilatura
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.settings import Extractor
from trafilatura.utils import INVALID_XML_CHARS

from cleaner.extract import _ARGUMENTS, _XML_FORBIDDEN, extract, load_html, main_text
from cleaner.htmlmeta import page_metadata

BODY = "<p>" + "The council met on Tuesday and agreed to repair the old bridge before winter. " * 4 + "</p>"
PAGE = f"<!DOCTYPE html>\n<html><head><title>Bridge</title></head><body><article>{BODY}</article></body></html>"
DEEP = "<html><body><p>" + "<div>" * 300 + "too deep" + "</div>" * 300 + "</p></body></html>"
XHTML = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'
    f"\n<html><body>{BODY}</body></html>"
)


def same_tree(text: str) -> bool:
    """Whether load_html gives trafilatura.load_html's tree, with the UTF-8 bytes and without."""
    theirs = trafilatura.load_html(text)
    for ours, _ in (load_html(text, text.encode("utf-8")), load_html(text)):
        if (ours is None or theirs is None) and ours is not theirs:
            return False
        if ours is not None and etree.tostring(ours) != etree.tostring(theirs):
            return False
    return True


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


GOLDEN_HTML = sorted(Path(__file__).parent.parent.glob("golden/*/input.html"))
SHORT = "<html><body><nav><a href='/'>Home</a></nav><div><span>Just a few words here.</span></div></body></html>"
TABLE = f"<html><body><article>{BODY}<table><tr><td>Cell one</td><td>Cell two</td></tr></table></article></body></html>"
COMMENTS = f"<html><body><article>{BODY}</article><div id='comments'><p>First! Great post.</p></div></body></html>"


FORMS = (
    f"<html><head><title>Sign up</title></head><body><article>{BODY}<form action='/s'><label for='e'>Email</label>"
    "<input id='e' name='e' value='you@example.com'><select name='c'><option>Daily</option></select>"
    "<textarea name='t'>Your comment</textarea><button>Subscribe</button></form></article></body></html>"
)
PAGES = [PAGE, XHTML, SHORT, TABLE, COMMENTS, FORMS, "<html><body></body></html>", *(p.read_text("utf-8") for p in GOLDEN_HTML)]


@pytest.mark.parametrize("page", PAGES)
def test_main_text_is_bare_extractions_text(page):
    doc = trafilatura.bare_extraction(trafilatura.load_html(page), **_ARGUMENTS)
    expected = (doc.text or "") if doc is not None else ""
    assert main_text(trafilatura.load_html(page)) == expected
    assert main_text(load_html(page, page.encode())[0]) == expected


@pytest.mark.parametrize("page", PAGES)
def test_our_tree_gives_trafilaturas_metadata(page):
    assert page_metadata(load_html(page, page.encode())[0]) == page_metadata(trafilatura.load_html(page))


def test_the_fast_parse_makes_form_elements_plain_html_elements():
    tree, stopped = load_html(FORMS, FORMS.encode())
    assert stopped == ""
    assert {type(tree.find(f".//{tag}")) for tag in ("form", "input", "select", "textarea", "label")} == {HtmlElement}
    assert type(trafilatura.load_html(FORMS).find(".//form")) is not HtmlElement  # lxml.html's FormElement


def test_main_text_sets_bare_extractions_options(monkeypatch):
    import trafilatura.core

    seen = []
    sequence = trafilatura.core.trafilatura_sequence

    def spy(tree, options, url=None):
        seen.append({name: getattr(options, name) for name in Extractor.__slots__})
        return sequence(tree, options, url)

    monkeypatch.setattr(trafilatura.core, "trafilatura_sequence", spy)
    trafilatura.bare_extraction(trafilatura.load_html(PAGE), **_ARGUMENTS)
    main_text(trafilatura.load_html(PAGE))
    assert len(seen) == 2 and seen[0] == seen[1]


def test_pages_that_start_with_an_xml_declaration_or_a_script_are_html():
    """XHTML pages start with `<?xml ...?>`, some pages with a <script> or a <style> block
    longer than the sniffed head: found as text, their markup went to the output."""
    from cleaner.pipeline import clean_document

    page = "<head><title>Library</title></head><body><article><p>" + "The council voted to keep the library open. " * 6
    page += "</p></article></body></html>"
    xhtml = (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'
    )
    script = "<script src='/a.js'></script><style>" + "p {color: red}" * 400 + "</style><html>"
    for start in (xhtml, script):
        doc = clean_document((start + page).encode("utf-8"))
        assert doc.format == "html", start[:20]
        assert "<" not in doc.text and "The council voted" in doc.text
