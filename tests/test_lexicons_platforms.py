"""The standard UI strings of widely used platforms (WordPress core and Jetpack, Blogger,
Disqus, tagDiv, Borlabs Cookie, AAWP, reCAPTCHA, Creative Commons footers) and the generic
phrasing of news and blog sites are residue with the right reason, in German and English and
the other languages with a lexicon; a sentence of an article that uses the same words stays.

Each family has residue lines (exact, a sequence of phrases, or a prefix with its rest) and,
in SENTENCES, lines that share its words but are text.
"""

from __future__ import annotations

import pytest

from cleaner import clean
from cleaner.dates import labelled_dateline
from cleaner.lexicons import default_lexicon

RESIDUE = [
    # WordPress / Jetpack, German (de_DE and de_DE_formal)
    ("Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind markiert *", "comment-form"),
    ("Es gibt noch keine Kommentare.", "comment-form"),
    ("HINTERLASSEN SIE EINE ANTWORT Antwort abbrechen", "comment-form"),
    ("Du musst eingeloggt sein, um einen Kommentar abzugeben.", "comment-form"),
    ("Meinen Namen, meine E-Mail-Adresse und meine Website in diesem Browser speichern, bis ich wieder kommentiere.", "comment-form"),
    ("eMail (erforderlich) (wird nicht veröffentlicht)", "comment-form"),
    ("Kommentarfeed | Kommentare geschlossen | Trackback-URL", "comment-form"),
    ("Gib deine E-Mail-Adresse ein, um über neue Beiträge per E-Mail informiert zu werden.", "subscribe"),
    (
        "Gib deine E-Mail-Adresse ein, um diesem Blog zu folgen und per E-Mail Benachrichtigungen über neue Beiträge zu erhalten.",
        "subscribe",
    ),
    ("Beitrag nicht abgeschickt - E-Mail Adresse kontrollieren!", "share"),
    ("E-Mail-Überprüfung fehlgeschlagen, bitte versuche es noch einmal", "share"),
    ("Ihr Blog kann leider keine Beiträge per E-Mail teilen.", "share"),
    ("Zeige alle Beiträge von Jana Beispiel", "navigation"),
    ("Dieser Eintrag wurde veröffentlicht in Allgemein und verschlagwortet mit Reisen von Jana. Permanentlink.", "taxonomy"),
    # Jetpack and WordPress in the other languages
    ("Post was not sent - check your email addresses!", "share"),
    ("Articolo non inviato - controlla gli indirizzi email!", "share"),
    ("Wpis nie został wysłany - sprawdź swoje adresy e-mail!", "share"),
    ("Il n'y a pas encore de commentaire.", "comment-form"),
    ("Todavía no hay comentarios.", "comment-form"),
    ("Votre nom : *", "comment-form"),
    ("This entry was posted in News and tagged budget. Bookmark the permalink.", "taxonomy"),
    # Blogger
    ("ReplyDelete", "comment-form"),
    ("Reply Delete", "comment-form"),
    ("Newer Post Older Post Home", "navigation"),
    ("Subscribe to: Post Comments (Atom)", "subscribe"),
    ("Email ThisBlogThis!Share to TwitterShare to FacebookShare to Pinterest", "share"),
    ("Simple theme. Powered by Blogger.", "copyright"),
    ("View my complete profile", "navigation"),
    # Comment, rating and forum prompts
    ("Wie bewerten Sie diesen Artikel? *", "comment-form"),
    ("Kommentare(0)", "comment-form"),
    ("Kommentare schreiben", "comment-form"),
    ("Alle 120 Kommentare im Forum lesen →", "comment-form"),
    ("Please log in here to leave a comment.", "comment-form"),
    ("Please enable JavaScript to view the comments powered by Disqus.", "comment-form"),
    (
        "We want to hear what you think about this article. Submit a letter to the editor or write to letters@example.com.",
        "comment-form",
    ),
    # Related and navigation markers
    ("Aktuellste Beiträge", "related"),
    ("Schon gelesen?", "related"),
    ("Interessante Artikel", "related"),
    ("Verwandte Themen", "related"),
    ("Populäre Artikel der letzten 7 Tage", "related"),
    ("VERWANDTE ARTIKELMEHR VOM AUTOR", "related"),
    ("Explore further", "related"),
    ("Zurück zum Newsroom", "navigation"),
    ("Zum Shop", "navigation"),
    ("Vorheriger ArtikelImmer mehr Wildschweine in der Stadt", "navigation"),
    ("Next articleCity Opens New Bike Lanes", "navigation"),
    ("Kostenlos registrieren und weiterlesen", "subscribe"),
    # Legal, affiliate, consent, embeds
    ("This site is protected by reCAPTCHA and the Google Privacy Policy and Terms of Service apply.", "copyright"),
    (
        "Letzte Aktualisierung am 2.02.2022 / Bei den Verlinkungen handelt es sich um Affiliate Links / "
        "Bilder von der Amazon Product Advertising API",
        "advertisement",
    ),
    ("Als Amazon-Partner verdiene ich an qualifizierten Verkäufen.", "advertisement"),
    ("As an Amazon Associate I earn from qualifying purchases.", "advertisement"),
    ("Externer Inhalt", "template"),
    ("Klicken Sie auf den unteren Button, um den Inhalt von www.example.org zu laden.", "cookie"),
    ("This work is licensed under a Creative Commons Attribution 4.0 International License.", "copyright"),
    ("Photo by Jane Doe on Unsplash", "copyright"),
    ("4 Min Read", "template"),
]

