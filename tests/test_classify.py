"""Each classification rule on inputs that are not the seeds."""

from __future__ import annotations

import pytest

from cleaner import clean
from cleaner.classify import classify, line_rules
from cleaner.lexicons import default_lexicon
from cleaner.segment import segment


def verdicts(text: str):
    doc = clean(text)
    return {line.text: (v.keep, v.reason) for line, v in zip(doc.lines, doc.verdicts)}


BODY = "The council approved the new budget on Tuesday after a long debate about school funding."


def test_german_wordpress_comment_form():
    result = verdicts(
        f"Titel des Artikels\n\n{BODY}\n\nSchreibe einen Kommentar\n\n"
        "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert.\n\nKommentar abschicken"
    )
    assert result["Schreibe einen Kommentar"] == (False, "comment-form")
    assert result["Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert."] == (False, "comment-form")
    assert result["Kommentar abschicken"] == (False, "comment-form")
    assert result[BODY] == (True, "content")


def test_sentences_mentioning_residue_words_stay():
    sentences = [
        "Readers were invited to leave a comment on the proposal before Friday.",
        "She said she would share the results with the committee next week.",
        "Subscribers to the paper received the report a day early.",
        "Related research from 2019 found the same effect in rural schools.",
        "Tags on the trees show which ones will be cut down.",
    ]
    result = verdicts("Title Here\n\n" + "\n\n".join(sentences))
    for sentence in sentences:
        assert result[sentence] == (True, "content"), sentence


def test_phrase_lines_in_several_languages():
    result = verdicts(
        f"Title\n\n{BODY}\n\nPartager :\n\nDeja un comentario\n\nDodaj komentarz\n\nLeggi anche\n\nAbonnez-vous\n\nAdvertisement"
    )
    assert result["Partager :"] == (False, "share")
    assert result["Deja un comentario"] == (False, "comment-form")
    assert result["Dodaj komentarz"] == (False, "comment-form")
    assert result["Leggi anche"] == (False, "related")
    assert result["Abonnez-vous"] == (False, "subscribe")
    assert result["Advertisement"] == (False, "advertisement")


def test_concatenated_navigation_phrases():
    result = verdicts(f"Title\n\n{BODY}\n\n« Older Entries Newer Entries »")
    assert result["« Older Entries Newer Entries »"] == (False, "navigation")


def test_counters_and_copyright():
    result = verdicts(f"Title\n\n{BODY}\n\n12 Comments\n\n© 2023 Example Media Group. All rights reserved.")
    assert result["12 Comments"] == (False, "comment-form")
    assert result["© 2023 Example Media Group. All rights reserved."] == (False, "copyright")


def test_duplicate_title():
    result = clean(f"A Headline About Trains\n\nA Headline About Trains\n\n{BODY}")
    assert [(v.keep, v.reason) for v in result.verdicts][:2] == [(True, "content"), (False, "duplicate-title")]
    assert result.metadata.title == "A Headline About Trains"


def test_empty_label_and_source_attribution():
    doc = clean(f"Title\n\nAuthor:\n\n{BODY}\n\nSource: The Daily Planet")
    reasons = [v.reason for v in doc.verdicts]
    assert reasons == ["content", "empty-label", "content", "source-attribution"]
    assert doc.metadata.attribution == "The Daily Planet"


def test_byline_and_dateline_become_metadata():
    doc = clean(f"Storm Hits the Coast\n\nBy Jane Roe\n\nUpdated: 5 January 2023\n\n{BODY}")
    assert [v.reason for v in doc.verdicts] == ["content", "byline", "dateline", "content"]
    assert (doc.metadata.author, doc.metadata.date) == ("Jane Roe", "2023-01-05")


def test_bare_name_is_a_byline_only_next_to_a_date_and_with_a_title_left():
    doc = clean(f"Maria Garcia\n\n{BODY}")
    assert doc.verdicts[0].keep and doc.metadata.title == "Maria Garcia"
    doc = clean(f"Maria Garcia\nMarch 3, 2022\n\nThe Long Road Home\n\n{BODY}")
    assert [v.reason for v in doc.verdicts] == ["byline", "dateline", "content", "content"]


def test_body_sentence_starting_with_by_is_not_a_byline():
    doc = clean(f"Title\n\nBy 2030, the city wants every bus to run on electricity.\n\n{BODY}")
    assert all(v.keep for v in doc.verdicts)


def test_tail_zone_teasers_and_its_end():
    text = (
        f"Title\n\n{BODY}\n\nYou may also like\n\nTen Things to Do in Lisbon This Summer\n\n"
        "From the old trams to the river beaches, the city has...\n\nWhy Rents Keep Rising\n\nLandlords say costs…"
    )
    doc = clean(text)
    assert [v.reason for v in doc.verdicts] == ["content", "content", "related"] + ["related-teaser"] * 4


