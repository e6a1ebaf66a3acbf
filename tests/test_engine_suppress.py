"""Inline suppression: directives as objects, what they hide, and what they report."""
from __future__ import annotations

import pytest

from lintmed.engine import suppress
from lintmed.engine.suppress import INVALID, NO_REASON, UNUSED, parse

from page_support import lint, page_linter, write_project

# A page in which every claim is deliberately kept, each with a recorded reason.
SUPPRESSED_PAGE = """\
---
title: Exosome facial
---
<!-- lintmed-disable-file t-fda-status -- status disclosure is on the linked FAQ page (legal, 2024-05) -->
# Exosome facial

<!-- lintmed-disable-next-line t-miracle -- quoting a client review verbatim, approved by legal -->
"It felt like a miracle," one client wrote.

<!-- lintmed-disable absolute-safety -- patch test results, reviewed by Dr. Lee -->
The serum is completely safe for sensitive skin.
Our patch test found no risk of irritation.
<!-- lintmed-enable absolute-safety -->

Book a consultation to see whether it suits you.
"""


@pytest.fixture(scope="module")
def linter(tmp_path_factory):
    return page_linter(tmp_path_factory)


@pytest.fixture(scope="module")
def audit_linter(tmp_path_factory):
    return page_linter(tmp_path_factory, inline_suppress=False)


def rules_at(findings):
    return [(f.rule, f.line) for f in findings]


# --- round trip -----------------------------------------------------------------


def test_fully_suppressed_page_with_reasons_reports_nothing(linter):
    assert lint(linter, SUPPRESSED_PAGE, "facial.md") == []


def test_the_same_page_with_one_new_claim_reports_exactly_that_claim(linter):
    page = SUPPRESSED_PAGE.replace("Book a consultation", "This facial reverses aging. Book a consultation")
    assert [(f.rule, f.text, f.line, f.column) for f in lint(linter, page, "facial.md")] == [
        ("t-cures", "reverses aging", 15, 13)]
    # t-miracle is disabled only for line 8: line 15 is reported.
    page = SUPPRESSED_PAGE.replace("Book a consultation", "Our miracle serum. Book a consultation")
    assert [(f.rule, f.text, f.line, f.column) for f in lint(linter, page, "facial.md")] == [
        ("t-miracle", "miracle", 15, 5)]


def test_audit_mode_ignores_every_directive(audit_linter):
    found = rules_at(lint(audit_linter, SUPPRESSED_PAGE, "facial.md"))
    assert sorted(found) == [("t-fda-status", 2), ("t-miracle", 8), ("t-no-risk", 11), ("t-no-risk", 12)]


# --- the directive objects -------------------------------------------------------


def test_directives_parse_into_objects():
    directives, problems = parse(SUPPRESSED_PAGE)
    assert problems == []
    got = [(d.action, d.rules, d.reason, d.line) for d in directives]
    assert got == [
        ("disable-file", ("t-fda-status",), "status disclosure is on the linked FAQ page (legal, 2024-05)", 4),
        ("disable-next-line", ("t-miracle",), "quoting a client review verbatim, approved by legal", 7),
        ("disable", ("absolute-safety",), "patch test results, reviewed by Dr. Lee", 10),
        ("enable", ("absolute-safety",), None, 13),
    ]
    assert all(not d.used for d in directives)
    d = directives[1]
    assert SUPPRESSED_PAGE[d.start:d.end] == d.text
    assert d.text.startswith("lintmed-disable-next-line t-miracle --") and "-->" not in d.text


@pytest.mark.parametrize("line, rules, reason", [
    ("<!-- lintmed-disable-next-line -->", (), None),
    ("<!-- lintmed-disable-next-line -- reason only -->", (), "reason only"),
    ("<!--lintmed-disable-next-line t-cures,t-miracle--reviewed-->", ("t-cures", "t-miracle--reviewed"), None),
    ("<!-- lintmed-disable-next-line t-cures, t-miracle -- two rules -->", ("t-cures", "t-miracle"), "two rules"),
    ("# lintmed-disable-next-line t-cures -- a text file", ("t-cures",), "a text file"),
    ("// lintmed-disable-next-line t-cures -- a script comment", ("t-cures",), "a script comment"),
    ("{/* lintmed-disable-next-line t-cures -- MDX */}", ("t-cures",), "MDX"),
    ("  lintmed-disable-next-line t-cures -- inside a multi-line comment", ("t-cures",),
     "inside a multi-line comment"),
])
def test_directive_syntax(line, rules, reason):
    (d,), problems = parse(line + "\n")
    assert problems == []
    assert (d.action, d.rules, d.reason) == ("disable-next-line", rules, reason)


