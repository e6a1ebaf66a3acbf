"""Offsets inside, line:column only at the edge (1-based, code points).

One definition of a line, used by the readers' maps, every report and the inline
directives: a line ends at "\\r\\n", "\\r" or "\\n" (as git and editors count them).
U+2028, U+2029, U+0085, form feeds and vertical tabs are characters inside a line
(the linter reads them as spaces), never line breaks, so that a finding's line is the
one the report shows.
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from itertools import chain

LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> array:
    """Offsets at which each line of ``text`` starts (8 bytes a line; a list took 36)."""
    return array("q", chain((0,), (m.end() for m in LINE_BREAK.finditer(text))))


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` without their line breaks (a final break opens no line)."""
    lines = LINE_BREAK.split(text)
    return lines[:-1] if len(lines) > 1 and lines[-1] == "" else lines


class LineIndex:
    def __init__(self, source: str):
        self._starts = line_starts(source)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of the character at ``offset``."""
        line = bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
