"""Suite-wide settings: lintmed's cache (lintmed.cache) goes to a temporary folder, so the
tests never read or write the user's ~/.cache, and every run starts without entries."""
from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    previous = os.environ.get("LINTMED_CACHE_DIR")
    os.environ["LINTMED_CACHE_DIR"] = str(tmp_path_factory.mktemp("lintmed-cache"))
    yield
    if previous is None:
        del os.environ["LINTMED_CACHE_DIR"]
    else:
        os.environ["LINTMED_CACHE_DIR"] = previous
