"""lintmed: a content-compliance linter for health and medical marketing copy.

    import lintmed
    findings = lintmed.lint_text("Our therapy cures arthritis.", path="page.md")
    ctx = lintmed.assess_context("Is it FDA-approved?", 6, 18)
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__", "lint_text", "lint_paths", "assess_context", "load_ruleset"]


def lint_text(text: str, path: str = "<text>", fmt: str | None = None, linter=None):
    """Findings for one document's text; the format follows ``path``'s suffix unless given."""
    from lintmed.linter import default_linter

    return (linter or default_linter()).lint(text, path=path, fmt=fmt).findings


def lint_paths(paths, linter=None):
    """Findings for files and folders (recursing with the default include globs)."""
    from lintmed.files import collect_files, read_source
    from lintmed.linter import default_linter

    linter = linter or default_linter()
    findings = []
    for path in collect_files(paths).files:
        findings.extend(linter.lint(read_source(path), path=path).findings)
    return findings


def assess_context(sentence: str, start: int, end: int, model: str | None = None):
    """The context pass on its own: negated / hedged / question / reported for a span."""
    from lintmed.context import assess_context as _assess

    return _assess(sentence, start, end, model)


def load_ruleset(extra_files=(), include_defaults: bool = True):
    from lintmed.rules import load_ruleset as _load

    return _load(extra_files, include_defaults)
