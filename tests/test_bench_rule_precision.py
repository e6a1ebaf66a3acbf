"""bench/rule_precision.py counts, per rule, real rows flagged risky vs ok (rows written here)."""
from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import rule_precision  # noqa: E402
from real_data import split_of  # noqa: E402


def _row(text: str, label: str, file: str, doc: str) -> dict:
    return {"text": text, "label": label, "file": file, "group": f"{file}:{doc}"}


def test_counts_split_page_copy_from_regulator_claims_and_count_lone_false_alarms():
    rows = [
        _row("a", "risky", "pages.jsonl", "p1"),
        _row("b", "ok", "pages.jsonl", "p1"),
        _row("c", "ok", "pages.jsonl", "p1"),
        _row("d", "risky", "letters.jsonl", "l1"),
    ]
    found = [[SimpleNamespace(rule="x")],
             [SimpleNamespace(rule="x")],
             [SimpleNamespace(rule="x"), SimpleNamespace(rule="y")],
             [SimpleNamespace(rule="x")]]
    counts = rule_precision.rule_counts(rows, found)
    page = counts[("page copy", split_of(rows[0]))]
    assert page["x"] == [1, 2, 1]  # one risky, two ok, alone on one of them
    assert page["y"] == [0, 1, 0]
    assert counts[("regulator-cited", split_of(rows[3]))]["x"] == [1, 0, 0]


def test_table_marks_a_rule_wrong_more_often_than_right_on_page_copy():
    counts = {("page copy", "tune"): {"x": [1, 4, 4], "y": [5, 1, 0]}}
    from collections import defaultdict
    table = defaultdict(dict, counts)
    lines = rule_precision.table(table, ["x", "y"], {"x": "warning", "y": "error"}, min_rows=4)
    x_line = next(line for line in lines if line.startswith("| x |"))
    y_line = next(line for line in lines if line.startswith("| y |"))
    assert x_line.endswith("| < |") and "0.20 (1/5; 4 alone)" in x_line
    assert y_line.endswith("|  |")
