"""Suite-wide settings: lintmed's cache (lintmed.workflow.cache) goes to a temporary folder, so the
tests never read or write the user's ~/.cache, and every run starts without entries.

Fixtures: ``cache_folder`` (a cache of the test's own) and ``rule_file`` (a rule file
written for the test)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

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
def rule_file(tmp_path):
    """``rule_file(content, name="rules.yaml") -> Path``: writes a rule file into the test's
    folder and gives its path. ``content`` is the file's text as is (for tests of what it
    says about lines and syntax), or a mapping written as YAML whose rules get
    RULE_DEFAULTS for the keys they leave out:
    ``rule_file({"rules": [{"id": "x", "match": {"phrases": ["miracle"]}}]})``."""
    def write(content, name: str = "rules.yaml") -> Path:
        if not isinstance(content, str):
            content = dict(content)
            content["rules"] = [{**RULE_DEFAULTS, **rule} for rule in content.get("rules", ())]
            content = yaml.safe_dump(content, sort_keys=False, allow_unicode=True)
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        return path
    return write
