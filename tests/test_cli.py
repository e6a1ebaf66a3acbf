"""The command line end to end: exit codes, the JSON contract, bad input, rule and config files.

Most tests call ``lintmed.cli.main(argv)`` in-process from an empty temporary
folder (so no config of the repo leaks in); a few run ``python -m lintmed`` as
a real process from another working directory.

Tests that exercise a mechanism (positions, select/ignore, context) use a rule
file of our own (``cli_support.TEST_RULES``, written by the ``rule_file`` fixture),
so they do not depend on the wording of the default rules; tests about the default
rule set pick their rules from the loaded rule set.
"""
from __future__ import annotations

import os
import json
import re
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from cli_support import TEST_IDS, TEST_RULES, Result, write

import lintmed
from lintmed.findings import SEVERITIES, SUGGESTION_KINDS
from lintmed.rules.model import CATEGORIES

RISKY = "Our stem cell therapy cures arthritis.\n"
CLEAN = "Our clinic is open from Monday to Friday.\n\nParking is behind the building.\n"
QUESTION = "Is exosome therapy FDA-approved?\n"

FINDING_KEYS = {
    "path", "line", "column", "end_line", "end_column", "rule", "category", "severity",
    "message", "text", "suggestions", "references",
}
# Optional keys (issue 6): the claim detector's score, and a learned finding's evidence.
OPTIONAL_FINDING_KEYS = {"confidence", "evidence", "related"}
SUGGESTION_KEYS = {"replacement", "description"}
OPTIONAL_SUGGESTION_KEYS = {"kind", "line", "column", "end_line", "end_column"}


def only_test_rules(rule_file, *ids: str) -> Path:
    """A config that layers the test rules and selects only ``ids`` from them."""
    rules = rule_file(TEST_RULES, "test-rules.yaml")
    return write(rules.parent / "only.yaml", f"rules: [test-rules.yaml]\nselect: [{', '.join(ids or TEST_IDS)}]\n")


