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

from lintmed.match import Sentences, as_list
from lintmed.model import Match
from lintmed.nlp import make_pattern_doc
from lintmed.rules import Rule, RuleSet


@dataclass(frozen=True)
class Missing:
    """A mention group without a status statement: where it is first mentioned."""

    rule: Rule
    block: int  # index of the (offset, doc) pair
    match: Match
    disclosure: str


class DocumentRules:
    """The document rules of a RuleSet compiled for one spaCy pipeline."""

    def __init__(self, ruleset: RuleSet, nlp):
        from spacy.matcher import Matcher, PhraseMatcher

        self.rules = [r for r in ruleset if r.document]
        self.phrases = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.lemmas = Matcher(nlp.vocab)
        self._strings = nlp.vocab.strings

        def phrases(key, entries):
            self.phrases.add(key, [make_pattern_doc(nlp, p) for p in entries])

        def part(key, spec):  # a frame part: one of lemma, phrases, term
            if "lemma" in spec:
                self.lemmas.add(key, [[{"LEMMA": {"IN": [x.lower() for x in as_list(spec["lemma"])]}}]])
            else:
                phrases(key, ruleset.terms[spec["term"]] if "term" in spec else as_list(spec["phrases"]))

        for rule in self.rules:
            doc = rule.document
            for i, mention in enumerate(doc["mentions"]):
                entries = ruleset.terms[mention["term"]] if "term" in mention else as_list(mention["phrases"])
                phrases(f"{rule.id}:m{i}", entries)
                for key in ("except", "near"):
                    if key in mention:
                        phrases(f"{rule.id}:{key}{i}", as_list(mention[key]))
            for j, spec in enumerate(doc["unless"]["parts"]):
                part(f"{rule.id}:u{j}", spec)
            for key, value in doc.get("promotes", {}).items():
                if key in ("lemma", "phrases"):
                    part(f"{rule.id}:p", {key: value})

    def missing(self, docs) -> list[Missing]:
        """For processed blocks ``docs`` (in document order), what each rule misses."""
        if not self.rules:
            return []
        from lintmed.context import assess_tokens

        hits = []  # per block: key -> [(start, end)] token spans
        for doc in docs:
            block: dict[str, list[tuple[int, int]]] = {}
            for match_id, start, end in [*self.phrases(doc), *self.lemmas(doc)]:
                block.setdefault(self._strings[match_id], []).append((start, end))
            hits.append(block)

        out = []
        for rule in self.rules:
            spec = rule.document
            groups = range(len(spec["mentions"]))
            first: dict[int, tuple[int, int, int]] = {}  # group -> (block, start, end)
            covered: set[int] = set()
            for b, (doc, block) in enumerate(zip(docs, hits)):
                # Only sentences holding one of this rule's words can matter;
                # Doc.sents would build a Token for every word of every block.
                spans = [s for key, found in block.items() if key.startswith(f"{rule.id}:") for s in found]
                if not spans:
                    continue
                sentences = Sentences(doc)
                for k in sorted({sentences.index_of(start) for start, _ in spans}):
                    sent = sentences.span(k)

                    def inside(key):
                        return [s for s in block.get(f"{rule.id}:{key}", ()) if sent.start <= s[0] < sent.end]

                    named = {i for i in groups if inside(f"m{i}")}
                    if self._states_status(spec["unless"], rule.id, inside, sent, assess_tokens):
                        covered |= named or set(groups)
                    for i in named:
                        mention = spec["mentions"][i]
                        if i in first or inside(f"except{i}") or ("near" in mention and not inside(f"near{i}")):
                            continue
                        start, end = min(inside(f"m{i}"), key=lambda s: (s[0], -s[1]))  # longest at the first
                        first[i] = (b, start, end)
            if "promotes" in spec and not any(f"{rule.id}:p" in block for block in hits):
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
    def _states_status(unless, rule_id, inside, sent, assess_tokens) -> bool:
        """Whether the sentence has the ``unless`` frame (negated, unless context: any)."""
        parts = [inside(f"u{j}") for j in range(len(unless["parts"]))]
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
