"""The label check: does a claim only state what a product's approval covers?

"Wegovy is FDA-approved for chronic weight management" reads like an approval claim and
names a disease-like condition, but it is what the product's label says. The context pass
cannot see that, because it is knowledge, not wording: rules.yaml's ``approved-uses``
lists products with an FDA approval (or device clearance) and the uses it covers.

A claim is on label when its clause (the words between contrasts such as "but" or ";")
names one of those products, and every condition the clause names is one of that
product's uses, and a use is named, or, for a product approved as named, the claim is a
bare statement of approval ("Saxenda is FDA-approved"). Words that make it another
product ("compounded semaglutide", "semaglutide drops", "oral minoxidil"), a comparison
("works like Botox") or another product joined to it ("Botox and our exosome serum")
keep the claim. Rules opt in with ``on-label: suppress``.
"""
from __future__ import annotations

from dataclasses import dataclass

from lintmed.engine.nlp import phrase_tokens
from lintmed.findings import Trigger
from lintmed.rules.model import ApprovedProduct, RuleSet

# Contrasts end the clause a claim belongs to ("HBOT is proven for the bends, but there
# is no evidence it helps autism": autism is another clause's business).
CONTRASTS = frozenset("but however although though whereas except ; unlike".split())
# A product named just after one of these is a yardstick, not the subject ("like Botox").
COMPARISONS = frozenset("like unlike than versus vs vs. same".split())
# "Botox and our exosome serum": a product this close, after one of these, shares the claim.
COORDINATORS = frozenset("and & plus or + ,".split())
JOIN_GAP = 4
# After a bare approval, a purpose names a use ("FDA-approved to regrow hair").
PURPOSES = frozenset("for to in against".split())

Phrase = tuple[tuple[str, str], ...]  # (lowercase, lemma) per token


@dataclass(frozen=True)
class _Product:
    entry: ApprovedProduct
    names: _Phrases
    uses: _Phrases
    unless: frozenset[str]


class LabelCheck:
    """rules.yaml's approved uses, tokenised as documents are."""

    def __init__(self, ruleset: RuleSet, nlp):
        approved = ruleset.approved_uses
        conditions = {c for name in approved.conditions for c in ruleset.terms.get(name, ())}
        conditions |= {u for p in approved.products for u in p.uses}
        joined = [p for name in approved.joined for p in ruleset.terms.get(name, ())]
        # Tokenised once, from the cache when it has them (lintmed.engine.nlp.phrase_tokens).
        table = phrase_tokens(nlp, [*(t for p in approved.products for t in (*p.names, *p.uses)),
                                    *conditions, *joined])
        phrase = table.tokens

        self.products = [
            _Product(p, _Phrases([phrase(n) for n in p.names]), _Phrases([phrase(u) for u in p.uses]),
                     frozenset(p.unless))
            for p in approved.products
        ]
        self.conditions = _Phrases([phrase(c) for c in sorted(conditions)])
        self.not_the_product = frozenset(approved.not_the_product)
        self.joined = _Phrases([phrase(p) for p in joined])
        # The first word of every product name: most clauses name none, and this says so.
        self.first_words = frozenset(w for p in self.products for w in p.names.by_first)

    def on_label(self, forms: list[tuple[str, str]], parts: tuple[tuple[int, int], ...],
                 status_claim: bool, tokens, base: int) -> Trigger | None:
        """A trigger naming the product and its use when the claim in ``parts`` (token
        ranges of ``forms``, one sentence) states only what an approval covers; else None."""
        lo, hi = _clause(forms, parts[0][0], parts[-1][1])
        clause = forms[lo:hi]
        words = {w for form in clause for w in form}
        if not words & self.first_words or words & self.not_the_product:
            return None
        for product in self.products:
            if words & product.unless:
                continue
            named = [(s, e) for s, e in product.names.find(clause) if not _compared(clause, s)]
            if not named or self._joined(clause, named):
                continue
            uses = product.uses.find(clause)
            inside = named + uses
            # Every condition the clause names is one of the product's uses (or its name).
            if any(not any(s < ue and us < e for us, ue in inside) for s, e in self.conditions.find(clause)):
                continue
            if not uses and not self._bare_approval(product, clause, parts[-1][1] - lo, status_claim):
                continue
            s, e = named[0]
            text = _words(tokens, lo + s, lo + e)
            if uses:
                text += f" ({_words(tokens, lo + uses[0][0], lo + uses[0][1])})"
            last = tokens[lo + e - 1]
            return Trigger("on-label", text, tokens[lo + s].idx - base, last.idx + len(last.text) - base)
        return None

    def _joined(self, clause, named) -> bool:
        """Whether another product is joined to the named one ("Botox and our exosome
        serum"): the claim is then about both."""
        for s, e in self.joined.find(clause):
            if any(s < ne and ns < e for ns, ne in named):
                continue  # part of the name ("cord blood" in the product list)
            for ns, ne in named:
                between = [clause[i][0] for i in (range(ne, s) if ne <= s else range(e, ns))]
                if len(between) <= JOIN_GAP and any(w in COORDINATORS for w in between):
                    return True
        return False

    @staticmethod
    def _bare_approval(product: _Product, clause, claim_end: int, status_claim: bool) -> bool:
        """"Saxenda is FDA-approved": accurate for a product approved as named, when
        nothing after the claim says what for ("FDA-approved to regrow hair")."""
        return (status_claim and product.entry.status == "approved"
                and not any(lower in PURPOSES for lower, _ in clause[claim_end:]))


def _compared(clause, start: int) -> bool:
    """Whether the product named at ``start`` is a yardstick: "like Botox", "as approved
    as Botox" (but not "neurotoxins such as Botox")."""
    before = clause[start - 1][0] if start else ""
    if before == "as":
        return not (start > 1 and clause[start - 2][0] == "such")
    return before in COMPARISONS


def _words(tokens, start: int, end: int) -> str:
    """The words of tokens[start:end] as the text spells them ("treatment-resistant")."""
    return "".join(t.text_with_ws for t in tokens[start:end]).strip()


def _clause(forms, start: int, end: int) -> tuple[int, int]:
    lo = next((i + 1 for i in range(start - 1, -1, -1) if forms[i][0] in CONTRASTS), 0)
    hi = next((i for i in range(end, len(forms)) if forms[i][0] in CONTRASTS), len(forms))
    return lo, hi


class _Phrases:
    """Phrases indexed by their first word's lowercase and lemma forms."""

    def __init__(self, phrases: list[Phrase]):
        self.by_first: dict[str, list[Phrase]] = {}
        for p in dict.fromkeys(phrases):
            for w in set(p[0]):
                self.by_first.setdefault(w, []).append(p)

    def find(self, forms) -> list[tuple[int, int]]:
        """Token ranges where a phrase occurs, each token equal in lowercase or lemma."""
        found = []
        for i, (lower, lemma) in enumerate(forms):
            for p in dict.fromkeys(self.by_first.get(lower, []) + self.by_first.get(lemma, [])):
                if i + len(p) <= len(forms) and all(
                        forms[i + k][0] == lo or forms[i + k][1] == le for k, (lo, le) in enumerate(p[1:], 1)):
                    found.append((i, i + len(p)))
        return found
