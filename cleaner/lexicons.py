"""Residue phrase lists: loading from data files and matching whole lines against them.

Layout (all UTF-8, one entry per line, "#" starts a comment):

- `data/phrases/<reason>/<lang>.txt`: phrases. A line is residue of that reason when its
  words, after `key()` normalization, are exactly one phrase or a sequence of phrases
  ("Previous Post Next Post" = "previous post" + "next post"). An entry ending in `{*}` is
  a prefix: the line starts with it and what follows is short ("Tags: {*}").
- `data/patterns/<reason>.txt`: anchored regular expressions matched against the whole
  line (case-insensitive), for residue that is not words ("spot_imgspot_img").
- `data/lists/<name>.txt`: shared word lists (months, byline prefixes): see `word_list`.

A heading of a block of teasers often names where the teasers come from: "Die meistgelesenen
Artikel bei SWR.de/Sport", "Más noticias de Colombia", "Top-Themen bei FIT FOR FUN". Such a
line is a phrase of SCOPED_REASONS, a scope word (`data/lists/scope-words.txt`: "bei", "from",
"de", "zum") and at most SCOPED_REST_WORDS words, as a heading (no sentence end). Measured on
the development set (page and container tiers, related phrases): 100 such lines (69 distinct), none of them
article text; the other reasons' phrases with a scope are too often real headings ("Hilfe bei
häuslicher Gewalt", "Kommentar zum Modellprojekt ...", "More on rsync configuration").

Phrases of every language are active for every document: a German comment prompt is residue
in an English page too, and a whole-line match keeps this safe.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from importlib import resources
from itertools import accumulate

from cleaner.reasons import REASONS

try:  # `re`'s parser and its table of extra cases, to read what a pattern requires (`_PatternGate`)
    import re._constants as _sre
    import re._parser as _sre_parse
    from re._casefix import _EXTRA_CASES
except ImportError:  # Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]
    from sre_compile import _ignorecase_fixes as _EXTRA_CASES  # type: ignore[no-redef]

PREFIX_MARK = "{*}"
PREFIX_ANY_MARK = "{**}"  # a prefix whose rest may be of any length (cookie banners)
# Words allowed after a prefix entry: "Tags: a, b, c" yes, a whole sentence no.
MAX_PREFIX_REST_WORDS = 20
# Lines longer than this many words are never phrase residue.
MAX_PHRASE_LINE_WORDS = 40
# A phrase of these reasons with a scope ("Most read on Example News") is residue too.
SCOPED_REASONS = frozenset({"related"})
# Words after the scope word of such a line; words of the whole line.
SCOPED_REST_WORDS = 4
SCOPED_MAX_WORDS = 9
_SENTENCE_END = (".", "!", "?", "…")

_DIGITS = re.compile(r"\d+")
# Runs of letters and digits: everything but punctuation, symbols and "_" (which \\w counts
# as a word character).
_WORD = re.compile(r"[^\W_]+")
# (?<!\s): a run of spaces is tried from its first space only, so a long run is linear.
_SPACE_BEFORE_PUNCT = re.compile(r"(?<!\s)\s+(?=[:;!?])")
# "ß" and "µ" casefold to other characters: they become 1, a byte nothing else becomes.
_LATIN1_KEY = bytes(
    1 if c in (0xB5, 0xDF) else ord("0") if chr(c).isdecimal() else ord(chr(c).casefold()) if chr(c).isalnum() else 0x20
    for c in range(256)
)


def _outside_latin1(error: UnicodeEncodeError) -> tuple[str, int]:
    """Encoding error handler for `key`: a run of characters outside Latin-1 that casefold
    to punctuation or symbols only becomes a space, as `key` makes them; a run with a letter
    or digit stops the encoding with the error (the line takes the general path)."""
    run = error.object[error.start : error.end]
    if _WORD.search(run.casefold()):
        raise error
    return " ", error.end


_OUTSIDE_LATIN1 = "cleaner.lexicons.key"
codecs.register_error(_OUTSIDE_LATIN1, _outside_latin1)


def _mark_outside_latin1(error: UnicodeEncodeError) -> tuple[str, int]:
    """`_outside_latin1` for the lines of a whole document (`Lexicon._phrase_lines`): a run
    with a letter or digit becomes a byte 1, for its line to take `key` itself, instead of
    stopping the encoding of them all; the rest of that line is left out (the mark is all
    `_phrase_lines` reads of it). A line of Polish text has a run at nearly every word: on
    the sample this saves 2 calls of 3 (a call costs 1-5 µs)."""
    text = error.object
    if _WORD.search(text[error.start : error.end].casefold()):
        end = text.find("\n", error.end)
        return "\x01", len(text) if end < 0 else end
    return " ", error.end


_MARK_OUTSIDE_LATIN1 = "cleaner.lexicons.lines"
codecs.register_error(_MARK_OUTSIDE_LATIN1, _mark_outside_latin1)
# `_LATIN1_KEY`, keeping line breaks and the marks (byte 1) of `_mark_outside_latin1`.
_LINES_KEY = bytes(byte if byte in (1, 0x0A) else k for byte, k in enumerate(_LATIN1_KEY))
# The classifier asks for the key and light form of the same line several times.
_MEMO_LINES = 1 << 14


@lru_cache(maxsize=_MEMO_LINES)
def key(text: str) -> str:
    """Matching form of a line: casefolded words, punctuation and symbols dropped, digits -> 0.

    >>> key("Your email address will NOT be published. Required fields are marked *")
    'your email address will not be published required fields are marked'
    >>> key("12 Comments »")
    '0 comments'
    """
    # The same, for Latin-1 text, with one byte table: casefolded letters and digits stay,
    # digits become "0" (then runs of "0" one "0"), everything else a space. Punctuation
    # outside Latin-1 (curly quotes, dashes) is a space already (`_outside_latin1`). (A byte
    # `in` bytes is a memchr; a one-byte bytes `in` bytes costs 10x as much.)
    try:
        data = text.encode("latin-1", _OUTSIDE_LATIN1).translate(_LATIN1_KEY)
    except UnicodeEncodeError:
        data = b"\x01"
    if 1 in data:  # a letter or digit outside Latin-1, or "ß" or "µ"
        return _DIGITS.sub("0", " ".join(_WORD.findall(text.casefold())))
    if 0x30 in data:
        while b"00" in data:
            data = data.replace(b"00", b"0")
    return b" ".join(data.split()).decode("latin-1")


# With re.I, a cased literal matches a character whose simple lowercase is the literal's or one
# of its few equivalents in `re`'s table ("s" and "ſ", "σ" and "ς"): `caseless` maps each
# character to the first of its class, so both sides compare without re.I.
_CASE_CLASS = {chr(low): chr(min(low, *others)) for low, others in _EXTRA_CASES.items() if min(others) < low}
_CASE_OTHERS = re.compile("[" + "".join(map(re.escape, _CASE_CLASS)) + "]")


def _latin1(words: set[str]) -> set[bytes]:
    """The `words` in Latin-1, as `Lexicon._phrase_lines` reads lines: a word with another
    character is in none of the lines it reads that way (it leaves those to `key`)."""
    return {word.encode("latin-1") for word in words if max(word, default="") < "\u0100"}


def caseless(text: str) -> str:
    """`text` with the characters re.I takes for one another made the same, character for
    character: `str.lower` is the simple lowercase `re` uses but for "İ" (which it makes
    "i̇", two characters), and makes "Σ" "σ" or "ς", one class.

    >>> caseless("İSTANBUL Straße ſ")
    'istanbul straße s'
    """
    if text.isascii():
        return text.lower()
    if "\u0130" in text:
        text = text.replace("\u0130", "i")
    text = text.lower()
    if _CASE_OTHERS.search(text):
        text = _CASE_OTHERS.sub(lambda found: _CASE_CLASS[found.group()], text)
    return text


@lru_cache(maxsize=_MEMO_LINES)
def light(text: str) -> str:
    """Text with whitespace collapsed and no space before ":;!?", for prefix entries.

    >>> light("Mots-clés :  Politique")
    'Mots-clés: Politique'
    """
    text = " ".join(text.split())
    # After the join the only whitespace is single spaces (str.split and the regex's \s agree
    # on what whitespace is), so the regex has something to remove only after one of these.
    if " :" in text or " ;" in text or " !" in text or " ?" in text:
        text = _SPACE_BEFORE_PUNCT.sub("", text)
    return text


@dataclass(frozen=True)
class Match:
    """A phrase match: the reason, how ("phrase" or "prefix" or "pattern"), the evidence, for
    prefix matches the text after the prefix, and other reasons the phrases could stand for."""

    reason: str
    rule: str
    evidence: str
    rest: str = ""
    alternatives: tuple[str, ...] = ()  # other reasons the same phrases belong to


class Lexicon:
    """All phrase and pattern entries, compiled for whole-line matching."""

    def __init__(
        self, phrases: dict[str, tuple[str, ...]], prefixes: dict[str, tuple[str, int]], patterns: list[tuple[str, str]]
    ):
        self.phrases = phrases  # key form -> its reasons, in load order ("e mail": comment-form, share)
        self.max_words = max((len(p.split()) for p in phrases), default=1)
        self.prefixes = prefixes  # lowercased light form (without {*}) -> (reason, max rest words)
        ordered = sorted(prefixes, key=len, reverse=True)
        self._prefix_re = (
            re.compile("(?:" + "|".join(re.escape(p) for p in ordered) + r")(?=\W|$)", re.I) if ordered else None
        )
        # Whether `_prefix_re` can match `light(text)`, decided on the text itself 5x faster
        # than `_prefix_re` runs (which then runs only on the few lines that pass, to find the
        # same prefix as before): `light` makes a run of whitespace one space and drops it
        # before ":;!?", so a prefix's space is any whitespace here and such punctuation may
        # follow whitespace (a superset of what `_prefix_re` matches after `light`).
        # It runs on "\n" + the `caseless` text, without re.I (which keeps the engine from
        # testing a branch's first literal before it tries the branch: 3x slower), and the
        # lookahead consumes nothing of the line: `prefix_gate` of a line, and at once for
        # every line of a document (`Lexicon.document`), where a line start is a "\n", found
        # by the engine's literal search. (With re.I it took 0.44 s to compile, 0.28 s now.)
        self._prefix_gate = (
            re.compile(r"\n(?=[^\S\n]*(?:" + factored([_spaced(caseless(p)) for p in ordered]) + r")(?=\W|$))")
            if ordered
            else None
        )
        self._patterns = [(re.compile(p, re.I), reason) for p, reason in patterns]
        # One pass decides whether any pattern matches; the loop in `match` then finds the first.
        self._any_pattern = _alternation([p for p, _ in patterns])
        self._pattern_gate = _PatternGate([p for p, _ in patterns])
        # A line is a sequence of phrases only if it starts with a phrase's first word and ends
        # with a phrase's last word.
        self._first_words = {p.split()[0] for p in phrases}
        self._last_words = {p.split()[-1] for p in phrases}
        self._first_bytes, self._last_bytes = _latin1(self._first_words), _latin1(self._last_words)
        # The phrases that take a scope, and their first words (a cheap gate).
        self._scoped = {p: reasons[0] for p, reasons in phrases.items() if reasons[0] in SCOPED_REASONS}
        self._scoped_first = {p.split()[0] for p in self._scoped}
        self._scoped_first_bytes = _latin1(self._scoped_first)

    def match(self, text: str) -> Match | None:
        """The residue match for a whole line, or None.

        >>> lex = default_lexicon()
        >>> lex.match("Previous Post Next Post").reason
        'navigation'
        >>> lex.match("Please leave a comment if you liked the stories we wrote today.") is None
        True
        """
        return self._match(text)

    def matcher(self, texts: Sequence[str]) -> Callable[[str], Match | None]:
        """`match`, for the lines `texts` of one document: their `caseless` forms come from
        one call on the whole document, and the strings some patterns require anywhere in a
        line (`_PatternGate`) are looked for once in it, then in a line only those it holds
        (most documents hold none or one)."""
        return self.document(texts)[0]

    def document(self, texts: Sequence[str]) -> tuple[Callable[[str], Match | None], Collection[int]]:
        """(`matcher`, indices): the matcher of the lines `texts` of one document, and the
        indices of the lines it may match, a superset of those it does.

        `_match` asks three gates of a line: the patterns' (`_PatternGate`), a sequence of
        phrases or a scoped one (`_phrase_lines`), a prefix (`_prefix_gate`). Here they are
        asked of the whole document at once, on its `caseless` form: the gates of a line are
        then three set lookups, and the lines that pass none (on the dev set's text tiers
        three lines in four) need not be asked at all.

        >>> match, lines = default_lexicon().document(["Share this:", "It rained all day.", "Tags: a, b"])
        >>> sorted(lines), match("Share this:").reason, match("Tags: a, b").rule
        ([0, 2], 'share', 'prefix')
        """
        folded = caseless("\n".join(texts))
        held = self._pattern_gate.held(folded)
        # Where each line starts in `folded`, and one past the end. `caseless` maps each
        # character on its own and none to or from "\n": the lines stay the lines, unless
        # one holds a "\n" of its own. (Maps, not a generator: no Python frame per line.)
        starts = list(accumulate(map((1).__add__, map(len, texts)), initial=0))
        phrasal = self._phrase_lines(texts) if folded.count("\n") + 1 == len(texts) else None
        patterned = self._pattern_gate.lines(folded, starts, held) if phrasal is not None else None
        if phrasal is None or patterned is None:
            lines = folded.split("\n")
            forms = dict(zip(texts, lines)) if len(lines) == len(texts) else {}
            phrases = None if phrasal is None else {texts[i] for i in phrasal}
            return partial(self._each_match, forms, held, phrases), range(len(texts))
        prefixed = set()
        if self._prefix_gate is not None:
            # A line's "\n" in "\n" + `folded` is at the line's start in `folded`.
            line_at = dict(zip(starts, range(len(texts))))
            prefixed = {line_at[m.start()] for m in self._prefix_gate.finditer("\n" + folded)}
        candidates = self._pattern_gate.candidates
        match = partial(
            self._document_match,
            {texts[i]: candidates(folded[starts[i] : starts[i + 1] - 1], held) for i in patterned},
            {texts[i] for i in phrasal},
            {texts[i] for i in prefixed},
        )
        return match, phrasal.union(patterned, prefixed)

    def _each_match(self, forms: dict[str, str], held: tuple[str, ...], phrasal: set[str] | None, text: str) -> Match | None:
        """`match` of a line, for a document whose lines `document` cannot tell apart or
        whose every line a pattern may match: the gates of `_match` on the line, but for what
        is known of the document (`caseless` forms, `held`, the texts that may be phrases)."""
        return self._match(text, forms.get(text), held, phrasal is None or text in phrasal)

    def _document_match(
        self, patterned: dict[str, tuple[int, ...] | None], phrasal: set[str], prefixed: set[str], text: str
    ) -> Match | None:
        return self._gated(text, patterned.get(text, ()), text in phrasal, text in prefixed)

    def _phrase_lines(self, texts: Sequence[str]) -> set[int] | None:
        """The indices of the texts (lines of a document) whose `key` passes the test `_match`
        puts to a sequence of phrases (a phrase's first and last word, at most
        MAX_PHRASE_LINE_WORDS) or to a scoped phrase (the first word of one, at most
        SCOPED_MAX_WORDS), from `key`'s Latin-1 way for all at once: one encoding, one byte
        table ("ß" is "ss" first, as casefolded), "\n" kept; a line marked with a byte 1 (a
        letter or digit outside Latin-1, "µ") is asked only whether its first word may start
        one (`_first_word_may_start`). None when a text holds a "\n"."""
        text = "\n".join(texts)
        if "ß" in text:
            text = text.replace("ß", "ss")
        data = text.encode("latin-1", _MARK_OUTSIDE_LATIN1).translate(_LINES_KEY)
        if 0x30 in data:
            while b"00" in data:
                data = data.replace(b"00", b"0")
        lines = data.split(b"\n")
        if len(lines) != len(texts):
            return None
        first, last, scoped = self._first_bytes, self._last_bytes, self._scoped_first_bytes
        found = set()
        for i, line in enumerate(lines):
            if 1 in line:
                if self._first_word_may_start(texts[i]):
                    found.add(i)
                continue
            words = line.split()
            if not words:
                continue
            if (len(words) <= MAX_PHRASE_LINE_WORDS and words[0] in first and words[-1] in last) or (
                len(words) <= SCOPED_MAX_WORDS and words[0] in scoped
            ):
                found.add(i)
        return found

    def _first_word_may_start(self, text: str) -> bool:
        """Whether the first word of `key(text)` is the first word of a phrase or of a scoped
        phrase: the test of `_phrase_lines` for a line it leaves to `key` (a letter outside
        Latin-1), from the first run of letters and digits alone (5x faster than `key` of a
        whole line, as long lines of such text are)."""
        found = _WORD.search(text.casefold())
        if found is None:
            return False
        word = found.group()
        if not word.isalpha():
            word = _DIGITS.sub("0", word)
        return word in self._first_words or word in self._scoped_first

    def _match(
        self, text: str, folded: str | None = None, held: tuple[str, ...] | None = None, phrasal: bool = True
    ) -> Match | None:
        """`match`; `folded`: `caseless(text)`, if known; `held`: the strings of
        `_PatternGate` the document of `text` holds, if known; `phrasal` False when the line
        is not a sequence of phrases (`_phrase_lines`)."""
        folded = caseless(text) if folded is None else folded
        prefixed = self.prefix_gate(folded)
        return self._gated(text, self._pattern_gate.candidates(folded, held), phrasal, prefixed)

    def prefix_gate(self, folded: str) -> bool:
        """False when no prefix entry starts the line whose `caseless` form is `folded`.

        >>> lex = default_lexicon()
        >>> lex.prefix_gate(caseless(" TAGS :\u00a0a")), lex.prefix_gate(caseless("Plain text."))
        (True, False)
        """
        return self._prefix_gate is not None and self._prefix_gate.match("\n" + folded.lstrip()) is not None

    def _gated(self, text: str, patterns: tuple[int, ...] | None, phrasal: bool, prefixed: bool) -> Match | None:
        """`match`, given what the gates say of the line: the patterns that may match it
        (`_PatternGate.candidates`; None: any), whether it may be phrases (`_phrase_lines`),
        whether it may start with a prefix (`_prefix_gate`). The first pattern that matches
        is the first of all the patterns that does: the others cannot."""
        if patterns is None:
            # One pass decides whether any pattern matches; the loop then finds the first.
            whole = self._any_pattern is None or self._any_pattern.fullmatch(text)
            patterns = range(len(self._patterns)) if whole else ()
        for j in patterns:
            pattern, reason = self._patterns[j]
            if pattern.fullmatch(text):
                return Match(reason, "pattern", pattern.pattern)
        # `key` joins words with single spaces: the first, the last and their number need no split.
        phrase = key(text) if phrasal else ""
        if (
            phrase
            and phrase.count(" ") < MAX_PHRASE_LINE_WORDS
            and phrase.partition(" ")[0] in self._first_words
            and phrase.rpartition(" ")[2] in self._last_words
        ):
            found = self._segment(phrase.split())
            if found:
                reasons, pieces = found
                return Match(reasons[0], "phrase", " + ".join(pieces), alternatives=reasons[1:])
        if prefixed:
            lightened = light(text)
            found = self._prefix_re.match(lightened)
            if found:
                prefix = found.group(0).lower()
                # re.I takes characters for one another that `str.lower` maps elsewhere
                # ("ſtart" matches "start", "İ" lowers to two characters): no entry, no match.
                reason, max_rest = self.prefixes.get(prefix, ("", -1))
                rest = lightened[found.end():].strip(" :-–—|")
                if len(rest.split()) <= max_rest:
                    return Match(reason, "prefix", prefix, rest)
        if phrase.partition(" ")[0] in self._scoped_first:
            return self._scoped_match(text, phrase)
        return None

    def _scoped_match(self, text: str, phrase: str) -> Match | None:
        """A phrase of SCOPED_REASONS, a scope word and a short rest, as a heading ("Mehr
        News aus der Region"), else None; a phrase that ends with a scope word ("More from",
        "Más sobre") takes the rest directly. The last split that works wins.

        >>> default_lexicon().match("Die meistgelesenen Artikel bei SWR.de/Sport")
        Match(reason='related', rule='scoped', evidence='die meistgelesenen artikel', rest='bei swr de sport', alternatives=())
        >>> default_lexicon().match("More from The Guardian").evidence
        'more from'
        >>> default_lexicon().match("Die meistgelesenen Artikel bei uns waren Rezepte.") is None
        True
        """
        words = phrase.split()
        if len(words) > SCOPED_MAX_WORDS or text.rstrip().endswith(_SENTENCE_END):
            return None
        scopes = _scope_words()
        for j in range(len(words) - 1, 0, -1):
            rest = len(words) - j  # words from j on: [scope word] + at most SCOPED_REST_WORDS
            if rest > SCOPED_REST_WORDS + 1:
                break
            head = " ".join(words[:j])
            if head not in self._scoped:
                continue
            if (words[j] in scopes and rest > 1) or (words[j - 1] in scopes and rest <= SCOPED_REST_WORDS):
                return Match(self._scoped[head], "scoped", head, " ".join(words[j:]))
        return None

    def phrase_reasons(self, text: str) -> tuple[str, ...]:
        """The reasons of a line that `match` found to be phrases (its rule is "phrase"):
        `Match.reason` and `Match.alternatives`, without asking the patterns again.

        >>> default_lexicon().phrase_reasons("E-Mail")
        ('comment-form', 'share')
        """
        found = self._segment(key(text).split())
        return found[0] if found else ()

    def _segment(self, words: list[str]) -> tuple[tuple[str, ...], list[str]] | None:
        """(reasons, phrases): the reasons whose phrases alone cover `words`, and the fewest
        phrases of the first such reason; None when no reason covers them.

        Pieces must share a reason: "Source: X" is not an empty label followed by a share button.
        A phrase can belong to several reasons ("E-Mail" is a comment field and a share button).
        """
        n = len(words)
        candidates: list[str] = []
        for j in range(1, min(n, self.max_words) + 1):
            for reason in self.phrases.get(" ".join(words[:j]), ()):
                if reason not in candidates:
                    candidates.append(reason)
        found: list[str] = []
        first: list[str] | None = None
        for reason in candidates:
            best: list[list[str] | None] = [None] * (n + 1)
            best[n] = []
            for i in range(n - 1, -1, -1):
                for k in range(min(n, i + self.max_words), i, -1):
                    tail = best[k]
                    if tail is None or (best[i] is not None and len(tail) + 1 >= len(best[i])):
                        continue
                    phrase = " ".join(words[i:k])
                    if reason in self.phrases.get(phrase, ()):
                        best[i] = [phrase, *tail]
            if best[0] is not None:
                found.append(reason)
                first = first or best[0]
        return (tuple(found), first) if first is not None else None


def factored(words: list[tuple[str, ...]]) -> str:
    """A regex matching the same strings as the alternation of `words` (each a sequence of
    regex atoms), with the words that share a first atom behind one test of it
    ("ab|ac|b" -> "a(?:b|c)|b"): failing costs one test per distinct first atom, not one per
    word. The alternatives are tried in another order, so which word matches can differ: use
    it to decide whether one does.

    >>> factored([tuple("tags:"), tuple("tag:"), tuple("topics:"), tuple("more:")])
    't(?:a(?:g(?:s:|:))|opics:)|more:'
    """
    groups: dict[str, list[tuple[str, ...]]] = {}
    for word in words:
        groups.setdefault(word[0] if word else "", []).append(word[1:])
    out = []
    for first, rests in groups.items():
        if len(rests) == 1 or not first:
            out.append(first + "".join(rests[0]))
        else:
            out.append(first + "(?:" + factored(rests) + ")")
    return "|".join(out)


def _spaced(prefix: str) -> tuple[str, ...]:
    """The regex atoms of a prefix (in `light` form) as it may stand in a line before `light`.

    >>> print("".join(_spaced("home »")), "".join(_spaced("tags:")))
    home\\s+» tags\\s*:
    """
    return tuple(r"\s+" if ch == " " else r"\s*" + re.escape(ch) if ch in ":;!?" else re.escape(ch) for ch in prefix)


class _PatternGate:
    """Whether some of a list of patterns may fullmatch a line (with re.I), decided on the
    line's `caseless` form 4x faster than their alternation runs (which then runs on the few
    lines that pass): a pattern that starts with literal text (`_starts`) matches only a
    line that starts with it, and one that does not requires one of some strings
    (`_required`) in the line. The starts are looked up by the line's first character."""

    def __init__(self, patterns: list[str]):
        self._every_line = False
        # What the patterns without a literal start require, each with the length of the
        # longest line one of the patterns that require it can match.
        anywhere: dict[str, int] = {}
        by_first: dict[str, set[str]] = {}
        # Each pattern's starts and each pattern's required strings, by its index.
        pattern_starts: list[tuple[int, set[str]]] = []
        pattern_required: list[tuple[int, set[str]]] = []
        for j, pattern in enumerate(patterns):
            parsed = _sre_parse.parse(pattern, re.I)
            items = list(parsed)
            starts = _starts(items)
            if starts is not None:
                for start in starts:
                    by_first.setdefault(caseless(start[0]), set()).add(caseless(start))
                pattern_starts.append((j, {caseless(start) for start in starts}))
                continue
            required = _required(items)
            if required is None:
                self._every_line = True
            else:
                for word in map(caseless, required):
                    anywhere[word] = max(anywhere.get(word, 0), parsed.getwidth()[1])
                pattern_required.append((j, {caseless(word) for word in required}))
        # A line that holds a string holds every string within it, and a line that starts
        # with one starts with each of its beginnings: the longer ones are left out.
        self._anywhere = tuple(sorted(w for w in anywhere if not any(o != w and o in w for o in anywhere)))
        # A line longer than every pattern that requires a string can match is not searched
        # for it (`held`): the strings by the shortest of _HELD_TIERS those lines fit in
        # (None: every line). On the dev set's text tiers the strings are searched in 37%
        # of the text they were before.
        tiers: dict[int | None, list[str]] = {}
        self._longest: dict[str, int] = {}  # the longest line each string may be in (`lines`)
        for word in self._anywhere:
            longest = self._longest[word] = max(size for other, size in anywhere.items() if word in other)
            tiers.setdefault(next((t for t in _HELD_TIERS if longest <= t), None), []).append(word)
        self._held_tiers = sorted(tiers.items(), key=lambda tier: tier[0] is None)
        self._by_first = {
            ch: tuple(sorted(w for w in starts if not any(o != w and w.startswith(o) for o in starts)))
            for ch, starts in by_first.items()
        }
        # The patterns a line that starts with a start, or holds a string, may match: those
        # with a start it begins, or a string that holds it (`candidates`).
        self._start_patterns = {
            start: tuple(j for j, whole in pattern_starts if any(w.startswith(start) for w in whole))
            for starts in self._by_first.values()
            for start in starts
        }
        self._word_patterns = {
            word: tuple(j for j, strings in pattern_required if any(word in w for w in strings)) for word in self._anywhere
        }
        # The starts, for all lines of a document at once (`lines`): a "\n", then one of them.
        every_start = sorted({w for starts in self._by_first.values() for w in starts})
        self._line_starts = (
            re.compile(r"\n(?=" + factored([tuple(map(re.escape, w)) for w in every_start]) + ")") if every_start else None
        )

    def lines(self, folded: str, starts: list[int], held: tuple[str, ...]) -> set[int] | None:
        """`may_match` of each line of a document at once: the indices of the lines it
        passes, None for all. `folded` is the `caseless` form of the lines joined by "\n",
        `starts` where each line starts in it (and one past the end), `held` its `held`.

        >>> gate = _PatternGate([r"tags: .*", r".* shared by .*"])
        >>> text = "tags: a\\nan image shared by x\\nplain"
        >>> sorted(gate.lines(text, [0, 8, 29, 35], gate.held(text)))
        [0, 1]
        """
        if self._every_line:
            return None
        found = set()
        if self._line_starts is not None:
            line_at = dict(zip(starts, range(len(starts) - 1)))
            found.update(line_at[m.start()] for m in self._line_starts.finditer("\n" + folded))
        for word in held:
            longest = self._longest[word] + 1  # and its "\n"
            at = folded.find(word)
            while at >= 0:
                i = bisect_right(starts, at) - 1
                if starts[i + 1] - starts[i] <= longest:
                    found.add(i)
                at = folded.find(word, starts[i + 1])  # in the next line
        return found

    def held(self, folded: str) -> tuple[str, ...]:
        """The strings the patterns without a literal start require that the `caseless` text
        `folded` holds in a line short enough for one of those patterns to match it: a line
        of it holds no others, or no pattern that requires them matches it.

        >>> gate = _PatternGate([r".{0,20} comments", r".{0,500}download .*x"])
        >>> gate.held("3 comments\\nsome download x"), gate.held(("x" * 30) + " comments\\nno")
        ((' comments', 'download '), ())
        """
        if len(self._held_tiers) == 1 and self._held_tiers[0][0] is None:
            return tuple(word for word in self._anywhere if word in folded)
        lines = sorted(folded.split("\n"), key=len)
        sizes = list(map(len, lines))
        found = []
        for tier, words in self._held_tiers:
            text = folded if tier is None else "\n".join(lines[: bisect_right(sizes, tier)])
            found.extend(word for word in words if word in text)
        return tuple(found)

    def candidates(self, folded: str, held: tuple[str, ...] | None = None) -> tuple[int, ...] | None:
        """The indices of the patterns that may fullmatch the line whose `caseless` form is
        `folded`, in order (those whose start it begins with, or one of whose required
        strings it holds); None when the gate cannot tell (a pattern it cannot narrow).
        `held`, if given, is `held` of a text the line is a line of.

        >>> gate = _PatternGate([r"tags: .*", r".* shared by .*", r"home .*"])
        >>> gate.candidates("tags: a"), gate.candidates("home and tags"), gate.candidates("x shared by y")
        ((0,), (2,), (1,))
        """
        if self._every_line:
            return None
        found: set[int] = set()
        starts = self._by_first.get(folded[:1])
        if starts is not None:
            for start in starts:
                if folded.startswith(start):
                    found.update(self._start_patterns[start])
        for word in self._anywhere if held is None else held:
            if word in folded:
                found.update(self._word_patterns[word])
        return tuple(sorted(found))

    def may_match(self, folded: str, held: tuple[str, ...] | None = None) -> bool:
        """False when none of the patterns fullmatches the line whose `caseless` form is
        `folded`; `held`, if given, is `held` of a text the line is a line of."""
        if self._every_line:
            return True
        starts = self._by_first.get(folded[:1])
        if starts is not None and folded.startswith(starts):
            return True
        return any(word in folded for word in (self._anywhere if held is None else held))


