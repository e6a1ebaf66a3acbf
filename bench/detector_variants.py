"""Could another claim-detector design make severity demotion pay? A measurement.

Usage (from the repository root):

    python bench/detector_variants.py [--corpus DIR] [--variants NAME,...] [--seed N]

The question. Rules alone flag 15 of the 198 hard negatives (regulator or
educational prose that uses claim words); the target is at most 9 (FPR <= 0.05).
The learned detector can only add findings, so the one way down is to lower the
severity of a rule finding whose sentence the detector scores low ("demotion").
That pays only if rule-flagged hard negatives score below nearly all rule-flagged
risky sentences: recall (335/368 combined) may lose at most 3 sentences before
it falls under 0.90.

Method: exactly the cross-validation of ``bench/train_detector.py`` (its
``folds``, seed 0, 5 stratified folds of train.jsonl + dev.jsonl from
``../shared/corpus``; its ``rates`` and ``choose_threshold``; the engine's
``Linter`` with rules fixed). For each variant and outer fold a detector is
trained on the other 4 folds only, then every held-out sentence is linted by
rules + that detector. Variants that need a hyper-parameter (the number of
epochs) choose it *inside* the training folds (nested: an inner stratified
80/20 split of the training rows, best inner average precision, then retrained
on all training rows for that many epochs); all other settings were fixed
before looking at the outer results (the two "-balanced" verifiers were added
after seeing the plain verifier's, as a design, not a tuned setting), and any
figure chosen on the outer results is labelled an upper bound.

Every variant is wrapped in ``Scorer``, which duck-types
``lintmed.detector.ClaimDetector`` (token ids in, P(risky) out, the same
leave-one-out ``evidence``), so learned findings go through the engine's own
context pass and rule findings get the variant's score as ``confidence``.

Printed per variant:

- out-of-fold average precision of the raw score (risky positive);
- the combined table (rules + learned findings, threshold chosen by
  ``choose_threshold`` on the out-of-fold engine, as the repository does);
- the demotion table: among rule-flagged sentences, for each cut-off, how many
  ok sentences (of them hard negatives) would lose every rule finding's warning
  against how many risky sentences would (recall lost), and the combined rates
  after demotion;
- the oracle cut-off (chosen on the outer results, so an upper bound): the most
  hard negatives cleared while losing at most 3 risky sentences;
- training time (5 folds) and scoring speed (sentences/s, model predict on
  pre-built docs, batches of 25 sentences as on a page).

The corpus stays in ``../shared/corpus``; nothing here stores its text.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import train_detector as T  # noqa: E402
from accuracy import is_hard_negative  # noqa: E402

CUTS = (0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50)
MAX_RECALL_LOSS = 3  # 335/368 combined; 332/368 is the last recall >= 0.90
MAX_HARD = 9  # 9/198 = 0.045; 10/198 > 0.05
CANDIDATE_FLOOR = 0.30  # choose_threshold looks at 0.30-0.99; lower scores never matter for learned findings
MAX_EPOCHS = 15  # nested early stopping looks at 1..MAX_EPOCHS
BATCH = 8
TRAIN_SEED = T.SEED  # the models' seed (--seed); the folds always use T.SEED


# --- model specifications ---

def claim_bow(ngram_size: int = 1) -> dict:
    return {"@architectures": "lintmed.ClaimBOW.v1", "exclusive_classes": True, "ngram_size": ngram_size,
            "length": 2 ** 16, "attr": "lower"}


def tok2vec(width: int = 64, depth: int = 2) -> dict:
    """A small tok2vec trained from scratch: hashed NORM/PREFIX/SUFFIX/SHAPE embeddings, CNN encoder."""
    return {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": width,
                  "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"], "rows": [5000, 1000, 2500, 2500],
                  "include_static_vectors": False},
        "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": width, "window_size": 1,
                   "maxout_pieces": 3, "depth": depth},
    }


@dataclass(frozen=True)
class Variant:
    name: str
    model: dict  # the textcat's model config
    epochs: int | None = 2  # None: chosen by nested early stopping inside the training folds
    dropout: float = 0.0
    hard_weight: int = 1  # each hard negative repeated this many times per epoch (class weighting)
    balance: bool = False  # repeat ok rows until the classes weigh alike (for the verifier: ~1 ok in 18)
    rule_tokens: bool = False  # append the rules' ids and context-cue kinds as extra tokens
    verifier: bool = False  # train only on rule-flagged rows; scores only demote, learned findings from "bow1"
    note: str = ""


VARIANTS = [
    Variant("bow1", claim_bow(1), note="unigrams, lower, 2 epochs (the packaged design until the repo-written sets)"),
    Variant("bow2", claim_bow(2), note="uni+bigrams, 2 epochs"),
    Variant("bow1-es", claim_bow(1), epochs=None, note="unigrams, epochs by nested early stopping"),
    Variant("bow2-es", claim_bow(2), epochs=None, note="uni+bigrams, nested early stopping"),
    Variant("bow1-hard3", claim_bow(1), hard_weight=3, note="hard negatives weighted x3"),
    Variant("bow1-rules", claim_bow(1), rule_tokens=True, note="+ rule ids and cue kinds as tokens"),
    Variant("bow1-rules-hard3", claim_bow(1), rule_tokens=True, hard_weight=3,
            note="+ rule/cue tokens, hard negatives x3"),
    Variant("verifier", claim_bow(1), epochs=None, verifier=True,
            note="trained on rule-flagged rows only (nested epochs)"),
    Variant("verifier-rules", claim_bow(1), epochs=None, verifier=True, rule_tokens=True,
            note="verifier + rule/cue tokens (nested epochs)"),
    Variant("verifier-balanced", claim_bow(1), epochs=None, verifier=True, balance=True,
            note="verifier, ok rows repeated to balance the classes (nested epochs)"),
    Variant("verifier-rules-balanced", claim_bow(1), epochs=None, verifier=True, rule_tokens=True, balance=True,
            note="verifier + rule/cue tokens, classes balanced (nested epochs)"),
    Variant("ensemble", {"@architectures": "spacy.TextCatEnsemble.v2", "tok2vec": tok2vec(),
                         "linear_model": claim_bow(1)}, epochs=None, dropout=0.2,
            note="TextCatEnsemble.v2: tok2vec (64, depth 2) + BOW; nested epochs"),
    Variant("reduce", {"@architectures": "spacy.TextCatReduce.v1", "tok2vec": tok2vec(),
                       "exclusive_classes": True, "use_reduce_first": False, "use_reduce_last": False,
                       "use_reduce_max": True, "use_reduce_mean": True}, epochs=None, dropout=0.2,
            note="TextCatReduce.v1 (= TextCatCNN): tok2vec, mean+max pooling; nested epochs"),
    Variant("attention", {"@architectures": "spacy.TextCatParametricAttention.v1", "tok2vec": tok2vec(),
                          "exclusive_classes": True}, epochs=None, dropout=0.2,
            note="TextCatParametricAttention.v1 over tok2vec; nested epochs"),
]


# --- features: the engine's tokens, optionally the rules' verdicts as extra tokens ---

@lru_cache(maxsize=1)
def rules_linter():
    from lintmed.linter import Linter
    from lintmed.rules import load_ruleset

    return Linter(load_ruleset().select(lambda rule: not rule.document), inline_suppress=False)


@lru_cache(maxsize=None)
def rule_tokens(words: tuple[str, ...]) -> tuple[str, ...]:
    """What the rules say about a sentence, as tokens: the id of each reported rule finding,
    each suppressed one with why, and the kinds of context cue that applied."""
    result = rules_linter().lint(" ".join(words), path="x.txt")
    out = set()
    for f in result.findings:
        out.add(f"rule:{f.rule}")
        out.update(f"cue:{t.kind}" for t in (f.context.triggers if f.context else ()))
    for v in result.suppressed:
        out.add(f"suppressed:{v.finding.rule}")
        out.update(f"suppressedby:{k}" for k in v.suppressed_by)
        out.update(f"cue:{t.kind}" for t in v.context.triggers)
    return tuple(sorted(out))


def engine_words(text: str) -> tuple[str, ...]:
    """The engine's non-space tokens of a text."""
    from lintmed.nlp import get_nlp

    return tuple(t.text for t in get_nlp().make_doc(text) if not t.is_space)


