"""Plain text: paragraphs are separated by blank lines; a single line break
inside a paragraph is a hard wrap and reads as a space. A line break is "\\r\\n",
"\\r" or "\\n" (lintmed.positions), so CR-only files have paragraphs too."""
from __future__ import annotations

import re
from bisect import bisect_left
from itertools import chain

from lintmed.findings import Extracted, OffsetMap
from lintmed.readers.blocks import crlf_breaks

_LINE_BREAK = r"(?:\r\n|\r(?!\n)|\n)"
_BLOCK_BREAK = re.compile(_LINE_BREAK + r"(?:[ \t\f\v]*" + _LINE_BREAK + ")+")


def read(source: str) -> Extracted:
    # Each line break becomes one character: a space inside a paragraph, "\n" in a
    # blank line (a block break). A "\r\n" is read as its "\n" alone, so a hard-wrapped
    # CRLF line reads as one space, as in an LF file.
    spaced = source.replace("\r", " ").replace("\n", " ")
    parts, blocks, start = [], [], 0  # the text in pieces; the paragraphs, as source spans
    for m in _BLOCK_BREAK.finditer(source):
        parts += [spaced[start:m.start()], "\n" * (m.end() - m.start())]
        blocks.append((start, m.start()))
        start = m.end()
    parts.append(spaced[start:])
    blocks.append((start, len(source)))
    blocks = [(a, b) for a, b in blocks if b > a]
    text = "".join(parts)
    del parts, spaced
    if "\r\n" not in source:
        return Extracted(text, OffsetMap(range(len(source))), {}, blocks)
    # The "\r" of each "\r\n" is left out: the text is cut around them, and each offset
    # past one moves on by one (OffsetMap.shifted, given where each "\n" lands).
    dropped, moved = crlf_breaks(source)
    kept = "".join(text[a + 1:b] for a, b in zip(chain((-1,), dropped), chain(dropped, (len(source),))))
    blocks = [(a - bisect_left(dropped, a), b - bisect_left(dropped, b)) for a, b in blocks]
    return Extracted(kept, OffsetMap(range(len(kept))).shifted(moved), {}, tuple(b for b in blocks if b[1] > b[0]))
