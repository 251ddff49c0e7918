"""Which lines ftfy could change: an exact pre-check, derived from ftfy's own rules at import.

`ftfy.fix_text` fixes a text one segment (a line with its "\\n") at a time. With the
config of `cleaner.normalize` (only the encoding and character fixers on), a segment comes
back changed only if

- ftfy's mojibake heuristic `ftfy.badness.is_bad` matches in it (fix_encoding, and the C1
  control characters it also covers), or
- it holds a character that fix_surrogates, remove_terminal_escapes or
  remove_control_chars act on, or
- it is not in NFC.

`is_bad` is one regular expression of 37 alternatives tried at every position, about
2 MB/s. Every alternative needs some character of a rare class (a currency sign after a
lowercase accented letter needs the currency sign). `SUSPECTS` collects one such class per
alternative (the one with the fewest ordinary letters and punctuation), finds their
characters with a single character-class scan, and runs `BADNESS_RE` only in a window
around each one. A line without any of them cannot be bad, so ftfy would return it as it
is. If ftfy's regular expression ever takes a shape this module cannot read, `SUSPECTS` is
None and every text goes through ftfy.

In the window of an anchor only the alternatives anchored on that character are tried: a
match of any alternative holds a character of its anchor class, whose own window holds the
whole match. Quotes and guillemets are most anchors found in running text, and the two or
three alternatives they anchor take a tenth of the time of all 37 (sample docs: 16 anchors
a document; `Suspects.segments` 178 -> 95 µs a document).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ftfy.badness import BADNESS_RE
from ftfy.chardata import CONTROL_CHARS

try:
    from re import _compiler as sre_compile, _parser as sre_parse  # Python >= 3.11
except ImportError:  # pragma: no cover
    import sre_compile  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

# Characters that are everyday text, not mojibake: an alternative is anchored on its class
# with the fewest of them, so ordinary lines rarely need a closer look.
_EVERYDAY_PUNCTUATION = set("’‘“”„«»–—…·•°©®€£\u00a0\u00ad")
# Characters some ftfy fixer acts on wherever they are: escape, C1 controls, surrogates, controls.
_ALWAYS = {"\x1b", *map(chr, range(0x80, 0xA0)), *map(chr, range(0xD800, 0xE000)), *map(chr, CONTROL_CHARS)}


class Suspects:
    """Finds the segments of a text that ftfy's mojibake heuristic or character fixers could touch."""

    def __init__(self, anchors: dict[str, re.Pattern[str]], width: int):
        """`anchors` maps each anchor character to the pattern of the alternatives it anchors."""
        self.chars = frozenset(anchors) | _ALWAYS  # the characters `segments` looks at
        self._scan = re.compile(_char_class(self.chars))
        self._checks: dict[str, re.Pattern[str] | None] = {**anchors, **dict.fromkeys(_ALWAYS)}
        self._width = width

    def segments(self, text: str, found: Iterable[int] | None = None) -> list[tuple[int, int]]:
        """(start, end) of each segment of `text` that ftfy might change, in order; a
        segment ends after its "\\n". `found`: the positions of the characters of `chars`
        in `text`, in order, when the caller has them.

        >>> SUSPECTS.segments("fine\\nthe cafÃ© is open\\nfine too")
        [(5, 23)]
        >>> SUSPECTS.segments("Grüße aus Köln, “quoted” — 20 €")
        []
        """
        spans: list[tuple[int, int]] = []
        end = 0  # end of the last suspect segment
        width = self._width
        checks = self._checks
        for p in map(re.Match.start, self._scan.finditer(text)) if found is None else found:
            if p < end:
                continue
            check = checks[text[p]]
            if check is not None:  # else a character some fixer acts on wherever it is
                # A match containing position p lies within `width` characters of it, in its
                # segment. A window cut short of the segment start can only match more
                # (BADNESS_RE's "^"), which costs a call to ftfy, never a wrong result.
                lo, hi = max(0, p - width + 1), min(len(text), p + width)
                window = text[text.rfind("\n", lo, p) + 1 or lo: text.find("\n", p, hi) + 1 or hi]
                if not check.search(window):
                    continue
            start = text.rfind("\n", 0, p) + 1
            end = text.find("\n", p) + 1 or len(text)
            spans.append((start, end))
        return spans


def _char_class(chars: set[str]) -> str:
    """A regex character class matching exactly `chars`, with runs written as ranges."""
    points = sorted(map(ord, chars))
    parts: list[str] = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        first, last = chr(points[i]), chr(points[j])
        parts.append(re.escape(first) if i == j else f"{re.escape(first)}-{re.escape(last)}")
        i = j + 1
    return "[" + "".join(parts) + "]"


def _position_chars(op, av) -> set[str] | None:
    """The characters one element of a parsed regex can match, if it is a finite set."""
    if op is sre_parse.LITERAL:
        return {chr(av)}
    if op is sre_parse.IN:
        chars: set[str] = set()
        for item_op, item in av:
            if item_op is sre_parse.LITERAL:
                chars.add(chr(item))
            elif item_op is sre_parse.RANGE:
                chars.update(map(chr, range(item[0], item[1] + 1)))
            else:  # NEGATE, CATEGORY (\s, \w): no finite set
                return None
        return chars
    return None