# The lengths of line by which `_PatternGate.held` groups the strings it looks for.
_HELD_TIERS = (32, 120, 330, 500)
# Past this many starts a pattern's literal start is not spelt out further.
_MAX_STARTS = 64


def _starts(items: list) -> set[str] | None:
    """Non-empty literal strings one of which every match of the parsed regex `items` (a
    sequence) starts with, as re.I matches them; None when it is not known to start with any.

    >>> sorted(_starts(list(_sre_parse.parse(r"(?:the )?(?:home|start)\\s*x", re.I))))
    ['home', 'start', 'the home', 'the start']
    >>> _starts(list(_sre_parse.parse(r"[^.]{1,9} news", re.I))) is None
    True
    """
    found, _ = _literal_start(items)
    return None if "" in found else found


def _literal_start(items: list) -> tuple[set[str], bool]:
    """(strings, complete): the literal strings every match of `items` starts with one of,
    and whether they are its only matches (then what follows in a sequence extends them)."""
    found = {""}
    for op, av in items:
        if op is _sre.LITERAL:
            part, whole = {chr(av)}, True
        elif op is _sre.SUBPATTERN:
            part, whole = _literal_start(list(av[-1]))
        elif op is _sre.BRANCH:
            branches = [_literal_start(list(branch)) for branch in av[1]]
            part, whole = set().union(*(b[0] for b in branches)), all(b[1] for b in branches)
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and (av[0] >= 1 or av[1] == 1):
            part, whole = _literal_start(list(av[2]))
            whole = whole and av[1] == 1  # x{2,}: the first x starts it, and more may follow
            if av[0] == 0:  # x?: it may start with what follows too
                part = part | {""}
        else:
            return found, False
        extended = {a + b for a in found for b in part}
        if len(extended) > _MAX_STARTS:
            return found, False
        found = extended
        if not whole:
            return found, False
    return found, True


