"""The rule set as lintmed holds it once loaded: typed, frozen records, and every default
of the rule file in one place.

A rule file (rules.yaml, or a user's file layered over it: lintmed.rules.load) is checked by
lintmed.rules.schema and turned into these records; the engine reads only these.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lintmed.errors import RulesError

CATEGORIES = (
    "regulatory-status",
    "absolute-safety",
    "cure-claim",
    "establishment-claim",
    "disease-claim",
    "comparative-claim",
    "hype",
    "testimonial",
    "urgency",
)
POLICIES = ("suppress", "keep")
# Each kind of context a claim can be found in (lintmed.engine.context; "on-label":
# lintmed.engine.labels), and what a rule whose ``context:`` does not name the kind does
# with a claim found in it. A new kind is declared here with its default: "suppress" would
# silence every rule that does not name it. Only rules about approval and efficacy opt
# into "on-label".
CONTEXT_DEFAULTS = {
    "negated": "suppress",
    "hedged": "suppress",
    "question": "suppress",
    "reported": "suppress",
    "on-label": "keep",
}
CONTEXT_KINDS = tuple(CONTEXT_DEFAULTS)
POLICY_ORDER = ("negated", "question", "reported", "hedged", "on-label")  # as explain and rules show them
FIX_SAFETY = ("safe", "unsafe")
DEFAULT_FIX_SAFETY = "unsafe"  # a rule's fix.safety when it gives none
# How many tokens a frame's parts may lie apart when the frame says no ``within``.
DEFAULT_WITHIN = 12
# approved: the product as named is approved ("Botox"); approved-uses: only some forms or
# uses are ("cord blood", "semaglutide"); cleared: a device cleared, not approved.
PRODUCT_STATUSES = ("approved", "approved-uses", "cleared")


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    severity: str
    message: str
    why: str
    references: tuple[str, ...]
    phrases: tuple[str, ...]
    patterns: tuple[tuple[dict, ...], ...]
    frames: tuple[dict, ...]
    context: dict[str, str]
    fix_safety: str
    replacements: tuple[str, ...]
    examples_flag: tuple[str, ...]
    examples_pass: tuple[str, ...]
    source: str = ""
    # fix.description: what the writer must hold or do before using the wording, by kind
    # of suggestion ("*": any kind). examples.fixed: (flagged copy, its exact rewrite).
    fix_description: dict[str, str] = field(default_factory=dict)
    examples_fixed: tuple[tuple[str, str], ...] = ()
    line: int = 0
    document: dict | None = None  # match.document, for a document-level rule
    learned: str | None = None  # match.learned: the model whose judgement this rule reports

    def suppressed_by(self, kind: str) -> bool:
        return self.policy(kind) == "suppress"

    def policy(self, kind: str) -> str:
        """"suppress" or "keep" for a claim found in context ``kind`` (one of CONTEXT_KINDS)."""
        return self.context.get(kind, CONTEXT_DEFAULTS[kind])


@dataclass(frozen=True)
class ApprovedProduct:
    """A product with an FDA approval or clearance, and the uses it covers."""

    names: tuple[str, ...]
    status: str  # one of PRODUCT_STATUSES
    uses: tuple[str, ...]
    unless: tuple[str, ...]  # words that make it another product ("oral" minoxidil)
    source: str


@dataclass(frozen=True)
class ApprovedUses:
    """rules.yaml's ``approved-uses``, read by lintmed.engine.labels."""

    conditions: tuple[str, ...] = ()  # names of the term lists that name conditions
    not_the_product: tuple[str, ...] = ()  # words that make any product another one ("compounded")
    joined: tuple[str, ...] = ()  # names of term lists of products that "and" joins to a listed one
    products: tuple[ApprovedProduct, ...] = ()


@dataclass
class RuleSet:
    """A plain registry from id to rule; ``get`` of an unknown id raises."""

    rules: dict[str, Rule] = field(default_factory=dict)
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Ids of rules left out by select/ignore: still known, e.g. to suppression comments.
    known: frozenset[str] = frozenset()
    approved_uses: ApprovedUses = field(default_factory=ApprovedUses)

    def ids(self) -> frozenset[str]:
        """Every rule id this set was built from, selected or not."""
        return self.known | frozenset(self.rules)

    def get(self, rule_id: str) -> Rule:
        try:
            return self.rules[rule_id]
        except KeyError:
            raise RulesError(f"unknown rule id {rule_id!r}") from None

    def __iter__(self):
        return iter(self.rules.values())

    def __len__(self) -> int:
        return len(self.rules)

    def select(self, keep) -> "RuleSet":
        """A new RuleSet with the rules for which ``keep(rule)`` is true."""
        return RuleSet({r.id: r for r in self if keep(r)}, dict(self.terms), self.ids(), self.approved_uses)


def as_list(value) -> list:
    """A rule file's "one string or a list of strings" (or nothing) as a list."""
    return [value] if isinstance(value, str) else list(value or ())
