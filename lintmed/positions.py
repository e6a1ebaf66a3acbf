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

# Offsets a page keeps for as long as it is linted (line starts, the readers' offset runs
# and block spans) are arrays of 4-byte ints, half of 8-byte ones, as long as every offset
# fits; an array is widened to 8 bytes when one does not (a text of over 2**31 characters).
NARROW = "i"
NARROW_MAX = 2 ** (8 * array(NARROW).itemsize - 1) - 1


def offset_array(most: int) -> array:
    """An empty array for offsets up to ``most``: 4-byte ints if they fit, else 8-byte."""
    return array(NARROW if most <= NARROW_MAX else "q")


def widened(offsets: array) -> array:
    """``offsets`` as an array of 8-byte ints (for an offset over NARROW_MAX)."""
    return offsets if offsets.typecode == "q" else array("q", offsets)


def line_starts(text: str) -> array:
    """Offsets at which each line of ``text`` starts (4 bytes a line, 8 past 2**31
    characters; a list took 36)."""
    starts = offset_array(len(text))
    starts.extend(chain((0,), (m.end() for m in LINE_BREAK.finditer(text))))
    return starts


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
