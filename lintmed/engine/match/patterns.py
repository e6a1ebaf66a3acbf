"""``match: {patterns: [...]}``: spaCy token patterns, one list of token mappings each.

A token names its word (``lemma``, ``lower``, or ``term``: a term list of single words),
or what it is (``is_punct``, ``like_num``), with an optional ``op``: ``?`` (optional),
``*`` / ``+`` (repeats), ``!`` (not this word). A first or last token with ``!`` is a
look-around: the word that must not come just before or next ("returned within 30 days"
is no result). Checked at load for breadth and cost (``check``), compiled into Matchers
grouped by anchor words (``Matchers``), run only near those words.
"""
from __future__ import annotations

from collections import defaultdict

from lintmed.engine.match.words import Sentences, Spans, WordSets, any_between
from lintmed.rules.model import Rule, as_list
from lintmed.rules.schema import MAX_WILDCARDS, common
from lintmed.yamlfile import key_line, short

NAME = "patterns"
PAGE_LEVEL = False  # its matches are claims in a sentence
ALONE = False  # may stand beside phrases and frames in one rule
_TOKEN_KEYS = {"lemma", "lower", "term", "op", "is_punct", "like_num"}
OPS = ("!", "*", "+", "?")
_TOKEN_ATTRS = {"lemma": "LEMMA", "lower": "LOWER", "is_punct": "IS_PUNCT", "like_num": "LIKE_NUM"}
# Per pattern of a Matcher: ids of the word sets (Matchers.required) it needs a word of each from.
Needs = tuple[frozenset[int], ...]


# ------------------------------------------------------------------ schema

def check(chk, value, where: str, line: int, terms) -> None:
    if not isinstance(value, list):
        chk.fail(where, "expected a list of patterns", line)
    for i, pattern in enumerate(value):
        pwhere, pline = f"{where}[{i}]", key_line(value, i, line)
        if not isinstance(pattern, list) or not pattern:
            chk.fail(pwhere, "expected a non-empty list of token mappings", pline)
        for j, tok in enumerate(pattern):
            _check_token(chk, tok, f"{pwhere}[{j}]", key_line(pattern, j, pline), terms)
        _check_breadth(chk, pattern, pwhere, pline, terms)


def _check_token(chk, tok, where, line, terms):
    line = chk.mapping(tok, where, line, _TOKEN_KEYS)
    at = {key: key_line(tok, key, line) for key in _TOKEN_KEYS}
    for key in ("lemma", "lower"):
        if key in tok:
            chk.strings(tok[key], f"{where}.{key}", at[key])
    if "term" in tok:
        name = chk.term(tok["term"], f"{where}.term", at["term"], terms)
        if any(" " in t for t in terms[name]):
            chk.fail(f"{where}.term", f"term list {name!r} has multi-word entries; use a frame", at["term"])
    if "op" in tok and (not isinstance(tok["op"], str) or tok["op"] not in OPS):
        chk.fail(f"{where}.op", f"expected one of {' '.join(OPS)}", at["op"])
    for key in ("is_punct", "like_num"):
        if key in tok and not isinstance(tok[key], bool):
            chk.fail(f"{where}.{key}", "expected true or false", at[key])


def _token_words(tok, terms) -> list[str] | None:
    """The words a pattern token accepts (None: any word)."""
    if "term" in tok:
        return list(terms[tok["term"]])
    words = [w for key in ("lemma", "lower") if key in tok for w in as_list(tok[key])]
    return words or None


def _check_breadth(chk, pattern, where, line, terms) -> None:
    """A pattern must need a word of its own, and not only one very common word
    ([{}], [{lemma: the}], every token optional), and hold at most MAX_WILDCARDS."""
    body, _ = split_lookaround(pattern)
    required = [_token_words(t, terms) for t in body if t.get("op") in (None, "+")]
    words = [w for w in required if w is not None]
    if not words:
        chk.fail(where, "the pattern needs no word of its own (every token is optional or names no "
                        "lemma, lower or term), so it would flag almost every sentence", line)
    if len(words) == 1 and common(words[0]):
        chk.fail(where, f"the pattern's only required word is a very common one ({short(words[0])}), "
                        "so it would flag almost every sentence", line)
    wildcards = sum(1 for t in body if t.get("op") in ("*", "+") and _token_words(t, terms) is None)
    if wildcards > MAX_WILDCARDS:
        chk.fail(where, f"{wildcards} wildcards (\"*\" or \"+\" on a token that names no word); at most "
                        f"{MAX_WILDCARDS}: matching time grows with the sentence length to that power", line)


def split_lookaround(pattern) -> tuple[list, tuple[dict | None, dict | None]]:
    """A pattern's tokens and (behind, ahead): when its first or last token has op
    "!", that token without the op, the word that must not come just before or next."""
    body = list(pattern)

    def word(tok):
        return {k: v for k, v in tok.items() if k != "op"}

    ahead = word(body.pop()) if len(body) > 1 and body[-1].get("op") == "!" else None
    behind = word(body.pop(0)) if len(body) > 1 and body[0].get("op") == "!" else None
    return body, (behind, ahead)