def make_doc(nlp, words: tuple[str, ...], variant: Variant):
    from spacy.tokens import Doc

    extra = rule_tokens(words) if variant.rule_tokens and words else ()
    return Doc(nlp.vocab, words=list(words) + list(extra))


class Scorer:
    """A trained variant behind the interface the engine uses (``lintmed.detector.ClaimDetector``)."""

    def __init__(self, nlp, variant: Variant, threshold: float = 0.5):
        from spacy.attrs import ORTH

        from lintmed.detector import RISKY
        from lintmed.nlp import get_nlp

        self.nlp = nlp
        self.variant = variant
        self.model = nlp.get_pipe("textcat").model
        self.risky = list(nlp.get_pipe("textcat").labels).index(RISKY)
        self.threshold = threshold
        self.meta = {"threshold": threshold}
        self.attr_id = ORTH
        self.strings = get_nlp().vocab.strings  # the engine's: token ids are its ORTH hashes

    def token_ids(self, doc):
        return doc.to_array(self.attr_id)

    def docs(self, id_arrays):
        return [make_doc(self.nlp, tuple(self.strings[int(i)] for i in ids), self.variant) for ids in id_arrays]

    def score_docs(self, docs) -> list[float]:
        if not docs:
            return []
        return [float(p) for p in self.model.predict(docs)[:, self.risky]]

    def score_ids(self, id_arrays) -> list[float]:
        return self.score_docs(self.docs(list(id_arrays)))

    def score_texts(self, texts) -> list[float]:
        return self.score_docs([make_doc(self.nlp, engine_words(t), self.variant) for t in texts])

    # No linear fast path: ClaimDetector's methods fall back to re-scoring through score_ids.
    _linear = None

    def score_segments(self, ids, lengths) -> list[float]:
        from lintmed.detector import ClaimDetector

        return ClaimDetector.score_segments(self, ids, lengths)

    def evidence(self, ids, words, skip=(), most: int = 3):
        from lintmed.detector import ClaimDetector

        return ClaimDetector.evidence(self, ids, words, skip, most)


