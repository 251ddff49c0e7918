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
"""

from __future__ import annotations


# More lines than this, none of them good or near-good, end a cluster of paragraphs.
MAX_GAP_LINES = 5
# Clusters with less than this share of the largest cluster's mass are not the article.
MIN_CLUSTER_SHARE = 0.5


def article_spans(good: list[bool], fair: list[bool], kept: list[bool], sizes: list[int]) -> list[tuple[int, int]]:
    """(first, last) line indices of the article's spans, in order; [] when no line is good.

    `good`: GOOD before the context pass; `fair`: GOOD or NEARGOOD before it; `kept`: not
    BAD after it; `sizes`: characters per line.

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
    clusters: list[list[int]] = [[goods[0], goods[0], sizes[goods[0]]]]
    for g in goods[1:]:
        gap = sum(1 for k in range(clusters[-1][1] + 1, g) if not fair[k])
        if gap > MAX_GAP_LINES:
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
            elif last + 2 < len(kept) and kept[last + 2] and fair[last + 2]:
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
