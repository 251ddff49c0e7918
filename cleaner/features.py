"""Per-line features for the line classifier (`cleaner.context`).

What a reader sees at a glance when telling a sentence from a menu item, measured on one
line: its length in characters and words, whether it ends like a sentence, how many of its
words are stopwords of the document's language (jusText's stoplists), and what share of its
characters are capitals, digits and symbols, and of its words URLs or e-mail addresses.

The character shares are counted for the whole document at once: the lines are joined,
encoded as UTF-32, every code point is looked up in one table of character classes, and the
counts per line are differences of prefix sums. Code points outside the Basic
Multilingual Plane (emoji, rare CJK) count as symbols.

The stoplist is chosen per document (`stoplist_for`): the jusText stoplist that holds most
of the words of its longest lines, which are the likeliest to be running text; when no list
holds enough of them, the union of all lists, as trafilatura's benchmark does. jusText's lists are read from the installed package; nothing is downloaded.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from functools import cache
from itertools import accumulate, repeat
from operator import add, is_not, itemgetter, sub
from typing import NamedTuple

import numpy as np


# Characters of the longest lines read to pick the stoplist.
LANGUAGE_SAMPLE_CHARS = 2000
# ... at most this many from one line, so that no single line (a sidebar list of names)
# decides the language alone.
LANGUAGE_SAMPLE_LINE_CHARS = 300
# A sentence ends with one of these, maybe followed by closing quotes or brackets
# (a multilingual set, after datatrove's TERMINAL_PUNCTUATION).
TERMINAL = ".!?…。！？؟।۔"
_CLOSERS = "'\"’”»)]›"
# A word that is a URL, a domain or an e-mail address (matched one word at a time: linear).
_LINK_WORD = re.compile(r"(?:https?://|www\.)|[^@]@[^@]*\.\w|\.(?:com|de|org|net|html?|php)(?:\W|$)", re.I)
# What every `_LINK_WORD` match holds, in a pattern whose branches start with literals (the
# regex engine skips ahead to them): a line without it has no link word. On casefolded text
# `re.I` matches nothing more here than the lowercase letters.
_LINK_HINT = re.compile(r"@|www\.|https?://|\.(?:com|de|org|net|html?|php)")
_LIST_ITEM = re.compile(r"^(?:[-*•·–—▪►✓●■◦]|\d{1,3}[.)]|[a-z][.)])\s")
# A sentence end inside a line: ".", "!" or "?" (maybe closed by a quote), a space, a capital.
_INNER_END = re.compile(r"[.!?][\"'’”»)]?\s+[\"'„“«]?[A-ZÄÖÜÀ-ÞĀ-Ž]")
_STRIP = "\"'“”„‘’«»‹›()[]{}<>.,:;!?¡¿…–—-/|*#·•"

# Character classes, as bits in one byte per code point.
LETTER, UPPER, DIGIT, SPACE, SYMBOL = 1, 2, 4, 8, 16
_ASTRAL = 0x10000  # the table entry for every code point above the BMP


@cache
def _char_classes() -> np.ndarray:
    """One byte of class bits per BMP code point, plus one entry for all astral ones."""
    table = np.zeros(_ASTRAL + 1, dtype=np.uint8)
    for code in range(_ASTRAL):
        char = chr(code)
        if char.isalpha():
            table[code] = LETTER | (UPPER if char.isupper() else 0)
        elif char.isdecimal():
            table[code] = DIGIT
        elif char.isspace():
            table[code] = SPACE
        elif unicodedata.category(char)[0] not in "MC":  # marks ride on letters; controls are gone
            table[code] = SYMBOL
    table[_ASTRAL] = SYMBOL
    return table


class LineFeatures(NamedTuple):
    """The measurements of one line.

    `chars` and `words` are its length; `stopwords` how many of its words are in the
    document's stoplist; `letters`, `upper`, `digits` and `symbols` count characters of
    those classes (`upper` is a subset of `letters`); `links` counts words that are URLs,
    domains or e-mail addresses; `terminal` is True when it ends like a sentence; `colon`
    when it ends with ":"; `list_item` when it starts with a bullet or an item number;
    `cut_off` when it ends with "..." or "…" (a teaser snippet); `inner_end` when a sentence
    ends inside it (". " and a capital: two sentences run together). A named tuple: a document
    makes one per line, and a tuple is the cheapest immutable object to make.
    """

    chars: int
    words: int
    stopwords: int
    letters: int
    upper: int
    digits: int
    symbols: int
    links: int
    terminal: bool
    colon: bool
    list_item: bool
    cut_off: bool = False
    inner_end: bool = False

    @property
    def density(self) -> float:
        """Share of words that are stopwords (jusText's stopword density)."""
        return self.stopwords / self.words if self.words else 0.0

    @property
    def upper_share(self) -> float:
        return self.upper / self.letters if self.letters else 0.0

    @property
    def digit_share(self) -> float:
        visible = self.chars - (self.words - 1 if self.words else 0)
        return self.digits / visible if visible > 0 else 0.0

    @property
    def symbol_share(self) -> float:
        visible = self.chars - (self.words - 1 if self.words else 0)
        return self.symbols / visible if visible > 0 else 0.0

    @property
    def link_share(self) -> float:
        return self.links / self.words if self.words else 0.0


def line_features(texts: list[str] | tuple[str, ...], stoplist: frozenset[str]) -> list[LineFeatures]:
    """Features of every line of one document.

    Column by column, each in C-level passes (`map`, `accumulate`, numpy) over the lines or
    the words of the whole document, not in a Python loop per line.

    >>> f = line_features(["The cat sat on the mat.", "HOME | NEWS | 2024"], frozenset({"the", "on"}))[0]
    >>> f.words, f.stopwords, f.terminal, round(f.density, 2)
    (6, 3, True, 0.5)
    >>> g = line_features(["HOME | NEWS | 2024"], frozenset())[0]
    >>> g.upper == g.letters, g.digits, g.symbols, g.terminal
    (True, 4, 2, False)
    """
    if not texts:
        return []
    words, letters, upper, digits, symbols = _class_counts(texts)
    # Casefolded at once: `str.casefold` maps one character at a time, and never a space to
    # a non-space or back, so the document's words are those of its lines, in order.
    folded = "\n".join(texts).casefold()
    ends = list(map(str.rstrip, texts, repeat(_CLOSERS)))
    # In the order of the fields: chars, words, stopwords, letters, upper, digits, symbols,
    # links, terminal, colon, list_item, cut_off, inner_end. (`_new_features` is
    # `LineFeatures(*fields)` without the Python-level `__new__` of a named tuple.)
    columns = (
        map(len, texts),
        words,
        _stopword_counts(folded.split(), words, stoplist),
        letters,
        upper,
        digits,
        symbols,
        _link_counts(folded, texts),
        map(_TERMINAL_CHARS.__contains__, map(_LAST, ends)),
        map(str.endswith, texts, repeat(":")),
        map(is_not, map(_LIST_ITEM.match, texts), repeat(None)),
        map(str.endswith, ends, repeat(("...", "…"))),
        map(is_not, map(_INNER_END.search, texts), repeat(None)),
    )
    return list(map(_new_features, repeat(LineFeatures), zip(*columns)))


# A line ends like a sentence when its last character before closing quotes is one of these
# (a set of single characters: the empty string of an empty line is not in it).
_TERMINAL_CHARS = frozenset(TERMINAL)
_LAST = itemgetter(slice(-1, None))


def _stopword_counts(tokens: list[str], words: list[int], stoplist: frozenset[str]) -> list[int]:
    """Stopwords per line, from the (casefolded) `tokens` of the whole document and the
    number of `words` of each line: the document's words are looked up at once, and each
    line's count is a difference of running totals at its word boundaries."""
    hits = map(stoplist.__contains__, map(str.strip, tokens, repeat(_STRIP)))
    totals = list(accumulate(hits, initial=0))
    bounds = list(accumulate(words, initial=0))
    return list(map(sub, map(totals.__getitem__, bounds[1:]), map(totals.__getitem__, bounds[:-1])))


def _link_counts(folded: str, texts: list[str] | tuple[str, ...]) -> list[int]:
    """URL, domain and e-mail words per line, from the casefolded document `folded` (the
    lines joined by newlines). Only the lines `_LINK_HINT` finds something in are read word by
    word: the few with an "@", "www.", "http" or a domain end. They are found in one scan of
    the document (a hint holds no newline) rather than one search per line: half the
    documents have none, the others a few (dev sample: 3 lines a document)."""
    counts = [0] * len(texts)
    hints = [found.start() for found in _LINK_HINT.finditer(folded)]
    if not hints:
        return counts
    lines = folded.split("\n")
    if len(lines) == len(texts):
        # Where each line starts in `folded`: its characters and newlines before it.
        starts = list(map(add, accumulate(map(len, lines), initial=0), range(len(lines))))
        hinted = sorted({bisect_right(starts, at) - 1 for at in hints})
    else:  # a line with a newline of its own
        lines = list(map(str.casefold, texts))
        hinted = [i for i, line in enumerate(lines) if _LINK_HINT.search(line)]
    for i in hinted:
        counts[i] = sum(1 for t in lines[i].split() if ("." in t or "@" in t) and _LINK_WORD.search(t))
    return counts


_new_features = tuple.__new__


def _class_counts(texts: list[str] | tuple[str, ...]) -> list[list[int]]:
    """Words, letters, upper, digits and symbols per line: five lists.

    The four character counts are packed in one 64-bit word, 16 bits each, and summed per
    line in one `np.add.reduceat` over the lines joined by newlines (a newline counts in no
    class, and keeps every line's segment non-empty). A line of 2**16 characters or more
    (one 5 MB line) would overflow a field: such documents are counted one class at a time.
    Words are counted as `str.split` makes them: a character that is not a space after one
    that is (or at the start) begins a word; `_char_classes` marks as SPACE exactly the
    characters `str.isspace` tells.
    """
    joined = "\n".join(texts) + "\n"
    codes = np.minimum(np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32), _ASTRAL)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    starts = np.zeros(len(texts), dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    space = _spaces()[codes]
    first = ~space
    first[1:] &= space[:-1]
    if lengths.max() < 1 << 16:
        sums = np.add.reduceat(_packed_classes()[codes], starts)
        return [np.add.reduceat(first, starts, dtype=np.int64).tolist(), *sums.view("<u2").reshape(len(texts), 4).T.tolist()]
    classes = _char_classes()[codes]
    ends = starts + lengths
    prefix = np.zeros(len(classes) + 1, dtype=np.int64)
    columns = []
    for column in (first, *((classes & bit) != 0 for bit in (LETTER, UPPER, DIGIT, SYMBOL))):
        # Per line: the prefix sum at its end minus at its start.
        np.cumsum(column, out=prefix[1:])
        columns.append((prefix[ends] - prefix[starts]).tolist())
    return columns


@cache
def _spaces() -> np.ndarray:
    """`_char_classes` as booleans: SPACE or not."""
    return (_char_classes() & SPACE) != 0


@cache
def _packed_classes() -> np.ndarray:
    """`_char_classes` as little-endian 64-bit words: bits 0, 16, 32 and 48 for a letter, a
    capital, a digit and a symbol (the fields of `_class_counts`)."""
    classes = _char_classes()
    packed = np.zeros(len(classes), dtype="<u8")
    for shift, bit in ((0, LETTER), (16, UPPER), (32, DIGIT), (48, SYMBOL)):
        packed |= ((classes & bit) != 0).astype("<u8") << np.uint64(shift)
    return packed


# ------------------------------------------------------------------ stoplists

# ISO 639-1 (as langdetect writes it) -> jusText stoplist name.
JUSTEXT_NAMES = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "es": "Spanish", "et": "Estonian", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "gu": "Gujarati", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian",
    "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "kn": "Kannada", "ko": "Korean",
    "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam", "mr": "Marathi",
    "ne": "Nepali", "nl": "Dutch", "no": "Norwegian_Bokmal", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian",
    "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "tl": "Tagalog",
    "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
}  # fmt: skip


