"""User rules: a TOML file (`--rules FILE`) that adds phrases and patterns, disables reasons
and sets the classifier's thresholds, without editing the package.

    # rules.toml
    disable = ["byline"]                 # reasons whose lines are kept, in every document

    [thresholds]                         # cleaner.config.Thresholds
    teaser_max_words = 30

    [rules.example-news-promo]           # a rule; its name is the key after "rules."
    reason = "subscribe"                 # a code of cleaner.reasons.REASONS
    lang = "en"                          # optional: the language of the phrases
    phrases = ["Get the Morning Brief", "Sponsored by {*}"]   # data-file syntax
    patterns = ['Read more at example\\.com.{0,80}']         # anchored regexes
    sites = ["example.com"]              # optional scope: the document's URL host (JSONL "url")
    paths = ["example/**"]               # optional scope: a glob on the input path

    [rules.keep-tags-on-blog]
    sites = ["blog.example.org"]
    disable = ["taxonomy"]               # disabled for that site only

A rule applies to every document when it has no `sites` and no `paths`, else to the
documents that match one of them. `load_rules` checks everything on load and raises
`RulesError` naming the file, the rule and every problem. The result, a `RuleSet`, is plain
data (strings and tuples): it travels in `CleanConfig` to worker processes, and the lexicon a
document needs is compiled there, once per process for each combination of rules
(`lexicon_for`).

A disabled reason's lines are kept: the classifier never drops a line for it, and its
passes treat such a line as kept content (`KeepDisabled`). `cleaner explain` shows them as
KEEP with the rule `disabled`.
"""

from __future__ import annotations

import difflib
import re
import time
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from cleaner.lexicons import (
    MAX_PHRASE_LINE_WORDS,
    PREFIX_ANY_MARK,
    PREFIX_MARK,
    Lexicon,
    default_lexicon,
    extended,
    key,
    light,
)
from cleaner.reasons import REASONS
from cleaner.types import KEEP, Verdict

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, installed as tomli (setup.cfg)
    try:
        import tomli as tomllib
    except ModuleNotFoundError:
        tomllib = None

try:
    import re._parser as _sre
except ImportError:  # Python 3.10
    import sre_parse as _sre  # noqa: F401 - deprecated alias, same module

TOP_KEYS = ("disable", "thresholds", "rules")
RULE_KEYS = ("reason", "lang", "phrases", "patterns", "sites", "paths", "disable")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_LANG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*")
THRESHOLD_MAX = 1000

# A repeat of more than this many times is "large": a large repeat of something that itself
# repeats can backtrack catastrophically ((a+)+, (?:\w+\s?){1,50}).
LARGE_REPEAT = 10
# Each pattern is also run against adversarial lines of growing length; one match taking
# longer than this (twice, to rule out a busy machine) rejects it. A linear pattern needs
# well under a millisecond for the longest line.
PATTERN_BUDGET_S = 0.1
_PUMP_LENGTHS = (4, 8, 12, 16, 20, 24, 256, 2048, 8192)
_PUMP_CHARS = "aA0 .-_,:/\t"
# A pattern that matches both of these matches any line: certainly a mistake.
_ANY_LINE = ("x", "An ordinary sentence of an article, with words and numbers like 42.")


class RulesError(ValueError):
    """A rules file that cannot be used. The message names the file and every problem, one
    per line, each with the rule (or section) it is in."""


