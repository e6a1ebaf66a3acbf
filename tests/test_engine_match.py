"""The kinds of matcher (lintmed.engine.match): the registry, and each kind's schema, compile
step and matches."""
from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from lintmed.engine.linter import Linter
from lintmed.engine.match import KINDS, CompiledRules, kinds_of, rules_of_kind
from lintmed.engine.match.document import DocumentRule, Mention
from lintmed.engine.match.words import WordSets
from lintmed.engine.nlp import get_nlp, pipe
from lintmed.errors import RulesError
from lintmed.rules.load import load_ruleset
from lintmed.rules.model import Rule
from lintmed.suggest.fix import DOCUMENT, plan

STATUS = {"parts": [{"phrases": ["fda"]}, {"lemma": ["approve"]}]}


def load(rule_file, *rules, terms=None):
    content = {"rules": list(rules)} | ({"terms": terms} if terms else {})
    return load_ruleset([rule_file(content)], include_defaults=False)


def claims(ruleset, text):
    """(rule, claim) of every finding, each rule on its own (no merging, no detector)."""
    linter = Linter(ruleset, detector=False, merge=False, inline_suppress=False)
    return sorted((f.rule, f.text) for f in linter.lint(text, path="a.txt").findings)


def load_error(rule_file, match) -> str:
    with pytest.raises(RulesError) as info:
        load(rule_file, {"id": "r", "match": match})
    return str(info.value)


# ------------------------------------------------------------------ the registry

def test_each_kind_is_registered_under_its_name_and_is_a_field_of_rule():
    rule_fields = {f.name for f in dataclasses.fields(Rule)}
    assert list(KINDS) == ["phrases", "patterns", "frames", "document", "learned"]
    for name, kind in KINDS.items():
        assert kind.NAME == name and name in rule_fields
        assert all(callable(getattr(kind, f)) for f in ("check", "build", "compile", "prefilter"))
        assert isinstance(kind.PAGE_LEVEL, bool) and isinstance(kind.ALONE, bool)


def test_the_table_says_which_kinds_judge_the_page_and_stand_alone():
    assert {n for n, k in KINDS.items() if k.PAGE_LEVEL} == {"document", "learned"}
    assert {n for n, k in KINDS.items() if k.ALONE} == {"document", "learned"}


def test_kinds_of_a_rule_in_table_order(rule_file):
    ruleset = load(rule_file, {"id": "two", "match": {"frames": [{"parts": [{"lemma": ["cure"]}, {"phrases": ["acne"]}]}],
                                                      "phrases": ["miracle cure"]}},
                   {"id": "page", "match": {"document": {"mentions": [{"phrases": ["exosome"], "disclosure": "d"}],
                                                         "unless": STATUS}}})
    assert [k.NAME for k in kinds_of(ruleset.get("two"))] == ["phrases", "frames"]
    assert [r.id for r in rules_of_kind(ruleset, "document")] == ["page"]


def test_a_kind_that_stands_alone_cannot_be_combined(rule_file):
    message = load_error(rule_file, {"learned": "claim-detector", "phrases": ["miracle cure"]})
    assert "learned cannot be combined with phrases, patterns or frames" in message


def test_a_rule_needs_a_kind_and_only_known_ones(rule_file):
    assert "needs at least one of phrases, patterns, frames" in load_error(rule_file, {})
    assert "unknown key 'regex'" in load_error(rule_file, {"regex": "cure.*"})


def test_reading_the_table_imports_no_spacy():
    code = "import sys, lintmed.engine.match; print('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"


# ------------------------------------------------------------------ phrases

def test_phrases_match_on_lemmas(rule_file):
    ruleset = load(rule_file, {"id": "miracle", "match": {"phrases": ["miracle cure"]}})
    assert claims(ruleset, "Try these miracle cures today.") == [("miracle", "miracle cures")]
    assert claims(ruleset, "A miracle, and a cure.") == []


def test_a_phrase_of_one_common_word_is_refused(rule_file):
    assert "'the' is a very common word" in load_error(rule_file, {"phrases": ["the"]})


# ------------------------------------------------------------------ patterns

