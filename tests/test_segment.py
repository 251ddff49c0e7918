"""segment: numbered lines in blocks, the same however the `Line`s are made."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleaner.segment
from cleaner.segment import segment
from cleaner.types import Line


def definition_segment(text: str) -> tuple[Line, ...]:
    """One line at a time: a blank line counts in the numbering, and the next line opens a block."""
    lines: list[Line] = []
    block = 0
    previous_blank = False
    for n, text_line in enumerate(text.split("\n"), start=1):
        if not text_line:
            previous_blank = True
            continue
        if previous_blank and lines:
            block += 1
        previous_blank = False
        lines.append(Line(n, block, text_line))
    return tuple(lines)


@pytest.mark.parametrize("slots_only", [True, False])
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.sampled_from("ab \n"), max_size=30))
def test_segment_equals_definition(monkeypatch, slots_only, text):
    # The same value for every example: the fixture need not be reset between them.
    monkeypatch.setattr(cleaner.segment, "_SLOTS_ONLY", slots_only)  # False: `Line.__init__` makes them
    got = segment(text)
    assert got == definition_segment(text)
    assert [(type(line.n), type(line.block)) for line in got] == [(int, int)] * len(got)


def test_lines_are_ordinary_lines():
    lines = segment("\ntitle\n\nbody one\nbody two\n")
    assert lines == (Line(2, 0, "title"), Line(4, 1, "body one"), Line(5, 1, "body two"))
    assert pickle.loads(pickle.dumps(lines)) == lines
    assert len({*lines, Line(2, 0, "title")}) == 3  # hashable, equal to one made by __init__
    with pytest.raises(AttributeError):
        lines[0].n = 3  # still frozen


def test_the_fast_path_is_taken():
    assert cleaner.segment._SLOTS_ONLY