def test_related_link_inside_article_does_not_eat_the_article():
    text = f"Title\n\n{BODY}\n\nRelated: Budget talks stall again\n\nThe mayor said she expects the vote to pass in May."
    doc = clean(text)
    assert [v.reason for v in doc.verdicts] == ["content", "content", "related", "content"]


def test_dangling_heading_before_residue_but_not_before_content():
    text = f"Title\n\nBackground\n\n{BODY}\n\nFurther reading:\n\nShare this:\n\nLeave a Reply"
    doc = clean(text)
    assert [v.reason for v in doc.verdicts] == ["content", "content", "content", "dangling-heading", "share", "comment-form"]


def test_short_list_items_at_the_end_are_not_dangling_headings():
    text = f"Pancakes\n\n{BODY}\n\nYou need:\n- 2 eggs\n- 1 cup flour\n- milk"
    doc = clean(text)
    assert all(v.keep for v in doc.verdicts)


def test_classify_does_not_mutate_and_gives_one_verdict_per_line():
    lines = segment(f"Title\n\n{BODY}\n\nShare")
    before = tuple(lines)
    result, facts = classify(lines)
    assert lines == before and len(result) == len(lines)
    assert facts.title == "Title"


@pytest.mark.parametrize(
    "line",
    [
        "GdP-Vize und Tarifexperte René Klemmer. Foto: GdP/Hagen Immel",
        "Puerto de Montevideo. Foto: Archivo El País.",
        "Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO",
        "Striking members of the union at University College last year. Photograph: Guy Smallman/Getty Images",
        "Abbildung 5: Oberflächenreif in einem Nordhang (Foto: V. Berret, 19.01.2022).",
        "Bild: Stefan Müller",
        # a photo agency after a sentence, "/", "(" or "|" (data/lists/photo-agencies.txt)
        "Un grupo de pingüinos, en la Antártida el 11 de febrero pasado. EFE",
        "Trybunał Konstytucyjny / Shutterstock",
        "Das Hermelin ist im Winter gut getarnt. (mlharing / iStock.com)",
        "Rep. Mark Meadows at the White House in September. | Patrick Semansky/AP Photo",
        "PAP/ Rafał Guz",
        # where a named person stands in the photo (data/lists/photo-positions.txt)
        "Marcell Jansen (l.) und Piotr Trochowski haben einen guten Draht.",
        "Minister of Industry Aubyn Hill (right), looks on as the agreement is signed.",
        "La ministre Élisabeth Borne (à gauche) et le maire de Rouen.",
        "Gruppenbild: Anna Muster (v. l. n. r.), Bernd Beispiel und Carla Probe",
        # an image licence ends a caption like an agency
        "Angus Barbieri mając 27 lat, ważył 206 kilogramów /domena publiczna",
        "Nicht labern, ranklotzen! Foto: Timur | flickr| CC BY 2.0",
        "Das Beziehungsgeflecht der Firmen. Zum Vergrößern auf das Bild klicken. CC-BY-SA 2.0",
        # a stock or archive picture, a glued "enlarge" button (data/patterns/caption.txt)
        "Parade zum Christopher-Street-Day (Symbolbild)",
        "Vergrößern Kommt das iPhone 14 ohne Notch?",
        # a credit on a line of its own (data/patterns/caption.txt)
        "Photograph by Ed Marshall, Redonda Restoration Programme",
        "(Photo courtesy of the museum)",
    ],
)
def test_a_caption_that_ends_with_a_photo_credit_goes(line):
    verdict = line_rules(line, default_lexicon())
    assert verdict is not None and verdict.reason == "caption", line


@pytest.mark.parametrize(
    "line",
    [
        "Die Regierung hat am Dienstag beschlossen, die Fotos der Tat zu veröffentlichen.",
        "Docker image: nginx:latest",
        "The photo: a dog asleep on the sofa, and the cat next to it, both of them tired after a long day out in the park.",
        "© 2024 Example Media. All rights reserved.",  # a copyright line, not a caption
        "The figures were first reported by Reuters.",  # a sentence citing an agency
        "Reuters",  # a name alone may be a heading
        "Meldungen des Evangelischen Pressedienstes (epd)",  # a name in brackets
        "Mike Blake/Reuters files show the plant in 2019 before the fire",
        "Im Ofen (Mitte) in 15 Minuten backen, bis sie goldbraun sind.",  # not a person's place
        "(right) in front of you",  # no name before the bracket
        "Photo by the river, we walked home.",  # a sentence
        "Sofern nicht anders ausgewiesen, stehen Inhalte dieser Website unter CC-BY",  # a licence notice
        "The text of the treaty is in the public domain",
        "Vergrößern Sie das Bild mit einem Doppelklick.",  # an instruction
        "Save the file from the top menu (File).",  # a menu name
        "Die Dichte berechnest du, indem du die Masse (m) durch das Volumen (V) dividierst.",
    ],
)
def test_a_sentence_about_photos_is_not_a_caption(line):
    verdict = line_rules(line, default_lexicon())
    assert verdict is None or verdict.reason != "caption", line


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("24. März 2004, 19:49 | Genesis", "2004-03-24"),
        ("29.07.2006 um 16:43 | Antworten", "2006-07-29"),
        ("8. Januar 2020 · by Aureliana · in Gefühle", "2020-01-08"),
        ("02.02.2022 • HVW-Verband, Presse, Allgemein", "2022-02-02"),
    ],
)
def test_a_meta_line_of_a_date_and_a_few_words_is_a_dateline(line, iso):
    verdict = line_rules(line, default_lexicon())
    assert verdict is not None and (verdict.reason, verdict.rule, verdict.evidence) == ("dateline", "date-meta", iso)