def line_col(source: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based line and column of the ``nth`` occurrence of ``needle`` in ``source``."""
    start = -1
    for _ in range(nth + 1):
        start = source.index(needle, start + 1)
    line = source.count("\n", 0, start) + 1
    return line, start - (source.rfind("\n", 0, start) + 1) + 1


def a_rule_at(severity: str, run) -> tuple[str, str]:
    """(rule id, first flag example) of a default rule at ``severity``, from `lintmed rules --format json`.

    If the default set has no rule at that severity, the first rule is
    returned and the caller layers an override; the tests still mean the same.
    """
    res = run("rules", "--format", "json")
    assert res.code == 0
    catalogue = res.json
    ruleset = lintmed.load_ruleset()
    with_examples = [r for r in catalogue if ruleset.get(r["id"]).examples_flag]
    assert with_examples, "every default rule has examples of copy it flags"
    chosen = next((r for r in with_examples if r["severity"] == severity), with_examples[0])
    return chosen["id"], ruleset.get(chosen["id"]).examples_flag[0]


# --- exit codes -----------------------------------------------------------------------------


def test_clean_page_exits_0(run, project):
    write(project / "clean.md", CLEAN)
    res = run("check", "clean.md", "--format", "json")
    assert res.code == 0
    assert res.json["findings"] == []
    assert res.json["summary"]["files"] == 1


def test_risky_page_exits_1_and_names_file_rule_and_line(run, project):
    write(project / "risky.md", "# Arthritis\n\n" + RISKY)
    res = run("check", "risky.md")
    assert res.code == 1
    rule_ids = {r.id for r in lintmed.load_ruleset()}
    flagged = [line for line in res.out.splitlines() if line.startswith("risky.md:3:")]
    assert flagged, res.out
    assert any(word in rule_ids for line in flagged for word in line.split())


def test_default_folder_is_the_current_one(run, project):
    write(project / "site" / "risky.md", RISKY)
    res = run("check", "--format", "json")
    assert res.code == 1
    # Paths are reported as written by a person: "site/risky.md", not "./site/risky.md".
    assert {f["path"] for f in res.json["findings"]} == {os.path.join("site", "risky.md")}


def test_fail_on_never_reports_but_exits_0(run, project):
    write(project / "risky.md", RISKY)
    res = run("check", "risky.md", "--fail-on", "never", "--format", "json")
    assert res.code == 0
    assert res.json["findings"], "findings are still reported"


def test_fail_on_thresholds_with_a_warning_level_finding(run, project, rule_file):
    rule_id, example = a_rule_at("warning", run)
    config = f"select: [{rule_id}]\n"
    if lintmed.load_ruleset().get(rule_id).severity != "warning":
        rule_file(f"rules:\n  - id: {rule_id}\n    severity: warning\n", "warn.yaml")
        config += "rules: [warn.yaml]\n"
    write(project / ".lintmed.yaml", config)
    write(project / "page.txt", example + "\n")

    res = run("check", "page.txt", "--format", "json")
    assert res.code == 1, f"{rule_id} should flag its own example {example!r} at warning (default --fail-on)"
    assert {f["severity"] for f in res.json["findings"]} == {"warning"}
    assert run("check", "page.txt", "--fail-on", "error").code == 0
    assert run("check", "page.txt", "--fail-on", "warning").code == 1
    assert run("check", "page.txt", "--fail-on", "info").code == 1


def test_fail_on_from_config_and_command_line_wins(run, project):
    write(project / "risky.md", RISKY)
    write(project / ".lintmed.yaml", "fail-on: never\n")
    assert run("check", "risky.md").code == 0
    assert run("check", "risky.md", "--fail-on", "error").code == 1


def test_bad_fail_on_option_is_a_usage_error(run, project):
    write(project / "risky.md", RISKY)
    res = run("check", "risky.md", "--fail-on", "sometimes")
    assert res.code == 2
    assert "sometimes" in res.err


# --- JSON output ----------------------------------------------------------------------------

PAGE_A = """\
---
title: Regenerative care
---
# Stem cells at **our** clinic

Thanks to our *team*, our stem cell therapy cures arthritis.

- [Book now](https://example.com/book): our stem cell therapy cures arthritis.
- Is exosome therapy FDA-approved? Yes, our exosome therapy is FDA-approved.

Our ozone sauna\u00a0\u2014 caf\u00e9 and ozone sauna both.
"""
PAGE_B = "Ozone sauna.\nOur stem cell therapy cures arthritis.\n"


def check_finding_shape(f: dict, ruleset) -> None:
    assert FINDING_KEYS <= set(f) <= FINDING_KEYS | OPTIONAL_FINDING_KEYS
    for key in ("path", "rule", "category", "severity", "message", "text"):
        assert isinstance(f[key], str) and f[key], key
    for key in ("line", "column", "end_line", "end_column"):
        assert type(f[key]) is int and f[key] >= 1, key
    assert (f["end_line"], f["end_column"]) > (f["line"], f["column"])
    rule = ruleset.get(f["rule"])
    assert f["category"] == rule.category and f["category"] in CATEGORIES
    assert f["severity"] == rule.severity and f["severity"] in SEVERITIES
    assert f["message"] == rule.message
    assert f["references"] == list(rule.references)
    assert all(isinstance(r, str) for r in f["references"])
    assert isinstance(f["suggestions"], list)
    for s in f["suggestions"]:
        assert SUGGESTION_KEYS <= set(s) <= SUGGESTION_KEYS | OPTIONAL_SUGGESTION_KEYS
        assert isinstance(s["replacement"], str) and isinstance(s["description"], str) and s["description"]
        assert s.get("kind", "hedge") in SUGGESTION_KINDS
        if "line" in s:  # a suggestion that replaces other words than the claim's says which
            assert all(type(s[k]) is int and s[k] >= 1 for k in ("line", "column", "end_line", "end_column"))
    for related in f.get("related", []):
        assert related != f["rule"] and ruleset.get(related)


def test_json_contract(run, project, rule_file):
    a = write(project / "site" / "a.md", PAGE_A)
    b = write(project / "site" / "b.txt", PAGE_B)
    rule_file(TEST_RULES, "test-rules.yaml")
    res = run("check", "site", "--rules", "test-rules.yaml", "--format", "json", "--fail-on", "never")
    assert res.code == 0
    doc = res.json
    assert set(doc) == {"version", "tool", "findings", "summary"}
    assert doc["version"] == 1
    assert doc["tool"] == {"name": "lintmed", "version": lintmed.__version__}

    ruleset = lintmed.load_ruleset(["test-rules.yaml"])
    findings = doc["findings"]
    sources = {str(Path("site") / "a.md"): a.read_text("utf-8"), str(Path("site") / "b.txt"): b.read_text("utf-8")}
    assert {f["path"] for f in findings} == set(sources)
    for f in findings:
        check_finding_shape(f, ruleset)
        lines = sources[f["path"]].splitlines()
        if f["line"] == f["end_line"]:
            assert lines[f["line"] - 1][f["column"] - 1 : f["end_column"] - 1] == f["text"], f

    # The test rules' claims sit exactly where the file has them, markup and front matter included.
    # One finding per claim: a test rule's claim that a default rule flags too is named in the
    # "related" of the finding that covers it (which takes the most severe rule's span).
    ours = {(f["path"], f["line"], f["column"], f["end_column"]) for f in findings
            if {f["rule"], *f.get("related", ())} & set(TEST_IDS)}
    expected = set()
    for path, source in sources.items():
        for needle in ("cures arthritis", "ozone sauna"):
            for nth in range(source.lower().count(needle)):
                line, col = line_col(source.lower(), needle, nth)
                [cover] = [o for o in ours if o[:2] == (path, line) and o[2] <= col and col + len(needle) <= o[3]]
                expected.add(cover)
    assert ours == expected

    keys = [(f["path"], f["line"], f["column"]) for f in findings]
    assert keys == sorted(keys)
    # "café" and the non-breaking space before the claim: columns count code points.
    last = [f for f in findings if f["rule"] == "test-ozone-sauna" and f["path"].endswith("a.md")][-1]
    assert last["column"] == PAGE_A.splitlines()[last["line"] - 1].rindex("ozone sauna") + 1

    summary = doc["summary"]
    assert set(summary) == {"files", "findings", "by_severity"}
    assert summary["files"] == 2
    assert summary["findings"] == len(findings)
    counts = Counter(f["severity"] for f in findings)
    assert summary["by_severity"] == {s: counts.get(s, 0) for s in ("error", "warning", "info")}


def test_json_with_no_findings_is_still_the_full_document(run, project):
    write(project / "clean.md", CLEAN)
    doc = run("check", "clean.md", "--format", "json").json
    assert doc["version"] == 1 and doc["findings"] == []
    assert doc["summary"] == {"files": 1, "findings": 0, "by_severity": {"error": 0, "warning": 0, "info": 0}}


def test_stdin_with_and_without_stdin_filename(run, project, rule_file):
    only_test_rules(rule_file, "test-cures-arthritis")
    source = "Intro line.\n\nOur stem cell therapy cures arthritis.\n"
    line, col = line_col(source, "cures arthritis")

    res = run("check", "-", "--config", "only.yaml", "--format", "json", stdin=source.encode())
    assert res.code == 1
    [f] = res.json["findings"]
    assert (f["path"], f["line"], f["column"], f["end_column"]) == ("<stdin>", line, col, col + 15)

    res = run("check", "-", "--config", "only.yaml", "--stdin-filename", "site/page.md", "--format", "json",
              stdin=source.encode())
    [f] = res.json["findings"]
    assert f["path"] == "site/page.md"
    assert (f["line"], f["column"]) == (line, col)


def test_stdin_filename_chooses_the_format(run, project, rule_file):
    only_test_rules(rule_file, "test-cures-arthritis")
    source = "```\nOur stem cell therapy cures arthritis.\n```\n"
    as_text = run("check", "-", "--config", "only.yaml", "--format", "json", "--stdin-filename", "page.txt",
                  stdin=source.encode())
    as_markdown = run("check", "-", "--config", "only.yaml", "--format", "json", "--stdin-filename", "page.md",
                      stdin=source.encode())
    assert len(as_text.json["findings"]) == 1
    assert as_markdown.json["findings"] == []
    assert as_markdown.code == 0


# --- Markdown -------------------------------------------------------------------------------


def test_claim_across_a_hard_wrapped_line(run, project, rule_file):
    only_test_rules(rule_file, "test-cures-arthritis")
    source = "# Care\n\nFor years our stem cell therapy has cures\n  arthritis for many patients.\n"
    write(project / "wrapped.md", source)
    res = run("check", "wrapped.md", "--config", "only.yaml", "--format", "json")
    [f] = res.json["findings"]
    assert f["text"] == "cures arthritis"
    assert (f["line"], f["column"]) == line_col(source, "cures")
    assert (f["end_line"], f["end_column"]) == (4, len("  arthritis") + 1)


def test_code_blocks_and_inline_code_are_not_linted(run, project, rule_file):
    only_test_rules(rule_file, "test-cures-arthritis")
    source = textwrap.dedent("""\
        # Notes for the web team

        ```text
        Our stem cell therapy cures arthritis.
        ```

            Indented code: our stem cell therapy cures arthritis.

        Never write `cures arthritis` in copy, nor ``our therapy `cures arthritis` ``.

        ~~~
        cures arthritis
        ~~~

        Last line: our stem cell therapy cures arthritis.
        """)
    write(project / "notes.md", source)
    res = run("check", "notes.md", "--config", "only.yaml", "--format", "json")
    positions = [(f["line"], f["column"]) for f in res.json["findings"]]
    assert positions == [line_col(source, "cures arthritis", source.count("cures arthritis") - 1)]


# --- bad input: one line on stderr naming the file, exit 2, no traceback --------------------


def test_missing_path(run, project):
    res = run("check", "nowhere.md")
    assert res.code == 2
    assert "nowhere.md" in res.error_line()


def test_missing_path_among_good_ones_is_still_an_error(run, project):
    write(project / "risky.md", RISKY)
    res = run("check", "risky.md", "gone.md")
    assert res.code == 2
    assert "gone.md" in res.error_line()


def test_folder_with_nothing_to_check(run, project):
    write(project / "src" / "app.py", "print('cures arthritis')\n")
    res = run("check", "src")
    assert res.code == 2
    assert "src" in res.error_line()


def test_binary_file_named_directly(run, project):
    write(project / "image.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR cures arthritis")
    res = run("check", "image.md")
    assert res.code == 2
    message = res.error_line()
    assert "image.md" in message and "binary" in message


def test_binary_file_in_a_folder_is_skipped_with_a_notice(run, project):
    write(project / "site" / "a-logo.md", b"\0\0cures arthritis\0")
    write(project / "site" / "b-page.md", RISKY)
    res = run("check", "site", "--format", "json")
    assert res.code == 1
    notices = res.notices
    assert len(notices) == 1 and "a-logo.md" in notices[0] and "binary" in notices[0]
    assert {f["path"] for f in res.json["findings"]} == {str(Path("site") / "b-page.md")}
    assert res.json["summary"]["files"] == 1


def test_file_that_is_not_utf8(run, project):
    write(project / "latin1.md", b"Intro.\n\ncaf\xe9 cures arthritis\n")
    res = run("check", "latin1.md")
    assert res.code == 2
    message = res.error_line()
    assert "latin1.md" in message and "UTF-8" in message


def test_not_utf8_on_stdin_names_the_stdin_filename(run, project):
    res = run("check", "-", "--stdin-filename", "from-cms.md", stdin=b"caf\xe9 cures arthritis")
    assert res.code == 2
    assert "from-cms.md" in res.error_line()


def test_utf8_bom_is_not_a_column(run, project, rule_file):
    only_test_rules(rule_file, "test-cures-arthritis")
    write(project / "bom.md", "\ufeffOur stem cell therapy cures arthritis.\n".encode("utf-8"))
    [f] = run("check", "bom.md", "--config", "only.yaml", "--format", "json").json["findings"]
    assert (f["line"], f["column"]) == line_col(RISKY, "cures arthritis")


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_empty_file_is_a_notice_not_an_error(run, project, content):
    write(project / "empty.md", content)
    res = run("check", "empty.md", "--format", "json")
    assert res.code == 0
    assert "empty.md" in res.error_line()
    assert res.json["findings"] == []


BAD_RULE_FILES = {
    "yaml-syntax": (
        "rules:\n  - id: test-broken\n    category: hype\n    message: [unclosed\n    severity: error\n",
        ["invalid YAML"],
    ),
    "unknown-key": (
        TEST_RULES.replace("    severity: warning\n", "    severity: warning\n    colour: red\n"),
        ["colour"],
    ),
    "unknown-category": (
        TEST_RULES.replace("category: testimonial", "category: snake-oil"),
        ["snake-oil", "category"],
    ),
    "unknown-term-list": (
        TEST_RULES.replace("phrases: [ozone sauna]",
                           "frames:\n        - parts: [{lemma: [use]}, {term: no-such-terms}]"),
        ["no-such-terms"],
    ),
    "missing-examples": (
        TEST_RULES[: TEST_RULES.rindex("    examples:")],
        ["examples", "test-ozone-sauna"],
    ),
    "approved-uses-status": (
        "approved-uses:\n  products:\n    - names: [zorvexa]\n      status: licensed\n"
        "      uses: [migraine]\n      source: Test label\n" + TEST_RULES,
        ["approved-uses.products[0].status", "licensed"],
    ),
    "approved-uses-conditions": (
        "approved-uses:\n  conditions: [no-such-conditions]\n" + TEST_RULES,
        ["approved-uses.conditions", "no-such-conditions"],
    ),
    "approved-uses-missing-uses": (
        "approved-uses:\n  products:\n    - names: [zorvexa]\n      status: approved\n"
        "      source: Test label\n" + TEST_RULES,
        ["approved-uses.products[0]", "uses"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_RULE_FILES))
def test_malformed_rule_file(run, project, case, rule_file):
    text, words = BAD_RULE_FILES[case]
    rule_file(text, "extra.yaml")
    write(project / "risky.md", RISKY)
    res = run("check", "risky.md", "--rules", "extra.yaml")
    assert res.code == 2
    message = res.error_line()
    assert re.search(r"extra\.yaml:\d+:", message), message
    for word in words:
        assert word in message


def test_malformed_rule_file_points_at_the_line(run, project, rule_file):
    # The bad flow sequence opens on line 4 and YAML notices on line 5.
    rule_file(BAD_RULE_FILES["yaml-syntax"][0], "extra.yaml")
    message = run("rules", "--rules", "extra.yaml").error_line()
    line = int(re.search(r"extra\.yaml:(\d+):", message).group(1))
    assert line in (4, 5)
    # An unknown key is reported on its own line.
    text = BAD_RULE_FILES["unknown-key"][0]
    rule_file(text, "extra.yaml")
    message = run("rules", "--rules", "extra.yaml").error_line()
    line = int(re.search(r"extra\.yaml:(\d+):", message).group(1))
    assert text.splitlines()[line - 1].strip() == "colour: red"


def test_missing_rule_file(run, project, rule_file):
    write(project / "risky.md", RISKY)
    res = run("check", "risky.md", "--rules", "nope.yaml")
    assert res.code == 2
    assert "nope.yaml" in res.error_line()


@pytest.mark.parametrize("config,words", [
    ("fail-on: error\ncolour: red\n", ["colour"]),
    ("fail-on: sometimes\n", ["fail-on", "sometimes"]),
    ("ignore: [no-such-rule-id]\n", ["no-such-rule-id"]),
    ("select: [no-such-category]\n", ["no-such-category"]),
    ("fail-on: [error\n", ["invalid YAML"]),
])
def test_malformed_lintmed_yaml(run, project, config, words):
    write(project / ".lintmed.yaml", config)
    write(project / "risky.md", RISKY)
    res = run("check", "risky.md")
    assert res.code == 2
    message = res.error_line()
    assert ".lintmed.yaml" in message
    for word in words:
        assert word in message


def test_malformed_config_named_with_config_option(run, project):
    write(project / "conf" / "lint.yaml", "exclude: 3\n")
    write(project / "risky.md", RISKY)
    res = run("check", "risky.md", "--config", "conf/lint.yaml")
    assert res.code == 2
    message = res.error_line()
    assert "lint.yaml" in message and "exclude" in message


def test_pyproject_tool_section_with_unknown_key(run, project):
    write(project / "pyproject.toml", '[project]\nname = "site"\n\n[tool.lintmed]\nfail_on = "error"\n')
    write(project / "risky.md", RISKY)
    res = run("check", "risky.md")
    assert res.code == 2
    message = res.error_line()
    assert "pyproject.toml" in message and "fail_on" in message


def test_pyproject_tool_section_is_read(run, project):
    write(project / "pyproject.toml", '[tool.lintmed]\nfail-on = "never"\n')
    write(project / "risky.md", RISKY)
    res = run("check", "risky.md", "--format", "json")
    assert res.code == 0 and res.json["findings"]


def test_config_is_found_from_a_subfolder(run, project, monkeypatch):
    write(project / ".lintmed.yaml", "fail-on: never\n")
    write(project / "site" / "risky.md", RISKY)
    monkeypatch.chdir(project / "site")
    assert run("check", "risky.md").code == 0


# --- user rule files and config selection ---------------------------------------------------


def test_extra_rule_file_adds_a_rule_that_flags(run, project, rule_file):
    rule_file(TEST_RULES, "test-rules.yaml")
    source = "# Spa\n\nRelax in our ozone sauna today.\n"
    write(project / "spa.md", source)
    assert not [f for f in run("check", "spa.md", "--format", "json").json["findings"]
                if f["text"].lower() == "ozone sauna"], "the default rules know nothing of ozone saunas"
    res = run("check", "spa.md", "--rules", "test-rules.yaml", "--format", "json")
    assert res.code == 1
    [f] = [f for f in res.json["findings"] if f["rule"] == "test-ozone-sauna"]
    line, col = line_col(source, "ozone sauna")
    assert 0 <= f.pop("confidence") <= 1  # the claim detector's score (on by default)
    assert f == {
        "path": "spa.md", "line": line, "column": col, "end_line": line, "end_column": col + 11,
        "rule": "test-ozone-sauna", "category": "testimonial", "severity": "warning",
        "message": "Test rule for the ozone sauna.", "text": "ozone sauna",
        # A rule with no wording of its own: its finding still says what to do.
        "suggestions": [{"replacement": "", "kind": "remove", "description": "where no softer wording is true, drop the claim", "line": line, "column": 1, "end_line": line,
                         "end_column": len(source.splitlines()[line - 1]) + 1}],
        "references": ["Test reference 2"],
    }


def test_override_severity_and_disable_a_default_rule(run, project, rule_file):
    rule_id, example = a_rule_at("error", run)
    write(project / ".lintmed.yaml", f"select: [{rule_id}]\n")
    write(project / "page.txt", example + "\n")
    before = run("check", "page.txt", "--format", "json")
    assert before.json["findings"], f"{rule_id} should flag its own example {example!r}"
    original = lintmed.load_ruleset().get(rule_id).severity
    assert {f["severity"] for f in before.json["findings"]} == {original}

    rule_file(f"rules:\n  - id: {rule_id}\n    severity: info\n", "override.yaml")
    after = run("check", "page.txt", "--rules", "override.yaml", "--format", "json")
    assert {f["severity"] for f in after.json["findings"]} == {"info"}
    assert [(f["line"], f["column"], f["message"]) for f in after.json["findings"]] == \
           [(f["line"], f["column"], f["message"]) for f in before.json["findings"]]
    assert after.code == 0, "info is below the default --fail-on warning"

    rule_file(f"rules:\n  - id: {rule_id}\n    enabled: false\n", "off.yaml")
    write(project / ".lintmed.yaml", "")  # select would now name a rule that is gone
    off = run("check", "page.txt", "--rules", "off.yaml", "--format", "json")
    assert rule_id not in {f["rule"] for f in off.json["findings"]}
    res = run("rules", "--rules", "off.yaml", "--format", "json")
    assert rule_id not in {r["id"] for r in res.json}
    assert len(res.json) == len(lintmed.load_ruleset()) - 1


def test_severity_override_in_config(run, project, rule_file):
    only_test_rules(rule_file, "test-cures-arthritis")
    write(project / "risky.md", RISKY)
    with_config = (project / "only.yaml").read_text() + "severity: {test-cures-arthritis: info}\n"
    write(project / "only.yaml", with_config)
    res = run("check", "risky.md", "--config", "only.yaml", "--format", "json")
    assert [f["severity"] for f in res.json["findings"]] == ["info"]
    assert res.code == 0


SELECTION_PAGE = "Our stem cell therapy cures arthritis.\n\nRelax in our ozone sauna.\n\nIs exosome therapy FDA-approved? Yes, it is FDA-approved.\n"


def _records(res: Result) -> list[tuple]:
    """Each rule that flagged a claim, the finding's own and its related ones (one finding per claim);
    the column is left out, as the merged finding takes its most severe rule's span."""
    categories = {r.id: r.category for r in lintmed.load_ruleset()} | {
        "test-cures-arthritis": "cure-claim", "test-ozone-sauna": "testimonial"}
    return sorted((f["path"], f["line"], 0, rule, categories[rule]) for f in res.json["findings"]
                  for rule in (f["rule"], *f.get("related", ())))


def test_config_select_and_ignore_by_id_and_category(run, project, rule_file):
    rule_file(TEST_RULES, "test-rules.yaml")
    write(project / "page.md", SELECTION_PAGE)

    def with_config(text: str) -> list[tuple]:
        # Without the detector: a sentence whose rule is ignored may become a learned
        # finding (the detector judges what no rule flags), which is not what this tests.
        write(project / ".lintmed.yaml", "rules: [test-rules.yaml]\ndetector: false\n" + text)
        res = run("check", "page.md", "--format", "json")
        assert res.code in (0, 1), res.err
        return _records(res)

    baseline = with_config("")
    assert {r[3] for r in baseline} >= set(TEST_IDS)
    rule_id, category = "test-ozone-sauna", "testimonial"
    assert {r[4] for r in baseline if r[3] != rule_id}, "other rules flag the page too"

    assert with_config(f"ignore: [{rule_id}]\n") == [r for r in baseline if r[3] != rule_id]
    assert with_config(f"ignore: [{category}]\n") == [r for r in baseline if r[4] != category]
    assert with_config(f"select: [{rule_id}]\n") == [r for r in baseline if r[3] == rule_id]
    assert with_config(f"select: [{category}, cure-claim]\n") == \
        [r for r in baseline if r[4] in (category, "cure-claim")]
    assert with_config(f"select: [cure-claim]\nignore: [test-cures-arthritis]\n") == \
        [r for r in baseline if r[4] == "cure-claim" and r[3] != "test-cures-arthritis"]


def test_unknown_rule_id_in_config_ignore(run, project):
    write(project / ".lintmed.yaml", "ignore: [test-ozone-sauna]\n")  # defined only in a file not loaded
    write(project / "risky.md", RISKY)
    res = run("check", "risky.md")
    assert res.code == 2
    message = res.error_line()
    assert "test-ozone-sauna" in message and ".lintmed.yaml" in message


# --- rules, explain, --version --------------------------------------------------------------


def test_rules_lists_every_rule(run, project):
    ruleset = lintmed.load_ruleset()
    res = run("rules", "--format", "json")
    assert res.code == 0
    assert len(res.json) == len(ruleset)
    assert sorted(r["id"] for r in res.json) == sorted(r.id for r in ruleset)
    for record in res.json:
        rule = ruleset.get(record["id"])
        assert (record["category"], record["severity"], record["message"]) == \
               (rule.category, rule.severity, rule.message)

    text = run("rules")
    assert text.code == 0
    listed = [line.split()[0] for line in text.out.splitlines() if line.strip() and line.split()[0] in ruleset.rules]
    assert sorted(listed) == sorted(r.id for r in ruleset)
    assert f"{len(ruleset)} rules" in text.out


def test_rules_includes_user_rules(run, project, rule_file):
    rule_file(TEST_RULES, "test-rules.yaml")
    res = run("rules", "--rules", "test-rules.yaml", "--format", "json")
    assert len(res.json) == len(lintmed.load_ruleset()) + len(TEST_IDS)


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_explain_prints_rationale_references_and_examples(run, project):
    ruleset = lintmed.load_ruleset()
    rule = max(ruleset, key=lambda r: (len(r.references), len(r.examples_flag) + len(r.examples_pass)))
    res = run("explain", rule.id)
    assert res.code == 0
    out = _squash(res.out)
    assert rule.id in out
    assert _squash(rule.why) in out
    assert _squash(rule.message) in out
    for text in (*rule.references, *rule.examples_flag, *rule.examples_pass):
        assert _squash(text) in out
    # Suggested wording is shown as it reads in a sentence: a flagged example, rewritten.
    assert "{" not in out.split("Suggested wording", 1)[-1].split("Flagged:")[0]
    assert "-> " in out
    # The rule's context policy in words, and how to accept a reviewed claim.
    assert "a negated claim" in out and "lintmed-disable-next-line " + rule.id in out


def test_explain_a_user_rule(run, project, rule_file):
    rule_file(TEST_RULES, "test-rules.yaml")
    res = run("explain", "test-cures-arthritis", "--rules", "test-rules.yaml")
    assert res.code == 0
    # (A sentence naming a serious disease gets its removal first, never a hedge: issue 16.)
    for text in ("A rule written for the CLI tests.", "Test reference 1", "-> (the sentence removed)",
                 "Our stem cell therapy cures arthritis.", "Our stem cell therapy does not cure arthritis."):
        assert text in res.out


def test_explain_unknown_rule_suggests_a_close_one(run, project):
    rule_id = sorted(r.id for r in lintmed.load_ruleset())[0]
    typo = rule_id[:-1] if len(rule_id) > 3 else rule_id + "x"
    res = run("explain", typo)
    assert res.code == 2
    message = res.error_line()
    assert typo in message and "did you mean" in message and rule_id in message

    res = run("explain", "no-such-rule")
    assert res.code == 2
    assert "no-such-rule" in res.error_line()


def test_version(run, project):
    res = run("--version")
    assert res.code == 0
    assert lintmed.__version__ in res.out and "lintmed" in res.out


def test_unknown_command_is_a_usage_error(run, project):
    res = run("lint-everything")
    assert res.code == 2
    assert "lint-everything" in res.err


# --- --show-suppressed ----------------------------------------------------------------------


def test_show_suppressed_question_with_default_rules(run, project):
    source = "# FAQ\n\n" + QUESTION
    write(project / "faq.md", source)
    plain = run("check", "faq.md", "--format", "json")
    assert plain.code == 0 and plain.json["findings"] == [], "a question is not a claim"
    assert plain.notices == [] and plain.summary == "1 file checked, no claims."

    res = run("check", "faq.md", "--show-suppressed")
    assert res.code == 0
    suppressed = [line for line in res.err.splitlines() if "suppressed" in line]
    assert suppressed, "the FDA-approved question matches a rule and is suppressed"
    line, _ = line_col(source, "FDA-approved")
    assert all(s.startswith(f"faq.md:{line}:") for s in suppressed)
    assert any("question" in s and "'?'" in s for s in suppressed)


def test_show_suppressed_negation_names_the_cue(run, project, rule_file):
    only_test_rules(rule_file, "test-cures-arthritis")
    source = "Our stem cell therapy does not cure arthritis.\n\nOur stem cell therapy cures arthritis.\n"
    write(project / "page.md", source)
    res = run("check", "page.md", "--config", "only.yaml", "--show-suppressed", "--format", "json")
    assert res.code == 1
    assert [f["line"] for f in res.json["findings"]] == [3]
    [note] = [line for line in res.err.splitlines() if "suppressed" in line]
    line, col = line_col(source, "cure arthritis")
    assert note.startswith(f"page.md:{line}:{col}:")
    assert "test-cures-arthritis" in note and "negated" in note and "'not'" in note


# --- a real process, from another working directory ----------------------------------------


def _process(args: list[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lintmed", *args], cwd=cwd, input=stdin,
                          capture_output=True, timeout=300)


def test_module_runs_from_anywhere(tmp_path):
    site = write(tmp_path / "site" / "page.md", "# Our clinic\n\n" + RISKY)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = _process(["check", str(site), "--format", "json"], cwd=elsewhere)
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["findings"] and {f["path"] for f in doc["findings"]} == {str(site)}
    assert all(f["line"] == 3 for f in doc["findings"])

    proc = _process(["check", "-", "--fail-on", "never", "--format", "json"], cwd=elsewhere,
                    stdin=RISKY.encode())
    assert proc.returncode == 0
    assert {f["path"] for f in json.loads(proc.stdout)["findings"]} == {"<stdin>"}


def test_module_errors_are_one_line_without_traceback(tmp_path):
    proc = _process(["check", "missing.md"], cwd=tmp_path)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "missing.md" in lines[0]

    write(tmp_path / "clean.md", CLEAN)
    proc = _process(["check", "clean.md"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.decode() == ""


def test_the_command_ends_without_teardown_but_with_all_its_output(tmp_path):
    # lintmed.cli.exit_now: os._exit once stdout and stderr are flushed (no interpreter teardown).
    script = ("import sys\nfrom lintmed.cli import exit_now\n"
              "sys.stdout.write('x' * 200000)\nsys.stderr.write('done')\nexit_now(3)\n")
    out = tmp_path / "out.txt"
    with open(out, "w") as stdout:
        done = subprocess.run([sys.executable, "-c", script], stdout=stdout, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 3 and done.stderr == "done"
    assert out.read_text() == "x" * 200000


def test_python_m_lintmed_says_what_the_console_script_says(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("Our stem cell therapy cures arthritis.\n", encoding="utf-8")
    env = {**os.environ, "LINTMED_NO_CACHE": "1", "NO_COLOR": "1"}
    module = subprocess.run([sys.executable, "-m", "lintmed", "check", str(page)], capture_output=True, text=True,
                            env=env)
    script = subprocess.run(["lintmed", "check", str(page)], capture_output=True, text=True, env=env)
    assert module.returncode == script.returncode == 1
    assert module.stdout == script.stdout and "cures arthritis" in module.stdout
    assert module.stderr == script.stderr
