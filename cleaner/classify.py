"""Stage 5, classify: give every line a `Verdict` (keep, or drop with a reason).

Passes, in order; a line decided by an earlier pass is not revisited by a later one unless
said so:

1. `line_rules`: context-free rules on one line (source attribution, phrase lexicons).
   Then, in a corpus run, `repeated_lines`: lines that recur across the corpus.
2. `head_rules`: in the head zone (before the first body paragraph) a dateline and a
   byline are dropped and become metadata; the first remaining line is the title.
   `labelled_dates`: elsewhere, a date line with a label ("Aktualisiert: 11.04.2020").
3. `duplicate_title`: later copies of the title.
4. `tail_zone`: after a "related" marker, teaser headlines and cut-off snippets.
5. `dangling_headings`: a heading followed only by residue or headings until the end.

Thresholds are the fields of `cleaner.config.Thresholds` (`limits`), named for what they
measure. Reasons a rules file disables are never given (`cleaner.rules.KeepDisabled`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import accumulate

from cleaner.boilerplate import line_hash
from cleaner.config import DEFAULT_THRESHOLDS, Thresholds
from cleaner.context import MAX_CONTEXT_SHARE, context_pass
from cleaner.context import RULES as CONTEXT_RULES
from cleaner.dates import labelled_dateline, parse_dateline, year_lines
from cleaner.lexicons import Lexicon, Match, default_lexicon, key, light, word_list
from cleaner.rules import working_verdicts
from cleaner.types import Line, Verdict

# A photo credit at the end of a caption is at most this long, and the caption before it at
# most CAPTION_MAX_CHARS (`caption_credit`).
CREDIT_MAX_CHARS = 80
CAPTION_MAX_CHARS = 300
# Datelines and prefixed bylines the context pass leaves to the head rules are this short.
HEAD_FACT_MAX_WORDS = 12

# A line ends like a sentence: one of these, then only closing quotes and brackets.
_SENTENCE_MARKS = frozenset(".!?。！？…:;")
_CLOSERS = "'\"’”»)]"
_CUT_OFF = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])['\"’”»)\]]*$")
# A line that ends with an emoticon or an emoji ends like a sentence of chat.
_EMOTICON_END = re.compile(r"(?:[:;=]-?[)(DPp]|\([:;]|<3|[\U0001F300-\U0001FAFF\u2600-\u27BF])\W*$")
_LIST_ITEM = re.compile(r"^(?:[-*•·–—▪►✓]|\d{1,3}[.)])\s")
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]*|[A-Z]\.|(?:van|von|der|de|da|del|di|du|la|le|al|bin|ibn|el))$")


@dataclass(frozen=True, slots=True)
class Facts:
    """What classification learned about the document: its title and head/tail metadata."""

    title: str = ""
    author: str = ""
    date: str = ""
    attribution: str = ""
    flags: tuple[str, ...] = ()


def classify(
    lines: tuple[Line, ...],
    title: str = "",
    lexicon: Lexicon | None = None,
    limits: Thresholds = DEFAULT_THRESHOLDS,
    disabled: frozenset[str] = frozenset(),
    boilerplate: frozenset[int] = frozenset(),
    max_context_share: float = MAX_CONTEXT_SHARE,
    context: bool = True,
    memo: dict | None = None,
    line_classifier: bool = True,
) -> tuple[tuple[Verdict, ...], Facts]:
    """Classify `lines`; `title` is a known title (from HTML metadata), if any; lines that
    only a `disabled` reason would drop are kept; `boilerplate` holds the hashes of the
    corpus's frequent lines (`cleaner.boilerplate`), if any; `max_context_share` is the
    safety valve of `context_pass`, and `context` False turns off the passes that judge
    lines by the text around them alone (the context pass, but for its site notices, and
    dangling headings): for HTML, trafilatura has judged the blocks with their markup. `memo`, a dict given to every call
    on one document with the same settings, keeps what was learned about each line text (its
    rule verdict, features) for the next call: `cleaner.pipeline.settle` classifies the
    lines twice. `line_classifier` False skips `context_pass` altogether, site notices
    included (`CleanConfig.context`)."""
    lexicon = lexicon or default_lexicon()
    memo = {} if memo is None else memo
    if title and not could_be_title(title, lexicon, limits):
        title = ""
    rules = memo.setdefault("line_rules", {})
    facts_memo = memo.setdefault("head_fact", {})
    texts = dict.fromkeys(line.text for line in lines)
    new = [text for text in texts if text not in rules]
    if new:
        rules.update(zip(new, rule_verdicts(new, lexicon, limits)))
    new = [text for text in texts if text not in facts_memo]
    if new:
        facts_memo.update(zip(new, _head_facts(new)))
    # Whether a line is a head fact (`_head_fact`), for the passes below: every line's is known.
    head_fact = facts_memo.__getitem__
    verdicts = working_verdicts([rules[line.text] for line in lines], disabled)
    neighbour_reasons(lines, verdicts, lexicon)
    if boilerplate:
        repeated_lines(lines, verdicts, boilerplate, limits)
    attribution = next((v.evidence for v in verdicts if v is not None and v.reason == "source-attribution"), "")
    # Without `context`, only the site notices: trafilatura judged the blocks with their markup,
    # not what the site's prose says about itself.
    if line_classifier:
        proposals, flags = context_pass(lines, verdicts, max_context_share, head_fact, memo, notices_only=not context)
    else:
        proposals, flags = [None] * len(lines), ()
    # Datelines and bylines wait for the head rules, which take them as metadata.
    for i, proposal in enumerate(proposals):
        if proposal is not None and not head_fact(lines[i].text):
            verdicts[i] = proposal
    head = head_rules(lines, verdicts, title, limits)
    for i, proposal in enumerate(proposals):
        if proposal is not None and verdicts[i] is None:
            verdicts[i] = proposal
    labelled_dates(lines, verdicts, head_fact)
    facts = Facts(title=head.title, author=head.author, date=head.date, attribution=attribution, flags=flags)
    duplicate_title(lines, verdicts, facts.title)
    tail_zone(lines, verdicts, facts.title, limits)
    if context:
        dangling_headings(lines, verdicts, facts.title, limits)
    if not title:
        # A title taken from the text is its first kept line: the context pass may have
        # dropped the line the head rules saw first.
        first = next((line.text for line, v in zip(lines, verdicts) if v is None), "")
        if first != facts.title:
            facts = replace(facts, title=first)
    return verdicts.final(), facts


# ------------------------------------------------------------------ pass 1: one line at a time


def line_rules(
    text: str,
    lexicon: Lexicon,
    limits: Thresholds = DEFAULT_THRESHOLDS,
    lexicon_match: Callable[[str], Match | None] | None = None,
    agency: bool = True,
) -> Verdict | None:
    """The context-free verdict on one line, or None when no rule fires. `lexicon_match` is
    the lexicon's `matcher` for the document of the line (`rule_verdicts`), by default its
    `match`; `agency` is False when the line holds no agency credit (`_agency_lines`).

    >>> line_rules("Source: Gaza Truce Talks Falter", default_lexicon())
    Verdict(keep=False, reason='source-attribution', rule='source-prefix', evidence='Gaza Truce Talks Falter')
    >>> line_rules("Share post:", default_lexicon()).reason
    'share'
    >>> line_rules("We share the view that comments matter.", default_lexicon()) is None
    True
    """
    attribution = source_attribution(text, limits)
    if attribution:
        return Verdict(False, "source-attribution", "source-prefix", attribution)
    match = (lexicon_match or lexicon.match)(text)
    if match is not None:
        return Verdict(False, match.reason, match.rule, match.evidence)
    credit = caption_credit(text) or (agency_credit(text) if agency else "")
    if credit:
        return Verdict(False, "caption", "photo-credit", credit)
    position = position_caption(text)
    if position:
        return Verdict(False, "caption", "photo-position", position)
    meta = date_meta(text)
    if meta is not None:
        return Verdict(False, "dateline", "date-meta", meta)
    return None


def rule_verdicts(texts: Sequence[str], lexicon: Lexicon, limits: Thresholds = DEFAULT_THRESHOLDS) -> list[Verdict | None]:
    """`line_rules` of each of `texts`, the distinct lines of a document, with the lexicon's
    `matcher` for them (it looks for some strings once in the whole document), and agency
    credits looked for only in the lines `_agency_lines` lets through.

    `line_rules` is asked only of the lines some rule may fire on: those the lexicon may
    match (`Lexicon.document`), those `_agency_lines` lets through, and those that hold a
    character the other rules need (`_RULE_MARKS`); on the dev set's text tiers 39% of the
    lines, on which all the verdicts are."""
    match, lexical = lexicon.document(texts)
    agencies = _agency_lines(texts)
    verdicts: list[Verdict | None] = [None] * len(texts)
    marked = [i for i, text in enumerate(texts) if _RULE_MARKS.search(text)]
    for i in lexical.union(agencies, marked) if isinstance(lexical, set) else lexical:
        verdicts[i] = line_rules(texts[i], lexicon, limits, match, i in agencies)
    return verdicts


# What a line needs for a rule of `line_rules` but the lexicon and agency credits to fire: a
# ":" (`source_attribution`; a label's credit in `caption_credit`), a "©" (`caption_credit`),
# a "(" (`position_caption`), a separator of `date_meta` ("|", "·", "•").
_RULE_MARKS = re.compile("[:©(|·•]")


def neighbour_reasons(lines: tuple[Line, ...], verdicts: list[Verdict | None], lexicon: Lexicon) -> None:
    """A phrase of several reasons takes the reason of a neighbouring dropped line, when that
    is one of them: "E-Mail *" between comment-form fields is a comment-form field."""
    for i, verdict in enumerate(verdicts):
        if verdict is None or verdict.rule != "phrase":
            continue
        # Only a dropped neighbour of another reason can change it: the reasons of the
        # phrases (another segmentation) are asked only then.
        if not any(
            0 <= j < len(verdicts) and verdicts[j] is not None and verdicts[j].reason != verdict.reason for j in (i - 1, i + 1)
        ):
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


@cache
def _source_prefix() -> re.Pattern[str]:
    names = "|".join(re.escape(w) for w in sorted(word_list("source-prefixes"), key=len, reverse=True))
    return re.compile(rf"^(?:{names}):\s*(?P<rest>\S.*)$", re.I)


def source_attribution(text: str, limits: Thresholds = DEFAULT_THRESHOLDS) -> str:
    """The attributed source of a "Source: ..." line, else "".

    >>> source_attribution("Quelle: dpa")
    'dpa'
    >>> source_attribution("Sources close to the talks said the deal was near.")
    ''
    """
    if ":" not in text:  # the pattern needs one (`light` adds none)
        return ""
    found = _source_prefix().match(light(text))
    if not found:
        return ""
    rest = found.group("rest").strip()
    return rest if len(rest.split()) <= limits.attribution_max_words else ""


@cache
def _credit_end() -> re.Pattern[str]:
    labels = "|".join(re.escape(w) for w in sorted(word_list("credit-labels"), key=len, reverse=True))
    # Searched, and linear: every start is a label, "(" or "©", and the credit is bounded.
    return re.compile(
        rf"(?:\(\s?|\b)(?:{labels})\s?:\s?(?P<a>[^:!?()©]{{2,{CREDIT_MAX_CHARS}}})\)?\.?$|©\s?(?P<b>[^:!?©]{{2,{CREDIT_MAX_CHARS}}})$",
        re.I,
    )


@cache
def _credit_label_chars() -> int:
    """The length of the longest credit label (re.I matches a label's characters one for one)."""
    return max(map(len, word_list("credit-labels")))


def caption_credit(text: str) -> str:
    """The photo credit a caption line ends with ("Foto: Name", "(Photo: Agency)", "© Agency"),
    else "". A line that is only a credit counts too; "© 2024 Site" at the start is a
    copyright line, for the copyright patterns.

    >>> caption_credit("GdP-Vize und Tarifexperte René Klemmer. Foto: GdP/Hagen Immel")
    'GdP/Hagen Immel'
    >>> caption_credit("Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO")
    'AFP / MARCO BERTORELLO'
    >>> caption_credit("The photo: a dog asleep on the sofa, and the cat next to it, both of them tired after a long day out.")
    ''
    """
    start = 0
    if "©" not in text:
        # Then only a label's credit can match, after the line's last ":" (the credit holds
        # none) and at most CREDIT_MAX_CHARS + 4 characters from it (a space, ")", "." and a
        # final newline for "$"): a line whose last ":" is further from its end has none, and
        # the search along the line is saved. The match starts at most a label, a space, "("
        # and a space before that ":": the search starts there (`\b` sees the character
        # before it).
        colon = text.rfind(":")
        if colon < 0 or len(text) - colon > CREDIT_MAX_CHARS + 5:
            return ""
        start = max(0, colon - _credit_label_chars() - 3)
    found = _credit_end().search(text, start)
    if not found or (found.group("b") is not None and found.start() == 0) or found.start() > CAPTION_MAX_CHARS:
        return ""  # a copyright line; or a paragraph with a credit glued to it, which stays
    return (found.group("a") or found.group("b")).strip()


_SENTENCE_GAP = re.compile(r"[.!?…][\"'’”»]?\s")
_DOMAIN = re.compile(r"\.(?:com|net|org|de|pl|es|it|fr)$")


_CC = re.compile(r"^cc[\s-]?by((?:[\s-](?:sa|nc|nd))*)(?:[\s-]\d\.\d)?$")


def _licence(name: str) -> str:
    """A Creative Commons licence name in the form of the agency list ("CC-BY-SA 2.0" ->
    "cc by-sa"); other names as they are.

    >>> _licence("cc-by-sa 2.0"), _licence("cc by sa 2.0"), _licence("cc by 4.0"), _licence("efe")
    ('cc by-sa', 'cc by-sa', 'cc by', 'efe')
    """
    if not name.startswith("cc"):
        return name
    found = _CC.match(name)
    return "cc by" + found.group(1).replace(" ", "-") if found else name


@cache
def _agencies() -> frozenset[str]:
    return frozenset(word_list("photo-agencies"))


# What `agency_credit` cuts a line at around the names it compares, besides whitespace: the
# ":" of a label, "/" between credits, the "(" or "|" before a credit and the ")" after it,
# the "." of a domain; and the "-" inside a licence name that `_licence` reads ("CC-BY-SA").
_CREDIT_EDGES = ":/(|).-"


def _credit_tokens(text: str) -> list[str]:
    """`text` cut at whitespace and `_CREDIT_EDGES` (str methods: a regex split takes 3x as long)."""
    for edge in _CREDIT_EDGES:
        if edge in text:
            text = text.replace(edge, " ")
    return text.split()


@cache
def _agency_tokens() -> frozenset[str] | None:
    """The first token (`_credit_tokens`) of each agency name; None when a name has none."""
    tokens = [next(iter(_credit_tokens(name)), "") for name in _agencies()]
    return frozenset(tokens) if all(tokens) else None


def _agency_lines(texts: Sequence[str]) -> Collection[int]:
    """Indices of the lines (`texts`, of one document) `agency_credit` may find a credit in.

    Only the lines `agency_credit`'s first tests let through are read (`_may_hold_credit`: on
    the dev set's text tiers 14% of the lines). The name it finds is a whole chunk of the
    casefolded line, between whitespace or `_CREDIT_EDGES`, so each of its tokens is a token
    of those lines casefolded: lines without the token of any agency name (`_agency_tokens`)
    hold no agency credit (most documents), and in those with some, only the lines that hold
    one of those may have one. `str.casefold` maps each character on its own, the edges and
    "\n" to themselves. Sample docs: 195 -> 88 µs a document, from reading those lines alone.
    """
    tokens = _agency_tokens()
    if tokens is None:
        return range(len(texts))
    asked = [i for i, text in enumerate(texts) if _may_hold_credit(text)]
    if not asked:
        return ()
    folded = "\n".join([texts[i] for i in asked]).casefold()
    found = tokens.intersection(_credit_tokens(folded))
    if not found:
        return ()
    lines = folded.split("\n")
    if len(lines) != len(asked):  # a line with a "\n" of its own
        return range(len(texts))
    return {i for i, line in zip(asked, lines) if any(token in line for token in found)}


def _may_hold_credit(text: str) -> bool:
    """The first test of `agency_credit`, and `_agency_lines`'s gate: False when the line
    holds no agency credit because it is too long, or has no "/" and ends like a sentence
    or with a symbol, or has no "/" and no place a credit may start after ("(", "|", a
    sentence end), where the name would be the whole line (which is no credit).

    >>> _may_hold_credit("Foto: EFE"), _may_hold_credit("Menu"), _may_hold_credit("Ende. EFE")
    (False, False, True)
    """
    if len(text) > CAPTION_MAX_CHARS + CREDIT_MAX_CHARS:
        return False
    if "/" in text:
        return True
    return (text[-1:].isalnum() or text.endswith(")")) and _CREDIT_START.search(text) is not None


# What a credit without "/" starts after in `agency_credit`: "(", "|", or a sentence end
# (the first character of `_SENTENCE_GAP`).
_CREDIT_START = re.compile("[(|.!?…]")


def agency_credit(text: str) -> str:
    """The credit a caption line ends with when it names a photo agency (data/lists/photo-
    agencies.txt) after "/", "(", "|" or a sentence, else "": "... pasado. EFE", "Name /
    Shutterstock", "(Photographer / iStock.com)". A line of an agency name alone may be a
    heading ("EPA"), and a sentence that cites one ends with a full stop: neither is one.

    >>> agency_credit("Un grupo de pingüinos, en la Antártida el 11 de febrero pasado. EFE")
    'EFE'
    >>> agency_credit("Das Hermelin ist im Winter gut getarnt. (mlharing / iStock.com)")
    'mlharing / iStock.com'
    >>> agency_credit("PAP/ Rafał Guz"), agency_credit("The figures were first reported by Reuters.")
    ('PAP/ Rafał Guz', '')
    >>> agency_credit("Reuters"), agency_credit("Praca w magazynie / Źródło: Pixabay")
    ('', 'Praca w magazynie / Źródło: Pixabay')
    >>> agency_credit("Meldungen des Evangelischen Pressedienstes (epd)"), agency_credit("(SID)")
    ('', 'SID')
    """
    if not _may_hold_credit(text):
        return ""  # too long; or ends like a sentence or with a symbol, or is one name alone
    core = text.rstrip().removesuffix(")")
    # The credit starts after the last "(", "|" or sentence end, else at the start of the line.
    opening = core.rfind("(") + 1
    gaps = [m.end() for m in _SENTENCE_GAP.finditer(core)]
    start = max(opening, core.rfind("|") + 1, gaps[-1] if gaps else 0)
    credit = core[start:].strip()
    chunks = credit.split("/")
    # The name after a label ("Źródło: Pixabay"), without a domain ("iStock.com").
    names = [_licence(_DOMAIN.sub("", chunk.rsplit(":", 1)[-1].strip()).casefold()) for chunk in chunks]
    if not _agencies().intersection(names):
        return ""
    if start == 0 and len(chunks) == 1:
        return ""  # the name alone
    if start > CAPTION_MAX_CHARS or len(credit) - len(chunks[0]) > CREDIT_MAX_CHARS:
        return ""
    before = core[: start - 1].rstrip()
    if len(chunks) == 1 and start == opening and before and not _ends_sentence(before):
        return ""  # "Meldungen des Evangelischen Pressedienstes (epd)": a name in brackets
    return credit


# A caption names the people in the photo; a longer line is a paragraph that mentions one.
POSITION_CAPTION_MAX_WORDS = 40


@cache
def _position() -> re.Pattern[str]:
    places = "|".join(re.escape(w).replace(r"\ ", r"\s?") for w in sorted(word_list("photo-positions"), key=len, reverse=True))
    # The name starts a word (the lookbehind): a long run of word characters is tried once.
    return re.compile(rf"(?<![\w.'’-])(?P<name>[^\W\d_][\w.'’-]*)\s\((?:{places})\)", re.I)


def position_caption(text: str) -> str:
    """The "(l.)" of an image caption that says where a named person stands in the photo
    ("Marcell Jansen (l.) und Piotr Trochowski haben einen guten Draht."), else "": the
    bracket follows a capitalised word (data/lists/photo-positions.txt). Measured on the dev
    set's text tiers: 37 such lines, 12 annotated as residue, 2 as text (captions as well).

    >>> position_caption("Senator Aubyn Hill (right), looks on as the CEO signs the agreement.")
    '(right)'
    >>> position_caption("Im Ofen (Mitte) in 15 Minuten backen."), position_caption("(right) in front of you")
    ('', '')
    """
    if "(" not in text or len(text.split()) > POSITION_CAPTION_MAX_WORDS:
        return ""
    for found in _position().finditer(text):
        if found.group("name")[0].isupper():
            return found.group(0)[len(found.group("name")) :].strip()
    return ""


# A post's meta line: a date, a separator, and a few words (its time, section, author, or a
# "Reply" link): "24. März 2004, 19:49 | Genesis", "29.07.2006 um 16:43 | Antworten".
_META_SEPARATOR = re.compile(r"\s[|·•]\s")
META_DATE_MAX_CHARS = 45
META_REST_MAX_WORDS = 6


def date_meta(text: str) -> str | None:
    """The date of a meta line (a date, then " | ", " · " or " • " and at most
    META_REST_MAX_WORDS words), as `parse_dateline` gives it; None for other lines. On the
    dev set's text tiers: about 170 such lines, 11 annotated as residue, none as text.

    >>> date_meta("24. März 2004, 19:49 | Genesis"), date_meta("29.07.2006 um 16:43 | Antworten")
    ('2004-03-24', '2006-07-29')
    >>> date_meta("12.12.2022 | Die Versorger haben die Preise erhöht, und die Kunden zahlen mehr.") is None
    True
    """
    found = _META_SEPARATOR.search(text, 0, META_DATE_MAX_CHARS + 3)
    if found is None or found.start() > META_DATE_MAX_CHARS:
        return None
    if len(text[found.end() :].split(None, META_REST_MAX_WORDS)) > META_REST_MAX_WORDS:
        return None
    return parse_dateline(text[: found.start()])


def repeated_lines(
    lines: tuple[Line, ...],
    verdicts: list[Verdict | None],
    boilerplate: frozenset[int],
    limits: Thresholds = DEFAULT_THRESHOLDS,
) -> None:
    """Drop the undecided lines whose hash is in `boilerplate` (they recur in many documents
    of the corpus) outside the body: before the first body paragraph, after the last one, or
    anywhere in a document without one; except a heading right above the first body
    paragraph ("Introduction" over the text it introduces).

    Body paragraphs count whether they repeat or not, so a repeated line inside the body (a
    statement every article of a site quotes, a subheading, a list item such as "1 tsp
    salt") stays, and so does a body paragraph itself: the same article on ten sites is a
    duplicate document, for a deduplication step to judge, not boilerplate to cut out of
    each copy. What goes is what CCNet's line deduplication mostly removes: menus,
    breadcrumbs and site names before the article, footers, widget labels and teaser lists
    after it. A repeated long sentence after the body (a disclaimer, an author bio) stays:
    it reads like text, and the other rules judge it.

    Known cost: short lines of the document's own text outside the body span go when they
    repeat, e.g. ingredients shared by many recipes of one blog ("200 g Zucker") listed
    above the instructions. Keeping a repeated line whose two neighbours are the document's
    own unrepeated lines saved one such snippet on the dev HTML pages but cost precision on
    the page dumps (F1 0.777 -> 0.773 at 2 documents), so it is not done.
    """
    repeated = [v is None and line_hash(line.text) in boilerplate for line, v in zip(lines, verdicts)]
    if not any(repeated):
        return
    body = [i for i, line in enumerate(lines) if verdicts[i] is None and _is_body(line.text, limits)]
    first, last = (body[0], body[-1]) if body else (len(lines), -1)
    for i, line in enumerate(lines):
        if not repeated[i] or first <= i <= last or (i + 1 == first and is_heading(line.text, limits)):
            continue
        where = "no body" if not body else "before the body" if i < first else "after the body"
        verdicts[i] = Verdict(False, "repeated-boilerplate", "corpus-repeated", where)


def _head_fact(text: str) -> bool:
    """A dateline or a prefixed byline: the head rules may take it as metadata. Both are
    short (HEAD_FACT_MAX_WORDS); longer lines are not asked, which saves the two parsers on
    most lines of a page dump."""
    if len(text.split(None, HEAD_FACT_MAX_WORDS)) > HEAD_FACT_MAX_WORDS:  # splits no further than needed
        return False
    return parse_dateline(text) is not None or bool(_prefixed_byline(text))


def _head_facts(texts: Sequence[str]) -> list[bool]:
    """`_head_fact` of each of `texts` (the distinct lines of a document), asked only of the
    lines that hold a year (`cleaner.dates.year_lines`: every dateline has one) or start
    with a byline prefix, both found in the whole document at once: on the dev set's text
    tiers 8% of the lines."""
    joined = "\n".join(texts)
    if joined.count("\n") + 1 != len(texts):  # a text with a "\n" of its own (or none)
        return [_head_fact(text) for text in texts]
    # Where each line starts, and one past the end (a length and its "\n"; maps, not a
    # generator: no Python frame per line).
    starts = list(accumulate(map((1).__add__, map(len, texts)), initial=0))
    asked = year_lines(joined, starts)
    line_at = dict(zip(starts, range(len(texts))))
    # A line's "\n" in "\n" + `joined` is at the line's start in `joined`.
    asked.update(line_at[found.start()] for found in _byline_start().finditer("\n" + joined))
    facts = [False] * len(texts)
    for i in asked:
        facts[i] = _head_fact(texts[i])
    return facts


# ------------------------------------------------------------------ pass 2: the head zone


@dataclass(frozen=True, slots=True)
class Head:
    title: str
    author: str
    date: str


def head_rules(
    lines: tuple[Line, ...], verdicts: list[Verdict | None], title: str, limits: Thresholds = DEFAULT_THRESHOLDS
) -> Head:
    """Drop datelines and bylines in the head zone; find the title. Updates `verdicts`.

    Every dateline and prefixed byline of the zone is dropped, the first gives the metadata:
    a second one kept would become the first line of the clean text and be dropped when that
    text is cleaned again.
    """
    facts: dict[int, tuple[str | None, str]] = {}
    zone = head_zone(lines, verdicts, limits, facts)
    author = date = ""
    for i in zone:
        if verdicts[i] is not None:
            continue
        iso, name = facts[i]
        if iso is not None:
            verdicts[i] = Verdict(False, "dateline", "head-dateline", iso or lines[i].text)
            date = date or iso or lines[i].text
            continue
        if name:
            verdicts[i] = Verdict(False, "byline", "head-byline-prefix", name)
            author = author or name
    # A bare name next to the dateline is a byline, if another line of the zone can be the title.
    for i in zone:
        if author or verdicts[i] is not None or not _is_name(lines[i].text, limits):
            continue
        beside_date = any(
            0 <= j < len(lines) and verdicts[j] is not None and verdicts[j].reason == "dateline" for j in (i - 1, i + 1)
        )
        other_title = any(verdicts[k] is None for k in zone if k != i)
        if beside_date and other_title:
            verdicts[i] = Verdict(False, "byline", "head-byline-name", lines[i].text)
            author = lines[i].text
    if not title:
        title = next((lines[i].text for i in range(len(lines)) if verdicts[i] is None), "")
    return Head(title, author, date)


def labelled_dates(
    lines: tuple[Line, ...], verdicts: list[Verdict | None], head_fact: Callable[[str], bool] | None = None
) -> None:
    """Drop the labelled date lines the head rules left ("Publikacja: 04.05.2021" under a
    teaser, "Aktualisiert: 11.04.2020" at the end): the label says they are page metadata.
    A bare date stays, it may belong to the text (a timeline, a list of events). The first
    dateline of the head zone gave the document's date; these do not. Only lines that are
    head facts (`_head_fact`, or the memoized `head_fact` of `classify`) are asked: every
    labelled dateline is one, and most lines are not."""
    head_fact = head_fact or _head_fact
    for i, line in enumerate(lines):
        # A line the context pass dropped is re-labelled: the label says what it is.
        undecided = verdicts[i] is None or verdicts[i].rule in CONTEXT_RULES
        if undecided and head_fact(line.text) and labelled_dateline(line.text):
            verdicts[i] = Verdict(False, "dateline", "labelled-date", parse_dateline(line.text) or line.text)


def head_zone(
    lines: tuple[Line, ...],
    verdicts: list[Verdict | None],
    limits: Thresholds = DEFAULT_THRESHOLDS,
    facts: dict[int, tuple[str | None, str]] | None = None,
) -> list[int]:
    """Indices of the head zone: the undecided lines before the first body paragraph, until
    `limits.head_max_lines` of them are lines the head rules keep. `facts`, if given, gets
    each zone line's date (`parse_dateline`) and byline name (`_prefixed_byline`) by index.

    Lines already dropped (residue), datelines and prefixed bylines neither count nor end the
    zone: they are not in the clean text, and when that text is cleaned again its head zone
    must reach the same kept lines, or a date line just outside the zone the first time falls
    inside it the second time and cleaning is not idempotent.
    """
    zone: list[int] = []
    kept = 0
    for i, line in enumerate(lines):
        if kept == limits.head_max_lines:
            break
        if verdicts[i] is not None:
            continue
        if _is_body(line.text, limits):
            break
        zone.append(i)
        iso = parse_dateline(line.text)
        name = _prefixed_byline(line.text, limits) if iso is None else ""
        if facts is not None:
            facts[i] = (iso, name)
        if iso is None and not name:
            kept += 1
    return zone


def could_be_title(text: str, lexicon: Lexicon, limits: Thresholds = DEFAULT_THRESHOLDS) -> bool:
    """Whether a known title (from HTML metadata) may head the clean text: no line rule fires
    on it and it is not a dateline or a byline. It must pass what the first line of the clean
    text would pass when that text is cleaned again, or cleaning is not idempotent.

    >>> could_be_title("River Clean-Up Draws Record Crowd", default_lexicon())
    True
    >>> could_be_title("Related Posts", default_lexicon()), could_be_title("By Jane Doe", default_lexicon())
    (False, False)
    """
    return (
        line_rules(text, lexicon, limits) is None
        and parse_dateline(text) is None
        and not _prefixed_byline(text, limits)
    )


def _is_body(text: str, limits: Thresholds = DEFAULT_THRESHOLDS) -> bool:
    return _ends_sentence(text) and len(text.split()) >= limits.body_min_words


def _ends_sentence(text: str) -> bool:
    """Whether `text` ends like a sentence: a mark of `_SENTENCE_MARKS`, then only closing
    quotes and brackets (and a final "\\n"), i.e. `[.!?。！？…:;]['"’”»)\\]]*$`, read from the
    end instead of searched for along the line.

    >>> _ends_sentence("It rained."), _ends_sentence('He said: “Go!”'), _ends_sentence("A heading")
    (True, True, False)
    """
    if text.endswith("\n"):  # "$" matches before a final newline
        text = text[:-1]
    text = text.rstrip(_CLOSERS)
    return bool(text) and text[-1] in _SENTENCE_MARKS


@cache
def _byline_prefix() -> re.Pattern[str]:
    names = "|".join(re.escape(w) for w in sorted(word_list("byline-prefixes"), key=len, reverse=True))
    return re.compile(rf"^(?:{names})\b\s*:?\s*(?P<name>.+)$", re.I)


@cache
def _byline_start() -> re.Pattern[str]:
    """Where `_byline_prefix` may match a line of a document, on "\n" + its lines joined by
    "\n": at a "\n" (the line's start) before a prefix (`_head_facts`)."""
    names = "|".join(re.escape(w) for w in sorted(word_list("byline-prefixes"), key=len, reverse=True))
    return re.compile(rf"\n(?=(?:{names})\b)", re.I)


def _prefixed_byline(text: str, limits: Thresholds = DEFAULT_THRESHOLDS) -> str:
    """The name in "By Jane Doe" / "Von Max Muster, dpa", else "".

    >>> _prefixed_byline("By Jane Doe and John Roe")
    'Jane Doe and John Roe'
    >>> _prefixed_byline("By 2030 the city plans to plant more trees.")
    ''
    """
    found = _byline_prefix().match(text)
    if not found:
        return ""
    name = found.group("name").strip()
    people = re.split(r"(?<!\s)\s*(?:,|\band\b|\bund\b|\bet\b|\by\b|&|\|)\s*", name)
    return name if all(_is_name(p, limits) for p in people if p) and people[0] else ""


def _is_name(text: str, limits: Thresholds = DEFAULT_THRESHOLDS) -> bool:
    """A person's name: 2-5 capitalised words, no digits, not a sentence.

    >>> _is_name("Mohammed Abunahel"), _is_name("Jean-Noël de la Tour"), _is_name("Share post")
    (True, True, False)
    """
    words = text.split()
    if not 2 <= len(words) <= limits.name_max_words or any(ch.isdigit() for ch in text):
        return False
    return all(_NAME_WORD.match(w) for w in words) and sum(w[0].isupper() for w in words) >= 2


# ------------------------------------------------------------------ pass 3: the title again


def duplicate_title(lines: tuple[Line, ...], verdicts: list[Verdict | None], title: str) -> None:
    """Drop every copy of the title except one that is the first line still undecided.

    That copy heads the clean text. A title from the HTML metadata that no such line repeats
    is put first by `assemble`, so then every copy in the body is a duplicate (keeping one
    would make cleaning the clean text again drop it).
    """
    title_key = key(title)
    if not title_key:  # a title of punctuation only: every other such line would be a "copy"
        return
    first = next((i for i, verdict in enumerate(verdicts) if verdict is None), None)
    # The words of a `key` are runs of letters and digits of the casefolded text (digits made
    # "0"): a copy's casefolded text holds every word of the title made of ASCII letters. The
    # longest is looked for first, which saves making the `key` of most lines.
    word = max((w for w in title_key.split() if w.isascii() and w.isalpha()), key=len, default="")
    for i, line in enumerate(lines):
        if i != first and verdicts[i] is None and word in line.text.casefold() and key(line.text) == title_key:
            verdicts[i] = Verdict(False, "duplicate-title", "repeated-title", title)


# ------------------------------------------------------------------ pass 4: the tail zone


def tail_zone(
    lines: tuple[Line, ...], verdicts: list[Verdict | None], title: str = "", limits: Thresholds = DEFAULT_THRESHOLDS
) -> None:
    """After a "related" marker, drop teaser headlines and cut-off snippets.

    The zone closes at a line that reads like a full paragraph (a sentence ending in ".",
    "!" or "?" that is not cut off), so a "Related:" link inside an article costs nothing.
    It closes at the title too: the title is never a teaser (`assemble` would put it back).
    """
    title_key = key(title) or None
    in_tail = False
    for i, line in enumerate(lines):
        verdict = verdicts[i]
        if verdict is not None and verdict.rule not in CONTEXT_RULES:
            # A marker that carries its own teaser ("Read more: Title", an inline link in the
            # article) does not open the zone; a bare one ("Related posts") does.
            in_tail = in_tail or (verdict.reason == "related" and verdict.rule != "prefix")
            continue
        if not in_tail:
            continue
        # A line the context pass dropped is re-labelled when it is a teaser.
        if line.text == title or key(line.text) == title_key:
            in_tail = False
        elif _CUT_OFF.search(line.text):
            verdicts[i] = _CUT_OFF_TEASER
        elif _is_headline(line.text, limits):
            verdicts[i] = _HEADLINE_TEASER
        else:
            in_tail = False


# The verdicts of the tail zone and of dangling headings, one of each (a frozen value: a line
# that gets it shares it).
_CUT_OFF_TEASER = Verdict(False, "related-teaser", "tail-zone", "cut-off snippet")
_HEADLINE_TEASER = Verdict(False, "related-teaser", "tail-zone", "teaser headline")
_DANGLING = Verdict(False, "dangling-heading", "no-content-below", "")


def _is_headline(text: str, limits: Thresholds = DEFAULT_THRESHOLDS) -> bool:
    words = len(text.split())
    # Not a sentence, nor the introduction of what follows ("... finden Sie hier:").
    return words <= limits.teaser_max_words and not text.rstrip("'\"’”»)").endswith((".", ":"))


# ------------------------------------------------------------------ pass 5: dangling headings


def is_heading(text: str, limits: Thresholds = DEFAULT_THRESHOLDS) -> bool:
    """Short, not a list item, and not ending like a sentence (a trailing ":" still does).

    >>> is_heading("Useful Links for Further Reading:"), is_heading("It rained."), is_heading("- 2 eggs")
    (True, False, False)
    >>> is_heading("Rosegold mit längeren Ohrringen (:"), is_heading("Wie ein Badass 😉")
    (False, False)
    """
    if not text.endswith(":") and _ends_sentence(text):  # first: no split of a long line
        return False
    if _EMOTICON_END.search(text[-12:]):  # a line of chat ("... gefällt mir 😉", "=)")
        return False
    return len(text.split()) <= limits.heading_max_words and not _LIST_ITEM.match(text)


def dangling_headings(
    lines: tuple[Line, ...], verdicts: list[Verdict | None], title: str, limits: Thresholds = DEFAULT_THRESHOLDS
) -> None:
    """Drop kept headings after which nothing but residue and headings follows (not the title)."""
    title_key = key(title)
    for i in range(len(lines) - 1, -1, -1):
        verdict = verdicts[i]
        if verdict is not None:
            # A heading the context pass dropped gets this more telling reason.
            if verdict.reason == "boilerplate" and is_heading(lines[i].text, limits):
                verdicts[i] = _DANGLING
            continue
        if not is_heading(lines[i].text, limits):
            return  # content: the headings above it are not dangling
        if key(lines[i].text) != title_key:
            verdicts[i] = _DANGLING
