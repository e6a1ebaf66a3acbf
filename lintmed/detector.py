"""The learned claim detector: a small spaCy ``textcat`` beside the rules.

Rules catch the claims they name; the detector scores every sentence for how
much it reads like a risky health claim ("the blind see", "no more brain
fog"), so that paraphrases no rule lists can still be found. It is a bag of
n-grams over the engine's own tokens (blank English tokenizer, lowercase or
lookup-lemma features), trained by ``bench/train_detector.py`` and shipped in
``lintmed/models/claim-detector`` with its model card.

The model reads token ids straight from the engine's docs: a sentence is a
slice of its block's ``doc.to_array(attr)``, so scoring needs no second
tokenisation and one ``predict`` call covers every sentence of a page.
Features are string hashes, which do not depend on the vocab, so the
detector's own pipeline never needs the engine's strings.

Loaded lazily, once per process and model path (``get_detector``).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

RULE_ID = "learned-claim"
MODEL_NAME = "claim-detector"
ARCHITECTURE = "lintmed.ClaimBOW.v1"
RISKY, OK = "RISKY", "OK"
_ATTRS = ("lower", "orth", "lemma")


def model_path() -> str:
    """The packaged model folder."""
    return str(resources.files("lintmed").joinpath("models", MODEL_NAME))


# --- the architecture (registered on import; the saved config names it) ---

def _attr_id(attr: str) -> int:
    from spacy.attrs import LEMMA, LOWER, ORTH

    return {"lower": LOWER, "orth": ORTH, "lemma": LEMMA}[attr]


def _extract_ngrams(ngram_size: int, attr: str):
    """Like spaCy's extract_ngrams, but takes Docs, Spans or arrays of token ids:
    the engine hands in slices of the arrays it already has."""
    import numpy
    from thinc.api import Model

    attr_id = _attr_id(attr)

    def forward(model, items, is_train):
        ops = model.ops
        keys_list, vals_list = [], []
        for item in items:
            if isinstance(item, numpy.ndarray):
                unigrams = item
            elif hasattr(item, "to_array"):
                unigrams = item.to_array(attr_id)
            else:  # a Span
                unigrams = item.doc.to_array(attr_id)[item.start:item.end]
            unigrams = ops.asarray(unigrams, dtype="uint64").ravel()
            grams = [unigrams] + [ops.ngrams(n, unigrams) for n in range(2, ngram_size + 1)
                                  if len(unigrams) >= n]
            keys, vals = ops.xp.unique(ops.xp.concatenate(grams), return_counts=True)
            keys_list.append(keys)
            vals_list.append(vals)
        lengths = ops.asarray([len(k) for k in keys_list], dtype="int32")
        keys = ops.xp.concatenate(keys_list) if keys_list else ops.xp.zeros((0,), dtype="uint64")
        vals = ops.asarray(ops.xp.concatenate(vals_list), dtype="f") if vals_list else ops.alloc1f(0)
        return (keys, vals, lengths), lambda dY: []

    return Model("lintmed_extract_ngrams", forward, attrs={"ngram_size": ngram_size, "attr": attr})


def build_claim_bow(exclusive_classes: bool, ngram_size: int, length: int = 2 ** 17,
                    attr: str = "lower", nO: int | None = None):
    """spaCy's TextCatBOW.v3 with a choice of token attribute (it always uses ORTH)."""
    from functools import partial

    from spacy.ml.models.textcat import resize_and_set_ref
    from thinc.api import Logistic, SparseLinear_v2, chain, resizable, softmax_activation, with_cpu
    from thinc.layers.resizable import resize_linear_weighted

    if attr not in _ATTRS:
        raise ValueError(f"attr must be one of {', '.join(_ATTRS)}, got {attr!r}")
    length = 2 ** (length - 1).bit_length()
    sparse_linear = SparseLinear_v2(nO=nO, length=length)
    resizable_layer = resizable(sparse_linear, resize_layer=partial(
        resize_linear_weighted, fill_defaults={"b": -5000, "W": 0}))
    model = with_cpu(chain(_extract_ngrams(ngram_size, attr), resizable_layer), sparse_linear.ops)
    output = softmax_activation() if exclusive_classes else Logistic()
    model = chain(model, with_cpu(output, output.ops))
    if nO is not None:
        model.set_dim("nO", nO)
    model.set_ref("output_layer", sparse_linear)
    model.attrs["multi_label"] = not exclusive_classes
    model.attrs["resize_output"] = partial(resize_and_set_ref, resizable_layer=resizable_layer)
    return model


def register() -> None:
    from spacy.util import registry

    if ARCHITECTURE not in registry.architectures:
        registry.architectures.register(ARCHITECTURE, func=build_claim_bow)


# --- scoring and explaining ---

@dataclass(frozen=True)
class Evidence:
    """Tokens [start, end) of a sentence whose removal lowers the score by ``drop``."""

    start: int
    end: int
    text: str
    drop: float