# --- training ---

def _examples(nlp, rows, variant: Variant):
    from spacy.training import Example

    from lintmed.detector import OK, RISKY

    ok_weight = 1
    if variant.balance:
        ok = sum(r["label"] == "ok" for r in rows)
        ok_weight = max(1, round((len(rows) - ok) / max(1, ok)))
    out = []
    for r in rows:
        doc = make_doc(nlp, engine_words(r["text"]), variant)
        ex = Example.from_dict(doc, {"cats": {RISKY: float(r["label"] == "risky"), OK: float(r["label"] == "ok")}})
        weight = (variant.hard_weight if is_hard_negative(r) else 1) * (ok_weight if r["label"] == "ok" else 1)
        out.extend([ex] * weight)
    return out


def _fit(rows, variant: Variant, seed: int, epochs: int, validate=None):
    """Train for ``epochs``; with ``validate(scorer) -> float``, also the score after each epoch."""
    import spacy
    from spacy.util import fix_random_seed, minibatch

    from lintmed.detector import register

    register()
    fix_random_seed(seed)
    nlp = spacy.blank("en")
    nlp.add_pipe("textcat", config={"model": variant.model})
    examples = _examples(nlp, rows, variant)
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    curve = []
    for _ in range(epochs):
        order = examples[:]
        rng.shuffle(order)
        for batch in minibatch(order, size=BATCH):
            nlp.update(batch, sgd=optimizer, drop=variant.dropout)
        if validate:
            curve.append(validate(Scorer(nlp, variant)))
    return nlp, curve


