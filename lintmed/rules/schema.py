"""The rule file's schema: what each key may hold, checked with errors that name the file,
the line and the key path (``rules[3] (cure-all).match.frames[0].within: ...``). An unknown
key is an error, never ignored.

The allowed keys are data (the ``*_KEYS`` sets); ``check_rule`` and its helpers check the
values. Loading (lintmed.rules.load) calls them on each file before merging it.
"""
from __future__ import annotations

import re

from lintmed.errors import RulesError
from lintmed.findings import SEVERITIES, SUGGESTION_KINDS
from lintmed.rules.model import (CATEGORIES, CONTEXT_KINDS, DEFAULT_FIX_SAFETY, DEFAULT_WITHIN, FIX_SAFETY, POLICIES,
                                 PRODUCT_STATUSES, ApprovedProduct, ApprovedUses, as_list)
from lintmed.rules.templates import check_template
from lintmed.yamlfile import LINE, short

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
_MATCH_KEYS = {"phrases", "patterns", "frames", "document", "learned"}
# match: {learned: claim-detector}: the sentences a learned model flags (lintmed.engine.detector).
LEARNED_MODELS = ("claim-detector",)
# match: {document: ...}: a rule about the whole page (lintmed.engine.document).
_DOCUMENT_KEYS = {"mentions", "unless", "promotes"}
_PROMOTES_KEYS = {"lemma", "phrases"}
_MENTION_KEYS = {"phrases", "term", "except", "near", "disclosure"}
_UNLESS_KEYS = {"parts", "within", "context"}
UNLESS_CONTEXT = ("negated", "any")
_FRAME_KEYS = {"parts", "within", "ordered"}
_PART_KEYS = {"lemma", "term", "phrases"}
_TOKEN_KEYS = {"lemma", "lower", "term", "op", "is_punct", "like_num"}
_OPS = {"?", "*", "+", "!"}
_FIX_KEYS = {"safety", "replacements", "description"}
# Breadth and cost checked at load: a frame's parts may lie at most this many tokens apart
# (rules.yaml uses at most 12), and a token pattern may hold one wildcard ("*" or "+" on a
# token that names no word) at most, whose matching cost grows with the sentence's length.
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
        if not isinstance(value, dict):
            self.fail(where, f"expected a mapping, got {_kind(value)}", line)
        for key in value:
            if key != LINE and key not in allowed:
                self.fail(where, f"unknown key {short(key)} (allowed: {', '.join(sorted(allowed))})",
                          value.get(LINE, line))
        return value.get(LINE, line)

    def strings(self, value, where, line, allow_empty=False) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(where, "expected a list of non-empty strings", line)
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
        if name == LINE:
            continue
        if not ID.match(str(name)):
            chk.fail(f"terms.{name}", "term list names are kebab-case", line)
        terms[name] = tuple(e.lower() for e in chk.strings(entries, f"terms.{name}", line))
    return terms


def check_approved(chk: Checker, raw, line, terms) -> ApprovedUses:
    """approved-uses: products, their approved uses, and what names a condition."""
    line = chk.mapping(raw, "approved-uses", line, _APPROVED_KEYS)
    lists = {}
    for key in ("conditions", "joined"):
        lists[key] = chk.strings(raw.get(key, []), f"approved-uses.{key}", line, allow_empty=True)
        for name in lists[key]:
            chk.term(name, f"approved-uses.{key}", line, terms)
    other = chk.strings(raw.get("not-the-product", []), "approved-uses.not-the-product", line, allow_empty=True)
    products = raw.get("products") or []
    if not isinstance(products, list):
        chk.fail("approved-uses.products", "expected a list of products", line)
    parsed = []
    for i, entry in enumerate(products):
        where = f"approved-uses.products[{i}]"
        pline = chk.mapping(entry, where, line, _PRODUCT_KEYS)
        for key in ("names", "status", "uses", "source"):
            if key not in entry:
                chk.fail(where, f"missing required key {key!r}", pline)
        parsed.append(ApprovedProduct(
            names=tuple(n.lower() for n in chk.strings(entry["names"], f"{where}.names", pline)),
            status=chk.choice(entry["status"], f"{where}.status", pline, PRODUCT_STATUSES),
            uses=tuple(u.lower() for u in chk.strings(entry["uses"], f"{where}.uses", pline)),
            unless=tuple(u.lower() for u in chk.strings(entry.get("unless", []), f"{where}.unless", pline,
                                                        allow_empty=True)),
            source=chk.text(entry["source"], f"{where}.source", pline),
        ))
    return ApprovedUses(lists["conditions"], tuple(o.lower() for o in other), lists["joined"], tuple(parsed))


