"""RuleSet x sentences -> matches (pure).

Rules compile to the fast forms measured in DESIGN.md: every literal phrase
and term list goes into one PhraseMatcher on lemmas, every single-token lemma
set into one lookup from a block's distinct lemmas, and each rule's token
patterns into one Matcher key (a Matcher per set of anchor words, run only
near them, and only where a pattern's other required words are too). One
pass per block, then frames are assembled per sentence. The words of
document-level rules (lintmed.engine.document) are found in the same pass and handed
on as token spans.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass

from lintmed.findings import Match
from lintmed.engine.nlp import make_pattern_doc
from lintmed.rules.model import RuleSet

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
    ordered: bool = False  # the parts must come in the order written ("avoid surgery")


Spans = list[tuple[int, int]]  # token (start, end) pairs in a Doc
# Per pattern of a Matcher: ids of the word sets (CompiledRules._required) it needs a word of each from.
_Needs = tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class BlockMatches:
    """What one matching pass over a block found."""

    matches: list[Match]  # the sentence-level rules' matches
    # Document rule id -> part -> token spans, only for parts found in the
    # block. Parts: "mention:I", "except:I", "near:I" (mention group I),
    # "unless:J" (part J of the status frame), "promotes".
    document_hits: dict[str, dict[str, Spans]]


class CompiledRules:
    """Matchers built from a RuleSet for one spaCy pipeline."""

    def __init__(self, ruleset: RuleSet, nlp):
        from spacy.matcher import Matcher, PhraseMatcher

        self.ruleset = ruleset
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        # A rule's token patterns go into one Matcher per set of anchor words,
        # run only over the sentences that hold one of them: the Matcher's cost
        # grows with the number of patterns times the words it scans, and most
        # patterns have no chance in most sentences. Where no pattern of a
        # Matcher repeats a token ("*", "+"), it runs only over the words
        # within its longest pattern's length of an anchor. A rule with a
        # pattern that has no anchor word keeps all its patterns in one
        # Matcher, run over the whole document. Either way a stretch of words
        # is matched only when it holds a word for each required token of one
        # of the Matcher's patterns ("needs"): the pattern for "No. 1 clinic"
        # is anchored on a word list that holds "in", but also needs "no",
        # "#" or "number" near it.
        # (key, Matcher, reach, (look-behind, look-ahead) Matchers or None, needs)
        self.pattern_matchers: list[tuple[str, object, int | None, tuple, _Needs]] = []
        self._matcher_anchors = _WordSets()  # anchor word -> indices into pattern_matchers
        self._required = _WordSets()  # required word -> ids of the word sets in _Needs
        self._required_sets = 0  # how many word sets _required holds
        self._unanchored: set[int] = set()  # indices into pattern_matchers
        self.direct_keys: dict[str, str] = {}  # matcher key -> rule id, for phrases/patterns
        self.frames: list[_Frame] = []
        self._phrase_keys: set[str] = set()
        # Single-token lemma sets: lemma -> keys, and lemmas -> key.
        self._lemma_sets = _WordSets()
        self._lemma_keys: dict[tuple[str, ...], str] = {}
        # Document rule id -> part (see BlockMatches) -> the matcher keys that fill it.
        self.document_parts: dict[str, dict[str, list[str]]] = {}
        self._vocab = nlp.vocab

        for name, entries in ruleset.terms.items():
            self._add_phrases(nlp, f"term:{name}", entries)
        for rule in ruleset:
            if rule.phrases:
                key = f"phrases:{rule.id}"
                self._add_phrases(nlp, key, rule.phrases)
                self.direct_keys[key] = rule.id
            if rule.patterns:
                key = f"patterns:{rule.id}"
                # Grouped by anchor words and by look-around: a last token with op "!"
                # is the word that must not follow, a first one the word that must not
                # come just before ("returned within 30 days" is no result); neither is
                # part of the claim, and nothing lies beyond the sentence ("Our gel is
                # FDA approved").
                split = [_split_lookaround(pattern) for pattern in rule.patterns]
                anchors = [self._anchors([body]) for body, _ in split]
                everywhere = (None, None) in anchors
                groups: dict = defaultdict(list)
                for (body, around), anchor in zip(split, anchors):
                    groups[(None, None) if everywhere else anchor, repr(around)].append((body, around))
                for ((lemmas, lowers), _), members in groups.items():
                    patterns = [body for body, _ in members]
                    # rules.py has checked every token pattern; spaCy's own check (pydantic)
                    # would be a fifth of a one-page run's start-up.
                    matcher = Matcher(nlp.vocab, validate=False)
                    token_patterns = [self._token_pattern(p) for p in patterns]
                    matcher.add(key, token_patterns)
                    around = tuple(self._word_matcher(Matcher, nlp, tok) for tok in members[0][1])
                    if lemmas is None:
                        self._unanchored.add(len(self.pattern_matchers))
                    else:
                        self._matcher_anchors.add(len(self.pattern_matchers), lemmas, lowers)
                    self.pattern_matchers.append((key, matcher, _reach(patterns), around,
                                                  self._needed_words(token_patterns)))
                self.direct_keys[key] = rule.id
            for i, frame in enumerate(rule.frames):
                parts = []
                for j, part in enumerate(frame["parts"]):
                    parts.append(_Part(self._part_key(nlp, f"frame:{rule.id}:{i}:{j}", part), "lemma" not in part))
                self.frames.append(_Frame(rule.id, tuple(parts), frame.get("within", 12),
                                          frame.get("ordered", False)))
            if rule.document:
                self._add_document_rule(nlp, rule)
        self._strings = nlp.vocab.strings
        # The term lists that name conditions (rules.yaml's approved-uses.conditions).
        self._condition_keys = tuple(f"term:{name}" for name in ruleset.approved_uses.conditions)
        # The words that anchor a Matcher or fill a lemma set: a block's other words
        # (most of them) need no positions.
        self._lemma_words = self._matcher_anchors.lemmas() | self._lemma_sets.lemmas() | self._required.lemmas()
        self._lower_words = self._matcher_anchors.lowers() | self._required.lowers()

    def _word_matcher(self, matcher_class, nlp, token: dict | None):
        """A Matcher for one word of a look-around, or None."""
        if token is None:
            return None
        matcher = matcher_class(nlp.vocab, validate=False)
        matcher.add("word", [self._token_pattern([token])])
        return matcher

    def _part_key(self, nlp, key: str, part: dict) -> str:
        """The matcher key for a frame part (one of term, phrases, lemma);
        ``key`` names the phrases' own key."""
        if "term" in part:
            return f"term:{part['term']}"
        if "phrases" in part:
            self._add_phrases(nlp, key, as_list(part["phrases"]))
            return key
        return self._lemma_key(part["lemma"])

    def _add_document_rule(self, nlp, rule) -> None:
        """Register the words of a document rule under its parts (see BlockMatches)."""
        spec = rule.document
        parts: dict[str, list[str]] = {}
        for i, mention in enumerate(spec["mentions"]):
            parts[f"mention:{i}"] = [self._part_key(nlp, f"document:{rule.id}:mention:{i}", mention)]
            for name in ("except", "near"):
                if name in mention:
                    key = f"document:{rule.id}:{name}:{i}"
                    self._add_phrases(nlp, key, as_list(mention[name]))
                    parts[f"{name}:{i}"] = [key]
        for j, part in enumerate(spec["unless"]["parts"]):
            parts[f"unless:{j}"] = [self._part_key(nlp, f"document:{rule.id}:unless:{j}", part)]
        if "promotes" in spec:
            parts["promotes"] = [self._part_key(nlp, f"document:{rule.id}:promotes", {name: spec["promotes"][name]})
                                 for name in ("lemma", "phrases") if name in spec["promotes"]]
        self.document_parts[rule.id] = parts

    def _add_phrases(self, nlp, key: str, phrases) -> None:
        self.phrase_matcher.add(key, [make_pattern_doc(nlp, p) for p in phrases])
        self._phrase_keys.add(key)

    def _lemma_key(self, lemmas) -> str:
        lemmas = tuple(sorted({lemma.lower() for lemma in as_list(lemmas)}))
        if lemmas not in self._lemma_keys:
            key = f"lemma:{len(self._lemma_keys)}"
            self._lemma_sets.add(key, [self._vocab.strings.add(x) for x in lemmas])
            self._lemma_keys[lemmas] = key
        return self._lemma_keys[lemmas]

    def _anchors(self, patterns) -> tuple[frozenset[int] | None, frozenset[int] | None]:
        """(lemma hashes, lowercase hashes) one of which a document must contain
        for any of ``patterns`` to match; (None, None) when a pattern has no
        required word and so must always run."""
        from spacy.lang.en.stop_words import STOP_WORDS

        def commonness(words) -> tuple[int, int]:
            # Anchor on the rarest required word: a set with "the" or "be"
            # in it would let the rule run on every sentence.
            common = sum(1 for w in words if w in STOP_WORDS or not w.isalpha())
            return common, len(words)

        lemma_ids: set[int] = set()
        lower_ids: set[int] = set()
        for pattern in patterns:
            required = []
            for tok in pattern:
                if tok.get("op") not in (None, "+"):
                    continue
                if "lemma" in tok or "term" in tok:
                    words = as_list(tok["lemma"]) if "lemma" in tok else self.ruleset.terms[tok["term"]]
                    required.append(("lemma", [w.lower() for w in words]))
                elif "lower" in tok:
                    required.append(("lower", [w.lower() for w in as_list(tok["lower"])]))
            if not required:
                return None, None
            attr, words = min(required, key=lambda r: commonness(r[1]))
            ids = {self._vocab.strings.add(w) for w in words}
            (lemma_ids if attr == "lemma" else lower_ids).update(ids)
        return frozenset(lemma_ids), frozenset(lower_ids)

    def _needed_words(self, token_patterns) -> _Needs:
        """Per pattern (in spaCy's form), the word sets that a match must have a
        word of each from: the LEMMA and LOWER sets of its tokens that must occur
        (no op, or "+"). Registered in ``self._required`` under new ids."""
        needs = []
        for pattern in token_patterns:
            ids = []
            for spec in pattern:
                if spec.get("OP") not in (None, "+"):
                    continue
                for attr in ("LEMMA", "LOWER"):
                    if attr not in spec:
                        continue
                    words = [self._vocab.strings.add(w) for w in spec[attr]["IN"]]
                    if attr == "LEMMA":
                        self._required.add(self._required_sets, lemmas=words)
                    else:
                        self._required.add(self._required_sets, lowers=words)
                    ids.append(self._required_sets)
                    self._required_sets += 1
            needs.append(tuple(ids))
        return tuple(needs)

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
                    spec[_TOKEN_ATTRS[key]] = {"IN": [v.lower() for v in as_list(value)]}
                else:
                    spec[_TOKEN_ATTRS[key]] = value
            out.append(spec)
        return out

    def match_block(self, doc) -> BlockMatches:
        """All rule matches in a processed Doc, as character offsets in it, and
        the document rules' words in it, as token spans."""
        hits: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for match_id, start, end in self.phrase_matcher(doc):
            hits[self._strings[match_id]].append((start, end))
        lemma_at, lower_at = _word_positions(doc, self._lemma_words, self._lower_words)
        sentences = Sentences(doc)
        anchors = self._matcher_anchors.find(lemma_at, lower_at)  # matcher index -> anchor positions
        required = self._required.find(lemma_at, lower_at)  # word set id -> positions
        for n in sorted(self._unanchored | anchors.keys()):  # in order, only the Matchers that can match
            key, matcher, reach, (behind, ahead), needs = self.pattern_matchers[n]
            ranges = [(0, len(doc))] if n in self._unanchored else sentences.around(anchors[n], reach)
            spans = [doc[start:end] for start, end in ranges if _may_match(needs, required, start, end)]
            for span in spans:
                # The Matcher returns every sub-span for ops like "?"; the
                # longest per start is kept below.
                hits[key].extend((span.start + start, span.start + end) for _, start, end in matcher(span)
                                 if not (ahead and _next_word_is(doc, span.start + end, ahead))
                                 and not (behind and _word_before_is(doc, span.start + start, behind)))
        for key, positions in self._lemma_sets.find(lemma_at).items():
            hits[key] = [(i, i + 1) for i in positions]

        found: list[Match] = []
        for key, spans in hits.items():
            rule_id = self.direct_keys.get(key)
            if rule_id:
                for start, end in _longest(spans):
                    found.append(self._match(doc, sentences, rule_id, start, end))
        for frame in self.frames:
            if frame.parts[0].key in hits:  # most frames have no first part in a block
                found.extend(self._frame_matches(doc, sentences, frame, hits))
        return BlockMatches(found, self._document_hits(hits))

    def _document_hits(self, hits) -> dict[str, dict[str, Spans]]:
        out = {}
        for rule_id, parts in self.document_parts.items():
            found = {part: spans for part, keys in parts.items()
                     if (spans := [s for key in keys for s in hits.get(key, ())])}
            if found:
                out[rule_id] = found
        return out

    def _match(self, doc, sentences, rule_id, start, end, term=None, parts=()) -> Match:
        sent = sentences.of(start)
        return Match(
            rule_id=rule_id,
            start=doc[start].idx,
            end=doc[end - 1].idx + len(doc[end - 1].text),
            sentence_start=sent.start_char,
            sentence_end=sent.end_char,
            term=term,
            parts=tuple((s - sent.start, e - sent.start) for s, e in sorted(parts)),
        )

    def _frame_matches(self, doc, sentences, frame: _Frame, hits) -> list[Match]:
        part_hits = [hits.get(p.key) for p in frame.parts]
        # A verb inside a named condition is that condition's word ("heart attack",
        # "panic attack"): it neither attacks nor treats anything.
        named = [s for key in self._condition_keys for s in hits.get(key, ()) if s[1] - s[0] > 1]
        if named:
            part_hits = [spans if part.is_term or not spans else
                         [s for s in spans if not any(n[0] <= s[0] and s[1] <= n[1] for n in named)]
                         for part, spans in zip(frame.parts, part_hits)]
        if not all(part_hits):
            return []
        out = []
        # Each other part's hits by start, with their longest span: an anchor looks only at
        # the hits that could lie within ``within`` tokens of it (linear in a long sentence).
        others = [(sorted(spans), [s for s, _ in sorted(spans)], max(e - s for s, e in spans))
                  for spans in part_hits[1:]]
        # Anchor on the first part; for every other part take the nearest hit
        # in the same sentence. Parts may come in any order.
        for a_start, a_end in part_hits[0]:
            sent = sentences.of(a_start)
            chosen = [(a_start, a_end)]
            low, high = a_start - frame.within, a_end + frame.within  # a hit beyond cannot fit
            for spans, starts, longest in others:
                near = spans[bisect_left(starts, max(sent.start, low - longest)):
                             bisect_right(starts, min(sent.end - 1, high))]
                candidates = [
                    s for s in near
                    if sent.start <= s[0] < sent.end and s[1] <= sent.end and s[1] >= low
                    and not _overlaps(s, chosen) and not (frame.ordered and s[0] < chosen[-1][1])
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
                    out.append(self._match(doc, sentences, frame.rule_id, start, end, term, chosen))
        return out


def _word_positions(doc, lemmas: set[int], lowers: set[int]) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Where each of ``lemmas`` and of ``lowers`` (string hashes) occurs in a Doc:
    (lemma -> token indices, lowercase form -> token indices)."""
    from spacy.attrs import LEMMA, LOWER

    columns = doc.to_array([LEMMA, LOWER])
    out: tuple[dict[int, list[int]], dict[int, list[int]]] = (defaultdict(list), defaultdict(list))
    for at, values, wanted in zip(out, (columns[:, 0].tolist(), columns[:, 1].tolist()), (lemmas, lowers)):
        for i, value in enumerate(values):
            if value in wanted:
                at[value].append(i)
    return out


class _WordSets:
    """Named sets of words (lemma and lowercase hashes), looked up from a
    document's words, so that its cost follows the document's distinct words
    rather than the number of sets."""

    def __init__(self):
        self._by_lemma: dict[int, list] = defaultdict(list)
        self._by_lower: dict[int, list] = defaultdict(list)

    def add(self, name, lemmas=(), lowers=()) -> None:
        for word in lemmas:
            self._by_lemma[word].append(name)
        for word in lowers:
            self._by_lower[word].append(name)

    def lemmas(self) -> set[int]:
        return set(self._by_lemma)

    def lowers(self) -> set[int]:
        return set(self._by_lower)

    def find(self, lemma_at: dict[int, list[int]], lower_at: dict[int, list[int]] | None = None) -> dict:
        """For each set that the document's words fall in: name -> token indices, in order."""
        found: dict = defaultdict(set)
        for by_word, at in ((self._by_lemma, lemma_at), (self._by_lower, lower_at or {})):
            for word, positions in at.items():
                for name in by_word.get(word, ()):
                    found[name].update(positions)
        return {name: sorted(positions) for name, positions in found.items()}


class Sentences:
    """Sentence of a token by bisecting sentence starts, read from the
    SENT_START array (Token.sent and Doc.sents build a Token per word)."""

    def __init__(self, doc):
        import numpy
        from spacy.attrs import SENT_START

        self._doc = doc
        flags = doc.to_array(SENT_START).astype("int64")
        starts = numpy.flatnonzero(flags == 1).tolist()
        self._starts = starts if starts and starts[0] == 0 else [0, *starts]
        self._ends = [*self._starts[1:], len(doc)]

    def index_of(self, token_index: int) -> int:
        return bisect_right(self._starts, token_index) - 1

    def span(self, k: int):
        return self._doc[self._starts[k]:self._ends[k]]

    def of(self, token_index: int):
        return self.span(self.index_of(token_index))

    def around(self, positions: list[int], reach: int | None) -> list[tuple[int, int]]:
        """Token ranges, in order, that hold every span of at most ``reach``
        tokens through one of ``positions`` (sorted) without crossing a
        sentence; with ``reach`` None, the sentences that hold the positions."""
        out: list[list[int]] = []  # [start, end, sentence]
        for i in positions:
            k = self.index_of(i)
            start, end = self._starts[k], self._ends[k]
            if reach is not None:
                start, end = max(start, i - reach + 1), min(end, i + reach)
            if out and out[-1][2] == k and start <= out[-1][1]:
                out[-1][1] = max(out[-1][1], end)
            else:
                out.append([start, end, k])
        return [(start, end) for start, end, _ in out]


def _may_match(needs: _Needs, required: dict[int, list[int]], start: int, end: int) -> bool:
    """Whether tokens [start, end) hold a word of every set that one of the patterns needs."""
    return any(all(_any_between(required.get(i, ()), start, end) for i in ids) for ids in needs)


def _any_between(positions: list[int], start: int, end: int) -> bool:
    """Whether sorted ``positions`` has one in [start, end)."""
    k = bisect_left(positions, start)
    return k < len(positions) and positions[k] < end


def _split_lookaround(pattern) -> tuple[list, tuple[dict | None, dict | None]]:
    """A pattern's tokens and (behind, ahead): when its first or last token has op
    "!", that token without the op, the word that must not come just before or next."""
    body = list(pattern)

    def word(tok):
        return {k: v for k, v in tok.items() if k != "op"}

    ahead = word(body.pop()) if len(body) > 1 and body[-1].get("op") == "!" else None
    behind = word(body.pop(0)) if len(body) > 1 and body[0].get("op") == "!" else None
    return body, (behind, ahead)


def _next_word_is(doc, i: int, lookahead) -> bool:
    """Whether token ``i``, in the same sentence as the one before it, matches ``lookahead``."""
    return i < len(doc) and not doc[i].is_sent_start and bool(lookahead(doc[i:i + 1]))


def _word_before_is(doc, i: int, lookbehind) -> bool:
    """Whether the token before ``i``, in the same sentence, matches ``lookbehind``."""
    return i > 0 and not doc[i].is_sent_start and bool(lookbehind(doc[i - 1:i]))


def _reach(patterns) -> int | None:
    """The most tokens a match of ``patterns`` can span; None when a token may repeat."""
    if any(tok.get("op") in ("*", "+") for pattern in patterns for tok in pattern):
        return None
    return max(len(pattern) for pattern in patterns)


def as_list(value) -> list:
    """A rule file's "one string or a list of strings" (or nothing) as a list."""
    return [value] if isinstance(value, str) else list(value or ())


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