# Languages written in another script than the Latin one.
NON_LATIN = frozenset("ar bg bn el fa gu he hi kn ko mk ml mr ne ru ta te uk ur".split())


@cache
def stoplist(code: str) -> frozenset[str]:
    """The jusText stoplist for a language code, casefolded and stripped like the words it
    is matched against; the union of all lists for a code jusText has no list for ("und").

    >>> "werden" in stoplist("de"), "werden" in stoplist("en"), "the" in stoplist("en")
    (True, False, True)
    """
    import justext  # comes with trafilatura; read lazily, it loads 100 files for the union

    names = [JUSTEXT_NAMES[code]] if code in JUSTEXT_NAMES else justext.get_stoplists()
    words = set()
    for name in names:
        words.update(w.strip(_STRIP).casefold() for w in justext.get_stoplist(name))
    words.discard("")
    if code in NON_LATIN:
        # The lists were mined from Wikipedia and hold its English too (Marathi: 248 of the
        # 444 English stopwords): those would make English read as Marathi.
        words = {w for w in words if not w.isascii()}
    return frozenset(words)


# A sample with more than this many characters per word is in a language written without
# spaces between words (Chinese, Japanese, Thai): code UNSPACED, no stoplist.
UNSPACED_LETTERS_PER_SPACE = 25
UNSPACED = "unspaced"
# The language with the most votes (a word in k lists gives each 1/k) wins when its list
# holds at least this many of the sample's words, and this share of them; else the union
# of all lists is used (code "und").
MIN_VOTES = 3
MIN_VOTE_SHARE = 0.1
# Languages with at least this share of the winner's votes add their stoplists to its own,
# up to MAX_LANGUAGES lists in all.
SECOND_LANGUAGE_SHARE = 0.5
MAX_LANGUAGES = 3


