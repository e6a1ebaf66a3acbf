"""``match: {learned: claim-detector}``: the sentences a learned model flags.

No matcher: the claim detector (lintmed.engine.detector) scores every sentence of a page
and lintmed.engine.learned turns a high score that no rule explains into a finding of
this rule. It judges the page's sentences once all rules have matched, so it is
page-level, and it needs no word of its own (the prefilter leaves it out).
"""
from __future__ import annotations

from lintmed.rules.model import Rule

NAME = "learned"
PAGE_LEVEL = True  # judged after every rule matched, from the page's sentence scores
ALONE = True  # the rule's only kind of match
MODELS = ("claim-detector",)


def check(chk, value, where: str, line: int, terms) -> None:
    chk.choice(value, where, line, MODELS)


def build(value) -> str | None:
    """Rule.learned: the model's name (None: not a learned rule)."""
    return value


def compile(compiled, rule: Rule) -> None:
    """Nothing to compile: the detector is loaded by the Linter."""


def prefilter(needs, rule: Rule) -> None:
    """No words: see the module's docstring (and lintmed.engine.prefilter's)."""