@pytest.mark.parametrize(
    "line",
    [
        "12.12.2022 | Die Versorger haben die Preise erhöht, und die Kunden zahlen jetzt mehr.",
        "Kapitel 3 | Die Reise",  # no date
        "1999 | 2000 | 2001",
    ],
)
def test_other_lines_with_a_separator_are_not_meta_lines(line):
    verdict = line_rules(line, default_lexicon())
    assert verdict is None or verdict.rule != "date-meta"


def test_a_paragraph_with_a_credit_glued_to_it_stays():
    paragraph = (
        "Gleichwohl gibt es bei der konkreten Ausgestaltung Spielräume, und ob die Preiserhöhungen im "
        "Einzelfall gerechtfertigt sind, müsste gegebenenfalls gerichtlich geklärt werden. Kommunale "
        "Anbieter unterliegen der Kommunalaufsicht, private Anbieter unterliegen der Aufsicht der "
        "Kartellbehörden, und beide müssen ihre Preise begründen können.Foto: photocase.de"
    )
    assert line_rules(paragraph, default_lexicon()) is None


def test_an_introduction_after_a_related_marker_is_not_a_teaser():
    doc = clean(
        "Title of the piece\n\n"
        "The first paragraph of the article says what happened, and it is long enough to be one.\n\n"
        "Related articles\n\n"
        "A detailed overview of the new interface is in the help centre, and more is on the pages of e.Consult:\n\n"
        "https://example.org/econsult\n"
    )
    verdicts = {line.text: v for line, v in zip(doc.lines, doc.verdicts)}
    intro = "A detailed overview of the new interface is in the help centre, and more is on the pages of e.Consult:"
    assert verdicts[intro].reason != "related-teaser"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Keine Kommentare (Kommentare erscheinen erst nach unserer Freigabe)", "comment-form"),
        ("Submit your letter to the editor via this form. Read more Letters to the Editor.", "comment-form"),
        ("Weitere Beiträge aus der Kolumne:", "related"),
        ("Our Standards: The Thomson Reuters Trust Principles.", "copyright"),
        ("Symbolbild: dpa", "caption"),
        ("Letzte Änderung 14.02.2019", "dateline"),
    ],
)
def test_more_residue_families(line, reason):
    doc = clean(f"Title\n\n{BODY}\n\n{line}\n")
    verdict = {l.text: v for l, v in zip(doc.lines, doc.verdicts)}[line]
    assert (verdict.keep, verdict.reason) == (False, reason)


@pytest.mark.parametrize(
    "line",
    [
        "Die Kommentare erscheinen erst nach unserer Freigabe, schrieb die Redaktion am Montag an ihre Leser.",
        "Weitere Beiträge aus der Kolumne sollen im Frühjahr als Buch erscheinen, sagte die Autorin.",
        "Das Symbolbild zeigt einen Polizeiwagen vor dem Rathaus, wie er dort jeden Tag steht.",
    ],
)
def test_sentences_with_the_same_words_stay(line):
    doc = clean(f"Title\n\n{BODY}\n\n{line}\n\n{BODY}\n")
    verdict = {l.text: v for l, v in zip(doc.lines, doc.verdicts)}[line]
    assert verdict.keep, verdict


def test_an_inline_read_more_link_does_not_open_the_teaser_zone():
    # "Read more: Title" carries its own teaser: the subheading after it is the article's.
    doc = clean(
        "Title of the piece\n\n"
        f"{BODY}\n\n"
        "Read more: Recognizing colonial crimes, a work in progress\n\n"
        "Right-wing resistance\n\n"
        "The move has been met with resistance from the far right, and two lawmakers asked for a vote.\n"
    )
    verdicts = {line.text: v for line, v in zip(doc.lines, doc.verdicts)}
    assert verdicts["Read more: Recognizing colonial crimes, a work in progress"].reason == "related"
    assert verdicts["Right-wing resistance"].keep


def test_a_bare_related_marker_opens_the_teaser_zone():
    doc = clean(f"Title of the piece\n\n{BODY}\n\nRelated posts\n\nCouncil votes on the new bridge\n")
    verdicts = {line.text: v for line, v in zip(doc.lines, doc.verdicts)}
    assert verdicts["Council votes on the new bridge"].reason == "related-teaser"
