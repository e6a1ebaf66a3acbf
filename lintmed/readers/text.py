"""Plain text: paragraphs are separated by blank lines; a single line break
inside a paragraph is a hard wrap and reads as a space. A line break is "\\r\\n",
"\\r" or "\\n" (lintmed.positions), so CR-only files have paragraphs too."""
from __future__ import annotations

import re
from array import array
from bisect import bisect_left

from lintmed.findings import Extracted

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
    if "\r\n" not in source:
        return Extracted(text, array("q", range(len(source))), {}, tuple(blocks))
    keep = [i for i in range(len(source)) if not (source[i] == "\r" and source.startswith("\n", i + 1))]
    blocks = [(bisect_left(keep, a), bisect_left(keep, b)) for a, b in blocks]
    return Extracted("".join(text[i] for i in keep), array("q", keep), {}, tuple(b for b in blocks if b[1] > b[0]))