def test_mentions_in_prose_are_not_directives():
    directives, problems = parse("Use `lintmed-disable-next-line` to keep a claim.\nSee lintmed-disable-file.\n")
    assert directives == [] and problems == []


# --- what each directive hides ----------------------------------------------------


def test_next_line_hides_only_the_next_line_and_only_its_rules(linter):
    src = ("<!-- lintmed-disable-next-line t-miracle -- client quote -->\n"
           "A miracle serum that cures arthritis.\n"
           "Another miracle.\n")
    assert rules_at(lint(linter, src, "a.md")) == [("t-cures", 2), ("t-miracle", 3)]


def test_disable_line_hides_its_own_line(linter):
    src = "A miracle serum. <!-- lintmed-disable-line t-miracle -- product name -->\nA miracle.\n"
    assert rules_at(lint(linter, src, "a.html")) == [("t-miracle", 2)]


def test_next_line_covers_a_claim_that_starts_on_it_and_wraps(linter):
    assert rules_at(lint(linter, "Our serum is completely\nsafe.\n", "a.txt")) == [("t-no-risk", 1)]
    text = "# lintmed-disable-next-line t-no-risk -- tested\nOur serum is completely\nsafe.\n"
    assert lint(linter, text, "a.txt") == []
    md = "<!-- lintmed-disable-next-line t-no-risk -- tested -->\nOur serum is completely\nsafe.\n"
    assert lint(linter, md, "a.md") == []


def test_next_line_covers_a_claim_that_ends_on_it(linter):
    src = "Our serum is completely\n<!-- lintmed-disable-next-line t-no-risk -- tested -->\nsafe.\n"
    # In HTML the comment sits inside the paragraph; the claim spans lines 1-3 and covers line 3.
    assert lint(linter, src, "a.html") == []


def test_disable_enable_region_by_category_and_by_rule(linter):
    src = ("A miracle.\n\n"
           "<!-- lintmed-disable hype,t-cures -- archived press release -->\n"
           "A miracle that cures arthritis.\n\n"
           "<!-- lintmed-enable t-cures -->\n"
           "A miracle that cures arthritis.\n\n"
           "<!-- lintmed-enable -->\n"
           "A miracle.\n")
    assert rules_at(lint(linter, src, "a.md")) == [("t-miracle", 1), ("t-cures", 7), ("t-miracle", 10)]


def test_disable_without_enable_runs_to_the_end(linter):
    src = "A miracle.\n# lintmed-disable t-miracle -- legacy copy\nA miracle.\n\nA miracle.\n"
    assert rules_at(lint(linter, src, "a.txt")) == [("t-miracle", 1)]


def test_disable_file_anywhere_hides_the_whole_file(linter):
    src = "A miracle that cures arthritis.\n\n<!-- lintmed-disable-file t-miracle -- brand name -->\n"
    assert rules_at(lint(linter, src, "a.md")) == [("t-cures", 1)]


def test_no_rule_list_means_every_rule(linter):
    src = "<!-- lintmed-disable-next-line -- testimonial archive -->\nA miracle that cures arthritis.\n"
    assert lint(linter, src, "a.md") == []


def test_words_in_a_directive_are_not_copy(linter):
    src = "# lintmed-disable-next-line t-cures -- no risk claim here, the miracle is a product name\nIt cures arthritis.\n"
    assert lint(linter, src, "a.txt") == []


# --- what directives report ----------------------------------------------------