def load_stoplists() -> None:
    """Read every stoplist now (jusText's files, about 0.5 s), not in the first document."""
    _voters()
    stoplist("und")


@cache
def _voters() -> tuple[tuple[str, ...], dict[str, tuple[int, ...]]]:
    """(language codes, word -> indices of the codes whose stoplist holds it)."""
    codes = tuple(JUSTEXT_NAMES)
    holders: dict[str, list[int]] = {}
    for index, code in enumerate(codes):
        for word in stoplist(code):
            holders.setdefault(word, []).append(index)
    return codes, {word: tuple(indices) for word, indices in holders.items()}


def stoplist_for(texts: list[str] | tuple[str, ...], memo: dict | None = None) -> tuple[str, frozenset[str]]:
    """(language code, stoplist) of a document, from the starts of its longest lines.

    The language is the one whose jusText stoplist holds most of the sample's words: a vote
    that costs a dictionary look-up per word, where a language detector costs milliseconds
    per document, and all the stoplist needs is the right list of function words. `memo`
    keeps the answer per sample for the next call on the same document.

    >>> stoplist_for(["Der Hund und die Katze sind nicht im Haus, aber sie werden bald kommen."])[0]
    'de'
    >>> stoplist_for(["東京都の人口は約千四百万人で、日本の首都である。" * 2])[0]
    'unspaced'
    """
    sample: list[str] = []
    size = 0
    for text in sorted(texts, key=len, reverse=True):
        piece = text[:LANGUAGE_SAMPLE_LINE_CHARS]
        sample.append(piece)
        size += len(piece)
        if size >= LANGUAGE_SAMPLE_CHARS:
            break
    joined = " ".join(sample)
    memo = {} if memo is None else memo.setdefault("stoplist_for", {})
    if joined not in memo:
        memo[joined] = _vote(joined)
    return memo[joined]


