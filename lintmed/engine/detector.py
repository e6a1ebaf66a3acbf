"""The learned claim scorer: a linear model over hashed features of a sentence.

It answers one question for every sentence: does it make a health claim a reviewer would
flag? The same score serves twice (``lintmed.engine.learned``):

- as a VERIFIER over rule findings: a rule finding whose sentence scores below
  ``verify_threshold`` is set aside (suppressed, shown by ``--show-suppressed``): on real
  clinic pages many rule matches are explanations, headings or statistics, not claims;
- as a DETECTOR: a sentence no rule flags that scores at or above ``threshold`` becomes a
  ``learned-claim`` finding.

Features (all hashed into one table of ``2 ** BITS`` weights):

- the sentence's words, lowercased as the engine tokenises them, and adjacent word pairs;
- the sentence's first word (imperatives: "Say goodbye", "Book now");
- its shape: its length, numbers, a percentage, a title-cased heading (not its end mark:
  see ``shape_signals``);
- the rule engine's signals: which rules reported a finding in it (and their categories),
  which matched but were suppressed and by which context verdict (negated, hedged, ...).

The model is trained by ``bench/train_detector.py`` (scikit-learn logistic regression;
scikit-learn is not needed at run time) and shipped as ``models/claim-detector/weights.npy``
(the non-zero weights and their indices) with ``meta.json`` and ``MODEL_CARD.md``. Scoring
is numpy only: word and pair keys are the engine's own token ids (spaCy's 64-bit string
hashes, stable across processes), mixed and folded into the table; signals are hashed with
crc32. Character n-grams were tried and separate worse on real pages (MODEL_CARD.md).

Loaded lazily, once per process and model path (``get_detector``).
"""
from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy

from lintmed.engine.nlp import get_nlp
from lintmed.errors import LintmedError

RULE_ID = "learned-claim"
MODEL_NAME = "claim-detector"
FORMAT = "lintmed.HashedLinear.v1"
BITS = 20
_MASK = numpy.uint64(2 ** BITS - 1)
# Odd 64-bit constants: salts that keep words, pairs and first words apart in one table.
_PAIR = numpy.uint64(0x9E3779B97F4A7C15)
_FIRST = numpy.uint64(0xC2B2AE3D27D4EB4F)
_SHIFT = numpy.uint64(29)
LENGTH_BUCKETS = (3, 6, 12, 25)


def model_path() -> str:
    """The packaged model folder."""
    return str(resources.files("lintmed").joinpath("models", MODEL_NAME))


def _fold(keys):
    """64-bit keys to table indices (xor-shift so that low bits depend on all bits)."""
    keys = numpy.asarray(keys, dtype=numpy.uint64)
    return ((keys ^ (keys >> _SHIFT)) & _MASK).astype(numpy.int64)


def _crc_index(text: str) -> int:
    return zlib.crc32(text.encode("utf-8")) & (2 ** BITS - 1)


@lru_cache(maxsize=4096)
def signal_index(name: str) -> int:
    """Table index of a named signal ("rule:cure-claim", "end:none", ...)."""
    return _crc_index("s" + name)


# Token attributes a sentence's features are read from (doc.to_array), in this order.
TABLE_ATTRS = ("LOWER", "IS_SPACE", "IS_ALPHA", "IS_TITLE", "LIKE_NUM")
_PERCENT_WORDS = ("%", "percent")
_END_MARKS = (".", "!", "?", "...", "…")


def shape_signals(alpha: int, titles: int, numbers: int, percent: int) -> list[str]:
    """How a sentence looks: its length bucket, numbers, a percentage, a title-cased heading.
    Not its end mark: regulator-cited claims are quoted without one far more often than the
    prose around them, which taught an earlier model that a heading is a claim."""
    signals = ["len:" + str(sum(alpha > b for b in LENGTH_BUCKETS))]
    if numbers:
        signals.append("number")
    if percent:
        signals.append("percent")
    if alpha >= 2 and titles * 2 > alpha:
        signals.append("title-case")
    return signals


def doc_table(doc) -> numpy.ndarray:
    """The TABLE_ATTRS columns of a doc, one row per token."""
    from spacy.attrs import IDS  # spaCy: imported by the pipeline that made ``doc``; lazy for start-up

    return doc.to_array([IDS[a] for a in TABLE_ATTRS]).reshape(len(doc), len(TABLE_ATTRS))


