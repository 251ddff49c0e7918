"""User rules (`--rules FILE`): validation, scopes, disabled reasons, thresholds, workers."""

from __future__ import annotations

import json
import pickle
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import cli
from cleaner.config import DEFAULT_CONFIG, Thresholds
from cleaner.lexicons import builtin_files
from cleaner.pipeline import clean_document
from cleaner.reasons import REASONS
from cleaner.rules import NO_RULES, Origin, RuleSet, RulesError, configure, load_rules, pattern_problem

ARTICLE = (
    "Council Approves New Riverside Park Budget\n\n"
    "The city council voted seven to two on Tuesday to approve the budget for the new riverside park.\n\n"
    "Get the Morning Brief\n\n"
    "Construction is expected to begin in the spring, with the first section open by next year.\n\n"
    "Tags: parks, council\n\n"
    "Share post:\n"
)

SITE_RULES = """
[rules.example-brief]
reason = "subscribe"
lang = "en"
phrases = ["Get the Morning Brief"]
sites = ["example.com"]
"""


def rules_file(tmp_path: Path, text: str, name: str = "rules.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def verdicts(text: str, config=DEFAULT_CONFIG, origin: Origin | None = None) -> dict[str, tuple[bool, str, str]]:
    doc = clean_document(text, "doc.txt", config, origin)
    return {line.text: (v.keep, v.reason, v.rule) for line, v in zip(doc.lines, doc.verdicts)}


def problems(tmp_path: Path, text: str) -> str:
    with pytest.raises(RulesError) as caught:
        load_rules(rules_file(tmp_path, text))
    return str(caught.value)


# ------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            '[rules.r]\nreason = "shares"\nphrases = ["x y"]',
            '[rules.r] reason: unknown reason "shares" (did you mean "share"?)',
        ),
        (
            '[rules.r]\nreason = "share"\npatterns = ["[a-"]',
            "[rules.r] patterns[0] '[a-': not a valid regular expression: unterminated character set",
        ),
        ('[rules.r]\nreason = "share"\npatterns = ["(a+)+b"]', "[rules.r] patterns[0] '(a+)+b': nested quantifier"),
        ('[rules.r]\nreason = "share"\npatterns = ["(x|x)*y"]', "[rules.r] patterns[0] '(x|x)*y': too slow"),
        ('[rules.r]\nreason = "share"\npatterns = [".*a.*b"]', "[rules.r] patterns[0] '.*a.*b': too slow"),
        ('[rules.r]\nreason = "share"\npatterns = [".{0,500}"]', "matches any line"),
        (
            '[rules.r]\nreason = "share"\nphrases = "Share it"',
            "[rules.r] phrases: must be a list of strings (phrases = ['Share it']), not a string",
        ),
        ('[rules.r]\nreason = 3\nphrases = ["Share it"]', "[rules.r] reason: must be a string, not a number"),
        ('[rules.r]\nreason = "share"\nphrases = ["***"]', "[rules.r] phrases[0] '***': has no words"),
        (
            '[rules.r]\nreason = "share"\nphrase = ["Share it"]',
            '[rules.r] phrase: unknown key (did you mean "phrases"?)',
        ),
        (
            '[rules.r]\nreason = "share"\nphrases = ["Share it"]\nsites = ["exa mple.com"]',
            "[rules.r] sites[0] 'exa mple.com': not a host name",
        ),
        (
            '[rules.r]\nreason = "share"\nphrases = ["Share it"]\nlang = "English"',
            "[rules.r] lang: must be a language code",
        ),
        ('[rules.r]\nreason = "share"', "[rules.r]: has a reason but no phrases or patterns"),
        ('[rules.r]\nphrases = ["Share it"]', "[rules.r]: phrases and patterns need a reason"),
        ('[rules.r]\nsites = ["example.com"]', "[rules.r]: does nothing"),
        ('disable = ["tag"]', 'disable: unknown reason "tag"'),
        ('disable = "share"', "disable: must be a list of reasons, not a string"),
        (
            "[thresholds]\nteaser_max_word = 3",
            '[thresholds] teaser_max_word: unknown key (did you mean "teaser_max_words"?)',
        ),
        ('[thresholds]\nteaser_max_words = "3"', "[thresholds] teaser_max_words: must be a whole number, not a string"),
        (
            "[thresholds]\nteaser_max_words = true",
            "[thresholds] teaser_max_words: must be a whole number, not a boolean",
        ),
        ("[thresholds]\nteaser_max_words = -1", "[thresholds] teaser_max_words: must be between 0 and 1000, not -1"),
        ('[rule.r]\nreason = "share"', 'rule: unknown key (did you mean "rules"?)'),
        ('rules = ["x"]', "rules: must be tables [rules.NAME], not a list"),
    ],
)
def test_a_bad_rules_file_is_refused_with_the_file_the_rule_and_the_problem(tmp_path, text, expected):
    message = problems(tmp_path, text)
    assert message.startswith(f"{tmp_path / 'rules.toml'}: 1 problem:\n")
    assert expected in message