class ClaimDetector:
    """A claim-detector model: P(risky) for sentences, and why."""

    def __init__(self, model, labels, meta: dict, nlp=None):
        self.model = model  # the textcat's thinc model
        self.risky = list(labels).index(RISKY)
        self.meta = meta  # meta.json's "lintmed" section: threshold, architecture, corpus digest
        self.threshold = float(meta.get("threshold", 0.5))
        self.attr = _find_attr(model)
        self.attr_id = _attr_id(self.attr)
        self.nlp = nlp  # the spaCy pipeline, when built from one (training)
        self._linear = _LinearBOW.of(model, self.risky)  # the fast path, None for other designs

    @classmethod
    def from_nlp(cls, nlp) -> "ClaimDetector":
        textcat = nlp.get_pipe("textcat")
        return cls(textcat.model, textcat.labels, nlp.meta.get("lintmed", {}), nlp)

    def token_ids(self, doc):
        """The feature ids of a processed Doc (lemmas must be set for a lemma model)."""
        return doc.to_array(self.attr_id)

    def score_ids(self, id_arrays) -> list[float]:
        """P(risky) for each array of token ids, in one batch."""
        if not id_arrays:
            return []
        if self._linear is not None:
            return self._linear.score(id_arrays)
        probs = self.model.predict(list(id_arrays))
        return [float(p) for p in probs[:, self.risky]]

    def score_segments(self, ids, lengths) -> list[float]:
        """P(risky) of consecutive segments of one id array, ``lengths[k]`` ids each."""
        if self._linear is not None:
            return self._linear.score_segments(ids, lengths)
        import numpy

        return self.score_ids(numpy.split(ids, numpy.cumsum(lengths)[:-1]))

    def score_texts(self, texts, model: str | None = None) -> list[float]:
        """P(risky) of whole texts, tokenised as the engine tokenises."""
        from lintmed.nlp import get_nlp, set_lemmas

        nlp = get_nlp(model)
        arrays = []
        for text in texts:
            doc = nlp.make_doc(text)
            set_lemmas(doc)
            arrays.append(self.token_ids(doc))
        return self.score_ids(arrays)

    def evidence(self, ids, words: list[str], skip=(), most: int = 3) -> list[Evidence]:
        """Leave-one-phrase-out: drop each word and each pair of adjacent words,
        re-score, and return up to ``most`` non-overlapping phrases by score drop.

        A pair is preferred to its words only when both words count (each
        drop at least a quarter of the pair's): then it is the phrase, not one
        word in it, that drove the score. ``skip``: token indices never
        offered (whitespace).
        """
        import numpy

        n = len(words)
        skip = set(skip)
        singles = [i for i in range(n) if i not in skip]
        pairs = [i for i in range(n - 1) if i not in skip and i + 1 not in skip]
        if self._linear is not None:
            scores = self._linear.leave_out(ids, singles, pairs)
        else:
            variants = [ids] + [numpy.delete(ids, i) for i in singles] + [numpy.delete(ids, [i, i + 1]) for i in pairs]
            scores = self.score_ids(variants)
        base = scores[0]
        drop1 = {i: base - s for i, s in zip(singles, scores[1:])}
        candidates = [Evidence(i, i + 1, words[i], d) for i, d in drop1.items()]
        for i, s in zip(pairs, scores[1 + len(singles):]):
            d = base - s
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


