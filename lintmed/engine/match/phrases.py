"""``match: {phrases: [...]}``: literal phrases, matched on lemmas ("cure all" finds "cures
all"), found by the rule set's one PhraseMatcher (``CompiledRules.add_phrases``)."""
from __future__ import annotations

from lintmed.rules.model import Rule, as_list
from lintmed.rules.schema import common
from lintmed.yamlfile import key_line, short

NAME = "phrases"
PAGE_LEVEL = False  # its matches are claims in a sentence
ALONE = False  # may stand beside patterns and frames in one rule


def check(chk, value, where: str, line: int, terms) -> None:
    for i, phrase in enumerate(chk.strings(value, where, line)):
        if len(phrase.split()) == 1 and common([phrase]):
            chk.fail(where, f"{short(phrase)} is a very common word: it would flag almost every sentence",
                     key_line(value, i, line))


def build(value) -> tuple[str, ...]:
    """Rule.phrases from the rule file's value (one phrase or a list; None: none)."""
    return tuple(as_list(value))


def compile(compiled, rule: Rule) -> None:
    key = f"{NAME}:{rule.id}"
    compiled.add_phrases(key, rule.phrases)
    compiled.claim_keys[key] = rule.id


def prefilter(needs, rule: Rule) -> None:
    for phrase in rule.phrases:
        needs.add_sequence(needs.phrase(phrase))