def test_every_problem_is_listed_at_once(tmp_path):
    message = problems(
        tmp_path,
        'disable = ["nope"]\n[rules.a]\nreason = "shares"\nphrases = ["x"]\n[rules.b]\nreason = "share"\npatterns = ["(a*)*"]\n',
    )
    assert "3 problems" in message
    assert "disable: unknown reason" in message and "[rules.a] reason" in message and "[rules.b] patterns[0]" in message


def test_not_toml_not_utf8_and_unreadable_files_are_refused(tmp_path):
    assert "not valid TOML: " in problems(tmp_path, "[rules.a\nreason = 1") and "line 1" in problems(
        tmp_path, "[rules.a\n"
    )
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(b"# caf\xe9\n")
    with pytest.raises(RulesError, match="not UTF-8"):
        load_rules(bad)
    with pytest.raises(RulesError, match="cannot read"):
        load_rules(tmp_path)  # a directory


def test_a_bad_rules_file_is_a_usage_error_on_the_command_line_without_a_traceback(tmp_path):
    bad = rules_file(tmp_path, '[rules.promo]\nreason = "share"\npatterns = ["(a+)+"]\n')
    doc = tmp_path / "doc.txt"
    doc.write_text(ARTICLE, "utf-8")
    for args in (
        ["clean", str(doc), "-o", str(tmp_path / "out"), "--rules", str(bad)],
        ["explain", "--rules", str(bad), str(doc)],
        ["rules", "--rules", str(bad)],
    ):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, result.output
        assert (
            str(bad) in result.output
            and "[rules.promo] patterns[0]" in result.output
            and "nested quantifier" in result.output
        )
        assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_the_built_in_patterns_pass_the_checks_user_patterns_get():
    for _, _, path, entries in builtin_files():
        if path.startswith("data/patterns"):
            for pattern in entries:
                assert pattern_problem(pattern) == "", (path, pattern)


# ------------------------------------------------------------------ phrases, patterns and scopes


def test_user_phrases_and_patterns_drop_lines_with_their_reason(tmp_path):
    rules = load_rules(
        rules_file(
            tmp_path,
            '[rules.r]\nreason = "subscribe"\nphrases = ["Get the Morning Brief"]\npatterns = ["Tags: parks.{0,40}"]\n',
        )
    )
    config = configure(DEFAULT_CONFIG, rules)
    assert verdicts(ARTICLE)["Get the Morning Brief"][1] != "subscribe"
    got = verdicts(ARTICLE, config)
    assert got["Get the Morning Brief"] == (False, "subscribe", "phrase")
    assert got["Tags: parks, council"] == (False, "subscribe", "pattern")  # user patterns come before phrases
    assert got["Share post:"] == (False, "share", "phrase")  # built-in rules still apply