@dataclass(frozen=True, slots=True)
class UserRule:
    """One `[rules.NAME]` table. `reason` is "" for a rule that only disables reasons."""

    name: str
    reason: str = ""
    lang: str = ""
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()

    @property
    def scoped(self) -> bool:
        return bool(self.sites or self.paths)

    def applies_to(self, origin: Origin) -> bool:
        """Whether the rule applies to a document from `origin`.

        >>> rule = UserRule("r", sites=("example.com",), paths=("example/*.txt",))
        >>> rule.applies_to(Origin("a.jsonl:3", "https://www.example.com/x")), rule.applies_to(Origin("raw/example/b.txt"))
        (True, True)
        >>> rule.applies_to(Origin("other/b.txt", "https://notexample.com/"))
        False
        """
        if not self.scoped:
            return True
        return any(site_matches(site, origin.url) for site in self.sites) or any(
            _glob(glob).match(origin.path) for glob in self.paths
        )


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a document comes from, for scoped rules: its input path (as the manifest names
    it, or as given to `cleaner explain`; a JSONL document's is its file's) and its URL
    (the JSONL `url` field), "" when unknown."""

    path: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The rules of one file: plain data, hashable and picklable.

    - `source`: the file, as given; "" for no rules.
    - `rules`: the `[rules.NAME]` tables, in file order.
    - `disable`: reasons disabled for every document.
    - `thresholds`: `(name, value)` overrides of `cleaner.config.Thresholds`, in file order
      (`configure` applies them to a `CleanConfig`).
    """

    source: str = ""
    rules: tuple[UserRule, ...] = ()
    disable: tuple[str, ...] = ()
    thresholds: tuple[tuple[str, int], ...] = ()

    def active(self, origin: Origin) -> tuple[int, ...]:
        """Indices of the rules that apply to a document from `origin`."""
        return tuple(i for i, rule in enumerate(self.rules) if rule.applies_to(origin))

    def disabled(self, active: tuple[int, ...]) -> frozenset[str]:
        """The reasons disabled for a document to which the rules `active` apply."""
        return frozenset(self.disable).union(*(self.rules[i].disable for i in active))

    def origin_of(self, verdict: Verdict, active: tuple[int, ...]) -> str:
        """ "FILE:NAME" of the user rule whose phrase or pattern gave `verdict`, else "".

        Evidence is what the lexicon reports: the key form of the phrases ("a + b"), the
        prefix, or the pattern (`cleaner.lexicons.Match`)."""
        if verdict.rule not in ("phrase", "phrase-neighbour", "prefix", "pattern", "scoped"):
            return ""
        pieces = set(verdict.evidence.split(" + "))
        for i in active:
            rule = self.rules[i]
            if rule.reason != verdict.reason and verdict.rule != "phrase-neighbour":
                continue
            if verdict.rule == "pattern":
                if verdict.evidence in rule.patterns:
                    return f"{self.source}:{rule.name}"
                continue
            for entry in rule.phrases:
                prefix = entry.endswith((PREFIX_MARK, PREFIX_ANY_MARK))
                stem = entry.removesuffix(PREFIX_ANY_MARK).removesuffix(PREFIX_MARK)
                if (prefix and light(stem).strip().lower() in pieces) or (not prefix and key(entry) in pieces):
                    return f"{self.source}:{rule.name}"
        return ""


NO_RULES = RuleSet()


def lexicon_for(rules: RuleSet, active: tuple[int, ...]) -> Lexicon:
    """The built-in lexicon plus the phrases and patterns of the rules `active`."""
    if not any(rules.rules[i].phrases or rules.rules[i].patterns for i in active):
        return default_lexicon()
    return _lexicon(rules, active)


@lru_cache(maxsize=64)
def _lexicon(rules: RuleSet, active: tuple[int, ...]) -> Lexicon:
    chosen = [rules.rules[i] for i in active]
    entries = [(phrase, rule.reason) for rule in chosen for phrase in rule.phrases]
    patterns = [(pattern, rule.reason) for rule in chosen for pattern in rule.patterns]
    return extended(default_lexicon(), entries, patterns)


