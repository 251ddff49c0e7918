"""Stage 7, assemble: kept lines -> the clean text.

The title (if known and not already the first kept line) comes first, then the kept lines
in their blocks: lines of a block joined by one newline, blocks by one blank line, and one
final newline. Only input lines are used; nothing is rewritten.
"""

from __future__ import annotations

from cleaner.lexicons import key
from cleaner.types import Line, Verdict


def assemble(lines: tuple[Line, ...], verdicts: tuple[Verdict, ...], title: str = "") -> str:
    """Join the kept lines.

    >>> from cleaner.types import KEEP
    >>> drop = Verdict(False, "share", "phrase")
    >>> lines = (Line(1, 0, "T"), Line(3, 1, "a"), Line(4, 1, "b"), Line(6, 2, "Share"))
    >>> assemble(lines, (KEEP, KEEP, KEEP, drop))
    'T\\n\\na\\nb\\n'
    """
    blocks: list[list[str]] = []
    last_block = None
    for line, verdict in zip(lines, verdicts):
        if not verdict.keep:
            continue
        if line.block != last_block:
            blocks.append([])
            last_block = line.block
        blocks[-1].append(line.text)
    if shows_title(blocks[0][0] if blocks else None, title):
        blocks.insert(0, [title])
    if not blocks:
        return ""
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def shows_title(first: str | None, title: str) -> bool:
    """Whether `assemble` puts `title` first, when the first kept line is `first` (None: no
    line is kept): a title is put first unless that line is the title already.

    >>> shows_title("River Clean-Up Draws Record Crowd", "River clean-up draws record crowd"), shows_title(None, "T")
    (False, True)
    """
    return bool(title) and not (first is not None and key(first) == key(title))
