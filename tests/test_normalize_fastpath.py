"""The fast paths of `cleaner.normalize` give exactly what the slow definitions give."""

from __future__ import annotations

import re
import unicodedata

import ftfy
import numpy as np
import pytest
from ftfy.badness import MOJIBAKE_CATEGORIES
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner.normalize
from cleaner.mojibake import SUSPECTS, derive
from cleaner.normalize import FTFY_CONFIG, _repair, _suspect_lines, _tidy_lines, fix_text, normalize, tidy_line

WORDS = ["café", "naïve", "Grüße", "straße", "señor", "Łódź", "Ærøskøbing", "“quoted”", "it’s", "€20", "©2024",
         "µm", "½", "Москва", "Αθήνα", "日本語", "😀", "½ × ¼", "…", "—", "\u00a0"]
ENCODINGS = ["latin-1", "windows-1252", "windows-1251", "windows-1253", "windows-1250", "mac_roman", "cp437"]


def mojibake(word: str, encoding: str) -> str | None:
    try:
        return word.encode("utf-8").decode(encoding)
    except UnicodeDecodeError:
        return None


CASES = sorted({m for w in WORDS for e in ENCODINGS if (m := mojibake(w, e)) and m != w}) + [
    "\x80\x9d", "a\x85b", "\ud800", "\x1b[31mred\x1b[0m", "\x00\x07", "\ufeffBOM", "e\u0301", "Ã ", "Â ", "Ã\xa0",
    "Ã©", "â€™", "â€œquotedâ€\x9d", "Ã¼ber", "ÐŸÑ€Ð¸Ð²ÐµÑ‚", "Ø§Ù„Ø¹Ø±Ø¨ÙŠØ©", "Î±Î²Î³", "ГўВЂВ™s",
]


@pytest.mark.parametrize("bad", CASES)
@pytest.mark.parametrize("where", ["alone", "start", "middle", "end", "own-line"])
def test_fix_text_equals_ftfy_on_mojibake(bad, where):
    clean = "Ein ganz normaler Satz über Köln.\nAnother “clean” line — fine.\n"
    text = {
        "alone": bad,
        "start": bad + " " + clean,
        "middle": clean + "word " + bad + " word\n" + clean,
        "end": clean + bad,
        "own-line": clean + bad + "\n" + clean,
    }[where]
    assert fix_text(text) == ftfy.fix_text(text, FTFY_CONFIG)


# Characters ftfy's heuristic looks at, plus plain text around them.
_CATEGORY_CHARS = "".join(
    chr(c)
    for chars in MOJIBAKE_CATEGORIES.values()
    for c in range(0x20, 0x3000)
    if re.fullmatch(f"[{chars}]", chr(c))
)
ALPHABET = st.sampled_from(_CATEGORY_CHARS + "ÃÂÎÐØÙàВГРСΒΓΞΟвЂβ€ā√≈‚Ä×²" + "abcXYZ .,!?\n\t\u00a0")


@settings(max_examples=3000, deadline=None)
@given(st.text(ALPHABET, max_size=14))
def test_no_segment_ftfy_would_change_is_skipped(text):
    """Every segment outside `SUSPECTS.segments` that is in NFC comes back from ftfy unchanged."""
    flagged = SUSPECTS.segments(text)
    start = 0
    for line in text.split("\n"):
        stop = min(start + len(line) + 1, len(text))
        segment = text[start:stop]
        if (start, stop) not in flagged and unicodedata.is_normalized("NFC", segment):
            assert ftfy.fix_text(segment, FTFY_CONFIG) == segment
        start = stop
    assert fix_text(text) == ftfy.fix_text(text, FTFY_CONFIG)


def test_no_false_negatives_on_known_mojibake():
    for bad in CASES:
        if ftfy.fix_text(bad, FTFY_CONFIG) != bad and unicodedata.is_normalized("NFC", bad):
            assert SUSPECTS.segments(bad), bad


def test_clean_text_needs_no_ftfy():
    text = "Grüße aus Köln, “quoted” — 20 € … straße\nÆrøskøbing, Łódź, Москва, Αθήνα, 日本語\n"
    assert SUSPECTS.segments(text) == []


def test_unreadable_heuristic_disables_the_fast_path():
    assert derive(re.compile(r"\w\w|x")) is None  # an alternative without a finite character set
    assert derive(re.compile("[ab]c|d", re.I)) is None