def test_a_rule_scoped_to_a_site_applies_only_to_documents_from_it(tmp_path):
    config = configure(DEFAULT_CONFIG, load_rules(rules_file(tmp_path, SITE_RULES)))
    line = "Get the Morning Brief"
    assert verdicts(ARTICLE, config, Origin("a.jsonl", "https://www.example.com/news/1"))[line][1] == "subscribe"
    assert verdicts(ARTICLE, config, Origin("a.jsonl", "example.com/x"))[line][1] == "subscribe"  # no scheme
    for url in ("https://badexample.com/news/1", "https://example.org/", "", "not a url"):
        assert verdicts(ARTICLE, config, Origin("a.jsonl", url))[line][1] != "subscribe", url


def test_a_site_with_a_path_matches_that_section_only(tmp_path):
    config = configure(
        DEFAULT_CONFIG,
        load_rules(rules_file(tmp_path, SITE_RULES.replace('"example.com"', '"https://Example.com/blog/"'))),
    )
    line = "Get the Morning Brief"
    assert verdicts(ARTICLE, config, Origin("", "https://example.com/blog/2024/x"))[line][1] == "subscribe"
    assert verdicts(ARTICLE, config, Origin("", "https://example.com/shop/x"))[line][1] != "subscribe"


def test_a_rule_scoped_to_a_path_glob_applies_to_matching_inputs(tmp_path):
    text = SITE_RULES.replace('sites = ["example.com"]', 'paths = ["example/*.txt", "/archive/**/old-*.txt"]')
    config = configure(DEFAULT_CONFIG, load_rules(rules_file(tmp_path, text)))
    line = "Get the Morning Brief"
    for path in ("example/a.txt", "crawl/example/a.txt", "archive/2020/05/old-1.txt"):
        assert verdicts(ARTICLE, config, Origin(path))[line][1] == "subscribe", path
    for path in ("example/a.html", "example/sub/a.txt", "crawl/archive/2020/old-1.txt", "other/a.txt"):
        assert verdicts(ARTICLE, config, Origin(path))[line][1] != "subscribe", path


def test_the_origin_defaults_to_the_source_path(tmp_path):
    config = configure(
        DEFAULT_CONFIG,
        load_rules(rules_file(tmp_path, SITE_RULES.replace('sites = ["example.com"]', 'paths = ["example/*"]'))),
    )
    assert not clean_document(ARTICLE, "example/a.txt", config).verdicts[2].keep
    assert clean_document(ARTICLE, "other/a.txt", config).verdicts[2].reason != "subscribe"


# ------------------------------------------------------------------ disabled reasons


def test_a_disabled_reason_keeps_its_lines_and_says_so(tmp_path):
    config = configure(DEFAULT_CONFIG, load_rules(rules_file(tmp_path, 'disable = ["taxonomy", "share"]\n')))
    doc = clean_document(ARTICLE, "doc.txt", config)
    by_text = {line.text: v for line, v in zip(doc.lines, doc.verdicts)}
    assert by_text["Tags: parks, council"].keep and by_text["Tags: parks, council"].rule == "disabled"
    assert by_text["Tags: parks, council"].evidence == "taxonomy: prefix (tags:)"
    # Without share, "Share post:" would be a heading with nothing below it: it stays kept anyway.
    assert by_text["Share post:"].keep and by_text["Share post:"].evidence.startswith("share:")
    assert doc.text.endswith("Tags: parks, council\n\nShare post:\n")
    assert "taxonomy" not in doc.dropped_by_reason() and "share" not in doc.dropped_by_reason()


def test_a_reason_disabled_by_a_scoped_rule_is_disabled_on_that_site_only(tmp_path):
    config = configure(
        DEFAULT_CONFIG,
        load_rules(
            rules_file(tmp_path, '[rules.tags-are-content]\nsites = ["blog.example.org"]\ndisable = ["taxonomy"]\n')
        ),
    )
    assert verdicts(ARTICLE, config, Origin("", "https://blog.example.org/a"))["Tags: parks, council"][0]
    assert not verdicts(ARTICLE, config, Origin("", "https://example.org/a"))["Tags: parks, council"][0]


