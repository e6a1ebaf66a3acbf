"""Small helpers readers share to build an ``Extracted`` from blocks."""
from __future__ import annotations

from array import array

from lintmed.findings import Extracted

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
    block before, with each block's span in that text (``Extracted.blocks``). Kept as
    the blocks' strings and one array of offsets: lists of characters and ints would
    take about 45 bytes a character of the whole file."""

    def __init__(self):
        self.parts: list[str] = []
        self.size = 0  # characters in parts
        self.offs = array("q")
        self.spans: list[tuple[int, int]] = []

    def add(self, blocks) -> Joined:
        """Append ``blocks`` ((chars, offsets) each; empty ones are left out)."""
        for chars, offs in blocks:
            if not chars:
                continue
            if self.size:
                self.parts.append("\n\n")
                self.offs.extend((self.offs[-1], self.offs[-1]))
                self.size += 2
            self.parts.append("".join(chars))
            self.offs.extend(offs)
            self.spans.append((self.size, self.size + len(chars)))
            self.size += len(chars)
        return self

    def extracted(self, widths: dict[int, int] | None = None, back: list[int] | None = None) -> Extracted:
        """The Extracted; ``back`` maps the offsets the blocks hold to source offsets."""
        offs = self.offs if back is None else array("q", (back[o] for o in self.offs))
        return Extracted("".join(self.parts), offs, widths or {}, tuple(self.spans))


def extracted(self, widths: dict[int, int] | None = None, back: list[int] | None = None) -> Extracted:
        """The Extracted; ``back`` maps the offsets the blocks hold to source offsets."""
        offs = tuple(self.offs) if back is None else tuple(back[o] for o in self.offs)
        return Extracted("".join(self.chars), offs, widths or {}, tuple(self.spans))


def extracted(blocks, widths: dict[int, int] | None = None) -> Extracted:
    return Joined().add(blocks).extracted(widths)
