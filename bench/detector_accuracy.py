"""The learned claim detector on real text, by cross-validation over whole documents.

Usage (from the repository root):

    python bench/detector_accuracy.py [--corpus DIR] [--extra FILE ...] [--repo-sets] [--choose]

Rows: the real corpus in ``../shared/corpus`` (``real_data.load``), with ``--extra`` more page
copy kept outside the repository. Folds: ``real_data.group_folds``
(5 folds of whole pages and letters). For each fold a detector is trained
(``train_detector.fit``) on the other four folds' real rows (with ``--repo-sets``, also on
the repo-written sets ``detector_data.REPO_SETS``: training only, never scored here);
every held-out row is then linted on its own by the engine with that detector. Printed, page
copy and regulator-cited claims apart, borderline rows apart:

- rules alone (any rule finding);
- the score alone (the row's score, rule signals included, at or above the learned
  threshold; no findings, no context pass);
- rules + learned findings (no verifier);
- rules + verifier (rule findings whose sentence scores below the verify threshold set aside);
- the default engine: rules + verifier + learned findings.

Thresholds are the packaged model's (``meta.json``), or with ``--choose`` those that
``choose_thresholds`` picks on these out-of-fold results (what ``train_detector.py`` does),
with a nested check: each fold's thresholds chosen on the other four folds' results.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent))

import detector_data as DD  # noqa: E402
import real_data as RD  # noqa: E402

VERIFY_GRID = tuple(round(0.05 * k, 2) for k in range(0, 11))  # 0 (off) .. 0.50
ADD_GRID = tuple(round(0.5 + 0.01 * k, 2) for k in range(0, 50)) + (1.01,)  # 1.01: off
HARD_NEGATIVE_CAP = 0.10  # the target for regulator hard negatives
# The target for false alarms on real page copy: a false alarm costs a writer's
# trust, so the verifier sets aside as much as it takes to reach it, and no more.
PAGE_FPR_TARGET = 0.05
# Learned findings must not bring back the false alarms the verifier cleared.
MAX_ADDED_FPR = 0.005


def cross_validate(real, repo, feats_real, feats_repo, fit, progress=None):
    """Out-of-fold scores (the row as one sentence) and engine outcomes for every real row."""
    folds = numpy.array(RD.group_folds(real, DD.FOLDS))
    scores = numpy.zeros(len(real))
    outcomes = [None] * len(real)
    for f in range(DD.FOLDS):
        train = numpy.flatnonzero(folds != f)
        test = numpy.flatnonzero(folds == f)
        weights, bias = fit([real[i] for i in train], DD.matrix(feats_real, train), repo,
                            DD.matrix(feats_repo, range(len(repo))) if repo else None)
        z = DD.matrix(feats_real, test) @ weights.astype(numpy.float32).astype(numpy.float64) + bias
        scores[test] = 1 / (1 + numpy.exp(-z))
        for i, o in zip(test, DD.lint_with(DD.detector_of(weights, bias), [real[i] for i in test])):
            outcomes[i] = o
        if progress:
            progress(f)
    return folds, scores, outcomes


def source_rates(rows, flags):
    """Rates of page copy and of regulator-cited claims, borderline rows left out."""
    out = {}
    for name, in_part in (("page", RD.is_page), ("regulator", RD.is_regulator)):
        picked = [(r, f) for r, f in zip(rows, flags) if in_part(r) and not RD.is_borderline(r)]
        out[name] = RD.rates([r for r, _ in picked], [f for _, f in picked])
    return out


def choose_thresholds(rows, outcomes):
    """The threshold rule, real non-borderline rows only, page copy first:

    1. verify: the lowest threshold (0 = off; the lowest keeps the most recall) at which the
       FPR on page copy is at most PAGE_FPR_TARGET and the FPR on hard negatives at most
       HARD_NEGATIVE_CAP; when none reaches both, the one with the lowest page-copy FPR;
    2. add: the lowest threshold at which learned findings add at most MAX_ADDED_FPR to the
       FPR of page copy and of regulator-cited claims (over the verified rules alone) and keep
       the FPR on hard negatives at most HARD_NEGATIVE_CAP (1.01: no learned findings)."""
    off = max(ADD_GRID)
    verified_at = {verify: source_rates(rows, [DD.flagged(o, off, verify) for o in outcomes])
                   for verify in VERIFY_GRID}
    meeting = [v for v, r in verified_at.items()
               if r["page"].fpr <= PAGE_FPR_TARGET and r["regulator"].fpr_hard <= HARD_NEGATIVE_CAP]
    verify = min(meeting) if meeting else min(VERIFY_GRID, key=lambda v: (verified_at[v]["page"].fpr, v))
    verified = verified_at[verify]
    add = off
    for candidate in sorted(ADD_GRID, reverse=True):
        r = source_rates(rows, [DD.flagged(o, candidate, verify) for o in outcomes])
        if (r["page"].fpr > verified["page"].fpr + MAX_ADDED_FPR
                or r["regulator"].fpr > verified["regulator"].fpr + MAX_ADDED_FPR
                or r["regulator"].fpr_hard > HARD_NEGATIVE_CAP):
            break
        add = candidate
    return verify, add


def nested_flags(rows, folds, outcomes):
    """Each fold flagged at thresholds chosen on the other folds' outcomes."""
    flags = [False] * len(rows)
    chosen = []
    for f in range(DD.FOLDS):
        others = [i for i in range(len(rows)) if folds[i] != f]
        verify, add = choose_thresholds([rows[i] for i in others], [outcomes[i] for i in others])
        chosen.append((verify, add))
        for i in range(len(rows)):
            if folds[i] == f:
                flags[i] = DD.flagged(outcomes[i], add, verify)
    return flags, chosen


