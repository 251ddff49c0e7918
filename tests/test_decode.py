"""decode: BOMs, UTF-8, cp1252, UTF-16 without BOM, meta charset, binary; never raises."""

from __future__ import annotations

import codecs
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.decode import _CONTROL_BYTES, _SNIFF, _checked, decode
from cleaner.types import Decoded

TEXT = "Café owners say “prices” doubled — again.\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le"),
        (codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), "utf-32-be"),
        (TEXT.encode("utf-8"), "utf-8"),
        ((TEXT * 5).encode("utf-16-le"), "utf-16-le"),
        ((TEXT * 5).encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_unicode_encodings_round_trip(data, encoding):
    decoded = decode(data)
    assert decoded.status == "ok"
    assert decoded.encoding == encoding
    assert TEXT in decoded.text


def test_cp1252_is_detected_and_named():
    decoded = decode((TEXT * 3).encode("cp1252"))
    assert decoded.encoding == "cp1252"
    assert decoded.text == TEXT * 3


def test_meta_charset_is_honoured():
    page = '<html><head><meta charset="iso-8859-7"></head><body>Καλημέρα κόσμε, τι κάνεις σήμερα;</body></html>'
    decoded = decode(page.encode("iso-8859-7"))
    assert decoded.method == "meta"
    assert "Καλημέρα" in decoded.text


@pytest.mark.parametrize("data", [b"\x00\x01\x02\x03\x04\x05\xff\xd8\xff", bytes(range(256)) * 4, b"PK\x03\x04\x14\x00\x00\x00\x08\x00"])
def test_binary_input_is_reported_not_raised(data):
    assert decode(data).status == "binary"


def test_empty_input_is_empty_text():
    decoded = decode(b"")
    assert (decoded.status, decoded.text) == ("ok", "")


def test_invalid_utf8_in_the_middle_still_decodes():
    decoded = decode("Grüße aus Köln. ".encode("utf-8") * 20 + b"\xff\xfe bad \xc3 bytes" + "Ende.".encode("utf-8"))
    assert decoded.status == "ok"
    assert decoded.text.startswith("Grüße aus Köln.") and decoded.text.endswith("Ende.")


CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")  # the first definition of what `_checked` counts
CHARS = ["a", "\x00", "\x08", "\t", "\n", "\x0b", "\x0c", "\r", "\x1f", "\x7f", "\x80", "é", "\u2028", "\ud800", "😀"]


@settings(max_examples=2000, deadline=None)
@given(st.text(st.sampled_from(CHARS), max_size=60))
def test_control_characters_counted_as_bytes(text):
    encoded = text.encode("utf-8", "surrogatepass")
    assert len(encoded) - len(encoded.translate(None, _CONTROL_BYTES)) == len(CONTROL.findall(text))


@pytest.mark.parametrize("head, tail", [(0, 0), (3, 0), (4000, 0), (3500, 70000), (0, 70000), (5000, 70000)])
def test_control_share_the_same_from_the_input_bytes(head, tail):
    """UTF-8 input is counted from its own bytes when the text is all sample, else from the
    sample encoded: the same verdict as from the text encoded again."""
    text = "\x01" * head + "Grüße aus Köln, “quoted”.\n" * 2000 + "x" * tail
    data = text.encode("utf-8")
    expected = "binary" if len(CONTROL.findall(text[:_SNIFF])) > 0.05 * len(text[:_SNIFF]) else "ok"
    assert decode(data).status == expected
    assert _checked(Decoded(text, "utf-8", "utf-8"), data).status == _checked(Decoded(text, "utf-8", "utf-8")).status == expected
