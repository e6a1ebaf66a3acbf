"""``match: {document: ...}``: something the whole page must say, not a claim in one sentence.

A rule lists product ``mentions`` (each with the disclosure it needs) and ``unless``, the
frame of a sentence that states the products' regulatory status::

    match:
      document:
        mentions:
          - phrases: [exosome, exosome therapy]
            disclosure: There are currently no FDA-approved exosome products.
          - phrases: [stem cell, stem cell therapy]
            except: [cord blood]        # a sentence with these is no mention
            disclosure: ...
          - phrases: [prp, platelet-rich plasma]
            near: [hair loss, arthritis]  # only a mention beside these counts
            disclosure: ...
        unless:
          parts: [{phrases: [fda]}, {lemma: [approve, approval]}]
          within: 8
          context: negated              # the statement must deny approval
        promotes: {lemma: [offer, book], phrases: [our, consultation]}

``promotes`` (optional) limits the rule to pages that offer something: at
least one sentence of the page has one of these cues. A page of questions or
general information ("Exosomes may help improve skin texture.") is left alone.

A mention group that the page mentions and no status statement covers gets one
finding, at its first mention, whose suggestion is the wording to add. A
status statement covers the groups it names ("no FDA-approved exosome
products"), or every group when it names none ("These treatments are not
FDA-approved.").

The words are found in the same pass over each block as every other rule's
(``CompiledRules.match_block``: ``BlockMatches.document_hits``); the page is judged once
all its blocks are matched (``DocumentRules.missing``).
"""
from __future__ import annotations

from dataclasses import dataclass

from lintmed.engine.context import assess_tokens
from lintmed.engine.match.frames import check_frame
from lintmed.engine.match.words import Sentences, Spans
from lintmed.findings import Match
from lintmed.rules.model import DEFAULT_WITHIN, Rule, as_list
from lintmed.yamlfile import key_line, marked

NAME = "document"
PAGE_LEVEL = True  # judged once the whole page is matched; its suggestion is wording to add
ALONE = True  # the rule's only kind of match
_DOCUMENT_KEYS = {"mentions", "unless", "promotes"}
_MENTION_KEYS = {"phrases", "term", "except", "near", "disclosure"}
_UNLESS_KEYS = {"parts", "within", "context"}
_PROMOTES_KEYS = ("lemma", "phrases")
UNLESS_CONTEXT = ("negated", "any")


# ------------------------------------------------------------------ schema

def check(chk, value, where: str, line: int, terms) -> None:
    """Mentions of products (each with the disclosure wording it needs) and ``unless``,
    the frame of a sentence that states their status."""
    line = chk.mapping(value, where, line, _DOCUMENT_KEYS)
    mentions = value.get("mentions")
    if not isinstance(mentions, list) or not mentions:
        chk.fail(f"{where}.mentions", "expected a non-empty list of mentions", key_line(value, "mentions", line))
    for i, mention in enumerate(mentions):
        mwhere = f"{where}.mentions[{i}]"
        mline = chk.mapping(mention, mwhere, key_line(mentions, i, line), _MENTION_KEYS)
        if ("phrases" in mention) == ("term" in mention):
            chk.fail(mwhere, "a mention has exactly one of phrases, term", mline)
        if "term" in mention:
            chk.term(mention["term"], f"{mwhere}.term", key_line(mention, "term", mline), terms)
        for key in ("phrases", "except", "near"):
            if key in mention:
                chk.strings(mention[key], f"{mwhere}.{key}", key_line(mention, key, mline))
        chk.text(mention.get("disclosure"), f"{mwhere}.disclosure", key_line(mention, "disclosure", mline))
    if "promotes" in value:
        promotes = value["promotes"]
        pline = chk.mapping(promotes, f"{where}.promotes", key_line(value, "promotes", line), set(_PROMOTES_KEYS))
        if not any(k in promotes for k in _PROMOTES_KEYS):
            chk.fail(f"{where}.promotes", "needs lemma or phrases", pline)
        for key in _PROMOTES_KEYS:
            if key in promotes:
                chk.strings(promotes[key], f"{where}.promotes.{key}", key_line(promotes, key, pline))
    unless = value.get("unless")
    if unless is None:
        chk.fail(f"{where}.unless", "missing: the frame of a sentence that states the status", line)
    uline = chk.mapping(unless, f"{where}.unless", key_line(value, "unless", line), _UNLESS_KEYS)
    check_frame(chk, marked({k: v for k, v in unless.items() if k != "context"}, unless), f"{where}.unless", uline,
                terms)
    chk.choice(unless.get("context", "negated"), f"{where}.unless.context", key_line(unless, "context", uline),
               UNLESS_CONTEXT)


