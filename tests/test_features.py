"""The column-wise features and their fused judgement against line-by-line references: the
fast paths (the document casefolded and split at once, word counts from the character
table, link hints found in one scan, one function for class, prose and heading) and their
fallbacks (a text with a newline of its own, a line too long for the packed counts) must
measure every line as the plain per-line definitions do."""

from __future__ import annotations

import re

from cleaner.context import BAD, GOOD, NEARGOOD, SHORT, _judge, is_heading, line_class
from cleaner.context import (
    LENGTH_HIGH,
    LENGTH_LOW,
    MAX_DIGIT_SHARE,
    MAX_LINK_SHARE,
    MAX_SYMBOL_SHARE,
    PROSE_MIN_WORDS,
    SENTENCE_MIN_CHARS,
    SENTENCE_MIN_STOPWORDS,
    SHORT_SENTENCE_MIN_WORDS,
    STOPWORDS_HIGH,
    STOPWORDS_LOW,
)
from cleaner.features import _LINK_WORD, _STRIP, LineFeatures, line_features, stoplist
from cleaner.zones import site_words

STOP = stoplist("en") | stoplist("de")

LINES = [
    "The cat sat on the mat, and the dog (the old one) watched it.",
    "HOME | NEWS | SPORT | 2024",
    "Mail us: info@example.org or see www.example.com/contact.html",
    "https://example.org/a/b?c=d",
    "Ende.der Text, z.B. hier.de und dort.",
    "- 1,200 plastic bottles",
    "a) first point",
    "12) twelfth",
    "Straße\u00a0und\u3000Weg\tder ﬁnale İstanbul",
    "«Der» „Hund“ – und… die Katze?",
    "Read more...",
    "Why?\u2028Because.",
    "",
    "   ",
    "😀 🎉 ✓",
    "Ελλάδα 2024 😀",
    "It rained. Then it stopped.",
    "Note:",
]


def reference(text: str, stop: frozenset[str]) -> LineFeatures:
    """One line measured on its own, with str methods only."""
    folded = text.casefold()
    words = folded.split()
    ends = text.rstrip("'\"’”»)]›")
    return LineFeatures(
        chars=len(text),
        words=len(words),
        stopwords=sum(1 for w in words if w.strip(_STRIP) in stop),
        letters=sum(1 for c in text if c.isalpha() and ord(c) < 0x10000),
        upper=sum(1 for c in text if c.isalpha() and c.isupper() and ord(c) < 0x10000),
        digits=sum(1 for c in text if c.isdecimal() and ord(c) < 0x10000),
        symbols=sum(
            1
            for c in text
            if ord(c) >= 0x10000 or not (c.isalpha() or c.isdecimal() or c.isspace() or _mark_or_control(c))
        ),
        links=sum(1 for w in words if ("." in w or "@" in w) and _LINK_WORD.search(w)),
        terminal=ends[-1:] in set(".!?…。！？؟।۔"),
        colon=text.endswith(":"),
        list_item=re.match(r"^(?:[-*•·–—▪►✓●■◦]|\d{1,3}[.)]|[a-z][.)])\s", text) is not None,
        cut_off=ends.endswith(("...", "…")),
        inner_end=re.search(r"[.!?][\"'’”»)]?\s+[\"'„“«]?[A-ZÄÖÜÀ-ÞĀ-Ž]", text) is not None,
    )


def _mark_or_control(c: str) -> bool:
    import unicodedata

    return unicodedata.category(c)[0] in "MC"


def test_line_features_are_the_per_line_measurements():
    assert line_features(LINES, STOP) == [reference(t, STOP) for t in LINES]


def test_a_text_with_a_newline_of_its_own_is_measured_as_one_line():
    # The link hints are then looked up line by line (the fallback of `_link_counts`).
    texts = ["see www.example.com\nor mail info@example.org", "the end", "x\ny https://a.de"]
    got = line_features(texts, STOP)
    assert got == [reference(t, STOP) for t in texts]
    assert [f.links for f in got] == [2, 0, 1] and got[0].words == 5


def test_a_line_too_long_for_the_packed_counts():
    texts = ["the " * 20_000 + "www.example.com END", "", "Der Hund."]
    assert line_features(texts, STOP) == [reference(t, STOP) for t in texts]


def test_links_in_documents_without_and_with_hints():
    assert [f.links for f in line_features(["no links here", "none"], STOP)] == [0, 0]
    texts = ["intro", "a.com b.de c@d.net", "plain", "http://x.org/y and more", "end"]
    assert [f.links for f in line_features(texts, STOP)] == [0, 3, 0, 1, 0]


