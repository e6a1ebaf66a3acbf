"""The engine's learned pass: every sentence scored by the claim detector.

Used by ``Linter.lint`` when the detector is on. All sentences of a page are
scored in one batch (token ids sliced from the engine's own docs). Rule
findings then carry their sentence's score as ``confidence``; a sentence that
no rule flags but that scores at or above the threshold becomes a
``learned-claim`` candidate, explained by the phrases whose removal lowers
the score most (``ClaimDetector.evidence``). Its claim, for the context pass,
is those phrases: "does not cure" is negated, "no more brain fog" is not.
"""
from __future__ import annotations

from dataclasses import dataclass

from lintmed.context import assess_tokens
from lintmed.model import Context, Match

# A learned judgement needs a sentence to judge: headings and labels ("Our clinic",
# "Prices") score near the prior, so shorter sentences get no learned finding.
MIN_WORDS = 4


@dataclass
class _Sentence:
    block: int
    tokens: list[int]  # indices in the block's doc of the sentence's non-space tokens
    words: int  # how many of them are words (not punctuation or numbers)
    start: int  # token range of the sentence in the doc (sentencizer's)
    end: int
    prob: float = 0.0


@dataclass(frozen=True)
class LearnedCandidate:
    """A sentence the detector scores at or above the threshold, with no rule finding."""

    block: int
    match: Match
    context: Context
    confidence: float
    evidence: tuple[str, ...]


def _sentence_bounds(doc) -> list[tuple[int, int]]:
    import numpy
    from spacy.attrs import SENT_START

    flags = doc.to_array(SENT_START).astype("int64")
    starts = numpy.flatnonzero(flags == 1).tolist()
    starts = starts if starts and starts[0] == 0 else [0, *starts]
    return list(zip(starts, [*starts[1:], len(doc)]))


class SentenceScores:
    """The detector's probability for every sentence of a page's docs."""

    def __init__(self, detector, docs):
        import numpy
        from spacy.attrs import IS_SPACE

        self.detector = detector
        self.docs = docs
        self._by_start: dict[tuple[int, int], _Sentence] = {}  # (block, sentence start char)
        self._flagged: set[tuple[int, int]] = set()
        sentences, arrays, self._ids = [], [], {}
        for b, doc in enumerate(docs):
            if not len(doc):
                continue
            ids = detector.token_ids(doc)
            space = doc.to_array(IS_SPACE).astype(bool)
            for start, end in _sentence_bounds(doc):
                tokens = [i for i in range(start, end) if not space[i]]
                if not tokens:
                    continue
                sent = _Sentence(b, tokens, sum(doc[i].is_alpha for i in tokens), start, end)
                sentences.append(sent)
                arrays.append(numpy.ascontiguousarray(ids[tokens]))
                self._by_start[(b, doc[start].idx)] = sent
                self._ids[id(sent)] = arrays[-1]
        for sent, prob in zip(sentences, detector.score_ids(arrays)):
            sent.prob = prob
        self._sentences = sentences

    def confidence(self, block: int, sentence_start: int) -> float | None:
        sent = self._by_start.get((block, sentence_start))
        return None if sent is None else round(sent.prob, 3)

    def mark_flagged(self, block: int, sentence_start: int) -> None:
        """A rule reported a finding in this sentence: no learned finding there."""
        self._flagged.add((block, sentence_start))

    def candidates(self, rule_id: str, threshold: float):
        """Learned candidates, in document order; the caller applies the context policy."""
        for sent in self._sentences:
            doc = self.docs[sent.block]
            if sent.prob < threshold or sent.words < MIN_WORDS or (sent.block, doc[sent.start].idx) in self._flagged:
                continue
            yield self._candidate(rule_id, sent, doc)

    def _candidate(self, rule_id: str, sent: _Sentence, doc) -> LearnedCandidate:
        words = [doc[i].text for i in sent.tokens]
        found = self.detector.evidence(self._ids[id(sent)], words)
        # Evidence in sentence-relative token ranges (sentence = doc[start:end]).
        parts = tuple(sorted((sent.tokens[e.start] - sent.start, sent.tokens[e.end - 1] + 1 - sent.start)
                             for e in found))
        span = doc[sent.start:sent.end]
        first, last = doc[sent.tokens[0]], doc[sent.tokens[-1]]
        if parts:
            context = assess_tokens(span, parts[0][0], parts[-1][1], base=span.start_char, parts=parts)
        else:
            context = assess_tokens(span, sent.tokens[0] - sent.start, sent.tokens[-1] + 1 - sent.start,
                                    base=span.start_char)
        match = Match(rule_id, first.idx, last.idx + len(last.text), span.start_char, span.end_char, parts=parts)
        return LearnedCandidate(sent.block, match, context, round(sent.prob, 3), tuple(e.text for e in found))