def _check_token(chk, tok, where, line, terms):
    line = chk.mapping(tok, where, line, _TOKEN_KEYS)
    for key in ("lemma", "lower"):
        if key in tok:
            chk.strings(tok[key], f"{where}.{key}", line)
    if "term" in tok:
        name = chk.term(tok["term"], f"{where}.term", line, terms)
        if any(" " in t for t in terms[name]):
            chk.fail(f"{where}.term", f"term list {name!r} has multi-word entries; use a frame", line)
    if "op" in tok and (not isinstance(tok["op"], str) or tok["op"] not in _OPS):
        chk.fail(f"{where}.op", f"expected one of {' '.join(sorted(_OPS))}", line)
    for key in ("is_punct", "like_num"):
        if key in tok and not isinstance(tok[key], bool):
            chk.fail(f"{where}.{key}", "expected true or false", line)


# The most frequent English words (function words and their forms): a claim made of
# nothing else ("the", "is not", [{lemma: be}]) would be found in almost any text.
COMMON_WORDS = frozenset("""
a an the this that these those it its it's i me my we us our you your he him his she her they them their
be is are was were been being am have has had having do does did done not no to of and or but if so as
at by for from in into on onto with without about than then there here what which who whom
will would can could shall should may might must up out all any some one
""".split())


def _common(words) -> bool:
    """Whether every phrase of ``words`` is made only of COMMON_WORDS or punctuation."""
    return all(all(w in COMMON_WORDS or not any(c.isalnum() for c in w) for w in phrase.lower().split())
               for phrase in words)


def _token_words(tok, terms) -> list[str] | None:
    """The words a pattern token accepts (None: any word)."""
    if "term" in tok:
        return list(terms[tok["term"]])
    words = [w for key in ("lemma", "lower") if key in tok
             for w in ([tok[key]] if isinstance(tok[key], str) else tok[key])]
    return words or None


def _check_pattern_breadth(chk, pattern, where, line, terms) -> None:
    """A pattern must need a word of its own, and not only one very common word
    ([{}], [{lemma: the}], every token optional), and hold at most MAX_WILDCARDS."""
    body = list(pattern)
    if len(body) > 1 and body[-1].get("op") == "!":  # look-ahead: not part of the claim
        body.pop()
    if len(body) > 1 and body[0].get("op") == "!":  # look-behind
        body.pop(0)
    required = [_token_words(t, terms) for t in body if t.get("op") in (None, "+")]
    words = [w for w in required if w is not None]
    if not words:
        chk.fail(where, "the pattern needs no word of its own (every token is optional or names no "
                        "lemma, lower or term), so it would flag almost every sentence", line)
    if len(words) == 1 and _common(words[0]):
        chk.fail(where, f"the pattern's only required word is a very common one ({short(words[0])}), "
                        "so it would flag almost every sentence", line)
    wildcards = sum(1 for t in body if t.get("op") in ("*", "+") and _token_words(t, terms) is None)
    if wildcards > MAX_WILDCARDS:
        chk.fail(where, f"{wildcards} wildcards (\"*\" or \"+\" on a token that names no word); at most "
                        f"{MAX_WILDCARDS}: matching time grows with the sentence length to that power", line)


