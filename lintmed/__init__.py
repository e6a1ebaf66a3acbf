"""lintmed: a content-compliance linter for health and medical marketing copy.

    import lintmed
    findings = lintmed.lint_text("Our therapy cures arthritis.", path="page.md")
    ctx = lintmed.assess_context("Is it FDA-approved?", 6, 18)

On a distributed engine (Dask, Spark, Ray), map partitions of (path, text) pairs to
``lintmed.lint_partition``: plain tuples in, plain dicts out, one linter per worker.
"""
from __future__ import annotations

from lintmed._version import __version__

# The functions below import what they use when called: every ``import lintmed.x`` runs
# this file first, and most of them pull in the engine (spaCy).

__all__ = ["__version__", "lint_text", "lint_paths", "lint_partition", "assess_context", "load_ruleset"]


def lint_text(text: str, path: str = "<text>", fmt: str | None = None, linter=None):
    """Findings for one document's text; the format follows ``path``'s suffix unless given."""
    from lintmed.engine.linter import default_linter

    return (linter or default_linter()).lint(text, path=path, fmt=fmt).findings


def lint_paths(paths, linter=None):
    """Findings for files and folders (recursing with the default include globs)."""
    from lintmed.workflow.files import collect_files, read_source
    from lintmed.engine.linter import default_linter

    linter = linter or default_linter()
    findings = []
    for path in collect_files(paths).files:
        findings.extend(linter.lint(read_source(path), path=path).findings)
    return findings


def assess_context(sentence: str, start: int, end: int, model: str | None = None):
    """The context pass on its own: negated / hedged / question / reported for a span."""
    from lintmed.engine.context import assess_context as _assess

    return _assess(sentence, start, end, model)


def load_ruleset(extra_files=(), include_defaults: bool = True):
    from lintmed.rules.load import load_ruleset as _load

    return _load(extra_files, include_defaults)


def lint_partition(documents, rules=(), detector: bool = True, detector_threshold: float | None = None,
                   inline_suppress: bool = True) -> list[dict]:
    """Findings for a partition of documents, as JSON-ready dicts (the fields of
    ``--format json``'s findings, each with its ``path``), in document order.

    ``documents``: (path, text) pairs, or dicts with ``path`` and ``text``. Made for
    a distributed engine's map over partitions (``dask.bag.Bag.map_partitions``,
    Spark's ``RDD.mapPartitions``, a Ray task): the arguments and the result pickle as
    plain data, and the linter (spaCy pipeline, compiled rules, detector) is built once
    per worker process and settings, on first use, then reused by every partition that
    worker runs. ``rules``: extra rule files (paths readable on the workers).
    """
    from lintmed.report.records import finding_record

    linter = _partition_linter(tuple(rules), bool(detector), detector_threshold, bool(inline_suppress))
    out = []
    for document in documents:
        path, text = (document["path"], document["text"]) if isinstance(document, dict) else document
        out.extend(finding_record(f) for f in linter.lint(text, path=path).findings)
    return out


def _partition_linter(rules: tuple, detector: bool, detector_threshold, inline_suppress: bool):
    """The linter for these settings in this process (kept for the next partitions)."""
    from lintmed.engine.linter import Linter

    key = (rules, detector, detector_threshold, inline_suppress)
    if key not in _PARTITION_LINTERS:
        _PARTITION_LINTERS[key] = Linter(load_ruleset(list(rules)), detector=detector,
                                         detector_threshold=detector_threshold, inline_suppress=inline_suppress)
    return _PARTITION_LINTERS[key]


_PARTITION_LINTERS: dict = {}
