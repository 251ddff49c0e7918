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
    """

    format: str = "auto"
    min_lang_letters: int = 20
    lang_max_chars: int = 2000


DEFAULT_CONFIG = CleanConfig()
