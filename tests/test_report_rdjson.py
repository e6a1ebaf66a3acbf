"""--format rdjson: reviewdog's DiagnosticResult, checked against its documented structure
(proto/rdf/reviewdog.proto): 1-based lines, 1-based UTF-8 *byte* columns, exclusive end."""
from __future__ import annotations

import json

import pytest
from report_support import DOCUMENTS, json_findings, lint_fixture, prepare_cli, render, rt_findings

SEVERITIES = {"ERROR", "WARNING", "INFO"}


def check_position(pos):
    assert set(pos) <= {"line", "column"}
    assert all(isinstance(v, int) and v >= 1 for v in pos.values())


def check_range(rng):
    assert set(rng) <= {"start", "end"} and "start" in rng
    check_position(rng["start"])
    if "end" in rng:
        check_position(rng["end"])


def check_source(src):
    assert set(src) <= {"name", "url"} and isinstance(src["name"], str)


def check_diagnostic_result(doc):
    """The DiagnosticResult message of reviewdog.proto, as protobuf's JSON mapping spells it."""
    assert set(doc) <= {"diagnostics", "source", "severity"}
    if "source" in doc:
        check_source(doc["source"])
    if "severity" in doc:
        assert doc["severity"] in SEVERITIES
    for diag in doc["diagnostics"]:
        assert set(diag) <= {"message", "location", "severity", "source", "code", "suggestions",
                             "original_output", "related_locations"}
        assert isinstance(diag["message"], str) and diag["message"]
        assert set(diag["location"]) <= {"path", "range"} and isinstance(diag["location"]["path"], str)
        check_range(diag["location"]["range"])
        assert diag.get("severity", "ERROR") in SEVERITIES
        if "source" in diag:
            check_source(diag["source"])
        if "code" in diag:
            assert set(diag["code"]) <= {"value", "url"} and isinstance(diag["code"]["value"], str)
        for s in diag.get("suggestions", []):
            assert set(s) == {"range", "text"} and isinstance(s["text"], str)
            check_range(s["range"])


def byte_column(path, line, column):
    return len(DOCUMENTS[path].split("\n")[line - 1][:column - 1].encode("utf-8")) + 1


@pytest.fixture(scope="module")
def linted(tmp_path_factory):
    return lint_fixture(tmp_path_factory.mktemp("rdjson"))


@pytest.fixture(scope="module")
def rdjson(linted):
    return json.loads(render("rdjson", *linted))


def test_structure(rdjson):
    check_diagnostic_result(rdjson)
    assert rdjson["source"]["name"] == "lintmed"
    assert rdjson["severity"] == "ERROR"


def test_structure_checker_rejects_a_range_without_start():
    with pytest.raises(AssertionError):
        check_diagnostic_result({"diagnostics": [{"message": "m", "location": {"path": "p", "range": {}}}]})


def test_positions_and_severities(rdjson, linted):
    expected = json_findings(*linted)
    assert len(rdjson["diagnostics"]) == len(expected) == 8
    for diag, f in zip(rdjson["diagnostics"], expected):
        rng = diag["location"]["range"]
        assert diag["location"]["path"] == f["path"]
        assert rng["start"] == {"line": f["line"], "column": byte_column(f["path"], f["line"], f["column"])}
        assert rng["end"] == {"line": f["end_line"], "column": byte_column(f["path"], f["end_line"], f["end_column"])}
        assert diag["severity"] == f["severity"].upper()
        assert diag["code"]["value"] == f["rule"]
        assert diag["message"] == f["message"]
        assert [s["text"] for s in diag.get("suggestions", [])] == [s["replacement"] for s in f["suggestions"]]
        # A suggestion that replaces other words than the claim's (a sentence) carries its own range.
        for s, r in zip(diag.get("suggestions", []), f["suggestions"]):
            where = r if "line" in r else f
            assert s["range"] == {
                "start": {"line": where["line"], "column": byte_column(f["path"], where["line"], where["column"])},
                "end": {"line": where["end_line"], "column": byte_column(f["path"], where["end_line"], where["end_column"])}}


def test_bytes_differ_from_code_points_after_non_ascii(rdjson, linted):
    """Line 7 has 'é', '🌿' and '—' before "cure": 2 + 4 + 3 UTF-8 bytes for 3 code points."""
    f = next(f for f in json_findings(*linted) if f["line"] == 7)
    diag = next(d for d in rdjson["diagnostics"] if d["location"]["range"]["start"]["line"] == 7)
    assert diag["location"]["range"]["start"]["column"] == f["column"] + 1 + 3 + 2 + 1
    line = DOCUMENTS[f["path"]].split("\n")[6].encode("utf-8")
    start, end = diag["location"]["range"]["start"]["column"], diag["location"]["range"]["end"]["column"]
    assert line[start - 1:end - 1] == b"cure"


def test_code_url_from_a_reference_with_a_url(rdjson):
    codes = {d["code"]["value"]: d["code"] for d in rdjson["diagnostics"]}
    assert codes["rt-eliminates-risk"]["url"].startswith("https://www.fda.gov/")
    assert "url" not in codes["rt-cure"]


def test_cli_rdjson(run, tmp_path, monkeypatch):
    rules, docs = prepare_cli(tmp_path, monkeypatch)
    code, out, _ = run("check", "--rules", str(rules), "--format", "rdjson", *docs)
    assert code == 1
    doc = json.loads(out)
    check_diagnostic_result(doc)
    assert sum(d["code"]["value"].startswith("rt-") for d in doc["diagnostics"]) == rt_findings(run, rules, docs) > 0
