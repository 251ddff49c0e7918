"""Head and tail zones: where the article is, and the residue before and after it.

A page dump holds one article between a head (menus, breadcrumbs, dates, teasers) and a
tail (share bars, tags, author box, related teasers, comments, footer). Some of that residue
reads like prose (a site description, a cookie notice, a comment) and survives the line
classifier's context pass on its own, but it is not where the article is.

The article is found from the lines that are GOOD before any context (real paragraphs):
they are grouped into clusters, a new cluster starting after more than MAX_GAP_LINES lines
that are neither GOOD nor NEARGOOD. A cluster's mass is the characters of its GOOD lines;
the clusters with at least MIN_CLUSTER_SHARE of the largest one's mass hold the article
(an article cut by a block of teasers or an ad stays whole). Each kept cluster grows over
the lines next to it that the context pass kept (a title, a lead-in, a closing line).
Lines before the first kept span form the head zone, lines after the last one the tail zone.

`cleaner.context.context_pass` drops the lines of the tail zone and those between spans.
It leaves the head zone to the context rules: measured on the development set, the
head-zone rule removed about as many real lines (titles, leads, captions before a lead
that the clusters missed) as residue ones, the tail-zone rule eight residue lines for one.

Prose is not dropped by zone alone: a real sentence below the article (a recipe step, a
reference, a closing remark) costs more than a footer. `site_notices` drops the prose in
which the site talks about itself (newsletter and donation pitches, author bios, comment
rules, cookie notices): below the article after a residue marker (a share bar, a comment
form, "Related posts", tags, a copyright line), a line using one of the site words of
`data/lists/site-words.txt`; between the article's spans, a line using two of them.
Measured on the development set (page and container tiers, snippets): these lines held
about ten residue snippets for each real one; the tail prose after a marker as a whole
(site words or not) about five. A marker also ends the article's cluster of paragraphs
(`article_spans`' breaks): an author box or a pitch two lines below a share bar is not
taken into the article. Together, page / container F1 went from 0.873 / 0.911 to
0.891 / 0.922 (in process, without the corpus boilerplate pass), with two real snippets
lost on page and none on container. On HTML the first pass asks the site notices alone
(trafilatura judged the rest with the markup): html F1 0.9387 -> 0.9400.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import cache

from cleaner.lexicons import word_list


# More lines than this, none of them good or near-good, end a cluster of paragraphs.
MAX_GAP_LINES = 5
# Clusters with less than this share of the largest cluster's mass are not the article.
MIN_CLUSTER_SHARE = 0.5
# Reasons of the phrase rules that mark the end of an article: after one of them below the
# article, prose with SITE_WORDS_AFTER_MARKER site words is a site notice; between the
# article's spans it takes SITE_WORDS_BETWEEN.
END_MARKERS = frozenset(
    {"comment-form", "share", "related", "subscribe", "taxonomy", "copyright", "navigation", "cookie"}
)
SITE_WORDS_AFTER_MARKER = 1
SITE_WORDS_BETWEEN = 2
# Words, with their inner hyphens and apostrophes: r"\w+(?:[-'’]\w+)*", written possessive. The
# greedy pattern's first match never backtracks (whatever follows a word, the match is over),
# so the two find the same words; the possessive one skips the regex engine's bookkeeping of
# backtracking points: `findall` on a line 2.4 times faster (timeit), and it is nine tenths of
# `site_words`. (Python 3.10 has no possessive quantifiers: it takes the greedy pattern.)
_WORD = re.compile(r"\w++(?:[-'’]\w++)*+" if sys.version_info >= (3, 11) else r"\w+(?:[-'’]\w+)*")


def article_spans(
    good: list[bool], fair: list[bool], kept: list[bool], sizes: list[int], breaks: list[bool] | None = None
) -> list[tuple[int, int]]:
    """(first, last) line indices of the article's spans, in order; [] when no line is good.

    `good`: GOOD before the context pass; `fair`: GOOD or NEARGOOD before it; `kept`: not
    BAD after it; `sizes`: characters per line; `breaks`: lines that end a cluster whatever
    the gap (`end_markers`: a share bar, a comment form), so that an author box or a pitch
    below them is not taken into the article.

    The article's three paragraphs (3, 4, 7), a closing line the context kept (9), and far
    below a lone paragraph of half the mass (a comment, a site description):

    >>> good = [0, 0, 0, 1, 1, 0, 0, 1, 0, 0] + [0] * 25 + [1]
    >>> fair = [0, 0, 0, 1, 1, 0, 1, 1, 0, 0] + [0] * 25 + [1]
    >>> kept = [0, 0, 0, 1, 1, 1, 1, 1, 1, 1] + [0] * 25 + [1]
    >>> article_spans(good, fair, kept, [100] * 35 + [140])
    [(3, 9)]
    """
    goods = [i for i, g in enumerate(good) if g]
    if not goods:
        return []
    breaks = breaks or [False] * len(good)
    clusters: list[list[int]] = [[goods[0], goods[0], sizes[goods[0]]]]
    for g in goods[1:]:
        between = range(clusters[-1][1] + 1, g)
        if sum(1 for k in between if not fair[k]) > MAX_GAP_LINES or any(breaks[k] for k in between):
            clusters.append([g, g, 0])
        clusters[-1][1] = g
        clusters[-1][2] += sizes[g]
    top = max(mass for _, _, mass in clusters)
    spans = []
    for first, last, mass in clusters:
        if mass < MIN_CLUSTER_SHARE * top:
            continue
        while first > 0 and kept[first - 1]:
            first -= 1
        while True:
            if last + 1 < len(kept) and kept[last + 1]:
                last += 1
            elif last + 2 < len(kept) and kept[last + 2] and fair[last + 2] and not breaks[last + 1]:
                last += 2  # one residue line does not end the article when a sentence follows
            else:
                break
        spans.append((first, last))
    return spans


def outside(spans: list[tuple[int, int]], n: int) -> list[str | None]:
    """For each of `n` lines: "head-zone" before the first span, "tail-zone" after the last,
    "between" between spans, None inside one.

    >>> outside([(2, 3), (6, 6)], 8)
    ['head-zone', 'head-zone', None, None, 'between', 'between', None, 'tail-zone']
    """
    if not spans:
        return [None] * n
    inside = [False] * n
    for first, last in spans:
        inside[first : last + 1] = [True] * (last + 1 - first)
    head_end, tail_start = spans[0][0], spans[-1][1]
    return [
        "head-zone" if i < head_end else "tail-zone" if i > tail_start else None if inside[i] else "between"
        for i in range(n)
    ]


@cache
def _site_words() -> frozenset[str]:
    return frozenset(word for word in word_list("site-words") if not word.startswith("*"))


@cache
def _compound_ends() -> tuple[str, ...]:
    """The site words that count at the end of a compound too ("*newsletter" in the list:
    "Musiknewsletter")."""
    return tuple(word[1:] for word in word_list("site-words") if word.startswith("*"))


def site_words(text: str) -> frozenset[str]:
    """The distinct site words of `text` (whole words, casefolded).

    >>> sorted(site_words("Subscribe to our newsletter: the stories in your inbox."))
    ['inbox', 'newsletter', 'subscribe']
    >>> sorted(site_words("Die Mailbox ist voll.")), sorted(site_words("Zur Newsletter-Anmeldung"))
    ([], ['anmeldung', 'newsletter'])
    >>> sorted(site_words("Lisez l'article, we don't know")), sorted(site_words("L’auteur"))
    (['article'], ['auteur'])
    >>> sorted(site_words("Schauen Sie mal in unseren Musiknewsletter!"))
    ['newsletter']
    """
    words = _site_words()
    folded = text.casefold()
    tokens = set(_WORD.findall(folded))
    if "'" in folded or "’" in folded:
        # An elision counts by the word it joins ("l'article"), a contraction not at all
        # ("don't" is not the French "don").
        tokens = {token.rsplit("'", 1)[-1].rsplit("’", 1)[-1] for token in tokens}
    # A word counts for itself alone: the distinct words are asked once, and those of the
    # list in one set intersection; only a line with a hyphen or a compound's end asks the
    # others one by one (dev lines: 9.9 -> 7.9 us a line against a loop over every word;
    # the regex that finds the words is most of what is left).
    found = tokens.intersection(words)
    if "-" in folded or any(end in folded for end in _compound_ends()):
        for word in tokens.difference(found):
            if "-" in word:  # a compound: "Newsletter-Anmeldung", "suivez-nous"
                found.update(part for part in word.split("-") if part in words)
            elif word.endswith(_compound_ends()):  # written as one word: "Musiknewsletter"
                found.add(next(end for end in _compound_ends() if word.endswith(end)))
    return frozenset(found)


def end_markers(reasons: list[str | None], rules: list[str | None]) -> list[bool]:
    """Which lines mark the end of an article: a phrase rule dropped them for one of
    END_MARKERS, and not as a "related" prefix that carries its own title ("Read more:
    Title", a link inside the article)."""
    return [
        reason in END_MARKERS and not (reason == "related" and rule == "prefix") for reason, rule in zip(reasons, rules)
    ]


def below_marker(zone: list[str | None], markers: list[bool]) -> list[bool]:
    """For each line, whether it is in the tail zone below a marker (`end_markers`) there.

    >>> below_marker(["tail-zone"] * 3, [False, True, False])
    [False, False, True]
    """
    out, seen = [], False
    for z, marker in zip(zone, markers):
        out.append(z == "tail-zone" and seen)
        seen = seen or (z == "tail-zone" and marker)
    return out


def site_notices(
    texts: list[str],
    zone: list[str | None],
    skip: list[bool],
    markers: list[bool],
    words_of: Callable[[str], frozenset[str]] | None = None,
) -> list[str]:
    """For each line, the site words that make it a site notice, joined by ",", else "".

    `zone` is `outside`'s; `skip` lines are not asked (a phrase rule dropped them), and
    `markers` are `end_markers`; `words_of` is `site_words` or a memoized copy of it. A line
    in the tail zone after a marker there needs SITE_WORDS_AFTER_MARKER words, one between
    spans SITE_WORDS_BETWEEN; in the head zone and inside the article none is a notice.

    >>> texts = ["Share this:", "Sign up for our newsletter and never miss a story.", "It rained all day."]
    >>> site_notices(texts, ["tail-zone"] * 3, [True, False, False], [True, False, False])
    ['', 'newsletter', '']
    """
    words_of = words_of or site_words
    out = [""] * len(texts)
    below = below_marker(zone, markers)
    for i, text in enumerate(texts):
        if skip[i]:
            continue
        if below[i]:
            needed = SITE_WORDS_AFTER_MARKER
        elif zone[i] == "between":
            needed = SITE_WORDS_BETWEEN
        else:
            continue
        found = words_of(text)
        if len(found) >= needed:
            out[i] = ",".join(sorted(found))
    return out
