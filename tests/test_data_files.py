"""The phrase data files and the reason vocabulary stay consistent."""

from __future__ import annotations

import re
import time
from importlib import resources

from cleaner.lexicons import default_lexicon
from cleaner.reasons import REASONS

DATA = resources.files("cleaner") / "data"


def test_every_phrase_directory_is_a_reason():
    for directory in (DATA / "phrases").iterdir():
        assert directory.name in REASONS, directory.name


def test_every_pattern_file_is_a_reason_and_compiles():
    for pattern_file in (DATA / "patterns").iterdir():
        assert pattern_file.name.removesuffix(".txt") in REASONS
    assert default_lexicon()._patterns


def test_patterns_do_not_backtrack_catastrophically():
    lexicon = default_lexicon()
    nasty = ["© " + "a" * 50_000, "12 comments on " + "x " * 30_000, "spot_img" * 10_000 + "!", "[" + "a" * 50_000, "{{" * 20_000]
    for text in nasty:
        start = time.perf_counter()
        lexicon.match(text)
        assert time.perf_counter() - start < 1.0, text[:30]


def test_no_phrase_is_a_common_sentence_word_alone():
    # Whole-line matching is what keeps phrases safe; a bare substring must never match.
    lexicon = default_lexicon()
    assert lexicon.match("We will share more details about the comments tomorrow.") is None


def test_reasons_are_kebab_case_and_documented():
    for code, doc in REASONS.items():
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", code) and doc


def test_every_data_file_is_in_the_package():
    # setup.cfg's package_data globs decide what a wheel carries; an editable install reads
    # the source tree and would not notice a data file left out (the phrase lists once were).
    import configparser
    from fnmatch import fnmatch
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    config = configparser.ConfigParser()
    config.read(root / "setup.cfg")
    globs = [g.strip() for g in config["options.package_data"]["cleaner"].replace("\n", ",").split(",") if g.strip()]
    package = root / "cleaner"
    files = [p.relative_to(package).as_posix() for p in (package / "data").rglob("*") if p.is_file()]
    assert files
    missing = [f for f in files if not any(fnmatch(f, g) and f.count("/") == g.count("/") for g in globs)]
    assert not missing, missing
