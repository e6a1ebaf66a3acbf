"""Tests over the rule data itself, and every rule against its own examples."""
from __future__ import annotations

import re
from functools import lru_cache

import pytest
import yaml

import lintmed
from lintmed.engine.linter import Linter
from lintmed.lemmas import lemma_table
from lintmed.rules.load import default_rules_text, load_ruleset
from lintmed.rules.model import CATEGORIES


@lru_cache(maxsize=1)
def ruleset():
    return load_ruleset()


@lru_cache(maxsize=1)
def linter():
    # The detector is on, as on the command line, so that learned-claim's examples run too.
    return Linter(ruleset(), detector=True)


def _rules():
    return sorted(ruleset(), key=lambda r: r.id)


def _cases(kind):
    for rule in _rules():
        for i, example in enumerate(getattr(rule, f"examples_{kind}")):
            yield pytest.param(rule.id, example, id=f"{rule.id}-{kind}-{i}")


@pytest.mark.parametrize("rule_id,example", list(_cases("flag")))
def test_rule_flags_its_examples(rule_id, example):
    # One finding per claim: a rule that flagged words another rule also flagged is named in
    # that finding's ``related``.
    found = [r for f in linter().lint(example, "example.txt").findings for r in (f.rule, *f.related)]
    assert rule_id in found, f"{rule_id} did not flag {example!r} (found {found})"


@pytest.mark.parametrize("rule_id,example", list(_cases("pass")))
def test_rule_passes_its_examples(rule_id, example):
    found = [r for f in linter().lint(example, "example.txt").findings for r in (f.rule, *f.related)]
    assert rule_id not in found, f"{rule_id} flagged {example!r}"


def test_rule_set_size_and_coverage():
    rules = _rules()
    assert len(rules) >= 40
    assert {r.category for r in rules} == set(CATEGORIES)


@pytest.mark.parametrize("rule_id", [r.id for r in _rules()])
def test_rule_data_is_complete(rule_id):
    rule = ruleset().get(rule_id)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.id)
    assert rule.references and all(ref.strip() for ref in rule.references)
    assert len(rule.examples_flag) >= 1 and len(rule.examples_pass) >= 1
    assert len(set(rule.examples_flag)) == len(rule.examples_flag)
    assert not set(rule.examples_flag) & set(rule.examples_pass)
    assert rule.message.strip() and rule.why.strip()
    for replacement in rule.replacements:
        # A suggestion never "corrects" a claim to itself.
        assert replacement.strip().lower() not in {p.lower() for p in rule.phrases}
        if not replacement.strip().startswith(("/", "[")):  # substitutions and conditions: lintmed.suggest.wording
            assert not re.search(r"\{(?!term\}|match\}|verb\}|object\})[^}]*\}", replacement), "unknown placeholder"


def _lemma_entries(node):
    """Every entry of every ``lemma:`` set under ``node`` of the parsed rule file."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "lemma":
                yield from (str(v).lower() for v in (value if isinstance(value, list) else [value]))
            else:
                yield from _lemma_entries(value)
    elif isinstance(node, list):
        for item in node:
            yield from _lemma_entries(item)


def test_every_lemma_entry_can_match():
    # A word is matched by its lookup lemma, so an entry that is no word's lemma
    # ("astounding", read as "astound") never matches anything.
    table = lemma_table()
    lemmas = set(table.values())
    dead = {}
    for rule in yaml.safe_load(default_rules_text())["rules"]:
        for entry in _lemma_entries(rule["match"]):
            if table.get(entry, entry) != entry and entry not in lemmas:
                dead.setdefault(rule["id"], []).append(f"{entry} (read as {table[entry]})")
    assert not dead, dead


def test_term_lists_have_no_duplicates():
    for name, entries in ruleset().terms.items():
        assert len(entries) == len(set(entries)), name


def test_every_term_list_is_used():
    used = set()
    for rule in ruleset():
        for frame in rule.frames:
            used |= {p["term"] for p in frame["parts"] if "term" in p}
        for pattern in rule.patterns:
            used |= {tok["term"] for tok in pattern if "term" in tok}
    assert set(ruleset().terms) <= used


def test_lemma_aware_matching():
    # One rule, three inflections: the lookup lemmatizer makes them one.
    rules = {f.rule for s in ("cures", "cured", "curing")
             for f in lintmed.lint_text(f"Our stem cell clinic {s} arthritis.", path="a.txt")}
    per_form = [{f.rule for f in lintmed.lint_text(f"Our stem cell clinic {s} arthritis.", path="a.txt")}
                for s in ("cures", "cured", "curing")]
    assert rules and per_form[0] == per_form[1] == per_form[2]


def test_unknown_rule_id_fails_loudly():
    with pytest.raises(lintmed.errors.LintmedError):
        ruleset().get("no-such-rule")


# ------------------------------------------------ the gold set of rewrites (issue 16)

def _fixed_cases():
    for rule in _rules():
        for i, (copy, rewrite) in enumerate(rule.examples_fixed):
            yield pytest.param(rule.id, copy, rewrite, id=f"{rule.id}-fixed-{i}")


@lru_cache(maxsize=1)
def rules_only():
    return Linter(ruleset(), detector=False)


@pytest.mark.parametrize("rule_id,copy,rewrite", list(_fixed_cases()))
def test_rule_rewrites_its_fixed_examples_exactly(rule_id, copy, rewrite):
    """The finding that names the rule (its own, or one it is related to) offers first the
    exact rewrite of ``examples: fixed:`` when applied at its span ("" = the sentence removed);
    with two such findings, the first."""
    f = next(f for f in rules_only().lint(copy, "example.txt").findings if rule_id in (f.rule, *f.related))
    first = f.suggestions[0]
    start, end = first.span(f)
    assert (copy[:start] + first.replacement + copy[end:]).strip() == rewrite


def test_gold_set_is_large_and_covers_the_forms():
    pairs = [p for r in _rules() for p in r.examples_fixed]
    assert len(pairs) >= 300
    copies = [c for c, _ in pairs]
    assert sum(c.endswith("?") or "? " in c for c in copies) >= 5           # questions
    assert sum(c.startswith(("- ", "• ")) for c in copies) >= 8             # bullets
    assert sum(c.split()[0] in ("Try", "Book", "Shop", "Get", "See", "Enjoy", "Buy") for c in copies) >= 20  # imperatives
    assert sum(not c.rstrip().endswith((".", "!", "?")) and c[:1].isupper() for c in copies) >= 10  # headings
    assert sum(c.startswith(('"', "“")) for c in copies) >= 3               # quotations, testimonials
    assert sum(bool(re.search(r"\b\w+ed\b", c)) for c in copies) >= 20      # past tense