def segments(table: numpy.ndarray, starts, ends, strings):
    """The sentences [starts[k], ends[k]) of a TABLE_ATTRS table: their non-space lowercase ids
    (one array), the number of ids of each, and each one's shape signals."""
    starts = numpy.asarray(starts, dtype=numpy.int64)
    ends = numpy.asarray(ends, dtype=numpy.int64)
    kept = table[:, 1] == 0
    lower = table[:, 0].astype(numpy.uint64)
    # A sentence's closing marks are not read (see shape_signals): "cures arthritis" and
    # "cures arthritis." are one claim.
    marks = numpy.isin(lower, [strings[w] for w in _END_MARKS])
    for start, end in zip(starts.tolist(), ends.tolist()):
        j = end - 1
        while j >= start and (not kept[j] or marks[j]):
            kept[j] = False
            j -= 1
    cum = {name: numpy.concatenate([[0], numpy.cumsum(column.astype(numpy.int64) * kept)])
           for name, column in (("tokens", numpy.ones(len(table))), ("alpha", table[:, 2]),
                                ("title", table[:, 3]), ("number", table[:, 4]),
                                ("percent", numpy.isin(lower, [strings[w] for w in _PERCENT_WORDS])))}
    counts = cum["tokens"][ends] - cum["tokens"][starts]
    # Each sentence's counts, for all sentences at once (indexing numpy arrays one
    # number at a time was most of this function's time).
    stats = zip(*((c[ends] - c[starts]).tolist() for c in (cum["alpha"], cum["title"], cum["number"], cum["percent"])))
    shapes = [shape_signals(*stat) if n else [] for n, stat in zip(counts.tolist(), stats)]
    return lower[kept], counts, shapes


def rule_signals(rule: str, category: str, suppressed_by=()) -> list[str]:
    """What the rule engine said of a sentence: a finding reported (which rule and category),
    or a match that the context pass suppressed (which rule, which verdicts). Not the
    severity, which a team's config may change."""
    if suppressed_by:
        return ["suppressed:" + rule] + ["by:" + kind for kind in suppressed_by]
    return ["rule:" + rule, "category:" + category, "reported"]


def lexical_indices(ids) -> numpy.ndarray:
    """Table indices of one sentence's words, first word and word pairs (with repeats).
    ``ids``: the words' lowercase ids (spaCy LOWER)."""
    ids = numpy.asarray(ids, dtype=numpy.uint64).ravel()
    if not len(ids):
        return numpy.zeros(0, dtype=numpy.int64)
    return numpy.concatenate([_fold(ids), _fold(ids[:1] * _FIRST + _FIRST), _fold(ids[:-1] * _PAIR + ids[1:])])


