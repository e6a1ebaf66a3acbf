"""Train the learned claim detector and write it into the package, with its model card.

Usage (from the repository root):

    python bench/train_detector.py [--corpus DIR] [--out DIR] [--no-search] [--date YYYY-MM-DD]

Reads ``train.jsonl`` and ``dev.jsonl`` from ``../shared/corpus`` (text, label
risky/ok, note). The corpus stays there: the repository holds this script,
the weights (hashed n-gram weights, no sentences) and the model card.

The repository's own labelled sets (``EXTRA``: sentences written for lintmed,
not taken from any page) join the corpus rows in the folds: the threshold is
chosen on both, and the figures are printed for corpus rows alone and for all
rows. ``bench/heldout2.jsonl`` and ``bench/heldout3.jsonl`` are the held-out tests and
are never trained on.

1. Choose the architecture by 5-fold cross-validation (fixed folds, fixed
   seed): spaCy textcat, bag of n-grams (``lintmed.ClaimBOW.v1``, spaCy's
   TextCatBOW.v3 with a choice of token attribute) over n-gram sizes 1-3,
   lowercase / verbatim / lookup-lemma features and epochs. Ranked by the
   out-of-fold average precision on risky rows. With ``--no-search`` the
   last search's winner (``CHOSEN``) is cross-validated alone.
2. Choose the threshold on the out-of-fold scores of the whole engine: rules
   (fixed) plus learned findings (after the context pass), maximising recall
   while the learned findings add at most ``MAX_ADDED_FPR`` false positives on
   ok rows and on hard negatives.
3. Train on all rows with that architecture and write
   ``lintmed/models/claim-detector`` and its ``MODEL_CARD.md``.

Everything is seeded (``spacy.util.fix_random_seed``, seeded shuffles and
folds), so the same inputs give the same model and the same figures.
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import random
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from accuracy import DEFAULT_CORPUS, is_hard_negative, load_rows  # noqa: E402

FILES = ("train.jsonl", "dev.jsonl")
# Repo-written labelled sets, trained on (see the docstring); bench/heldout2.jsonl and
# bench/heldout3.jsonl are not.
EXTRA = tuple(REPO / "bench" / name for name in (
    "challenge.jsonl", "heldout.jsonl", "train-pages.jsonl", "train-ads.jsonl", "train-education.jsonl"))
OUT = REPO / "lintmed" / "models" / "claim-detector"
SEED = 0
FOLDS = 5
MAX_ADDED_FPR = 0.01  # learned findings may add at most this FPR on ok rows and on hard negatives


@dataclass(frozen=True)
class Arch:
    ngram_size: int = 2
    attr: str = "lower"
    epochs: int = 10
    length: int = 2 ** 16
    dropout: float = 0.0

    def label(self) -> str:
        return f"BOW ngram 1-{self.ngram_size}, {self.attr}, {self.epochs} epochs"


CHOSEN = Arch(ngram_size=2, attr="lower", epochs=5)  # the search's winner, for --no-search
SEARCH = [Arch(n, attr, epochs) for n in (1, 2, 3) for attr in ("lower", "orth", "lemma") for epochs in (2, 3, 5, 10)]


def load_corpus(corpus: Path) -> list[dict]:
    rows = []
    for name in FILES:
        path = corpus / name
        if not path.is_file():
            raise SystemExit(f"train_detector: corpus file not found: {path} (pass --corpus DIR)")
        rows.extend(load_rows(path))
    return rows


def load_extra() -> list[dict]:
    return [row for path in EXTRA for row in load_rows(path)]


def folds(rows: list[dict], k: int = FOLDS, seed: int = SEED) -> list[int]:
    """Fold number of each row: stratified by label, shuffled with a fixed seed."""
    fold = [0] * len(rows)
    rng = random.Random(seed)
    for label in ("risky", "ok"):
        idx = [i for i, r in enumerate(rows) if r["label"] == label]
        rng.shuffle(idx)
        for n, i in enumerate(idx):
            fold[i] = n % k
    return fold


def make_docs(texts):
    """Docs tokenised and lemmatised exactly as the engine does."""
    from lintmed.nlp import get_nlp, set_lemmas

    nlp = get_nlp()
    docs = []
    for text in texts:
        doc = nlp.make_doc(text)
        set_lemmas(doc)
        docs.append(doc)
    return docs


def train(rows: list[dict], arch: Arch, seed: int = SEED, threshold: float = 0.5):
    """A blank English pipeline with one textcat (RISKY/OK), trained on ``rows``."""
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    from lintmed.detector import ARCHITECTURE, OK, RISKY, ClaimDetector, register

    register()
    fix_random_seed(seed)
    nlp = spacy.blank("en")
    nlp.add_pipe("textcat", config={"model": {
        "@architectures": ARCHITECTURE, "exclusive_classes": True, "ngram_size": arch.ngram_size,
        "length": arch.length, "attr": arch.attr}})
    docs = make_docs([r["text"] for r in rows])
    examples = [Example.from_dict(doc, {"cats": {RISKY: float(r["label"] == "risky"),
                                                 OK: float(r["label"] == "ok")}})
                for doc, r in zip(docs, rows)]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for _ in range(arch.epochs):
        order = examples[:]
        rng.shuffle(order)
        for batch in minibatch(order, size=8):
            nlp.update(batch, sgd=optimizer, drop=arch.dropout)
    nlp.meta["lintmed"] = {"threshold": threshold}
    return ClaimDetector.from_nlp(nlp)


def out_of_fold(rows, arch: Arch, fold: list[int]):
    """Per fold: the detector trained on the other folds, and the row indices it scores."""
    for k in range(FOLDS):
        train_rows = [r for r, f in zip(rows, fold) if f != k]
        yield k, train(train_rows, arch), [i for i, f in enumerate(fold) if f == k]


def average_precision(scores: list[float], labels: list[bool]) -> float:
    ranked = sorted(zip(scores, labels), key=lambda x: -x[0])
    hits, total = 0, 0.0
    for n, (_, positive) in enumerate(ranked, 1):
        if positive:
            hits += 1
            total += hits / n
    return total / max(1, sum(labels))


@dataclass
class RowOutcome:
    """One held-out row through the engine with its fold's detector (threshold 0)."""

    rules: bool  # a rule finding
    learned: float  # highest score of a learned finding that survived the context pass; -1: none
    raw: float  # the detector's score of the row's text, no context
    rule_confidences: tuple[float, ...] = ()  # the detector's score of each rule finding's sentence


