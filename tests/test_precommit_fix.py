"""The ``lintmed-fix`` pre-commit hook for real (``pre-commit try-repo`` in a temporary git repo).

Like a formatter, the hook rewrites files and pre-commit fails the run because
files changed; the second run then passes, or only reports claims that have no
safe fix. The hook repository is the working-tree snapshot that
``test_precommit.py`` builds.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from test_precommit import git, hook_repo, pre_commit, site  # noqa: F401  (fixtures)

FIXABLE = "# Tonic\n\nThe tonic boosts energy.\n"
FIXED = "# Tonic\n\nThe tonic may help boost energy.\n"
UNFIXABLE = "# Cream\n\nOur cream is FDA-approved.\n"


@pytest.fixture
def fix_site(site) -> Path:  # noqa: F811  (site: the writers' repository of test_precommit.py)
    (site / "tonic.md").write_text(FIXABLE, encoding="utf-8")
    (site / "cream.md").write_text(UNFIXABLE, encoding="utf-8")
    git("add", "tonic.md", "cream.md", cwd=site)
    return site


def test_fix_hook_rewrites_then_passes_or_reports_what_remains(hook_repo, fix_site, tmp_path):  # noqa: F811
    repo, _ = hook_repo
    site = fix_site
    home = tmp_path / "home"

    first = pre_commit("try-repo", str(repo), "lintmed-fix", "--files", "tonic.md", cwd=site, home=home)
    output = first.stdout + first.stderr
    assert first.returncode == 1, output
    assert "files were modified by this hook" in output
    assert (site / "tonic.md").read_text(encoding="utf-8") == FIXED
    assert "Traceback" not in output

    second = pre_commit("try-repo", str(repo), "lintmed-fix", "--files", "tonic.md", cwd=site, home=home)
    assert second.returncode == 0, second.stdout + second.stderr
    assert (site / "tonic.md").read_text(encoding="utf-8") == FIXED

    # A claim with no safe fix is left as it is; the fix hook passes and says nothing
    # (reporting it is the lintmed hook's job).
    third = pre_commit("try-repo", str(repo), "lintmed-fix", "--files", "cream.md", "--verbose",
                       cwd=site, home=home)
    output = third.stdout + third.stderr
    assert third.returncode == 0, output
    assert "fda-approval-claim" not in output and "fixed" not in output
    assert "files were modified by this hook" not in output
    assert (site / "cream.md").read_text(encoding="utf-8") == UNFIXABLE


def test_both_hooks_print_each_finding_once(hook_repo, fix_site, tmp_path):  # noqa: F811
    """try-repo without a hook id runs every hook of the repository, as a config with both would."""
    repo, _ = hook_repo
    site = fix_site
    run = pre_commit("try-repo", str(repo), "--files", "tonic.md", "cream.md", "risky.md", "clean.md",
                     cwd=site, home=tmp_path / "home")
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "files were modified by this hook" in output  # lintmed-fix rewrote tonic.md
    lines = [line for line in output.splitlines() if line.startswith(("cream.md:", "risky.md:"))]
    assert lines and len(lines) == len(set(lines)), f"a finding printed twice:\n{output}"
    assert sum(line.startswith("Found ") for line in output.splitlines()) == 1, output