def train_rows(rows, variant: Variant):
    """The rows a variant learns from: all, or (verifier) those a rule flags."""
    if not variant.verifier:
        return rows
    return [r for r in rows if rule_flagged(r["text"])]


@lru_cache(maxsize=None)
def rule_flagged(text: str) -> bool:
    return bool(rules_linter().lint(text, path="x.txt").findings)


def fit(rows, variant: Variant, seed: int | None = None) -> tuple[Scorer, int]:
    """A scorer trained on ``rows`` (and the epochs used). Epochs left open are chosen on an
    inner stratified 80/20 split of ``rows`` (never the outer held-out fold)."""
    seed = TRAIN_SEED if seed is None else seed
    rows = train_rows(rows, variant)
    epochs = variant.epochs
    if epochs is None:
        inner = T.folds(rows, k=5, seed=seed)
        fit_rows = [r for r, f in zip(rows, inner) if f != 0]
        val_rows = [r for r, f in zip(rows, inner) if f == 0]
        labels = [r["label"] == "risky" for r in val_rows]
        texts = [r["text"] for r in val_rows]
        _, curve = _fit(fit_rows, variant, seed, MAX_EPOCHS,
                        validate=lambda s: T.average_precision(s.score_texts(texts), labels))
        epochs = 1 + max(range(len(curve)), key=lambda e: (curve[e], -e))
    nlp, _ = _fit(rows, variant, seed, epochs)
    return Scorer(nlp, variant), epochs


# --- evaluation ---

@dataclass
class Result:
    variant: Variant
    raw: list[float]
    outcomes: list  # T.RowOutcome per row
    epochs: list[int]
    train_seconds: float
    speed: float  # sentences/s
    size_kb: int
    extra: dict = field(default_factory=dict)


def evaluate(rows, fold, variant: Variant) -> Result:
    from lintmed.linter import Linter
    from lintmed.rules import load_ruleset

    ruleset = load_ruleset().select(lambda rule: not rule.document)
    outcomes = [None] * len(rows)
    raw = [0.0] * len(rows)
    epochs, train_seconds, speed, size = [], 0.0, 0.0, 0
    for k in range(T.FOLDS):
        started = time.perf_counter()
        scorer, n = fit([r for r, f in zip(rows, fold) if f != k], variant)
        train_seconds += time.perf_counter() - started
        epochs.append(n)
        held_out = [i for i, f in enumerate(fold) if f == k]
        linter = Linter(ruleset, detector=scorer, detector_threshold=CANDIDATE_FLOOR, inline_suppress=False)
        for i, p in zip(held_out, scorer.score_texts([rows[i]["text"] for i in held_out])):
            raw[i] = p
            findings = linter.lint(rows[i]["text"], path="x.txt").findings
            learned = [f.confidence for f in findings if f.rule == "learned-claim"]
            ruled = tuple(f.confidence for f in findings if f.rule != "learned-claim")
            outcomes[i] = T.RowOutcome(bool(ruled), max(learned, default=-1.0), p, ruled)
        if k == 0:
            speed = scoring_speed(scorer, rows)
            size = model_size(scorer)
    return Result(variant, raw, outcomes, epochs, train_seconds, speed, size)


def scoring_speed(scorer: Scorer, rows) -> float:
    """Sentences per second through the model's predict, docs built beforehand, pages of 25."""
    docs = [make_doc(scorer.nlp, engine_words(r["text"]), scorer.variant) for r in rows]
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for i in range(0, len(docs), 25):
            scorer.score_docs(docs[i:i + 25])
        best = min(best, time.perf_counter() - started)
    return len(docs) / best


