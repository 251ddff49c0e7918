"""Stage 3, normalize: repair encodings, keep the author's typography, tidy whitespace.

Steps, in order:
1. HTML character references that end in ";" are unescaped (`&amp;` -> `&`, `&#8217;` -> `’`),
   text escaped twice at once (`&amp;lt;` -> `<`); unknown names stay as written. Done here, deterministically, rather than by ftfy's `unescape_html="auto"`, which turns
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
from functools import cache
from html.entities import html5
from itertools import compress, count, repeat
from operator import ne
import re
import unicodedata
from typing import NamedTuple

import ftfy
import numpy as np

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

# A character reference, after any number of escaped "&"s ("&amp;amp;lt;" is a "<" escaped
# twice): all levels are undone at once, so normalizing normalized text changes nothing.
_ENTITY = re.compile(
    r"&(?:amp;|#0{0,5}38;|#[xX]0{0,4}26;)*(?P<ref>#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)
# Invisible characters with no meaning in running text. ZWJ/ZWNJ (U+200C/D) and the bidi marks
# stay: they change how emoji, Persian and Indic text render.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff\u180e]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# ftfy judges each "\n"-separated segment on its own, so its segments must be the lines of
# the result, or normalizing normalized text judges other segments ("‹º\u2028" stays, "‹º"
# becomes "ܼ"). "\x85" is left to ftfy, which reads it as the cp1252 "…" it usually is.
_LINE_BREAK = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\u2028\u2029]")
# The characters `_LINE_BREAK` acts on: eight `in` tests over a text take 4 µs where one scan
# of the character class took 66 (sample docs, 7.7k characters).
_BREAK_CHARS = "\r\x0b\x0c\x1c\x1d\x1e\u2028\u2029"
# At most this many extra ftfy passes over lines that tidying changed (one is the rule).
_FIX_ROUNDS = 3
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# A run of _SPACES from a character other than " ": `_collapse_spaces` makes each a space,
# then each run of spaces one space, as `_SPACES.sub(" ", ...)` does in one pass (3x slower:
# it stops at every space).
_OTHER_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000][ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]*")
_BLANK_RUN = re.compile("\n\n\n+")


def normalize(text: str) -> str:
    """Return the normalized text: one "\\n" per line break, at most one blank line in a row.

    >>> normalize("doesnâ€™t\\r\\n\\r\\n\\r\\n  Tom &amp; Jerry\\u00a0 ")
    'doesn’t\\n\\nTom & Jerry'
    >>> normalize("“Curly” quotes and the ﬁ ligature stay")
    '“Curly” quotes and the ﬁ ligature stay'
    """
    if "&" in text:
        text = _ENTITY.sub(_unescape, text)
    # The tidied lines hold no "\n" and a blank one is "": a blank line is a run of "\n"s.
    text = "\n".join(_tidy_lines(text.splitlines()) if text.isascii() else _fixed_lines(text))
    if "\n\n\n" in text:
        text = _BLANK_RUN.sub("\n\n", text)
    return text.strip("\n")


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
        out.append(_fix_segment(text[start:stop]))
        done = stop
    out.append(text[done:])
    return "".join(out)


def _fix_segment(segment: str) -> str:
    """`ftfy.fix_text(segment, FTFY_CONFIG)` of one segment (at most one "\\n", at its end).

    Most segments given to ftfy on the dev texts are not in NFC (decomposed umlauts, Bengali
    vowel signs) and hold nothing else ftfy acts on; ftfy costs about 1.5 µs a character on
    them (its heuristic runs twice). Such a segment comes back in NFC, exactly: ftfy's first
    pass leaves it alone but for NFC, as it holds no character any of its fixers acts on
    (`cleaner.mojibake`: a segment `SUSPECTS` does not flag is not `is_bad` and holds no
    escape, C1, surrogate or control character); the second pass, on the NFC text, changes
    nothing if `SUSPECTS` does not flag that either, and ftfy stops. NFC can compose new
    mojibake ("A\\u0303©" -> "Ã©"): then ftfy does the work.

    >>> _fix_segment("Fo\\u0308rdern\\n")
    'Fördern\\n'
    >>> _fix_segment("A\\u0303\\u00a9")
    'é'
    """
    if not SUSPECTS.segments(segment):
        composed = unicodedata.normalize("NFC", segment)
        if not SUSPECTS.segments(composed):
            return composed
    return ftfy.fix_text(segment, FTFY_CONFIG)


def _unnormalized_segments(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for line in text.split("\n"):
        stop = start + len(line) + 1
        if not unicodedata.is_normalized("NFC", line):
            spans.append((start, min(stop, len(text))))
        start = stop
    return spans


def _fixed_lines(text: str) -> list[str]:
    """The lines of `text` as ftfy repairs them, tidied, stable under tidying.

    ftfy judges each line as a whole, so what `tidy_line` removes afterwards can change its
    verdict on the next pass: "\xa0Ü\x86" becomes "Ü†" (and then, tidied, "Ü†"), but "Ü†"
    becomes "܆". A line that tidying changes is repaired again, tidied; otherwise
    normalizing normalized text would change it. Lines tidying leaves alone (most) are
    repaired once.

    A round repairs and tidies only the lines the last round left unsettled: the others are
    what they were, so tidying gives what it gave and they stay settled. Only when a repair
    decodes a line break do the lines change shape; then all of them are joined, split and
    tidied again.
    """
    if any(map(text.__contains__, _BREAK_CHARS)):
        text = _LINE_BREAK.sub("\n", text)
    survey = _survey(text)
    if survey is None:
        nfc, anchors, printable = unicodedata.is_normalized("NFC", text), None, None
    else:  # `_tidy_text` tests the text in NFC
        nfc, anchors, printable = survey.nfc, survey.anchors, survey.printable if survey.nfc else None
    suspect = _suspect_lines(text, nfc, anchors)
    if suspect:
        lines = text.split("\n")
        for i in suspect:
            lines[i] = _repair(lines[i])
        text = "\n".join(lines)
        lines = text.splitlines()
        tidied = _tidy_lines(lines)
    elif "\x85" in text:
        lines = text.splitlines()
        tidied = _tidy_lines(lines)
    else:
        # `text` is its lines joined: "\n" is the only line break left in it. Split at "\n"
        # they are `text.splitlines()`, and an empty last line if `text` ends with "\n"
        # (which normalize drops). Tidied as one text, and NFC known already.
        lines = text.split("\n")
        tidied = _tidy_text(text, nfc, printable).split("\n")
    unsettled = _unsettled(lines, tidied, compress(count(), map(ne, lines, tidied)))
    for _ in range(_FIX_ROUNDS):
        if not unsettled:
            return tidied
        for i in unsettled:
            lines[i] = _repair(tidied[i])
        if any(line and line.splitlines() != [line] for line in map(lines.__getitem__, unsettled)):
            lines = "\n".join(lines).splitlines()  # a repair decoded a line break
            tidied = _tidy_lines(lines)
            unsettled = _unsettled(lines, tidied, compress(count(), map(ne, lines, tidied)))
        else:
            for i, tidy in zip(unsettled, _tidy_lines([lines[i] for i in unsettled])):
                tidied[i] = tidy
            unsettled = _unsettled(lines, tidied, unsettled)
    return tidied


def _unsettled(lines: list[str], tidied: list[str], indices) -> list[int]:
    """The `indices` of lines that tidying changed and that ftfy may judge again: the line
    and its tidied form both hold a character beyond ASCII."""
    return [i for i in indices if tidied[i] != lines[i] and not lines[i].isascii() and not tidied[i].isascii()]


def _suspect_lines(text: str, nfc: bool | None = None, anchors: list[int] | None = None) -> list[int]:
    """Indices of the "\\n"-separated lines of `text` that `_repair` could change, in order.

    They are the lines `fix_text(text)` would give to ftfy. That is a superset of the lines
    `fix_text(line)` would change: a window of ftfy's heuristic can only match more with the
    line's "\\n" in it, and a line of an NFC text is NFC. One scan of the whole text instead
    of one call per line: most lines hold nothing ftfy acts on. `nfc`: whether `text` is in
    NFC, if known.
    """
    if SUSPECTS is None or len(text) > FTFY_CONFIG.max_decode_length or not _FAST_PATH_CONFIG:
        return list(range(text.count("\n") + 1))  # as `fix_text`: every line goes to ftfy
    spans = SUSPECTS.segments(text, anchors)
    if not (unicodedata.is_normalized("NFC", text) if nfc is None else nfc):
        spans = sorted(set(spans) | set(_unnormalized_segments(text)))
    suspect: list[int] = []
    line = done = 0
    for start, _ in spans:  # one line each, in order
        line += text.count("\n", done, start)
        done = start
        suspect.append(line)
    return suspect


def _repair(line: str) -> str:
    """ftfy on one line (ftfy itself works line by line). ASCII without terminal escapes, and
    blank lines, hold nothing it repairs: skipping them saves its per-line cost (35 µs)."""
    if not line or (line.isascii() and "\x1b" not in line) or (line.isspace() and "\x85" not in line):
        return line
    return fix_text(line)


def _tidy_lines(lines: list[str]) -> list[str]:
    """`tidy_line` of each line, with one pass of each step over all of them.

    Every step works within a line ("\n" is neither a control character here, nor a space,
    nor does NFC compose across it), so the steps run over the lines joined by "\n".

    Most texts hold no invisible or control character and no space but " ", tab and NBSP;
    `str.isprintable` tells (every character of `_INVISIBLE`, `_CONTROL` and `_SPACES` but
    " " is unprintable, tests/test_normalize_fastpath.py), in one pass where the three
    character-class scans took 3x as long. Then the invisible characters' removal changes
    nothing (NFC neither removes nor makes one, so the NFC text holds one if the text does),
    nor does the controls' removal, and the spaces to collapse are " ", tab and NBSP.
    Collapsed, a line has at most one " " at each end: the ends go by `str.replace` over the
    text, not `str.strip` line by line.
    """
    if not lines:
        return []
    return _tidy_text("\n".join(lines)).split("\n")


def _tidy_text(text: str, nfc: bool = False, printable: bool | None = None) -> str:
    """The lines of `text` tidied, joined by "\\n" (`_tidy_lines`). `nfc`: `text` is in NFC;
    `printable`, if known: `text`, in NFC, is printable but for tabs, NBSPs and "\\n"s."""
    composed = text if nfc or text.isascii() else unicodedata.normalize("NFC", text)
    spaced = composed.replace("\t", " ").replace("\u00a0", " ")
    if spaced.replace("\n", " ").isprintable() if printable is None else printable:
        text = spaced
        while "  " in text:
            text = text.replace("  ", " ")
    else:
        if not text.isascii():
            text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
        if _CONTROL.search(text):
            text = _CONTROL.sub("", text)
        text = _collapse_spaces(text)
    if " \n" in text:
        text = text.replace(" \n", "\n")
    if "\n " in text:
        text = text.replace("\n ", "\n")
    return text.strip(" ")


def _collapse_spaces(text: str) -> str:
    """`_SPACES.sub(" ", text)`: runs from another space character become a space, then
    runs of spaces one space (a run of n takes log2(n) passes of `str.replace`).

    >>> _collapse_spaces("a \\t\\u00a0 b  c\\u3000")
    'a b c '
    """
    text = _OTHER_SPACES.sub(" ", text)
    while "  " in text:
        text = text.replace("  ", " ")
    return text


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


# What `_survey` reads off each character of the Basic Multilingual Plane (bits of `_kinds`).
_ANCHOR = 1  # one of `SUSPECTS.chars`
_UNPRINTABLE = 2  # not printable, and not a tab, NBSP or "\n" (tidying makes them spaces)
_NFC_UNSURE = 4  # NFC may change a text that holds it (`_nfc_unsure`)
# From this length on a text is surveyed with numpy: its fixed cost (a few calls) is paid back
# at about 300 characters (40k instructions either way).
_SURVEY_MIN_CHARS = 1000


class Survey(NamedTuple):
    """What one pass over the characters of a text tells (`_survey`)."""

    anchors: list[int]  # the positions of the characters of `SUSPECTS.chars`, in order
    nfc: bool  # the text is in NFC
    printable: bool  # it has no `_UNPRINTABLE` character


def _survey(text: str) -> Survey | None:
    """The `Survey` of a long text of the BMP, or None (a short text, a character beyond the
    BMP, no `SUSPECTS`).

    The kinds of all characters are looked up at once (numpy), where `SUSPECTS`'s regex
    scan, `unicodedata.is_normalized` and `str.isprintable` each take a pass; the regex
    scan alone takes 60 instructions a character. Sample docs (7.7k characters):
    `normalize` 2.51 -> 1.98 M instructions a document.
    """
    if len(text) < _SURVEY_MIN_CHARS or SUSPECTS is None:
        return None
    units = text.encode("utf-16-le", "surrogatepass")
    if len(units) != 2 * len(text):  # a character beyond the BMP takes two units
        return None
    kinds = _kinds().take(np.frombuffer(units, dtype=np.uint16))
    seen = int(np.bitwise_or.reduce(kinds))
    anchors = np.flatnonzero(kinds & _ANCHOR).tolist() if seen & _ANCHOR else []
    nfc = not seen & _NFC_UNSURE or unicodedata.is_normalized("NFC", text)
    return Survey(anchors, nfc, not seen & _UNPRINTABLE)


@cache
def _kinds() -> np.ndarray:
    """The `_survey` bits of each character of the BMP (built once, in about 0.1 s)."""
    chars = list(map(chr, range(0x10000)))
    kinds = np.zeros(len(chars), dtype=np.uint8)
    kinds[[ord(ch) for ch in SUSPECTS.chars if ord(ch) < len(chars)]] |= _ANCHOR
    kinds[[ord(ch) for ch in chars if not ch.isprintable() and ch not in "\t\n\u00a0"]] |= _UNPRINTABLE
    kinds[[ord(ch) for ch in _nfc_unsure(chars)]] |= _NFC_UNSURE
    return kinds


def _nfc_unsure(chars: list[str]) -> set[str]:
    """The characters of `chars` (the BMP) that NFC may change in a text of the BMP.

    NFC decomposes (NFD), puts combining marks in order and composes pairs back. A text of
    characters that NFC leaves alone and that have no combining class changes only where
    two of them compose; the second of such a pair follows the first in the NFD of their
    composite (Hangul syllables included). tests/test_normalize_fastpath.py checks every pair.
    """
    unsure = {ch for ch in chars if unicodedata.combining(ch) or unicodedata.normalize("NFC", ch) != ch}
    for decomposed in map(unicodedata.normalize, repeat("NFD"), chars):
        unsure.update(decomposed[1:])
    return unsure


def _unescape(match: re.Match[str]) -> str:
    """The character of a reference; an unknown name stays as written, with its "&".

    A name must be known whole: `html.unescape` also reads a known prefix ("&ampap;" ->
    "&ap;"), which is a new reference the next pass would unescape again.
    """
    ref = match.group("ref")
    if ref.startswith("#"):
        return html.unescape(f"&{ref};")
    return html5.get(f"{ref};", f"&{ref};")
