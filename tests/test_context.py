"""The line classifier (features, context pass, article zones) and its safety valve, on page
dumps written for these tests: whole-page text with menus, footers and link lists."""

from __future__ import annotations

import json

from click.testing import CliRunner

from cleaner import clean
from cleaner.cli import cli
from cleaner.config import CleanConfig
from cleaner.context import BAD, GOOD, NEARGOOD, RULES, SHORT, line_class, revise
from cleaner.features import line_features, stoplist, stoplist_for
from cleaner.lexicons import default_lexicon
from cleaner.manifest import row
from cleaner.pipeline import clean_document
from cleaner.zones import article_spans

MENU = ["Home", "Politics", "Business", "Sport", "Culture", "Weather", "Podcasts", "Events"]
FOOTER = ["About the paper", "Work with us", "Advertising partners", "Corrections", "RSS feeds", "Member login"]
ARTICLE = [
    "River Clean-Up Draws Record Crowd",
    "More than four hundred volunteers gathered on the banks of the river on Saturday morning to pull "
    "plastic, tyres and an old shopping trolley out of the water, the largest turnout since the "
    "clean-up began eleven years ago.",
    "What they found",
    "The organisers said that most of the rubbish was found near the two bridges in the centre of the "
    "town, where the current slows down and whatever is thrown from the road collects along the bank.",
    "- 1,200 plastic bottles",
    "- 35 tyres",
    "- a bicycle",
    "The council has promised to put new bins on both bridges before the summer, and the volunteers "
    "plan to meet again in the autumn to see whether the bins have made any difference to the river.",
    "It was a good day.",
]
LINKS = ["https://example.org/news/river", "www.example.org/contact", "info@example.org"]


def page(*parts: list[str]) -> str:
    return "\n".join(line for part in parts for line in part) + "\n"


def verdicts(text: str) -> dict[str, tuple[bool, str]]:
    doc = clean(text)
    return {line.text: (v.keep, v.reason) for line, v in zip(doc.lines, doc.verdicts)}


# ------------------------------------------------------------------ features


def test_stoplist_follows_the_language_of_the_longest_lines():
    german = ["Startseite", "Der Stadtrat hat am Dienstag nach einer langen Debatte den neuen Haushalt für die Schulen beschlossen."]
    code, words = stoplist_for(german)
    assert code == "de" and "der" in words and words == stoplist("de")


def test_features_measure_what_a_reader_sees():
    stop = stoplist("en")
    sentence, menu, dates, url = line_features(
        [ARTICLE[1], "HOME | NEWS | SPORT", "12.03.2024 13.03.2024 14.03.2024", "https://example.org/a/b"], stop
    )
    assert sentence.terminal and sentence.density > 0.3 and sentence.words > 30
    assert menu.upper == menu.letters and menu.symbols == 2 and not menu.terminal
    assert dates.digit_share > 0.7
    assert url.links == 1 and url.link_share == 1.0


def test_character_counts_of_non_latin_and_astral_text():
    f = line_features(["Ελλάδα 2024 😀", ""], frozenset())
    assert (f[0].letters, f[0].upper, f[0].digits, f[0].symbols) == (6, 1, 4, 1)
    assert (f[1].chars, f[1].words, f[1].letters) == (0, 0, 0)


# ------------------------------------------------------------------ context


def test_context_free_classes():
    stop = stoplist("en")
    classes = [line_class(f) for f in line_features(["Sport", ARTICLE[1], LINKS[0], "Le Monde Diplomatique Archive Index Tables Figures Sources Imprint Contact Login"], stop)]
    # A long line with few stopwords is left to the context (a menu run, or a quotation in
    # another language than the stoplist's).
    assert classes == [SHORT, GOOD, BAD, SHORT]


def test_short_lines_take_their_neighbours_class_and_headings_stay_before_content():
    # jusText: a heading stays when a good line follows within 200 characters (and here 3
    # lines); the edges of the document count as bad, so the menu and a footer line go.
    lines = MENU * 4 + ["What they found", ARTICLE[3], "Footer"]
    features = line_features(lines, stoplist("en"))
    cf = [line_class(f) for f in features]
    assert cf == [SHORT] * 33 + [GOOD, SHORT]
    final = revise(cf, features)
    assert final[:30] == [BAD] * 30 and final[-3:] == [GOOD, GOOD, BAD]


