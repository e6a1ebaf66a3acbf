"""Plain text: paragraphs are separated by blank lines; a single line break
inside a paragraph is a hard wrap and reads as a space. A line break is "\\r\\n",
"\\r" or "\\n" (lintmed.positions), so CR-only files have paragraphs too."""
from __future__ import annotations

import re
from bisect import bisect_left

from lintmed.findings import Extracted

_LINE_BREAK = r"(?:\r\n|\r(?!\n)|\n)"
_BLOCK_BREAK = re.compile(_LINE_BREAK + r"(?:[ \t\f\v]*" + _LINE_BREAK + ")+")


def read(source: str) -> Extracted:
    # Each line break becomes one character: a space inside a paragraph, "\n" in a
    # blank line (a block break). A "\r\n" is read as its "\n" alone, so a hard-wrapped
    # CRLF line reads as one space, as in an LF file.
    chars = list(source.replace("\r", " ").replace("\n", " "))
    blocks, start = [], 0  # the paragraphs, as source spans
    for m in _BLOCK_BREAK.finditer(source):
        for i in range(m.start(), m.end()):
            chars[i] = "\n"
        blocks.append((start, m.start()))
        start = m.end()
    blocks.append((start, len(source)))
    blocks = [(a, b) for a, b in blocks if b > a]
    if "\r\n" not in source:
        return Extracted("".join(chars), tuple(range(len(source))), {}, tuple(blocks))
    keep = [i for i in range(len(source)) if not (source[i] == "\r" and source.startswith("\n", i + 1))]
    blocks = [(bisect_left(keep, a), bisect_left(keep, b)) for a, b in blocks]
    return Extracted("".join(chars[i] for i in keep), tuple(keep), {}, tuple(b for b in blocks if b[1] > b[0]))