SENTENCES = [
    # comment-form words
    "Es gibt noch keine Kommentare der Stadtverwaltung zu den Plänen, sagte der Sprecher.",
    "Die erforderlichen Felder sind markiert, erklärte die Beamtin, und das Formular ist kurz.",
    "Sie müssen angemeldet sein, um einen Kommentar abzugeben, doch viele Leser tun es trotzdem.",
    "Wie bewerten Sie diesen Artikel des Gesetzes, fragte die Richterin den Gutachter.",
    "He said he wanted to delete the reply before anyone saw it.",
    # related / navigation words
    "Schon gelesen hatte sie das Buch, bevor der Film in die Kinos kam.",
    "Interessante Artikel über die Geschichte der Stadt findet man im Archiv des Museums.",
    "Zurück zum Newsroom ging der Reporter erst am späten Abend.",
    "Zum Shop gehört auch ein kleines Café, das sonntags geöffnet hat.",
    "Scientists plan to explore further into the cave next summer.",
    "Vorheriger Artikelentwurf und neue Fassung unterscheiden sich kaum.",
    # subscribe / share / taxonomy words
    "Wer sich kostenlos registrieren und weiterlesen will, braucht nur eine E-Mail-Adresse, so der Verlag.",
    "Zeige alle Beiträge von dir, sagte die Lehrerin zu ihrem Schüler.",
    "Dieser Eintrag wurde veröffentlicht in einer Zeit, in der das Archiv noch auf Papier geführt wurde, und er blieb lange unbeachtet, bis eine Historikerin ihn 2019 im Keller des Rathauses fand und auswertete.",
    # legal / affiliate / credits
    "As an Amazon associate for ten years, she earned a living from qualifying purchases.",
    "The photo by Jane Doe on the front page won an award.",
    "Externer Inhalt wird von der Redaktion vor der Veröffentlichung geprüft.",
]


@pytest.mark.parametrize("line, reason", RESIDUE)
def test_platform_residue(line, reason):
    match = default_lexicon().match(line)
    assert match is not None and match.reason == reason, (line, match)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_sentences_with_the_same_words_stay(sentence):
    assert default_lexicon().match(sentence) is None, (sentence, default_lexicon().match(sentence))


BODY = "The council approved the new budget on Tuesday after a long debate about school funding."
MORE = "Road works on the main street will start next month and last until the end of the summer."


@pytest.mark.parametrize(
    "line", ["Publikacja: 04.05.2021", "Opublikowano: 2021-04-29", "Veröffentlicht am 12.03.2021", "Aktualisiert: 11.04.2020"]
)
def test_labelled_date_is_a_dateline_in_the_head_and_residue_after_the_body(line):
    doc = clean(f"Budget Approved\n\n{line}\n\n{BODY}\n\n{line}\n\n{MORE}")
    assert [v.reason for v in doc.verdicts] == ["content", "dateline", "content", "dateline", "content"]
    assert doc.verdicts[3].rule == "labelled-date"
    assert doc.metadata.date == doc.verdicts[1].evidence


def test_bare_date_and_date_in_a_sentence_are_not_labelled_dates():
    """A bare date is left to the other rules (the line classifier may still drop it)."""
    assert not labelled_dateline("12.03.2021")
    assert not labelled_dateline("Veröffentlicht am 12.03.2021 wurde der Bericht sofort kritisiert.")
    doc = clean(f"Budget Approved\n\n{BODY}\n\n12.03.2021\n\nVeröffentlicht am 12.03.2021 wurde der Bericht kritisiert.")
    assert doc.verdicts[2].rule != "labelled-date"
    # A German sentence at the end of an English page may go to the line classifier, but
    # never as a labelled date.
    assert doc.verdicts[3].reason != "dateline" and doc.verdicts[3].rule != "labelled-date"
