"""--diff-base REF: only findings on lines added or changed since REF; untracked files are all new."""
from __future__ import annotations

import json
import subprocess

import pytest
from report_support import SELECT_REPORT_RULES, write_rules

from lintmed.workflow.changed import parse_diff

OLD = (
    "Our facial is a miracle cure for dull skin.\n"
    "Book online.\n"
    "Clients say it changed my life.\n"
    "Gift cards are available.\n"
)
NEW = (
    "Our facial is a miracle cure for dull skin.\n"
    "Book online or call us.\n"
    "Clients say it changed my life, and it virtually eliminates the risk of rejection.\n"
    "Gift cards are available.\n"
    "New: a peptide drip that cures tired skin.\n"
)


def git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=lintmed tests", "-c", "user.email=tests@example.invalid",
                    "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                   cwd=cwd, check=True, capture_output=True)


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_rules(tmp_path)
    (tmp_path / ".lintmed.yaml").write_text(SELECT_REPORT_RULES, encoding="utf-8")  # the report rules alone
    git(tmp_path, "init", "-q")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "page.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "site" / "same.txt").write_text("It is a miracle cure.\n", encoding="utf-8")
    git(tmp_path, "add", "site")
    git(tmp_path, "commit", "-q", "-m", "base")
    (tmp_path / "site" / "page.txt").write_text(NEW, encoding="utf-8")
    (tmp_path / "site" / "fresh.txt").write_text("Line one.\nIt is a miracle cure.\n", encoding="utf-8")
    return tmp_path


def findings(run, argv):
    code, out, err = run(*argv)
    return code, [f for f in json.loads(out)["findings"] if f["rule"].startswith("rt-")], err


def test_only_changed_lines_and_untracked_files(run, repo):
    rules = str(write_rules(repo))
    _, everything, _ = findings(run, ["check", "--rules", rules, "--format", "json", "site"])
    code, changed, _ = findings(run, ["check", "--rules", rules, "--format", "json", "--diff-base", "HEAD", "site"])
    lines = {(f["path"], f["line"], rule) for f in changed for rule in (f["rule"], *f.get("related", ()))}
    # Unchanged line 1 of page.txt and the unchanged file same.txt are left out ...
    assert ("site/page.txt", 1, "rt-miracle-cure") in {(f["path"], f["line"], rule) for f in everything
                                                        for rule in (f["rule"], *f.get("related", ()))}
    assert not any(f["path"] == "site/same.txt" for f in changed)
    assert not any(f["path"] == "site/page.txt" and f["line"] == 1 for f in changed)
    # ... changed line 3, added line 5 and the untracked file are kept.
    assert {("site/page.txt", 3, "rt-testimonial"), ("site/page.txt", 3, "rt-eliminates-risk"),
            ("site/page.txt", 5, "rt-cure"), ("site/fresh.txt", 2, "rt-miracle-cure")} <= lines
    assert all(f["path"] == "site/fresh.txt" or f["line"] in (2, 3, 5) for f in changed)
    assert code == 1


def test_a_committed_change_since_an_older_ref(run, repo):
    rules = str(write_rules(repo))
    git(repo, "add", "site")
    git(repo, "commit", "-q", "-m", "edit")
    code, changed, _ = findings(run, ["check", "--rules", rules, "--format", "json", "--diff-base", "HEAD~1",
                                      "site/page.txt", "site/same.txt"])
    assert {f["line"] for f in changed} == {3, 5}
    code, none, _ = findings(run, ["check", "--rules", rules, "--format", "json", "--diff-base", "HEAD",
                                   "site/page.txt"])
    assert none == [] and code == 0


def test_bad_ref_is_exit_2_with_one_line(run, repo):
    code, out, err = run("check", "--diff-base", "no-such-branch", "site")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "no-such-branch" in err and "Traceback" not in err


def test_not_a_repository_is_exit_2(run, tmp_path, monkeypatch):
    outside = tmp_path / "plain"
    outside.mkdir()
    (outside / "page.txt").write_text("It is a miracle cure.\n", encoding="utf-8")
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    code, _, err = run("check", "--diff-base", "main", "page.txt")
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "not in a git repository" in err


def test_parse_diff_hunk_headers():
    diff = (
        "diff --git a/a.md b/a.md\n"
        "--- a/a.md\n+++ b/a.md\n"
        "@@ -3 +3 @@ heading\n-old\n+new\n"
        "@@ -10,2 +9,0 @@\n-gone\n-gone\n"
        "@@ -20,0 +21,3 @@\n+x\n+y\n+z\n"
        "diff --git a/old.md b/gone.md\n--- a/gone.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n"
        'diff --git "a/caf\\303\\251 page.md" "b/caf\\303\\251 page.md"\n'
        '--- "a/caf\\303\\251 page.md"\n+++ "b/caf\\303\\251 page.md"\n@@ -0,0 +1,2 @@\n+a\n+b\n'
    )
    assert parse_diff(diff) == {"a.md": {3, 21, 22, 23}, "café page.md": {1, 2}}
