"""Small helpers readers share to build an ``Extracted`` from blocks."""
from __future__ import annotations

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


def join(blocks, chars: list[str] | None = None, offs: list[int] | None = None) -> Block:
    """Append blocks to chars/offs, separated by "\\n\\n" mapped to the end of the block before."""
    chars = [] if chars is None else chars
    offs = [] if offs is None else offs
    for block, block_offs in blocks:
        if not block:
            continue
        if chars:
            chars += ["\n", "\n"]
            offs += [offs[-1], offs[-1]]
        chars += block
        offs += block_offs
    return chars, offs


def extracted(blocks, widths: dict[int, int] | None = None) -> Extracted:
    chars, offs = join(blocks)
    return Extracted("".join(chars), tuple(offs), widths or {})
