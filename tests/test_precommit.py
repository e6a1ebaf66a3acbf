"""The pre-commit hook for real: pre-commit installs this repository into its own
virtualenv (``pip install .``) and runs ``.pre-commit-hooks.yaml``'s ``lintmed`` hook.

pre-commit only installs committed trees. ``try-repo`` adds a checkout's
uncommitted changes to tracked files but not new, untracked ones, so the
module fixture commits a snapshot of the working tree (tracked plus
untracked files that .gitignore does not exclude) and the hooks come from
there. In a fresh clone, as in CI, the snapshot is simply HEAD.

Each ``try-repo`` builds the hook environment afresh (it uses a throwaway
store), so there is one; the ``.pre-commit-config.yaml`` flow (a clean
commit passes, a risky one is refused, ``pre-commit run`` fails) shares one
environment through a module-scoped PRE_COMMIT_HOME.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import lintmed

REPO = Path(__file__).resolve().parents[1]
RISKY = "# Our clinic\n\nOur stem cell therapy cures arthritis.\n"
CLEAN = "# Our clinic\n\nOur clinic is open from Monday to Friday.\n"
INSTALL_TIMEOUT = 900  # a guard against a hung pip, not a timing assertion


def git(*args: str, cwd: Path, env: dict | None = None) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, f"git {' '.join(args)} failed: {proc.stderr}"
    return proc.stdout


def pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=INSTALL_TIMEOUT)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """(path, commit) of a committed copy of this repository's working tree."""
    snapshot = tmp_path_factory.mktemp("lintmed-repo")
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO)
    for name in filter(None, listed.split("\0")):
        src = REPO / name
        if not (src.exists() or src.is_symlink()):  # deleted in the working tree
            continue
        dst = snapshot / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst, follow_symlinks=False)
    assert (snapshot / ".pre-commit-hooks.yaml").is_file()
    git("init", "-q", cwd=snapshot)
    git("add", "-A", cwd=snapshot)
    git("-c", "user.name=lintmed tests", "-c", "user.email=tests@lintmed.invalid",
        "commit", "-q", "--no-verify", "-m", "snapshot of the working tree", cwd=snapshot)
    return snapshot, git("rev-parse", "HEAD", cwd=snapshot).strip()


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def site(tmp_path) -> Path:
    """A writers' git repository with one risky and one clean page, staged."""
    site = tmp_path / "site"
    site.mkdir()
    git("init", "-q", cwd=site)
    git("config", "user.name", "Web Writer", cwd=site)
    git("config", "user.email", "writer@clinic.invalid", cwd=site)
    (site / "risky.md").write_text(RISKY, encoding="utf-8")
    (site / "clean.md").write_text(CLEAN, encoding="utf-8")
    git("add", "risky.md", "clean.md", cwd=site)
    return site


def flagged_rules(output: str) -> set[str]:
    ids = {rule.id for rule in lintmed.load_ruleset()}
    return {word for line in output.splitlines() if line.startswith("risky.md:")
            for word in line.split() if word in ids}


def test_try_repo_fails_on_the_risky_page_only(hook_repo, site, tmp_path):
    repo, _ = hook_repo
    proc = pre_commit("try-repo", str(repo), "lintmed", "--files", "risky.md", "clean.md",
                      cwd=site, home=tmp_path / "home")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "lintmed" in output and "Failed" in output
    assert flagged_rules(output), f"the output names the file and a rule:\n{output}"
    assert "risky.md:3:" in output
    assert "clean.md:" not in output
    assert "Traceback" not in output


def test_config_file_hook_blocks_a_risky_commit(hook_repo, pre_commit_home, site):
    repo, rev = hook_repo
    (site / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: lintmed\n",
        encoding="utf-8")
    git("add", ".pre-commit-config.yaml", cwd=site)

    # A clean page and the config commit through the installed git hook.
    git("reset", "-q", "risky.md", cwd=site)
    installed = pre_commit("install", cwd=site, home=pre_commit_home)
    assert installed.returncode == 0, installed.stderr
    env = dict(os.environ, PRE_COMMIT_HOME=str(pre_commit_home), PRE_COMMIT_COLOR="never")
    ok = subprocess.run(["git", "commit", "-m", "Opening hours"], cwd=site, env=env,
                        capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Passed" in ok.stdout + ok.stderr
    assert "clean.md" in git("ls-files", cwd=site)

    # The risky page is refused, naming the file and the rule, and nothing is committed.
    git("add", "risky.md", cwd=site)
    head = git("rev-parse", "HEAD", cwd=site)
    refused = subprocess.run(["git", "commit", "-m", "Arthritis page"], cwd=site, env=env,
                             capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert flagged_rules(output), output
    assert git("rev-parse", "HEAD", cwd=site) == head

    # `pre-commit run` reuses the environment the commit hook installed.
    rerun = pre_commit("run", "--files", "risky.md", "clean.md", cwd=site, home=pre_commit_home)
    output = rerun.stdout + rerun.stderr
    assert rerun.returncode == 1, output
    assert "Installing environment" not in output
    assert flagged_rules(output) and "clean.md:" not in output
