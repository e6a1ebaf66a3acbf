"""The page's prose made ready for spaCy and cut into the pieces it reads.

The readers give the prose text and its blocks (``Extracted.blocks``); here the text's
odd spaces and very long words are made harmless, one character for one so that every
offset holds, and each block is read in pieces of bounded length.
"""
from __future__ import annotations

import re

# A paragraph longer than this is read in pieces that end at a sentence end (else at a
# space): spaCy refuses a text over 1,000,000 characters, and matching costs grow faster
# than a piece's length. No real paragraph comes near it (copy runs to hundreds of words).
MAX_PIECE = 10_000
# Without a sentence end in reach, a piece is cut at whitespace this soon: the cost of
# wording suggestions grows with claims times sentence length.
MAX_RUN_ON = 2_000
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")
_SPACE = re.compile(r"\s+")


# spaCy makes a token of each whitespace character other than " " (a tab, a no-break space
# from "&nbsp;"), which splits "FDA\u00a0approved" for the matcher. One character for
# one, so every offset still holds.
_PLAIN_SPACES = str.maketrans(dict.fromkeys(
    "\t\x0b\x0c\x85\u2028\u2029\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000", " "))


# spaCy's tokenizer splits a run of punctuation one character at a time, each time searching
# the rest of the run ("))))...", "[[[[...": quadratic). No word of a claim is this long:
# a longer run of non-space characters gets a space every LONG_WORD characters, one
# character for one, so that offsets hold.
LONG_WORD = 64
_LONG_RUN = re.compile(r"\S{%d,}" % (2 * LONG_WORD + 1))


def _break_long_words(text: str) -> str:
    if not _LONG_RUN.search(text):
        return text
    chars = list(text)
    for m in _LONG_RUN.finditer(text):
        for i in range(m.start() + LONG_WORD, m.end(), LONG_WORD):
            chars[i] = " "
    return "".join(chars)


_ODD_SPACE = re.compile("[%s]" % "".join(map(chr, _PLAIN_SPACES)))


def prose_of(text: str) -> str:
    """The reader's text as the matcher reads it: same length, same offsets (the same
    string when nothing changes, so that a page holds one copy of its prose)."""
    if not _ODD_SPACE.search(text) and not _LONG_RUN.search(text):
        return text
    return _break_long_words(text.translate(_PLAIN_SPACES))


def block_pieces(prose: str, spans, limit: int = MAX_PIECE):
    """(offset, piece) for each non-blank block of ``prose`` (its reader's ``spans``);
    a block over ``limit`` characters comes in pieces (``pieces``)."""
    for start, end in spans:
        if prose[start:end].strip():
            yield from pieces(prose, start, end, limit)


def pieces(text: str, start: int, end: int, limit: int = MAX_PIECE):
    """(offset, piece) covering ``text[start:end]`` in order, each at most ``limit``
    characters, cut after the last sentence end in reach, else at the last whitespace,
    else at ``limit``; and a run-on stretch with no sentence end is cut at whitespace
    every MAX_RUN_ON characters at most. Whitespace between pieces is left out. Linear."""
    while end - start > limit:
        cut = _last_cut(text, start, start + limit, _SENTENCE_END) or _last_cut(text, start, start + limit, _SPACE)
        yield from _run_on_pieces(text, start, cut or start + limit)
        start = cut or start + limit
    yield from _run_on_pieces(text, start, end)


def _last_cut(text: str, start: int, stop: int, pattern: re.Pattern) -> int | None:
    """The end of the last ``pattern`` match in the second half of ``text[start:stop]``
    (a sentence end: after its punctuation and closing quotes; whitespace: its start)."""
    cut = None
    for m in pattern.finditer(text, start + (stop - start) // 2, stop):
        cut = m.start() + len(m.group().rstrip()) if pattern is _SENTENCE_END else m.start()
    return cut if cut is not None and cut > start else None


def _run_on_pieces(text: str, start: int, end: int):
    """``text[start:end]`` as pieces where no stretch without a sentence end is longer
    than MAX_RUN_ON (such a stretch is cut at whitespace, else at MAX_RUN_ON)."""
    piece, prev = start, start
    for bound in [*(m.end() for m in _SENTENCE_END.finditer(text, start, end)), end]:
        if bound - prev > MAX_RUN_ON:
            yield from _piece(text, piece, prev)
            while bound - prev > MAX_RUN_ON:
                cut = _last_cut(text, prev, prev + MAX_RUN_ON, _SPACE) or prev + MAX_RUN_ON
                yield from _piece(text, prev, cut)
                prev = cut
            piece = prev
        prev = bound
    yield from _piece(text, piece, end)


def _piece(text: str, start: int, end: int):
    while start < end and text[start].isspace():
        start += 1
    if start < end:
        yield start, text[start:end]
