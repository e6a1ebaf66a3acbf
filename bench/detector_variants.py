"""Which detector design generalises to real copy never seen: variants under grouped CV.

Usage (from the repository root; needs the ``train`` extra):

    python bench/detector_variants.py [--corpus DIR] [--extra FILE ...] [--only NAME ...] [--page-model]

Every variant is judged the same way as the shipped design (``detector_accuracy``): 5 folds
of whole documents of the real corpus, a detector trained per fold (real rows of the other
folds, plus the repo-written sets where the variant says so), every held-out row linted by
the engine with it (with ``--page-model``, its scores then read with its page by the page
model fitted on the other folds). Printed per variant, real non-borderline rows only:

- AUC of the row's score on page copy and on regulator-cited claims, on all rows and apart
  for rows a rule flags (what the verifier sees) and rows no rule flags (what learned
  findings see);
- the default engine at thresholds chosen on the other folds (nested ``choose_thresholds``):
  recall, FPR and precision on page copy; recall, FPR and hard-negative FPR on regulator-cited
  claims.
"""
from __future__ import annotations

import argparse
import copy
import sys
import zlib
from pathlib import Path

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent))

import detector_accuracy as A  # noqa: E402
import detector_data as DD  # noqa: E402
import real_data as RD  # noqa: E402
import train_detector as T  # noqa: E402


def with_chars(feats: DD.Features, rows) -> DD.Features:
    """Character 3-5-grams of each lowercased word (edges marked) added to the lexical features."""
    from lintmed.engine.nlp import get_nlp

    nlp = get_nlp()
    out = copy.deepcopy(feats)
    for k, row in enumerate(rows):
        grams = []
        for token in nlp.make_doc(row["text"]):
            if token.is_space:
                continue
            padded = f"<{token.lower_}>"
            grams += [zlib.crc32(("c" + padded[i:i + n]).encode()) & (2 ** DD.D.BITS - 1)
                      for n in (3, 4, 5) for i in range(len(padded) - n + 1)]
        out.lexical[k] = numpy.concatenate([out.lexical[k], numpy.array(grams, dtype=numpy.int64)])
    return out


def with_terms(feats: DD.Features, rows) -> DD.Features:
    """A signal for each term list of rules.yaml (a named condition, product, ...) in the row."""
    from lintmed.engine.nlp import get_nlp
    from lintmed.rules.load import load_ruleset

    nlp = get_nlp()
    starts: dict[tuple, set] = {}
    for name, terms in load_ruleset().terms.items():
        for term in terms:
            words = tuple(t.lower_ for t in nlp.make_doc(term) if not t.is_space)
            if words:
                starts.setdefault(words[:2], set()).add(name)
    out = copy.deepcopy(feats)
    for k, row in enumerate(rows):
        words = [t.lower_ for t in nlp.make_doc(row["text"]) if not t.is_space]
        found = set()
        for i, w in enumerate(words):
            found |= starts.get((w,), set()) | starts.get(tuple(words[i:i + 2]), set())
        out.signals[k] = out.signals[k] + [f"term:{n}" for n in sorted(found)]
    return out


FIRST_PERSON = {"we", "our", "us", "ours", "i", "my", "me"}
SECOND_PERSON = {"you", "your", "yours", "yourself"}


def with_subject(feats: DD.Features, rows) -> DD.Features:
    """Who speaks to whom (first / second person / neither), alone and crossed with the
    rule signals: 'our therapy repairs' and 'the body repairs' differ for a verifier."""
    from lintmed.engine.nlp import get_nlp

    nlp = get_nlp()
    out = copy.deepcopy(feats)
    for k, row in enumerate(rows):
        words = {t.lower_ for t in nlp.make_doc(row["text"])}
        who = [w for w, found in (("we", words & FIRST_PERSON), ("you", words & SECOND_PERSON)) if found] or ["none"]
        crossed = [f"{s}&who:{w}" for s in out.signals[k] if s.startswith(("rule:", "category:", "reported"))
                   for w in who]
        out.signals[k] = out.signals[k] + [f"who:{w}" for w in who] + crossed
    return out