def test_near_good_lines_are_bad_only_between_bad_ones():
    assert revise([BAD, NEARGOOD, BAD, NEARGOOD, GOOD], [None] * 5) == [BAD, BAD, BAD, GOOD, GOOD]


def test_page_dump_menu_footer_and_links_go_the_article_stays():
    result = verdicts(page(MENU, ARTICLE, FOOTER, LINKS))
    for line in ARTICLE:
        assert result[line] == (True, "content"), line
    # The menu item right above the title could be a kicker or a subtitle: it stays.
    assert result[MENU[-1]] == (True, "content")
    for line in MENU[1:-1] + FOOTER:
        assert not result[line][0], line
        assert result[line][1] in {"boilerplate", "dangling-heading", "navigation"}, line
    assert result["Home"] == (False, "navigation")  # a phrase rule, before the classifier
    for line in LINKS:
        assert result[line] == (False, "link-list"), line


WIDGET = ["Share", "Tags", "Sport", "Weather", "Culture", "Corrections", "Podcasts", "Events"]
BLURB = (
    "The Riverside Gazette is an independent local newspaper that has been published in the town "
    "since 1921 and is owned by a charitable trust that supports local journalism."
)
PITCH = "Sign up for our free newsletter and get the best stories of the week delivered to your inbox."
CLOSING = "The volunteers will meet again in October to count what the new bins on the bridges have caught."


def test_a_sentence_after_the_article_stays_and_the_widget_goes():
    """Prose (PROSE_MIN_WORDS words, a sentence ending) is not dropped by the context or the
    zones for where it stands: a sentence below a share bar stays unless the site talks about
    itself in it (`site-notice`)."""
    result = verdicts(page(MENU, ARTICLE, WIDGET, [CLOSING]))
    assert result[CLOSING] == (True, "content")
    assert all(not result[line][0] for line in WIDGET[1:])
    assert all(result[line][0] for line in ARTICLE)


def test_site_notices_after_a_marker_go_with_their_words_as_evidence():
    doc = clean(page(MENU, ARTICLE, WIDGET, [BLURB, PITCH]))
    found = {line.text: v for line, v in zip(doc.lines, doc.verdicts)}
    assert found["Share"].reason == "share"  # the marker
    assert (found[BLURB].keep, found[BLURB].reason, found[BLURB].evidence) == (False, "site-notice", "independent,journalism")
    assert (found[PITCH].reason, found[PITCH].evidence) == ("site-notice", "free,inbox,newsletter")
    assert all(found[line].keep for line in ARTICLE)
    assert doc.text == clean(doc.text).text  # settled: cleaning again changes nothing


def test_a_share_bar_ends_the_article_so_an_author_box_below_it_is_not_taken_in():
    """Three share lines are a gap the article's cluster would bridge (MAX_GAP_LINES); a
    residue marker ends it whatever the gap, and the bio below is a site notice."""
    bio = (
        "Jane Miller is a reporter for the Gazette and has covered the council and the river "
        "for more than ten years, after she studied geography in Leeds."
    )
    doc = clean(page(MENU, ARTICLE, ["Share", "Facebook", "Twitter"], [bio], FOOTER))
    found = {line.text: v for line, v in zip(doc.lines, doc.verdicts)}
    assert (found[bio].keep, found[bio].reason, found[bio].evidence) == (False, "site-notice", "reporter")
    assert all(found[line].keep for line in ARTICLE)


def test_without_context_only_site_notices_go():
    """For HTML the first pass leaves the context to trafilatura's markup (`context=False`):
    no menu or footer line goes for its neighbours, but a site notice still does (below a
    share bar, "Member login" is one too)."""
    from cleaner.classify import classify
    from cleaner.segment import segment

    lines = segment(page(MENU, ARTICLE, WIDGET, [PITCH], FOOTER))
    verdicts, _ = classify(lines, context=False)
    found = {line.text: v for line, v in zip(lines, verdicts)}
    assert (found[PITCH].keep, found[PITCH].reason) == (False, "site-notice")
    assert all(found[line].keep for line in ARTICLE)
    assert not any(v.rule in RULES - {"site-words"} for v in verdicts)  # no context drops
    assert all(v.keep for line, v in zip(lines, verdicts) if line.text in MENU[1:] and line.text not in WIDGET)
    assert {found[line].reason for line in FOOTER} == {"content", "site-notice"}
    with_context, _ = classify(lines)
    assert not any(v.keep for line, v in zip(lines, with_context) if line.text in FOOTER)


