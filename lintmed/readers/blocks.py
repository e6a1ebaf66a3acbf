"""Small helpers readers share to build an ``Extracted`` from blocks."""
from __future__ import annotations

import re
from array import array
from collections.abc import Sequence

from lintmed.findings import Extracted, OffsetMap, Spans

Block = tuple[list[str], list[int]]


def trim(chars: list[str], offs: list[int]) -> Block:
    """Drop leading and trailing whitespace (with its offsets)."""
    a, b = 0, len(chars)
    while a < b and chars[a].isspace():
        a += 1
    while b > a and chars[b - 1].isspace():
        b -= 1
    return chars[a:b], offs[a:b]


class Joined:
    """Blocks joined into one prose text, separated by "\n\n" mapped to the end of the
    block before, with each block's span in that text (``Extracted.blocks``). A reader
    adds its blocks as it reads them and keeps no list of them: the text is kept in
    pieces joined every JOIN_EVERY blocks (a string per block would cost about 60 bytes
    a block), the offsets as runs and the spans in an array (lintmed.findings)."""

    JOIN_EVERY = 4096

    def __init__(self):
        self._joined: list[str] = []  # the text of the blocks added so far, in large pieces
        self._parts: list[str] = []  # and of the last ones, a string each
        self.size = 0  # characters in both
        self.offsets = OffsetMap()
        self.spans = Spans()

    def add(self, blocks) -> Joined:
        """Append ``blocks`` ((chars, offsets) each; empty ones are left out)."""
        for chars, offs in blocks:
            if not chars:
                continue
            if self.size:
                last = self.offsets[-1]
                self._parts.append("\n\n")
                self.offsets.extend((last, last))
                self.size += 2
            self._parts.append(chars if isinstance(chars, str) else "".join(chars))
            self.offsets.extend(offs)
            self.spans.append(self.size, self.size + len(chars))
            self.size += len(chars)
            if len(self._parts) >= self.JOIN_EVERY:
                self._joined.append("".join(self._parts))
                self._parts.clear()
        return self

    def extracted(self, widths: dict[int, int] | None = None, crlf: Sequence[int] | None = None) -> Extracted:
        """The Extracted. ``crlf``: the offsets the blocks hold are into the source with the
        "\\r" of each "\\r\\n" removed, and these are where each "\\n" of those went (sorted):
        the map then points into the source (OffsetMap.shifted)."""
        offsets = self.offsets if not crlf else self.offsets.shifted(crlf)
        return Extracted("".join(self._joined + self._parts), offsets, widths or {}, self.spans)


def crlf_breaks(source: str) -> tuple[array, array]:
    """Where the "\r" of each "\r\n" of ``source`` is, and where its "\n" lands once each
    "\r\n" is read as "\n" alone (Joined.extracted's ``crlf``): two sorted arrays."""
    dropped = array("q", (m.start() for m in re.finditer("\r\n", source)))
    return dropped, array("q", (d - i for i, d in enumerate(dropped)))
