"""--fix, --unsafe-fixes and --diff: edits only claim spans, never lose text, write safely.

All copy here is written for these tests.
"""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from fix_support import rules_linter
from lintmed.suggest.fix import (MARKUP, REMOVAL, UNSAFE, ChangedOnDisk, Edit, Snapshot, apply_edits, encode_like, fix_text, plan,
                         write_atomic)

SAFE = "Our tonic boosts your stamina."         # unqualified-efficacy-claim: a safe fix
SAFE_FIXED = "Our tonic may help boost your stamina."
UNSAFE_ONLY = "Our FDA-approved cream is new."  # fda-approval-claim: unsafe (its words are deleted)
UNSAFE_FIXED = "Our cream is new."
REMOVAL_ONLY = "Our cream is FDA-approved."      # its only suggestion removes the sentence


@pytest.fixture(scope="module")
def linter():
    return rules_linter()


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lintmed", "check", *args], cwd=cwd,
                          input=stdin, capture_output=True, text=True)


# ------------------------------------------------------------------- engine

def test_safe_fix_changes_only_the_span(linter):
    result = fix_text(SAFE, "page.txt", linter)
    assert result.fixed == SAFE_FIXED
    assert [e.finding.rule for e in result.applied] == ["unqualified-efficacy-claim"]
    assert result.lint.findings == []


def test_unsafe_fix_needs_the_flag(linter):
    assert fix_text(UNSAFE_ONLY, "page.txt", linter).fixed == UNSAFE_ONLY
    assert fix_text(UNSAFE_ONLY, "page.txt", linter, unsafe=True).fixed == UNSAFE_FIXED
    _, skipped = plan(UNSAFE_ONLY, linter.lint(UNSAFE_ONLY, path="page.txt").findings, linter.ruleset)
    assert UNSAFE in skipped.values()


def test_a_removal_of_the_sentence_is_offered_never_applied(linter):
    fixed = fix_text(REMOVAL_ONLY, "page.txt", linter, unsafe=True)
    assert fixed.fixed == REMOVAL_ONLY
    assert REMOVAL in fixed.skipped.values()
    [f] = linter.lint(REMOVAL_ONLY, path="page.txt").findings
    assert [(s.kind, s.replacement, s.span(f)) for s in f.suggestions] == [("remove", "", (0, len(REMOVAL_ONLY)))]


def test_fix_is_idempotent(linter):
    text = "# Tonics\n\nThe tonic boosts energy and stops hair loss.\n\nOur cream is FDA-approved.\n"
    once = fix_text(text, "page.md", linter, unsafe=True).fixed
    assert once != text
    assert fix_text(once, "page.md", linter, unsafe=True).fixed == once


def test_remaining_findings_are_reported(linter):
    text = "The tonic boosts energy. Our cream is FDA-approved."
    result = fix_text(text, "page.txt", linter)
    assert "may help boost energy" in result.fixed
    assert [f.rule for f in result.lint.findings] == ["fda-approval-claim"]


def test_the_result_carries_the_lint_of_the_fixed_text(linter):
    """Callers report on the fixed text from the fix's own last lint, without linting again."""
    text = "The tonic boosts energy. Our cream is FDA-approved."
    result = fix_text(text, "page.txt", linter)
    assert result.changed and result.lint == linter.lint(result.fixed, "page.txt")
    unchanged = fix_text("Parking is behind the clinic.", "page.txt", linter)
    assert unchanged.lint == linter.lint("Parking is behind the clinic.", "page.txt")


def test_claim_across_markdown_emphasis_is_suggested_not_fixed(linter):
    text = "The tonic **boosts** energy.\n"
    [finding] = [f for f in linter.lint(text, path="page.md").findings if f.rule == "unqualified-efficacy-claim"]
    assert finding.suggestions, "still offered as a suggestion"
    assert text[finding.start:finding.end] != finding.text
    result = fix_text(text, "page.md", linter, unsafe=True)
    assert result.fixed == text
    assert MARKUP in result.skipped.values()


def test_claim_across_html_markup_is_not_fixed(linter):
    text = "<p>The tonic <strong>boosts</strong> energy.</p>\n"
    assert fix_text(text, "page.html", linter, unsafe=True).fixed == text