def print_tables(rows, scores, outcomes, verify, add, nested=None):
    tables = [
        ("rules alone", [DD.flagged(o, 2.0, 0.0) for o in outcomes]),
        (f"the score alone (>= {add:.2f}; rule signals in the score, no findings, no context pass)",
         list(scores >= add)),
        (f"rules + learned findings (>= {add:.2f}), no verifier", [DD.flagged(o, add, 0.0) for o in outcomes]),
        (f"rules + verifier (< {verify:.2f} set aside), no learned findings",
         [DD.flagged(o, 2.0, verify) for o in outcomes]),
        (f"default engine: rules + verifier (< {verify:.2f}) + learned findings (>= {add:.2f})",
         [DD.flagged(o, add, verify) for o in outcomes]),
        (f"default engine, a warning or error (info findings left out)",
         [DD.flagged(o, add, verify, warnings_only=True) for o in outcomes]),
    ]
    if nested:
        tables.append(("default engine, thresholds chosen on the other four folds (nested)", nested))
    for title, flags in tables:
        RD.report(rows, flags, title)


def main(argv: list[str] | None = None) -> int:
    import train_detector as T

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    RD.add_data_arguments(parser)
    parser.add_argument("--repo-sets", action="store_true", help="train on the repo-written sets too")
    parser.add_argument("--choose", action="store_true", help="choose the thresholds on these results")
    args = parser.parse_args(argv)

    real = RD.load_args(args)
    repo = DD.load_repo_sets() if args.repo_sets else []
    feats_real, feats_repo = DD.featurize(real), DD.featurize(repo)
    folds, scores, outcomes = cross_validate(real, repo, feats_real, feats_repo, T.fit,
                                             progress=lambda f: print(f"fold {f + 1} done", file=sys.stderr))
    nested = None
    if args.choose:
        verify, add = choose_thresholds(real, outcomes)
        nested, chosen = nested_flags(real, folds, outcomes)
        print(f"chosen: verify {verify:.2f}, add {add:.2f}; per fold (nested): {chosen}")
    else:
        meta = json.loads((Path(DD.D.model_path()) / "meta.json").read_text(encoding="utf-8"))
        verify, add = meta["verify_threshold"], meta["threshold"]
    print_tables(real, scores, outcomes, verify, add, nested)
    return 0


if __name__ == "__main__":
    sys.exit(main())
