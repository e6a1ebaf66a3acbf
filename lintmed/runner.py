"""Lint many documents: in this process, or per file across a process pool.

DESIGN.md measured that nlp.pipe(n_process=2) is slower than one process on
2 cores, so parallelism is per file, and only when the work is large enough
to pay for starting workers (each imports spaCy and compiles the rules).
"""
from __future__ import annotations

import os

from lintmed.errors import InternalError, LintmedError
from lintmed.linter import Linter, LintResult

# Below this many characters of input, one process is faster than a pool.
POOL_THRESHOLD_CHARS = 2_000_000
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


def lint_documents(documents: list[tuple[str, str]], linter: Linter, jobs: int = 0) -> list[LintResult]:
    """One LintResult per (source, path), in order. ``jobs`` 0 means one per core."""
    jobs = jobs or default_jobs()
    size = sum(len(source) for source, _ in documents)
    if jobs <= 1 or len(documents) < 2 or size < POOL_THRESHOLD_CHARS:
        return [lint_one(linter, source, path) for source, path in documents]
    from concurrent.futures import ProcessPoolExecutor

    jobs = min(jobs, len(documents))
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(linter.ruleset, linter.model, linter.inline_suppress,
                                                                        linter.detector, linter.detector_threshold)) as pool:
        return list(pool.map(_lint_one, documents, chunksize=max(1, len(documents) // (jobs * 8))))
