"""The rule file's schema: what each key may hold, checked with errors that name the file,
the line and the key path (``rules[3] (cure-all).match.frames[0].within: ...``). An unknown
key is an error, never ignored.

The allowed keys are data (the ``*_KEYS`` sets); ``check_rule`` and its helpers check the
values. What ``match:`` may hold is each kind of matcher's own schema, checked by its module
(lintmed.engine.match.KINDS, handed in by lintmed.rules.load, which calls these on each file
before merging it); the breadth limits they share are here.
"""
from __future__ import annotations

import re

from lintmed.errors import RulesError
from lintmed.findings import SEVERITIES, SUGGESTION_KINDS
from lintmed.rules.model import (CATEGORIES, CONTEXT_KINDS, DEFAULT_FIX_SAFETY, FIX_SAFETY, POLICIES, PRODUCT_STATUSES,
                                 ApprovedProduct, ApprovedUses)
from lintmed.rules.templates import check_template
from lintmed.yamlfile import key_line, line_of, short

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TOP_KEYS = {"version", "terms", "approved-uses", "rules"}
_APPROVED_KEYS = {"conditions", "not-the-product", "joined", "products"}
_PRODUCT_KEYS = {"names", "status", "uses", "unless", "source"}
_RULE_KEYS = {
    "id", "category", "severity", "message", "why", "references", "match",
    "context", "fix", "examples", "enabled",
}
# The keys a rule must have; an override of a rule of an earlier file (lintmed.rules.load)
# may give any of them, but the merged rule must have them all.
REQUIRED_KEYS = ("category", "severity", "message", "why", "references", "match")
_FIX_KEYS = {"safety", "replacements", "description"}
# Breadth and cost checked at load (by the kinds of matcher: lintmed.engine.match): a frame's
# parts may lie at most this many tokens apart (rules.yaml uses at most 12), and a token
# pattern may hold one wildcard ("*" or "+" on a token that names no word) at most, whose
# matching cost grows with the sentence's length.
MAX_WITHIN = 50
MAX_WILDCARDS = 1
_EXAMPLE_KEYS = {"flag", "pass", "fixed"}


class Checker:
    """Validates one rule file, raising RulesError with file, line, key path."""

    def __init__(self, path: str):
        self.path = path

    def fail(self, where: str, problem: str, line: int | None):
        raise RulesError(f"{where}: {problem}" if where else problem, self.path, line)

    def mapping(self, value, where, line, allowed):
        """Check that ``value`` is a mapping of ``allowed`` keys; its own line (else ``line``)."""
        line = line_of(value, line)
        if not isinstance(value, dict):
            self.fail(where, f"expected a mapping, got {_kind(value)}", line)
        for key in value:
            if key not in allowed:
                self.fail(where, f"unknown key {short(key)} (allowed: {', '.join(sorted(allowed))})",
                          key_line(value, key, line))
        return line

    def strings(self, value, where, line, allow_empty=False) -> tuple[str, ...]:
        """A string or a list of them, each non-empty; an error names the bad item's line."""
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.fail(where, "expected a list of non-empty strings", line)
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.fail(where, "expected a list of non-empty strings", key_line(value, i, line))
        if not value and not allow_empty:
            self.fail(where, "must not be empty", line)
        return tuple(value)

    def term(self, value, where, line, terms) -> str:
        """The name of a term list defined so far."""
        if not isinstance(value, str) or value not in terms:
            self.fail(where, f"unknown term list {short(value)}", line)
        return value

    def text(self, value, where, line) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(where, "expected a non-empty string", line)
        return value.strip()

    def choice(self, value, where, line, choices):
        if not isinstance(value, str) or value not in choices:
            self.fail(where, f"expected one of {', '.join(choices)}, got {short(value)}", line)
        return value


def _kind(value) -> str:
    return {dict: "a mapping", list: "a list", str: "a string"}.get(type(value), type(value).__name__)


def check_terms(chk: Checker, raw, line) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {}
    line = chk.mapping(raw, "terms", line, set(raw) if isinstance(raw, dict) else set())
    terms = {}
    for name, entries in raw.items():
        here = key_line(raw, name, line)
        if not ID.match(str(name)):
            chk.fail(f"terms.{name}", "term list names are kebab-case", here)
        terms[name] = tuple(e.lower() for e in chk.strings(entries, f"terms.{name}", here))
    return terms


