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


def test_extra_files_are_read_as_page_copy_grouped_by_their_doc(tmp_path):
    import json

    import real_data

    extra = tmp_path / "more-pages.jsonl"
    extra.write_text("\n".join(json.dumps(r) for r in [
        {"text": "Our drip cures everything.", "label": "risky", "doc": "page-a"},
        {"text": "We are open on Saturdays.", "label": "ok", "doc": "page-a"},
        {"text": "Parking is behind the building.", "label": "ok", "doc": "page-b"},
    ]) + "\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "letters.jsonl").write_text(json.dumps({"text": "x", "label": "ok", "source": "l1"}) + "\n",
                                          encoding="utf-8")
    rows = real_data.load(corpus, files=("letters.jsonl",), extra=[extra])
    assert [real_data.is_page(r) for r in rows] == [False, True, True, True]
    assert rows[1]["group"] == rows[2]["group"] != rows[3]["group"]
    folds = real_data.group_folds(rows[1:], k=2)
    assert folds[0] == folds[1]
    found = [[SimpleNamespace(rule="x")]] * 4
    counts = rule_precision.rule_counts(rows, found)
    assert sum(c.get("x", [0, 0, 0])[1] for (part, _), c in counts.items() if part == "page copy") == 2
