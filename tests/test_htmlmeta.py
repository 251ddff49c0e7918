"""HTML metadata: what the page declares, at two levels of effort."""

from __future__ import annotations

import trafilatura

from cleaner import clean
from cleaner.config import CleanConfig
from cleaner.htmlmeta import PageMetadata, page_metadata

BODY = "<p>" + "The council met on Tuesday and agreed to repair the old bridge before winter. " * 4 + "</p>"
DECLARED = f"""<html><head><title>Bridge repair | Town News</title>
<meta property="og:title" content="Council agrees bridge repair">
<meta name="author" content="Jane Miller">
<meta property="article:published_time" content="2024-03-05T09:00:00+01:00">
</head><body><article><h1>Council agrees bridge repair</h1>{BODY}</article></body></html>"""
JSON_LD = f"""<html><head><title>x</title><script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Ferry service resumes",
  "author": {{"@type": "Person", "name": "Piotr Nowak"}}, "datePublished": "2023-11-20"}}
</script></head><body><article>{BODY}</article></body></html>"""


def test_fast_reads_meta_tags():
    meta = page_metadata(trafilatura.load_html(DECLARED))
    assert meta == PageMetadata("Council agrees bridge repair", "Jane Miller", "2024-03-05")


def test_fast_reads_json_ld():
    meta = page_metadata(trafilatura.load_html(JSON_LD))
    assert (meta.author, meta.date) == ("Piotr Nowak", "2023-11-20")
    assert meta.title == "Ferry service resumes"


def test_full_agrees_on_declared_metadata():
    assert page_metadata(trafilatura.load_html(DECLARED), "full") == page_metadata(trafilatura.load_html(DECLARED))


def test_a_one_word_author_is_not_an_author():
    page = DECLARED.replace("Jane Miller", "admin")
    assert page_metadata(trafilatura.load_html(page)).author == ""


def test_no_tree_gives_empty_metadata():
    assert page_metadata(None) == PageMetadata()


def test_clean_uses_the_level_from_the_config():
    fast = clean(DECLARED.encode())
    full = clean(DECLARED.encode(), config=CleanConfig(metadata="full"))
    assert fast.metadata.author == full.metadata.author == "Jane Miller"
    assert fast.metadata.date == full.metadata.date == "2024-03-05"
    assert fast.text == full.text
