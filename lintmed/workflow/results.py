"""The results cache (like ruff's): each file's LintResult is kept in the cache folder
(lintmed.storage.cache) under a hash of its path and content, the rule set, the linter's
settings, lintmed's version and code; a re-run over unchanged files reads them back
instead of linting. Off with ``--no-cache`` or ``LINTMED_NO_CACHE=1``, and for a named
pipeline or detector model, whose files the key cannot see.

Kept apart from the runner (lintmed.workflow.runner), which imports the engine: the key
is made from the linter's settings (``Settings``), not from a built Linter, so a run whose
every file's findings are here never imports the engine nor spaCy."""
from __future__ import annotations

import json
from dataclasses import dataclass

from lintmed.engine.results import LintResult
from lintmed.rules.model import RuleSet
from lintmed.storage import cache


@dataclass(frozen=True)
class Settings:
    """What decides a file's findings besides its text: the Linter's arguments
    (lintmed.engine.linter.Linter), without the Linter."""

    ruleset: RuleSet
    pipeline: str | None = None
    inline_suppress: bool = True
    detector: object = False  # True, False, None, a path to weights, or a loaded detector
    detector_threshold: float | None = None

    @classmethod
    def of(cls, linter) -> Settings:
        return cls(linter.ruleset, linter.pipeline, linter.inline_suppress, linter.detector, linter.detector_threshold)


class ResultsCache:
    """LintResults by file path and content, for one linter's settings."""

    KIND = "results"

    def __init__(self, settings: str):
        self.settings = settings  # a hash of everything but the file that decides its findings

    @classmethod
    def for_linter(cls, linter) -> ResultsCache | None:
        return cls.for_settings(Settings.of(linter))

    @classmethod
    def for_settings(cls, settings: Settings) -> ResultsCache | None:
        """None when caching is off or the linter reads files the key cannot see."""
        if cache.usable_dir() is None or settings.pipeline is not None or settings.detector not in (True, False, None):
            return None
        key = json.dumps({"inline_suppress": settings.inline_suppress, "detector": bool(settings.detector),
                          "threshold": settings.detector_threshold}, sort_keys=True)
        # cache.digest already holds lintmed's code and version.
        return cls(cache.digest(cls.KIND, [cache.json_of(settings.ruleset), key]))

    def _key(self, source: str, path: str) -> str:
        return cache.digest(self.KIND, [self.settings, path, source])

    def get(self, source: str, path: str) -> LintResult | None:
        return cache.load(self.KIND, self._key(source, path), LintResult)

    def put(self, source: str, path: str, result: LintResult) -> None:
        cache.store(self.KIND, self._key(source, path), result)


def cached_results(documents: list[tuple[str, str]], store: ResultsCache | None) -> list[LintResult | None]:
    """Per (source, path), its LintResult from ``store``, or None (not there, or no store)."""
    if store is None:
        return [None] * len(documents)
    return [store.get(source, path) for source, path in documents]