def reference_normalize(text: str) -> str:
    """`normalize` with plain `ftfy.fix_text` on every line in place of the fast paths."""
    original, suspects = cleaner.normalize.fix_text, cleaner.normalize._suspect_lines
    cleaner.normalize.fix_text = lambda t: ftfy.fix_text(t, FTFY_CONFIG)
    cleaner.normalize._suspect_lines = lambda t, nfc=None, anchors=None: range(t.count("\n") + 1)
    try:
        return normalize(text)
    finally:
        cleaner.normalize.fix_text, cleaner.normalize._suspect_lines = original, suspects


@settings(max_examples=3000, deadline=None)
@given(st.text(ALPHABET, max_size=40))
def test_lines_outside_the_suspects_need_no_repair(text):
    """`_suspect_lines` of a text holds every line that `_repair` alone would change."""
    suspect = set(_suspect_lines(text))
    for i, line in enumerate(text.split("\n")):
        if i not in suspect:
            assert _repair(line) == line


PIECES = ["word", "Grüße", "e\u0301", "\r\n", "\r", "\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", " ", "  ",
          "\t", "\u00a0", "\u3000", "\u200b", "\u00ad", "\ufeff", "\x07", "\x1b[1m", "\x9d", "Ã©", "â€™", "&amp;", "&#8217;",
          "a&b", "“q”", "Ã ", "\n\n\n"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_normalize_equals_line_by_line_definition(pieces):
    text = "".join(pieces)
    assert normalize(text) == reference_normalize(text)


LINE_PIECES = [p for p in PIECES if not any(c in p for c in "\r\n\x0b\x0c\x1c\x85\u2028\u2029")] + ["\x1f", "e\u0301\u0327", "\u0301", "\t \u3000"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.lists(st.sampled_from(LINE_PIECES), max_size=8).map("".join), max_size=6))
def test_tidying_all_lines_at_once_equals_tidying_each(lines):
    assert _tidy_lines(lines) == [tidy_line(line) for line in lines]


@pytest.mark.parametrize(
    "segment",
    [
        "Fo\u0308rdern und Spenden\n",  # only out of NFC: composed without ftfy
        "এমপির ভাইকে নিজ বাড়ির",  # Bengali vowel signs out of NFC
        "A\u0303\u00a9 und mehr",  # NFC composes mojibake ("Ã©"): ftfy repairs it
        "A\u0303 x\n",  # NFC composes "Ã " (a-grave whose NBSP became a space)
        "e\u0301\x1b[1mbold",  # out of NFC with a terminal escape: ftfy
        "Cafe\u0301 doesnâ€™t",  # out of NFC and mojibake: ftfy
    ],
)
def test_fix_segment_equals_ftfy(segment):
    assert cleaner.normalize._fix_segment(segment) == ftfy.fix_text(segment, FTFY_CONFIG)


@settings(max_examples=2000, deadline=None)
@given(st.text(st.sampled_from("AEIOUaeiouCcNn\u0300\u0301\u0302\u0303\u0308\u0327 ©®°«»€\u00a0\n"), max_size=12))
def test_fix_segment_of_decomposed_text_equals_ftfy(text):
    """Decomposed letters that compose into the characters of mojibake take ftfy's path."""
    segment = text.split("\n")[0] + ("\n" if "\n" in text else "")
    assert cleaner.normalize._fix_segment(segment) == ftfy.fix_text(segment, FTFY_CONFIG)


def _ftfy_line(line: str) -> str:
    if not line or (line.isascii() and "\x1b" not in line) or (line.isspace() and "\x85" not in line):
        return line
    return ftfy.fix_text(line, FTFY_CONFIG)


def definition_normalize(text: str) -> str:
    """What `normalize` does, written plainly: every line through ftfy and `tidy_line`, the lines
    tidying changed again (all lines joined and split each round), blank lines collapsed in a loop."""
    if "&" in text:
        text = cleaner.normalize._ENTITY.sub(cleaner.normalize._unescape, text)
    if text.isascii():
        tidied = [tidy_line(line) for line in text.splitlines()]
    else:
        text = re.sub("\r\n?|[\x0b\x0c\x1c-\x1e\u2028\u2029]", "\n", text)
        lines = "\n".join(map(_ftfy_line, text.split("\n"))).splitlines()
        for _ in range(3):
            tidied = [tidy_line(line) for line in lines]
            unsettled = [i for i, (a, b) in enumerate(zip(lines, tidied)) if a != b and not a.isascii() and not b.isascii()]
            if not unsettled:
                break
            for i in unsettled:
                lines[i] = _ftfy_line(tidied[i])
            lines = "\n".join(lines).splitlines()
        else:
            tidied = [tidy_line(line) for line in lines]
    out: list[str] = []
    for line in tidied:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


