"""bench/blind_pages.py lints a labelled page whole and credits each finding to its row (rows
written here)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import blind_pages  # noqa: E402

PAGE = [
    ("Welcome to Harbour Street Clinic.", "ok", ""),
    ("Our stem cell injections cure Parkinson's disease.", "risky", ""),
    ("Parking is free behind the building.", "ok", ""),
    ("Our drip is the most advanced in the state.", "risky", "borderline"),
]


def _write(path: Path, doc: str, rows) -> None:
    with path.open("a", encoding="utf-8") as out:
        for text, label, note in rows:
            out.write(json.dumps({"text": text, "label": label, "doc": doc, "note": note}) + "\n")


def test_rows_are_grouped_by_page_in_file_order(tmp_path):
    labels = tmp_path / "blind.jsonl"
    _write(labels, "one", PAGE[:2])
    _write(labels, "two", PAGE[2:])
    _write(labels, "one", PAGE[2:3])
    pages = blind_pages.read_pages([labels])
    assert list(pages) == ["extra:blind.jsonl:one", "extra:blind.jsonl:two"]
    assert [r["text"] for r in pages["extra:blind.jsonl:one"]] == [PAGE[0][0], PAGE[1][0], PAGE[2][0]]


def test_a_finding_flags_the_row_it_starts_in_whether_the_page_is_whole_or_not(tmp_path):
    labels = tmp_path / "blind.jsonl"
    _write(labels, "page", PAGE)
    pages = blind_pages.read_pages([labels])
    for alone in (False, True):
        rows, flagged, document = blind_pages.flag_rows(pages, alone=alone, detector=False)
        assert [r["text"] for r in rows] == [text for text, _, _ in PAGE]
        assert flagged[:3] == [False, True, False]
        assert document == 0


def test_main_prints_the_rates_with_borderline_rows_apart(tmp_path, capsys):
    labels = tmp_path / "blind.jsonl"
    _write(labels, "page", PAGE)
    assert blind_pages.main([str(labels), "--no-detector"]) == 0
    out = capsys.readouterr().out
    assert "1 pages, 4 rows" in out
    assert "| pages | 1.000 (1/1) | 0.000 (0/2) |" in out
    assert "| pages, borderline |" in out