# ------------------------------------------------------------------ compile

@dataclass(frozen=True)
class Mention:
    """A mention group: the finder keys of its words, and the wording it needs."""

    words: str
    disclosure: str
    except_words: str | None = None  # a sentence with these is no mention
    near_words: str | None = None  # only a mention in a sentence with these counts


@dataclass(frozen=True)
class DocumentRule:
    """A document rule as the finders' keys of each of its parts."""

    rule: Rule
    mentions: tuple[Mention, ...]
    unless: tuple[str, ...]  # a key per part of the status frame, in order
    within: int
    any_context: bool  # unless.context: any (else the statement must be negated)
    promotes: tuple[str, ...] | None  # None: the rule applies to any page

    def keys(self) -> set[str]:
        """Every finder key whose hits the rule reads."""
        return {*(k for m in self.mentions for k in (m.words, m.except_words, m.near_words) if k),
                *self.unless, *(self.promotes or ())}


def build(value) -> dict | None:
    """Rule.document: the rule file's value as it is (None: not a document rule)."""
    return value


def compile(compiled, rule: Rule) -> None:
    spec = rule.document
    mentions = []
    for i, mention in enumerate(spec["mentions"]):
        words = compiled.part_key(f"document:{rule.id}:mention:{i}", mention)
        extra = {}
        for name in ("except", "near"):
            if name in mention:
                key = f"document:{rule.id}:{name}:{i}"
                compiled.add_phrases(key, as_list(mention[name]))
                extra[f"{name}_words"] = key
        mentions.append(Mention(words, mention["disclosure"].strip(), **extra))
    unless = spec["unless"]
    parts = tuple(compiled.part_key(f"document:{rule.id}:unless:{j}", part) for j, part in enumerate(unless["parts"]))
    promotes = None
    if "promotes" in spec:
        promotes = tuple(compiled.part_key(f"document:{rule.id}:promotes", {name: spec["promotes"][name]})
                         for name in _PROMOTES_KEYS if name in spec["promotes"])
    compiled.documents.add(DocumentRule(rule, tuple(mentions), parts, unless.get("within", DEFAULT_WITHIN),
                                        unless.get("context", "negated") == "any", promotes))


def prefilter(needs, rule: Rule) -> None:
    for mention in rule.document["mentions"]:
        needs.add_frame([needs.part(mention)[0]], 0)


# ------------------------------------------------------------------ judging the page

@dataclass(frozen=True)
class Missing:
    """A mention group without a status statement: where it is first mentioned."""

    rule: Rule
    block: int  # index of the block's doc in the page
    match: Match
    disclosure: str


@dataclass
class Mentions:
    """What one document rule read in a run of a page's blocks: all the page's verdict
    needs of them, so that their Docs can go (``DocumentRules.read``, ``judge``)."""

    first: dict[int, tuple[int, int, int, Match]]  # group -> (block, start, end, match): its first mention
    covered: set[int]  # the groups a status statement covers
    promotes: bool  # the blocks hold one of the rule's ``promotes`` cues


