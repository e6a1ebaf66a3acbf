"""Shared by the fix tests: a rules-only Linter (the learned detector offers no rewrites)."""
from __future__ import annotations

from functools import lru_cache

from lintmed.engine.linter import Linter
from lintmed.rules.load import load_ruleset


@lru_cache(maxsize=1)
def rules_linter() -> Linter:
    try:
        return Linter(load_ruleset(), detector=False)
    except TypeError:  # a Linter without the detector option
        return Linter(load_ruleset())
