"""Lint many documents: from the results cache, in this process, or per file across a
process pool.

Results cache (like ruff's): each file's LintResult is kept in the cache folder
(lintmed.workflow.cache) under a hash of its path and content, the rule set, the linter's
settings, lintmed's version and code; a re-run over unchanged files reads them
back instead of linting. Off with ``--no-cache`` or ``LINTMED_NO_CACHE=1``, and for
a named pipeline or detector model, whose files the key cannot see.

DESIGN.md measured that nlp.pipe(n_process=2) is slower than one process on
2 cores, so parallelism is per file, and only when the work is large enough
to pay for starting workers (each imports spaCy and compiles the rules).
"""
from __future__ import annotations

import json
import multiprocessing
import os

from lintmed.workflow import cache
from lintmed.errors import InternalError, LintmedError
from lintmed.engine.linter import Linter, LintResult

# Below this many characters of input, one process is faster than a pool. Forked
# workers share the parent's pipeline and matchers: starting two costs about 0.02-0.05 s
# and sending results back about 0.15 s per million characters, against about 1.5 s of
# linting per million characters on one core (bench/throughput.py). Spawned workers (where
# the platform cannot fork) each import spaCy and compile the rules, about 1 s each.
POOL_THRESHOLD_CHARS = 200_000
SPAWN_POOL_THRESHOLD_CHARS = 2_000_000
_worker_linter: Linter | None = None


def _init_worker(ruleset, model, inline_suppress, detector, detector_threshold) -> None:
    global _worker_linter
    _worker_linter = Linter(ruleset, model, inline_suppress, detector, detector_threshold)


def _lint_one(item: tuple[str, str]) -> LintResult:
    source, path = item
    return lint_one(_worker_linter, source, path)


def lint_one(linter: Linter, source: str, path: str) -> LintResult:
    """``linter.lint``, with any failure inside it named by the file (InternalError: exit 3)."""
    try:
        return linter.lint(source, path=path)
    except (LintmedError, InternalError):
        raise
    except Exception as exc:  # noqa: BLE001 - a bug on one file is reported as such, never as findings
        raise InternalError.wrap(exc, path) from exc


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class ResultsCache:
    """LintResults by file path and content, for one linter's settings."""

    KIND = "results"

    def __init__(self, settings: str):
        self.settings = settings  # a hash of everything but the file that decides its findings

    @classmethod
    def for_linter(cls, linter: Linter) -> ResultsCache | None:
        """None when caching is off or the linter reads files the key cannot see."""
        if cache.usable_dir() is None or linter.model is not None or linter.detector not in (True, False, None):
            return None
        settings = json.dumps({"inline_suppress": linter.inline_suppress, "detector": bool(linter.detector),
                               "threshold": linter.detector_threshold}, sort_keys=True)
        return cls(cache.digest(cls.KIND, [cache.code_fingerprint(), cache.json_of(linter.ruleset), settings]))

    def _key(self, source: str, path: str) -> str:
        return cache.digest(self.KIND, [self.settings, path, source])

    def get(self, source: str, path: str) -> LintResult | None:
        return cache.load(self.KIND, self._key(source, path), LintResult)

    def put(self, source: str, path: str, result: LintResult) -> None:
        cache.store(self.KIND, self._key(source, path), result)


def lint_documents(documents: list[tuple[str, str]], linter: Linter, jobs: int = 0,
                   use_cache: bool = True) -> list[LintResult]:
    """One LintResult per (source, path), in order. ``jobs`` 0 means one per core."""
    results: list[LintResult | None] = [None] * len(documents)
    store = ResultsCache.for_linter(linter) if use_cache else None
    if store is not None:
        results = [store.get(source, path) for source, path in documents]
    todo = [i for i, result in enumerate(results) if result is None]
    for i, result in zip(todo, _lint([documents[i] for i in todo], linter, jobs)):
        results[i] = result
        if store is not None:
            store.put(*documents[i], result)
    return results


def _lint(documents: list[tuple[str, str]], linter: Linter, jobs: int) -> list[LintResult]:
    jobs = jobs or default_jobs()
    size = sum(len(source) for source, _ in documents)
    forks = "fork" in multiprocessing.get_all_start_methods()
    if jobs <= 1 or len(documents) < 2 or size < (POOL_THRESHOLD_CHARS if forks else SPAWN_POOL_THRESHOLD_CHARS):
        return [lint_one(linter, source, path) for source, path in documents]
    from concurrent.futures import ProcessPoolExecutor  # lazy: start-up time; most runs start no pool

    jobs = min(jobs, len(documents))
    chunksize = max(1, len(documents) // (jobs * 8))
    if forks:
        # Forked workers share the parent's spaCy, matchers and detector (copy on write)
        # instead of each importing and compiling them again (about 1 s of CPU each).
        global _worker_linter
        _worker_linter = linter.warm_up()
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_lint_one, documents, chunksize=chunksize))
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(linter.ruleset, linter.model, linter.inline_suppress,
                                                                        linter.detector, linter.detector_threshold)) as pool:
        return list(pool.map(_lint_one, documents, chunksize=chunksize))
