"""Stage 6, language: identify the language of the kept text with langdetect, deterministically.

langdetect draws random n-gram samples; `DetectorFactory.seed` fixes them, so the same
text always gets the same answer. Text with fewer than `min_letters` letters is "und"
(langdetect is confidently wrong on short strings), and so is text langdetect cannot read
(it raises on input without letters). The probability is rounded to 3 places.
"""

from __future__ import annotations

from cleaner.types import Language

UNDETERMINED = Language("und", 0.0)


def detect_language(text: str, min_letters: int = 20, max_chars: int = 2000) -> Language:
    """The language of `text`.

    >>> detect_language("Ceci est un texte assez long pour être reconnu sans hésitation.").code
    'fr'
    >>> detect_language("12:30 !!!")
    Language(code='und', prob=0.0)
    """
    sample = text[:max_chars]
    if sum(ch.isalpha() for ch in sample) < min_letters:
        return UNDETERMINED
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return UNDETERMINED
    return Language(best.lang, round(best.prob, 3))
