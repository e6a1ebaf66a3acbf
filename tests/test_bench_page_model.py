"""bench/detector_accuracy.py's page model (measured, not shipped): a row's score read with
the other rows of its page (rows written here; no scikit-learn needed)."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import detector_accuracy as A  # noqa: E402
from detector_data import RowOutcome  # noqa: E402

MODEL = A.PageModel((1.0, 1.0, 2.0), 0.5, -2.0, 0.1, 3.0)


def logit(p):
    return float(numpy.log(p / (1 - p)))


def rescore(scores, ruled):
    return [MODEL.score(s, f) for s, f in zip(scores, MODEL.features(scores, ruled))]


def test_a_sentence_alone_is_read_with_the_priors():
    """No other sentence: the mean and the share are the priors, so one sentence's verdict
    does not depend on a page it does not have."""
    own, mean, share = MODEL.features([0.7], [True])[0]
    assert own == pytest.approx(logit(0.7))
    assert (mean, share) == pytest.approx((-2.0, 0.1))


def test_each_sentence_is_read_with_the_others_not_itself():
    scores, ruled = [0.9, 0.1, 0.5], [True, False, False]
    feats = MODEL.features(scores, ruled)
    for k in range(3):
        others = [logit(s) for i, s in enumerate(scores) if i != k]
        ruled_others = [r for i, r in enumerate(ruled) if i != k]
        assert feats[k][1] == pytest.approx((sum(others) + 3.0 * -2.0) / (2 + 3.0))
        assert feats[k][2] == pytest.approx((sum(ruled_others) + 3.0 * 0.1) / (2 + 3.0))


def test_one_sure_sentence_cannot_outweigh_a_page():
    """Scores are clipped before their log-odds are averaged: a score of exactly 0 or 1 is
    read as 1e-4 or 1 - 1e-4, not as an infinite log-odds."""
    feats = MODEL.features([0.0, 1.0, 0.5], [False] * 3)
    assert numpy.isfinite(feats).all()
    assert feats[2][1] == pytest.approx((logit(1e-4) + logit(1 - 1e-4) + 3.0 * -2.0) / 5.0)


def test_claim_like_neighbours_raise_a_score_and_plain_ones_lower_it():
    alone = rescore([0.4], [False])[0]
    on_claims = rescore([0.4, 0.95, 0.9, 0.97], [False, True, True, True])[0]
    on_plain = rescore([0.4, 0.02, 0.01, 0.03], [False] * 4)[0]
    assert on_plain < alone < on_claims


def _row(file: str, group: str, label: str = "ok") -> dict:
    return {"text": "x", "label": label, "file": file, "group": group, "note": ""}


ROWS = [
    _row("pages.jsonl", "p1"), _row("pages.jsonl", "p1", "risky"), _row("pages.jsonl", "p1"),
    _row("extra:more.jsonl", "e1"), _row("extra:more.jsonl", "e1", "risky"),
    _row("dev.jsonl", "d1", "risky"), _row("dev.jsonl", "d1", "risky"),  # a seed page's claims only
    _row("letters.jsonl", "l1", "risky"), _row("letters.jsonl", "l1"),
]
SCORES = numpy.array([0.1, 0.8, 0.05, 0.3, 0.9, 0.7, 0.6, 0.95, 0.2])
OUTCOMES = [RowOutcome([("r", s, "error")] if k in (1, 4, 5, 7) else [], [(s, "info")], False)
            for k, s in enumerate(SCORES)]


def test_only_files_holding_whole_pages_are_read_as_pages():
    groups = sorted(sorted(g) for g in A._pages(ROWS))
    assert groups == [[0, 1, 2], [3, 4], [5], [6], [7], [8]]


def test_every_confidence_of_a_row_is_read_with_its_page():
    scores, outcomes = A.in_page(ROWS, SCORES, OUTCOMES, lambda i: MODEL)
    ruled = [bool(o.rule_findings) for o in OUTCOMES]
    page = rescore(SCORES[[0, 1, 2]], ruled[0:3])
    assert scores[[0, 1, 2]] == pytest.approx(page)
    assert outcomes[1].rule_findings[0][1] == pytest.approx(page[1])
    assert outcomes[0].learned[0][0] == pytest.approx(page[0])
    alone = rescore(SCORES[[7]], ruled[7:8])
    assert scores[7] == pytest.approx(alone[0])
    assert outcomes[7].rule_findings[0][1] == pytest.approx(alone[0])


def test_a_document_finding_is_never_rescored():
    outcome = [RowOutcome([("d", None, "warning")], [], True)]
    _, outcomes = A.in_page([_row("letters.jsonl", "l9")], numpy.array([0.5]), outcome, lambda i: MODEL)
    assert outcomes[0].rule_findings == [("d", None, "warning")] and outcomes[0].document


# --frontier: the best any pair of thresholds could do, with hindsight (rows written here).
PAGE_ROWS = [_row("pages.jsonl", "p2", "risky"), _row("pages.jsonl", "p2", "risky")] + \
    [_row("pages.jsonl", f"p{k}") for k in range(3, 23)]
PAGE_OUTCOMES = [
    RowOutcome([("r", 0.9, "error")], [(0.9, "info")], False),  # a claim a rule finds, scored high
    RowOutcome([], [(0.4, "info")], False),  # a claim only a learned finding at 0.40 or below finds
    RowOutcome([("r", 0.1, "warning")], [(0.1, "info")], False),  # a false alarm the verifier clears above 0.10
    RowOutcome([], [(0.35, "info")], False),  # a false alarm of a learned finding at 0.35 or below
] + [RowOutcome([], [(0.05, "info")], False)] * 18


def test_the_frontier_finds_the_thresholds_that_keep_every_claim_and_no_false_alarm():
    (label, (verify, add), rates), *_ = A.frontier(PAGE_ROWS, PAGE_OUTCOMES)
    assert label.startswith("page copy")
    assert 0.1 < verify <= 0.9 and 0.35 < add <= 0.4
    assert (rates["page"].recall, rates["page"].fpr) == (1.0, 0.0)


def test_the_frontier_says_when_no_thresholds_meet_a_target():
    """A document finding is never verified: a page whose every ok row has one cannot reach
    the page-copy target at any thresholds."""
    rows = [_row("pages.jsonl", "p1", "risky"), _row("pages.jsonl", "p1")]
    outcomes = [RowOutcome([("r", 0.9, "error")], [], False), RowOutcome([("d", None, "warning")], [], True)]
    page_target, _, page_any, _ = A.frontier(rows, outcomes)
    assert page_target[1] is None
    assert page_any[2]["page"].recall == 1.0 and page_any[2]["page"].fpr == 1.0
