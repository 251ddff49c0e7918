"""Golden-file regression tests: every case in golden/ must come out exactly as recorded.

On a mismatch the test prints a unified diff and writes `<file>.obtained` next to the
expected file. `make golden-update` rewrites the expected files and still fails, so that a
person reads `git diff golden/` line by line before committing.
"""

from __future__ import annotations

import pytest

from tests.golden import EXPECTED, cases, diff, render


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.name)
def test_golden(case, request):
    actual = render(case)
    update = request.config.getoption("--update-golden")
    problems = []
    for name in EXPECTED:
        path = case / name
        obtained = case / f"{name}.obtained"
        expected = path.read_text("utf-8") if path.exists() else None
        if expected == actual[name]:
            obtained.unlink(missing_ok=True)
            continue
        if update:
            path.write_text(actual[name], "utf-8")
            obtained.unlink(missing_ok=True)
            problems.append(f"{path}: rewritten; review `git diff {case}` before committing")
        elif expected is None:
            obtained.write_text(actual[name], "utf-8")
            problems.append(f"{path}: missing (actual output in {obtained.name}; run make golden-update)")
        else:
            obtained.write_text(actual[name], "utf-8")
            problems.append(diff(f"{case.name}/{name}", expected, actual[name]))
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_there_are_enough_cases():
    names = {case.name for case in cases()}
    assert len(names) >= 12
    assert {f"seed-00{i}" for i in range(5)} <= names