def _vote(joined: str) -> tuple[str, frozenset[str]]:
    words = joined.casefold().split()
    visible = len(joined) - len(words) + 1  # about: the characters that are not spaces
    if visible >= 20 and visible > UNSPACED_LETTERS_PER_SPACE * len(words):
        return UNSPACED, frozenset()
    codes, holders = _voters()
    votes = [0.0] * len(codes)
    hits = [0] * len(codes)
    for word, count in Counter(map(str.strip, words, repeat(_STRIP))).items():
        indices = holders.get(word)
        if indices is None:
            continue
        # A word of many lists says little: jusText's lists for Marathi, Nepali, Telugu
        # and others hold hundreds of English words.
        share = count / len(indices)
        for index in indices:
            votes[index] += share
            hits[index] += count
    best = max(range(len(codes)), key=votes.__getitem__)  # the first of equals: deterministic
    if hits[best] < MIN_VOTES or hits[best] < MIN_VOTE_SHARE * len(words):
        return "und", stoplist("und")
    # A page in two languages (an article and an English site notice, a quotation) gets the
    # lists of both: a paragraph is judged by its own language's function words.
    runners = [i for i in range(len(codes)) if i != best and votes[i] >= SECOND_LANGUAGE_SHARE * votes[best]]
    runners = sorted(runners, key=lambda i: -votes[i])[: MAX_LANGUAGES - 1]
    if not runners:
        return codes[best], stoplist(codes[best])
    return codes[best], _union((codes[best], *sorted(codes[i] for i in runners)))


@cache
def _union(codes: tuple[str, ...]) -> frozenset[str]:
    return frozenset().union(*(stoplist(code) for code in codes))
