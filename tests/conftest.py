"""Suite-wide settings and fixtures.

- lintmed's cache (lintmed.workflow.cache) goes to a temporary folder, so the tests never
  read or write the user's ~/.cache, and every run starts without entries;
- ``project``: an empty working folder; ``run``: the one way the tests drive the CLI
  (``lintmed.cli.main`` in-process, from ``project`` or another ``cwd``);
- ``rule_file``: a rule file written into the test's folder.
"""
from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
import yaml
from cli_support import Result, write

from lintmed.cli import main
from lintmed.workflow import cache

# What a rule written for a test has unless it says otherwise: the keys every rule must have.
RULE_DEFAULTS = {"category": "hype", "severity": "warning", "message": "m", "why": "w", "references": ["r"],
                 "examples": {"flag": [], "pass": []}}


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    previous = os.environ.get("LINTMED_CACHE_DIR")
    os.environ["LINTMED_CACHE_DIR"] = str(tmp_path_factory.mktemp("lintmed-cache"))
    yield
    if previous is None:
        del os.environ["LINTMED_CACHE_DIR"]
    else:
        os.environ["LINTMED_CACHE_DIR"] = previous


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    """A cache folder of the test's own, with the cache on; switched back on afterwards
    for a test that turned it off."""
    monkeypatch.setenv("LINTMED_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("LINTMED_NO_CACHE", raising=False)
    yield tmp_path / "cache"
    cache.disable(False)


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """An empty working folder: no .lintmed.yaml or pyproject.toml of the repo applies."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def run(project, capsys, monkeypatch):
    """``run(*argv, stdin=None, cwd=None) -> Result``: ``lintmed ARGV`` in this process, from
    ``cwd`` (default: ``project``), with ``stdin``'s bytes on stdin; a traceback fails the test."""
    def run(*argv: str, stdin: bytes | None = None, cwd: Path | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        code = main(list(argv))
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def rule_file(tmp_path):
    """``rule_file(content, name="rules.yaml") -> Path``: writes a rule file into the test's
    folder and gives its path. ``content`` is the file's text as is (for tests of what it
    says about lines and syntax), or a mapping written as YAML whose rules get
    RULE_DEFAULTS for the keys they leave out:
    ``rule_file({"rules": [{"id": "x", "match": {"phrases": ["miracle"]}}]})``."""
    def write_rule_file(content, name: str = "rules.yaml") -> Path:
        if not isinstance(content, str):
            content = dict(content)
            content["rules"] = [{**RULE_DEFAULTS, **rule} for rule in content.get("rules", ())]
            content = yaml.safe_dump(content, sort_keys=False, allow_unicode=True)
        return write(tmp_path / name, content)

    return write_rule_file