def test_site_words_without_a_marker_or_inside_the_article_stay():
    # No residue marker below the article: the blurb may be the article's last paragraph.
    result = verdicts(page(MENU, ARTICLE, [BLURB]))
    assert result[BLURB] == (True, "content")
    # Inside the article, a sentence about a newsletter is the article's.
    inside = ARTICLE[:2] + [PITCH] + ARTICLE[2:]
    result = verdicts(page(MENU, inside, WIDGET))
    assert result[PITCH] == (True, "content")


def test_site_notices_between_the_spans_of_an_article_need_two_site_words():
    far = ["Advertisement", "Sport", "Weather", "Culture", "Corrections", "Podcasts", "Events", "Jobs"]
    one = "You can read the council's plan for the new bins on the website of the town hall."
    second = ARTICLE[1].replace("Saturday", "Sunday"), ARTICLE[3].replace("two", "three")
    doc = clean(page(ARTICLE, far, [one, PITCH], far, list(second)))
    found = {line.text: v for line, v in zip(doc.lines, doc.verdicts)}
    assert found[one].keep  # one site word ("website")
    assert (found[PITCH].keep, found[PITCH].reason) == (False, "site-notice")


def test_a_residue_line_before_a_closing_sentence_does_not_end_the_article():
    text = page(ARTICLE[:2], ["Related: Budget talks stall again"], ["The mayor said she expects the vote to pass in May."])
    result = verdicts(text)
    assert result["The mayor said she expects the vote to pass in May."] == (True, "content")


def test_languages_without_spaces_are_left_to_the_phrase_rules():
    text = page(["ホーム", "ニュース", "スポーツ"], ["市議会は火曜日、学校の予算について長い議論の末に新しい予算を承認した。" * 3], ["お問い合わせ"])
    reasons = {reason for _, reason in verdicts(text).values()}
    assert not reasons & {"boilerplate", "link-list"}
    assert verdicts(text)["スポーツ"] == (True, "content")


def test_article_spans_skip_a_small_far_cluster():
    good = [1, 1] + [0] * 10 + [1]
    fair = list(good)
    kept = [1, 1] + [0] * 10 + [1]
    assert article_spans([bool(g) for g in good], [bool(f) for f in fair], [bool(k) for k in kept], [400, 400] + [10] * 10 + [100]) == [(0, 1)]


# ------------------------------------------------------------------ safety valve


HOURS = page(
    ["Opening hours"],
    ["Monday closed", "Tuesday 10 to 18", "Wednesday 10 to 18", "Thursday 10 to 20", "Friday 10 to 18"],
    ["Saturday 9 to 14", "Sunday closed", "Holidays closed", "Guided tours on request", "Groups welcome"],
    ["The museum is small enough to see in an hour, and the guides will gladly show you around it."],
)
# The same page with a share bar below: residue the phrase rules know, so the context pass acts.
LIST_PAGE = HOURS + "Share post:\n"


def test_without_a_paragraph_the_context_drops_nothing():
    # No line is a paragraph on its own: nothing anchors the context, only phrase rules act.
    doc = clean_document("My Title\n\nA real sentence about the topic at hand, long enough.\n\nShare post:\n")
    assert [v.keep for v in doc.verdicts] == [True, True, False]
    assert doc.text == "My Title\n\nA real sentence about the topic at hand, long enough.\n"


def test_clean_text_without_known_residue_keeps_its_short_lines():
    """Without a line the phrase rules know as residue (clean text, trafilatura's output of
    an HTML page), nothing says the short lines at the edges are residue: only lines bad on
    their own (links, digits, symbols) go."""
    doc = clean_document(HOURS + "https://example.org/museum/hours\n", config=CleanConfig(format="text"))
    assert doc.text == HOURS
    assert doc.flags == ()


def test_safety_valve_keeps_uncertain_lines_and_flags_the_document():
    doc = clean_document(LIST_PAGE, config=CleanConfig(format="text"))
    assert doc.flags == ("safety-valve",)
    assert [line.text for line, v in zip(doc.lines, doc.verdicts) if not v.keep] == ["Share post:"]
    assert row(doc, "hours.txt", "hours.txt")["flags"] == ["safety-valve"]


