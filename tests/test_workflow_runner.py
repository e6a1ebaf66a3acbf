"""lintmed.workflow.runner: a process pool when the work is large enough, with the same results, in
the same order, as one process; forked workers use the parent's compiled linter."""
from __future__ import annotations

import concurrent.futures

import pytest

from lintmed.workflow import runner
from lintmed.engine.linter import Linter
from lintmed.rules.load import load_ruleset

PAGES = [
    ("# Clinic {n}\n\nOur serum cures acne in {n} days. Is it FDA-approved? No.\n", "page-{n}.md"),
    ("<html><body><p>Book now, only {n} places left! The best clinic in town.</p></body></html>", "page-{n}.html"),
    ("Opening hours: 9:00 to 17:{n}0 on weekdays.\n", "page-{n}.txt"),
]


@pytest.fixture(scope="module")
def documents():
    return [(text.format(n=n), path.format(n=n)) for n in range(1, 7) for text, path in PAGES]


@pytest.fixture(scope="module")
def linter():
    return Linter(load_ruleset())


def test_a_pool_gives_what_one_process_gives(documents, linter, monkeypatch):
    alone = runner.lint_documents(documents, linter, jobs=1, use_cache=False)
    monkeypatch.setattr(runner, "POOL_THRESHOLD_CHARS", 1)
    monkeypatch.setattr(runner, "SPAWN_POOL_THRESHOLD_CHARS", 1)
    started = []

    class Counting(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            started.append(args[0] if args else kwargs.get("max_workers"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Counting)
    pooled = runner.lint_documents(documents, linter, jobs=2, use_cache=False)
    assert started == [2]  # the pool ran
    assert pooled == alone
    assert any(r.findings for r in pooled) and not pooled[2].findings


def test_small_work_stays_in_one_process(documents, linter, monkeypatch):
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", lambda *a, **k: pytest.fail("pool started"))
    assert len(runner.lint_documents(documents, linter, jobs=2, use_cache=False)) == len(documents)
