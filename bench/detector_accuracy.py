"""The learned claim detector on real text, by cross-validation over whole documents.

Usage (from the repository root):

    python bench/detector_accuracy.py [--corpus DIR] [--extra FILE ...] [--repo-sets] [--choose] [--page-model]
                                      [--frontier]

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

With ``--page-model``, every row's scores are first read with its page by a page model
(``PageModel``, measured and not shipped) fitted on the other folds' out-of-fold scores.

Thresholds are the packaged model's (``meta.json``), or with ``--choose`` those that
``choose_thresholds`` picks on these out-of-fold results (what ``train_detector.py`` does),
with a nested check: each fold's thresholds chosen on the other four folds' results.

With ``--frontier``, also the best that any pair of thresholds could do on these results,
chosen with hindsight (``frontier``): whether a target is within this model's reach at all.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent))

import detector_data as DD  # noqa: E402
import real_data as RD  # noqa: E402

VERIFY_GRID = tuple(round(0.01 * k, 2) for k in range(0, 51))  # 0 (off) .. 0.50
ADD_GRID = tuple(round(0.5 + 0.01 * k, 2) for k in range(0, 50)) + (1.01,)  # 1.01: off
HARD_NEGATIVE_CAP = 0.10  # the target for regulator hard negatives
# The target for false alarms on real page copy: a false alarm costs a writer's
# trust, so the verifier sets aside as much as it takes to reach it, and no more.
PAGE_FPR_TARGET = 0.05
# Learned findings must not bring back the false alarms the verifier cleared.
MAX_ADDED_FPR = 0.005
REGULATOR_FPR_TARGET = 0.08  # the issue's target for false alarms on regulator-cited rows' ok prose
# --frontier's grid: every pair of thresholds, learned findings down to 0.30 (the shipped 0.5 and up
# adds few); coarser than the choosing grids, which it holds at every second step.
FRONTIER_VERIFY = VERIFY_GRID[::2]
FRONTIER_ADD = tuple(round(0.3 + 0.02 * k, 2) for k in range(0, 36)) + (1.01,)


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


# The page model, measured and not shipped (README, "Learned claim detector"): a row's score
# read with the other rows of its page. Only files that hold every sentence of a page form
# pages; dev.jsonl holds only a seed page's claims, and regulator-cited claims come without
# their pages, so their rows are read alone (a page of one), as lint_with lints every row.
PAGE_PSEUDO = 3.0  # sentences of an average page that a page's mean and share are drawn towards
PAGE_C = 1.0


def logit(scores) -> numpy.ndarray:
    """Log-odds of probabilities, clipped to [1e-4, 1 - 1e-4] so that one sure sentence
    cannot outweigh a page."""
    clipped = numpy.clip(numpy.asarray(scores, dtype=numpy.float64), 1e-4, 1 - 1e-4)
    return numpy.log(clipped / (1 - clipped))


@dataclass(frozen=True)
class PageModel:
    """A logistic model over a sentence's own log-odds, the mean log-odds of its page's other
    sentences and the share of them with a rule finding; the mean and the share are drawn
    towards ``prior_logit`` and ``prior_ruled`` (an average real page's) by ``pseudo``
    sentences, so that a sentence alone reads as a sentence of an average page."""

    weights: tuple[float, float, float]  # own log-odds, others' mean log-odds, others' ruled share
    bias: float
    prior_logit: float
    prior_ruled: float
    pseudo: float

    def features(self, scores, ruled) -> numpy.ndarray:
        """(own log-odds, others' mean log-odds, others' ruled share) of each sentence of a page."""
        logits = logit(scores)
        ruled = numpy.asarray(ruled, dtype=numpy.float64)
        others = len(logits) - 1 + self.pseudo
        mean = (logits.sum() - logits + self.pseudo * self.prior_logit) / others
        share = (ruled.sum() - ruled + self.pseudo * self.prior_ruled) / others
        return numpy.column_stack([logits, mean, share])

    def score(self, confidence: float, page_features) -> float:
        """A score (the row's own, or a finding's confidence) read with the page as
        ``page_features`` (a row of ``features``) describes it."""
        own = logit([confidence])[0]
        z = self.weights[0] * own + numpy.dot(self.weights[1:], page_features[1:]) + self.bias
        return float(1 / (1 + numpy.exp(-z)))


def whole_page(row) -> bool:
    return row["file"] == "pages.jsonl" or row["file"].startswith(RD.EXTRA_PREFIX)


def _pages(rows):
    """Lists of row indices that are read together: each whole page, and every other row alone."""
    groups: dict = {}
    alone = []
    for i, row in enumerate(rows):
        if whole_page(row):
            groups.setdefault(row["group"], []).append(i)
        else:
            alone.append([i])
    return list(groups.values()) + alone


def _ruled(outcomes) -> numpy.ndarray:
    """Whether a rule reported a finding on each row (before the verifier)."""
    return numpy.array([bool(o.rule_findings) for o in outcomes], dtype=float)


def page_features(rows, scores, outcomes, model) -> numpy.ndarray:
    """Each row's ``PageModel.features`` with the other rows of its page."""
    ruled = _ruled(outcomes)
    out = numpy.zeros((len(rows), 3))
    for idx in _pages(rows):
        out[idx] = model.features(scores[idx], ruled[idx])
    return out


def fit_page_model(rows, scores, outcomes, train) -> PageModel:
    """The page model fitted on the out-of-fold ``scores`` of the whole-page rows in ``train``
    (a boolean mask), non-borderline rows only; its priors are those rows' mean log-odds and
    their share with a rule finding, so that a text read alone reads as an average page's
    sentence. Rows read alone are not fitted: their features would only be the priors, and
    fitted with them (regulator-cited claims, half of them risky) the model learned to
    raise any lone sentence's score, which says more about how the data was gathered than
    about a one-sentence file."""
    from sklearn.linear_model import LogisticRegression

    train = numpy.asarray(train, dtype=bool)
    pages = numpy.array([whole_page(r) for r in rows]) & train
    unset = PageModel((0.0, 0.0, 0.0), 0.0, float(logit(scores[pages]).mean()),
                      float(_ruled(outcomes)[pages].mean()), PAGE_PSEUDO)
    X = page_features(rows, scores, outcomes, unset)
    y = numpy.array([r["label"] == "risky" for r in rows])
    use = pages & ~numpy.array([RD.is_borderline(r) for r in rows])
    fitted = LogisticRegression(C=PAGE_C, solver="liblinear", random_state=0).fit(X[use], y[use])
    return PageModel(tuple(float(w) for w in fitted.coef_[0]), float(fitted.intercept_[0]),
                     unset.prior_logit, unset.prior_ruled, PAGE_PSEUDO)


def in_page(rows, scores, outcomes, model_of):
    """Row scores and outcomes with every confidence read with the row's page, by the page
    model ``model_of(i)`` gives for row ``i`` (the model not fitted on its fold)."""
    adjusted_scores = numpy.zeros(len(rows))
    adjusted = [None] * len(rows)
    ruled = _ruled(outcomes)
    for idx in _pages(rows):
        model = model_of(idx[0])
        for i, feats in zip(idx, model.features(scores[idx], ruled[idx])):
            o = outcomes[i]

            def rescore(confidence):
                return None if confidence is None else model.score(confidence, feats)

            adjusted_scores[i] = rescore(float(scores[i]))
            adjusted[i] = DD.RowOutcome([(rule, rescore(c), sev) for rule, c, sev in o.rule_findings],
                                        [(rescore(c), sev) for c, sev in o.learned], o.document)
    return adjusted_scores, adjusted


def with_page_models(rows, folds, scores, outcomes):
    """Out-of-fold scores and outcomes read with their pages by the page model fitted on
    the other folds."""
    models = [fit_page_model(rows, scores, outcomes, folds != f) for f in range(DD.FOLDS)]
    return in_page(rows, scores, outcomes, lambda i: models[folds[i]])


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


def frontier(rows, outcomes) -> list[tuple[str, tuple[float, float], dict]]:
    """What the best thresholds could do, chosen with hindsight on the rows they are scored
    on: an upper bound for this model and rule set, not a figure to report as its accuracy.
    (label, (verify, add), rates by source) for: the highest page-copy recall with its FPR at
    most PAGE_FPR_TARGET; the highest regulator-cited recall with page copy's FPR, regulator
    FPR and hard negatives' FPR at most their targets; the highest recall of each at any pair."""
    grid = {(v, a): source_rates(rows, [DD.flagged(o, a, v) for o in outcomes])
            for v in FRONTIER_VERIFY for a in FRONTIER_ADD}

    def best(label, recall_of, keep=lambda r: True):
        pairs = [p for p, r in grid.items() if keep(r)]
        if not pairs:
            return label, None, None
        pair = max(pairs, key=lambda p: (recall_of(grid[p]), -grid[p]["page"].fpr))
        return label, pair, grid[pair]

    def within_targets(r):
        return (r["page"].fpr <= PAGE_FPR_TARGET and r["regulator"].fpr <= REGULATOR_FPR_TARGET
                and r["regulator"].fpr_hard <= HARD_NEGATIVE_CAP)

    return [best(f"page copy, FPR <= {PAGE_FPR_TARGET}", lambda r: r["page"].recall,
                 lambda r: r["page"].fpr <= PAGE_FPR_TARGET),
            best("regulator-cited, every FPR target met", lambda r: r["regulator"].recall, within_targets),
            best("page copy, any thresholds", lambda r: r["page"].recall),
            best("regulator-cited, any thresholds", lambda r: r["regulator"].recall)]


def print_frontier(rows, outcomes) -> None:
    print("\nThresholds chosen with hindsight on these out-of-fold results (an upper bound, not an "
          "accuracy figure):\n")
    print("| best | verify, add | page copy: recall, FPR | regulator-cited: recall, FPR, hard negatives |")
    print("| --- | --- | --- | --- |")
    for label, pair, r in frontier(rows, outcomes):
        if pair is None:
            print(f"| {label} | none | | |")
            continue
        page, reg = r["page"], r["regulator"]
        print(f"| {label} | {pair[0]:.2f}, {pair[1]:.2f} | {page.recall:.3f}, {page.fpr:.3f} | "
              f"{reg.recall:.3f}, {reg.fpr:.3f}, {reg.fpr_hard:.3f} |")


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
    parser.add_argument("--page-model", action="store_true",
                        help="read each row's score with its page (PageModel; measured, not shipped)")
    parser.add_argument("--frontier", action="store_true",
                        help="also the best any pair of thresholds could do on these results, with hindsight")
    args = parser.parse_args(argv)

    real = RD.load_args(args)
    repo = DD.load_repo_sets() if args.repo_sets else []
    feats_real, feats_repo = DD.featurize(real), DD.featurize(repo)
    folds, scores, outcomes = cross_validate(real, repo, feats_real, feats_repo, T.fit,
                                             progress=lambda f: print(f"fold {f + 1} done", file=sys.stderr))
    if args.page_model:
        scores, outcomes = with_page_models(real, folds, scores, outcomes)
    nested = None
    if args.choose:
        verify, add = choose_thresholds(real, outcomes)
        nested, chosen = nested_flags(real, folds, outcomes)
        print(f"chosen: verify {verify:.2f}, add {add:.2f}; per fold (nested): {chosen}")
    else:
        meta = json.loads((Path(DD.D.model_path()) / "meta.json").read_text(encoding="utf-8"))
        verify, add = meta["verify_threshold"], meta["threshold"]
    print_tables(real, scores, outcomes, verify, add, nested)
    if args.frontier:
        print_frontier(real, outcomes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
