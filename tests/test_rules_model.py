"""The rule set's records (lintmed.rules.model): the context policy and its defaults."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import lintmed

from lintmed.errors import RulesError
from lintmed.rules.load import load_ruleset
from lintmed.rules.model import CONTEXT_DEFAULTS, CONTEXT_KINDS, POLICIES, POLICY_ORDER, RuleSet


def test_every_context_kind_has_a_declared_default():
    assert set(CONTEXT_KINDS) == set(POLICY_ORDER) == set(CONTEXT_DEFAULTS)
    assert set(CONTEXT_DEFAULTS.values()) <= set(POLICIES)


def test_a_rule_that_names_no_kind_takes_the_defaults(rule_file):
    plain = {"id": "plain", "match": {"phrases": ["miracle cure"]}}
    opted = {"id": "opted", "match": {"phrases": ["miracle cure"]}, "context": {"negated": "keep", "on-label": "suppress"}}
    ruleset = load_ruleset([rule_file({"rules": [plain, opted]})], include_defaults=False)
    assert {k: ruleset.get("plain").policy(k) for k in CONTEXT_KINDS} == {
        "negated": "suppress", "hedged": "suppress", "question": "suppress", "reported": "suppress",
        "on-label": "keep"}
    assert ruleset.get("opted").policy("negated") == "keep" and ruleset.get("opted").suppressed_by("on-label")
    assert ruleset.get("opted").suppressed_by("hedged")


def test_a_kind_never_declared_is_an_error_not_a_silent_suppression(rule_file):
    ruleset = load_ruleset([rule_file({"rules": [{"id": "plain", "match": {"phrases": ["miracle cure"]}}]})],
                           include_defaults=False)
    with pytest.raises(KeyError):
        ruleset.get("plain").policy("sarcastic")


def test_an_unknown_rule_id_fails_loudly():
    with pytest.raises(RulesError, match="unknown rule id 'nope'"):
        RuleSet().get("nope")


# The lintmed modules each module of the rule set's base may import (any import, anywhere in
# it): the base sits below the engine, the suggestions and the workflow.
BASE = {"lintmed.errors", "lintmed.findings", "lintmed.yamlfile", "lintmed.rules.model", "lintmed.rules.schema",
        "lintmed.rules.templates"}


def _lintmed_imports(module: str) -> set[str]:
    path = Path(lintmed.__file__).parent.joinpath(*module.split(".")[1:]).with_suffix(".py")
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lintmed"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("lintmed")}
    return found


@pytest.mark.parametrize("module", sorted(BASE - {"lintmed.errors", "lintmed.findings"}))
def test_the_rule_sets_base_imports_nothing_above_it(module):
    assert _lintmed_imports(module) <= BASE


def test_loading_reaches_up_only_to_the_kinds_of_matcher_and_the_cache():
    assert _lintmed_imports("lintmed.rules.load") - BASE == {
        "lintmed.engine.match", "lintmed.workflow.cache", "lintmed.workflow.files"}