def _check_document(chk, raw, where, line, terms) -> None:
    """match.document: mentions of products (each with the disclosure wording it
    needs) and ``unless``, the frame of a sentence that states their status."""
    line = chk.mapping(raw, where, line, _DOCUMENT_KEYS)
    mentions = raw.get("mentions")
    if not isinstance(mentions, list) or not mentions:
        chk.fail(f"{where}.mentions", "expected a non-empty list of mentions", line)
    for i, mention in enumerate(mentions):
        mwhere = f"{where}.mentions[{i}]"
        mline = chk.mapping(mention, mwhere, line, _MENTION_KEYS)
        if ("phrases" in mention) == ("term" in mention):
            chk.fail(mwhere, "a mention has exactly one of phrases, term", mline)
        if "term" in mention:
            chk.term(mention["term"], f"{mwhere}.term", mline, terms)
        for key in ("phrases", "except", "near"):
            if key in mention:
                chk.strings(mention[key], f"{mwhere}.{key}", mline)
        chk.text(mention.get("disclosure"), f"{mwhere}.disclosure", mline)
    if "promotes" in raw:
        pline = chk.mapping(raw["promotes"], f"{where}.promotes", line, _PROMOTES_KEYS)
        if not any(k in raw["promotes"] for k in _PROMOTES_KEYS):
            chk.fail(f"{where}.promotes", "needs lemma or phrases", pline)
        for key in _PROMOTES_KEYS:
            if key in raw["promotes"]:
                chk.strings(raw["promotes"][key], f"{where}.promotes.{key}", pline)
    unless = raw.get("unless")
    if unless is None:
        chk.fail(f"{where}.unless", "missing: the frame of a sentence that states the status", line)
    uline = chk.mapping(unless, f"{where}.unless", line, _UNLESS_KEYS)
    _check_frame(chk, {k: v for k, v in unless.items() if k != "context"}, f"{where}.unless", uline, terms)
    chk.choice(unless.get("context", "negated"), f"{where}.unless.context", uline, UNLESS_CONTEXT)


def _check_match(chk, raw, where, line, terms) -> int:
    line = chk.mapping(raw, where, line, _MATCH_KEYS)
    if "document" in raw:
        if len([k for k in raw if k != LINE]) > 1:
            chk.fail(where, "document cannot be combined with phrases, patterns or frames", line)
        _check_document(chk, raw["document"], f"{where}.document", line, terms)
        return line
    if "learned" in raw:
        if len([k for k in raw if k != LINE]) > 1:
            chk.fail(where, "learned cannot be combined with phrases, patterns or frames", line)
        chk.choice(raw["learned"], f"{where}.learned", line, LEARNED_MODELS)
        return line
    if not any(k in raw for k in _MATCH_KEYS):
        chk.fail(where, "needs at least one of phrases, patterns, frames", line)
    if "phrases" in raw:
        for phrase in chk.strings(raw["phrases"], f"{where}.phrases", line):
            if len(phrase.split()) == 1 and _common([phrase]):
                chk.fail(f"{where}.phrases", f"{short(phrase)} is a very common word: it would flag almost "
                                             "every sentence", line)
    if "patterns" in raw and not isinstance(raw["patterns"], list):
        chk.fail(f"{where}.patterns", "expected a list of patterns", line)
    for i, pattern in enumerate(raw.get("patterns") or []):
        pwhere = f"{where}.patterns[{i}]"
        if not isinstance(pattern, list) or not pattern:
            chk.fail(pwhere, "expected a non-empty list of token mappings", line)
        for j, tok in enumerate(pattern):
            _check_token(chk, tok, f"{pwhere}[{j}]", line, terms)
        _check_pattern_breadth(chk, pattern, pwhere, line, terms)
    frames = raw.get("frames") or []
    if not isinstance(frames, list):
        chk.fail(f"{where}.frames", "expected a list of frames", line)
    for i, frame in enumerate(frames):
        _check_frame(chk, frame, f"{where}.frames[{i}]", line, terms)
    return line


def _check_frame(chk, frame, fwhere, line, terms) -> None:
    fline = chk.mapping(frame, fwhere, line, _FRAME_KEYS)
    parts = frame.get("parts")
    if not isinstance(parts, list) or len(parts) < 2:
        chk.fail(f"{fwhere}.parts", "a frame needs a list of at least two parts", fline)
    for j, part in enumerate(parts):
        pwhere = f"{fwhere}.parts[{j}]"
        pline = chk.mapping(part, pwhere, fline, _PART_KEYS)
        given = [k for k in _PART_KEYS if k in part]
        if len(given) != 1:
            chk.fail(pwhere, "a part has exactly one of lemma, term, phrases", pline)
        if "term" in part:
            chk.term(part["term"], f"{pwhere}.term", pline, terms)
        for key in ("lemma", "phrases"):
            if key in part:
                chk.strings(part[key], f"{pwhere}.{key}", pline)
    within = frame.get("within", DEFAULT_WITHIN)
    if not isinstance(within, int) or isinstance(within, bool) or within < 0:
        chk.fail(f"{fwhere}.within", "expected a whole number of tokens", fline)
    if within > MAX_WITHIN:
        chk.fail(f"{fwhere}.within", f"{within} tokens is more than a sentence; at most {MAX_WITHIN}", fline)
    part_words = [[*as_list(part.get("lemma")), *as_list(part.get("phrases"))]
                  or list(terms[part["term"]]) for part in parts]
    if all(_common(words) for words in part_words):
        chk.fail(f"{fwhere}.parts", "every part is made of very common words only, so the frame would "
                                    "flag almost every sentence", fline)
    if not isinstance(frame.get("ordered", False), bool):
        chk.fail(f"{fwhere}.ordered", "expected true or false", fline)


