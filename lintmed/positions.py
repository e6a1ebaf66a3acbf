"""Offsets inside, line:column only at the edge (1-based, code points)."""
from __future__ import annotations

import re
from bisect import bisect_right


class LineIndex:
    def __init__(self, source: str):
        self._starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of the character at ``offset``."""
        line = bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