# ------------------------------------------------------------------ compile and match

def build(value) -> tuple[tuple[dict, ...], ...]:
    """Rule.patterns from the rule file's value (None: none)."""
    return tuple(tuple(pattern) for pattern in value or ())


def compile(compiled, rule: Rule) -> None:
    key = f"{NAME}:{rule.id}"
    compiled.patterns.add(key, rule.patterns)
    compiled.claim_keys[key] = rule.id


def prefilter(needs, rule: Rule) -> None:
    for pattern in rule.patterns:
        needs.add_sequence(needs.pattern(pattern))


class Matchers:
    """The token patterns of a rule set, as Matchers run only near their anchor words.

    A rule's token patterns go into one Matcher per set of anchor words, run only over
    the sentences that hold one of them: the Matcher's cost grows with the number of
    patterns times the words it scans, and most patterns have no chance in most
    sentences. Where no pattern of a Matcher repeats a token ("*", "+"), it runs only
    over the words within its longest pattern's length of an anchor. A rule with a
    pattern that has no anchor word keeps all its patterns in one Matcher, run over the
    whole document. Either way a stretch of words is matched only when it holds a word
    for each required token of one of the Matcher's patterns ("needs"): the pattern for
    "No. 1 clinic" is anchored on a word list that holds "in", but also needs "no", "#"
    or "number" near it.
    """

    def __init__(self, nlp, terms: dict[str, tuple[str, ...]]):
        self._nlp = nlp
        self._terms = terms
        # (key, Matcher, reach, (look-behind, look-ahead) Matchers or None, needs)
        self.matchers: list[tuple[str, object, int | None, tuple, Needs]] = []
        self.anchors = WordSets()  # anchor word -> indices into matchers
        self.required = WordSets()  # required word -> ids of the word sets in Needs
        # (attribute, words) -> its id in ``required``: a word list that many patterns need
        # (a term list, "you", "our") is one set, looked up once per block.
        self._required_ids: dict[tuple[str, frozenset[int]], int] = {}
        self.unanchored: set[int] = set()  # indices into matchers

    def add(self, key: str, rule_patterns) -> None:
        # Imported here: spaCy loads only where a page is matched (a page the prefilter
        # clears never imports it), and this module is read when rules load.
        from spacy.matcher import Matcher

        # Grouped by anchor words and by look-around: a last token with op "!" is the word
        # that must not follow, a first one the word that must not come just before;
        # neither is part of the claim, and nothing lies beyond the sentence ("Our gel is
        # FDA approved").
        split = [split_lookaround(pattern) for pattern in rule_patterns]
        anchors = [self._anchors([body]) for body, _ in split]
        everywhere = (None, None) in anchors
        groups: dict = defaultdict(list)
        for (body, around), anchor in zip(split, anchors):
            groups[(None, None) if everywhere else anchor, repr(around)].append((body, around))
        for ((lemmas, lowers), _), members in groups.items():
            patterns = [body for body, _ in members]
            # lintmed.rules.load has checked every token pattern; spaCy's own check
            # (pydantic) would be a fifth of a one-page run's start-up.
            matcher = Matcher(self._nlp.vocab, validate=False)
            token_patterns = [self._token_pattern(p) for p in patterns]
            matcher.add(key, [_spacy_form(p) for p in token_patterns])
            around = tuple(self._word_matcher(Matcher, tok) for tok in members[0][1])
            if lemmas is None:
                self.unanchored.add(len(self.matchers))
            else:
                self.anchors.add(len(self.matchers), lemmas, lowers)
            self.matchers.append((key, matcher, _reach(patterns), around, self._needed_words(token_patterns)))

    def lemmas(self) -> set[int]:
        """The lemmas (hashes) whose positions ``find`` needs."""
        return self.anchors.lemmas() | self.required.lemmas()

    def lowers(self) -> set[int]:
        return self.anchors.lowers() | self.required.lowers()

    def find(self, doc, sentences: Sentences, lemma_at, lower_at, hits: dict[str, Spans],
             blocks: list[tuple[int, int]] | None = None) -> None:
        """Add to ``hits`` (matcher key -> token spans) what the Matchers that can match find;
        ``blocks``: the token range of each block of a Doc of several (a Matcher with no
        anchor reads each block, and one with an anchor, the sentences around it)."""
        anchored = self.anchors.names(lemma_at, lower_at)  # indices of the Matchers with an anchor word here
        can_match = sorted(self.unanchored | anchored)  # in order, only the Matchers that can match
        if not can_match:
            return  # (a fifth of a site's blocks): their required words need not be looked up
        present = self.required.names(lemma_at, lower_at)  # ids of the word sets with a word here
        # Positions only of the sets that a Matcher which passes the test below needs: most
        # Matchers with an anchor in a block lack another word their patterns need.
        required: dict[int, list[int]] = {}  # word set id -> positions
        for n in can_match:
            key, matcher, reach, (behind, ahead), needs = self.matchers[n]
            for need in needs:  # (set tests of each need's few words, in a loop: run for every block)
                if need <= present:
                    break
            else:
                continue  # a word that every pattern needs is nowhere in the block
            for need in needs:
                for i in need:
                    if i in present and i not in required:
                        required[i] = self.required.positions(i, lemma_at, lower_at)
            ranges = (blocks or [(0, len(doc))]) if n in self.unanchored else sentences.around(
                self.anchors.positions(n, lemma_at, lower_at), reach)
            spans = [doc[start:end] for start, end in ranges if _may_match(needs, required, start, end)]
            for span in spans:
                # The Matcher returns every sub-span for ops like "?"; the
                # longest per start is kept later.
                hits[key].extend((span.start + start, span.start + end) for _, start, end in matcher(span)
                                 if not (ahead and _next_word_is(doc, span.start + end, ahead))
                                 and not (behind and _word_before_is(doc, span.start + start, behind)))

    def _word_matcher(self, matcher_class, token: dict | None):
        """A Matcher for one word of a look-around, or None."""
        if token is None:
            return None
        matcher = matcher_class(self._nlp.vocab, validate=False)
        matcher.add("word", [_spacy_form(self._token_pattern([token]))])
        return matcher

    def _anchors(self, patterns) -> tuple[frozenset[int] | None, frozenset[int] | None]:
        """(lemma hashes, lowercase hashes) one of which a document must contain
        for any of ``patterns`` to match; (None, None) when a pattern has no
        required word and so must always run."""
        from spacy.lang.en.stop_words import STOP_WORDS  # lazy: see add

        def commonness(words) -> tuple[int, int]:
            # Anchor on the rarest required word: a set with "the" or "be"
            # in it would let the rule run on every sentence.
            common_words = sum(1 for w in words if w in STOP_WORDS or not w.isalpha())
            return common_words, len(words)

        strings = self._nlp.vocab.strings
        lemma_ids: set[int] = set()
        lower_ids: set[int] = set()
        for pattern in patterns:
            required = []
            for tok in pattern:
                if tok.get("op") not in (None, "+"):
                    continue
                if "lemma" in tok or "term" in tok:
                    words = as_list(tok["lemma"]) if "lemma" in tok else self._terms[tok["term"]]
                    required.append(("lemma", [w.lower() for w in words]))
                elif "lower" in tok:
                    required.append(("lower", [w.lower() for w in as_list(tok["lower"])]))
            if not required:
                return None, None
            attr, words = min(required, key=lambda r: commonness(r[1]))
            ids = {strings.add(w) for w in words}
            (lemma_ids if attr == "lemma" else lower_ids).update(ids)
        return frozenset(lemma_ids), frozenset(lower_ids)

    def _needed_words(self, token_patterns) -> Needs:
        """Per pattern (in spaCy's form), the word sets that a match must have a
        word of each from: the LEMMA and LOWER sets of its tokens that must occur
        (no op, or "+"). Registered in ``self.required`` under new ids."""
        strings = self._nlp.vocab.strings
        needs = []
        for pattern in token_patterns:
            ids = []
            for spec in pattern:
                if spec.get("OP") not in (None, "+"):
                    continue
                for attr in ("LEMMA", "LOWER"):
                    if attr in spec:
                        ids.append(self._required_id(attr, frozenset(strings.add(w) for w in spec[attr]["IN"])))
            needs.append(frozenset(ids))  # (a set: tested against the block's as one)
        return tuple(needs)

    def _required_id(self, attr: str, words: frozenset[int]) -> int:
        """The id in ``required`` of the set of ``words`` (lemma or lowercase hashes)."""
        key = (attr, words)
        if key not in self._required_ids:
            self._required_ids[key] = n = len(self._required_ids)
            self.required.add(n, **{"lemmas" if attr == "LEMMA" else "lowers": words})
        return self._required_ids[key]

    def _token_pattern(self, pattern) -> list[dict]:
        """A pattern in spaCy's form."""
        out = []
        for tok in pattern:
            spec: dict = {}
            for key, value in tok.items():
                if key == "op":
                    spec["OP"] = value
                elif key == "term":
                    spec["LEMMA"] = {"IN": list(self._terms[value])}
                elif key in ("lemma", "lower"):
                    spec[_TOKEN_ATTRS[key]] = {"IN": [v.lower() for v in as_list(value)]}
                else:
                    spec[_TOKEN_ATTRS[key]] = value
            out.append(spec)
        return out


def _spacy_form(pattern: list[dict]) -> list[dict]:
    """A pattern as given to spaCy: a one-word set as that word (``{"LEMMA": "cure"}``, the
    same test as ``{"LEMMA": {"IN": ["cure"]}}``), which spaCy compares in its matching loop
    instead of building a set predicate for it (a Python call per token it looks at)."""
    return [{attr: value["IN"][0] if isinstance(value, dict) and len(value["IN"]) == 1 else value
             for attr, value in spec.items()} for spec in pattern]


def _may_match(needs: Needs, required: dict[int, list[int]], start: int, end: int) -> bool:
    """Whether tokens [start, end) hold a word of every set that one of the patterns needs."""
    for ids in needs:  # (loops, not generators: called for every stretch of every block)
        for i in ids:
            if not any_between(required.get(i, ()), start, end):
                break
        else:
            return True
    return False


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
