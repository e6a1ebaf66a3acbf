"""Frame matching details (lintmed.engine.match): ordered frames, and verbs inside named conditions."""
from __future__ import annotations

import copy

import pytest

from lintmed.errors import LintmedError
from lintmed.engine.linter import Linter
from lintmed.rules.load import load_ruleset

RULES = {
    "terms": {"condition": ["heart attack", "panic attack", "asthma"]},
    "approved-uses": {"conditions": ["condition"], "products": []},
    "rules": [
        {"id": "stops-care", "match": {"frames": [
            {"parts": [{"phrases": ["without", "avoid"]}, {"phrases": ["surgery", "drugs"]}],
             "within": 4, "ordered": True}]}},
        {"id": "attacks-condition", "match": {"frames": [
            {"parts": [{"lemma": ["attack", "treat"]}, {"term": "condition"}], "within": 6}]}},
    ],
}


@pytest.fixture
def linter(rule_file):
    return Linter(load_ruleset([rule_file(RULES)], include_defaults=False))


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


def test_ordered_must_be_true_or_false(rule_file):
    bad = copy.deepcopy(RULES)
    bad["rules"][0]["match"]["frames"][0]["ordered"] = "sometimes"
    with pytest.raises(LintmedError, match="ordered"):
        load_ruleset([rule_file(bad)], include_defaults=False)