def engine_outcomes(rows, arch: Arch, fold: list[int]) -> list[RowOutcome]:
    """Every row linted by rules + a detector that never saw it, with the threshold at 0
    so that each sentence's learned verdict can be thresholded afterwards."""
    from lintmed.linter import Linter
    from lintmed.rules import load_ruleset

    # Page-level rules judge a whole page, not one sentence (as in bench/accuracy.py).
    ruleset = load_ruleset().select(lambda rule: not rule.document)
    outcomes: list[RowOutcome | None] = [None] * len(rows)
    for _, detector, held_out in out_of_fold(rows, arch, fold):
        linter = Linter(ruleset, detector=detector, detector_threshold=0.0, inline_suppress=False)
        raw = detector.score_texts([rows[i]["text"] for i in held_out])
        for i, p in zip(held_out, raw):
            findings = linter.lint(rows[i]["text"], path="x.txt").findings
            learned = [f.confidence for f in findings if f.rule == "learned-claim"]
            ruled = tuple(f.confidence for f in findings if f.rule != "learned-claim")
            outcomes[i] = RowOutcome(bool(ruled), max(learned, default=-1.0), p, ruled)
    return outcomes


def rates(rows, flagged: list[bool]) -> dict:
    risky = [f for r, f in zip(rows, flagged) if r["label"] == "risky"]
    ok = [f for r, f in zip(rows, flagged) if r["label"] == "ok"]
    hard = [f for r, f in zip(rows, flagged) if is_hard_negative(r)]
    return {"recall": sum(risky) / len(risky), "fpr_ok": sum(ok) / len(ok), "fpr_hard": sum(hard) / len(hard),
            "counts": (sum(risky), len(risky), sum(ok), len(ok), sum(hard), len(hard))}


def choose_threshold(rows, outcomes: list[RowOutcome]) -> tuple[float, dict]:
    rules_only = rates(rows, [o.rules for o in outcomes])
    best = (0.99, None)
    for t in [x / 100 for x in range(30, 100)]:
        combined = rates(rows, [o.rules or o.learned >= t for o in outcomes])
        added_ok = combined["fpr_ok"] - rules_only["fpr_ok"]
        added_hard = combined["fpr_hard"] - rules_only["fpr_hard"]
        if added_ok <= MAX_ADDED_FPR + 1e-9 and added_hard <= MAX_ADDED_FPR + 1e-9:
            if best[1] is None or combined["recall"] > best[1]["recall"]:
                best = (t, combined)
    return best[0], best[1] or rates(rows, [o.rules or o.learned >= 0.99 for o in outcomes])


