"""The pre-commit hooks for real: pre-commit installs this repository into a virtualenv of
its own (``pip install .``) and runs ``.pre-commit-hooks.yaml``'s hooks, from a
``.pre-commit-config.yaml`` in a writers' git repository, as the README sets it up.

Building that environment (spaCy and all) is the slow part. pre-commit keys it by the
repository and the rev, so every test here names the same snapshot at the same tag through
one PRE_COMMIT_HOME, and it is built once; ``try-repo`` would build a throwaway one per call.
They stay in this one module so that a parallel run (``--dist loadfile``) keeps them on one
worker.

pre-commit only installs committed trees, so ``hook_repo`` commits a snapshot of the
working tree (tracked plus untracked files that .gitignore does not exclude) and tags it
with the release tag the README's snippet names. In a fresh clone, as in CI, the snapshot
is simply HEAD.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
import yaml

import lintmed

REPO = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
RELEASE_TAG = f"v{PROJECT['version']}"
RISKY = "# Our clinic\n\nOur stem cell therapy cures arthritis.\n"
CLEAN = "# Our clinic\n\nOur clinic is open from Monday to Friday.\n"
INSTALL_TIMEOUT = 900  # a guard against a hung pip, not a timing assertion


def git(*args: str, cwd: Path, env: dict | None = None) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, f"git {' '.join(args)} failed: {proc.stderr}"
    return proc.stdout


def pre_commit_env(home: Path) -> dict:
    return dict(os.environ, PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")


def pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=pre_commit_env(home),
                          capture_output=True, text=True, timeout=INSTALL_TIMEOUT)


def use_hooks(site: Path, repo: Path, *hook_ids: str) -> None:
    """A staged ``.pre-commit-config.yaml`` in ``site`` naming these hooks of the snapshot."""
    config = {"repos": [{"repo": repo.as_posix(), "rev": RELEASE_TAG, "hooks": [{"id": h} for h in hook_ids]}]}
    (site / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    git("add", ".pre-commit-config.yaml", cwd=site)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """A committed copy of this repository's working tree, tagged with the release tag."""
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
    git("tag", RELEASE_TAG, cwd=snapshot)
    return snapshot


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    """pre-commit's store, shared by every test here: one hook environment."""
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


def test_hook_fails_on_the_risky_page_only(hook_repo, pre_commit_home, site):
    use_hooks(site, hook_repo, "lintmed")
    proc = pre_commit("run", "--files", "risky.md", "clean.md", cwd=site, home=pre_commit_home)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "lintmed" in output and "Failed" in output
    assert flagged_rules(output), f"the output names the file and a rule:\n{output}"
    assert "risky.md:3:" in output
    assert "clean.md:" not in output
    assert "Traceback" not in output


def readme_pre_commit_setup() -> tuple[str, list[str]]:
    """The README's pre-commit setup: the config snippet and the shell commands, as written."""
    section = (REPO / "README.md").read_text(encoding="utf-8").split("### 3. pre-commit", 1)[1].split("\n### ", 1)[0]
    blocks = [(lang, textwrap.dedent(body)) for lang, body in re.findall(r"```(\w+)\n(.*?)^\s*```", section, re.S | re.M)]
    [config] = [body for lang, body in blocks if lang == "yaml"]
    commands = [line.split("#")[0].strip() for lang, body in blocks if lang == "sh" for line in body.splitlines()]
    return config, [c for c in commands if c]