def test_claim_across_a_line_break_is_not_fixed(linter):
    text = "The tonic boosts\nenergy every day.\n"
    assert fix_text(text, "page.txt", linter, unsafe=True).fixed == text


def test_claim_in_html_is_fixed_with_markup_around_it_kept(linter):
    text = "<p>The <em>tonic</em> boosts energy.</p>\n"
    assert fix_text(text, "page.html", linter).fixed == "<p>The <em>tonic</em> may help boost energy.</p>\n"


def test_markdown_markup_around_a_claim_survives(linter):
    text = "- **Energy:** the tonic boosts energy.\n"
    fixed = fix_text(text, "page.md", linter).fixed
    assert fixed == "- **Energy:** the tonic may help boost energy.\n"


def test_article_before_the_claim_agrees(linter):
    text = "We sell a FDA-approved gel."
    fixed = fix_text(text, "page.txt", linter, unsafe=True).fixed
    assert fixed == "We sell a gel."
    assert fix_text("We sell an FDA-approved gel.", "page.txt", linter, unsafe=True).fixed == "We sell a gel."


def test_overlapping_edits_keep_the_earliest_then_longest():
    from lintmed.findings import Finding

    def edit(start, end, rule):
        f = Finding("p", 1, 1, 1, 1, rule, "hype", "warning", "m", "x", start=start, end=end)
        return Edit(start, end, "R", f)

    class Rules:
        rules = {}

    edits = [edit(5, 9, "b"), edit(0, 4, "a"), edit(0, 8, "c"), edit(10, 12, "d")]
    kept = sorted(edits, key=Edit.key)
    chosen = []
    for e in kept:
        if not chosen or e.start >= chosen[-1].end:
            chosen.append(e)
    assert [e.finding.rule for e in chosen] == ["c", "d"]
    assert apply_edits("0123456789abc", chosen) == "R89Rc"


def test_apply_edits_refuses_overlap():
    from lintmed.findings import Finding

    f = Finding("p", 1, 1, 1, 1, "r", "hype", "warning", "m", "x")
    with pytest.raises(ValueError):
        apply_edits("abcdef", [Edit(0, 3, "x", f), Edit(2, 4, "y", f)])


# -------------------------------------------------------------------- files

