"""--format junit: parsed with xml.etree; a testcase per file checked, a failure per finding."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import replace

import pytest
from report_support import json_findings, lint_fixture, prepare_cli, render


@pytest.fixture(scope="module")
def linted(tmp_path_factory):
    return lint_fixture(tmp_path_factory.mktemp("junit"))


def suite_of(xml: str) -> ET.Element:
    root = ET.fromstring(xml)
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    assert len(suites) == 1
    return suites[0]


def test_one_testcase_per_file_and_one_failure_per_finding(linted):
    expected = json_findings(*linted)
    suite = suite_of(render("junit", *linted))
    cases = suite.findall("testcase")
    # By path, whatever order the files were named in.
    assert [c.get("name") for c in cases] == ["site/clean.txt", "site/exosome-facial.md", "site/notes/peptide-drip.txt"]
    per_file = Counter(f["path"] for f in expected)
    for case in cases:
        failures = case.findall("failure")
        assert len(failures) == per_file[case.get("name")]
        mine = [f for f in expected if f["path"] == case.get("name")]
        for failure, f in zip(failures, mine):
            assert failure.get("type") == f["rule"]
            assert failure.get("message") == f"line {f['line']}, column {f['column']}: {f['message']}"
            assert failure.text.startswith(f"{f['path']}:{f['line']}:{f['column']}: {f['severity']} {f['rule']}")
    assert suite.get("tests") == "3" and suite.get("failures") == "2"
    assert cases[0].find("failure") is None  # the clean file passes
    assert cases[2].get("classname") == "lintmed.site/notes"


def test_counts_by_severity_are_properties(linted):
    suite = suite_of(render("junit", *linted))
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props == {"findings.error": "4", "findings.warning": "1", "findings.info": "3"}


def test_characters_xml_cannot_hold_are_replaced(linted):
    findings, files, ruleset, options = linted
    odd = replace(findings[0], message="bad \x0c form feed & <tags>")
    suite = suite_of(render("junit", [odd], files, ruleset, options))
    failure = suite.find("testcase/failure")
    assert failure.get("message").endswith("bad \ufffd form feed & <tags>")


def test_without_the_file_list_cases_come_from_findings(linted):
    findings, files, ruleset, _ = linted
    suite = suite_of(render("junit", findings, files, ruleset, {}))
    assert len(suite.findall("testcase")) == 2


def test_cli_junit_lists_clean_and_empty_files(run, tmp_path, monkeypatch):
    rules, docs = prepare_cli(tmp_path, monkeypatch)
    (tmp_path / "empty.md").write_text("\n", encoding="utf-8")
    code, out, _ = run("check", "--rules", str(rules), "--format", "junit", *docs, "empty.md")
    assert code == 1
    suite = suite_of(out)
    names = [c.get("name") for c in suite.findall("testcase")]
    assert names == sorted([*docs, "empty.md"])  # by path, whatever the argument order
    assert suite.find("testcase[@name='empty.md']/failure") is None
