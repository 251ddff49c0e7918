"""`key` takes a byte-table path for Latin-1 text; it must equal the first, regex definition."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.lexicons import key

_NON_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")


def reference(text: str) -> str:
    """The first definition of `key`."""
    return " ".join(_DIGITS.sub("0", _NON_WORD.sub(" ", text.casefold())).split())


@settings(max_examples=3000, deadline=None)
@given(st.text(st.sampled_from([chr(c) for c in range(256)] + list("ł“”„’—…€™İΣﬁ٣\u212aſ😀\ud800") + ["\u0301"]), max_size=40))
def test_key_equals_regex_definition(text):
    assert key.__wrapped__(text) == reference(text)


def test_key_examples():
    assert key("Ärger über 12,5 % — ÉTÉ ½ ²") == "ärger über 0 0 été ½ ²"
    assert key("STRASSE Straße µm") == "strasse strasse μm"
    assert key("a_b  007x") == "a b 0x"
