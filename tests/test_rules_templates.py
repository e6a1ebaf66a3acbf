"""The syntax of replacement templates (lintmed.rules.templates), checked when rules load."""
from __future__ import annotations

import subprocess
import sys

import pytest

from lintmed.errors import RulesError
from lintmed.rules.load import load_ruleset
from lintmed.rules.templates import check_template, leading_tags


def test_every_default_template_is_well_formed():
    for rule in load_ruleset():
        for template in rule.replacements:
            assert check_template(template) is None, (rule.id, template)


@pytest.mark.parametrize("template, problem", [
    ("[someday] may help", "unknown condition [someday]"),
    ("/(unclosed/x/", "invalid pattern"),
    ("may help {subject}", "unknown placeholder {subject} (known: {term}, {match}, {verb}, {object})"),
])
def test_bad_templates_are_named(template, problem):
    assert problem in check_template(template)


def test_leading_tags_are_the_known_conditions_before_the_wording():
    assert leading_tags("[verb] [hedge] may help {object}") == (frozenset({"verb", "hedge"}), "may help {object}")
    assert leading_tags("[someday] may help") == (frozenset(), "[someday] may help")


def test_rule_file_with_a_bad_template_is_an_error_with_its_line(rule_file):
    extra = rule_file("rules:\n  - id: cure-claim\n    fix:\n      safety: safe\n      replacements: ['[someday] x']\n",
                      "extra.yaml")
    with pytest.raises(RulesError) as info:
        load_ruleset([extra])
    assert "unknown condition" in str(info.value) and "extra.yaml:5:" in str(info.value)  # the line of replacements


def test_loading_rules_does_not_import_the_suggestion_engine():
    code = ("import sys; from lintmed.rules.load import load_ruleset; load_ruleset(); "
            "print(sorted(m for m in sys.modules if m.startswith('lintmed.suggest')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"LINTMED_NO_CACHE": "1", "PATH": ""}).stdout
    assert out.strip() == "[]"
