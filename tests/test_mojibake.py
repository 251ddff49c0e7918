"""mojibake: `SUSPECTS` flags every segment ftfy's heuristic matches, trying in each window
only the alternatives anchored on the character found."""

from __future__ import annotations

import re

from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.mojibake import _ALWAYS, SUSPECTS, derive

_CATEGORY_CHARS = "".join(
    chr(c) for chars in MOJIBAKE_CATEGORIES.values() for c in range(0x20, 0x3000) if re.fullmatch(f"[{chars}]", chr(c))
)
ALPHABET = st.sampled_from(_CATEGORY_CHARS + "ÃÂÎÐØÙàВГРСΒΓΞΟвЂβ€ā√≈‚Ä×²Œœ°“„”«»©" + "abcXYZ .,!?\n\t\u00a0")


def _segments(text: str):
    start = 0
    for line in text.split("\n"):
        stop = min(start + len(line) + 1, len(text))
        yield start, stop
        start = stop


@settings(max_examples=4000, deadline=None)
@given(st.text(ALPHABET, max_size=16))
def test_every_segment_the_heuristic_matches_is_flagged(text):
    flagged = set(SUSPECTS.segments(text))
    for start, stop in _segments(text):
        segment = text[start:stop]
        if BADNESS_RE.search(segment) or any(ch in _ALWAYS for ch in segment):
            assert (start, stop) in flagged, segment


@settings(max_examples=2000, deadline=None)
@given(st.text(ALPHABET, max_size=16))
def test_an_anchor_check_matches_only_where_the_heuristic_does(text):
    for ch in set(text):
        check = SUSPECTS._checks.get(ch)
        if check is not None and check.search(text):
            assert BADNESS_RE.search(text)


def test_each_alternative_is_tried_at_its_anchor():
    """One mojibake sample per kind of alternative: found through its anchor's own check."""
    for sample in ["cafÃ©", "Ã¼ber", "â€™", "ÐŸÑ€Ð¸", "Ø§Ù„Ø¹Ø±", "à²µ", "√±", "вЂ™", "Β°Γ", "ā€", "Œ1", "×²", "a Â “"]:
        assert BADNESS_RE.search(sample), sample
        anchors = [ch for ch in sample if SUSPECTS._checks.get(ch) is not None]
        assert any(SUSPECTS._checks[ch].search(sample) for ch in anchors), sample
        assert SUSPECTS.segments(sample) == [(0, len(sample))]


def test_a_shape_it_cannot_read_gives_none():
    assert derive(re.compile(r"\w\w|x")) is None
    assert derive(re.compile("[ab]c|d", re.I)) is None
    assert derive(re.compile("[ab]c|d")) is not None


def test_anchor_patterns_have_sources_that_compile_to_the_alternatives():
    suspects = derive(re.compile("[ab]c|x\\s?[de]{1,2}|^[^f]g"))
    # Anchored on the rarest of their required classes (ties: the smallest).
    assert {ch: check.pattern for ch, check in suspects._checks.items() if check is not None} == {
        "c": "[ab]c", "x": "x[\\s]{0,1}[de]{1,2}", "g": "^[^f]g",
    }
    assert all(check.pattern is not None for check in SUSPECTS._checks.values() if check is not None)


def test_an_alternative_it_cannot_write_back_makes_every_anchor_try_the_whole_pattern():
    pattern = re.compile("(a)b|(?<=x)c|d")  # a group and a lookbehind: no source written back
    suspects = derive(pattern)
    assert {check for check in suspects._checks.values() if check is not None} == {pattern}
    assert suspects.segments("zz\nab\nxc\nyc\n") == [(3, 6), (6, 9)]
