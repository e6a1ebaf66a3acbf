"""The page's prose made ready for spaCy and cut into the pieces it reads.

The readers give the prose text and its blocks (``Extracted.blocks``); here the text's
odd spaces and very long words are made harmless, one character for one so that every
offset holds, and each block is read in pieces of bounded length.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

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


# A run of blocks is read as one Doc of up to this many characters (a piece's limit). With a
# Doc a block, spaCy and every pass paid their fixed cost once a block: 5% of the
# instructions of a run over bench/sitegen.py's 450k-word site. No pass's cost grows faster
# than its Doc's length up to a piece's.
MAX_UNIT = MAX_PIECE


@dataclass(frozen=True)
class Unit:
    """A run of consecutive blocks (pieces) read as one Doc: the prose from the first
    one's start to the last one's end, with the white space between them. Each block
    starts a sentence and so does the white space after it (``breaks``), so no sentence,
    and so no match, crosses from one block into the next: what a pass finds in a unit
    is what it finds in each block read alone."""

    offset: int  # of the first block, in the prose
    text: str
    starts: tuple[int, ...]  # each block's start in ``text`` (the first at 0)
    ends: tuple[int, ...]  # each block's end in ``text``
    authors: str | None = None  # a reference-list entry's author list (a unit of one block)

    @classmethod
    def alone(cls, offset: int, text: str, authors: str | None = None) -> Unit:
        """A unit of one block."""
        return cls(offset, text, (0,), (len(text),), authors)

    @property
    def breaks(self) -> tuple[int, ...]:
        """Where in ``text`` a sentence must start: after each block, and at the next."""
        return tuple(c for end, start in zip(self.ends, self.starts[1:]) for c in (end, start))

    def block_of(self, char: int) -> int:
        """The index of the block that holds character ``char`` of ``text``."""
        return bisect_right(self.starts, char) - 1

    def block(self, k: int) -> tuple[int, str]:
        """Block ``k`` as a (offset in the prose, text) pair."""
        return self.offset + self.starts[k], self.text[self.starts[k]:self.ends[k]]


def units(prose: str, blocks: list[tuple[int, str]], join: bool, authors_of) -> list[Unit]:
    """``blocks`` ((offset, piece) from ``block_pieces``, in order) as runs read as one
    Doc each, of at most MAX_UNIT characters; with ``join`` False, one a block. A block
    joins the run before it only where white space that spaCy makes a token of (any
    but a single space) stands between them; a reference-list entry (``authors_of``
    gives its authors, else None) is a run of its own, since its claims are reported."""
    out: list[Unit] = []
    run: list[tuple[int, str]] = []

    def close() -> None:
        if run:
            first = run[0][0]
            out.append(Unit(first, prose[first:run[-1][0] + len(run[-1][1])],
                            tuple(o - first for o, _ in run), tuple(o - first + len(t) for o, t in run)))
            run.clear()

    for offset, text in blocks:
        authors = authors_of(text)
        if authors is not None:
            close()
            out.append(Unit.alone(offset, text, authors))
            continue
        if run:
            end = run[-1][0] + len(run[-1][1])
            gap = prose[end:offset]
            if not (join and gap.isspace() and gap != " " and not run[-1][1][-1].isspace()
                    and not text[0].isspace() and offset + len(text) - run[0][0] <= MAX_UNIT):
                close()
        run.append((offset, text))
    close()
    return out