class DocumentRules:
    """The document rules of a rule set, compiled; judged from the words that the one
    matching pass over each block found for them."""

    def __init__(self):
        self.rules: list[DocumentRule] = []
        self.keys: set[str] = set()  # the finder keys the rules read

    def add(self, rule: DocumentRule) -> None:
        self.rules.append(rule)
        self.keys |= rule.keys()

    def hits(self, hits: dict[str, Spans]) -> dict[str, Spans]:
        """The part of a block's ``hits`` (finder key -> token spans) that the rules read."""
        return {key: spans for key, spans in hits.items() if spans and key in self.keys}

    def missing(self, docs, block_hits: list[dict[str, Spans]]) -> list[Missing]:
        """For processed blocks ``docs`` and the hits of each (``hits``; both in document
        order), the disclosures each rule finds missing."""
        return self.judge([self.read(docs, block_hits)])

    def read(self, docs, block_hits: list[dict[str, Spans]], first_block: int = 0) -> list[Mentions]:
        """What each rule reads in a run of a page's blocks (``docs``, the page's blocks
        from ``first_block`` on, and their hits)."""
        return [_read(doc_rule, docs, block_hits, first_block) for doc_rule in self.rules]

    def judge(self, runs: list[list[Mentions]]) -> list[Missing]:
        """The disclosures each rule finds missing on a page, from what ``read`` found in
        each run of its blocks (the runs in document order)."""
        out = []
        for r, doc_rule in enumerate(self.rules):
            first: dict[int, tuple[int, int, int, Match]] = {}
            covered: set[int] = set()
            for run in runs:
                for group, mention in run[r].first.items():
                    first.setdefault(group, mention)
                covered |= run[r].covered
            if doc_rule.promotes is not None and not any(run[r].promotes for run in runs):
                continue  # the page offers nothing
            for i in sorted(set(first) - covered, key=lambda i: first[i][:3]):
                out.append(Missing(doc_rule.rule, first[i][0], first[i][3], doc_rule.mentions[i].disclosure))
        return out


def _read(doc_rule: DocumentRule, docs, block_hits, first_block: int) -> Mentions:
    groups = range(len(doc_rule.mentions))
    first: dict[int, tuple[int, int, int, Match]] = {}
    covered: set[int] = set()
    for b, (doc, hits) in enumerate(zip(docs, block_hits)):
        if not any(key in hits for key in doc_rule.keys()):
            continue
        # Only sentences holding one of this rule's words can matter;
        # Doc.sents would build a Token for every word of every block.
        sentences = Sentences(doc)
        starts = {start for key in doc_rule.keys() for start, _ in hits.get(key, ())}
        for k in sorted({sentences.index_of(start) for start in starts}):
            sent = sentences.span(k)

            def inside(key):
                return [s for s in hits.get(key, ()) if sent.start <= s[0] < sent.end] if key else []

            named = {i for i in groups if inside(doc_rule.mentions[i].words)}
            if _states_status(doc_rule, inside, sent):
                covered |= named or set(groups)
            for i in named:
                mention = doc_rule.mentions[i]
                if i in first or inside(mention.except_words) or (
                        mention.near_words and not inside(mention.near_words)):
                    continue
                start, end = min(inside(mention.words), key=lambda s: (s[0], -s[1]))  # longest at the first
                match = sentences.match(doc_rule.rule.id, start, end, term=doc[start:end].text)
                first[i] = (first_block + b, start, end, match)
    promotes = doc_rule.promotes is not None and any(key in hits for hits in block_hits for key in doc_rule.promotes)
    return Mentions(first, covered, promotes)


def _states_status(doc_rule: DocumentRule, inside, sent) -> bool:
    """Whether the sentence has the ``unless`` frame (negated, unless context: any)."""
    parts = [inside(key) for key in doc_rule.unless]
    if not all(parts):
        return False
    for anchor in parts[-1]:  # the last part (e.g. "approved") is what must be negated
        near = all(any(max(s[0] - anchor[1], anchor[0] - s[1], 0) <= doc_rule.within for s in spans)
                   for spans in parts[:-1])
        if not near:
            continue
        if doc_rule.any_context:
            return True
        context = assess_tokens(sent, anchor[0] - sent.start, anchor[1] - sent.start, base=sent.start_char)
        if context.negated:
            return True
    return False