def test_readme_pre_commit_setup_works_as_written(hook_repo, pre_commit_home, site):
    """Every step of the README's pre-commit setup, against a clone of this repository at the
    release tag the snippet names (created here, in the temporary clone)."""
    config, commands = readme_pre_commit_setup()
    [entry] = yaml.safe_load(config)["repos"]
    assert entry["repo"] == PROJECT["urls"]["Repository"], "the snippet points at this repository"
    assert entry["rev"] == RELEASE_TAG, "the snippet names the release tag of this version"
    assert [h["id"] for h in entry["hooks"]] == ["lintmed-fix", "lintmed"]
    (site / ".pre-commit-config.yaml").write_text(config.replace(entry["repo"], hook_repo.as_posix()), encoding="utf-8")
    git("add", ".pre-commit-config.yaml", cwd=site)
    git("reset", "-q", "risky.md", cwd=site)

    assert commands == ["pre-commit install", "pre-commit run --all-files"]
    installed = pre_commit(*shlex.split(commands[0])[1:], cwd=site, home=pre_commit_home)
    assert installed.returncode == 0, installed.stderr
    first = pre_commit(*shlex.split(commands[1])[1:], cwd=site, home=pre_commit_home)
    assert first.returncode == 0, first.stdout + first.stderr  # the clean page (risky.md is not staged)

    # A clean page and the config commit through the installed git hook.
    env = pre_commit_env(pre_commit_home)
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
    assert sum(line.startswith("Found ") for line in output.splitlines()) == 1, output
    assert git("rev-parse", "HEAD", cwd=site) == head

    # `pre-commit run` reuses the environment the commit hook installed.
    rerun = pre_commit("run", "--files", "risky.md", "clean.md", cwd=site, home=pre_commit_home)
    output = rerun.stdout + rerun.stderr
    assert rerun.returncode == 1, output
    assert "Installing environment" not in output
    assert flagged_rules(output) and "clean.md:" not in output


def test_an_excluded_folder_does_not_block_a_commit(hook_repo, pre_commit_home, site):
    """pre-commit names every staged file; the config's exclude still holds (--force-exclude)."""
    use_hooks(site, hook_repo, "lintmed")
    (site / ".lintmed.yaml").write_text("exclude: [drafts]\n", encoding="utf-8")
    (site / "drafts").mkdir()
    (site / "drafts" / "idea.md").write_text(RISKY, encoding="utf-8")
    proc = pre_commit("run", "--files", "drafts/idea.md", "clean.md", "--verbose", cwd=site, home=pre_commit_home)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "drafts/idea.md:3:" not in output and "1 file checked in this pre-commit batch, no claims." in output


# The lintmed-fix hook: like a formatter, it rewrites files and pre-commit fails the run
# because files changed; the second run then passes, or only reports claims that have no
# safe fix.
FIXABLE = "# Tonic\n\nThe tonic boosts energy.\n"
FIXED = "# Tonic\n\nThe tonic may help boost energy.\n"
UNFIXABLE = "# Cream\n\nOur cream is FDA-approved.\n"


@pytest.fixture
def fix_site(site) -> Path:
    (site / "tonic.md").write_text(FIXABLE, encoding="utf-8")
    (site / "cream.md").write_text(UNFIXABLE, encoding="utf-8")
    git("add", "tonic.md", "cream.md", cwd=site)
    return site


def test_fix_hook_rewrites_then_passes_or_reports_what_remains(hook_repo, pre_commit_home, fix_site):
    site, home = fix_site, pre_commit_home
    use_hooks(site, hook_repo, "lintmed-fix")

    first = pre_commit("run", "--files", "tonic.md", cwd=site, home=home)
    output = first.stdout + first.stderr
    assert first.returncode == 1, output
    assert "files were modified by this hook" in output
    assert (site / "tonic.md").read_text(encoding="utf-8") == FIXED
    assert "Traceback" not in output

    second = pre_commit("run", "--files", "tonic.md", cwd=site, home=home)
    assert second.returncode == 0, second.stdout + second.stderr
    assert (site / "tonic.md").read_text(encoding="utf-8") == FIXED

    # A claim with no safe fix is left as it is; the fix hook passes and says nothing
    # (reporting it is the lintmed hook's job).
    third = pre_commit("run", "--files", "cream.md", "--verbose", cwd=site, home=home)
    output = third.stdout + third.stderr
    assert third.returncode == 0, output
    assert "fda-approval-claim" not in output and "fixed" not in output
    assert "files were modified by this hook" not in output
    assert (site / "cream.md").read_text(encoding="utf-8") == UNFIXABLE


def test_both_hooks_print_each_finding_once(hook_repo, pre_commit_home, fix_site):
    """The README's config: both hooks, the fix hook first."""
    site = fix_site
    use_hooks(site, hook_repo, "lintmed-fix", "lintmed")
    run = pre_commit("run", "--files", "tonic.md", "cream.md", "risky.md", "clean.md", cwd=site, home=pre_commit_home)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "files were modified by this hook" in output  # lintmed-fix rewrote tonic.md
    lines = [line for line in output.splitlines() if line.startswith(("cream.md:", "risky.md:"))]
    assert lines and len(lines) == len(set(lines)), f"a finding printed twice:\n{output}"
    assert sum(line.startswith("Found ") for line in output.splitlines()) == 1, output
