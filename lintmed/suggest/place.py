"""Where each suggested wording goes: the rule's templates realised for the claim's
sentence (lintmed.suggest.wording), each placed on the source span it replaces."""
from __future__ import annotations

import re

from lintmed.findings import Extracted, Match, Suggestion
from lintmed.positions import LineIndex
from lintmed.rules.model import Rule, RuleSet
from lintmed.suggest.wording import Proposal, propose, rule_verbs

# Term lists whose words make a sentence a serious-disease claim whatever the wording around them.
SERIOUS_TERM_LISTS = ("serious-disease", "cancer", "covid")


def serious_terms(ruleset: RuleSet) -> re.Pattern | None:
    """The serious-disease, cancer and COVID-19 words of the rule set, as one pattern (for
    ``search``: whether a sentence names one)."""
    words = [w for name in SERIOUS_TERM_LISTS for w in ruleset.terms.get(name, ())]
    if not words:
        return None
    return re.compile(r"(?<![a-z])%s(?![a-z])" % _prefix_tree(words), re.IGNORECASE)


def _prefix_tree(words) -> str:
    """A pattern that matches each of ``words``, with the words' shared beginnings written
    once ("lupus" and "lymphoma": "l(?:upus|ymphoma)"): a flat alternation of 127 words is
    tried word by word at every character of a sentence, about four times as slow."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(node[ch]) for ch in sorted(k for k in node if k)]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return pattern(tree)


# What each kind of suggestion asks of the writer, unless the rule says more (fix.description).
KIND_DESCRIPTIONS = {
    "hedge": "softer wording; it is still a claim, so use it only if evidence supports it",
    "qualify": "keep this only with the evidence it needs, and cite it",
    "reframe": "say what the product may lawfully say instead",
    "remove": "where no softer wording is true, drop the claim",
    "typicality": "add this after the testimonial; if you have data, state what patients generally achieve",
}
# Who said a quotation, when it follows as a sentence of its own: '"... in a week!" Tom told us.'
_ATTRIBUTION = re.compile(r"[ \t]+[^.!?\n\"“”]{0,40}?\b(?:says|said|told|tells|writes|wrote|explains|explained|"
                          r"adds|added|shares|shared)\b[^.!?\n\"“”]{0,40}[.!?]")
# A sentence that a reader sees as the continuation of the one before it: the text since
# the last full stop ends in an ellipsis (spaCy splits ". . ." and "…").
_ELLIPSIS_END = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))([^.!?\n…]*?[^\s.!?…][^.!?\n…]*?(?:\s?\.\s?\.\s?\.|…))\s*$")
# What follows a sentence and starts in lower case continues it ("... . . . controls X.",
# "... etc. on various systems."): removed with it, up to its own end.
_CONTINUATION = re.compile(r"(?:[ \t]*[.…])*[ \t]+(?=[a-z])[^\n]*?(?:[.!?](?=\s|$)|$)")
# The words of a sentence removed with it: the spaces that follow it.
_TRAILING_SPACE = re.compile(r"[ \t]*")


def suggestions(rule: Rule, match: Match, block: str, offset: int, extracted: Extracted,
                 index: LineIndex, serious: re.Pattern | None = None) -> tuple[Suggestion, ...]:
    """The rule's templates made to agree with the claim's sentence (lintmed.suggest.wording), each
    with its kind and, when it replaces other words than the claim's, its span; a finding
    that no template fits gets a stated removal of its sentence."""
    sentence = block[match.sentence_start:match.sentence_end]
    proposals = propose(rule.replacements, sentence, match.start - match.sentence_start,
                        match.end - match.sentence_start, match.term, rule_verbs(rule)) if rule.replacements else []
    if not proposals:
        proposals = [Proposal("", "remove", 0, len(sentence), removes_sentence=True, scope="sentence")]
    if rule.category == "disease-claim":  # a disease claim is removed first, never hedged or excused
        proposals = sorted((p for p in proposals if p.kind != "typicality"), key=lambda p: p.kind != "remove")
    elif serious is not None and serious.search(sentence):
        # Softer wording in a sentence that names a serious disease, cancer or COVID-19 leaves
        # a claim no hedge excuses ("studies suggest it slows tumours"): removal comes first,
        # and "Individual results vary." excuses no story of a cured disease (16 CFR 255.2).
        proposals = [p for p in proposals if p.kind != "typicality"]
        if not proposals or proposals[0].kind in ("hedge", "qualify"):
            removal = Proposal("", "remove", 0, len(sentence), removes_sentence=True, scope="sentence")
            proposals = [removal] + [p for p in proposals if p != removal]
    out = []
    for p in proposals:
        start, end = match.sentence_start + p.start, match.sentence_start + p.end
        if p.scope == "sentence" and block[start:start + 1].islower() and (
                trail := _ELLIPSIS_END.search(block, 0, start)):
            # "Kratom . . . lowers blood pressure." is one sentence to a reader: what came
            # before the dots goes with it, not left as a fragment.
            start = trail.start(1)
        if p.scope == "sentence" and (rest := _CONTINUATION.match(block, end)):
            end = rest.end()  # "... etc. on various systems.": a split sentence goes whole
        if p.scope == "after" and (said := _ATTRIBUTION.match(block, end)):
            start = end = said.end()  # after '"...!" says Ann.', not between the quote and its speaker
        if p.removes_sentence:  # the spaces after it go too, else those before it
            if said := _ATTRIBUTION.match(block, end):
                end = said.end()  # and who said it, when that follows as a sentence of its own

            after = _TRAILING_SPACE.match(block, end).end()
            if after > end and after < len(block):
                end = after
            else:
                start = len(block[:start].rstrip(" \t"))
        out.append(_suggestion(rule, p, match, start, end, block, offset, extracted, index))
    return tuple(out)


def _suggestion(rule: Rule, p, match: Match, start: int, end: int, block: str, offset: int,
                extracted: Extracted, index: LineIndex) -> Suggestion:
    description = rule.fix_description.get(p.kind) or rule.fix_description.get("*") or KIND_DESCRIPTIONS[p.kind]
    if (start, end) == (match.start, match.end):
        return Suggestion(p.text, description, p.kind, scope=p.scope)
    if start < end:
        s, e = extracted.source_span(offset + start, offset + end)
    else:  # an addition: just after the character before it
        s = e = extracted.source_span(offset + start - 1, offset + start)[1]
    line, column = index.position(s)
    end_line, end_column = index.position(e) if e > s else (line, column)
    if e > s:
        last_line, last_column = index.position(e - 1)
        end_line, end_column = last_line, last_column + 1
    return Suggestion(p.text, description, p.kind, start=s, end=e, line=line, column=column,
                      end_line=end_line, end_column=end_column, original=block[start:end], scope=p.scope)
