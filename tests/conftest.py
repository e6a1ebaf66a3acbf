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
from cli_support import Result, write

from lintmed.cli import main
from lintmed.workflow import cache


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
    """``rule_file(yaml_text, name="rules.yaml") -> Path``: the rule file, written into the test's folder."""
    def write_rule_file(text: str, name: str = "rules.yaml") -> Path:
        return write(tmp_path / name, text)

    return write_rule_file
