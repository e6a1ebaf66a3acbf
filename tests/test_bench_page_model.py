"""bench/detector_accuracy.py reads each labelled row with its page as the engine reads a
sentence with its page (rows written here; no scikit-learn needed)."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import detector_accuracy as A  # noqa: E402
from detector_data import RowOutcome  # noqa: E402
from lintmed.engine.detector import PageModel  # noqa: E402

MODEL = PageModel((0.8, 0.5, 1.0), 0.2, -3.0, 0.2, 3.0)


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


def test_rows_are_rescored_as_the_engine_rescores_a_page():
    scores, outcomes = A.in_page(ROWS, SCORES, OUTCOMES, lambda i: MODEL)
    ruled = [bool(o.rule_findings) for o in OUTCOMES]
    page = MODEL.rescore(SCORES[[0, 1, 2]], ruled[0:3])
    assert scores[[0, 1, 2]] == pytest.approx(page)
    assert outcomes[1].rule_findings[0][1] == pytest.approx(page[1])
    assert outcomes[0].learned[0][0] == pytest.approx(page[0])
    alone = MODEL.rescore(SCORES[[7]], ruled[7:8])
    assert scores[7] == pytest.approx(alone[0])
    assert outcomes[7].rule_findings[0][1] == pytest.approx(alone[0])


def test_a_document_finding_is_never_rescored():
    outcome = [RowOutcome([("d", None, "warning")], [], True)]
    _, outcomes = A.in_page([_row("letters.jsonl", "l9")], numpy.array([0.5]), outcome, lambda i: MODEL)
    assert outcomes[0].rule_findings == [("d", None, "warning")] and outcomes[0].document