def model_size(scorer: Scorer) -> int:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        scorer.nlp.to_disk(tmp, exclude=["vocab"])
        return sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file()) // 1024


def demotion(rows, outcomes, learned_outcomes, threshold: float):
    """Per cut-off: ok cleared, hard cleared, risky lost, and the combined rates after demotion."""
    table = []
    for cut in CUTS:
        cleared = [o.rules and max(o.rule_confidences) < cut for o in outcomes]
        flagged = [(o.rules and not c) or lo.learned >= threshold
                   for o, lo, c in zip(outcomes, learned_outcomes, cleared)]
        ok = sum(c for r, c in zip(rows, cleared) if r["label"] == "ok")
        hard = sum(c for r, c in zip(rows, cleared) if is_hard_negative(r))
        lost = sum(c for r, c in zip(rows, cleared) if r["label"] == "risky")
        table.append((cut, ok, hard, lost, T.rates(rows, flagged)))
    return table


def oracle(rows, outcomes, learned_outcomes, threshold: float):
    """The most hard negatives a cut-off clears while losing at most MAX_RECALL_LOSS risky
    sentences, the cut-off chosen on these very scores: an upper bound."""
    scores = sorted({max(o.rule_confidences) for o in outcomes if o.rules})
    best = (0.0, 0, 0, None)
    for s in scores:
        cut = s + 1e-9
        cleared = [o.rules and max(o.rule_confidences) < cut for o in outcomes]
        lost = sum(c for r, c in zip(rows, cleared) if r["label"] == "risky")
        if lost > MAX_RECALL_LOSS:
            break
        hard = sum(c for r, c in zip(rows, cleared) if is_hard_negative(r))
        if hard > best[1]:
            flagged = [(o.rules and not c) or lo.learned >= threshold
                       for o, lo, c in zip(outcomes, learned_outcomes, cleared)]
            best = (cut, hard, lost, T.rates(rows, flagged))
    return best


def pair_auc(rows, outcomes) -> float:
    """Among rule-flagged sentences: P(a risky one scores above a hard negative)."""
    risky = [max(o.rule_confidences) for r, o in zip(rows, outcomes) if o.rules and r["label"] == "risky"]
    hard = [max(o.rule_confidences) for r, o in zip(rows, outcomes) if o.rules and is_hard_negative(r)]
    wins = sum((a > b) + 0.5 * (a == b) for a in risky for b in hard)
    return wins / max(1, len(risky) * len(hard))


