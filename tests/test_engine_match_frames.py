"""Frame matching details (lintmed.engine.match): ordered frames, and verbs inside named conditions."""
from __future__ import annotations

import pytest

from lintmed.errors import LintmedError
from lintmed.engine.linter import Linter
from lintmed.rules.load import load_ruleset

RULES = """
version: 1
terms:
  condition: [heart attack, panic attack, asthma]
approved-uses:
  conditions: [condition]
  products: []
rules:
  - id: stops-care
    category: comparative-claim
    severity: error
    message: m
    why: w
    references: [r]
    match:
      frames:
        - parts: [{phrases: [without, avoid]}, {phrases: [surgery, drugs]}]
          within: 4
          ordered: true
    context: {}
    examples: {flag: ["Heal without surgery."], pass: ["Surgery with or without a brace."]}
  - id: attacks-condition
    category: disease-claim
    severity: error
    message: m
    why: w
    references: [r]
    match:
      frames:
        - parts: [{lemma: [attack, treat]}, {term: condition}]
          within: 6
    context: {}
    examples: {flag: ["Our drops attack asthma."], pass: ["Risks include a heart attack."]}
"""


@pytest.fixture(scope="module")
def linter(tmp_path_factory):
    path = tmp_path_factory.mktemp("rules") / "frames.yaml"
    path.write_text(RULES, encoding="utf-8")
    return Linter(load_ruleset([str(path)], include_defaults=False))


def rules_of(linter, text):
    return [f.rule for f in linter.lint(text, path="a.txt").findings]


def test_an_ordered_frame_needs_its_parts_in_order(linter):
    assert rules_of(linter, "Heal your knee without surgery.") == ["stops-care"]
    assert rules_of(linter, "Most had surgery, with or without a brace.") == []


def test_a_verb_inside_a_named_condition_fills_no_frame(linter):
    assert rules_of(linter, "Our drops attack asthma at its root.") == ["attacks-condition"]
    assert rules_of(linter, "Risks include a stroke or a heart attack.") == []
    # the condition itself still counts beside a real verb
    assert rules_of(linter, "We treat panic attack sufferers gently.") == ["attacks-condition"]


def test_ordered_must_be_true_or_false(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(RULES.replace("ordered: true", "ordered: sometimes"), encoding="utf-8")
    with pytest.raises(LintmedError, match="ordered"):
        load_ruleset([str(path)], include_defaults=False)