def test_unused_suppression_is_reported_at_the_directive(linter):
    src = "Intro.\n\n<!-- lintmed-disable-next-line t-miracle -- was a claim once -->\nA plain sentence.\n"
    (f,) = lint(linter, src, "a.md")
    assert (f.rule, f.category, f.severity, f.line, f.column) == (UNUSED, "suppression", "warning", 3, 6)
    assert src[f.start:f.end] == f.text == "lintmed-disable-next-line t-miracle -- was a claim once"


def test_directive_for_another_rule_is_unused_and_the_claim_stays(linter):
    src = "<!-- lintmed-disable-next-line t-cures -- wrong rule -->\nA miracle.\n"
    assert rules_at(lint(linter, src, "a.md")) == [(UNUSED, 1), ("t-miracle", 2)]


def test_enable_that_ends_nothing_is_unused(linter):
    src = "<!-- lintmed-enable t-miracle -->\nPlain.\n"
    (f,) = lint(linter, src, "a.md")
    assert f.rule == UNUSED and "ends no lintmed-disable" in f.message


def test_directive_without_reason_still_works_and_is_reported(linter):
    src = "<!-- lintmed-disable-next-line t-miracle -->\nA miracle.\n"
    (f,) = lint(linter, src, "a.md")
    assert (f.rule, f.severity, f.line) == (NO_REASON, "warning", 1)


def test_unknown_rule_id_is_an_error_and_the_directive_is_ignored(linter):
    src = "<!-- lintmed-disable-next-line t-miracel -- typo -->\nA miracle.\n"
    findings = lint(linter, src, "a.md")
    assert rules_at(findings) == [(INVALID, 1), ("t-miracle", 2)]
    assert findings[0].severity == "error" and "'t-miracel'" in findings[0].message


def test_unknown_directive_is_an_error(linter):
    src = "<!-- lintmed-disable-nextline t-miracle -- typo -->\nA miracle.\n"
    findings = lint(linter, src, "a.md")
    assert rules_at(findings) == [(INVALID, 1), ("t-miracle", 2)]
    assert "lintmed-disable-nextline" in findings[0].message


def test_rule_ids_outside_the_selection_are_known(tmp_path_factory):
    from lintmed.engine.linter import Linter

    base = page_linter(tmp_path_factory)
    only_cures = Linter(base.ruleset.select(lambda r: r.id == "t-cures"))
    src = "<!-- lintmed-disable-next-line t-miracle -- kept for later -->\nA miracle.\n"
    assert rules_at(only_cures.lint(src, "a.md").findings) == [(UNUSED, 1)]


def test_suppressed_findings_are_kept_on_the_result(linter):
    result = linter.lint(SUPPRESSED_PAGE, "facial.md")
    assert sorted(f.rule for f in result.inline_suppressed) == ["t-fda-status", "t-miracle", "t-no-risk",
                                                               "t-no-risk"]


def test_meta_rules_are_described():
    assert set(suppress.META_RULES) == {INVALID, UNUSED, NO_REASON}
    assert suppress.META_RULES[INVALID][0] == "error"


# --- command line ----------------------------------------------------------------


def test_cli_no_inline_suppress_reports_everything(run, tmp_path):
    project = write_project(tmp_path)
    (project / "facial.md").write_text(SUPPRESSED_PAGE, encoding="utf-8")
    code, out, _ = run("check", "facial.md", "--format", "json", cwd=project)
    assert code == 0 and '"findings": []' in out
    code, out, _ = run("check", "facial.md", "--no-inline-suppress", "--format", "json", cwd=project)
    assert code == 1 and out.count('"rule": "t-no-risk"') == 2


def test_config_can_ignore_the_suppression_findings(run, tmp_path):
    project = write_project(tmp_path, "ignore: [suppression-without-reason]\n")
    (project / "a.md").write_text("<!-- lintmed-disable-next-line t-miracle -->\nA miracle.\n", encoding="utf-8")
    code, out, err = run("check", "a.md", cwd=project)
    # Nothing reported; the summary says what the comment hid.
    assert (code, out) == (0, "1 file checked, no claims. 1 hidden by lintmed-disable comments "
                              "(--show-suppressed lists them).\n"), err