def hard_ranks(rows, outcomes, raw: bool = False) -> list[int]:
    """For each rule-flagged hard negative: how many rule-flagged risky sentences score at or
    below it (the recall a cut-off clearing it would cost), ascending. The engine's confidence
    is rounded to 3 decimals; ``raw``: the unrounded score of the whole row instead."""
    def score(o):
        return o.raw if raw else max(o.rule_confidences)

    risky = [score(o) for r, o in zip(rows, outcomes) if o.rules and r["label"] == "risky"]
    hard = [score(o) for r, o in zip(rows, outcomes) if o.rules and is_hard_negative(r)]
    return sorted(sum(x <= h for x in risky) for h in hard)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=T.DEFAULT_CORPUS)
    parser.add_argument("--variants", default=",".join(v.name for v in VARIANTS),
                        help="comma-separated subset of: " + ", ".join(v.name for v in VARIANTS))
    parser.add_argument("--seed", type=int, default=T.SEED,
                        help="seed for training (robustness check); the folds stay those of seed 0")
    args = parser.parse_args(argv)
    global TRAIN_SEED
    TRAIN_SEED = args.seed

    wanted = args.variants.split(",")
    unknown = set(wanted) - {v.name for v in VARIANTS}
    if unknown:
        raise SystemExit(f"detector_variants: unknown variant(s): {', '.join(sorted(unknown))}")
    rows = T.load_corpus(args.corpus)
    fold = T.folds(rows)
    labels = [r["label"] == "risky" for r in rows]
    print(f"{len(rows)} sentences ({sum(labels)} risky, {len(rows) - sum(labels)} ok, "
          f"{sum(is_hard_negative(r) for r in rows)} hard negatives); {T.FOLDS}-fold cross-validation, "
          f"folds seed {T.SEED}, training seed {TRAIN_SEED}")
    rules = T.rates(rows, [rule_flagged(r["text"]) for r in rows])
    print(f"rules alone {T.fmt_rates(rules)}")

    base = None
    results = []
    for variant in VARIANTS:
        if variant.name not in wanted and not (variant.name == "bow1" and base is None
                                               and any(v.verifier for v in VARIANTS if v.name in wanted)):
            continue
        print(f"\n## {variant.name}: {variant.note}", flush=True)
        res = evaluate(rows, fold, variant)
        if variant.name == "bow1":
            base = res
        # A verifier only scores rule-flagged sentences; learned findings come from bow1.
        learned_from = base if variant.verifier else res
        threshold, combined = T.choose_threshold(rows, learned_from.outcomes)
        ap = T.average_precision(res.raw, labels)
        flagged_rows = [(r, o) for r, o in zip(rows, res.outcomes) if o.rules]
        flagged_ap = T.average_precision([max(o.rule_confidences) for _, o in flagged_rows],
                                         [r["label"] == "risky" for r, _ in flagged_rows])
        auc = pair_auc(rows, res.outcomes)
        ranks = hard_ranks(rows, res.outcomes)
        cut, hard, lost, after = oracle(rows, res.outcomes, learned_from.outcomes, threshold)
        res.extra = dict(ap=ap, flagged_ap=flagged_ap, auc=auc, threshold=threshold, combined=combined,
                         oracle=(cut, hard, lost, after), ranks=ranks)
        results.append(res)
        print(f"OOF AP {ap:.4f}; among rule-flagged: AP {flagged_ap:.4f}, AUC risky>hard {auc:.3f}; "
              f"epochs per fold {res.epochs}; training {res.train_seconds:.1f} s (5 folds); "
              f"{res.speed:,.0f} sentences/s; {res.size_kb} KB")
        print(f"combined (rules + learned >= {threshold:.2f}) {T.fmt_rates(combined)}")
        print(f"risky lost to clear each rule-flagged hard negative: {ranks}")
        print(f"  the same by the unrounded score of the whole row: {hard_ranks(rows, res.outcomes, raw=True)}")
        print("| cut-off | ok cleared | of them hard | risky lost | combined after demotion: recall | FPR ok | FPR hard |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for c, ok, h, l, r in demotion(rows, res.outcomes, learned_from.outcomes, threshold):
            print(f"| {c:.2f} | {ok} | {h} | {l} {T.fmt_rates(r)}")
        if after:
            print(f"oracle cut-off {cut:.3f} (upper bound): clears {hard} hard for {lost} risky -> {T.fmt_rates(after)}")
        else:
            print(f"oracle: no cut-off clears a hard negative for at most {MAX_RECALL_LOSS} risky sentences")

    print("\n## Summary (oracle = best cut-off chosen on the outer results, an upper bound)\n")
    print("| variant | OOF AP | AP / AUC among rule-flagged | combined recall | FPR ok | FPR hard "
          "| oracle: hard cleared / risky lost | hard FPR after | train s | sent/s | KB |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for res in results:
        e = res.extra
        cut, hard, lost, after = e["oracle"]
        after_hard = after["fpr_hard"] if after else e["combined"]["fpr_hard"]
        print(f"| {res.variant.name} | {e['ap']:.3f} | {e['flagged_ap']:.3f} / {e['auc']:.3f} "
              f"{T.fmt_rates(e['combined'])} {hard} / {lost} | {after_hard:.3f} | {res.train_seconds:.0f} "
              f"| {res.speed:,.0f} | {res.size_kb} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