class ClaimDetector:
    """A trained claim scorer: P(risky) for sentences, thresholds, and why."""

    def __init__(self, weights: numpy.ndarray, bias: float, meta: dict):
        self.weights = weights.astype(numpy.float64)  # dense, 2 ** BITS
        self.bias = float(bias)
        self.meta = meta
        self.threshold = float(meta.get("threshold", 0.5))  # a learned finding at or above
        # A rule finding whose sentence scores below this is set aside; 0 turns the verifier off.
        self.verify_threshold = float(meta.get("verify_threshold", 0.0))

    def lexical_logits(self, ids, lengths) -> numpy.ndarray:
        """The lexical part of the logit of consecutive segments of one id array
        (``lengths[k]`` ids each)."""
        ids = numpy.asarray(ids, dtype=numpy.uint64).ravel()
        lengths = numpy.asarray(lengths, dtype=numpy.int64)
        if not len(lengths):
            return numpy.zeros(0)
        ends = numpy.cumsum(lengths)
        starts = ends - lengths
        per_token = self.weights[_fold(ids)] if len(ids) else numpy.zeros(0)
        if len(ids) > 1:
            pairs = self.weights[_fold(ids[:-1] * _PAIR + ids[1:])]
            # pair i joins token i and i + 1; none joins the last token of a segment to the next
            inner = ends[:-1][(ends[:-1] > 0) & (ends[:-1] < len(ids))]
            pairs[inner - 1] = 0.0
            per_token[:-1] += pairs
        # Each segment summed on its own (not as a difference of running totals, whose
        # rounding depends on every segment before it): a sentence scores the same to the
        # last bit whatever page or batch of blocks it is read with.
        nonempty = lengths > 0
        logits = numpy.zeros(len(lengths))
        if nonempty.any():
            logits[nonempty] = numpy.add.reduceat(per_token, starts[nonempty])
        firsts = ids[starts[nonempty]]
        logits[nonempty] += self.weights[_fold(firsts * _FIRST + _FIRST)]
        return logits

    def probability(self, lexical_logit: float, signals) -> float:
        z = self.bias + lexical_logit + sum(self.weights[signal_index(s)] for s in signals)
        return float(1.0 / (1.0 + numpy.exp(-z)))

    def score_ids(self, ids, signals=()) -> float:
        """P(risky) of one sentence from its lowercase ids and its signals."""
        return self.probability(self.lexical_logits(ids, [len(ids)])[0], signals)

    def score_texts(self, texts, model: str | None = None) -> list[float]:
        """P(risky) of whole texts, each read as one sentence, without rule signals."""
        nlp = get_nlp(model)
        scores = []
        for text in texts:
            doc = nlp.make_doc(text)
            ids, counts, shapes = segments(doc_table(doc), [0], [len(doc)], doc.vocab.strings)
            scores.append(self.score_ids(ids, shapes[0]))
        return scores

    def evidence(self, ids, words: list[str], signals=(), skip=(), most: int = 3) -> list["Evidence"]:
        """Leave-one-out: drop each word and each pair of adjacent words, re-score, and
        return up to ``most`` non-overlapping phrases by score drop. A pair is preferred
        to its words only when both words count. ``ids``: the words' lowercase ids;
        ``words``: as written; ``skip``: indices never offered."""
        ids = numpy.asarray(ids, dtype=numpy.uint64).ravel()
        n, skip = len(words), set(skip)
        base = self.score_ids(ids, signals)

        def without(i, width):
            keep = [k for k in range(n) if not i <= k < i + width]
            return base - self.score_ids(ids[keep], signals)

        drop1 = {i: without(i, 1) for i in range(n) if i not in skip}
        candidates = [Evidence(i, i + 1, words[i], d) for i, d in drop1.items()]
        for i in range(n - 1):
            if i in drop1 and i + 1 in drop1:
                d = without(i, 2)
                if drop1[i] >= d / 4 > 0 and drop1[i + 1] >= d / 4:
                    candidates.append(Evidence(i, i + 2, f"{words[i]} {words[i + 1]}", d))
        chosen: list[Evidence] = []
        for c in sorted(candidates, key=lambda c: (-c.drop, c.start)):
            if c.drop <= 0.01 or len(chosen) == most:
                break
            if chosen and c.drop < chosen[0].drop / 4:
                break  # a small share of the strongest cue: noise, not a reason
            if all(c.end <= o.start or o.end <= c.start for o in chosen):
                chosen.append(c)
        return chosen


@dataclass(frozen=True)
class Evidence:
    """Words [start, end) of a sentence whose removal lowers the score by ``drop``."""

    start: int
    end: int
    text: str
    drop: float


def row_features(doc, rule_signals_=()):
    """Table indices of a doc's lexical features read as one sentence, and its signals
    (shape and ``rule_signals_``): what training reads; run time sums the same weights."""
    table = doc_table(doc)
    ids, counts, shapes = segments(table, [0], [len(doc)], doc.vocab.strings)
    return lexical_indices(ids), shapes[0] + list(rule_signals_)


_RECORD = numpy.dtype([("index", "<i4"), ("weight", "<f4")])


def save_detector(path, weights: numpy.ndarray, bias: float, meta: dict) -> None:
    """Write weights.npy (the non-zero weights, float32, with their table indices) and
    meta.json (format, bias, thresholds, ...): byte-identical for identical inputs."""
    where = Path(path)
    where.mkdir(parents=True, exist_ok=True)
    index = numpy.flatnonzero(weights.astype(numpy.float32))
    records = numpy.zeros(len(index), dtype=_RECORD)
    records["index"], records["weight"] = index, weights[index]
    numpy.save(where / "weights.npy", records, allow_pickle=False)
    meta = {"format": FORMAT, "bits": BITS, "bias": float(bias), **meta}
    (where / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def load_detector(path: str | None = None) -> ClaimDetector:
    """Load a claim detector saved by ``bench/train_detector.py`` (default: the packaged one)."""
    where = Path(path or model_path())
    try:
        meta = json.loads((where / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT or meta.get("bits") != BITS:
            raise ValueError(f"not a {FORMAT} model with {BITS} bits")
        records = numpy.load(where / "weights.npy", allow_pickle=False)
        weights = numpy.zeros(2 ** BITS, dtype=numpy.float64)
        weights[records["index"]] = records["weight"]
        bias = float(meta["bias"])
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise LintmedError(f"cannot load the claim detector from {str(where)!r}: {exc}".splitlines()[0]) from None
    return ClaimDetector(weights, bias, meta)


@lru_cache(maxsize=4)
def get_detector(path: str | None = None) -> ClaimDetector:
    """The detector for ``path``, loaded on first use and then kept for the process."""
    return load_detector(path)