def without_rule_signals(feats: DD.Features, rows) -> DD.Features:
    out = copy.deepcopy(feats)
    rule_kinds = ("rule:", "category:", "reported", "suppressed:", "by:")
    out.signals = [[s for s in sig if not s.startswith(rule_kinds)] for sig in out.signals]
    return out


# name -> (feature transform, fit, train on the repo-written sets)
VARIANTS = {
    "shipped": (None, T.fit, T.REPO_SETS_TRAINED),
    "with-repo-sets": (None, T.fit, True),
    "no-rule-signals": (without_rule_signals, T.fit, False),
    "char-ngrams": (with_chars, T.fit, False),
    "term-signals": (with_terms, T.fit, False),
    "subject-signals": (with_subject, T.fit, False),
    "borderline-trained": (None, T.make_fit(borderline=1.0), False),
    "page-weight-2": (None, T.make_fit(page_weight=2.0), False),
    "page-weight-3": (None, T.make_fit(page_weight=3.0), False),
    "page-weight-5": (None, T.make_fit(page_weight=5.0), False),
    "page-weight-3-C-0.3": (None, T.make_fit(page_weight=3.0, C=0.3), False),
    "page-weight-3-subject": (with_subject, T.make_fit(page_weight=3.0), False),
    "page-weight-3-borderline": (None, T.make_fit(page_weight=3.0, borderline=1.0), False),
    "page-weight-3-borderline-0.5": (None, T.make_fit(page_weight=3.0, borderline=0.5), False),
    "page-weight-2-borderline-0.5": (None, T.make_fit(page_weight=2.0, borderline=0.5), False),
    "C-0.3": (None, T.make_fit(C=0.3), False),
    "C-3": (None, T.make_fit(C=3.0), False),
}


def auc(y, s):
    from sklearn.metrics import roc_auc_score

    return roc_auc_score(y, s) if 0 < sum(y) < len(y) else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    RD.add_data_arguments(parser)
    parser.add_argument("--only", nargs="*", choices=sorted(VARIANTS))
    parser.add_argument("--page-model", action="store_true",
                        help="read each row's score with its page (PageModel; measured, not shipped)")
    args = parser.parse_args(argv)

    real = RD.load_args(args)
    repo = DD.load_repo_sets()
    base_real, base_repo = DD.featurize(real), DD.featurize(repo)
    print("| variant | page AUC (all / ruled / unruled) | regulator AUC (all / ruled / unruled) "
          "| page R / FPR / P (nested) | regulator R / FPR / hard (nested) | thresholds per fold |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in args.only or VARIANTS:
        transform, fit, use_repo = VARIANTS[name]
        fr = transform(base_real, real) if transform else base_real
        fp = transform(base_repo, repo) if transform else base_repo
        folds, scores, outcomes = A.cross_validate(real, repo if use_repo else [], fr, fp if use_repo else None, fit)
        if args.page_model:
            scores, outcomes = A.with_page_models(real, folds, scores, outcomes)
        ruled = numpy.array([bool(o.rule_findings or o.document) for o in outcomes])
        y = numpy.array([r["label"] == "risky" for r in real])
        cells = []
        for in_part in (RD.is_page, RD.is_regulator):
            m = numpy.array([in_part(r) and not RD.is_borderline(r) for r in real])
            cells.append(" / ".join(f"{auc(y[k], scores[k]):.3f}" for k in (m, m & ruled, m & ~ruled)))
        nested, chosen = A.nested_flags(real, folds, outcomes)
        r = A.source_rates(real, nested)
        p, g = r["page"], r["regulator"]
        print(f"| {name} | {cells[0]} | {cells[1]} | {p.recall:.3f} / {p.fpr:.3f} / {p.precision:.3f} "
              f"| {g.recall:.3f} / {g.fpr:.3f} / {g.fpr_hard:.3f} | {chosen} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
