"""Recognise a line that is only a date (a dateline) and turn it into ISO 8601.

Month names come from `data/lists/months.txt`, so adding a language needs no code. A
dateline may carry a label ("Published on", "Veröffentlicht am"), a weekday and a time, and
be followed by a second, labelled date ("Published: March 3, 2023 | Updated: March 4, 2023");
anything else on the line means it is not a dateline.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from datetime import date
from functools import cache

from cleaner.lexicons import factored, word_list

# Every date pattern (`_patterns`) has a year of four digits: lines without four digits in a
# row are not asked further. (Written "\d\d{3}", a search skips to the digits; "\d{4}" tries
# every position.)
_YEAR = re.compile(r"\d\d{3}")

# The labels a dateline may start with ("Published on", "Veröffentlicht am"), in the order the
# patterns try them (`_label`).
_LABELS = (
    "published", "posted", "updated", "last updated", "date",
    "veröffentlicht", "veröffentlichung", "aktualisiert", "zuletzt aktualisiert", "stand", "datum", "erschienen", "erstellt",
    "publié", "mis à jour", "publicado", "actualizado", "pubblicato", "aggiornato", "gepubliceerd", "bijgewerkt",
    "opublikowano", "publikacja", "data publikacji", "aktualizacja", "zaktualizowano",
    "last modified", "modified", "zuletzt geändert", "geändert", "letzte änderung", "letzte aktualisierung",
    "dernière mise à jour", "modifié", "última actualización",
    "modificado", "ultima modifica", "ultimo aggiornamento", "última atualização", "atualizado", "laatst bijgewerkt", "gewijzigd",
)  # fmt: skip
# Where a second labelled date starts on the same line: "Veröffentlicht: 3.3.2023 | Aktualisiert:
# 4.3.2023", "Pubblicato il 19 Febbraio 2020 Ultima modifica 19 Febbraio 2020 12:02". (?<!\s): a
# run of spaces is tried from its first space only, so a long run is linear.
_SECOND_LABEL = re.compile(
    r"(?<!\s)(?:\s*[|•·,;–—/-])?\s+(?=(?:updated|last updated|last modified|modified|aktualisiert|"
    r"zuletzt aktualisiert|geändert|zuletzt geändert|mis à jour|modifié|dernière mise à jour|actualizado|"
    r"última actualización|modificado|aggiornato|ultima modifica|ultimo aggiornamento|atualizado|"
    r"última atualização|bijgewerkt|laatst bijgewerkt|gewijzigd|aktualizacja|zaktualizowano)\b)",
    re.I,
)
# A line with two dates may be this long (one date: 80 characters).
_TWO_DATES_MAX_CHARS = 160
_WEEKDAY = r"(?:[^\W\d_]{2,12}\.?,?\s+)?"
_TIME = r"(?:\s*(?:[,|•·–-]|at|um|à|a las)?\s*\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?|uhr|h)?(?:\s*[A-Z]{2,4}|\s*[+-]\d{2}:?\d{2})?)?"


@cache
def _months() -> dict[str, int]:
    months: dict[str, int] = {}
    for entry in word_list("months"):
        name, _, number = entry.partition("=")
        months[name.strip()] = int(number)
    return months


def _label(either: Callable[[list[str]], str]) -> str:
    """The optional label of a dateline, its words joined by `either`."""
    return rf"(?P<label>(?:{either(list(_LABELS))})(?:\s+(?:on|am|le|el|il|em|op))?\s*:?\s*)?"


def _factored_words(words: list[str]) -> str:
    """The alternation of the literal `words`, factored (`cleaner.lexicons.factored`): the
    words that share a first character behind one test of it, in the same order among
    themselves. The words that may match at one place of a line start with the same
    characters (`tests/test_classify_fastpaths.py` checks that re.I takes none of their
    characters for another), so they are tried in the same order and the same word matches
    first: the patterns match as with the plain alternation. The date patterns fail on the
    lines with a year of the sample 2.4x faster (the label's and the month's alternations
    were tried word by word at each start)."""
    return factored([tuple(map(re.escape, word)) for word in words])


def _plain_words(words: list[str]) -> str:
    """The alternation of the literal `words`, one after another (`_patterns`' first definition)."""
    return "|".join(map(re.escape, words))


@cache
def _patterns(plain: bool = False) -> tuple[re.Pattern[str], ...]:
    """The date patterns, in the order they are tried; `plain`: with plain alternations (for
    the tests), else factored ones (`_factored_words`)."""
    either = _plain_words if plain else _factored_words
    names = either(sorted(_months(), key=lambda name: len(re.escape(name)), reverse=True))
    month = rf"(?P<month>{names})\.?"
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th|\.|er|º)?"
    year = r"(?P<year>\d{4})"
    head, tail = rf"^{_label(either)}{_WEEKDAY}", rf"{_TIME}\.?$"
    return tuple(
        re.compile(head + body + tail, re.I)
        for body in (
            rf"{month}\s+{day},?\s+{year}",  # November 11, 2024
            rf"{day}\s+(?:de\s+)?{month},?\s+(?:de\s+)?{year}",  # 11. November 2024, 11 de noviembre de 2024
            r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})",  # 2024-11-11
            r"(?P<day>\d{1,2})\.\s?(?P<month>\d{1,2})\.\s?(?P<year>\d{4})",  # 11.11.2024
            r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})",  # 11/30/2024 or 30/11/2024
        )
    )