def check_approved(chk: Checker, raw, line, terms) -> ApprovedUses:
    """approved-uses: products, their approved uses, and what names a condition."""
    line = chk.mapping(raw, "approved-uses", line, _APPROVED_KEYS)
    lists = {}
    for key in ("conditions", "joined"):
        value, here = raw.get(key, []), key_line(raw, key, line)
        lists[key] = chk.strings(value, f"approved-uses.{key}", here, allow_empty=True)
        for i, name in enumerate(lists[key]):
            chk.term(name, f"approved-uses.{key}", key_line(value, i, here), terms)
    other = chk.strings(raw.get("not-the-product", []), "approved-uses.not-the-product",
                        key_line(raw, "not-the-product", line), allow_empty=True)
    products = raw.get("products") or []
    if not isinstance(products, list):
        chk.fail("approved-uses.products", "expected a list of products", key_line(raw, "products", line))
    parsed = []
    for i, entry in enumerate(products):
        where = f"approved-uses.products[{i}]"
        pline = chk.mapping(entry, where, key_line(products, i, line), _PRODUCT_KEYS)
        for key in ("names", "status", "uses", "source"):
            if key not in entry:
                chk.fail(where, f"missing required key {key!r}", pline)
        at = {key: key_line(entry, key, pline) for key in _PRODUCT_KEYS}
        parsed.append(ApprovedProduct(
            names=tuple(n.lower() for n in chk.strings(entry["names"], f"{where}.names", at["names"])),
            status=chk.choice(entry["status"], f"{where}.status", at["status"], PRODUCT_STATUSES),
            uses=tuple(u.lower() for u in chk.strings(entry["uses"], f"{where}.uses", at["uses"])),
            unless=tuple(u.lower() for u in chk.strings(entry.get("unless", []), f"{where}.unless", at["unless"],
                                                        allow_empty=True)),
            source=chk.text(entry["source"], f"{where}.source", at["source"]),
        ))
    return ApprovedUses(lists["conditions"], tuple(o.lower() for o in other), lists["joined"], tuple(parsed))


# The most frequent English words (function words and their forms): a claim made of
# nothing else ("the", "is not", [{lemma: be}]) would be found in almost any text.
COMMON_WORDS = frozenset("""
a an the this that these those it its it's i me my we us our you your he him his she her they them their
be is are was were been being am have has had having do does did done not no to of and or but if so as
at by for from in into on onto with without about than then there here what which who whom
will would can could shall should may might must up out all any some one
""".split())


def common(words) -> bool:
    """Whether every phrase of ``words`` is made only of COMMON_WORDS or punctuation."""
    return all(all(w in COMMON_WORDS or not any(c.isalnum() for c in w) for w in phrase.lower().split())
               for phrase in words)


def _check_match(chk, raw, where, line, terms, kinds) -> int:
    """``match:``: one or more kinds of matcher (lintmed.engine.match.KINDS), each checked
    by its own module; a kind that must stand alone stands alone."""
    line = chk.mapping(raw, where, line, set(kinds))
    given = [name for name in kinds if name in raw]
    combinable = [name for name, kind in kinds.items() if not kind.ALONE]
    for name in given:
        if kinds[name].ALONE:
            if len(given) > 1:
                chk.fail(where, f"{name} cannot be combined with {', '.join(combinable[:-1])} or {combinable[-1]}",
                         line)
            kinds[name].check(chk, raw[name], f"{where}.{name}", key_line(raw, name, line), terms)
            return line
    if not given:
        chk.fail(where, f"needs at least one of {', '.join(combinable)}", line)
    for name in given:
        kinds[name].check(chk, raw[name], f"{where}.{name}", key_line(raw, name, line), terms)
    return line