def search(rows, fold, archs) -> list[tuple[Arch, float, float]]:
    """(arch, out-of-fold average precision, seconds) for each candidate."""
    results = []
    labels = [r["label"] == "risky" for r in rows]
    for arch in archs:
        started = time.perf_counter()
        scores = [0.0] * len(rows)
        for _, detector, held_out in out_of_fold(rows, arch, fold):
            for i, p in zip(held_out, detector.score_texts([rows[i]["text"] for i in held_out])):
                scores[i] = p
        ap = average_precision(scores, labels)
        results.append((arch, ap, time.perf_counter() - started))
        print(f"  {arch.label():40s} AP {ap:.4f}  ({time.perf_counter() - started:.1f}s)", file=sys.stderr)
    return results


def digest(paths) -> str:
    """The first 16 hex digits of the sha256 of the files' bytes, in order."""
    h = hashlib.sha256()
    for path in paths:
        h.update(Path(path).read_bytes())
    return h.hexdigest()[:16]


def fmt_rates(r: dict) -> str:
    tp, risky, fp, ok, hfp, hard = r["counts"]
    return (f"| {r['recall']:.3f} ({tp}/{risky}) | {r['fpr_ok']:.3f} ({fp}/{ok}) "
            f"| {r['fpr_hard']:.3f} ({hfp}/{hard}) |")