class KeepDisabled(list):
    """The classifier's working list of verdicts (None = not decided), minus the disabled
    reasons: a verdict of a disabled reason is not stored, and the line stays kept whatever
    a later pass says. `final()` gives the verdicts, those lines as KEEP with rule
    "disabled" and the verdict they escaped as evidence.

    It is the one place where disabling happens, so every pass of the classifier, present
    or future, honours it without knowing about it, as long as it assigns one index at a
    time (`verdicts[i] = ...`, as all passes do); slice assignment is refused.

    >>> v = KeepDisabled([Verdict(False, "share", "phrase", "share post"), None], frozenset({"share"}))
    >>> v[1] = Verdict(False, "dangling-heading", "no-content-below")
    >>> v[0] = Verdict(False, "dangling-heading", "no-content-below")
    >>> [(x.keep, x.reason, x.rule) for x in v.final()]
    [(True, 'content', 'disabled'), (False, 'dangling-heading', 'no-content-below')]
    """

    def __init__(self, verdicts, disabled: frozenset[str]):
        self.disabled = disabled
        self.escaped: dict[int, Verdict] = {}
        if not disabled:  # nothing to hold back: what `self[i] = verdict` would store
            super().__init__(verdicts)
            return
        super().__init__([None] * len(verdicts))
        for i, verdict in enumerate(verdicts):
            self[i] = verdict

    def __setitem__(self, i, verdict) -> None:
        if not isinstance(i, int) or i < 0:
            raise TypeError("verdicts are assigned one non-negative index at a time")
        if i in self.escaped:
            return
        if verdict is not None and verdict.reason in self.disabled:
            self.escaped[i] = verdict
            verdict = None
        super().__setitem__(i, verdict)

    def final(self) -> tuple[Verdict, ...]:
        if not self.escaped:
            return tuple([KEEP if verdict is None else verdict for verdict in self])
        out = []
        for i, verdict in enumerate(self):
            if i in self.escaped:
                seen = self.escaped[i]
                out.append(
                    Verdict(
                        True,
                        "content",
                        "disabled",
                        f"{seen.reason}: {seen.rule}" + (f" ({seen.evidence})" if seen.evidence else ""),
                    )
                )
            else:
                out.append(KEEP if verdict is None else verdict)
        return tuple(out)


class Verdicts(list):
    """The classifier's working list of verdicts when no reason is disabled: `list`'s own
    item assignment (`KeepDisabled`'s is a Python call, for nothing to hold back then) and
    the same `final()`.

    >>> v = working_verdicts([None, Verdict(False, "share", "phrase")], frozenset())
    >>> type(v).__name__, [x.reason for x in v.final()]
    ('Verdicts', ['content', 'share'])
    >>> type(working_verdicts([None], frozenset({"share"}))).__name__
    'KeepDisabled'
    """

    def final(self) -> tuple[Verdict, ...]:
        return tuple([KEEP if verdict is None else verdict for verdict in self])


def working_verdicts(verdicts, disabled: frozenset[str]) -> list:
    """The working list of verdicts for the classifier's passes: `KeepDisabled` when a reason
    is disabled, else `Verdicts`."""
    return KeepDisabled(verdicts, disabled) if disabled else Verdicts(verdicts)


# ------------------------------------------------------------------ scopes


def site_matches(site: str, url: str) -> bool:
    """Whether `url` is on `site`: a host (its subdomains too), optionally with a path prefix.

    >>> site_matches("example.com", "https://news.example.com/a"), site_matches("example.com/blog", "http://example.com/blog/x")
    (True, True)
    >>> site_matches("example.com", "https://badexample.com/"), site_matches("example.com/blog", "https://example.com/shop")
    (False, False)
    """
    if not url:
        return False
    host, _, path = site.partition("/")
    try:
        parts = urlsplit(url if "//" in url else "//" + url)
        url_host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return False
    if url_host != host and not url_host.endswith("." + host):
        return False
    return not path or (parts.path or "/").startswith("/" + path)


@lru_cache(maxsize=256)
def _glob(glob: str) -> re.Pattern[str]:
    """A path glob as a regex: `*` and `?` stay within a path segment, `**` crosses them. A
    glob starting with "/" is anchored at the start of the path; any other matches whole
    trailing segments ("example/*.txt" matches "raw/example/a.txt").

    >>> bool(_glob("*.html").match("a/b/c.html")), bool(_glob("b/*.html").match("a/b/c.html"))
    (True, True)
    >>> bool(_glob("/b/*.html").match("a/b/c.html")), bool(_glob("a/*.html").match("a/b/c.html"))
    (False, False)
    >>> bool(_glob("a/**/*.html").match("a/b/c/d.html")), bool(_glob("a/**").match("x/a/b"))
    (True, True)
    """
    body = glob.lstrip("/")
    out, i = [], 0
    while i < len(body):
        if body.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif body.startswith("**", i):
            out.append(".*")
            i += 2
        elif body[i] == "*":
            out.append("[^/]*")
            i += 1
        elif body[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(body[i]))
            i += 1
    start = "" if glob.startswith("/") else "(?:[^/]*/)*"
    return re.compile(start + "".join(out) + r"\Z")


