"""Adversarial inputs through `cleaner clean`: each ends within its time bound and memory
bound, with a sensible status and output (see `cases.py`)."""

from __future__ import annotations

import os

import pytest

from tests.adversarial.cases import CASES
from tests.adversarial.measure import run_case

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="each case runs in a forked process")
QUICK = [case for case in CASES if not case.slow]


@pytest.mark.parametrize("case", QUICK, ids=[case.name for case in QUICK])
def test_adversarial_input(case, tmp_path):
    result = run_case(case, tmp_path)
    assert result.seconds < case.max_seconds
    assert result.growth_mb < case.max_growth_mb, f"{result.growth_mb:.0f} MB"
    case.check(result)
