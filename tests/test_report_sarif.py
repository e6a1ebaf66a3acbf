"""--format sarif: valid SARIF 2.1.0 (the published schema), same findings and positions as JSON."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from report_support import json_findings, lint_fixture, prepare_cli, render

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def linted(tmp_path_factory):
    return lint_fixture(tmp_path_factory.mktemp("sarif"))


@pytest.fixture(scope="module")
def sarif(linted):
    return json.loads(render("sarif", *linted))


def test_output_is_valid_against_the_published_schema(sarif):
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    errors = sorted(jsonschema.Draft4Validator(SCHEMA).iter_errors(sarif), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_schema_rejects_a_broken_log(sarif):
    """The vendored schema really constrains: a result level SARIF does not know fails."""
    broken = json.loads(json.dumps(sarif))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert not jsonschema.Draft4Validator(SCHEMA).is_valid(broken)


def test_results_match_the_json_findings(sarif, linted):
    expected = json_findings(*linted)
    run = sarif["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert len(run["results"]) == len(expected) == 8
    rules = run["tool"]["driver"]["rules"]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for result, finding in zip(run["results"], expected):
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == finding["path"]
        assert location["region"] == {"startLine": finding["line"], "startColumn": finding["column"],
                                      "endLine": finding["end_line"], "endColumn": finding["end_column"]}
        assert result["ruleId"] == finding["rule"] == rules[result["ruleIndex"]]["id"]
        assert result["level"] == levels[finding["severity"]]
        assert result["message"]["text"].startswith(finding["message"])


def test_code_point_columns_past_an_emoji(sarif, linted):
    """Line 7 has an astral character before the claim: the column counts it once."""
    results = [r for r in sarif["runs"][0]["results"]
               if r["locations"][0]["physicalLocation"]["region"]["startLine"] == 7]
    assert len(results) == 1
    line = linted[3]["sources"]["site/exosome-facial.md"].split("\n")[6]
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert line[region["startColumn"] - 1:region["endColumn"] - 1] == "cure"


def test_rules_carry_the_rule_metadata(sarif):
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["name"] == "lintmed" and driver["version"] and driver["informationUri"].startswith("https://")
    rules = {r["id"]: r for r in driver["rules"]}
    assert set(rules) == {"rt-eliminates-risk", "rt-rejection", "rt-miracle-cure", "rt-cure", "rt-testimonial"}
    risk = rules["rt-eliminates-risk"]
    assert risk["shortDescription"]["text"].startswith("Says 100% of the risk is gone")
    assert "Every procedure carries some risk" in risk["fullDescription"]["text"]
    assert "21 CFR 202.1(e)(6)(i)" in risk["help"]["text"]
    assert "may lower the risk" in risk["help"]["markdown"]
    assert risk["helpUri"].startswith("https://www.fda.gov/")
    assert risk["properties"]["category"] == "absolute-safety"
    assert "absolute-safety" in risk["properties"]["tags"]
    assert risk["defaultConfiguration"]["level"] == "error"
    assert rules["rt-miracle-cure"]["defaultConfiguration"]["level"] == "note"
    assert "helpUri" not in rules["rt-cure"]


def test_fixes_only_for_safe_replacements(sarif):
    results = sarif["runs"][0]["results"]
    with_fixes = [r for r in results if "fixes" in r]
    assert [r["ruleId"] for r in with_fixes] == ["rt-eliminates-risk"]
    change = with_fixes[0]["fixes"][0]["artifactChanges"][0]
    replacement = change["replacements"][0]
    assert replacement["insertedContent"]["text"] == "may lower the risk"
    assert replacement["deletedRegion"] == with_fixes[0]["locations"][0]["physicalLocation"]["region"]


def test_uri_is_relative_with_forward_slashes(linted, monkeypatch, tmp_path):
    from dataclasses import replace

    findings, files, ruleset, options = linted
    monkeypatch.chdir(tmp_path)
    moved = [replace(f, path=str(tmp_path / "my site" / "page.md")) for f in findings[:1]]
    log = json.loads(render("sarif", moved, files, ruleset, options))
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20site/page.md"


def test_no_findings_is_still_a_valid_log(linted):
    _, files, ruleset, options = linted
    log = json.loads(render("sarif", [], files, ruleset, options))
    assert log["runs"][0]["results"] == []
    assert jsonschema.Draft4Validator(SCHEMA).is_valid(log)


def test_cli_sarif_matches_cli_json_and_keeps_exit_codes(run, tmp_path, monkeypatch):
    rules, docs = prepare_cli(tmp_path, monkeypatch)
    code_json, out_json, _ = run("check", "--rules", str(rules), "--format", "json", *docs)
    code_sarif, out_sarif, _ = run("check", "--rules", str(rules), "--format", "sarif", *docs)
    assert code_json == code_sarif == 1
    findings = json.loads(out_json)["findings"]
    log = json.loads(out_sarif)
    assert jsonschema.Draft4Validator(SCHEMA).is_valid(log)
    regions = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["locations"][0]["physicalLocation"]["region"]["startColumn"], r["ruleId"])
               for r in log["runs"][0]["results"]]
    assert regions == [(f["path"], f["line"], f["column"], f["rule"]) for f in findings]
    code_never, _, _ = run("check", "--rules", str(rules), "--format", "sarif", "--fail-on", "never", *docs)
    assert code_never == 0


def test_output_file_gets_the_format_and_the_terminal_only_the_summary(run, tmp_path, monkeypatch):
    rules, docs = prepare_cli(tmp_path, monkeypatch)
    code, out, err = run("check", "--rules", str(rules), "--format", "sarif", "--output-file", "out.sarif", *docs)
    assert code == 1
    assert out == "", "as in ruff, -o writes the report to the file only"
    assert "out.sarif" in err and err.splitlines()[-1].startswith("Found ")
    log = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    assert jsonschema.Draft4Validator(SCHEMA).is_valid(log)
    _, out_json, _ = run("check", "--rules", str(rules), "--format", "json", *docs)
    assert len(log["runs"][0]["results"]) == len(json.loads(out_json)["findings"])


def test_output_file_that_cannot_be_written_is_exit_2(run, tmp_path, monkeypatch):
    _, docs = prepare_cli(tmp_path, monkeypatch)
    code, _, err = run("check", "--format", "sarif", "-o", str(tmp_path / "missing" / "x.sarif"), *docs)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "cannot write report" in err and "Traceback" not in err


def test_suppressions_and_a_failed_run_are_valid_sarif(run, tmp_path, monkeypatch):
    from lintmed.report.sarif import failed_run

    assert jsonschema.Draft4Validator(SCHEMA).is_valid(failed_run("config.yaml: fail-on: expected one of ..."))
    rules, _ = prepare_cli(tmp_path, monkeypatch)
    (tmp_path / "hidden.md").write_text(
        "<!-- lintmed-disable-next-line rt-cure -- quoted from the regulator's letter -->\n"
        "It cures arthritis.\n", encoding="utf-8")
    run("check", "--rules", str(rules), "--format", "sarif", "-o", "out.sarif", "hidden.md")
    log = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    assert jsonschema.Draft4Validator(SCHEMA).is_valid(log)
    hidden = [r for r in log["runs"][0]["results"] if r.get("suppressions")]
    assert hidden and hidden[0]["suppressions"][0]["justification"] == "quoted from the regulator's letter"
