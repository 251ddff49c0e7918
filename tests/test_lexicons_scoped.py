"""Teaser-block headings that name where the teasers come from: a related phrase, a scope
word and a short rest ("Die meistgelesenen Artikel bei SWR.de/Sport"). They are residue, they
open the related tail like the bare phrase does, and a sentence or a heading built on another
reason's phrase stays."""

from __future__ import annotations

import pytest

from cleaner import clean
from cleaner.lexicons import default_lexicon

SCOPED = [
    "Die meistgelesenen Artikel bei SWR.de/Sport",
    "Más noticias de Colombia",
    "Weitere Beiträge zum Thema Corona",
    "Lire aussi sur Example.fr",
    "Most read on Example News",
    "Najczęściej czytane w sekcji Świat",
    "Weitere Pressemitteilungen dieses Verbands",
    # a phrase that ends with its scope word takes the rest directly
    "More from The Example Times",
    "Más sobre Diario Ejemplo",
]

KEPT = [
    # A sentence that starts like one.
    "Die meistgelesenen Artikel bei uns waren im letzten Jahr Rezepte.",
    "Most read on the subway: paperbacks, and the news on the phone.",
    # A long rest is not a scope.
    "Mehr zum Thema bei der Anhörung im Ausschuss des Landtags am Montag",
    # Another reason's phrase with a scope is too often a real heading.
    "Hilfe bei häuslicher Gewalt",
    "Kommentar zum Modellprojekt",
    # A scope word with nothing after it.
    "Weitere Artikel von",
]


@pytest.mark.parametrize("line", SCOPED)
def test_a_related_phrase_with_a_scope_is_related(line):
    match = default_lexicon().match(line)
    assert match is not None and (match.reason, match.rule) == ("related", "scoped")


@pytest.mark.parametrize("line", KEPT)
def test_other_lines_are_not_scoped(line):
    match = default_lexicon().match(line)
    assert match is None or match.rule != "scoped"


def test_a_scoped_heading_opens_the_related_tail():
    body = " ".join(["The council voted on the budget after a long debate in the chamber."] * 4)
    doc = clean(
        "\n".join(
            [
                "Council passes the budget",
                body,
                body,
                "Die meistgelesenen Artikel bei SWR.de/Sport",
                "Stuttgart verliert das dritte Spiel der Finalserie",
            ]
        )
    )
    dropped = {line.text: verdict.reason for line, verdict in zip(doc.lines, doc.verdicts) if not verdict.keep}
    assert dropped == {
        "Die meistgelesenen Artikel bei SWR.de/Sport": "related",
        "Stuttgart verliert das dritte Spiel der Finalserie": "related-teaser",
    }
    assert body in doc.text


def test_a_prefix_that_re_takes_for_another_is_no_match_and_no_error():
    # re.I matches "ſtart" with the prefix "start »", but "ſ".lower() is not "s": before the
    # fix the lookup of the matched prefix raised KeyError and the document failed.
    assert default_lexicon().match("ſtart » Politik") is None
    doc = clean("Council passes the budget\n\nſtart » Politik\n\nThe council voted on the budget after a long debate.\n")
    assert "The council voted on the budget after a long debate." in doc.text
