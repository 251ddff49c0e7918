"""Stage 4, segment: normalized text -> numbered lines grouped into blocks.

A block is a run of non-blank lines between blank lines. Blank lines get no `Line` of
their own but count in the numbering, so `Line.n` points at the line in the normalized text.
"""

from __future__ import annotations

from cleaner.types import Line


def segment(text: str) -> tuple[Line, ...]:
    """Split normalized text into `Line`s.

    >>> [(l.n, l.block, l.text) for l in segment("a\\nb\\n\\nc")]
    [(1, 0, 'a'), (2, 0, 'b'), (4, 1, 'c')]
    """
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
