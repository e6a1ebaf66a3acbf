"""docs/rules.md is the rule catalogue generated from rules.yaml; it must not drift."""
from __future__ import annotations

import difflib
from pathlib import Path

from report_support import write_rules

from lintmed.report.catalogue import REGENERATE, render
from lintmed.rules.load import load_ruleset

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "rules.md"


def test_committed_catalogue_matches_rules_yaml():
    expected = render(load_ruleset())
    actual = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    if actual != expected:
        diff = "".join(list(difflib.unified_diff(actual.splitlines(True), expected.splitlines(True),
                                                 "docs/rules.md (committed)", "docs/rules.md (from rules.yaml)"))[:40])
        raise AssertionError(
            "docs/rules.md is out of date with rules.yaml. Regenerate it from the repository root with\n\n"
            f"    {REGENERATE}\n\n(no .lintmed.yaml or extra --rules in effect) and commit it. First differences:\n"
            + diff)


def test_cli_markdown_is_the_catalogue(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("rules", "--format", "markdown")
    assert code == 0
    assert out == render(load_ruleset())


def test_catalogue_content(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rules = write_rules(tmp_path)
    ruleset = load_ruleset([str(rules)], include_defaults=False)
    text = render(ruleset)
    for rule in ruleset:
        assert f"\n### {rule.id}\n" in text
        assert f"| [`{rule.id}`](#{rule.id}) | {rule.category} | {rule.severity} |" in text
    section = text.split("\n### rt-eliminates-risk\n", 1)[1].split("\n### ", 1)[0]
    assert "**error** · absolute-safety" in section
    assert "Every procedure carries some risk" in section
    assert "- 21 CFR 202.1(e)(6)(i)" in section
    assert "<https://www.fda.gov/" in section  # references with a URL become links
    assert "**Suggested wording** (safe to apply)\n\n- may lower the risk" in section
    assert "**Flagged**\n\n- It virtually eliminates the risk." in section
    assert "**Not flagged**\n\n- It lowers the chance of bruising." in section
    assert "negated: keep" in section
    # Pipes cannot break the summary table.
    code, out, _ = run("rules", "--format", "markdown", "--rules", str(rules))
    assert code == 0 and "### rt-testimonial" in out
