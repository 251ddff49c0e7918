"""Shared pytest options: `--update-golden` (or CLEANER_UPDATE_GOLDEN=1) rewrites golden files."""

from __future__ import annotations

import os


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=os.environ.get("CLEANER_UPDATE_GOLDEN") == "1",
        help="rewrite golden/*/expected.* from the current code (the tests still fail: review git diff golden/)",
    )