def parse_dateline(text: str) -> str | None:
    """ISO date of a line that is only a date, "" when it is a date that cannot be pinned
    down (03/04/2024), None when the line is not a dateline.

    >>> parse_dateline("November 11, 2024")
    '2024-11-11'
    >>> parse_dateline("Veröffentlicht am 3. März 2023, 14:05 Uhr")
    '2023-03-03'
    >>> parse_dateline("Monday, 11 de noviembre de 2024")
    '2024-11-11'
    >>> parse_dateline("03/04/2024")
    ''
    >>> parse_dateline("November 11, 2024 was a cold day.") is None
    True
    >>> parse_dateline("Veröffentlicht: 03.03.2023 | Aktualisiert: 04.03.2023, 10:27 Uhr")
    '2023-03-03'
    """
    found = _dateline(text)
    return None if found is None else _iso(found.groupdict())


def labelled_dateline(text: str) -> bool:
    """A dateline that carries a label ("Published:", "Aktualisiert am"): page metadata wherever
    it stands, where a bare date may be part of the text (a list of events, a timeline).

    >>> labelled_dateline("Publikacja: 04.05.2021"), labelled_dateline("04.05.2021")
    (True, False)
    >>> labelled_dateline("Aktualisiert: 11.04.2020, 10:27")
    True
    >>> labelled_dateline("Pubblicato il 19 Febbraio 2020 Ultima modifica 19 Febbraio 2020 12:02")
    True
    """
    found = _dateline(text)
    return found is not None and (bool(found.group("label")) or _second_date(text) is not None)


def year_lines(text: str, starts: list[int]) -> set[int]:
    """The indices of the lines of `text` (lines joined by "\n", starting at `starts`) that
    hold a year, four digits in a row: the only ones that may be datelines.

    >>> sorted(year_lines("March 3, 2023\\nNo date\\nIn 1999 and 2000", [0, 14, 22, 39]))
    [0, 2]
    """
    lines = set()
    found = _YEAR.search(text)
    while found:
        i = bisect_right(starts, found.start()) - 1
        lines.add(i)
        found = _YEAR.search(text, starts[i + 1])  # from the next line on
    return lines


def _dateline(text: str) -> re.Match[str] | None:
    """The match of the first date of a dateline: the line's only date, or the first of two
    labelled ones ("Published: March 3, 2023 | Updated: March 4, 2023"); None otherwise."""
    if len(text) > _TWO_DATES_MAX_CHARS or not _YEAR.search(text):
        return None
    text = text.strip()
    if len(text) <= 80:
        found = _first_match(text)
        if found:
            return found
    second = _second_date(text)
    if second is not None:
        return _first_match(text[:second])
    return None


# What a date of each pattern of `_patterns` needs besides its year, in their order: a
# pattern whose separator a line lacks is not run (most lines with a year have one or none).
_SEPARATORS = ("", "", "-", ".", "/")


def _first_match(text: str) -> re.Match[str] | None:
    """The match of the first pattern of `_patterns` that matches `text`, else None."""
    for pattern, separator in zip(_patterns(), _SEPARATORS):
        if separator in text:
            found = pattern.match(text)
            if found:
                return found
    return None


def _second_date(text: str) -> int | None:
    """Where the first date of a line with two dates ends, the second one carrying a label
    ("... Ultima modifica 19 Febbraio 2020 12:02"); None when the line is not two dates."""
    text = text.strip()
    if len(text) > _TWO_DATES_MAX_CHARS:
        return None
    # Each date holds a year (`_YEAR`), the first in the first date, the second after it: a
    # line without a second is not searched for a label (on the sample, 5 lines in 100 of
    # those `_dateline` asks have one).
    first_year = _YEAR.search(text)
    if first_year is None or _YEAR.search(text, first_year.end()) is None:
        return None
    for label in _SECOND_LABEL.finditer(text):
        first, second = text[: label.start()], text[label.end() :]
        if 0 < len(first) <= 80 and len(second) <= 80 and _first_match(first) is not None:
            patterns = (p for p, separator in zip(_patterns(), _SEPARATORS) if separator in second)
            if any((m := p.match(second)) and m.group("label") for p in patterns):
                return label.start()
    return None


def _iso(parts: dict[str, str | None]) -> str:
    year = int(parts["year"] or 0)
    if parts.get("a"):
        a, b = int(parts["a"]), int(parts["b"] or 0)
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            month, day = a, b
        else:
            return ""  # both orders are possible
    else:
        raw_month = (parts["month"] or "").casefold()
        month = int(raw_month) if raw_month.isdigit() else _months().get(raw_month, 0)
        day = int(parts["day"] or 0)
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""
