"""normalize: mojibake repaired, typography kept, entities unescaped deterministically, whitespace tidied."""

from __future__ import annotations

import pytest

from cleaner.normalize import normalize


def test_mojibake_is_repaired():
    assert normalize("It doesnâ€™t matter") == "It doesn’t matter"


def test_typography_is_kept():
    text = "“Quoted” ‘single’ — ﬁne ｆｕｌｌ"
    assert normalize(text) == text


@pytest.mark.parametrize("order", [("a < b", "Tom &amp; Jerry"), ("Tom &amp; Jerry", "a < b")])
def test_entities_are_unescaped_whatever_comes_first(order):
    # ftfy's unescape_html="auto" would stop unescaping after the first "<"
    assert "Tom & Jerry" in normalize("\n".join(order)).split("\n")


def test_entities_without_semicolon_stay():
    assert normalize("a&notation and AT&T") == "a&notation and AT&T"


def test_whitespace_and_line_breaks():
    text = "  one\u00a0\u00a0two\t three \r\n\r\n\r\n\u2028four\rfive\u200b\n\n\n"
    assert normalize(text) == "one two three\n\nfour\nfive"


def test_control_characters_removed_zwj_kept():
    assert normalize("a\x07b\x1bc") == "abc"
    family = "👨\u200d👩\u200d👧"
    assert normalize(family) == family


def test_nfc():
    assert normalize("Cafe\u0301") == "Café"
