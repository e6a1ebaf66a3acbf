"""Suite-wide settings: lintmed's cache (lintmed.workflow.cache) goes to a temporary folder, so the
tests never read or write the user's ~/.cache, and every run starts without entries."""
from __future__ import annotations

import os

import pytest

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
