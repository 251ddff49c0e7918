"""The fast paths of `cleaner.lexicons` and `cleaner.classify` equal their plain definitions."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.classify import (
    CREDIT_MAX_CHARS,
    _head_fact,
    _head_facts,
    _agency_lines,
    _credit_end,
    _ends_sentence,
    _may_hold_credit,
    agency_credit,
    caption_credit,
    dangling_headings,
    duplicate_title,
    is_heading,
    line_rules,
    neighbour_reasons,
    rule_verdicts,
)
from cleaner.dates import _LABELS, _SECOND_LABEL, _dateline, _months, _patterns, _second_date
from cleaner.lexicons import (
    _SPACE_BEFORE_PUNCT,
    Lexicon,
    add_entry,
    caseless,
    default_lexicon,
    extended,
    factored,
    key,
    light,
)
from cleaner.types import Line, Verdict
from cleaner.zones import outside

# Prefix-like words: shared starts, case and fold variants (ſ/s, K/k, İ/i), punctuation, spaces.
CHARS = "aAbsSſkKKiIİı :»|-.é"
WORDS = st.lists(st.text(st.sampled_from(CHARS), max_size=5), min_size=1, max_size=8)


@settings(max_examples=3000, deadline=None)
@given(WORDS, st.text(st.sampled_from(CHARS + "x"), max_size=8))
def test_factored_alternation_matches_where_the_plain_one_does(words, text):
    plain = re.compile("(?:" + "|".join(map(re.escape, words)) + r")(?=\W|$)", re.I)
    fast = re.compile("(?:" + factored([tuple(map(re.escape, word)) for word in words]) + r")(?=\W|$)", re.I)
    assert bool(fast.match(text)) == bool(plain.match(text))


PREFIX_CHARS = "aAbB :;!?»|-é"


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(st.text(st.sampled_from(PREFIX_CHARS + "sSkKiIıσΣ"), min_size=1, max_size=6), min_size=1, max_size=6),
    st.text(st.sampled_from(PREFIX_CHARS + "sSſkKKiIİıσςΣ \t\u00a0\u3000\nx"), max_size=12),
)
def test_prefix_gate_passes_every_line_with_a_prefix(entries, line):
    """The gate runs on the line as it is; `_prefix_re` on its `light` form."""
    phrases, prefixes = {}, {}
    for entry in entries:
        add_entry(phrases, prefixes, entry + "{*}", "share")
    lexicon = Lexicon(phrases, prefixes, [])
    if lexicon._prefix_re is not None and lexicon._prefix_re.match(light(line)):
        assert lexicon.prefix_gate(caseless(line))


def test_prefix_gate_on_the_lexicon():
    lexicon = default_lexicon()
    for line in ["Tags: a, b", "TAGS : a", " Tags\t:\u00a0a", "Home  » News", "Crédit photo : AFP", "Mehr zum Thema:"]:
        assert lexicon.prefix_gate(caseless(line)) and lexicon._prefix_re.match(light(line)), line
    assert not lexicon.prefix_gate(caseless("Plain text."))


@settings(max_examples=3000, deadline=None)
@given(st.text(st.sampled_from(" \t\u00a0\u2003\u3000a.:;!?"), max_size=12))
def test_light_equals_its_definition(text):
    assert light.__wrapped__(text) == _SPACE_BEFORE_PUNCT.sub("", " ".join(text.split()))


_SENTENCE_END = re.compile(r"[.!?。！？…:;]['\"’”»)\]]*$")  # the first definition


@settings(max_examples=3000, deadline=None)
@given(st.text(st.sampled_from("a .!?。…:;'\"’”»)]\n"), max_size=8))
def test_ends_sentence_equals_the_regex(text):
    assert _ends_sentence(text) == bool(_SENTENCE_END.search(text))


def _caption_credit_plain(text: str) -> str:
    """`caption_credit` before the gate on the last ":" (its first definition)."""
    if ":" not in text and "©" not in text:
        return ""
    found = _credit_end().search(text)
    if not found or (found.group("b") is not None and found.start() == 0) or found.start() > 300:
        return ""
    return (found.group("a") or found.group("b")).strip()


CREDIT_PIECES = ["Foto", "Photo", "(Photo", "( ", "Photo credit", "CRÉDIT PHOTO", "©", ":", " : ", ")", ".", "\n", " ", "ab", "a" * 40, "x" * (CREDIT_MAX_CHARS - 2)]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(CREDIT_PIECES), max_size=10))
def test_caption_credit_equals_its_plain_definition(pieces):
    text = "".join(pieces)
    assert caption_credit(text) == _caption_credit_plain(text)


def test_caption_credit_at_the_edge_of_the_gate():
    for rest in range(CREDIT_MAX_CHARS - 2, CREDIT_MAX_CHARS + 6):
        for end in ("", ".", ").", ".\n", ").\n"):
            text = "Caption. Foto: " + "b" * rest + end
            assert caption_credit(text) == _caption_credit_plain(text), (rest, end)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(["1", "12", "2024", "3.", " ", "-", "/", "March", "Published: ", "Updated: ", "| "]), max_size=8))
def test_dateline_asks_the_patterns_only_with_a_year(pieces):
    """Lines without four digits in a row are not asked: no pattern matches them."""
    text = "".join(pieces)
    if any(p.match(text.strip()) for p in _patterns()):
        assert _dateline(text) is not None


def _outside_plain(spans, n):
    """`cleaner.zones.outside` as first written: one test of every span per line."""
    if not spans:
        return [None] * n
    out = []
    for i in range(n):
        if i < spans[0][0]:
            out.append("head-zone")
        elif i > spans[-1][1]:
            out.append("tail-zone")
        elif any(a <= i <= b for a, b in spans):
            out.append(None)
        else:
            out.append("between")
    return out


@settings(max_examples=2000, deadline=None)
@given(st.integers(0, 12), st.lists(st.tuples(st.integers(0, 11), st.integers(0, 4)), max_size=4))
def test_outside_equals_its_plain_definition(n, starts):
    """Spans as `article_spans` may give them: in order of their clusters, possibly touching
    or overlapping once grown."""
    spans = [(first, min(first + length, n - 1)) for first, length in sorted(starts) if first < n]
    assert outside(spans, n) == _outside_plain(spans, n)


def _dangling_plain(lines, verdicts, title):
    """`cleaner.classify.dangling_headings` as first written: every line, with a flag."""
    title_key = key(title)
    content_after = False
    for i in range(len(lines) - 1, -1, -1):
        verdict = verdicts[i]
        if verdict is not None:
            if verdict.reason == "boilerplate" and not content_after and is_heading(lines[i].text):
                verdicts[i] = Verdict(False, "dangling-heading", "no-content-below", "")
            continue
        if not is_heading(lines[i].text):
            content_after = True
        elif not content_after and key(lines[i].text) != title_key:
            verdicts[i] = Verdict(False, "dangling-heading", "no-content-below", "")


DANGLING_TEXTS = ["Title", "Related posts", "It rained all day in the city.", "- 2 eggs", "More:"]
DANGLING_VERDICTS = [None, Verdict(False, "boilerplate", "context"), Verdict(False, "share", "phrase")]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(DANGLING_TEXTS), st.sampled_from(DANGLING_VERDICTS)), max_size=10))
def test_dangling_headings_equals_its_plain_definition(rows):
    lines = tuple(Line(n, 0, text) for n, (text, _) in enumerate(rows, start=1))
    fast, plain = [v for _, v in rows], [v for _, v in rows]
    dangling_headings(lines, fast, "Title")
    _dangling_plain(lines, plain, "Title")
    assert fast == plain


# Lines that fire each kind of rule of `line_rules` and the gates of `Lexicon.document` (a
# pattern with a literal start, one that needs a string anywhere, a prefix with case and fold
# variants, phrases, a scoped phrase), lines that pass a gate and fire nothing, and lines
# that pass none.
RULE_LINES = [
    "Share this:",
    "Previous Post Next Post",
    "Tags: a, b",
    "TAGS :  a",
    "ſtart » Politik",
    "Home  » News",
    "Die meistgelesenen Artikel bei SWR.de/Sport",
    "A post shared by Adam Ondra (@adam.ondra) on Jun 16, 2019 at 7:30am PDT",
    "Last update on 12.12.2022",
    "12 Comments »",
    "Source: Gaza Truce Talks Falter",
    "GdP-Vize und Tarifexperte René Klemmer. Foto: GdP/Hagen Immel",
    "Un grupo de pingüinos, en la Antártida el 11 de febrero pasado. EFE",
    "Senator Aubyn Hill (right), looks on as the CEO signs the agreement.",
    "24. März 2004, 19:49 | Genesis",
    "It rained all day in the city.",
    "Share the view that comments matter.",
    "Tags",
    "The photo: a dog asleep on the sofa.",
    "Ünter den Linden · Berlin",
    "Straße der Einheit",
    # Patterns without a literal start: the strings they require, in lines short enough
    # for them (`_PatternGate.held`), and the same strings in a line too long.
    "6 Kommentare zu “3 Jahre legalisierte Genitalverstümmelung”",
    "28.01.22 / 0 Kommentare",
    "Photograph by Ed Marshall, Redonda Restoration Programme",
    "Der Resonator-Podcast von Holger Klein steht unter einer Creative Commons Namensnennung 4.0-Lizenz (CC-BY 4.0).",
    "9 Tsd. Abonnenten",
    "BUND-Newsletter abonnieren!",
    "Getty Images/EyeEm (Symbolbild)",
    "9 Tsd. Abonnenten und mehr als das, so viele wie nie",
    # Letters outside Latin-1: the first word alone decides whether they may be phrases.
    "Udostępnij na Facebooku",
    "Czytaj także",
    "12 komentarzy",
    "Поделиться",
    "Świat się zmienia, a my z nim.",
    "",
]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(RULE_LINES), max_size=12))
def test_rule_verdicts_equal_line_rules_of_each_line(texts):
    """`rule_verdicts` asks `line_rules` only of the lines `Lexicon.document`, the agency gate
    and the rule marks let through: the verdicts are those of every line on its own."""
    lexicon = default_lexicon()
    assert rule_verdicts(texts, lexicon) == [line_rules(text, lexicon) for text in texts]
    match, lines = lexicon.document(texts)
    assert [match(text) for text in texts] == [lexicon.match(text) for text in texts]
    assert {i for i, text in enumerate(texts) if lexicon.match(text) is not None} <= set(lines)


def test_document_of_lines_it_cannot_tell_apart():
    """A text with a "\\n" of its own: every line is asked, with the gates of each line."""
    lexicon = default_lexicon()
    texts = ["Share this:", "two\nlines", "It rained all day."]
    match, lines = lexicon.document(texts)
    assert list(lines) == [0, 1, 2]
    assert [match(text) for text in texts] == [lexicon.match(text) for text in texts]
    assert rule_verdicts(texts, lexicon) == [line_rules(text, lexicon) for text in texts]


def test_document_after_a_line_with_letters_outside_latin1():
    """`Lexicon._phrase_lines` reads no further in a line than a letter outside Latin-1 (the
    line is marked): the next line is read."""
    lexicon = default_lexicon()
    texts = ["Udostępnij — “Share” 12 Ł x", "Previous Post Next Post", "Świat, 2 “x”", "Share post"]
    assert lexicon._phrase_lines(texts) == {0, 1, 3}
    assert rule_verdicts(texts, lexicon) == [line_rules(text, lexicon) for text in texts]


AGENCY_PIECES = ["EFE", "Reuters", "iStock.com", "PAP", "cc-by-sa", "Foto: ", "Bild", "/", " / ", "(", ")", "|", ". ", "… ", "!", "?", ".", " ", "\n", "a" * 150]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(AGENCY_PIECES), max_size=8))
def test_may_hold_credit_passes_every_agency_credit(pieces):
    text = "".join(pieces)
    assert _may_hold_credit(text) or agency_credit(text) == ""


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.lists(st.sampled_from(AGENCY_PIECES[:-2] + ["a" * 150]), min_size=1, max_size=6).map("".join), max_size=8))
def test_agency_lines_hold_every_agency_credit(texts):
    """The lines `_agency_lines` leaves out hold no agency credit."""
    lines = set(_agency_lines(texts))
    assert {i for i, text in enumerate(texts) if agency_credit(text)} <= lines
    assert lines <= set(range(len(texts)))


def test_agency_lines_of_lines_it_cannot_tell_apart():
    """A line that may hold a credit and a "\n" of its own: every line is asked; a line that
    may not is not read at all."""
    texts = ["Menu", "Ein Satz. EFE", "Bild /\nEFE", "Caption. Reuters"]
    assert list(_agency_lines(texts)) == [0, 1, 2, 3]
    assert _agency_lines(["Menu", "Ende.\nEFE.", "Caption. Reuters"]) == {2}
    assert _agency_lines(["Menu", "It rained all day."]) == ()


def test_document_with_a_pattern_for_every_line():
    """A pattern that the gate cannot narrow (no literal start, no required string): every
    line is asked."""
    lexicon = extended(default_lexicon(), [], [(r"[^.]{1,12}", "share")])
    texts = ["Short line", "It rained all day in the city.", "Tags: a, b"]
    match, lines = lexicon.document(texts)
    assert list(lines) == [0, 1, 2]
    assert [match(text) for text in texts] == [lexicon.match(text) for text in texts]
    assert match("Short line").rule == "pattern"


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.text(st.sampled_from(PREFIX_CHARS + "sſkKK"), min_size=1, max_size=6), min_size=1, max_size=6),
    st.lists(st.text(st.sampled_from(PREFIX_CHARS + "sSſkKK \t\u00a0\u3000x"), max_size=12), min_size=1, max_size=4),
)
def test_document_prefix_gate_passes_every_line_the_line_gate_does(entries, lines):
    """The prefix gate of a document passes the lines the gate of each line does."""
    phrases, prefixes = {}, {}
    for entry in entries:
        add_entry(phrases, prefixes, entry + "{*}", "share")
    lexicon = Lexicon(phrases, prefixes, [])
    _, found = lexicon.document(lines)
    for i, line in enumerate(lines):
        if lexicon.prefix_gate(caseless(line)) and "\n" not in line:
            assert i in found, (i, line)


HEAD_LINES = [
    "November 11, 2024",
    "Veröffentlicht am 3. März 2023, 14:05 Uhr",
    "By Jane Doe and John Roe",
    "von Max Muster",
    "BY JANE DOE",
    "By 2030 the city plans to plant more trees.",
    "In 2019 the company grew.",
    "Posted by",
    "Bylines and more",
    "It rained all day in the city.",
    "2024",
    "",
]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(HEAD_LINES), max_size=10))
def test_head_facts_equal_head_fact_of_each_line(texts):
    """`_head_facts` asks `_head_fact` only of the lines with a year or a byline prefix."""
    assert _head_facts(texts) == [_head_fact(text) for text in texts]


def test_head_facts_of_lines_it_cannot_tell_apart():
    texts = ["By Jane Doe", "two\nlines", "November 11, 2024"]
    assert _head_facts(texts) == [True, False, True]


def _dateline_plain(text: str):
    """`cleaner.dates._dateline` before the separator gates and the second year's: every
    pattern, with plain alternations (`_patterns(plain=True)`), is run."""
    if len(text) > 160 or not re.search(r"\d{4}", text):
        return None
    text = text.strip()
    if len(text) <= 80:
        for pattern in _patterns(plain=True):
            found = pattern.match(text)
            if found:
                return found
    second = _second_date_plain(text)
    if second is not None:
        for pattern in _patterns(plain=True):
            found = pattern.match(text[:second])
            if found:
                return found
    return None


def _second_date_plain(text: str):
    text = text.strip()
    if len(text) > 160:
        return None
    for label in _SECOND_LABEL.finditer(text):
        first, second = text[: label.start()], text[label.end() :]
        if 0 < len(first) <= 80 and len(second) <= 80 and any(p.match(first) for p in _patterns(plain=True)):
            if any((m := p.match(second)) and m.group("label") for p in _patterns(plain=True)):
                return label.start()
    return None


def test_date_words_re_i_takes_for_no_others():
    """The factored alternations of `cleaner.dates._patterns` try the words that may match at
    one place in the order of the plain ones only if no two words' beginnings are the same
    under re.I but written differently (they would be in two groups)."""
    for words in (list(_months()), list(_LABELS)):
        written: dict[str, set[str]] = {}
        for word in words:
            for end in range(1, len(word) + 1):
                written.setdefault(caseless(word[:end]), set()).add(word[:end])
        assert all(len(forms) == 1 for forms in written.values())


def _found(match, patterns) -> tuple | None:
    """What a match of one of `patterns` found: which pattern, where, and the parts."""
    return match and (patterns.index(match.re), match.span(), match.groupdict())


DATE_WORD_PIECES = [
    "Mar", "March", "mar.", "MAI", "Mayıs", "MAYIS", "juni", "Sept.", "Sep", "de ", "Published", " on ", "Stand: ",
    "Last updated ", "data publikacji ", "Montag, ", "11", "1", "2024", " ", ",", ".", "-", "/", "12:30", " Uhr", "ſ", "K",
]  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(DATE_WORD_PIECES), max_size=8))
def test_factored_date_patterns_match_as_the_plain_ones(pieces):
    text = "".join(pieces)
    for fast, plain in zip(_patterns(), _patterns(plain=True), strict=True):
        assert _found(fast.match(text), _patterns()) == _found(plain.match(text), _patterns(plain=True)), text


def test_factored_date_patterns_on_datelines():
    datelines = [
        "Published on Monday, March 3, 2023 14:05", "Stand: 11. Mai 2024", "3 de marzo de 2024", "2024-11-11",
        "11.11.2024", "30/11/2024", "14 Mayıs 2023", "Sept. 3, 2024",
    ]  # fmt: skip
    for text in datelines:
        fast = [_found(p.match(text), _patterns()) for p in _patterns()]
        assert any(fast) and fast == [_found(p.match(text), _patterns(plain=True)) for p in _patterns(plain=True)], text


DATE_PIECES = ["1", "12", "2024", "3.", ".", " ", "-", "/", "March", "Published: ", "Updated: ", "| ", "am ", "14:05", "Uhr"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(DATE_PIECES), max_size=9))
def test_dateline_equals_its_plain_definition(pieces):
    """A pattern is run only on a line with its separator ("-", ".", "/")."""
    text = "".join(pieces)
    fast, plain = _dateline(text), _dateline_plain(text)
    assert _found(fast, _patterns()) == _found(plain, _patterns(plain=True))
    assert _second_date(text) == _second_date_plain(text)


def _duplicate_title_plain(lines, verdicts, title):
    """`cleaner.classify.duplicate_title` before the word gate: the `key` of every line."""
    title_key = key(title)
    if not title_key:
        return
    first = next((i for i, verdict in enumerate(verdicts) if verdict is None), None)
    for i, line in enumerate(lines):
        if i != first and verdicts[i] is None and key(line.text) == title_key:
            verdicts[i] = Verdict(False, "duplicate-title", "repeated-title", title)


TITLE_TEXTS = ["River Clean-Up", "RIVER clean up!", "ſtraße 2024", "STRASSE 2024", "Straße 1999", "river", "", "—", "a river, a RIVER", "river\nclean up"]


@settings(max_examples=2000, deadline=None)
@given(st.sampled_from(TITLE_TEXTS), st.lists(st.tuples(st.sampled_from(TITLE_TEXTS), st.sampled_from(DANGLING_VERDICTS)), max_size=8))
def test_duplicate_title_equals_its_plain_definition(title, rows):
    lines = tuple(Line(n, 0, text) for n, (text, _) in enumerate(rows, start=1))
    fast, plain = [v for _, v in rows], [v for _, v in rows]
    duplicate_title(lines, fast, title)
    _duplicate_title_plain(lines, plain, title)
    assert fast == plain


def _neighbour_reasons_plain(lines, verdicts, lexicon):
    """`cleaner.classify.neighbour_reasons` before the neighbour gate."""
    for i, verdict in enumerate(verdicts):
        if verdict is None or verdict.rule != "phrase":
            continue
        options = lexicon.phrase_reasons(lines[i].text)
        if len(options) < 2:
            continue
        for j in (i - 1, i + 1):
            other = verdicts[j] if 0 <= j < len(verdicts) else None
            if other is not None and other.reason in options:
                if other.reason != verdict.reason:
                    verdicts[i] = Verdict(False, other.reason, "phrase-neighbour", verdict.evidence)
                break


NEIGHBOUR_TEXTS = ["E-Mail", "E-Mail *", "Name *", "Share this:", "Tweet", "It rained all day.", "Related posts"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(NEIGHBOUR_TEXTS), max_size=8))
def test_neighbour_reasons_equals_its_plain_definition(texts):
    lexicon = default_lexicon()
    lines = tuple(Line(n, 0, text) for n, text in enumerate(texts, start=1))
    fast, plain = [line_rules(text, lexicon) for text in texts], [line_rules(text, lexicon) for text in texts]
    neighbour_reasons(lines, fast, lexicon)
    _neighbour_reasons_plain(lines, plain, lexicon)
    assert fast == plain


def test_candidate_patterns_keep_the_order_of_the_patterns():
    """Of two patterns that match a line, the first in order gives the match, as when every
    pattern is tried (`_PatternGate.candidates`), in a document and on its own."""
    lexicon = extended(default_lexicon(), [], [(r"home\s*».*", "share"), (r".{0,40}photo credit.*", "share")])
    texts = ["Home » News", "A view. Photo credit: Jane Doe", "It rained."]
    match, _ = lexicon.document(texts)
    for text in texts:
        plain = next((p.pattern for p, _ in lexicon._patterns if p.fullmatch(text)), None)
        assert (match(text) and match(text).evidence) == (lexicon.match(text) and lexicon.match(text).evidence)
        assert plain is None or lexicon.match(text).evidence == plain
    assert lexicon.match("Home » News").reason == "navigation"
