"""Document-level rules: something the whole page must say, not a claim in one sentence.

A rule with ``match: {document: ...}`` lists product ``mentions`` (each with
the disclosure it needs) and ``unless``, the frame of a sentence that states
the products' regulatory status::

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
"""
from __future__ import annotations

from dataclasses import dataclass

from lintmed.engine.match import Sentences, Spans
from lintmed.findings import Match
from lintmed.rules.model import Rule, RuleSet


@dataclass(frozen=True)
class Missing:
    """A mention group without a status statement: where it is first mentioned."""

    rule: Rule
    block: int  # index of the (offset, doc) pair
    match: Match
    disclosure: str


class DocumentRules:
    """The document rules of a RuleSet, judged from the words that the one
    matching pass over each block found for them (``BlockMatches.document_hits``
    of lintmed.engine.match); no matcher of its own."""

    def __init__(self, ruleset: RuleSet):
        self.rules = [r for r in ruleset if r.document]

    def missing(self, docs, document_hits: list[dict[str, dict[str, Spans]]]) -> list[Missing]:
        """For processed blocks ``docs`` and their ``document_hits`` (both in
        document order), what each rule misses."""
        if not self.rules:
            return []
        from lintmed.engine.context import assess_tokens

        out = []
        for rule in self.rules:
            spec = rule.document
            groups = range(len(spec["mentions"]))
            first: dict[int, tuple[int, int, int]] = {}  # group -> (block, start, end)
            covered: set[int] = set()
            blocks = [hits.get(rule.id, {}) for hits in document_hits]  # per block: part -> token spans
            for b, (doc, block) in enumerate(zip(docs, blocks)):
                if not block:
                    continue
                # Only sentences holding one of this rule's words can matter;
                # Doc.sents would build a Token for every word of every block.
                sentences = Sentences(doc)
                for k in sorted({sentences.index_of(start) for found in block.values() for start, _ in found}):
                    sent = sentences.span(k)

                    def inside(part):
                        return [s for s in block.get(part, ()) if sent.start <= s[0] < sent.end]

                    named = {i for i in groups if inside(f"mention:{i}")}
                    if self._states_status(spec["unless"], inside, sent, assess_tokens):
                        covered |= named or set(groups)
                    for i in named:
                        mention = spec["mentions"][i]
                        if i in first or inside(f"except:{i}") or ("near" in mention and not inside(f"near:{i}")):
                            continue
                        start, end = min(inside(f"mention:{i}"), key=lambda s: (s[0], -s[1]))  # longest at the first
                        first[i] = (b, start, end)
            if "promotes" in spec and not any("promotes" in block for block in blocks):
                continue  # the page offers nothing
            for i in sorted(set(first) - covered, key=lambda i: first[i]):
                b, start, end = first[i]
                doc = docs[b]
                sent = Sentences(doc).of(start)
                match = Match(rule.id, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]),
                              sent.start_char, sent.end_char, doc[start:end].text)
                out.append(Missing(rule, b, match, spec["mentions"][i]["disclosure"].strip()))
        return out

    @staticmethod
    def _states_status(unless, inside, sent, assess_tokens) -> bool:
        """Whether the sentence has the ``unless`` frame (negated, unless context: any)."""
        parts = [inside(f"unless:{j}") for j in range(len(unless["parts"]))]
        if not all(parts):
            return False
        within = unless.get("within", 12)
        for anchor in parts[-1]:  # the last part (e.g. "approved") is what must be negated
            near = all(any(max(s[0] - anchor[1], anchor[0] - s[1], 0) <= within for s in spans)
                       for spans in parts[:-1])
            if not near:
                continue
            if unless.get("context", "negated") == "any":
                return True
            context = assess_tokens(sent, anchor[0] - sent.start, anchor[1] - sent.start, base=sent.start_char)
            if context.negated:
                return True
        return False