# ------------------------------------------------------------------ loading and checking


def load_rules(path: str | Path) -> RuleSet:
    """Read and check a rules file. Raises `RulesError` (never anything else) if it cannot
    be used."""
    if tomllib is None:
        raise RulesError(f"{path}: rules files need Python 3.11 or newer (tomllib)")
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except OSError as error:
        raise RulesError(f"{path}: cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise RulesError(f"{path}: not UTF-8 (byte {error.start})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesError(f"{path}: not valid TOML: {error}") from None
    return parse_rules(data, str(path))


def parse_rules(data: dict, source: str) -> RuleSet:
    """The `RuleSet` of parsed TOML `data` from `source`; `RulesError` lists every problem.

    >>> parse_rules({"disable": ["share"], "rules": {"x": {"reason": "taxonomy", "phrases": ["Topics:"]}}}, "r.toml").disable
    ('share',)
    >>> parse_rules({"rules": {"x": {"reason": "shares", "phrases": ["Topics"]}}}, "r.toml")
    Traceback (most recent call last):
    ...
    cleaner.rules.RulesError: r.toml: 1 problem:
      [rules.x] reason: unknown reason "shares" (did you mean "share"?)
    """
    problems: list[str] = []
    for name in data:
        if name not in TOP_KEYS:
            problems.append(_unknown_key("", name, TOP_KEYS))
    disable = _reasons(data.get("disable", []), "disable", problems)
    thresholds = _thresholds(data.get("thresholds", {}), problems)
    rules: list[UserRule] = []
    tables = data.get("rules", {})
    if not isinstance(tables, dict):
        problems.append(f"rules: must be tables [rules.NAME], not {_kind(tables)}")
        tables = {}
    for name, table in tables.items():
        rule = _rule(name, table, problems)
        if rule is not None:
            rules.append(rule)
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        raise RulesError(f"{source}: {count}:\n" + "\n".join(f"  {p}" for p in problems))
    return RuleSet(source, tuple(rules), disable, thresholds)


def configure(config, rules: RuleSet):
    """`config` (a `CleanConfig`) with `rules` and their thresholds."""
    from dataclasses import replace

    return replace(config, rules=rules, thresholds=replace(config.thresholds, **dict(rules.thresholds)))


def _rule(name: str, table, problems: list[str]) -> UserRule | None:
    where = f"[rules.{name}]"
    if not _NAME.fullmatch(name):
        problems.append(f"{where} name: use letters, digits, '.', '_' and '-' (at most 64)")
    if not isinstance(table, dict):
        problems.append(f"{where} must be a table, not {_kind(table)}")
        return None
    before = len(problems)
    for field_name in table:
        if field_name not in RULE_KEYS:
            problems.append(_unknown_key(where, field_name, RULE_KEYS))
    reason = table.get("reason", "")
    if not isinstance(reason, str):
        problems.append(f"{where} reason: must be a string, not {_kind(reason)}")
        reason = ""
    elif reason and reason not in REASONS:
        problems.append(f"{where} reason: {_unknown_reason(reason)}")
    lang = table.get("lang", "")
    if not isinstance(lang, str) or (lang and not _LANG.fullmatch(lang)):
        problems.append(f'{where} lang: must be a language code such as "en" or "pt-br", not {_show(lang)}')
    phrases = _strings(table, "phrases", where, problems)
    for n, phrase in enumerate(phrases):
        problem = phrase_problem(phrase)
        if problem:
            problems.append(f"{where} phrases[{n}] {_show(phrase)}: {problem}")
    patterns = _strings(table, "patterns", where, problems)
    for n, pattern in enumerate(patterns):
        problem = pattern_problem(pattern)
        if problem:
            problems.append(f"{where} patterns[{n}] {_show(pattern)}: {problem}")
    sites = []
    for n, site in enumerate(_strings(table, "sites", where, problems)):
        normal = _site(site)
        if normal is None:
            problems.append(
                f'{where} sites[{n}] {_show(site)}: not a host name with an optional path ("example.com", "example.com/blog")'
            )
        else:
            sites.append(normal)
    paths = _strings(table, "paths", where, problems)
    for n, glob in enumerate(paths):
        if not glob.strip("/") or "\\" in glob or "\n" in glob:
            problems.append(f'{where} paths[{n}] {_show(glob)}: not a path glob ("example/*.txt", "crawl/**")')
    disable = _reasons(table.get("disable", []), f"{where} disable", problems)
    if len(problems) == before:  # what the rule is made of, once its parts are right
        if (phrases or patterns) and not reason:
            problems.append(f"{where}: phrases and patterns need a reason")
        elif reason and not (phrases or patterns):
            problems.append(f"{where}: has a reason but no phrases or patterns")
        elif not (phrases or patterns or disable):
            problems.append(f"{where}: does nothing (give phrases, patterns or disable)")
    if len(problems) > before:
        return None
    return UserRule(name, reason, lang, tuple(phrases), tuple(patterns), tuple(sites), tuple(paths), disable)


def _thresholds(table, problems: list[str]) -> tuple[tuple[str, int], ...]:
    from cleaner.config import Thresholds

    if not isinstance(table, dict):
        problems.append(f"thresholds: must be a table [thresholds], not {_kind(table)}")
        return ()
    names = tuple(f.name for f in fields(Thresholds))
    out = []
    for name, value in table.items():
        if name not in names:
            problems.append(_unknown_key("[thresholds]", name, names))
        elif isinstance(value, bool) or not isinstance(value, int):
            problems.append(f"[thresholds] {name}: must be a whole number, not {_kind(value)}")
        elif not 0 <= value <= THRESHOLD_MAX:
            problems.append(f"[thresholds] {name}: must be between 0 and {THRESHOLD_MAX}, not {value}")
        else:
            out.append((name, value))
    return tuple(out)


def _reasons(value, where: str, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{where}: must be a list of reasons, not {_kind(value)}")
        return ()
    out = []
    for reason in value:
        if reason not in REASONS:
            problems.append(f"{where}: {_unknown_reason(reason)}")
        elif reason not in out:
            out.append(reason)
    return tuple(out)


def _strings(table: dict, name: str, where: str, problems: list[str]) -> list[str]:
    value = table.get(name, [])
    if isinstance(value, str):
        problems.append(f"{where} {name}: must be a list of strings ({name} = [{_show(value)}]), not a string")
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{where} {name}: must be a list of strings, not {_kind(value)}")
        return []
    return value


def phrase_problem(phrase: str) -> str:
    """What is wrong with a phrase entry, or "".

    >>> phrase_problem("Get the Morning Brief"), phrase_problem("Sponsored by {*}")
    ('', '')
    >>> phrase_problem("***")
    'has no words (matching ignores punctuation and symbols)'
    """
    stem = phrase.removesuffix(PREFIX_ANY_MARK).removesuffix(PREFIX_MARK)
    if not key(stem):
        return "has no words (matching ignores punctuation and symbols)"
    if stem == phrase and len(key(phrase).split()) > MAX_PHRASE_LINE_WORDS:
        return f"has more than {MAX_PHRASE_LINE_WORDS} words: lines that long are never phrase residue"
    if "\n" in phrase:
        return "must be one line"
    return ""


def pattern_problem(pattern: str) -> str:
    """What is wrong with a user pattern, or "": it must compile, must not nest quantifiers
    under a large repeat, must not match any line, and must stay fast on adversarial lines.

    >>> pattern_problem(r"Read more at example\\.com.{0,80}")
    ''
    >>> pattern_problem("(a+)+b")
    'nested quantifier: a group repeated without bound (or over 10 times) contains another quantifier, as in (a+)+; it can backtrack catastrophically'
    >>> pattern_problem("[a-")
    'not a valid regular expression: unterminated character set at position 0'
    """
    try:
        compiled = re.compile(pattern, re.I)
        tree = _sre.parse(pattern, re.I)
    except (re.error, OverflowError, RecursionError) as error:
        return f"not a valid regular expression: {error}"
    if _nested(tree):
        return (
            "nested quantifier: a group repeated without bound (or over 10 times) contains another "
            "quantifier, as in (a+)+; it can backtrack catastrophically"
        )
    if all(compiled.fullmatch(line) for line in _ANY_LINE):
        return "matches any line (patterns are matched against the whole line)"
    slow = _slow_line(compiled, _leading_literal(tree), _literal_text(tree))
    if slow:
        return f"too slow: over {PATTERN_BUDGET_S}s on the {len(slow)}-character line {slow[:24]!r}...; it backtracks"
    return ""


def _is_large(maximum: int) -> bool:
    return maximum == _sre.MAXREPEAT or maximum > LARGE_REPEAT


def _repeats(op) -> bool:
    return op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT))


