"""The line classifier: a class per line from its features, then a context pass (jusText).

jusText (Pomikálek 2011, `justext/core.py`) classifies the paragraphs of an HTML page in
two steps, and so does this module, with lines of text instead of paragraphs:

1. Context-free (`line_class`), from `cleaner.features`:
   - BAD: a line of URLs or e-mail addresses, mostly digits (date lists, phone numbers),
     without letters or, if long, mostly symbols (separators), or a line a phrase rule
     already dropped;
   - SHORT: under LENGTH_LOW characters: too little text to judge alone (but a short
     sentence of running text is NEARGOOD); also a long line with few stopwords, which is
     a run of menu labels glued together as often as a quotation in another language than
     the stoplist's: the context decides (jusText calls it bad);
   - GOOD: long (LENGTH_HIGH) or a sentence, with a stopword density of running text;
   - NEARGOOD: in between.
2. Context (`revise`), jusText's revision: a heading (a short line that does not end like
   a sentence) within MAX_HEADING_DISTANCE characters before a good line is near-good; a
   short line takes the class of its nearest non-short neighbours when they agree, and
   when they do not it is good only next to a near-good line on the bad side; a near-good
   line is bad only between bad lines; the document's edges count as bad.

jusText's thresholds were made for paragraphs of HTML with link density at hand; on plain
text lines a sentence ending in "." is strong evidence that jusText cannot see, so a line
ending like a sentence with enough words and stopwords is GOOD at SENTENCE_MIN_CHARS.

Languages written without spaces (Chinese, Japanese, Thai) have no word counts or stopword
densities to go by: `classify_lines` leaves them alone (returns None for every line).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import compress
from operator import not_

from cleaner.features import UNSPACED, LineFeatures, line_features, stoplist_for
from cleaner.types import Line, Verdict
from cleaner.zones import article_spans, below_marker, end_markers, outside, site_notices, site_words

BAD, SHORT, NEARGOOD, GOOD = 0, 1, 2, 3
CLASS_NAMES = ("bad", "short", "neargood", "good")
# The rules of the verdicts this module proposes: later structural passes may re-label them.
RULES = frozenset({"context", "context-free", "article-tail", "article-gap", "site-words"})

# jusText's defaults (core.py), in characters and shares of words.
LENGTH_LOW = 70
LENGTH_HIGH = 200
STOPWORDS_LOW = 0.30
STOPWORDS_HIGH = 0.32
MAX_HEADING_DISTANCE = 200
# ... with at most this many other short lines between (a title and its subtitle): on text
# every short line may be a heading, and a menu right above the article must not pass for it.
MAX_HEADING_GAP = 1
# A line ending like a sentence, at least this long, with STOPWORDS_HIGH, is GOOD.
SENTENCE_MIN_CHARS = 80
# A long line ending like a sentence or with ":" (not cut off with "...") needs only this stopword
# density to be NEARGOOD: compounds (German) and names thin out the stopwords of real prose.
SENTENCE_MIN_STOPWORDS = 0.15
# A short line ending like a sentence, with this many words and STOPWORDS_HIGH, is NEARGOOD:
# a short real sentence stays next to content even at the end of the document.
SHORT_SENTENCE_MIN_WORDS = 4
# BAD whatever the length: URL/e-mail words and digits over these shares of the line, and a
# line without letters (datatrove's symbol lines); symbols over this share, in a line of
# LENGTH_LOW characters or more (a short line of dialogue, "– „Ok.“", is mostly punctuation).
MAX_LINK_SHARE = 0.5
MAX_DIGIT_SHARE = 0.4
MAX_SYMBOL_SHARE = 0.5
# A line that ends like a sentence (not cut off with "...") and has at least this many words
# is never dropped by the context or the zones: whatever its neighbours, it reads as the
# author's prose, and losing a real sentence costs more than keeping a prose-like footer.
PROSE_MIN_WORDS = 8
# Context drops over this share of a document's words trip the safety valve. Measured on the
# development set (page / container snippet recall and F1), before the caption rule: 0.2 gave
# 0.980 / 0.806 and 0.971 / 0.871, 0.3 0.972 / 0.815 and 0.966 / 0.876, 0.4 0.969 / 0.828
# and 0.962 / 0.881; without a valve 0.941 / 0.846 and 0.947 / 0.884. Between 0.2 and 0.4
# about six residue snippets go for each real one lost, mostly short lines of recipes, spec
# tables and dialogue; 0.3 keeps recall near 0.97. When the valve trips, the tail zone's bad
# lines still go: at 0.3 that took page / container from 0.709 / 0.971 / 0.820 and
# 0.813 / 0.965 / 0.883 to 0.753 / 0.963 / 0.845 and 0.832 / 0.959 / 0.891 (precision /
# recall / F1), ten and five residue snippets for each real one.
MAX_CONTEXT_SHARE = 0.3


def line_class(f: LineFeatures) -> int:
    """The context-free class of one line.

    >>> from cleaner.features import line_features
    >>> stop = frozenset("the a of on and to in was it is".split())
    >>> [CLASS_NAMES[line_class(f)] for f in line_features([
    ...     "Home", "https://example.org/a", "12.03.2024 | 13.03.2024",
    ...     "The mayor said on Tuesday that the new bridge over the river was going to open in the spring of next year.",
    ... ], stop)]
    ['short', 'bad', 'bad', 'good']
    """
    return _judge(f)[1]


def is_heading(f: LineFeatures) -> bool:
    """A short line that does not end like a sentence (a trailing ":" may)."""
    return _judge(f)[3]


def _prose(f: LineFeatures) -> bool:
    """Running text, which the context rules leave alone: a line of PROSE_MIN_WORDS words or
    more that ends like a sentence or with ":" (an introduction), or holds the end of one
    (a paragraph the page cut off), and is not a teaser cut off with "..."."""
    return _judge(f)[2]


def _judge(f: LineFeatures) -> tuple[LineFeatures, int, bool, bool]:
    """(f, `line_class`, `_prose`, `is_heading`) of one line, in one function: the shares are
    the properties of `LineFeatures` written out, each computed once (a document's first
    context pass judges every line: this took it from about 2 to 0.5 microseconds a line)."""
    chars, words, stopwords, letters, _, digits, symbols, links, terminal, colon, list_item, cut_off, inner_end = f
    visible = chars - words + 1 if words else chars  # not spaces, about
    digit_share = digits / visible if visible > 0 else 0.0
    link_share = links / words if words else 0.0
    density = stopwords / words if words else 0.0
    if not words or link_share > MAX_LINK_SHARE or digit_share > MAX_DIGIT_SHARE or not letters:
        cls = BAD
    elif chars >= LENGTH_LOW and visible > 0 and symbols / visible > MAX_SYMBOL_SHARE:
        cls = BAD
    elif chars < LENGTH_LOW:
        sentence = terminal and words >= SHORT_SENTENCE_MIN_WORDS and density >= STOPWORDS_HIGH
        cls = NEARGOOD if sentence else SHORT
    elif density >= STOPWORDS_HIGH:
        cls = GOOD if chars >= LENGTH_HIGH or (terminal and chars >= SENTENCE_MIN_CHARS) else NEARGOOD
    elif density >= STOPWORDS_LOW or ((terminal or colon) and not cut_off and density >= SENTENCE_MIN_STOPWORDS):
        cls = NEARGOOD
    else:
        # Few stopwords: a run of menu labels or headlines glued together, or prose in another
        # language than the stoplist's (a quotation, a bilingual page). Only the context decides.
        cls = SHORT
    prose = (
        (terminal or colon or inner_end)
        and not cut_off
        and words >= PROSE_MIN_WORDS
        and link_share <= MAX_LINK_SHARE
        and digit_share <= MAX_DIGIT_SHARE
    )
    heading = chars < LENGTH_HIGH and (not terminal or colon) and not list_item
    return f, cls, prose, heading


def revise(classes: list[int], features: list[LineFeatures], transparent: list[bool] | None = None) -> list[int]:
    """jusText's context-sensitive revision of `classes` (a new list).

    >>> revise([BAD, SHORT, BAD, SHORT, GOOD, SHORT, GOOD, NEARGOOD, BAD], [None] * 9)
    [0, 0, 0, 0, 3, 3, 3, 3, 0]
    """
    headings = [f is not None and is_heading(f) for f in features]
    sizes = [f.chars if f is not None else 0 for f in features]
    return _revise(classes, features, headings, sizes, transparent)


def _revise(
    classes: list[int],
    features: list[LineFeatures],
    headings: list[bool],
    sizes: list[int],
    transparent: list[bool] | None = None,
) -> list[int]:
    """`revise`, with each line's `is_heading` and characters (0 without features) given.

    Each step visits only the lines it may change (headings, short, near-good or bad lines),
    and the nearest-neighbour sweeps run only when there is such a line."""
    n = len(classes)
    cf = list(classes)
    out = list(classes)
    # Lines a heading may have between it and its paragraph without counting (datelines and
    # bylines; residue lines count, or a menu item could reach a title over them).
    transparent = transparent or [False] * n
    candidates = list(compress(range(n), headings))
    # 0. A run of list items next to good or near-good text is part of it (a summary, steps).
    _list_runs(out, features)
    base = list(out)
    # 1. A heading shortly before a good line is near-good.
    for i in candidates:
        if out[i] == SHORT and _good_follows(i, base, sizes, transparent):
            out[i] = NEARGOOD
    # 2. Short lines take their neighbours' class.
    if SHORT in out:
        prev_strict, next_strict, prev_any, next_any = _neighbours(out)
        revised = list(out)
        for i in range(n):
            if out[i] != SHORT:
                continue
            prev, nxt = prev_strict[i], next_strict[i]
            if prev == nxt:
                revised[i] = prev
            elif (prev == BAD and prev_any[i] == NEARGOOD) or (nxt == BAD and next_any[i] == NEARGOOD):
                revised[i] = GOOD
            else:
                revised[i] = BAD
        out = revised
    # 3. Near-good lines are bad only between bad ones; unlike for short lines, the edge of
    #    the document does not count: a short sentence after a residue line at the end stays.
    if NEARGOOD in out:
        prev_strict, next_strict = _nearest(out, (GOOD, BAD), None)
        revised = list(out)
        for i in range(n):
            if out[i] == NEARGOOD:
                revised[i] = BAD if prev_strict[i] == BAD and next_strict[i] == BAD else GOOD
        out = revised
    # 4. A sentence-like line bad only for its few stopwords, between good lines, is good:
    #    names, numbers and compounds thin out the stopwords of real paragraphs too.
    thin = [i for i in range(n) if out[i] == BAD and features[i] is not None and _thin_prose(cf[i], features[i])]
    if thin:
        prev_any, next_any = _nearest(out, (GOOD, BAD, NEARGOOD), BAD)
        revised = list(out)
        for i in thin:
            if prev_any[i] == GOOD == next_any[i]:
                revised[i] = GOOD
        out = revised
    # 5. A heading that was not bad before the context pass stays when a good line follows:
    #    one good before the context pass, or a near-good one that stayed. Not a short line
    #    made good by the context: on text every short line may be a heading, and counting
    #    those would let a menu climb up to the top one item at a time.
    heads = [i for i in candidates if out[i] == BAD and cf[i] != BAD]
    if heads:
        content = [GOOD if b == GOOD or (b == NEARGOOD and o == GOOD) else b for b, o in zip(base, out)]
        for i in heads:
            if _good_follows(i, content, sizes, transparent):
                out[i] = GOOD
    return out



def _thin_prose(cf: int, f: LineFeatures) -> bool:
    """BAD before the context pass only for a stopword density under STOPWORDS_LOW."""
    return (
        cf == BAD
        and f.chars >= LENGTH_LOW
        and f.density >= SENTENCE_MIN_STOPWORDS
        and f.link_share <= MAX_LINK_SHARE
        and f.digit_share <= MAX_DIGIT_SHARE
        and f.symbol_share <= MAX_SYMBOL_SHARE
    )


def _list_runs(classes: list[int], features: list[LineFeatures]) -> None:
    """Short list items in a run that touches a GOOD or NEARGOOD line become NEARGOOD."""
    n = len(classes)
    i = 0
    while i < n:
        if not (features[i] is not None and features[i].list_item):
            i += 1
            continue
        j = i
        while j < n and features[j] is not None and features[j].list_item:
            j += 1
        before = i - 1
        while before >= 0 and classes[before] == SHORT and features[before] is not None and features[before].colon:
            before -= 1  # an intro such as "You need:"
        touches = any(0 <= k < n and classes[k] in (GOOD, NEARGOOD) for k in (before, j))
        if touches or any(classes[k] in (GOOD, NEARGOOD) for k in range(i, j)):
            for k in range(i, j):
                if classes[k] == SHORT:
                    classes[k] = NEARGOOD
        i = j


def _nearest(classes: list[int], wanted: tuple[int, ...], edge: int | None) -> tuple[list, list]:
    """For every line, the class of the nearest line before it and after it whose class is
    one of `wanted` (`edge` past the edge of the document), in two sweeps.

    >>> _nearest([BAD, SHORT, NEARGOOD, GOOD], (GOOD, BAD), None)
    ([None, 0, 0, 0], [3, 3, 3, None])
    """
    n = len(classes)
    before: list[int | None] = [edge] * n
    after: list[int | None] = [edge] * n
    last = edge
    for i in range(n):
        before[i] = last
        if classes[i] in wanted:
            last = classes[i]
    last = edge
    for i in range(n - 1, -1, -1):
        after[i] = last
        if classes[i] in wanted:
            last = classes[i]
    return before, after


def _neighbours(classes: list[int]) -> tuple[list[int], list[int], list[int], list[int]]:
    """`_nearest(classes, (GOOD, BAD), BAD)` and `_nearest(classes, (GOOD, BAD, NEARGOOD), BAD)`
    together, in one sweep each way.

    >>> _neighbours([GOOD, SHORT, NEARGOOD, SHORT, BAD])
    ([0, 3, 3, 3, 3], [0, 0, 0, 0, 0], [0, 3, 3, 2, 2], [2, 2, 0, 0, 0])
    """
    n = len(classes)
    prev_strict, prev_any = [BAD] * n, [BAD] * n
    next_strict, next_any = [BAD] * n, [BAD] * n
    strict = near = BAD
    for i, c in enumerate(classes):
        prev_strict[i] = strict
        prev_any[i] = near
        if c != SHORT:
            near = c
            if c != NEARGOOD:
                strict = c
    strict = near = BAD
    for i in range(n - 1, -1, -1):
        next_strict[i] = strict
        next_any[i] = near
        c = classes[i]
        if c != SHORT:
            near = c
            if c != NEARGOOD:
                strict = c
    return prev_strict, next_strict, prev_any, next_any


def _good_follows(i: int, classes: list[int], sizes: list[int], transparent: list[bool]) -> bool:
    """A GOOD line follows line `i` within MAX_HEADING_DISTANCE characters, with at most
    MAX_HEADING_GAP short or bad lines between (near-good lines, such as a list under a
    title, and transparent lines count neither as lines nor as characters)."""
    distance = 0
    gap = 0
    for j in range(i + 1, len(classes)):
        if classes[j] == GOOD:
            return True
        if classes[j] != NEARGOOD and not transparent[j]:
            distance += sizes[j]
            gap += 1
        if distance > MAX_HEADING_DISTANCE or gap > MAX_HEADING_GAP:
            return False
    return False


def classify_lines(
    texts: list[str] | tuple[str, ...],
    decided: list[bool],
    stoplist: frozenset[str],
    transparent: list[bool] | None = None,
    features: list[LineFeatures] | None = None,
) -> tuple[list[int], list[int], list[LineFeatures]]:
    """(context-free classes, revised classes, features) of a document's lines; lines
    already `decided` (dropped by a phrase rule) are BAD from the start; `transparent` lines
    (datelines, bylines) do not count between a heading and its paragraph; `features`, when
    known, are those of `texts` with `stoplist`."""
    features = line_features(texts, stoplist) if features is None else features
    cf = [BAD if done else line_class(f) for f, done in zip(features, decided)]
    return cf, revise(cf, features, transparent), features


def context_pass(
    lines: tuple[Line, ...],
    verdicts: list[Verdict | None],
    max_share: float,
    head_fact: Callable[[str], bool] | None = None,
    memo: dict | None = None,
    notices_only: bool = False,
) -> tuple[list[Verdict | None], tuple[str, ...]]:
    """Proposed verdicts for the lines no phrase rule decided (None: keep), and flags.

    Lines the revision makes BAD are dropped: as `link-list` when URLs or e-mail addresses
    made them bad, else as `boilerplate`. Safety valve: when these drops would remove more
    than `max_share` of the words the phrase rules left, only the lines that were BAD before the
    context pass go, and those it judged bad after the article's last paragraphs (the tail
    zone: comments, footers, teasers), and every proposal below a residue marker in the tail
    zone (a share bar, a comment form: what follows is not the article); the uncertain ones
    before and in the article (short, near-good, good on their own) stay, and the document is
    flagged "safety-valve". Measured on the dev set (page, container), the marker clause:
    about 1,500 more lines dropped in 1608 documents, 15 residue snippets more, none real.
    `head_fact` tells datelines and bylines (the head
    rules take them), which do not separate a title from its article. `memo` keeps the
    features of each line text per stoplist, for the next call on the same document.
    `notices_only`: propose the site notices alone (`cleaner.zones.site_notices`), for a text
    whose lines were judged with their markup (HTML).
    """
    texts = [line.text for line in lines]
    n = len(lines)
    none = [None] * n
    decided = [v is not None for v in verdicts]
    # The language of the lines no phrase rule took: residue must not pick the stoplist.
    code, stop = stoplist_for(list(compress(texts, map(not_, decided))) or texts, memo)
    if code == UNSPACED or not lines:
        return none, ()
    memo = {} if memo is None else memo
    features, classes, prose, headings = map(list, zip(*_rows(texts, stop, memo)))
    cf = [BAD if done else c for c, done in zip(classes, decided)]
    sizes = list(map(len, texts))  # the lines' `chars`
    # Datelines and bylines are short: only short lines are asked.
    transparent = [head_fact is not None and len(t) < LENGTH_LOW and head_fact(t) for t in texts]
    final = _revise(cf, features, headings, sizes, transparent)
    proposals: list[Verdict | None] = list(none)
    # A share bar or a comment form ends the article: what is below it is not taken in.
    markers = end_markers([v and v.reason for v in verdicts], [v and v.rule for v in verdicts])
    spans = article_spans([c == GOOD for c in cf], [c >= NEARGOOD for c in cf], [c != BAD for c in final], sizes, markers)
    zone = outside(spans, n)
    if notices_only:
        return _with_notices(proposals, texts, zone, decided, markers, memo), ()
    # An undecided line's class is its text's: its verdict, when bad, is its text's too.
    bad_verdicts = memo.setdefault(("bad-verdicts", stop), {})
    for i in range(n):
        if decided[i] or prose[i]:
            continue
        if final[i] == BAD:
            text = texts[i]
            if text not in bad_verdicts:
                bad_verdicts[text] = _verdict(cf[i], features[i])
            proposals[i] = bad_verdicts[text]
        elif zone[i] is not None and zone[i] != "head-zone":
            proposals[i] = _TAIL if zone[i] == "tail-zone" else _GAP
    # The share is of the words the phrase rules left: the text the context pass decides on.
    total = sum(f.words for f, done in zip(features, decided) if not done)
    dropped = sum(f.words for f, p in zip(features, proposals) if p is not None)
    if GOOD not in cf or not any(decided):
        # No paragraph to anchor the context (a title and one short paragraph, a list): the
        # context rules would judge lines by residue alone. No residue the phrase rules know
        # (clean text, such as trafilatura's output of an HTML page): nothing says the short
        # lines at the edges are residue. Either way only lines bad on their own go.
        return [p if p is not None and cf[i] == BAD else None for i, p in enumerate(proposals)], ()
    flags: tuple[str, ...] = ()
    if total and dropped > max_share * total:
        after = below_marker(zone, markers)
        proposals = [
            p if p is not None and (cf[i] == BAD or (zone[i] == "tail-zone" and (final[i] == BAD or after[i]))) else None
            for i, p in enumerate(proposals)
        ]
        flags = ("safety-valve",)
    # Site notices are told by their words, not by the context: they go whatever the valve says.
    return _with_notices(proposals, texts, zone, decided, markers, memo), flags


_TAIL = Verdict(False, "boilerplate", "article-tail", "outside the article's paragraphs")
_GAP = Verdict(False, "boilerplate", "article-gap", "outside the article's paragraphs")


def _rows(texts: list[str], stop: frozenset[str], memo: dict) -> list[tuple[LineFeatures, int, bool, bool]]:
    """(features, `line_class`, `_prose`, `is_heading`) of each line, all of them from its
    text and the stoplist alone: `memo` keeps them per text, for the next call on the
    document (`settle` classifies the kept lines again), and a text repeated in the document
    is measured once. They are kept per stoplist, not per language code: a second call may
    vote the same language with another list (its own alone, or with a second language's)."""
    cache = memo.setdefault(("rows", stop), {})
    missing = [t for t in dict.fromkeys(texts) if t not in cache]
    if missing:
        cache.update(zip(missing, map(_judge, line_features(missing, stop))))
    return list(map(cache.__getitem__, texts))


def _with_notices(
    proposals: list[Verdict | None],
    texts: list[str],
    zone: list[str | None],
    decided: list[bool],
    markers: list[bool],
    memo: dict,
) -> list[Verdict | None]:
    """`proposals` with a `site-notice` verdict for each site notice no other proposal took:
    prose the other rules leave alone, and, when they are off or held back (HTML, the safety
    valve), short lines too ("Member login" below a share bar). Measured on the dev set:
    asking prose only gave the same html F1 and 0.0006 less on page and container."""
    known = memo.setdefault("site_words", {})

    def words_of(text: str) -> frozenset[str]:
        if text not in known:
            known[text] = site_words(text)
        return known[text]

    for i, words in enumerate(site_notices(texts, zone, decided, markers, words_of)):
        if words and proposals[i] is None:
            proposals[i] = Verdict(False, "site-notice", "site-words", words)
    return proposals


def _verdict(cf: int, f: LineFeatures) -> Verdict:
    """The verdict of a line the context pass drops, from its class before the context and
    its features: what made it bad on its own, else the class the context overruled."""
    if f.link_share > MAX_LINK_SHARE:
        return Verdict(False, "link-list", "context-free", f"links={f.links}/{f.words} words")
    if cf == BAD:
        if f.digit_share > MAX_DIGIT_SHARE:
            return Verdict(False, "boilerplate", "context-free", f"digits={f.digit_share:.2f}")
        if f.letters == 0 or f.symbol_share > MAX_SYMBOL_SHARE:
            return Verdict(False, "boilerplate", "context-free", f"symbols={f.symbol_share:.2f}")
        return Verdict(False, "boilerplate", "context-free", f"stopwords={f.density:.2f}")
    return _AMONG_RESIDUE[cf]


# The verdicts of lines good enough on their own that the context dropped, made once: they are
# nine in ten of `_verdict`'s answers (dev sample: 56 a document), and a frozen dataclass costs
# a few microseconds to make. A `Verdict` is immutable: sharing one between lines is safe.
_AMONG_RESIDUE = {
    cls: Verdict(False, "boilerplate", "context", f"{CLASS_NAMES[cls]} among residue") for cls in (SHORT, NEARGOOD, GOOD)
}