def test_patterns_with_a_look_ahead_leave_the_word_out_of_the_claim(rule_file):
    ruleset = load(rule_file, {"id": "results", "match": {"patterns": [
        [{"lemma": "guarantee"}, {"lower": "results"}, {"lower": "within", "op": "!"}]]}})
    assert claims(ruleset, "We guarantee results for everyone.") == [("results", "guarantee results")]
    assert claims(ruleset, "We guarantee results within 30 days of a return.") == []


def test_a_pattern_op_must_be_known(rule_file):
    assert "expected one of ! * + ?" in load_error(rule_file, {"patterns": [[{"lemma": "cure", "op": "x"}]]})


# ------------------------------------------------------------------ frames

def test_frames_join_their_parts_within_reach(rule_file):
    ruleset = load(rule_file, {"id": "cures-acne", "match": {"frames": [
        {"parts": [{"lemma": ["cure"]}, {"term": "skin"}], "within": 3}]}}, terms={"skin": ["acne", "eczema"]})
    assert claims(ruleset, "It cures stubborn eczema.") == [("cures-acne", "cures stubborn eczema")]
    assert claims(ruleset, "It cures, they say, with time and patience, eczema.") == []


# ------------------------------------------------------------------ document

def test_a_document_rule_compiles_to_typed_keys_that_the_block_hits_use(rule_file):
    ruleset = load(rule_file, {"id": "page", "match": {"document": {
        "mentions": [{"phrases": ["exosome"], "except": ["cord blood"], "disclosure": " Not approved. "}],
        "unless": STATUS}}})
    compiled = CompiledRules(ruleset, get_nlp())
    (doc_rule,) = compiled.documents.rules
    assert isinstance(doc_rule, DocumentRule) and doc_rule.promotes is None and not doc_rule.any_context
    (mention,) = doc_rule.mentions
    assert isinstance(mention, Mention) and mention.disclosure == "Not approved." and mention.near_words is None
    (doc,) = pipe(["Our exosome facial glows."])
    found = compiled.match_block(doc)
    assert found.matches == [] and found.document_hits == {mention.words: [(1, 2)]}
    (missing,) = compiled.documents.missing([doc], [found.document_hits])
    assert (missing.match.rule_id, missing.match.term, missing.disclosure) == ("page", "exosome", "Not approved.")


def test_a_document_finding_is_offered_never_fixed(rule_file):
    ruleset = load(rule_file, {"id": "page", "severity": "error", "match": {"document": {
        "mentions": [{"phrases": ["exosome"], "disclosure": "Not approved."}], "unless": STATUS}},
        "fix": {"safety": "safe"}})
    source = "Our exosome facial glows.\n"
    findings = Linter(ruleset, detector=False).lint(source, path="a.txt").findings
    edits, skipped = plan(source, findings, ruleset)
    assert edits == [] and list(skipped.values()) == [DOCUMENT]


# ------------------------------------------------------------------ learned

def test_learned_names_a_known_model_and_compiles_to_nothing(rule_file):
    assert "expected one of claim-detector" in load_error(rule_file, {"learned": "oracle"})
    ruleset = load(rule_file, {"id": "learned", "match": {"learned": "claim-detector"}})
    compiled = CompiledRules(ruleset, get_nlp())
    assert compiled.claim_keys == {} and compiled.frames == [] and compiled.documents.rules == []


# --- word sets: the sets a block's words fall in, and where ---

_word_lists = st.lists(st.integers(1, 12), max_size=4)


@settings(max_examples=200, deadline=None)
@given(sets=st.lists(st.tuples(_word_lists, _word_lists), min_size=1, max_size=6),
       lemma_words=st.lists(st.integers(1, 12), max_size=30),
       lower_words=st.lists(st.integers(1, 12), max_size=30))
def test_word_sets_names_and_positions_are_what_find_gives(sets, lemma_words, lower_words):
    word_sets = WordSets()
    for name, (lemmas, lowers) in enumerate(sets):
        word_sets.add(name, lemmas, lowers)
    # A block's words: each word's token positions, in order (as read_block gives them).
    lemma_at: dict[int, list[int]] = {}
    lower_at: dict[int, list[int]] = {}
    for at, words in ((lemma_at, lemma_words), (lower_at, lower_words)):
        for i, word in enumerate(words):
            at.setdefault(word, []).append(i)
    found = word_sets.find(lemma_at, lower_at)
    assert word_sets.names(lemma_at, lower_at) == found.keys()
    for name in found:
        assert word_sets.positions(name, lemma_at, lower_at) == found[name]
