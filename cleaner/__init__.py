"""cleaner: turn scraped web text into clean article text, with a reason for every removed line.

    >>> from cleaner import clean
    >>> result = clean("My Title\\n\\nA real sentence about the topic at hand, long enough.\\n\\nShare post:")
    >>> result.text
    'My Title\\n\\nA real sentence about the topic at hand, long enough.\\n'
    >>> [(v.keep, v.reason) for v in result.verdicts]
    [(True, 'content'), (True, 'content'), (False, 'share')]
"""

from __future__ import annotations

from cleaner.config import CleanConfig
from cleaner.pipeline import clean_document
from cleaner.reasons import REASONS
from cleaner.types import Document, Language, Line, Metadata, Verdict

__version__ = "0.1.0"

clean = clean_document

__all__ = [
    "CleanConfig",
    "Document",
    "Language",
    "Line",
    "Metadata",
    "REASONS",
    "Verdict",
    "__version__",
    "clean",
    "clean_document",
]