def _children(op, av) -> list:
    """The sub-patterns of one parsed item."""
    if _repeats(op):
        return [av[2]]
    if op == _sre.SUBPATTERN:
        return [av[3]]
    if op == _sre.BRANCH:
        return list(av[1])
    if op in (_sre.ASSERT, _sre.ASSERT_NOT):
        return [av[1]]
    if op == getattr(_sre, "ATOMIC_GROUP", None):
        return [av]
    if op == _sre.GROUPREF_EXISTS:
        return [p for p in av[1:] if p is not None]
    return []


def _has_repeat(tree) -> bool:
    for op, av in tree:
        if _repeats(op) and av[1] > 1:
            return True
        if any(_has_repeat(child) for child in _children(op, av)):
            return True
    return False


def _nested(tree) -> bool:
    """Whether a large repeat contains another repeat (of more than one), anywhere in it.

    >>> _nested(_sre.parse(r"(?:\\d{1,3}\\.){3}")), _nested(_sre.parse("(?:spot_img){1,50}")), _nested(_sre.parse(r"(\\w+\\s?)*"))
    (False, False, True)
    """
    for op, av in tree:
        if _repeats(op) and _is_large(av[1]) and _has_repeat(av[2]):
            return True
        if any(_nested(child) for child in _children(op, av)):
            return True
    return False


