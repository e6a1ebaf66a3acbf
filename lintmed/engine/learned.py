"""The engine's learned pass: every sentence scored by the claim detector.

Used by ``Linter.lint`` when the detector is on. All sentences of a batch of a
page's blocks are scored at once (token ids sliced from the engine's own docs); a
sentence's score depends on nothing else in the batch. Rule
findings then carry their sentence's score as ``confidence``; a sentence that
no rule flags but that scores at or above the threshold becomes a
``learned-claim`` candidate, explained by the phrases whose removal lowers
the score most (``ClaimDetector.evidence``). Its claim, for the context pass,
is those phrases: "does not cure" is negated, "no more brain fog" is not.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy

from lintmed.engine.context import assess_tokens
from lintmed.engine.context.cues import QUALIFIER_WORDS
from lintmed.engine.detector import doc_table, rule_signals, segments
from lintmed.findings import Context, Match

# A learned judgement needs a sentence to judge: headings and labels ("Our clinic",
# "Prices") score near the prior, so shorter sentences get no learned finding.
MIN_WORDS = 4


@dataclass(frozen=True)
class _Sentence:
    block: int
    start: int  # token range of the sentence in its block's doc (sentencizer's)
    end: int


@dataclass(frozen=True)
class LearnedCandidate:
    """A sentence the detector scores at or above the threshold, with no rule finding."""

    block: int
    match: Match
    context: Context
    confidence: float
    evidence: tuple[str, ...]


@dataclass
class RulesSaid:
    """What the rule engine said of a page's sentences, each named by (block, sentence
    start character), collected before any sentence is scored."""

    # (sentence, rule, the context kinds that suppressed its finding (empty: reported)),
    # in the order the findings were filed: each joins its sentence's score.
    signals: list[tuple[tuple[int, int], object, tuple[str, ...]]] = field(default_factory=list)
    # Sentences that get no learned finding: a rule reported a finding there, or found its
    # claim on label (lintmed.engine.labels), or the sentence is part of a reference-list
    # entry (lintmed.engine.citations).
    flagged: set[tuple[int, int]] = field(default_factory=set)


class SentenceScores:
    """The detector's probability for every sentence of a batch of a page's docs.

    The words of every sentence are scored in one batch; what the rule engine said of a
    sentence (``RulesSaid``) is added to its score."""

    def __init__(self, detector, docs, said: RulesSaid | None = None):
        from spacy.attrs import IDX, SENT_START  # spaCy: imported by the pipeline that made ``docs``

        self.detector = detector
        self.docs = docs
        self._flagged: set[int] = set()  # numbers of the sentences a rule reported in
        self._by_start: dict[tuple[int, int], int] = {}  # (block, sentence start char) -> sentence number
        self._signals: dict[int, list[str]] = {}  # sentence number -> rule signals
        # Sentences with at least one non-space token, in document order, found on the
        # token attribute arrays of all blocks at once: making Token objects for every
        # word, or numpy calls for every block, would cost more than scoring.
        blocks = [b for b, doc in enumerate(docs) if len(doc)]
        if not blocks:
            self._sentences, self._words, self._logits, self._shapes = [], [], [], []
            return
        table = numpy.concatenate([doc_table(docs[b]) for b in blocks])
        marks = numpy.concatenate([docs[b].to_array([SENT_START, IDX]) for b in blocks])
        sizes = numpy.array([len(docs[b]) for b in blocks])
        offsets = numpy.cumsum(sizes) - sizes  # where each block starts in the table
        starts_sentence = marks[:, 0].astype("int64") == 1
        starts_sentence[offsets] = True
        first = numpy.flatnonzero(starts_sentence)
        last = numpy.append(first[1:], len(table))
        strings = docs[blocks[0]].vocab.strings
        ids, counts, shapes = segments(table, first, last, strings)
        real = counts > 0
        self._logits = detector.lexical_logits(ids, counts)[real].tolist()
        self._shapes = [s for s, r in zip(shapes, real) if r]
        first, last = first[real], last[real]
        block_index = numpy.searchsorted(offsets, first, side="right") - 1
        local = first - offsets[block_index]
        alpha = numpy.concatenate([[0], numpy.cumsum(table[:, 2].astype("int64") * (table[:, 1] == 0))])
        self._words = (alpha[last] - alpha[first]).tolist()
        self._sentences = []
        for k, (b, start, size, char) in enumerate(zip(
                block_index.tolist(), local.tolist(), (last - first).tolist(),
                marks[first, 1].astype("int64").tolist())):
            self._by_start[(blocks[b], char)] = k
            self._sentences.append(_Sentence(blocks[b], start, start + size))
        for at, rule, suppressed_by in said.signals if said else ():
            if (k := self._by_start.get(at)) is not None:
                self._signals.setdefault(k, []).extend(rule_signals(rule.id, rule.category, suppressed_by))
        self._flagged = {k for at in (said.flagged if said else ()) if (k := self._by_start.get(at)) is not None}

    def _prob(self, k: int) -> float:
        return self.detector.probability(self._logits[k], self._shapes[k] + self._signals.get(k, []))

    def probability(self, block: int, sentence_start: int) -> float | None:
        k = self._by_start.get((block, sentence_start))
        return None if k is None else self._prob(k)

    def confidence(self, block: int, sentence_start: int) -> float | None:
        prob = self.probability(block, sentence_start)
        return None if prob is None else round(prob, 3)

    def candidates(self, rule_id: str, threshold: float):
        """Learned candidates, in document order; the caller applies the context policy."""
        for k, (sent, words) in enumerate(zip(self._sentences, self._words)):
            if words >= MIN_WORDS and k not in self._flagged:
                prob = self._prob(k)
                if prob >= threshold:
                    yield self._candidate(rule_id, sent, self.docs[sent.block], prob,
                                          self._shapes[k] + self._signals.get(k, []))

    def _candidate(self, rule_id: str, sent: _Sentence, doc, prob: float, signals) -> LearnedCandidate:
        tokens = [t.i for t in doc[sent.start:sent.end] if not t.is_space]
        words = [doc[i].text for i in tokens]
        # Punctuation still counts in the score, but a writer cannot reword a dash; a hedge
        # or a negation is context for the claim, not its evidence.
        marks = [k for k, i in enumerate(tokens)
                 if doc[i].is_punct or doc[i].lower_ in QUALIFIER_WORDS or doc[i].lemma_ in QUALIFIER_WORDS]
        ids = numpy.array([doc[i].lower for i in tokens], dtype="uint64")
        found = self.detector.evidence(ids, words, signals, skip=marks)
        # Evidence in sentence-relative token ranges (sentence = doc[start:end]).
        parts = tuple(sorted((tokens[e.start] - sent.start, tokens[e.end - 1] + 1 - sent.start)
                             for e in found))
        span = doc[sent.start:sent.end]
        first, last = doc[tokens[0]], doc[tokens[-1]]
        if parts:
            context = assess_tokens(span, parts[0][0], parts[-1][1], base=span.start_char, parts=parts)
        else:
            context = assess_tokens(span, tokens[0] - sent.start, tokens[-1] + 1 - sent.start,
                                    base=span.start_char)
        match = Match(rule_id, first.idx, last.idx + len(last.text), span.start_char, span.end_char, parts=parts)
        return LearnedCandidate(sent.block, match, context, round(prob, 3), tuple(e.text for e in found))