def test_atomic_write_keeps_permissions_bom_and_crlf(tmp_path, linter):
    page = tmp_path / "page.txt"
    page.write_bytes(b"\xef\xbb\xbf" + SAFE.replace(".", ".\r\nSecond line.\r\n").encode())
    page.chmod(0o640)
    snap = Snapshot.take(str(page))
    result = fix_text(snap.text(), str(page), linter)
    write_atomic(snap, encode_like(result.fixed, snap))
    data = page.read_bytes()
    assert data == b"\xef\xbb\xbf" + (SAFE_FIXED + "\r\nSecond line.\r\n").encode()
    assert stat.S_IMODE(page.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["page.txt"], "no temporary file left behind"


def test_changed_on_disk_is_not_overwritten(tmp_path, linter):
    page = tmp_path / "page.txt"
    page.write_text(SAFE, encoding="utf-8")
    snap = Snapshot.take(str(page))
    page.write_text(SAFE + " Edited meanwhile.", encoding="utf-8")
    with pytest.raises(ChangedOnDisk):
        write_atomic(snap, encode_like(SAFE_FIXED, snap))
    assert page.read_text(encoding="utf-8") == SAFE + " Edited meanwhile."


def test_fix_through_a_symlink_rewrites_the_target(tmp_path, linter):
    target = tmp_path / "real.txt"
    target.write_text(SAFE, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    snap = Snapshot.take(str(link))
    write_atomic(snap, encode_like(SAFE_FIXED, snap))
    assert link.is_symlink() and target.read_text(encoding="utf-8") == SAFE_FIXED


# ---------------------------------------------------------------------- CLI

def test_cli_fix_applies_safe_fixes_and_reports_the_rest(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(f"# Tonic\n\n{SAFE}\n\n{UNSAFE_ONLY}\n", encoding="utf-8")
    proc = run("--fix", "page.md", cwd=tmp_path)
    assert page.read_text(encoding="utf-8") == f"# Tonic\n\n{SAFE_FIXED}\n\n{UNSAFE_ONLY}\n"
    assert proc.returncode == 1, proc.stderr  # the unsafe claim remains
    assert "fda-approval-claim" in proc.stdout and "unqualified-efficacy-claim" not in proc.stdout
    assert "fixed 1 claim in 1 file" in proc.stderr
    # What was offered but not applied is said, with why.
    assert f"not fixed: 1 claim: {UNSAFE}" in proc.stderr


def test_cli_unsafe_fixes(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(UNSAFE_ONLY + "\n", encoding="utf-8")
    proc = run("--fix", "--unsafe-fixes", "page.txt", cwd=tmp_path)
    assert page.read_text(encoding="utf-8") == UNSAFE_FIXED + "\n"
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_cli_diff_changes_nothing_and_exits_1(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(SAFE + "\n", encoding="utf-8")
    proc = run("--diff", "page.txt", cwd=tmp_path)
    assert proc.returncode == 1
    assert page.read_text(encoding="utf-8") == SAFE + "\n"
    assert f"-{SAFE}" in proc.stdout and f"+{SAFE_FIXED}" in proc.stdout
    assert proc.stdout.startswith("--- a/page.txt\n+++ b/page.txt\n")


def test_cli_diff_exits_0_when_nothing_to_fix(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(UNSAFE_ONLY + "\n", encoding="utf-8")
    proc = run("--diff", "page.txt", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == ""


def test_cli_fix_twice_changes_nothing_the_second_time(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(f"{SAFE}\n{UNSAFE_ONLY}\n", encoding="utf-8")
    run("--fix", "--unsafe-fixes", "page.txt", cwd=tmp_path)
    once = page.read_bytes()
    mtime = page.stat().st_mtime_ns
    second = run("--fix", "--unsafe-fixes", "page.txt", cwd=tmp_path)
    assert page.read_bytes() == once and page.stat().st_mtime_ns == mtime
    assert "fixed 0 claims" in second.stderr


def test_cli_stdin_fix_writes_fixed_text_to_stdout(tmp_path):
    proc = run("--fix", "-", cwd=tmp_path, stdin=f"{SAFE}\n{UNSAFE_ONLY}\n")
    assert proc.stdout == f"{SAFE_FIXED}\n{UNSAFE_ONLY}\n"
    assert "fda-approval-claim" in proc.stderr, "the report goes to stderr"
    assert proc.returncode == 1


def test_cli_fix_writes_a_file_named_like_stdin_when_stdin_is_not_read(tmp_path):
    # --stdin-filename names text read from "-"; without "-" the file of that name is a file.
    page = tmp_path / "page.txt"
    page.write_text(SAFE + "\n", encoding="utf-8")
    proc = run("--fix", "--stdin-filename", "page.txt", "page.txt", cwd=tmp_path)
    assert page.read_text(encoding="utf-8") == SAFE_FIXED + "\n"
    assert SAFE_FIXED not in proc.stdout


def test_cli_fix_respects_per_path_ignores(tmp_path):
    (tmp_path / ".lintmed.yaml").write_text(
        "per-path-ignores:\n  'page.txt': [unqualified-efficacy-claim]\n", encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text(SAFE + "\n", encoding="utf-8")
    proc = run("--fix", "page.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert page.read_text(encoding="utf-8") == SAFE + "\n", "an ignored finding is not fixed either"
    assert "fixed 0 claims" in proc.stderr


def test_cli_fix_skips_a_file_that_changed_since_it_was_read(run, tmp_path, monkeypatch):
    """The check happens at write time: simulate an editor saving between read and write."""
    import lintmed.suggest.fix as fix_module

    page = tmp_path / "page.txt"
    page.write_text(SAFE + "\n", encoding="utf-8")
    real_take = fix_module.Snapshot.take

    def take_then_edit(path):
        snap = real_take(path)
        Path(path).write_text("Edited by a person.\n", encoding="utf-8")
        os.utime(path, ns=(snap.mtime_ns + 10**9, snap.mtime_ns + 10**9))
        return snap

    monkeypatch.setattr(fix_module.Snapshot, "take", staticmethod(take_then_edit))
    result = run("check", "--fix", "page.txt")
    assert page.read_text(encoding="utf-8") == "Edited by a person.\n"
    assert "changed on disk" in result.err
