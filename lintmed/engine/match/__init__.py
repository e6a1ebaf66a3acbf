"""RuleSet x blocks -> matches (pure). One module per kind of matcher, registered in KINDS.

A kind is the key of a rule's ``match:`` (``phrases``, ``patterns``, ``frames``,
``document``, ``learned``), and its module holds all of it, as yamllint's rules do: the
schema of its value (``check``, called when rules load: lintmed.rules.load), its compile
step (``compile``, into the CompiledRules below), what the prefilter must find for it
(``prefilter``: lintmed.engine.prefilter) and its matcher. ``PAGE_LEVEL`` kinds judge
the whole page once it is matched (their findings are not claims in a sentence, and a
document rule's suggestion is wording to add); an ``ALONE`` kind is the only kind of its
rule. To add a kind: a module with the MatchKind attributes, a field of that name in
lintmed.rules.model.Rule (``build`` fills it when rules load), and a line in KINDS.

Rules compile to the fast forms measured in DESIGN.md: every literal phrase and term list
goes into one PhraseMatcher on lemmas, every single-token lemma set into one lookup from
a block's distinct lemmas (``part_key``), and each rule's token patterns into Matchers
run only near their anchor words (lintmed.engine.match.patterns). One pass per block
finds every word any rule needs; then frames are assembled per sentence, and the words
of document rules are handed on for the page's judgement.

This package is read when rules load (for the schemas): spaCy is imported only inside
the functions that match, so that a page the prefilter clears never imports it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterator, Protocol

from lintmed.engine.match import document, frames, learned, patterns, phrases
from lintmed.engine.match.words import Spans, WordSets, longest, read_block, within_one
from lintmed.engine.nlp import phrase_tokens
from lintmed.findings import Match
from lintmed.rules.model import Rule, RuleSet, as_list


class MatchKind(Protocol):
    """What each module of KINDS holds."""

    NAME: str  # its key under a rule's ``match:``, and the Rule field that holds its value
    PAGE_LEVEL: bool  # judged once per page, after every block is matched; not a claim to rewrite in place
    ALONE: bool  # must be the only kind of match of its rule

    def check(self, chk, value, where: str, line: int, terms) -> None:
        """Raise RulesError (``chk.fail``) where ``value`` is not a valid ``match.NAME``."""

    def build(self, value):
        """The Rule field NAME from a checked ``match.NAME`` (None where the rule has none)."""

    def compile(self, compiled: "CompiledRules", rule: Rule) -> None:
        """Register the rule's words and matchers with ``compiled``."""

    def prefilter(self, needs, rule: Rule) -> None:
        """Tell the prefilter (lintmed.engine.prefilter) which words the rule needs."""


# By name, in the order the schema checks them and the rules compile.
KINDS: dict[str, MatchKind] = {kind.NAME: kind for kind in (phrases, patterns, frames, document, learned)}


def kinds_of(rule: Rule) -> list[MatchKind]:
    """The kinds of matcher a rule uses, in KINDS' order."""
    return [kind for name, kind in KINDS.items() if getattr(rule, name)]


def rules_of_kind(ruleset: RuleSet, name: str) -> Iterator[Rule]:
    """The rules of ``ruleset`` that use the kind ``name``."""
    return (rule for rule in ruleset if getattr(rule, name))


@dataclass(frozen=True)
class BlockMatches:
    """What one matching pass over a block found."""

    matches: list[Match]  # the claims in its sentences (phrases, patterns, frames)
    # What the document rules read of the block: finder key -> token spans, for the keys
    # found in it (DocumentRules.missing).
    document_hits: dict[str, Spans]