def _literal_text(tree) -> str:
    """The literal characters of a pattern, in order (a pump string for the time test)."""
    out = []
    for op, av in tree:
        if op == _sre.LITERAL:
            out.append(chr(av))
        for child in _children(op, av):
            out.append(_literal_text(child))
    return "".join(out)


def _slow_line(compiled: re.Pattern[str], prefix: str, literals: str) -> str:
    """An adversarial line on which `compiled` takes over the budget, else "". Lines: the
    pattern's literal prefix, then one character (or the literal text) repeated, then a
    character no pattern expects. Lengths grow slowly first, so that an exponential pattern
    is caught on a short line before a longer one hangs."""
    pumps = [*dict.fromkeys(_PUMP_CHARS + literals[:16])]
    if literals:
        pumps.append(literals[:32])
    for length in _PUMP_LENGTHS:
        for pump in pumps:
            line = prefix + pump * max(1, length // len(pump)) + "\x00"
            for _ in range(2):
                start = time.perf_counter()
                compiled.fullmatch(line)
                if time.perf_counter() - start <= PATTERN_BUDGET_S:
                    break
            else:
                return line
    return ""


def _leading_literal(tree) -> str:
    """The literal text a pattern starts with ("Read more at " of "Read more at .*")."""
    out = []
    for op, av in tree:
        if op != _sre.LITERAL:
            break
        out.append(chr(av))
    return "".join(out)


def _site(site: str) -> str | None:
    """A `sites` entry in its normal form (no scheme, host lowercased, no "*." and no
    trailing "/"), or None if it is not a host with an optional path.

    >>> _site("https://Example.COM/blog/"), _site("*.example.org"), _site("not a host")
    ('example.com/blog', 'example.org', None)
    """
    text = site.strip()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text, flags=re.I)
    host, slash, path = text.partition("/")
    host = host.lower().rstrip(".")
    if host.startswith("*."):
        host = host[2:]
    if not _HOST.fullmatch(host) or any(c.isspace() for c in path):
        return None
    path = path.strip("/")
    return f"{host}/{path}" if path else host