def _required(items: list) -> set[str] | None:
    """Strings one of which every match of the parsed regex `items` (a sequence) holds, as
    re.I matches them: a run of literal characters, or for an alternation the union of what
    each branch requires; of several such sets, the one whose shortest string is longest.
    None when it is not known to require any (classes, optional parts...).

    >>> sorted(_required(list(_sre_parse.parse(r"[^.!?]{1,150} (?:is|are) licensed\\b", re.I))))
    [' licensed']
    >>> sorted(_required(list(_sre_parse.parse(r"(?:get|receive)s? .{0,9}", re.I))))
    ['get', 'receive']
    """
    best: set[str] | None = None
    run: list[str] = []

    def consider(candidate: set[str] | None) -> None:
        nonlocal best
        if candidate and (best is None or min(map(len, candidate)) > min(map(len, best))):
            best = candidate

    for op, av in items:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        consider({"".join(run)} if run else None)
        run = []
        if op is _sre.SUBPATTERN:
            consider(_required(list(av[-1])))
        elif op is _sre.BRANCH:
            branches = [_required(list(branch)) for branch in av[1]]
            if all(branches):
                consider(set().union(*branches))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:
            consider(_required(list(av[2])))
    consider({"".join(run)} if run else None)
    return best


def _alternation(patterns: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive regex matching what any of `patterns` matches; None if there are
    none, or if they cannot be joined (backreferences would point into other patterns; global
    inline flags must come first)."""
    if any(re.search(r"\\\d|\(\?P=", p) for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.I) if patterns else None
    except re.error:
        return None


@cache
def default_lexicon() -> Lexicon:
    """The built-in lexicon, loaded once per process."""
    phrases: dict[str, tuple[str, ...]] = {}
    prefixes: dict[str, tuple[str, int]] = {}
    root = resources.files("cleaner") / "data" / "phrases"
    for reason_dir in sorted(root.iterdir(), key=lambda p: p.name):
        reason = reason_dir.name
        if reason not in REASONS:
            raise ValueError(f"data/phrases/{reason}: not a known reason")
        for lang_file in sorted(reason_dir.iterdir(), key=lambda p: p.name):
            for entry in _entries(lang_file.read_text("utf-8")):
                add_entry(phrases, prefixes, entry, reason)
    patterns: list[tuple[str, str]] = []
    for pattern_file in sorted((resources.files("cleaner") / "data" / "patterns").iterdir(), key=lambda p: p.name):
        reason = pattern_file.name.removesuffix(".txt")
        if reason not in REASONS:
            raise ValueError(f"data/patterns/{pattern_file.name}: not a known reason")
        patterns.extend((entry, reason) for entry in _entries(pattern_file.read_text("utf-8")))
    return Lexicon(phrases, prefixes, patterns)


def add_entry(phrases: dict[str, tuple[str, ...]], prefixes: dict[str, tuple[str, int]], entry: str, reason: str) -> None:
    """Add one data-file entry (a phrase, or a prefix ending in {*} or {**}) of `reason`; an
    entry already there keeps its first reason (a phrase gets `reason` as an alternative)."""
    if entry.endswith(PREFIX_ANY_MARK):
        prefix = light(entry[: -len(PREFIX_ANY_MARK)]).strip().lower()
        prefixes.setdefault(prefix, (reason, 10**9))
    elif entry.endswith(PREFIX_MARK):
        prefix = light(entry[: -len(PREFIX_MARK)]).strip().lower()
        prefixes.setdefault(prefix, (reason, MAX_PREFIX_REST_WORDS))
    else:
        phrase = key(entry)
        if phrase and reason not in phrases.get(phrase, ()):
            phrases[phrase] = (*phrases.get(phrase, ()), reason)


def extended(base: Lexicon, entries: Iterable[tuple[str, str]], patterns: Iterable[tuple[str, str]]) -> Lexicon:
    """`base` plus more `(entry, reason)` entries (data-file syntax) and `(regex, reason)`
    patterns, as a user rules file gives them (`cleaner.rules`). They come after the built-in
    ones: where both name the same phrase or prefix, the built-in reason is the first."""
    phrases, prefixes = dict(base.phrases), dict(base.prefixes)
    for entry, reason in entries:
        add_entry(phrases, prefixes, entry, reason)
    return Lexicon(phrases, prefixes, [*((p.pattern, r) for p, r in base._patterns), *patterns])


def builtin_files() -> Iterator[tuple[str, str, str, tuple[str, ...]]]:
    """`(reason, lang, path, entries)` of every built-in phrase and pattern file, in load
    order; `path` is relative to the package ("data/phrases/share/en.txt"), `lang` is "" for
    patterns (they hold no words)."""
    data = resources.files("cleaner") / "data"
    for reason_dir in sorted((data / "phrases").iterdir(), key=lambda p: p.name):
        for lang_file in sorted(reason_dir.iterdir(), key=lambda p: p.name):
            path = f"data/phrases/{reason_dir.name}/{lang_file.name}"
            yield reason_dir.name, lang_file.name.removesuffix(".txt"), path, tuple(_entries(lang_file.read_text("utf-8")))
    for pattern_file in sorted((data / "patterns").iterdir(), key=lambda p: p.name):
        reason = pattern_file.name.removesuffix(".txt")
        yield reason, "", f"data/patterns/{pattern_file.name}", tuple(_entries(pattern_file.read_text("utf-8")))


@cache
def _scope_words() -> frozenset[str]:
    return frozenset(key(word) for word in word_list("scope-words"))


@cache
def word_list(name: str) -> tuple[str, ...]:
    """The entries of the shared list `data/lists/<name>.txt`, casefolded, in file order."""
    text = (resources.files("cleaner") / "data" / "lists" / f"{name}.txt").read_text("utf-8")
    return tuple(entry.casefold() for entry in _entries(text))


def _entries(text: str) -> list[str]:
    """Entries of a data file: blank lines and "#" comments (whole-line or after " #") skipped."""
    out = []
    for raw in text.splitlines():
        entry = "" if raw.lstrip().startswith("#") else raw.split(" #", 1)[0].strip()
        if entry:
            out.append(entry)
    return out
