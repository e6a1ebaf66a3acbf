"""Baselines: accept today's findings, fail only on new ones."""
from __future__ import annotations

import json

import pytest

from lintmed.workflow import baseline
from lintmed.errors import LintmedError

from page_support import lint, page_linter, write_project

PAGE = """\
# PRP for thinning hair

A miracle for thinning hair: PRP is completely safe.

Results vary; most clients need three sessions.
"""
# The same copy, moved down by an intro paragraph and re-wrapped.
MOVED = """\
# PRP for thinning hair

Our clinic opened in 2012 and offers consultations on weekdays.

Results vary; most clients need three sessions.

A miracle for thinning hair: PRP is completely
safe.
"""


@pytest.fixture(scope="module")
def linter(tmp_path_factory):
    return page_linter(tmp_path_factory)


def test_keys_ignore_lines_and_wrapping(linter, tmp_path):
    before = lint(linter, PAGE, str(tmp_path / "prp.md"))
    after = lint(linter, MOVED, str(tmp_path / "prp.md"))
    assert [f.line for f in before] != [f.line for f in after]
    file = str(tmp_path / "baseline.json")
    assert sorted(baseline.key(f, tmp_path) for f in before) == sorted(baseline.key(f, tmp_path) for f in after)
    baseline.write(before, file)
    assert baseline.load(file).new_findings(after) == []


def test_written_file_is_sorted_json_with_counts_and_relative_paths(linter, tmp_path):
    (tmp_path / "site").mkdir()
    findings = lint(linter, PAGE + "\nAnother miracle.\n", str(tmp_path / "site" / "prp.md"))
    file = tmp_path / "baseline.json"
    entries = baseline.write(findings, str(file))
    data = json.loads(file.read_text(encoding="utf-8"))
    assert data["version"] == 1 and len(data["findings"]) == entries == 2
    assert data["findings"] == [
        {"rule": "t-miracle", "path": "site/prp.md", "text": "miracle", "count": 2},
        {"rule": "t-no-risk", "path": "site/prp.md", "text": "completely safe", "count": 1},
    ]


def test_duplicated_claim_is_new(linter, tmp_path):
    file = str(tmp_path / "baseline.json")
    baseline.write(lint(linter, PAGE, "prp.md"), file)
    doubled = PAGE + "\nTruly a miracle.\n"
    new = baseline.load(file).new_findings(lint(linter, doubled, "prp.md"))
    # The first "miracle" is accepted; the second one (line 7) is new.
    assert [(f.rule, f.line) for f in new] == [("t-miracle", 7)]


def test_same_claim_in_another_file_or_rule_is_new(linter, tmp_path):
    file = str(tmp_path / "baseline.json")
    baseline.write(lint(linter, PAGE, "prp.md"), file)
    accepted = baseline.load(file)
    assert len(accepted.new_findings(lint(linter, PAGE, "other.md"))) == 2
    assert len(accepted.new_findings(lint(linter, PAGE, "prp.md"))) == 0


def test_fixed_claims_leave_nothing_to_report(linter, tmp_path):
    file = str(tmp_path / "baseline.json")
    baseline.write(lint(linter, PAGE, "prp.md"), file)
    fixed = PAGE.replace("A miracle", "A treatment").replace("completely safe", "well tolerated")
    assert baseline.load(file).new_findings(lint(linter, fixed, "prp.md")) == []


@pytest.mark.parametrize("content, problem", [
    ("{not json", "invalid JSON"),
    ("[]", "not a lintmed baseline"),
    ('{"version": 2, "findings": []}', "not a lintmed baseline"),
    ('{"version": 1, "findings": [{"rule": "x", "path": "a.md"}]}', "findings[0]"),
    ('{"version": 1, "findings": [{"rule": "x", "path": "a.md", "text": "t", "count": 0}]}', "findings[0]"),
])
def test_malformed_baseline_is_an_error(tmp_path, content, problem):
    file = tmp_path / "baseline.json"
    file.write_text(content, encoding="utf-8")
    with pytest.raises(LintmedError) as info:
        baseline.load(str(file))
    assert problem in str(info.value) and "baseline.json" in str(info.value)


# --- command line ----------------------------------------------------------------


def test_cli_write_then_check_against_the_baseline(run, tmp_path):
    project = write_project(tmp_path)
    page = project / "site" / "prp.md"
    page.parent.mkdir()
    page.write_text(PAGE, encoding="utf-8")

    code, out, err = run("check", "site", "--write-baseline", "lintmed-baseline.json")
    assert code == 0 and out == ""
    assert "wrote 2 findings" in err  # "miracle" and "completely safe"
    code, out, _ = run("check", "site", "--baseline", "lintmed-baseline.json")
    # Nothing new; the summary says what the baseline accepted, so silence is never mistaken for clean.
    assert (code, out) == (0, "1 file checked, no claims. 2 more accepted by the baseline.\n")

    # Lines move: still nothing new. From another folder, with another path spelling: the same.
    page.write_text(MOVED, encoding="utf-8")
    code, out, _ = run("check", ".", "--baseline", "../lintmed-baseline.json", cwd=project / "site")
    assert (code, out) == (0, "1 file checked, no claims. 2 more accepted by the baseline.\n")

    # One new claim: reported alone, and the run fails.
    page.write_text(MOVED + "\nIt reverses aging.\n", encoding="utf-8")
    code, out, _ = run("check", "site", "--baseline", "lintmed-baseline.json", "--format", "json", cwd=project)
    found = [(f["rule"], f["text"], f["line"]) for f in json.loads(out)["findings"]]
    assert code == 1 and found == [("t-cures", "reverses aging", 10)]


@pytest.mark.parametrize("content", [None, "{broken", '{"version": 1}'])
def test_cli_bad_baseline_exits_2_with_one_line(run, tmp_path, content):
    project = write_project(tmp_path)
    (project / "a.md").write_text(PAGE, encoding="utf-8")
    if content is not None:
        (project / "base.json").write_text(content, encoding="utf-8")
    code, out, err = run("check", "a.md", "--baseline", "base.json")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "base.json" in err and "Traceback" not in err


def test_cli_baseline_options_exclude_each_other(run, tmp_path):
    project = write_project(tmp_path)
    (project / "a.md").write_text(PAGE, encoding="utf-8")
    code, _, err = run("check", "a.md", "--baseline", "b.json", "--write-baseline", "b.json")
    assert code == 2 and "cannot be used together" in err
