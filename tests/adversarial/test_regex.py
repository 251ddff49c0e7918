"""Every regular expression the package compiles, against long adversarial lines: none may
backtrack catastrophically (exponential or quadratic time in the line's length).

The patterns are found, not listed: compiled pattern objects among the globals of every
`cleaner` module (and inside the objects and tuples there, and what their cached zero-argument
builders return), the lexicon's patterns from cleaner/data/patterns, and every pattern that
`cleaner` code compiles while it cleans the golden inputs (`re._compile` watched), which also
catches `re.split(r"...", text)` inline. Each pattern meets 100,000-character lines made of
what nearly matches: repeated single characters, the literal words in the pattern itself, and
those with a non-matching character at the end. A linear search takes milliseconds; the bound
is a second per call.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
import time
from pathlib import Path

import pytest

import cleaner
from cleaner.guard import DocumentTimeout, run_with_time_limit
from cleaner.lexicons import default_lexicon
from cleaner.pipeline import clean_document

LENGTH = 100_000
SECONDS = 1.0  # for a call on a line of LENGTH / 10 characters, per PATTERN_CHARS of pattern
# A search tries every alternative at every position: a linear scan costs time in proportion to
# the pattern's length too (the joined lexicon patterns are thousands of characters long, and a
# search over 10,000 spaces took 0.5 s on a loaded two-core machine). Exponential backtracking
# still takes far longer than this budget.
PATTERN_CHARS = 1000
GROWTH = 30  # a line ten times longer may take this many times longer (linear: ~10, quadratic: ~100)
GOLDEN = Path(__file__).resolve().parents[2] / "golden"
# Building blocks of lines that nearly match something, besides the pattern's own words and
# punctuation: spaces, word characters, digits, and a few characters that recur in web text.
PIECES = [" ", "a", "A", "1", ".", "a ", "1.", "\ufffd", "&amp;", "<div>", "http://a", "Ã©"]


def _modules():
    for info in pkgutil.walk_packages(cleaner.__path__, "cleaner."):
        yield importlib.import_module(info.name)


def _patterns_in(value, depth: int = 0):
    if isinstance(value, re.Pattern):
        yield value
    elif depth < 2 and isinstance(value, (list, tuple, set, frozenset)):
        for element in value:
            yield from _patterns_in(element, depth + 1)
    elif depth < 2 and isinstance(value, dict):
        for element in value.values():
            yield from _patterns_in(element, depth + 1)
    elif depth < 1 and callable(value) and hasattr(value, "cache_info"):
        try:
            built = value()
        except TypeError:  # needs arguments
            return
        yield from _patterns_in(built, depth + 1)
    elif depth < 2 and hasattr(value, "__dict__") and type(value).__module__.startswith("cleaner"):
        for element in vars(value).values():
            yield from _patterns_in(element, depth + 1)


def _compiled_while_cleaning():
    """The patterns `cleaner` code compiles while it cleans the golden inputs."""
    seen = []
    real = re._compile

    def watching(pattern, flags):
        compiled = real(pattern, flags)
        frame = sys._getframe(1)
        while frame is not None and frame.f_globals.get("__name__") in ("re", "re._compiler", "functools"):
            frame = frame.f_back
        if frame is not None and frame.f_globals.get("__name__", "").startswith("cleaner."):
            seen.append(compiled)
        return compiled

    re._compile = watching
    try:
        re.purge()  # so that cached patterns are compiled again, and seen
        for source in sorted(GOLDEN.glob("*/input.*")):
            clean_document(source.read_bytes(), source.name)
    finally:
        re._compile = real
    return seen


def all_patterns() -> list[re.Pattern]:
    found = []
    for module in _modules():
        if module.__name__ == "cleaner.bench":
            continue  # the benchmark's own parsing of its data, not the cleaner's
        for value in vars(module).values():
            found.extend(_patterns_in(value))
    lexicon = default_lexicon()
    found.extend(p for p, _ in lexicon._patterns)
    found.extend(p for p in (lexicon._any_pattern, lexicon._prefix_re) if p is not None)
    found.extend(_compiled_while_cleaning())
    unique = {}
    for pattern in found:
        unique.setdefault((pattern.pattern, pattern.flags), pattern)
    return list(unique.values())


PATTERNS = all_patterns()


def lines_for(pattern: re.Pattern) -> list:
    source = pattern.pattern if isinstance(pattern.pattern, str) else pattern.pattern.decode("latin-1")
    words = sorted(set(re.findall(r"[A-Za-z_]{3,}", source)))[:6]
    marks = sorted(set(re.findall(r"[^\w\s\\()\[\]|?*+{}^$]", source)))[:10]
    pieces = PIECES + [w + " " for w in words] + words + marks
    lines = [piece * (LENGTH // len(piece)) + "!" for piece in pieces]  # "!": nearly, but no match
    if isinstance(pattern.pattern, bytes):
        lines = [line.encode("utf-8", "surrogatepass") for line in lines]
    return lines


def test_the_patterns_are_found():
    sources = {p.pattern for p in PATTERNS}
    assert r"\d+" in sources  # a module global (lexicons)
    assert any(isinstance(s, str) and "spot_img" in s for s in sources)  # data/patterns
    assert any(isinstance(s, str) and "(?P<month>" in s for s in sources)  # a cached builder (dates)
    assert any(isinstance(s, str) and r"\band\b" in s for s in sources)  # an inline re.split (classify)
    assert any(isinstance(s, bytes) for s in sources)  # decode's <meta charset>
    assert len(PATTERNS) >= 30


# The budgets are CPU seconds of this process: another process on the machine (the other
# tests of a parallel run, a build) stretches wall-clock time, and a wall-clock budget made this
# test fail on a loaded two-core machine with a linear pattern. The alarm that stops a runaway
# call counts wall-clock time, so it is WALL_SLACK times the budget.
WALL_SLACK = 4


def _seconds(call, limit: float) -> float:
    """CPU seconds of `call()`; DocumentTimeout when they exceed `limit` (or the wall-clock
    time WALL_SLACK times that)."""
    started = time.process_time()
    run_with_time_limit(call, WALL_SLACK * limit)
    spent = time.process_time() - started
    if spent > limit:
        raise DocumentTimeout
    return spent


@pytest.mark.parametrize("pattern", PATTERNS, ids=[repr(p.pattern)[:60] for p in PATTERNS])
def test_no_catastrophic_backtracking(pattern):
    """Each call on a tenth of the line within SECONDS per PATTERN_CHARS of pattern
    (exponential backtracking fails here); on the whole line within GROWTH times that
    (quadratic fails here), and at least that budget (a linear scan of a huge alternation
    on a slow machine)."""
    budget = SECONDS * max(1.0, len(pattern.pattern) / PATTERN_CHARS)
    for line in lines_for(pattern):
        for method in (pattern.search, pattern.fullmatch):
            short = line[: len(line) // 10] + line[-1:]
            where = f"{method.__name__} on {line[:20]!r}..."
            try:
                small = _seconds(lambda: method(short), budget)
            except DocumentTimeout:
                pytest.fail(f"{where} ({len(short)} chars) took over {budget:.1f} s")
            limit = max(budget, GROWTH * small)
            try:
                _seconds(lambda: method(line), limit)
            except DocumentTimeout:
                pytest.fail(f"{where} ({len(line)} chars) took over {limit:.2f} s, {small:.4f} s on a tenth")