def _everyday(chars: set[str]) -> int:
    """How common the characters are in ordinary text: ASCII counts most, then letters and
    everyday punctuation; rare symbols count nothing."""
    return sum(1000 if ch.isascii() else ch.isalpha() or ch in _EVERYDAY_PUNCTUATION for ch in chars)


def derive(pattern: re.Pattern[str]) -> Suspects | None:
    """One anchor class per alternative of `pattern` (a top-level alternation), or None when
    some alternative has no required position with a finite character set.

    Each anchor character gets the pattern of the alternatives whose anchor class holds it
    (characters with the same alternatives share one): their sources, written back from the
    parsed alternatives, joined by "|". An alternative is used only if its source compiles to
    the very code the alternative does; if one does not, every anchor tries all of `pattern`."""
    if pattern.flags & re.IGNORECASE:
        return None
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    width = parsed.getwidth()[1]
    if len(parsed.data) != 1 or parsed.data[0][0] is not sre_parse.BRANCH or width > 64:
        return None
    anchored: dict[str, list[int]] = {}  # anchor character -> indices of its alternatives
    alternatives = parsed.data[0][1][1]
    for index, alternative in enumerate(alternatives):
        candidates = []
        for op, av in alternative.data:
            if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT) and av[0] >= 1 and len(av[2].data) == 1:
                op, av = av[2].data[0]  # x{1,n}: x is required
            chars = _position_chars(op, av)
            if chars:
                candidates.append(chars)
        if not candidates:
            return None
        for ch in min(candidates, key=lambda chars: (_everyday(chars), len(chars))):
            anchored.setdefault(ch, []).append(index)
    sources = [_source(alternative.data) for alternative in alternatives]
    if not all(_same_code(source, alternative, pattern.flags) for source, alternative in zip(sources, alternatives)):
        return Suspects(dict.fromkeys(anchored, pattern), width)
    compiled: dict[tuple[int, ...], re.Pattern[str]] = {}
    for indices in map(tuple, anchored.values()):
        if indices not in compiled:
            compiled[indices] = re.compile("|".join(sources[i] for i in indices), pattern.flags)
    return Suspects({ch: compiled[tuple(indices)] for ch, indices in anchored.items()}, width)


_CATEGORIES = {
    sre_parse.CATEGORY_SPACE: r"\s",
    sre_parse.CATEGORY_NOT_SPACE: r"\S",
    sre_parse.CATEGORY_WORD: r"\w",
    sre_parse.CATEGORY_NOT_WORD: r"\W",
    sre_parse.CATEGORY_DIGIT: r"\d",
    sre_parse.CATEGORY_NOT_DIGIT: r"\D",
}


def _source(items) -> str | None:
    """Regex source for a parsed sequence (the shapes `BADNESS_RE` uses), or None.

    >>> _source(sre_parse.parse(r"[ÃÂ]\\s?x{1,3}.", re.VERBOSE).data)
    '[ÃÂ][\\\\s]{0,1}x{1,3}.'
    """
    out: list[str] = []
    for op, av in items:
        if op is sre_parse.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is sre_parse.NOT_LITERAL:
            out.append(f"[^{re.escape(chr(av))}]")
        elif op is sre_parse.ANY:
            out.append(".")
        elif op is sre_parse.AT and av is sre_parse.AT_BEGINNING:
            out.append("^")
        elif op is sre_parse.IN:
            members: list[str] = []
            for item_op, item in av:
                if item_op is sre_parse.LITERAL:
                    members.append(re.escape(chr(item)))
                elif item_op is sre_parse.RANGE:
                    members.append(f"{re.escape(chr(item[0]))}-{re.escape(chr(item[1]))}")
                elif item_op is sre_parse.NEGATE and not members:
                    members.append("^")
                elif item_op is sre_parse.CATEGORY and item in _CATEGORIES:
                    members.append(_CATEGORIES[item])
                else:
                    return None
            out.append("[" + "".join(members) + "]")
        elif op is sre_parse.MAX_REPEAT and len(av[2].data) == 1:
            inner = _source(av[2].data)
            if inner is None:
                return None
            out.append(f"{inner}{{{av[0]},{'' if av[1] is sre_parse.MAXREPEAT else av[1]}}}")
        else:
            return None
    return "".join(out)


def _same_code(source: str | None, alternative, flags: int) -> bool:
    """Whether `source` compiles to the code of the parsed `alternative`: then it matches
    exactly where the alternative does."""
    if source is None:
        return False
    code = sre_compile._code  # the compiler's own step from parsed regex to code
    return code(sre_parse.parse(source, flags), flags) == code(sre_parse.SubPattern(alternative.state, alternative.data), flags)


SUSPECTS = derive(BADNESS_RE)
