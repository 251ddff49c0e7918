"""Stage 3, normalize: repair encodings, keep the author's typography, tidy whitespace.

Steps, in order:
1. HTML character references that end in ";" are unescaped (`&amp;` -> `&`, `&#8217;` -> `’`).
   Done here, deterministically, rather than by ftfy's `unescape_html="auto"`, which turns
   itself off for the rest of a document after the first "<". References without ";" stay
   as written (`a&notation` is not `a¬ation`).
2. ftfy repairs mojibake ("doesnâ€™t" -> "doesn’t") with the config below; text that is
   pure ASCII cannot hold mojibake and skips it. ftfy fixes each line on its own, and only
   the lines it could change are given to it (`fix_text`, an exact pre-check).
3. NFC; control characters and invisible zero-width/soft-hyphen characters removed;
   NBSP and other Unicode spaces become " "; whitespace collapsed inside lines; lines
   stripped; every line break form ("\\r\\n", "\\r", U+2028, ...) becomes "\\n"; runs of blank
   lines become one blank line. Each of these is one pass over the whole text.
"""

from __future__ import annotations

import html
import re
import unicodedata

import ftfy

from cleaner.mojibake import SUSPECTS

FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,  # done by `_unescape` below: ftfy's "auto" switches off after a "<"
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,  # keep the author's typography ("ﬁ" is what the page says)
    fix_character_width=False,  # full-width forms are correct CJK punctuation
    uncurl_quotes=False,  # keep curly quotes: they are the author's, and models should see them
    fix_line_breaks=False,  # line breaks are handled by str.splitlines below
    fix_surrogates=True,
    remove_control_chars=True,
    normalization="NFC",
    explain=False,  # nobody reads the plan; building it costs time
)
# `fix_text` knows which segments the encoding and character fixers can change; with any of
# the other fixers turned on above, every text goes through ftfy.
_FAST_PATH_CONFIG = FTFY_CONFIG.unescape_html is False and FTFY_CONFIG.normalization in ("NFC", None) and not (
    FTFY_CONFIG.fix_latin_ligatures or FTFY_CONFIG.fix_character_width or FTFY_CONFIG.uncurl_quotes or FTFY_CONFIG.fix_line_breaks
)

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Invisible characters with no meaning in running text. ZWJ/ZWNJ (U+200C/D) and the bidi marks
# stay: they change how emoji, Persian and Indic text render.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff\u180e]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_OTHER_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# What str.splitlines() splits at, besides "\n" and "\r\n".
_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BLANKS = re.compile("\n{3,}")


def normalize(text: str) -> str:
    """Return the normalized text: one "\\n" per line break, at most one blank line in a row.

    >>> normalize("doesnâ€™t\\r\\n\\r\\n\\r\\n  Tom &amp; Jerry\\u00a0 ")
    'doesn’t\\n\\nTom & Jerry'
    >>> normalize("“Curly” quotes and the ﬁ ligature stay")
    '“Curly” quotes and the ﬁ ligature stay'
    """
    if "&" in text:
        text = _ENTITY.sub(_unescape, text)
    # The passes below over the whole text give what `tidy_line` gives on each line of
    # `text.splitlines()`: line breaks become "\n" first, and no later pass touches or crosses
    # a "\n" (NFC never composes with it; it is in neither _CONTROL nor _SPACES).
    if not text.isascii():
        text = _unify_breaks(fix_text(text))
        text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    else:
        text = _unify_breaks(text)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    if _OTHER_SPACES.search(text):
        text = _OTHER_SPACES.sub(" ", text)
    while "  " in text:  # runs of spaces become one
        text = text.replace("  ", " ")
    text = text.replace(" \n", "\n").replace("\n ", "\n")  # lines stripped
    if "\n\n\n" in text:
        text = _BLANKS.sub("\n\n", text)
    return text.strip(" \n")


def fix_text(text: str) -> str:
    """`ftfy.fix_text(text, FTFY_CONFIG)`, with ftfy run only on the lines it could change.

    ftfy fixes each segment (a line and its "\\n") on its own; a segment without any
    character ftfy could act on (`cleaner.mojibake`) and already in NFC comes back unchanged,
    so it is not given to ftfy. Most lines of most documents are such lines.

    >>> fix_text("Plain line.\\nThe café doesnâ€™t open.\\n")
    'Plain line.\\nThe café doesn’t open.\\n'
    """
    if SUSPECTS is None or len(text) > FTFY_CONFIG.max_decode_length or not _FAST_PATH_CONFIG:
        return ftfy.fix_text(text, FTFY_CONFIG)
    spans = SUSPECTS.segments(text)
    if not unicodedata.is_normalized("NFC", text):
        spans = sorted(set(spans) | set(_unnormalized_segments(text)))
    if not spans:
        return text
    out: list[str] = []
    done = 0
    for start, stop in spans:
        out.append(text[done:start])
        out.append(ftfy.fix_text(text[start:stop], FTFY_CONFIG))
        done = stop
    out.append(text[done:])
    return "".join(out)


def _unify_breaks(text: str) -> str:
    """Every line break that str.splitlines() knows becomes "\\n"."""
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    for ch in _BREAKS:
        if ch in text:
            text = text.replace(ch, "\n")
    return text


def _unnormalized_segments(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for line in text.split("\n"):
        stop = start + len(line) + 1
        if not unicodedata.is_normalized("NFC", line):
            spans.append((start, min(stop, len(text))))
        start = stop
    return spans


def tidy_line(line: str) -> str:
    """NFC, no control or invisible characters, single spaces, stripped.

    >>> tidy_line("  a\\u00a0\\u00a0b\\u200b c\\x07 ")
    'a b c'
    """
    if not line.isascii():
        line = unicodedata.normalize("NFC", _INVISIBLE.sub("", line))
    if not line.isprintable():
        line = _CONTROL.sub("", line)
    return _SPACES.sub(" ", line).strip()


def _unescape(match: re.Match[str]) -> str:
    return html.unescape(match.group(0))
