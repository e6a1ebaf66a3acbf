"""Shared by the tests of real-world documents (HTML, front matter, suppression,
baseline, config, document rules): a small rule file of our own, so the tests
exercise mechanisms rather than the wording of the default rules (the command line
is driven by conftest's ``run`` fixture)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lintmed.engine.linter import Linter
from lintmed.rules.load import load_ruleset

PAGE_RULES = """\
version: 1
rules:
  - id: t-no-risk
    category: absolute-safety
    severity: error
    message: Absolute safety claim.
    why: Test rule.
    references: ["CAP Code (Edition 12) rule 12.9"]
    match:
      patterns:
        - [{lower: "no"}, {lemma: [risk, danger]}]
      phrases: [risk-free, completely safe]
    context: {negated: keep}
    examples: {flag: ["There is no risk."], pass: ["Every treatment has risks."]}
  - id: t-cures
    category: cure-claim
    severity: error
    message: Cure claim.
    why: Test rule.
    references: ["FTC Act §5(a), 15 U.S.C. 45(a)"]
    match:
      phrases: [cures arthritis, cured of arthritis, reverses aging]
    examples: {flag: ["It cures arthritis."], pass: ["It may ease stiffness."]}
  - id: t-miracle
    category: hype
    severity: warning
    message: Hype.
    why: Test rule.
    references: ["CAP Code (Edition 12) rule 12.1"]
    match:
      phrases: [miracle, breakthrough]
    examples: {flag: ["A miracle serum."], pass: ["A new serum."]}
  - id: t-fda-status
    category: regulatory-status
    severity: warning
    message: Promotes a product the FDA has not approved without saying so.
    why: Test rule.
    references: ["21 CFR 1.21(a)"]
    match:
      document:
        mentions:
          - phrases: [exosome, exosomes, exosome therapy]
            disclosure: There are currently no FDA-approved exosome products.
          - phrases: [stem cell, stem cells, stem cell therapy]
            except: [cord blood]
            disclosure: No stem cell products other than cord blood are FDA-approved.
          - phrases: [prp, platelet-rich plasma]
            near: [hair loss, knee, arthritis]
            disclosure: PRP is not FDA-approved to treat this condition.
        unless:
          parts: [{phrases: [fda, food and drug administration]}, {lemma: [approve, approval]}]
          within: 8
    examples:
      flag: ["Book an exosome facial."]
      pass: ["Book an exosome facial. There are currently no FDA-approved exosome products."]
"""
RULE_IDS = ("t-no-risk", "t-cures", "t-miracle", "t-fda-status")


def write_rules(folder: Path) -> Path:
    path = folder / "page-rules.yaml"
    path.write_text(PAGE_RULES, encoding="utf-8")
    return path


@lru_cache(maxsize=4)
def _linter(rules_path: str, inline_suppress: bool) -> Linter:
    return Linter(load_ruleset([rules_path], include_defaults=False), inline_suppress=inline_suppress)


def page_linter(tmp_path_factory, inline_suppress: bool = True) -> Linter:
    folder = tmp_path_factory.getbasetemp() / "page-rules"
    folder.mkdir(exist_ok=True)
    return _linter(str(write_rules(folder)), inline_suppress)


def lint(linter: Linter, source: str, path: str):
    return linter.lint(source, path).findings


def write_project(folder: Path, extra_config: str = "") -> Path:
    """A project folder whose config selects only the test rules."""
    write_rules(folder)
    (folder / ".lintmed.yaml").write_text(
        f"rules: [page-rules.yaml]\nselect: [{', '.join(RULE_IDS)}]\n{extra_config}", encoding="utf-8")
    return folder
