"""Stage 1, decode: bytes -> `Decoded` text. Never raises.

Order of evidence: a byte-order mark (UTF-32 before UTF-16, whose BOM is a prefix of
UTF-32-LE's); strict UTF-8; UTF-16 without a BOM (recognised by its NUL pattern); a
`<meta charset>` declaration in HTML; UTF-8 with a few broken bytes (as "utf-8", the broken
bytes as U+FFFD); finally charset-normalizer's detection. Input that nothing decodes, or
whose text is more than 5% control characters (NUL included), is `binary`. A few stray NUL
bytes in a text do not make it binary: normalize removes them with the other controls.
"""

from __future__ import annotations

import codecs
import re

from cleaner.types import Decoded

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
# Share of C0 control characters (other than tab, newline, CR, form feed) above which decoded
# "text" is taken to be binary data that happened to decode.
_MAX_CONTROL_SHARE = 0.05
_SNIFF = 65536
_NON_ASCII = re.compile("[^\x00-\x7f]")
# UTF-8 with at least this many valid non-ASCII characters per broken run (one or more bytes
# that do not decode, side by side: one splice or truncation) is read as UTF-8.
_MIN_VALID_PER_BROKEN = 4
_BROKEN_RUN = re.compile("\ufffd+")
# The control characters counted, as bytes: in UTF-8 each is its own byte, and no other
# character has one of these bytes.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])

BINARY = Decoded("", "", "none", "binary")


def decode(data: bytes) -> Decoded:
    """Decode `data` to text, or report it as binary.

    >>> decode("Grüße".encode("utf-8")).encoding
    'utf-8'
    >>> decode(codecs.BOM_UTF16_LE + "hi".encode("utf-16-le")).text
    'hi'
    >>> decode(b"\\x00\\x01\\x02\\x03\\xff\\xfe\\x00").status
    'binary'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _try(data[len(bom):], encoding)
            if text is not None:
                return Decoded(text, encoding, "bom")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    text = _try(data, "utf-8")
    if text is not None:
        return _checked(Decoded(text, "utf-8", "utf-8"), data)
    lossy = _mostly_utf8(data)
    if lossy is not None:
        return _checked(Decoded(lossy, "utf-8", "utf-8-lossy"))
    declared = _meta_charset(data[:_SNIFF])
    if declared:
        text = _try(data, declared)
        if text is not None:
            return _checked(Decoded(text, declared, "meta"))
    return _checked(_detect(data))


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken bytes (a truncated or spliced file): decode it with U+FFFD for
    the broken bytes rather than let detection read the whole text as a legacy code page.

    Broken bytes are counted by runs: a splice of three stray bytes is one flaw, while text in
    a legacy code page breaks at every accented letter (and has no valid UTF-8 sequences).

    >>> _mostly_utf8("Grüße, Bäume, Flüsse ".encode() + b"\\xff\\xfe\\xc3" + " über".encode())
    'Grüße, Bäume, Flüsse \ufffd\ufffd\ufffd über'
    >>> _mostly_utf8("Grüße, Bäume, Flüsse".encode("cp1252")) is None
    True
    """
    text = data.decode("utf-8", errors="replace")
    broken = len(_BROKEN_RUN.findall(text))
    valid = len(_NON_ASCII.findall(text)) - text.count("\ufffd")
    return text if valid > 0 and valid >= _MIN_VALID_PER_BROKEN * broken else None


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text without a BOM: mostly-Latin text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return None
    half = len(sample) // 2
    zeros_even = sample[0::2].count(0) / half
    zeros_odd = sample[1::2].count(0) / half
    if zeros_odd > 0.4 and zeros_even < 0.1:
        encoding = "utf-16-le"
    elif zeros_even > 0.4 and zeros_odd < 0.1:
        encoding = "utf-16-be"
    else:
        return None
    text = _try(data, encoding)
    return None if text is None else _checked(Decoded(text, encoding, "detected"))


def _meta_charset(head: bytes) -> str:
    match = _META_CHARSET.search(head)
    if not match:
        return ""
    name = match.group(1).decode("ascii", "replace").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return ""


def _detect(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes

    try:
        best = from_bytes(data[: 4 * _SNIFF] if len(data) > 4 * _SNIFF else data).best()
    except Exception:  # charset-normalizer must never take a run down
        best = None
    if best is None:
        return BINARY
    encoding = codecs.lookup(best.encoding).name
    text = _try(data, encoding)
    if text is None:
        return BINARY
    if encoding != "cp1252" and _try(data, "cp1252") == text:
        encoding = "cp1252"  # the same text either way: name the far more common encoding
    return Decoded(text, encoding, "detected")


def _checked(decoded: Decoded, utf8: bytes | None = None) -> Decoded:
    """Turn "text" that is mostly control characters into `binary`.

    `utf8`: the bytes the text was strictly decoded from as UTF-8, which are its encoding
    (strict UTF-8 decodes one way and back): when the text is all sample, they need not be
    encoded again (7 µs a sample doc, a quarter of `decode`).

    >>> _checked(Decoded("a\\x00\\x01b", "utf-8", "utf-8"), b"a\\x00\\x01b").status
    'binary'
    """
    sample = decoded.text[:_SNIFF]
    if utf8 is not None and len(sample) == len(decoded.text):
        encoded = utf8
    else:
        encoded = sample.encode("utf-8", "surrogatepass")  # counted as bytes: 10x faster than a regex
    controls = len(encoded) - len(encoded.translate(None, _CONTROL_BYTES))
    if sample and controls > _MAX_CONTROL_SHARE * len(sample):
        return BINARY
    return decoded