def test_disabling_a_head_reason_keeps_the_line_in_the_text(tmp_path):
    text = "Big Day at the Lake\n\nBy Jane Doe\n\nThe lake was full of swimmers on Saturday, the warmest day of the year so far, officials said.\n"
    assert "By Jane Doe" not in clean_document(text).text
    config = configure(DEFAULT_CONFIG, load_rules(rules_file(tmp_path, 'disable = ["byline"]\n')))
    assert "By Jane Doe" in clean_document(text, config=config).text


# ------------------------------------------------------------------ thresholds


def test_thresholds_from_the_rules_file_reach_the_classifier(tmp_path):
    rules = load_rules(rules_file(tmp_path, "[thresholds]\nname_max_words = 1\nteaser_max_words = 2\n"))
    config = configure(DEFAULT_CONFIG, rules)
    assert config.thresholds == Thresholds(name_max_words=1, teaser_max_words=2)
    head = "Big Day at the Lake\n\nBy Jane Doe\n\nThe lake was full of swimmers on Saturday, the warmest day of the year so far, officials said.\n"
    assert verdicts(head)["By Jane Doe"][1] == "byline"
    assert verdicts(head, config)["By Jane Doe"][0]  # two words are no longer a name
    tail = "Lake Day\n\nThe lake was full of swimmers on Saturday, the warmest day of the year so far.\n\nRelated Posts\n\nSwimmers Return\n\nThree New Lifeguards Start Work Today\n\nA long closing sentence that follows the related block and reads like real text.\n"
    assert verdicts(tail)["Three New Lifeguards Start Work Today"][1] == "related-teaser"
    assert verdicts(tail, config)["Swimmers Return"][1] == "related-teaser"
    assert verdicts(tail, config)["Three New Lifeguards Start Work Today"][0]  # over 2 words: not a teaser


def test_no_rules_change_nothing():
    assert configure(DEFAULT_CONFIG, NO_RULES) == DEFAULT_CONFIG
    assert clean_document(ARTICLE, "a.txt", configure(DEFAULT_CONFIG, NO_RULES)) == clean_document(ARTICLE, "a.txt")


# ------------------------------------------------------------------ workers and determinism


def test_a_config_with_rules_pickles_and_gives_the_same_result(tmp_path):
    config = configure(DEFAULT_CONFIG, load_rules(rules_file(tmp_path, 'disable = ["taxonomy"]\n' + SITE_RULES)))
    copy = pickle.loads(pickle.dumps(config))
    assert copy == config and hash(copy.rules) == hash(config.rules)
    origin = Origin("a.txt", "https://example.com/")
    assert clean_document(ARTICLE, "a.txt", copy, origin) == clean_document(ARTICLE, "a.txt", config, origin)


def test_jobs_2_gives_the_same_outputs_and_manifest_as_jobs_1_with_rules(tmp_path):
    rules = rules_file(
        tmp_path, SITE_RULES + '\n[rules.keep-tags]\npaths = ["crawl-b.jsonl"]\ndisable = ["taxonomy"]\n'
    )
    for name in ("crawl-a.jsonl", "crawl-b.jsonl"):
        with (tmp_path / name).open("w", encoding="utf-8") as handle:
            for i in range(90):  # several batches of 32: the workers really run
                site = "https://www.example.com" if i % 3 == 0 else "https://other.org"
                text = ARTICLE.replace("Tuesday", f"day {i}")
                handle.write(json.dumps({"id": i, "url": f"{site}/{i}", "text": text}) + "\n")
    outs = {}
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        result = CliRunner().invoke(
            cli,
            [
                "clean",
                "-q",
                "-j",
                str(jobs),
                "--rules",
                str(rules),
                str(tmp_path / "crawl-a.jsonl"),
                str(tmp_path / "crawl-b.jsonl"),
                "-o",
                str(out),
            ],
        )
        assert result.exit_code == 0, result.output
        outs[jobs] = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert outs[1] == outs[2]
    rows = [json.loads(line) for line in outs[1]["manifest.jsonl"].decode().splitlines()]
    assert len(rows) == 180
    for row in rows:
        on_site = row["id"] % 3 == 0
        assert ("subscribe" in row["dropped_by_reason"]) == on_site, row
        assert ("taxonomy" in row["dropped_by_reason"]) == row["input"].startswith("crawl-a.jsonl"), row