def check_rule(chk: Checker, raw: dict, index: int, terms, partial: bool, kinds) -> dict:
    """Validate one rule mapping; ``partial`` allows an override of an existing id; ``kinds``:
    the kinds of matcher ``match:`` may use (lintmed.engine.match.KINDS)."""
    rid = raw.get("id") if isinstance(raw, dict) else None
    where = f"rules[{index}]" + (f" ({rid})" if isinstance(rid, str) else "")
    line = chk.mapping(raw, where, None, _RULE_KEYS)
    if not isinstance(rid, str) or not ID.match(rid):
        chk.fail(f"{where}.id", "expected a kebab-case id", key_line(raw, "id", line))
    where = f"rules[{index}] ({rid})"
    required = () if partial else REQUIRED_KEYS
    for key in required:
        if key not in raw:
            chk.fail(where, f"missing required key {key!r}", line)
    if "category" in raw:
        chk.choice(raw["category"], f"{where}.category", key_line(raw, "category", line), CATEGORIES)
    if "severity" in raw:
        chk.choice(raw["severity"], f"{where}.severity", key_line(raw, "severity", line), SEVERITIES)
    for key in ("message", "why"):
        if key in raw:
            chk.text(raw[key], f"{where}.{key}", key_line(raw, key, line))
    if "references" in raw:
        chk.strings(raw["references"], f"{where}.references", key_line(raw, "references", line))
    if "enabled" in raw and not isinstance(raw["enabled"], bool):
        chk.fail(f"{where}.enabled", "expected true or false", key_line(raw, "enabled", line))
    if "match" in raw:
        _check_match(chk, raw["match"], f"{where}.match", key_line(raw, "match", line), terms, kinds)
    if "context" in raw:
        cline = chk.mapping(raw["context"], f"{where}.context", key_line(raw, "context", line), set(CONTEXT_KINDS))
        for kind in CONTEXT_KINDS:
            if kind in raw["context"]:
                chk.choice(raw["context"][kind], f"{where}.context.{kind}", key_line(raw["context"], kind, cline), POLICIES)
    if "fix" in raw:
        fline = chk.mapping(raw["fix"], f"{where}.fix", key_line(raw, "fix", line), _FIX_KEYS)
        chk.choice(raw["fix"].get("safety", DEFAULT_FIX_SAFETY), f"{where}.fix.safety", key_line(raw["fix"], "safety", fline),
                   FIX_SAFETY)
        if "replacements" in raw["fix"]:
            rline = key_line(raw["fix"], "replacements", fline)
            chk.strings(raw["fix"]["replacements"], f"{where}.fix.replacements", rline)
            replacements = raw["fix"]["replacements"]
            for i, template in enumerate([replacements] if isinstance(replacements, str) else replacements):
                problem = check_template(template)
                if problem:
                    chk.fail(f"{where}.fix.replacements[{i}]", problem, key_line(replacements, i, rline))
        if "description" in raw["fix"]:
            _check_fix_description(chk, raw["fix"]["description"], f"{where}.fix.description",
                                   key_line(raw["fix"], "description", fline))
    if "examples" in raw:
        eline = chk.mapping(raw["examples"], f"{where}.examples", key_line(raw, "examples", line), _EXAMPLE_KEYS)
        for key in ("flag", "pass"):
            if key in raw["examples"]:
                chk.strings(raw["examples"][key], f"{where}.examples.{key}", key_line(raw["examples"], key, eline),
                            allow_empty=True)
        if "fixed" in raw["examples"]:
            _check_fixed(chk, raw["examples"]["fixed"], f"{where}.examples.fixed", key_line(raw["examples"], "fixed", eline))
    elif not partial:
        chk.fail(where, "missing required key 'examples' (rules are tested by their examples)", line)
    return raw


def _check_fix_description(chk, value, where: str, line: int) -> None:
    """A string (for every kind of suggestion) or a mapping from kind (or "*") to a string."""
    if isinstance(value, str):
        chk.text(value, where, line)
        return
    line = chk.mapping(value, where, line, set(SUGGESTION_KINDS) | {"*"})
    for kind, text in value.items():
        chk.text(text, f"{where}.{kind}", key_line(value, kind, line))


def _check_fixed(chk, value, where: str, line: int) -> None:
    """A list of [flagged copy, rewrite] pairs."""
    if not isinstance(value, list):
        chk.fail(where, "expected a list of [flagged copy, rewrite] pairs", line)
        return
    for i, pair in enumerate(value):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
            chk.fail(f"{where}[{i}]", "expected a pair [flagged copy, rewrite] of two strings", key_line(value, i, line))