def check_rule(chk: Checker, raw: dict, index: int, terms, partial: bool) -> dict:
    """Validate one rule mapping; ``partial`` allows an override of an existing id."""
    rid = raw.get("id") if isinstance(raw, dict) else None
    where = f"rules[{index}]" + (f" ({rid})" if isinstance(rid, str) else "")
    line = chk.mapping(raw, where, None, _RULE_KEYS)
    if not isinstance(rid, str) or not ID.match(rid):
        chk.fail(f"{where}.id", "expected a kebab-case id", line)
    where = f"rules[{index}] ({rid})"
    required = () if partial else REQUIRED_KEYS
    for key in required:
        if key not in raw:
            chk.fail(where, f"missing required key {key!r}", line)
    if "category" in raw:
        chk.choice(raw["category"], f"{where}.category", line, CATEGORIES)
    if "severity" in raw:
        chk.choice(raw["severity"], f"{where}.severity", line, SEVERITIES)
    for key in ("message", "why"):
        if key in raw:
            chk.text(raw[key], f"{where}.{key}", line)
    if "references" in raw:
        chk.strings(raw["references"], f"{where}.references", line)
    if "enabled" in raw and not isinstance(raw["enabled"], bool):
        chk.fail(f"{where}.enabled", "expected true or false", line)
    if "match" in raw:
        _check_match(chk, raw["match"], f"{where}.match", line, terms)
    if "context" in raw:
        cline = chk.mapping(raw["context"], f"{where}.context", line, set(CONTEXT_KINDS))
        for kind in CONTEXT_KINDS:
            if kind in raw["context"]:
                chk.choice(raw["context"][kind], f"{where}.context.{kind}", cline, POLICIES)
    if "fix" in raw:
        fline = chk.mapping(raw["fix"], f"{where}.fix", line, _FIX_KEYS)
        chk.choice(raw["fix"].get("safety", DEFAULT_FIX_SAFETY), f"{where}.fix.safety", fline, FIX_SAFETY)
        if "replacements" in raw["fix"]:
            chk.strings(raw["fix"]["replacements"], f"{where}.fix.replacements", fline)
            replacements = raw["fix"]["replacements"]
            for i, template in enumerate([replacements] if isinstance(replacements, str) else replacements):
                problem = check_template(template)
                if problem:
                    chk.fail(f"{where}.fix.replacements[{i}]", problem, fline)
        if "description" in raw["fix"]:
            _check_fix_description(chk, raw["fix"]["description"], f"{where}.fix.description", fline)
    if "examples" in raw:
        eline = chk.mapping(raw["examples"], f"{where}.examples", line, _EXAMPLE_KEYS)
        for key in ("flag", "pass"):
            if key in raw["examples"]:
                chk.strings(raw["examples"][key], f"{where}.examples.{key}", eline, allow_empty=True)
        if "fixed" in raw["examples"]:
            _check_fixed(chk, raw["examples"]["fixed"], f"{where}.examples.fixed", eline)
    elif not partial:
        chk.fail(where, "missing required key 'examples' (rules are tested by their examples)", line)
    return raw


def _check_fix_description(chk, value, where: str, line: int) -> None:
    """A string (for every kind of suggestion) or a mapping from kind (or "*") to a string."""
    if isinstance(value, str):
        chk.text(value, where, line)
        return
    chk.mapping(value, where, line, set(SUGGESTION_KINDS) | {"*"})
    for kind, text in value.items():
        if kind != LINE:
            chk.text(text, f"{where}.{kind}", line)


def _check_fixed(chk, value, where: str, line: int) -> None:
    """A list of [flagged copy, rewrite] pairs."""
    if not isinstance(value, list):
        chk.fail(where, "expected a list of [flagged copy, rewrite] pairs", line)
        return
    for i, pair in enumerate(value):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
            chk.fail(f"{where}[{i}]", "expected a pair [flagged copy, rewrite] of two strings", line)