class _LinearBOW:
    """The detector's bag of n-grams is linear up to its softmax: a sentence's logits
    are the bias plus one contribution per n-gram occurrence. Summing contributions
    gives what ``model.predict`` gives (up to float rounding) without building a bag
    per sentence, and re-scores a sentence without each word or pair of words from
    the few n-grams that change. For unigram and bigram models with a softmax."""

    def __init__(self, sparse, ngram_size: int, risky: int):
        self.sparse = sparse  # thinc SparseLinear: logits = b + sum over keys of W[hash(key)] * count
        self.ngram_size = ngram_size
        self.risky = risky

    @classmethod
    def of(cls, model, risky: int) -> "_LinearBOW | None":
        if model.attrs.get("multi_label", True) or not model.has_ref("output_layer"):
            return None
        sparse = model.get_ref("output_layer")
        extract = next((layer for layer in model.walk() if layer.name == "lintmed_extract_ngrams"), None)
        if sparse.name != "sparse_linear" or extract is None or extract.attrs["ngram_size"] > 2:
            return None
        return cls(sparse, extract.attrs["ngram_size"], risky)

    def _contributions(self, keys):
        """Logit contribution of each key, one row per key."""
        import numpy

        keys = numpy.ascontiguousarray(keys, dtype="uint64")
        lengths = numpy.ones(len(keys), dtype="int32")
        values = numpy.ones(len(keys), dtype="float32")
        bias = self.bias
        logits = self.sparse.predict((keys, values, lengths)) if len(keys) else numpy.zeros((0, len(bias)))
        return numpy.asarray(logits, dtype="float64") - bias

    @property
    def bias(self):
        import numpy

        return numpy.asarray(self.sparse.get_param("b"), dtype="float64")

    def _bigram_keys(self, left, right):
        """The bigram key of each (left[i], right[i]), hashed as the model hashes n-grams."""
        import numpy

        pairs = numpy.empty(2 * len(left), dtype="uint64")
        pairs[0::2], pairs[1::2] = left, right
        return self.sparse.ops.ngrams(2, pairs)[0::2] if len(left) else pairs

    def _probability(self, logits) -> list[float]:
        import numpy

        logits = logits - logits.max(axis=1, keepdims=True)
        exp = numpy.exp(logits)
        return (exp[:, self.risky] / exp.sum(axis=1)).tolist()

    def score(self, id_arrays) -> list[float]:
        import numpy

        ids = numpy.concatenate([numpy.asarray(a, dtype="uint64").ravel() for a in id_arrays])
        return self.score_segments(ids, [len(a) for a in id_arrays])

    def score_segments(self, ids, lengths) -> list[float]:
        import numpy

        ids = numpy.asarray(ids, dtype="uint64").ravel()
        ends = numpy.cumsum(lengths, dtype="int64")
        starts = ends - numpy.asarray(lengths, dtype="int64")
        per_token = self._contributions(ids)
        if self.ngram_size == 2 and len(ids) > 1:
            # bigram i joins token i and i + 1; none joins the last token of one segment to the next
            per_bigram = self._contributions(self._bigram_keys(ids[:-1], ids[1:]))
            joins = ends[:-1]
            per_bigram[joins[(joins > 0) & (joins < len(ids))] - 1] = 0.0
            per_token[:-1] += per_bigram
        totals = numpy.vstack([numpy.zeros((1, per_token.shape[1])), numpy.cumsum(per_token, axis=0)])
        return self._probability(self.bias + totals[ends] - totals[starts])

    def leave_out(self, ids, singles, pairs) -> list[float]:
        """Scores of ``ids``, of ids without each token in ``singles`` and without each pair
        (i, i + 1) for i in ``pairs``, in that order."""
        import numpy

        ids = numpy.asarray(ids, dtype="uint64").ravel()
        n, bigrams = len(ids), self.ngram_size == 2 and len(ids) > 1
        per_token = self._contributions(ids)
        per_bigram = self._contributions(self._bigram_keys(ids[:-1], ids[1:])) if bigrams else per_token[:0]
        full = self.bias + per_token.sum(axis=0) + per_bigram.sum(axis=0)
        zero = numpy.zeros((1, len(full)))
        token_sums = numpy.vstack([zero, numpy.cumsum(per_token, axis=0)])
        bigram_sums = numpy.vstack([zero, numpy.cumsum(per_bigram, axis=0)])
        rows = [full[None, :]]
        for width, starts in ((1, singles), (2, pairs)):
            i = numpy.asarray(list(starts), dtype="int64")
            logits = full - (token_sums[i + width] - token_sums[i])
            if bigrams:
                # the bigrams that touch the removed words go; one joins their neighbours
                logits -= bigram_sums[numpy.minimum(n - 1, i + width)] - bigram_sums[numpy.maximum(0, i - 1)]
                joined = (i > 0) & (i + width < n)
                left, right = i[joined] - 1, i[joined] + width
                logits[joined] += self._contributions(self._bigram_keys(ids[left], ids[right]))
            rows.append(logits)
        return self._probability(numpy.vstack(rows))


def _find_attr(model) -> str:
    for layer in model.walk():
        if layer.name == "lintmed_extract_ngrams":
            return layer.attrs["attr"]
    raise ValueError("not a lintmed claim-detector model")


def load_detector(path: str | None = None) -> ClaimDetector:
    """Load a claim detector saved by ``bench/train_detector.py`` (default: the packaged one).

    The folder is a spaCy pipeline (``spacy.load`` reads it once ``register()``
    has run), but building a whole Language costs about 0.3 s, mostly for a
    tokenizer the engine already has; so only the textcat's model is built,
    from the architecture in meta.json, and its weights are read.
    """
    import json
    from pathlib import Path

    from lintmed.errors import LintmedError

    where = Path(path or model_path())
    try:
        meta = json.loads((where / "meta.json").read_text(encoding="utf-8"))["lintmed"]
        labels = json.loads((where / "textcat" / "cfg").read_text(encoding="utf-8"))["labels"]
        arch = meta["architecture"]
        model = build_claim_bow(True, arch["ngram_size"], arch["length"], arch["attr"], nO=len(labels))
        model.from_disk(where / "textcat" / "model")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise LintmedError(f"cannot load the claim detector from {str(where)!r}: {exc}".splitlines()[0]) from None
    return ClaimDetector(model, labels, meta)


@lru_cache(maxsize=4)
def get_detector(path: str | None = None) -> ClaimDetector:
    """The detector for ``path``, loaded on first use and then kept for the process."""
    return load_detector(path)