def test_under_the_valve_what_follows_a_share_bar_below_the_article_still_goes():
    """The valve keeps the uncertain lines of the list, not the teaser headlines under the
    share bar: below a residue marker after the article nothing is the article."""
    teasers = [
        "The city's new museum quarter opens its doors with three exhibitions and a garden for all of us",
        "Where to eat near the park when the museum is closed on a Monday in the middle of the winter",
    ]
    doc = clean_document(LIST_PAGE + "\n".join(teasers) + "\n", config=CleanConfig(format="text"))
    assert doc.flags == ("safety-valve",)
    dropped = [line.text for line, v in zip(doc.lines, doc.verdicts) if not v.keep]
    assert dropped == ["Share post:", *teasers]
    assert doc.text.startswith(HOURS.rstrip("\n"))


def test_without_the_valve_the_context_pass_would_gut_it():
    doc = clean_document(LIST_PAGE, config=CleanConfig(format="text", max_context_share=1.0))
    assert doc.flags == ()
    assert sum(v.keep for v in doc.verdicts) <= 3  # the closing sentence and the line above it
    assert "flags" not in row(doc, "hours.txt", "hours.txt")


def test_explain_shows_the_new_reasons_and_the_flag(tmp_path):
    (tmp_path / "page.txt").write_text(page(MENU, ARTICLE, FOOTER, LINKS), encoding="utf-8")
    (tmp_path / "hours.txt").write_text(LIST_PAGE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["explain", str(tmp_path / "page.txt")])
    assert result.exit_code == 0
    assert "boilerplate" in result.output and "link-list" in result.output
    result = CliRunner().invoke(cli, ["explain", str(tmp_path / "hours.txt")])
    assert "# flags: safety-valve" in result.output