def old_line_class(f: LineFeatures) -> int:
    """`line_class` as written with the properties of `LineFeatures`, before `_judge`."""
    if f.words == 0 or f.link_share > MAX_LINK_SHARE or f.digit_share > MAX_DIGIT_SHARE:
        return BAD
    if f.letters == 0 or (f.symbol_share > MAX_SYMBOL_SHARE and f.chars >= LENGTH_LOW):
        return BAD
    if f.chars < LENGTH_LOW:
        sentence = f.terminal and f.words >= SHORT_SENTENCE_MIN_WORDS and f.density >= STOPWORDS_HIGH
        return NEARGOOD if sentence else SHORT
    if f.density >= STOPWORDS_HIGH:
        if f.chars >= LENGTH_HIGH or (f.terminal and f.chars >= SENTENCE_MIN_CHARS):
            return GOOD
        return NEARGOOD
    sentence = (f.terminal or f.colon) and not f.cut_off
    if f.density >= STOPWORDS_LOW or (sentence and f.density >= SENTENCE_MIN_STOPWORDS):
        return NEARGOOD
    return SHORT


def old_prose(f: LineFeatures) -> bool:
    return bool(
        (f.terminal or f.colon or f.inner_end)
        and not f.cut_off
        and f.words >= PROSE_MIN_WORDS
        and f.link_share <= MAX_LINK_SHARE
        and f.digit_share <= MAX_DIGIT_SHARE
    )


def test_judge_is_the_class_prose_and_heading_of_the_properties():
    # Every combination of the counts near the thresholds, and the flags.
    features = [
        LineFeatures(chars, words, stopwords, letters, letters // 2, digits, symbols, links, *flags)
        for chars in (0, 5, 69, 70, 79, 80, 199, 200, 400)
        for words in (0, 1, 3, 4, 8, 12, 40)
        for stopwords in (0, 1, 2, 4, 5, 13)
        for letters in (0, 30)
        for digits in (0, 10, 40)
        for symbols in (0, 35, 60)
        for links in (0, 1, 7)
        for flags in ((False,) * 5, (True, False, False, False, False), (False, True, False, False, True),
                      (True, False, True, True, False), (False, False, False, False, True))
        if stopwords <= words and links <= words
    ]  # fmt: skip
    assert len(features) > 10_000
    for f in features:
        judged = _judge(f)
        assert judged == (f, old_line_class(f), judged[2], judged[3])
        assert bool(judged[2]) == old_prose(f)
        assert judged[3] == (f.chars < LENGTH_HIGH and (not f.terminal or f.colon) and not f.list_item)
        assert line_class(f) == judged[1] and is_heading(f) == judged[3]


def reference_site_words(text: str) -> frozenset[str]:
    """`site_words` as a loop over every word, before the set intersection."""
    from cleaner.zones import _compound_ends, _site_words

    found = set()
    for word in re.findall(r"\w+(?:[-'’]\w+)*", text.casefold()):
        word = word.rsplit("'", 1)[-1].rsplit("’", 1)[-1]
        if word in _site_words():
            found.add(word)
        elif "-" in word:
            found.update(part for part in word.split("-") if part in _site_words())
        elif word.endswith(_compound_ends()):
            found.add(next(end for end in _compound_ends() if word.endswith(end)))
    return frozenset(found)


def test_site_words_are_those_of_a_word_by_word_loop():
    texts = [
        "Subscribe to our newsletter: the stories in your inbox.",
        "Lisez l'article, we don't know; L’auteur",
        "Zur Newsletter-Anmeldung und zum E-Mail-Abo",
        "Schauen Sie mal in unseren Musiknewsletter!",
        "co-founder's newsletters, sign-up now, abonnez-vous",
        "Die Mailbox ist voll.",
        "x-newsletter-y Ich-Newsletter",
        "",
    ]
    for text in texts:
        assert site_words(text) == reference_site_words(text), text


def test_the_possessive_word_pattern_finds_the_greedy_ones():
    """`cleaner.zones._WORD` is the greedy word pattern written possessive (faster): on words
    with hyphens and apostrophes at their ends, doubled or alone, both find the same words."""
    from cleaner.zones import _WORD

    texts = [
        "co-founder's newsletters, sign-up now, abonnez-vous",
        "a--b -a a- 'x' ’tis rock’n’roll l'article' e-mail-- -- ' ’ - _a_ 9-5 x-'y",
        "Zur Newsletter-Anmeldung und zum E-Mail-Abo; don't l’auteur’s",
        "ÉCOLE-d’été İstanbul ﬁnale straße—weg",
        "",
    ]
    for text in texts:
        folded = text.casefold()
        assert _WORD.findall(folded) == re.findall(r"\w+(?:[-'’]\w+)*", folded), text
