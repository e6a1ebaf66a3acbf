"""Accuracy of rules, the learned claim detector, and both, by 5-fold cross-validation.

Usage (from the repository root):

    python bench/detector_accuracy.py [--corpus DIR] [--threshold T] [--verbose]

Rows are ``train.jsonl`` + ``dev.jsonl`` from ``../shared/corpus`` and the
repo-written sets (``train_detector.EXTRA``), in the same folds as
``bench/train_detector.py``. For each of 5 stratified folds (seed 0) a detector
with the packaged model's architecture is trained on the other 4 folds; every
held-out sentence is then linted (``Linter.lint``, rules fixed) with that
detector. Printed: recall on risky, false-positive rate on ok and on hard
negatives for

- rules alone (any rule finding),
- detector alone (the sentence's score at or above the threshold, no context pass),
- combined (any finding: rule findings plus learned findings, which pass the
  context pass and appear only where no rule flagged the sentence).

Each table is printed for the corpus rows alone (the fairer measure: the
repo-written sets were also used to tune the rules) and for all rows.

Then whether a low detector score could lower a rule finding's severity: for
each cut-off, how many ok sentences would lose all warning-level findings
(false positives removed) against how many risky sentences would (recall lost).

The threshold is the packaged model's unless ``--threshold`` is given.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import train_detector as T  # noqa: E402
from accuracy import is_hard_negative  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=T.DEFAULT_CORPUS)
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--verbose", "-v", action="store_true", help="list what the learned findings add")
    args = parser.parse_args(argv)

    meta = json.loads((T.OUT / "meta.json").read_text(encoding="utf-8"))["lintmed"]
    arch = T.Arch(**meta["architecture"])
    threshold = args.threshold if args.threshold is not None else meta["threshold"]
    corpus = T.load_corpus(args.corpus)
    all_rows = corpus + T.load_extra()
    all_outcomes = T.engine_outcomes(all_rows, arch, T.folds(all_rows))
    print(f"{T.FOLDS}-fold cross-validation, seed {T.SEED}; detector {arch.label()}, threshold {threshold:.2f}")
    for title, rows, outcomes in (("Corpus rows", corpus, all_outcomes[:len(corpus)]),
                                  ("All rows (corpus and repo-written)", all_rows, all_outcomes)):
        risky = sum(r["label"] == "risky" for r in rows)
        print(f"\n{title}: {len(rows)} sentences ({risky} risky, {len(rows) - risky} ok, "
              f"{sum(is_hard_negative(r) for r in rows)} hard negatives)")
        print()
        print("| | recall on risky | FPR on ok | FPR on hard negatives |")
        print("| --- | --- | --- | --- |")
        table = {
            "rules alone": [o.rules for o in outcomes],
            "detector alone": [o.raw >= threshold for o in outcomes],
            "combined (rules + learned-claim)": [o.rules or o.learned >= threshold for o in outcomes],
        }
        for name, flagged in table.items():
            print(f"| {name} " + T.fmt_rates(T.rates(rows, flagged)))
        print()
        print("Lowering a rule finding's severity when its sentence scores below a cut-off")
        print("(sentences whose every rule finding would drop below warning):")
        print("| cut-off | ok sentences cleared (hard negatives) | risky sentences cleared (recall lost) |")
        print("| --- | --- | --- |")
        for cut in (0.03, 0.05, 0.1, 0.2, 0.3):
            cleared = [o.rules and max(o.rule_confidences) < cut for o in outcomes]
            ok = sum(1 for r, x in zip(rows, cleared) if x and r["label"] == "ok")
            hard = sum(1 for r, x in zip(rows, cleared) if x and is_hard_negative(r))
            lost = sum(1 for r, x in zip(rows, cleared) if x and r["label"] == "risky")
            print(f"| {cut:.2f} | {ok} ({hard}) | {lost} |")
    if args.verbose:
        print("\nLearned findings (no rule finding in the sentence):")
        for r, o in zip(all_rows, all_outcomes):
            if not o.rules and o.learned >= threshold:
                mark = r["label"] + (" HARD" if is_hard_negative(r) else "")
                print(f"  {o.learned:.2f} {mark:10s} {r['text'][:120]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
