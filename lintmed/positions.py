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


class Lines:
    """The lines of ``text`` without their line breaks (a final break opens no line), as a
    sequence: each is cut out of the text when it is read, and only where each starts is
    kept (4 bytes a line, where a list of the lines held a string each, about 50 bytes and
    the line's characters: a report of a large file held every line of it)."""

    __slots__ = ("_text", "_starts")

    def __init__(self, text: str):
        self._text, self._starts = text, line_starts(text)

    def __len__(self) -> int:
        n = len(self._starts)
        return n - 1 if n > 1 and self._starts[-1] == len(self._text) else n  # a final break opens no line

    def __getitem__(self, k: int) -> str:
        if not 0 <= k < len(self):
            raise IndexError("line index out of range")
        end = self._starts[k + 1] if k + 1 < len(self._starts) else len(self._text)
        return self._text[self._starts[k]:end].rstrip("\r\n")  # a line holds no break but its own


class LineIndex:
    def __init__(self, source: str):
        self._starts = line_starts(source)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of the character at ``offset``."""
        line = bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
