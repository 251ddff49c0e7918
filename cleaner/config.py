"""The one configuration object of a cleaning run.

Frozen: override a field with `dataclasses.replace(config, field=value)`. CLI options carry
the same names as these fields (`--format` -> `format`).
"""

from __future__ import annotations

from dataclasses import dataclass


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
    """

    format: str = "auto"
    min_lang_letters: int = 20
    lang_max_chars: int = 2000
    max_bytes: int = 2 * 1024 * 1024
    time_limit: float = 60.0


DEFAULT_CONFIG = CleanConfig()
