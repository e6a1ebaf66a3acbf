"""What the kinds of matcher share: where words are in a block's Doc, its sentences, and
the token spans their finders return."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict

from lintmed.findings import Match

Spans = list[tuple[int, int]]  # token (start, end) pairs in a Doc


def read_block(doc, lemmas: set[int], lowers: set[int]) -> tuple[dict[int, list[int]], dict[int, list[int]], Sentences]:
    """``word_positions`` and ``Sentences`` of a Doc, from one read of its columns."""
    # spaCy is imported only where a page is matched: a page the prefilter clears never imports it.
    from spacy.attrs import LEMMA, LOWER, SENT_START

    columns = doc.to_array([LEMMA, LOWER, SENT_START])
    return (*word_positions(columns, lemmas, lowers), Sentences(doc, columns[:, 2]))


def word_positions(columns, lemmas: set[int], lowers: set[int]) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Where each of ``lemmas`` and of ``lowers`` (string hashes) occurs in a Doc whose
    LEMMA and LOWER columns are the first two of ``columns``: (lemma -> token indices,
    lowercase form -> token indices)."""
    out: tuple[dict[int, list[int]], dict[int, list[int]]] = ({}, {})
    for at, values, wanted in zip(out, (columns[:, 0].tolist(), columns[:, 1].tolist()), (lemmas, lowers)):
        for i, value in enumerate(values):
            if value in wanted:  # (a plain dict: faster here than a defaultdict)
                if value in at:
                    at[value].append(i)
                else:
                    at[value] = [i]
    return out


class WordSets:
    """Named sets of words (lemma and lowercase hashes), looked up from a
    document's words, so that its cost follows the document's distinct words
    rather than the number of sets."""

    def __init__(self):
        self._by_lemma: dict[int, list] = defaultdict(list)
        self._by_lower: dict[int, list] = defaultdict(list)
        self._words: dict = {}  # name -> (its lemmas, its lowercase forms), for ``positions``

    def add(self, name, lemmas=(), lowers=()) -> None:
        for word in lemmas:
            self._by_lemma[word].append(name)
        for word in lowers:
            self._by_lower[word].append(name)
        had_lemmas, had_lowers = self._words.get(name, (frozenset(), frozenset()))
        self._words[name] = (had_lemmas | frozenset(lemmas), had_lowers | frozenset(lowers))

    def lemmas(self) -> set[int]:
        return set(self._by_lemma)

    def lowers(self) -> set[int]:
        return set(self._by_lower)

    def find(self, lemma_at: dict[int, list[int]], lower_at: dict[int, list[int]] | None = None) -> dict:
        """For each set that the document's words fall in: name -> token indices, in order
        (``positions`` lists themselves where one word fills a set: they are read, never changed)."""
        found: dict = {}
        merged = set()  # names that more than one word fills: their positions are merged last
        for by_word, at in ((self._by_lemma, lemma_at), (self._by_lower, lower_at or {})):
            for word, positions in at.items():
                for name in by_word.get(word, ()):
                    if name in found:
                        found[name] = found[name] + positions
                        merged.add(name)
                    else:
                        found[name] = positions
        for name in merged:
            found[name] = sorted(set(found[name]))
        return found

    def names(self, lemma_at: dict[int, list[int]], lower_at: dict[int, list[int]] | None = None) -> set:
        """The names of the sets that the document's words fall in: ``find``'s keys,
        without the positions (most callers test a few names and need the positions of fewer)."""
        out: set = set()
        for by_word, at in ((self._by_lemma, lemma_at), (self._by_lower, lower_at or {})):
            for word in at:
                if word in by_word:
                    out.update(by_word[word])
        return out

    def positions(self, name, lemma_at: dict[int, list[int]], lower_at: dict[int, list[int]] | None = None) -> list[int]:
        """``find(lemma_at, lower_at)[name]``, for one name (one of ``names``)."""
        lemmas, lowers = self._words[name]
        lists = [lemma_at[word] for word in lemma_at.keys() & lemmas]
        if lower_at and lowers:
            lists += [lower_at[word] for word in lower_at.keys() & lowers]
        return lists[0] if len(lists) == 1 else sorted(set().union(*lists))


class Sentences:
    """Sentence of a token by bisecting sentence starts, read from the
    SENT_START array (Token.sent and Doc.sents build a Token per word)."""

    def __init__(self, doc, sent_start=None):
        """``sent_start``: the Doc's SENT_START column, when the caller has read it."""
        # Imported only where a page is matched: a page the prefilter clears never imports them.
        import numpy
        from spacy.attrs import SENT_START

        self._doc = doc
        flags = (doc.to_array(SENT_START) if sent_start is None else sent_start).astype("int64")
        starts = numpy.flatnonzero(flags == 1).tolist()
        self._starts = starts if starts and starts[0] == 0 else [0, *starts]
        self._ends = [*self._starts[1:], len(doc)]

    def index_of(self, token_index: int) -> int:
        return bisect_right(self._starts, token_index) - 1

    def span(self, k: int):
        return self._doc[self._starts[k]:self._ends[k]]

    def of(self, token_index: int):
        return self.span(self.index_of(token_index))

    def around(self, positions: list[int], reach: int | None) -> list[tuple[int, int]]:
        """Token ranges, in order, that hold every span of at most ``reach``
        tokens through one of ``positions`` (sorted) without crossing a
        sentence; with ``reach`` None, the sentences that hold the positions."""
        out: list[list[int]] = []  # [start, end, sentence]
        for i in positions:
            k = self.index_of(i)
            start, end = self._starts[k], self._ends[k]
            if reach is not None:
                start, end = max(start, i - reach + 1), min(end, i + reach)
            if out and out[-1][2] == k and start <= out[-1][1]:
                out[-1][1] = max(out[-1][1], end)
            else:
                out.append([start, end, k])
        return [(start, end) for start, end, _ in out]

    def match(self, rule_id: str, start: int, end: int, term: str | None = None, parts=()) -> Match:
        """The Match of tokens [start, end) of the doc, with its sentence's offsets and
        ``parts`` (token spans of a frame's parts) relative to the sentence."""
        doc = self._doc
        sent = self.of(start)
        return Match(
            rule_id=rule_id,
            start=doc[start].idx,
            end=doc[end - 1].idx + len(doc[end - 1].text),
            sentence_start=sent.start_char,
            sentence_end=sent.end_char,
            term=term,
            parts=tuple((s - sent.start, e - sent.start) for s, e in sorted(parts)),
        )


def within_one(blocks: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether tokens [start, end) lie within one of ``blocks`` (token ranges, in order)."""
    k = bisect_right(blocks, (start, float("inf"))) - 1
    return k >= 0 and end <= blocks[k][1]


def any_between(positions: list[int], start: int, end: int) -> bool:
    """Whether sorted ``positions`` has one in [start, end)."""
    k = bisect_left(positions, start)
    return k < len(positions) and positions[k] < end


def longest(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop spans contained in (or overlapping and shorter than) an earlier kept one."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (s[0], -(s[1] - s[0]))):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end))
    return kept