def write_card(out: Path, rows, extra, arch: Arch, threshold: float, tables: dict, ranking,
               digests: dict[str, str], date: str, size: int) -> None:
    risky = sum(r["label"] == "risky" for r in rows)
    hard = sum(is_hard_negative(r) for r in rows)
    lines = [
        "# lintmed claim detector (`learned-claim`)",
        "",
        "A spaCy `textcat` that scores how much a sentence reads like a risky health or medical",
        "marketing claim. lintmed reports a sentence that no rule flags but that scores at or above",
        "the threshold as a `learned-claim` finding (after the same context pass as the rules), and",
        "gives every rule finding the score of its sentence as `confidence`.",
        "",
        "## Data",
        "",
        f"- `train.jsonl` + `dev.jsonl` from `../shared/corpus` (sha256 {digests['corpus']}…): "
        f"{len(rows)} labelled",
        f"  sentences, {risky} risky and {len(rows) - risky} ok, {hard} of the ok ones hard negatives",
        "  (negated, questioned, hedged or reported claims). Sources: regulator decisions (ASA, FTC,",
        "  FDA warning letters, NAD, ASCI), clinic and supplement pages, consumer-health pages, and five",
        "  clinic pages about exosome and stem-cell therapy; labels are a reviewer's judgement.",
        f"- {len(extra)} sentences written for lintmed (`bench/`: {', '.join(p.name for p in EXTRA)};",
        f"  sha256 {digests['extra']}…; {sum(r['label'] == 'risky' for r in extra)} risky, "
        f"{sum(is_hard_negative(r) for r in extra)} hard negatives): invented seller copy, hard",
        "  negatives and neutral copy by helper sessions that saw neither the rules nor the corpus",
        "  (each set's `.md` says how it was written). They take part in the folds like corpus rows.",
        "  `bench/heldout2.jsonl` and `bench/heldout3.jsonl`, the held-out tests, are never trained on.",
        "- The corpus is third-party text and is not in the repository; the weights are hashed n-gram",
        "  weights, not sentences.",
        "",
        "## Model",
        "",
        f"- Architecture: `lintmed.ClaimBOW.v1` = spaCy `TextCatBOW.v3` (sparse linear bag of n-grams,",
        f"  softmax over RISKY/OK) with n-grams 1-{arch.ngram_size} of the token's `{arch.attr}` form,",
        f"  {arch.length} hash buckets; tokens from the engine's blank English tokenizer",
        "  (and the shipped lookup lemmas).",
        f"- Training: {arch.epochs} epochs, minibatch 8, Adam (spaCy defaults), dropout {arch.dropout},",
        f"  seed {SEED} (`spacy.util.fix_random_seed`, seeded shuffles). Size on disk: {size // 1024} KB.",
        f"- Threshold: **{threshold:.2f}** on P(RISKY), chosen on the cross-validated engine: the highest",
        f"  recall for which learned findings add at most {MAX_ADDED_FPR:.2f} to the false-positive rate on",
        "  ok rows and on hard negatives.",
        "",
        f"## Cross-validated figures ({FOLDS}-fold, stratified, seed {SEED}; rules fixed)",
        "",
        "Flagged = at least one finding for the sentence (`lintmed.lint_text`). The repo-written",
        "sentences were also used to tune the rules, so the corpus rows are the fairer measure.",
        "",
        *[line for title, table in tables.items() for line in (
            f"{title}:", "",
            "| | recall on risky | FPR on ok | FPR on hard negatives |",
            "| --- | --- | --- | --- |",
            *[f"| {name} " + fmt_rates(r) for name, r in table.items()],
            "")],
        "Architecture search (out-of-fold average precision of the detector's raw score):",
        "",
        "| architecture | AP |",
        "| --- | --- |",
        *[f"| {a.label()} | {ap:.4f} |" for a, ap, _ in ranking],
        "",
        "## Limits",
        "",
        "- About 2,500 sentences, most of them written for lintmed by helper sessions: the model may",
        "  fit their style better than real pages'. On the corpus rows (third-party copy) the learned",
        "  findings the threshold allows are few and about as often wrong as right (tables above); on new repo-written copy",
        "  (`bench/heldout2.jsonl`, `bench/heldout3.jsonl`) far more true ones. On real clinic pages it still flags some",
        "  neutral explanations and headings about the treatments they sell.",
        "- A bag of n-grams sees words, not syntax; negation and questions are left to the context pass.",
        "- Scores near the threshold are unstable: a paraphrase a writer would call a claim can score",
        "  just under it, and small threshold changes move several sentences. The ranking is the",
        "  robust part; treat the threshold as a setting to tune.",
        "- It is a judgement to review, not a rule: findings say so, and name the words that drove them.",
        "",
        f"Trained {date} by `python bench/train_detector.py`.",
        "",
    ]
    (out / "MODEL_CARD.md").write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--no-search", dest="search", action="store_false",
                        help=f"skip the architecture search; use {CHOSEN.label()}")
    parser.add_argument("--date", default=datetime.date.today().isoformat(), help="date for the model card")
    args = parser.parse_args(argv)

    corpus = load_corpus(args.corpus)
    extra = load_extra()
    rows = corpus + extra
    fold = folds(rows)
    print(f"{len(corpus)} corpus rows + {len(extra)} repo-written rows; {FOLDS}-fold cross-validation,"
          f" seed {SEED}", file=sys.stderr)
    ranking = search(rows, fold, SEARCH if args.search else [CHOSEN])
    ranking.sort(key=lambda x: -x[1])
    arch = ranking[0][0] if args.search else CHOSEN

    outcomes = engine_outcomes(rows, arch, fold)
    threshold, _ = choose_threshold(rows, outcomes)
    tables = {}
    for title, part in ((f"Corpus rows ({len(corpus)})", slice(0, len(corpus))),
                        (f"All rows ({len(rows)}, corpus and repo-written)", slice(None))):
        sub, outs = rows[part], outcomes[part]
        tables[title] = {
            "rules alone": rates(sub, [o.rules for o in outs]),
            f"detector alone (score ≥ {threshold:.2f}, no context)": rates(sub, [o.raw >= threshold for o in outs]),
            f"learned findings only (≥ {threshold:.2f}, after context, where no rule flags)":
                rates(sub, [o.learned >= threshold for o in outs]),
            "combined (rules + learned)": rates(sub, [o.rules or o.learned >= threshold for o in outs]),
        }
        print(title, file=sys.stderr)
        for name, r in tables[title].items():
            print(f"  {name:55s} {fmt_rates(r)}", file=sys.stderr)
    print(f"threshold {threshold:.2f}", file=sys.stderr)

    detector = train(rows, arch, threshold=threshold)
    digests = {"corpus": digest(args.corpus / name for name in FILES), "extra": digest(EXTRA)}
    detector.nlp.meta.update({"name": "claim_detector", "version": "1.0.0",
                              "description": "lintmed learned claim detector (see MODEL_CARD.md)",
                              "lintmed": {"threshold": threshold, "architecture": asdict(arch),
                                          "corpus_sha256": digests["corpus"],
                                          "extra_sha256": digests["extra"]}})
    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / "model"
        detector.nlp.to_disk(staged, exclude=["vocab"])
        size = sum(p.stat().st_size for p in staged.rglob("*") if p.is_file())
        write_card(staged, corpus, extra, arch, threshold, tables, ranking, digests, args.date, size)
        if args.out.exists():
            shutil.rmtree(args.out)
        shutil.copytree(staged, args.out)
    print(f"wrote {args.out} ({size // 1024} KB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