def test_manifest_of_a_run_carries_the_flag(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "hours.txt").write_text(LIST_PAGE, encoding="utf-8")
    (src / "page.txt").write_text(page(MENU, ARTICLE, FOOTER), encoding="utf-8")
    result = CliRunner().invoke(cli, ["clean", "-q", "--jobs", "1", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    rows = {r["input"]: r for r in map(json.loads, (tmp_path / "out" / "manifest.jsonl").read_text().splitlines())}
    assert rows["hours.txt"]["flags"] == ["safety-valve"]
    assert "flags" not in rows["page.txt"]


# ------------------------------------------------------------------ idempotence


def test_cleaning_a_page_dump_twice_changes_nothing():
    once = clean(page(MENU, ARTICLE, FOOTER, LINKS)).text
    assert clean(once).text == once


# ------------------------------------------------------------------ without the context (--no-context)

NO_CONTEXT = CleanConfig(context=False)


def test_without_context_only_the_line_classifier_is_left_out():
    text = page(MENU, ["Share this article", "Leave a Reply"], ARTICLE, FOOTER, LINKS, ["Privacy Policy"])
    full, fast = clean(text), clean(text, config=NO_CONTEXT)
    assert {v.rule for v in full.verdicts} & RULES  # the line classifier drops lines of this page...
    assert not {v.rule for v in fast.verdicts} & RULES  # ...and without the context none
    assert "site-notice" not in {v.reason for v in fast.verdicts}
    kept = [{line.text for line, v in zip(doc.lines, doc.verdicts) if v.keep} for doc in (full, fast)]
    assert kept[0] < kept[1] and {"Politics", "Business"} <= kept[1] - kept[0]
    # The phrase rules judge each line alone: the same lines go, for the same reasons.
    phrase = [{(line.text, v.reason) for line, v in zip(doc.lines, doc.verdicts) if v.rule.startswith(("phrase", "pattern"))} for doc in (full, fast)]
    assert phrase[0] == phrase[1] and ("Leave a Reply", "comment-form") in phrase[1]
    assert clean(fast.text, config=NO_CONTEXT).text == fast.text  # still idempotent


def test_no_context_on_the_command_line(tmp_path):
    source = tmp_path / "page.txt"
    source.write_text(page(MENU, ARTICLE, FOOTER), encoding="utf-8")
    runner = CliRunner()
    shown = runner.invoke(cli, ["explain", "--no-context", str(source)]).output
    assert "Politics" in shown and not any(f"[{rule}" in shown or f" {rule} " in shown for rule in ("context", "article-tail"))
    for flag, politics in (("--context", False), ("--no-context", True)):
        out = tmp_path / flag
        assert runner.invoke(cli, ["clean", str(source), "-o", str(out), "-q", flag]).exit_code == 0
        assert ("Politics" in (out / "page.txt").read_text(encoding="utf-8").split("\n")) is politics


# ------------------------------------------------------------------ English and German lexicon


def test_header_and_footer_residue_in_english_and_german():
    residue = {
        "Kontakt | Impressum | Datenschutz | AGB": "navigation",
        "About Us | Contact Us | Privacy Policy | Terms of Service": "navigation",
        "Startseite › Region › Umwelt": "navigation",
        "Home > News > Local": "navigation",
        "Sie sind hier: Startseite / Politik": "navigation",
        "Diesen Artikel teilen": "share",
        "Weiterführende Links": "related",
        "Top Stories": "related",
        "Zum Verfassen von Kommentaren bitte anmelden oder registrieren.": "comment-form",
        "Redaktions-Newsletter": "subscribe",
        "Alle Cookies akzeptieren": "cookie",
    }
    text = page(ARTICLE[:2], list(residue), ARTICLE[3:4])
    result = verdicts(text)
    for line, reason in residue.items():
        assert result[line] == (False, reason), line


def test_dialogue_and_sentences_with_residue_words_stay():
    lines = [
        "– “Ok.”",
        "“Agreed.”",
        "Readers who left comments on the first report said they would share the petition with friends.",
        "Please contact us if you would like to share your own photos of the clean-up with the paper.",
    ]
    result = verdicts(page(ARTICLE[:2], lines, ARTICLE[3:4]))
    for line in lines:
        assert result[line] == (True, "content"), line
    lexicon = default_lexicon()
    assert lexicon.match("Einverstanden.") is None and lexicon.match("Ok.") is None


def test_html_output_is_settled_under_the_text_rules():
    # The context pass does not judge trafilatura's blocks in the first pass, but the clean
    # text is plain text: it settles under the text rules, so that cleaning it again as text
    # changes nothing (the menu inside the article goes, as it would from the text).
    lines = MENU[1:] + ARTICLE
    body = "".join(f"<p>{line}</p>" for line in lines)
    html = f"<html><head><title>{ARTICLE[0]}</title></head><body><article>{body}</article></body></html>"
    as_html = clean_document(html, config=CleanConfig(format="html"))
    assert as_html.format == "html" and ARTICLE[1][:40] in as_html.text
    assert clean_document(as_html.text, config=CleanConfig(format="text")).text == as_html.text

def test_line_features_are_kept_per_stoplist_not_per_language():
    # settle's call may vote the same language with another list (its own alone, or joined
    # with a second language's): features counted with the first list must not be reused.
    from cleaner.context import _rows

    memo: dict = {}
    text = "Der Hund und their dog, which would sleep, sind im Haus."
    german = _rows([text], stoplist("de"), memo)[0][0]
    both = _rows([text], stoplist("de") | stoplist("en"), memo)[0][0]
    assert both.stopwords > german.stopwords
    assert _rows([text], stoplist("de"), memo)[0][0] == german


def test_the_made_once_context_verdicts_are_those_of_the_plain_definition():
    """`_verdict` hands out one shared `Verdict` per class the context overruled; it must be
    the one the plain definition makes, and lines bad on their own or made of links still
    get their own evidence."""
    from cleaner.context import CLASS_NAMES, _verdict
    from cleaner.types import Verdict

    texts = ["Home", "Read the rest of the story on our website today, it is free.", "www.a.de www.b.de go"]
    for f in line_features(texts, stoplist("en")):
        for cf in (SHORT, NEARGOOD, GOOD):
            plain = (
                Verdict(False, "link-list", "context-free", f"links={f.links}/{f.words} words")
                if f.link_share > 0.5
                else Verdict(False, "boilerplate", "context", f"{CLASS_NAMES[cf]} among residue")
            )
            assert _verdict(cf, f) == plain
        assert _verdict(BAD, f).rule == "context-free"