def test_the_url_field_can_be_renamed(tmp_path):
    rules = rules_file(tmp_path, SITE_RULES)
    (tmp_path / "in.jsonl").write_text(
        json.dumps({"id": 1, "link": "https://example.com/a", "text": ARTICLE}) + "\n", "utf-8"
    )
    runner = CliRunner()
    for field, dropped in (("url", False), ("link", True)):
        out = tmp_path / f"out-{field}"
        result = runner.invoke(
            cli,
            [
                "clean",
                "-q",
                "-j",
                "1",
                "--rules",
                str(rules),
                "--url-field",
                field,
                str(tmp_path / "in.jsonl"),
                "-o",
                str(out),
            ],
        )
        assert result.exit_code == 0, result.output
        row = json.loads((out / "manifest.jsonl").read_text("utf-8"))
        assert ("subscribe" in row["dropped_by_reason"]) == dropped


# ------------------------------------------------------------------ commands


def test_rules_lists_built_in_and_user_rules_with_reason_language_and_source(tmp_path):
    path = rules_file(tmp_path, 'disable = ["byline"]\n' + SITE_RULES + "\n[thresholds]\nteaser_max_words = 30\n")
    result = CliRunner().invoke(cli, ["rules", "--rules", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(
        line.split()[:3] == ["share", "en", "phrase"] and line.endswith("cleaner/data/phrases/share/en.txt")
        for line in lines
    )
    assert any(
        line.split()[:3] == ["subscribe", "en", "phrase"] and f"{path}:example-brief  sites: example.com" in line
        for line in lines
    )
    assert any(
        line.startswith("byline ") and "head-byline-prefix" in line and f"(disabled by {path})" in line
        for line in lines
    )
    assert f"teaser_max_words = 30  ({path}; default 25)" in lines
    plain = CliRunner().invoke(cli, ["rules", "--entries"])
    assert plain.exit_code == 0 and "    leave a reply" in plain.output and "# user rules" not in plain.output


def test_explain_with_rules_shows_which_rule_dropped_a_line_and_what_was_kept(tmp_path):
    path = rules_file(tmp_path, SITE_RULES + '\n[rules.keep-tags]\npaths = ["*.txt"]\ndisable = ["taxonomy"]\n')
    doc = tmp_path / "doc.txt"
    doc.write_text(ARTICLE, "utf-8")
    result = CliRunner().invoke(cli, ["explain", "--rules", str(path), "--url", "https://example.com/a", str(doc)])
    assert result.exit_code == 0, result.output
    assert f"# rules: {path}: example-brief, keep-tags" in result.output
    assert f"[phrase (get the morning brief) {path}:example-brief]" in result.output
    assert "Tags: parks, council   [disabled: taxonomy: prefix (tags:)]" in result.output
    other = CliRunner().invoke(cli, ["explain", "--rules", str(path), str(doc)])
    assert "example-brief" not in other.output and f"# rules: {path}: keep-tags" in other.output


def test_clean_report_writes_the_report_with_the_runs_rules(tmp_path):
    raw = tmp_path / "raw" / "example"
    raw.mkdir(parents=True)
    (raw / "a.txt").write_text(ARTICLE, "utf-8")
    rules = rules_file(tmp_path, SITE_RULES.replace('sites = ["example.com"]', 'paths = ["example/*.txt"]'))
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["clean", "-q", "--report", "--rules", str(rules), str(tmp_path / "raw"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = (out / "report.html").read_text("utf-8")
    assert "<del>Get the Morning Brief</del>" in page and ">subscribe</span>" in page
    assert "<th>time (s)</th>" in page  # the run's own summary
    assert f'<p class=note id="rules">User rules: {rules} (example-brief)</p>' in page
    kept = rules_file(tmp_path, 'disable = ["share"]\n', "kept.toml")
    result = CliRunner().invoke(cli, ["report", str(out), "--inputs", str(tmp_path / "raw"), "--rules", str(kept)])
    assert result.exit_code == 0, result.output
    page = (out / "report.html").read_text("utf-8")
    assert 'Share post:<span class="tag kept" title="reason disabled by the rules">share (disabled)</span>' in page
    # Beside a JSONL output, with the run's rules too; to stdout there is nowhere to put it.
    beside = CliRunner().invoke(
        cli, ["clean", "-q", "--report", "--rules", str(rules), str(tmp_path / "raw"), "--output-format", "jsonl", "-o", str(tmp_path / "x.jsonl")]
    )
    assert beside.exit_code == 0 and "<del>Get the Morning Brief</del>" in (tmp_path / "x.report.html").read_text("utf-8")
    usage = CliRunner().invoke(cli, ["clean", "--report", str(tmp_path / "raw"), "-o", "-"])
    assert usage.exit_code == 2 and "--report needs -o DIR" in usage.output


def test_the_readme_example_is_a_valid_rules_file(tmp_path):
    import re

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    example = re.search(r"```toml\n(.*?)```", readme, re.S).group(1)
    rules = load_rules(rules_file(tmp_path, example))
    assert [rule.name for rule in rules.rules] == ["example-brief", "example-read-more", "tags-are-content-on-our-blog"]
    assert rules.disable == ("byline", "dateline") and rules.thresholds == (("teaser_max_words", 30),)


def test_explain_names_the_user_rule_of_a_prefix_entry(tmp_path):
    path = rules_file(tmp_path, '[rules.fr-topics]\nreason = "taxonomy"\nlang = "fr"\nphrases = ["Rubriques : {*}"]\n')
    doc = tmp_path / "doc.txt"
    doc.write_text(
        "Titre du jour\n\nUne phrase assez longue pour être le corps du texte, avec des mots ici.\n\nRubriques : Politique, Monde\n",
        "utf-8",
    )
    result = CliRunner().invoke(cli, ["explain", "--rules", str(path), str(doc)])
    assert f"Rubriques : Politique, Monde   [prefix (rubriques:) {path}:fr-topics]" in result.output


GOLDEN_INPUTS = sorted(next(case.glob("input.*")) for case in (Path(__file__).resolve().parent.parent / "golden").iterdir())


def test_with_every_reason_disabled_no_line_is_dropped():
    config = configure(DEFAULT_CONFIG, RuleSet("all.toml", (), tuple(REASONS)))
    for source in GOLDEN_INPUTS:
        doc = clean_document(source.read_bytes(), source.name, config)
        assert doc.lines_dropped == 0, source
        assert all(v.rule in ("default", "disabled") for v in doc.verdicts), source


@pytest.mark.parametrize("reason", sorted(REASONS))
def test_cleaning_stays_idempotent_with_a_disabled_reason(reason):
    config = configure(DEFAULT_CONFIG, RuleSet("r.toml", (), (reason,)))
    as_text = replace(config, format="text")
    for source in GOLDEN_INPUTS:
        doc = clean_document(source.read_bytes(), source.name, config)
        if doc.status == "ok":
            assert clean_document(doc.text, source.name, as_text).text == doc.text, source
