"""The one configuration object of a cleaning run.

Frozen: override a field with `dataclasses.replace(config, field=value)`. CLI options carry
the same names as these fields (`--format` -> `format`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaner.rules import NO_RULES, RuleSet


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The classifier's thresholds (`cleaner.classify`), named for what they measure. A rules
    file can change them (`[thresholds]`, see `cleaner.rules`).

    - `body_min_words`: a body paragraph has at least this many words and ends like a
      sentence; the head zone is everything before the first one...
    - `head_max_lines`: ...but never more than this many kept lines.
    - `heading_max_words`: a heading has at most this many words and does not end like a
      sentence.
    - `teaser_max_words`: a teaser headline in the tail zone has at most this many words.
    - `attribution_max_words`: a "Source: ..." line names at most this many words.
    - `name_max_words`: a byline names a person in at most this many words.
    """

    body_min_words: int = 12
    head_max_lines: int = 8
    heading_max_words: int = 15
    teaser_max_words: int = 25
    attribution_max_words: int = 25
    name_max_words: int = 5


DEFAULT_THRESHOLDS = Thresholds()

from cleaner.context import MAX_CONTEXT_SHARE


@dataclass(frozen=True, slots=True)
class CleanConfig:
    """Settings of `clean_document`.

    - `format`: "auto" (sniff HTML by content), "html" or "text".
    - `min_lang_letters`: below this many letters in the kept text the language is "und";
      langdetect is unreliable on short text ("Date:" comes out as Afrikaans).
    - `lang_max_chars`: language detection reads at most this many characters of kept text.
    - `max_bytes`: larger input (bytes; a str counts its UTF-8 length) is not cleaned: the
      document gets status "too-large" and says its size. 0 means no limit. Time and memory
      grow with the page, trafilatura's faster than the page: 2 MB of link-dense `<div>`s
      took 37 s and 0.46 GB more memory, one 50 MB line of plain text 34 s and 1.7 GB more
      (a shared 2-core machine; tests/adversarial/README.md). 2 MiB is ten times a large
      article page and keeps one worker well under 1 GB.
    - `time_limit`: seconds `cleaner.guard.clean_guarded` gives one document before it stops
      it with status "timeout" (trafilatura can run for minutes on some pages). 0 means no
      limit. `clean_document` itself has none; `cleaner clean --timeout` sets it, and its
      worker processes are killed when stuck in C past it (`cleaner.runner`).
    - `metadata`: how HTML metadata is found (`cleaner.htmlmeta`): "fast", what the page
      declares (meta tags, JSON-LD, `<title>`; the date without htmldate's extensive
      search); "full", trafilatura's complete metadata extraction, about 1.2x the time per
      HTML page (measured on 120 development pages).
    - `thresholds`: the classifier's thresholds (`Thresholds`).
    - `rules`: user rules (`cleaner.rules.RuleSet`, from a `--rules` file): extra phrases
      and patterns, scoped to sites or paths or not, and disabled reasons. Plain data, so the
      config still pickles to worker processes.
    - `boilerplate`: hashes (`cleaner.boilerplate.line_hash`) of the lines that recur in many
      documents of the corpus being cleaned, from pass 1 of a corpus run; empty (the
      default, and for a single document) turns the `repeated-boilerplate` rule off. It
      travels in the config so that every caller of `clean_document` (workers, the time
      guard, a cluster) passes it without a new argument.
    - `max_context_share`: the safety valve of the line classifier (`cleaner.context`):
      when its context rules would remove more than this share of the words the phrase
      rules left, the uncertain lines stay and the document is flagged "safety-valve" in
      the manifest. 1.0 turns the valve off.
    - `context`: judge lines by the text around them too, with the line classifier
      (`cleaner.context`: each line's class from its length, stopwords and links, revised by
      its neighbours; article zones; site notices). False (`cleaner clean --no-context`)
      keeps the phrase rules, the head, title, tail-zone, dangling-heading and corpus rules,
      and skips the line classifier's work, about a third of a text document's time.
      Measured on the development set (`cleaner clean --jobs 2`, 804 pages per tier), F1
      page / container: 0.902 / 0.930 with it, 0.834 / 0.896 without; recall 0.966 / 0.964
      against 0.991 / 0.985. Speed against the naive floor of `make bench` (paired runs on
      its 201-document sample): 3.57x with it, 5.81x without.
    """

    format: str = "auto"
    min_lang_letters: int = 20
    lang_max_chars: int = 2000
    max_bytes: int = 2 * 1024 * 1024
    time_limit: float = 60.0
    metadata: str = "fast"
    thresholds: Thresholds = DEFAULT_THRESHOLDS
    rules: RuleSet = field(default=NO_RULES, repr=False)
    boilerplate: frozenset[int] = field(default=frozenset(), repr=False)
    max_context_share: float = MAX_CONTEXT_SHARE
    context: bool = True


DEFAULT_CONFIG = CleanConfig()
