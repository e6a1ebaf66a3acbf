"""Shared by the detector scripts: rows, their features as the engine reads them, training
a fold, and linting held-out rows with a fold's detector.

Rows are the real corpus (``real_data.load``: page copy and regulator-cited claims, each
with its document as ``group``) and, for training only, the repo-written sets (``REPO_SETS``).
Features of a row are what ``lintmed.engine.detector`` reads from one sentence: its words, pairs,
first word and shape, and the rule engine's signals (the rules that reported in it, the
matches the context pass suppressed), from the shipped rules.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import real_data  # noqa: E402
from lintmed.engine import detector as D  # noqa: E402

# Repo-written labelled sets (sentences written for lintmed): trained on, never used to
# choose a threshold or reported with the real figures. heldout2, heldout3 and
# neutral-pages stay out: they are the README's blind repo-written sets.
REPO_SETS = tuple(REPO / "datasets" / name for name in (
    "challenge.jsonl", "heldout.jsonl", "train-pages.jsonl", "train-ads.jsonl", "train-education.jsonl"))
SEED = 0
FOLDS = 5


def load_repo_sets() -> list[dict]:
    import json

    rows = []
    for path in REPO_SETS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                row["file"] = "repo:" + path.name
                row["group"] = row["file"]
                rows.append(row)
    return rows


@dataclass
class Features:
    """Per row: lexical table indices, and signal names."""

    lexical: list = field(default_factory=list)
    signals: list = field(default_factory=list)


def signals_of(result, document_rules: set[str]) -> list[str]:
    """The rule signals of a row's lint result, as the engine adds them to a sentence."""
    out = []
    for f in result.findings:
        if f.rule not in document_rules:
            out += D.rule_signals(f.rule, f.category)
    for v in result.suppressed:
        out += D.rule_signals(v.finding.rule, v.finding.category, v.suppressed_by)
    return out


def featurize(rows: list[dict]) -> Features:
    """Each row's features, read as one sentence, with rules-only signals."""
    from lintmed.engine.linter import Linter
    from lintmed.engine.nlp import get_nlp
    from lintmed.rules.load import load_ruleset

    ruleset = load_ruleset()
    # merge=False: every rule's own finding, as the engine adds them to a sentence's score
    # (before findings of one claim are merged for the report).
    linter = Linter(ruleset, detector=False, merge=False)
    document_rules = {r.id for r in ruleset if r.document}
    nlp = get_nlp()
    feats = Features()
    for row in rows:
        result = linter.lint(row["text"], path="row.txt")
        doc = nlp.make_doc(row["text"])
        lexical, signals = D.row_features(doc, signals_of(result, document_rules))
        feats.lexical.append(lexical)
        feats.signals.append(signals)
    return feats


def matrix(feats: Features, rows_index, use_signals: bool = True):
    """A scipy CSR matrix (counts) over the hashed table for the rows ``rows_index``."""
    from scipy.sparse import csr_matrix

    indptr, indices = [0], []
    for k in rows_index:
        lex = feats.lexical[k]
        idx = list(lex) + ([D.signal_index(s) for s in feats.signals[k]] if use_signals else [])
        indices.extend(idx)
        indptr.append(len(indices))
    data = numpy.ones(len(indices), dtype=numpy.float64)
    m = csr_matrix((data, numpy.array(indices, dtype=numpy.int64), numpy.array(indptr)),
                   shape=(len(rows_index), 2 ** D.BITS))
    m.sum_duplicates()
    return m


def train(X, y, weights=None, C: float = 1.0):
    """Logistic regression (liblinear, seeded): dense table weights and bias."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, solver="liblinear", random_state=SEED, max_iter=1000)
    model.fit(X, y, sample_weight=weights)
    return numpy.asarray(model.coef_[0], dtype=numpy.float64), float(model.intercept_[0])


def detector_of(weights, bias, meta=None) -> D.ClaimDetector:
    # Stored weights are float32: score with what would ship.
    w = weights.astype(numpy.float32).astype(numpy.float64)
    return D.ClaimDetector(w, bias, dict(meta or {}, threshold=1e-9, verify_threshold=0.0))


@dataclass
class RowOutcome:
    """What the engine with a detector reported for one row: (rule, confidence, severity) of
    each rule finding on a sentence, (confidence, severity) of each learned finding, and
    whether a document-level rule (never verified) reported."""

    rule_findings: list
    learned: list
    document: bool


def lint_with(detector, rows: list[dict]) -> list[RowOutcome]:
    """Lint each row on its own with ``detector`` reporting every learned candidate and
    verifying nothing, so that any thresholds can be applied afterwards."""
    from lintmed.engine.linter import Linter
    from lintmed.rules.load import load_ruleset

    ruleset = load_ruleset()
    document_rules = {r.id for r in ruleset if r.document}
    linter = Linter(ruleset, detector=detector, detector_threshold=1e-9)
    out = []
    for row in rows:
        result = linter.lint(row["text"], path="row.txt")
        rules, learned, document = [], [], False
        for f in result.findings:
            if f.rule in document_rules:
                document = True
            elif f.rule == D.RULE_ID:
                learned.append((f.confidence, f.severity))
            else:
                rules.append((f.rule, f.confidence, f.severity))
        out.append(RowOutcome(rules, learned, document))
    return out


def flagged(outcome: RowOutcome, add: float, verify: float, warnings_only: bool = False) -> bool:
    """Whether the row gets a finding with learned findings at ``add`` and the verifier at ``verify``."""
    if outcome.document:
        return True
    if any((c is None or c >= verify) and not (warnings_only and s == "info") for _, c, s in outcome.rule_findings):
        return True
    return any(c >= add and not (warnings_only and s == "info") for c, s in outcome.learned)