def _unknown_key(where: str, name: str, known) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    hint = f' (did you mean "{close[0]}"?)' if close else f" (known: {', '.join(known)})"
    return f"{where + ' ' if where else ''}{name}: unknown key{hint}"


def _unknown_reason(reason: str) -> str:
    close = difflib.get_close_matches(reason, REASONS, n=1)
    hint = f'did you mean "{close[0]}"?' if close else "see `cleaner rules` or README.md for the reasons"
    return f'unknown reason "{reason}" ({hint})'


def _kind(value) -> str:
    return {
        dict: "a table",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# ------------------------------------------------------------------ listing (`cleaner rules`)

# The classifier's own rules that drop lines without a data file of phrases: (rule, reason,
# where). Kept beside `listing` so that `cleaner rules` shows every way a line can go.
BUILTIN_PASSES = (
    ("source-prefix", "source-attribution", "cleaner/classify.py:line_rules, data/lists/source-prefixes.txt"),
    ("head-dateline", "dateline", "cleaner/classify.py:head_rules, cleaner/dates.py"),
    ("head-byline-prefix", "byline", "cleaner/classify.py:head_rules, data/lists/byline-prefixes.txt"),
    ("head-byline-name", "byline", "cleaner/classify.py:head_rules"),
    ("repeated-title", "duplicate-title", "cleaner/classify.py:duplicate_title"),
    ("tail-zone", "related-teaser", "cleaner/classify.py:tail_zone"),
    ("no-content-below", "dangling-heading", "cleaner/classify.py:dangling_headings"),
)


def listing(rules: RuleSet, entries: bool = False) -> list[str]:
    """The lines `cleaner rules` prints: built-in data files, classifier passes, user rules,
    disabled reasons and thresholds, each rule with its reason, language and source."""
    from cleaner.config import Thresholds
    from cleaner.lexicons import builtin_files

    width = max(len(r) for r in REASONS)
    off = set(rules.disable)

    def row(reason: str, lang: str, kind: str, count: str, source: str) -> str:
        note = f"  (disabled by {rules.source})" if reason in off else ""
        return f"{reason:<{width}}  {lang or '-':<5}  {kind:<18}  {count:>7}  {source}{note}"

    out = ["# built-in phrases and patterns", row("reason", "lang", "rule", "entries", "source").rstrip()]
    for reason, lang, path, items in builtin_files():
        out.append(
            row(
                reason,
                lang,
                "pattern" if path.startswith("data/patterns") else "phrase",
                str(len(items)),
                f"cleaner/{path}",
            )
        )
        out.extend(f"    {item}" for item in items if entries)
    out.append("# built-in classifier passes")
    out.extend(row(reason, "", rule, "", where) for rule, reason, where in BUILTIN_PASSES)
    if rules.source:
        out.append(f"# user rules ({rules.source})")
        for rule in rules.rules:
            scope = _scope(rule)
            for kind, items in (("phrase", rule.phrases), ("pattern", rule.patterns)):
                if items:
                    out.append(row(rule.reason, rule.lang, kind, str(len(items)), f"{rules.source}:{rule.name}{scope}"))
                    out.extend(f"    {item}" for item in items if entries)
    disabled = [(reason, rules.source, "every document") for reason in rules.disable]
    disabled += [
        (reason, f"{rules.source}:{rule.name}", _scope(rule).strip()) for rule in rules.rules for reason in rule.disable
    ]
    if disabled:
        out.append("# disabled reasons (their lines are kept)")
        out.extend(f"{reason:<{width}}  {source}  {scope}" for reason, source, scope in disabled)
    out.append("# thresholds")
    changed = dict(rules.thresholds)
    for field_ in fields(Thresholds):
        value = changed.get(field_.name, field_.default)
        out.append(
            f"{field_.name} = {value}"
            + (f"  ({rules.source}; default {field_.default})" if field_.name in changed else "")
        )
    return out


def _scope(rule: UserRule) -> str:
    parts = []
    if rule.sites:
        parts.append("sites: " + ", ".join(rule.sites))
    if rule.paths:
        parts.append("paths: " + ", ".join(rule.paths))
    return "  " + "; ".join(parts) if parts else ""
