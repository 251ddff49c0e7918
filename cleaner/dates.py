"""Recognise a line that is only a date (a dateline) and turn it into ISO 8601.

Month names come from `data/lists/months.txt`, so adding a language needs no code. A
dateline may carry a label ("Published on", "Veröffentlicht am"), a weekday and a time;
anything else on the line means it is not a dateline.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from cleaner.lexicons import word_list

_DIGIT = re.compile(r"\d")  # a date has digits: lines without one are not asked further

_LABEL = (
    r"(?P<label>(?:published|posted|updated|last updated|date|"
    r"veröffentlicht|veröffentlichung|aktualisiert|zuletzt aktualisiert|stand|datum|erschienen|erstellt|"
    r"publié|mis à jour|publicado|actualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt|"
    r"opublikowano|publikacja|data publikacji|aktualizacja|zaktualizowano)"
    r"(?:\s+(?:on|am|le|el|il|em|op))?\s*:?\s*)?"
)
_WEEKDAY = r"(?:[^\W\d_]{2,12}\.?,?\s+)?"
_TIME = r"(?:\s*(?:[,|•·–-]|at|um|à|a las)?\s*\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?|uhr|h)?(?:\s*[A-Z]{2,4}|\s*[+-]\d{2}:?\d{2})?)?"


@cache
def _months() -> dict[str, int]:
    months: dict[str, int] = {}
    for entry in word_list("months"):
        name, _, number = entry.partition("=")
        months[name.strip()] = int(number)
    return months


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    names = "|".join(sorted((re.escape(m) for m in _months()), key=len, reverse=True))
    month = rf"(?P<month>{names})\.?"
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th|\.|er|º)?"
    year = r"(?P<year>\d{4})"
    head, tail = rf"^{_LABEL}{_WEEKDAY}", rf"{_TIME}\.?$"
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
    """
    if len(text) > 80 or not _DIGIT.search(text):
        return None
    for pattern in _patterns():
        found = pattern.match(text.strip())
        if found:
            return _iso(found.groupdict())
    return None


def labelled_dateline(text: str) -> bool:
    """A dateline that carries a label ("Published:", "Aktualisiert am"): page metadata wherever
    it stands, where a bare date may be part of the text (a list of events, a timeline).

    >>> labelled_dateline("Publikacja: 04.05.2021"), labelled_dateline("04.05.2021")
    (True, False)
    >>> labelled_dateline("Aktualisiert: 11.04.2020, 10:27")
    True
    """
    if len(text) > 80 or not _DIGIT.search(text):
        return False
    for pattern in _patterns():
        found = pattern.match(text.strip())
        if found:
            return bool(found.group("label"))
    return False


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