@pytest.mark.parametrize(
    "text",
    [
        "x â\u200b€¨ y\nGrüße",  # tidying reveals mojibake of U+2028: a later round splits the line
        "Grüße \u00ad\u00a0â€© y\n\n\nz",
        "  a\u00a0\u00a0b\tc  \n \n\nGrüße  ",  # only " ", tab and NBSP: the printable fast path
        "Grüße\u200d\u3000x\x07\n\u00a0",  # ZWJ, ideographic space, BEL: the character-class path
        "\xa0Ü\x86 und Köln",  # tidying changes ftfy's verdict
        "Fo\u0308rdern\nA\u0303\u00a9\n",
    ],
)
def test_normalize_equals_definition(text):
    assert normalize(text) == definition_normalize(text)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES + ["â\u200b€¨", "Fo\u0308r", "A\u0303\u00a9", "\u200d", " \n "]), max_size=30))
def test_normalize_equals_definition_on_pieces(pieces):
    text = "".join(pieces)
    assert normalize(text) == definition_normalize(text)


def test_every_character_tidying_acts_on_is_unprintable():
    """`_tidy_lines`' fast path: a text whose only unprintable characters are "\\n", tab and
    NBSP holds no invisible or control character and no other space."""
    acted_on = [
        chr(c) for c in range(0x110000)
        if cleaner.normalize._INVISIBLE.match(chr(c)) or cleaner.normalize._CONTROL.match(chr(c)) or cleaner.normalize._SPACES.match(chr(c))
    ]
    assert [ch for ch in acted_on if ch.isprintable()] == [" "]


# `_survey`, the one numpy pass over a long text, against the tests it replaces.
SURVEY_PIECES = PIECES + [
    "Fo\u0308r", "A\u0303\u00a9", "\u200d", "\u2028", "এমপির", "\u09c7\u09be", "\u1100\u1161", "\uac00\u11a8", "\u0f73",
    "\u2126", "\u0344", "\ud800", "\udc00", "’", "«»", "—", "ÃÂ", "\u3000", "Москва", "日本語", "\ufeff", "\x85",
]


def _plain_survey(text: str) -> tuple[list[int], bool, bool]:
    printable = text.replace("\t", " ").replace("\u00a0", " ").replace("\n", " ").isprintable()
    return [m.start() for m in SUSPECTS._scan.finditer(text)], unicodedata.is_normalized("NFC", text), printable


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SURVEY_PIECES), max_size=12), st.integers(0, 3))
def test_survey_equals_the_plain_tests(pieces, at):
    filler = "Ein ganz normaler Satz über Köln, ohne Besonderheiten.\n" * 20  # past _SURVEY_MIN_CHARS
    text = filler[: 300 * at] + "".join(pieces) + filler[300 * at:]
    assert len(text) >= cleaner.normalize._SURVEY_MIN_CHARS
    anchors, nfc, printable = _plain_survey(text)
    survey = cleaner.normalize._survey(text)
    assert (survey.anchors, survey.nfc) == (anchors, nfc)
    if nfc:
        assert survey.printable == printable
    assert normalize(text) == definition_normalize(text)


def test_survey_leaves_short_texts_and_texts_beyond_the_bmp_to_the_plain_tests():
    assert cleaner.normalize._survey("short “text”") is None
    assert cleaner.normalize._survey("x" * 2000 + "😀") is None


def test_every_character_nfc_may_change_is_unsure():
    """A text of the BMP without a `_NFC_UNSURE` character is in NFC: no character outside the
    BMP decomposes into one after its first character, and no two characters that are not
    unsure compose (each is put after every character a decomposition starts with)."""
    kinds = cleaner.normalize._kinds()
    unsure = {chr(c) for c in np.flatnonzero(kinds & cleaner.normalize._NFC_UNSURE)}
    beyond = {ch for c in range(0x10000, 0x110000) for ch in unicodedata.normalize("NFD", chr(c))[1:]}
    assert not {ch for ch in beyond if ord(ch) < 0x10000} - unsure
    sure = [chr(c) for c in range(0x10000) if chr(c) not in unsure and not 0xD800 <= c < 0xE000]
    starts = {unicodedata.normalize("NFD", ch)[0] for ch in map(chr, range(0x110000)) if len(unicodedata.normalize("NFD", ch)) > 1}
    starts = (starts & set(sure)) | {chr(0xAC00 + 28 * i) for i in range(19 * 21)}  # and the Hangul LV syllables
    starts = "".join(sorted(starts))
    for ch in sure:
        assert unicodedata.is_normalized("NFC", ch.join(starts) + ch), ch
