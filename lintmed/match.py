"""RuleSet x sentences -> matches (pure).

Rules compile to the fast forms measured in DESIGN.md: every literal phrase
and term list goes into one PhraseMatcher on lemmas, every single-token lemma
set of a frame into one Matcher pattern, and each rule's token patterns into
one Matcher key. One pass of each matcher per document, then frames are
assembled per sentence.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from lintmed.model import Match
from lintmed.nlp import make_pattern_doc
from lintmed.rules import RuleSet

_TOKEN_ATTRS = {"lemma": "LEMMA", "lower": "LOWER", "is_punct": "IS_PUNCT", "like_num": "LIKE_NUM"}
_OPS = {"?": "?", "*": "*", "+": "+", "!": "!"}


@dataclass(frozen=True)
class _Part:
    key: str  # matcher key whose hits fill this part
    is_term: bool


@dataclass(frozen=True)
class _Frame:
    rule_id: str
    parts: tuple[_Part, ...]
    within: int


class CompiledRules:
    """Matchers built from a RuleSet for one spaCy pipeline."""

    def __init__(self, ruleset: RuleSet, nlp):
        from spacy.matcher import Matcher, PhraseMatcher

        self.ruleset = ruleset
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.matcher = Matcher(nlp.vocab)
        self.direct_keys: dict[str, str] = {}  # matcher key -> rule id, for phrases/patterns
        self.frames: list[_Frame] = []
        self._phrase_keys: set[str] = set()
        self._lemma_keys: dict[tuple[str, ...], str] = {}

        for name, entries in ruleset.terms.items():
            self._add_phrases(nlp, f"term:{name}", entries)
        for rule in ruleset:
            if rule.phrases:
                key = f"phrases:{rule.id}"
                self._add_phrases(nlp, key, rule.phrases)
                self.direct_keys[key] = rule.id
            if rule.patterns:
                key = f"patterns:{rule.id}"
                self.matcher.add(key, [self._token_pattern(p) for p in rule.patterns])
                self.direct_keys[key] = rule.id
            for i, frame in enumerate(rule.frames):
                parts = []
                for j, part in enumerate(frame["parts"]):
                    if "term" in part:
                        parts.append(_Part(f"term:{part['term']}", True))
                    elif "phrases" in part:
                        key = f"frame:{rule.id}:{i}:{j}"
                        self._add_phrases(nlp, key, _as_list(part["phrases"]))
                        parts.append(_Part(key, True))
                    else:
                        parts.append(_Part(self._lemma_key(part["lemma"]), False))
                self.frames.append(_Frame(rule.id, tuple(parts), frame.get("within", 12)))
        self._strings = nlp.vocab.strings

    def _add_phrases(self, nlp, key: str, phrases) -> None:
        self.phrase_matcher.add(key, [make_pattern_doc(nlp, p) for p in phrases])
        self._phrase_keys.add(key)

    def _lemma_key(self, lemmas) -> str:
        lemmas = tuple(sorted({lemma.lower() for lemma in _as_list(lemmas)}))
        if lemmas not in self._lemma_keys:
            key = f"lemma:{len(self._lemma_keys)}"
            self.matcher.add(key, [[{"LEMMA": {"IN": list(lemmas)}}]])
            self._lemma_keys[lemmas] = key
        return self._lemma_keys[lemmas]

    def _token_pattern(self, pattern) -> list[dict]:
        out = []
        for tok in pattern:
            spec: dict = {}
            for key, value in tok.items():
                if key == "op":
                    spec["OP"] = _OPS[value]
                elif key == "term":
                    spec["LEMMA"] = {"IN": list(self.ruleset.terms[value])}
                elif key in ("lemma", "lower"):
                    spec[_TOKEN_ATTRS[key]] = {"IN": [v.lower() for v in _as_list(value)]}
                else:
                    spec[_TOKEN_ATTRS[key]] = value
            out.append(spec)
        return out

    def matches(self, doc) -> list[Match]:
        """All rule matches in a processed Doc, as character offsets in it."""
        hits: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for match_id, start, end in self.phrase_matcher(doc):
            hits[self._strings[match_id]].append((start, end))
        # Matcher returns every sub-span for ops like "?"; with_alignments is
        # not needed because longest-per-start is kept below.
        for match_id, start, end in self.matcher(doc):
            hits[self._strings[match_id]].append((start, end))

        found: list[Match] = []
        for key, spans in hits.items():
            rule_id = self.direct_keys.get(key)
            if rule_id:
                for start, end in _longest(spans):
                    found.append(self._match(doc, rule_id, start, end))
        for frame in self.frames:
            found.extend(self._frame_matches(doc, frame, hits))
        return found

    def _match(self, doc, rule_id, start, end, term=None) -> Match:
        sent = doc[start].sent
        return Match(
            rule_id=rule_id,
            start=doc[start].idx,
            end=doc[end - 1].idx + len(doc[end - 1].text),
            sentence_start=sent.start_char,
            sentence_end=sent.end_char,
            term=term,
        )

    def _frame_matches(self, doc, frame: _Frame, hits) -> list[Match]:
        part_hits = [hits.get(p.key) for p in frame.parts]
        if not all(part_hits):
            return []
        out = []
        # Anchor on the first part; for every other part take the nearest hit
        # in the same sentence. Parts may come in any order.
        for a_start, a_end in part_hits[0]:
            sent = doc[a_start].sent
            chosen = [(a_start, a_end)]
            for spans in part_hits[1:]:
                candidates = [
                    s for s in spans
                    if sent.start <= s[0] < sent.end and not _overlaps(s, chosen)
                ]
                if not candidates:
                    break
                chosen.append(min(candidates, key=lambda s: _gap(s, (a_start, a_end))))
            else:
                first_end = min(e for _, e in chosen)
                last_start = max(s for s, _ in chosen)
                if last_start - first_end <= frame.within:
                    term = None
                    for part, (s, e) in zip(frame.parts, chosen):
                        if part.is_term:
                            term = doc[s:e].text
                            break
                    start = min(s for s, _ in chosen)
                    end = max(e for _, e in chosen)
                    out.append(self._match(doc, frame.rule_id, start, end, term))
        return out


def _as_list(value) -> list:
    return [value] if isinstance(value, str) else list(value)


def _overlaps(span, chosen) -> bool:
    return any(span[0] < e and s < span[1] for s, e in chosen)


def _gap(a, b) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)


def _longest(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop spans contained in (or overlapping and shorter than) an earlier kept one."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (s[0], -(s[1] - s[0]))):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end))
    return kept
