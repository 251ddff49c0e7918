"""Stage 3, normalize: repair encodings, keep the author's typography, tidy whitespace.

Steps, in order:
1. HTML character references that end in ";" are unescaped (`&amp;` -> `&`, `&#8217;` -> `’`).
   Done here, deterministically, rather than by ftfy's `unescape_html="auto"`, which turns
   itself off for the rest of a document after the first "<". References without ";" stay
   as written (`a&notation` is not `a¬ation`).
2. ftfy repairs mojibake ("doesnâ€™t" -> "doesn’t") with the config below; text that is
   pure ASCII cannot hold mojibake and skips it.
3. NFC; control characters and invisible zero-width/soft-hyphen characters removed;
   NBSP and other Unicode spaces become " "; whitespace collapsed inside lines; lines
   stripped; every line break form ("\\r\\n", "\\r", U+2028, ...) becomes "\\n"; runs of blank
   lines become one blank line.
"""

from __future__ import annotations

import html
import re
import unicodedata

import ftfy

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

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Invisible characters with no meaning in running text. ZWJ/ZWNJ (U+200C/D) and the bidi marks
# stay: they change how emoji, Persian and Indic text render.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff\u180e]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def normalize(text: str) -> str:
    """Return the normalized text: one "\\n" per line break, at most one blank line in a row.

    >>> normalize("doesnâ€™t\\r\\n\\r\\n\\r\\n  Tom &amp; Jerry\\u00a0 ")
    'doesn’t\\n\\nTom & Jerry'
    >>> normalize("“Curly” quotes and the ﬁ ligature stay")
    '“Curly” quotes and the ﬁ ligature stay'
    """
    if "&" in text:
        text = _ENTITY.sub(_unescape, text)
    if not text.isascii():
        text = ftfy.fix_text(text, FTFY_CONFIG)
    lines: list[str] = []
    blank = True  # drops leading blank lines
    for raw in text.splitlines():
        line = tidy_line(raw)
        if line:
            lines.append(line)
            blank = False
        elif not blank:
            lines.append("")
            blank = True
    if lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


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
