"""Plain text: paragraphs are separated by blank lines; a single line break
inside a paragraph is a hard wrap and reads as a space."""
from __future__ import annotations

import re

from lintmed.model import Extracted

_BLOCK_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


def read(source: str) -> Extracted:
    # Same length as the source, so offsets are the identity: only the single
    # line breaks (and CRs) inside a paragraph become spaces.
    chars = list(source)
    breaks = {m.start() for m in _BLOCK_BREAK.finditer(source)}
    breaks |= {m.end() - 1 for m in _BLOCK_BREAK.finditer(source)}
    for i, ch in enumerate(chars):
        if ch == "\r" or (ch == "\n" and i not in breaks):
            chars[i] = " "
    return Extracted("".join(chars), tuple(range(len(source))))
