"""What linting a page gives (``LintResult``), in a module of its own: the results cache
(lintmed.workflow.results) reads LintResults back without importing the engine that
makes them (lintmed.engine.linter, and through it the readers, the matchers and the
suggestions), so that a run whose every file is in the cache never loads them."""
from __future__ import annotations

from dataclasses import dataclass, field

from lintmed.findings import Context, Finding


@dataclass(frozen=True, slots=True)
class Verdict:
    """A rule match with its context and whether the rule's policy suppressed it."""

    finding: Finding
    context: Context
    suppressed_by: tuple[str, ...]


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    # Findings the context policy (or the verifier) set aside, with why (--show-suppressed).
    suppressed: list[Verdict] = field(default_factory=list)
    # Findings that lintmed-disable comments hide (lintmed.engine.suppress); the reports
    # call them "inline suppressed".
    disabled: list[Finding] = field(default_factory=list)
    # The page's language when it is not English: the page was not checked (lintmed.engine.language).
    not_checked_language: str | None = None