class CompiledRules:
    """Matchers built from a RuleSet for one spaCy pipeline."""

    def __init__(self, ruleset: RuleSet, nlp):
        # spaCy only now: see the module's docstring.
        from spacy.matcher import PhraseMatcher

        self.ruleset = ruleset
        self._nlp = nlp
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._phrases: list[tuple[str, list[str]]] = []  # (key, phrases), added to the matcher at the end
        # Single-token lemma sets: lemma -> keys, and lemmas -> key.
        self._lemma_sets = WordSets()
        self._lemma_keys: dict[tuple[str, ...], str] = {}
        # What the kinds compile into.
        self.claim_keys: dict[str, str] = {}  # finder key -> rule id, for phrases and patterns
        self.patterns = patterns.Matchers(nlp, ruleset.terms)
        self.frames: list[frames.Frame] = []
        self.documents = document.DocumentRules()

        for name, entries in ruleset.terms.items():
            self.add_phrases(f"term:{name}", entries)
        for rule in ruleset:
            for kind in kinds_of(rule):
                kind.compile(self, rule)
        self._add_phrases_to_matcher()
        # The term lists that name conditions (rules.yaml's approved-uses.conditions).
        self._condition_keys = tuple(f"term:{name}" for name in ruleset.approved_uses.conditions)
        # The words that anchor a Matcher or fill a lemma set: a block's other words
        # (most of them) need no positions.
        self._lemma_words = self.patterns.lemmas() | self._lemma_sets.lemmas()
        self._lower_words = self.patterns.lowers()

    def add_phrases(self, key: str, phrases) -> None:
        """Find ``phrases`` (on their lemmas) under ``key``."""
        self._phrases.append((key, list(phrases)))

    def _add_phrases_to_matcher(self) -> None:
        """Every phrase into the PhraseMatcher, as the sequence of its tokens' lemmas (the
        key of a Doc's LEMMA column), in the order they were added: the phrases' tokens
        come from the cache (lintmed.engine.nlp.phrase_tokens), so no Doc is made."""
        table = phrase_tokens(self._nlp, (p for _, phrases in self._phrases for p in phrases)).lemmas
        strings = self._nlp.vocab.strings
        for key, phrases in self._phrases:
            self.phrase_matcher.add(key, [[strings.add(lemma) for lemma in table[p]] for p in phrases])
        self._phrases = []

    def part_key(self, key: str, part: dict) -> str:
        """The finder key for a part (one of term, phrases, lemma) of a frame or a document
        rule; ``key`` names the phrases' own key."""
        if "term" in part:
            return f"term:{part['term']}"
        if "phrases" in part:
            self.add_phrases(key, as_list(part["phrases"]))
            return key
        return self._lemma_key(part["lemma"])

    def _lemma_key(self, lemmas) -> str:
        lemmas = tuple(sorted({lemma.lower() for lemma in as_list(lemmas)}))
        if lemmas not in self._lemma_keys:
            key = f"lemma:{len(self._lemma_keys)}"
            self._lemma_sets.add(key, [self._nlp.vocab.strings.add(x) for x in lemmas])
            self._lemma_keys[lemmas] = key
        return self._lemma_keys[lemmas]

    def match_block(self, doc, blocks: list[tuple[int, int]] | None = None) -> BlockMatches:
        """All rule matches in a processed Doc, as character offsets in it, and the
        document rules' words in it, as token spans. ``blocks``: the token range of each
        block when the Doc holds more than one (lintmed.engine.blocks.Unit), none of
        whose matches crosses from one into another."""
        strings = self._nlp.vocab.strings
        hits: dict[str, Spans] = defaultdict(list)  # finder key -> token spans
        found_phrases = self.phrase_matcher(doc)
        if blocks:  # (a sentence, and so every other finder's match, ends with its block)
            found_phrases = [(key, start, end) for key, start, end in found_phrases if within_one(blocks, start, end)]
        for match_id, start, end in found_phrases:
            hits[strings[match_id]].append((start, end))
        lemma_at, lower_at, sentences = read_block(doc, self._lemma_words, self._lower_words)
        self.patterns.find(doc, sentences, lemma_at, lower_at, hits, blocks)
        for key, positions in self._lemma_sets.find(lemma_at).items():
            hits[key] = [(i, i + 1) for i in positions]

        found: list[Match] = []
        for key, spans in hits.items():
            rule_id = self.claim_keys.get(key)
            if rule_id:
                found.extend(sentences.match(rule_id, start, end) for start, end in longest(spans))
        named = [s for key in self._condition_keys for s in hits.get(key, ()) if s[1] - s[0] > 1]
        for frame in self.frames:
            if frame.parts[0].key in hits:  # most frames have no first part in a block
                found.extend(frames.matches(doc, sentences, frame, hits, named))
        return BlockMatches(found, self.documents.hits(hits))
