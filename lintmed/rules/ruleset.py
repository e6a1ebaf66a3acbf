"""Load and validate rule files; the RuleSet registry.

The schema is data (``_RULE_KEYS`` and friends) so that every error names the
file, the line and the key path, and an unknown key is an error, never ignored.
User rule files are layered over the defaults: a rule whose id already exists
is merged over it key by key (so ``{id: x, severity: info}`` overrides one
field) and ``enabled: false`` disables it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from lintmed.errors import RulesError
from lintmed.storage.files import read_setting
from lintmed.findings import SEVERITIES

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
CONTEXT_KINDS = ("negated", "hedged", "question", "reported", "on-label")
POLICIES = ("suppress", "keep")
# A kind a rule's policy leaves out is suppressed, except "on-label" (lintmed.engine.labels),
# which only rules about approval and efficacy opt into.
DEFAULT_POLICY = {"on-label": "keep"}
POLICY_ORDER = ("negated", "question", "reported", "hedged", "on-label")  # as explain and rules show them
FIX_SAFETY = ("safe", "unsafe")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_TOP_KEYS = {"version", "terms", "approved-uses", "rules"}
_APPROVED_KEYS = {"conditions", "not-the-product", "joined", "products"}
_PRODUCT_KEYS = {"names", "status", "uses", "unless", "source"}
# approved: the product as named is approved ("Botox"); approved-uses: only some forms or
# uses are ("cord blood", "semaglutide"); cleared: a device cleared, not approved.
PRODUCT_STATUSES = ("approved", "approved-uses", "cleared")
_RULE_KEYS = {
    "id", "category", "severity", "message", "why", "references", "match",
    "context", "fix", "examples", "enabled",
}
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
_LINE = "__line__"


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
        return self.context.get(kind, DEFAULT_POLICY.get(kind, "suppress"))


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


# Rule files and configs may come from a repository lintmed does not trust: reading one
# is bounded. rules.yaml is 166 KB and about 10,000 YAML nodes.
MAX_YAML_BYTES = 2_000_000
MAX_YAML_NODES = 200_000  # counted with every alias expanded (an alias bomb is tiny on disk)


@lru_cache(maxsize=1)
def _loader():
    import yaml

    # libyaml's parser when PyYAML has it (6x faster on rules.yaml), same constructor.
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class LineLoader(base):
        """Records the 1-based line of every mapping, for error messages, and refuses a
        key given twice in one mapping (YAML would silently keep the last).

        Only true/false are booleans: rule files are full of words such as
        "no", "on" and "off" that YAML 1.1 would silently turn into booleans.
        """

        yaml_implicit_resolvers = {
            first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
            for first, resolvers in base.yaml_implicit_resolvers.items()
        }

        def construct_mapping(self, node, deep=False):
            seen = set()
            for key_node, _ in node.value:
                key = (key_node.tag, key_node.value) if isinstance(key_node, yaml.ScalarNode) else None
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {_short(key_node.value)}", key_node.start_mark)
                if key is not None:
                    seen.add(key)
            mapping = super().construct_mapping(node, deep=deep)
            mapping[_LINE] = node.start_mark.line + 1
            return mapping

    LineLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
    return LineLoader


def _expanded_size(root, limit: int) -> int | None:
    """How many nodes the document has once every alias is expanded, counted without
    expanding anything (an alias is the node it names); None when over ``limit``."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # the path from the root: an alias to one of them is a cycle
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        children = ([n for pair in node.value for n in pair] if isinstance(node.value, list)
                    and node.value and isinstance(node.value[0], tuple)
                    else node.value if isinstance(node.value, list) else [])
        if done:
            open_nodes.discard(id(node))
            total = 1 + sum(sizes[id(c)] for c in children)
            if total > limit:
                return None
            sizes[id(node)] = total
        elif id(node) not in sizes:
            if id(node) in open_nodes:
                raise RecursionError  # parse_yaml: "an alias inside the value it names"
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((c, False) for c in children)
    return sizes[id(root)]


def parse_yaml(text: str, path: str) -> Any:
    """Parse YAML with line marks; a syntax error names file and line. Bounded: a file
    over MAX_YAML_BYTES, or over MAX_YAML_NODES with its aliases expanded, is refused."""
    import yaml

    if len(text) > MAX_YAML_BYTES:
        raise RulesError(f"file too large ({len(text):,} characters; at most {MAX_YAML_BYTES:,})", path)
    loader = _loader()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node, MAX_YAML_NODES) is None:
            raise RulesError(f"too many values once aliases are expanded (over {MAX_YAML_NODES:,}); "
                             "is it an alias bomb?", path)
        return loader.construct_document(node)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise RulesError(f"invalid YAML: {_first_line(exc.problem or exc)}", path, line) from None
    except yaml.YAMLError as exc:
        raise RulesError(f"invalid YAML: {_first_line(exc)}", path) from None
    except RecursionError:
        raise RulesError("invalid YAML: nested too deeply, or an alias inside the value it names", path) from None
    finally:
        loader.dispose()


def _first_line(value, limit: int = 200) -> str:
    text = str(value).strip().splitlines()[0] if str(value).strip() else ""
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Checker:
    """Validates one rule file, raising RulesError with file, line, key path."""

    def __init__(self, path: str):
        self.path = path

    def fail(self, where: str, problem: str, line: int | None):
        raise RulesError(f"{where}: {problem}" if where else problem, self.path, line)

    def mapping(self, value, where, line, allowed):
        if not isinstance(value, dict):
            self.fail(where, f"expected a mapping, got {_kind(value)}", line)
        for key in value:
            if key != _LINE and key not in allowed:
                self.fail(where, f"unknown key {_short(key)} (allowed: {', '.join(sorted(allowed))})",
                          value.get(_LINE, line))
        return value.get(_LINE, line)

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
            self.fail(where, f"unknown term list {_short(value)}", line)
        return value

    def text(self, value, where, line) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(where, "expected a non-empty string", line)
        return value.strip()

    def choice(self, value, where, line, choices):
        if not isinstance(value, str) or value not in choices:
            self.fail(where, f"expected one of {', '.join(choices)}, got {_short(value)}", line)
        return value


def _short(value, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters: an error never echoes a huge value."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _kind(value) -> str:
    return {dict: "a mapping", list: "a list", str: "a string"}.get(type(value), type(value).__name__)


def _strip_lines(value):
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != _LINE}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def _check_terms(chk: _Checker, raw, line) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {}
    line = chk.mapping(raw, "terms", line, set(raw) if isinstance(raw, dict) else set())
    terms = {}
    for name, entries in raw.items():
        if name == _LINE:
            continue
        if not _ID.match(str(name)):
            chk.fail(f"terms.{name}", "term list names are kebab-case", line)
        terms[name] = tuple(e.lower() for e in chk.strings(entries, f"terms.{name}", line))
    return terms


def _check_approved(chk: _Checker, raw, line, terms) -> ApprovedUses:
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


def _as_words(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value or ())


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
        chk.fail(where, f"the pattern's only required word is a very common one ({_short(words[0])}), "
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
        if len([k for k in raw if k != _LINE]) > 1:
            chk.fail(where, "document cannot be combined with phrases, patterns or frames", line)
        _check_document(chk, raw["document"], f"{where}.document", line, terms)
        return line
    if "learned" in raw:
        if len([k for k in raw if k != _LINE]) > 1:
            chk.fail(where, "learned cannot be combined with phrases, patterns or frames", line)
        chk.choice(raw["learned"], f"{where}.learned", line, LEARNED_MODELS)
        return line
    if not any(k in raw for k in _MATCH_KEYS):
        chk.fail(where, "needs at least one of phrases, patterns, frames", line)
    if "phrases" in raw:
        for phrase in chk.strings(raw["phrases"], f"{where}.phrases", line):
            if len(phrase.split()) == 1 and _common([phrase]):
                chk.fail(f"{where}.phrases", f"{_short(phrase)} is a very common word: it would flag almost "
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
    within = frame.get("within", 12)
    if not isinstance(within, int) or isinstance(within, bool) or within < 0:
        chk.fail(f"{fwhere}.within", "expected a whole number of tokens", fline)
    if within > MAX_WITHIN:
        chk.fail(f"{fwhere}.within", f"{within} tokens is more than a sentence; at most {MAX_WITHIN}", fline)
    part_words = [[*_as_words(part.get("lemma")), *_as_words(part.get("phrases"))]
                  or list(terms[part["term"]]) for part in parts]
    if all(_common(words) for words in part_words):
        chk.fail(f"{fwhere}.parts", "every part is made of very common words only, so the frame would "
                                    "flag almost every sentence", fline)
    if not isinstance(frame.get("ordered", False), bool):
        chk.fail(f"{fwhere}.ordered", "expected true or false", fline)


def _check_rule(chk: _Checker, raw: dict, index: int, terms, partial: bool) -> dict:
    """Validate one rule mapping; ``partial`` allows an override of an existing id."""
    rid = raw.get("id") if isinstance(raw, dict) else None
    where = f"rules[{index}]" + (f" ({rid})" if isinstance(rid, str) else "")
    line = chk.mapping(raw, where, None, _RULE_KEYS)
    if not isinstance(rid, str) or not _ID.match(rid):
        chk.fail(f"{where}.id", "expected a kebab-case id", line)
    where = f"rules[{index}] ({rid})"
    required = () if partial else ("category", "severity", "message", "why", "references", "match")
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
        chk.choice(raw["fix"].get("safety", "unsafe"), f"{where}.fix.safety", fline, FIX_SAFETY)
        if "replacements" in raw["fix"]:
            chk.strings(raw["fix"]["replacements"], f"{where}.fix.replacements", fline)
            from lintmed.suggest.wording import check_template

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
    from lintmed.findings import SUGGESTION_KINDS

    if isinstance(value, str):
        chk.text(value, where, line)
        return
    chk.mapping(value, where, line, set(SUGGESTION_KINDS) | {"*"})
    for kind, text in value.items():
        if kind != _LINE:
            chk.text(text, f"{where}.{kind}", line)


def _check_fixed(chk, value, where: str, line: int) -> None:
    """A list of [flagged copy, rewrite] pairs."""
    if not isinstance(value, list):
        chk.fail(where, "expected a list of [flagged copy, rewrite] pairs", line)
        return
    for i, pair in enumerate(value):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
            chk.fail(f"{where}[{i}]", "expected a pair [flagged copy, rewrite] of two strings", line)


def _fix_description(value) -> dict[str, str]:
    if isinstance(value, str):
        return {"*": " ".join(value.split())}
    return {k: " ".join(v.split()) for k, v in (value or {}).items() if k != _LINE}


def _build(raw: dict, path: str) -> Rule:
    match = _strip_lines(raw["match"])
    fix = _strip_lines(raw.get("fix") or {})
    examples = _strip_lines(raw.get("examples") or {})

    def as_tuple(v):
        return (v,) if isinstance(v, str) else tuple(v or ())

    return Rule(
        id=raw["id"],
        category=raw["category"],
        severity=raw["severity"],
        message=raw["message"].strip(),
        why=" ".join(raw["why"].split()),
        references=as_tuple(raw["references"]),
        phrases=as_tuple(match.get("phrases")),
        patterns=tuple(tuple(p) for p in match.get("patterns") or ()),
        frames=tuple(match.get("frames") or ()),
        document=match.get("document"),
        learned=match.get("learned"),
        context={k: v for k, v in _strip_lines(raw.get("context") or {}).items()},
        fix_safety=fix.get("safety", "unsafe"),
        replacements=as_tuple(fix.get("replacements")),
        examples_flag=as_tuple(examples.get("flag")),
        examples_pass=as_tuple(examples.get("pass")),
        fix_description=_fix_description(fix.get("description")),
        examples_fixed=tuple(tuple(p) for p in examples.get("fixed") or ()),
        source=path,
        line=raw.get(_LINE, 0),
    )


def _merge_file(ruleset_raw: dict, terms: dict, text: str, path: str, base: bool,
                approved: list[ApprovedUses]) -> None:
    chk = _Checker(path)
    data = parse_yaml(text, path)
    if data is None:
        data = {}
    line = chk.mapping(data, "", 1, _TOP_KEYS)
    if data.get("version", 1) != 1:
        chk.fail("version", f"unsupported rule file version {_short(data.get('version'))}", line)
    terms.update(_check_terms(chk, data.get("terms"), line))
    if "approved-uses" in data:
        approved.append(_check_approved(chk, data["approved-uses"], line, terms))
    rules = data.get("rules") or []
    if not isinstance(rules, list):
        chk.fail("rules", "expected a list of rules", line)
    seen = set()
    for i, raw in enumerate(rules):
        rid = raw.get("id") if isinstance(raw, dict) else None
        rid = rid if isinstance(rid, str) else None  # _check_rule says what is wrong with it
        partial = not base and rid in ruleset_raw
        _check_rule(chk, raw, i, terms, partial)
        if rid in seen:
            chk.fail(f"rules[{i}].id", f"duplicate rule id {rid!r}", raw.get(_LINE))
        seen.add(rid)
        if partial:
            merged = dict(ruleset_raw[rid][0])
            merged.update({k: v for k, v in raw.items() if k != _LINE})
            ruleset_raw[rid] = (merged, ruleset_raw[rid][1])
        else:
            ruleset_raw[rid] = (raw, path)


def default_rules_text() -> str:
    return resources.files("lintmed").joinpath("rules.yaml").read_text(encoding="utf-8")


def load_ruleset(extra_files: list[str] | tuple[str, ...] = (), include_defaults: bool = True) -> RuleSet:
    """The default rules with each extra file layered over them, in order.

    The checked rule set is cached (lintmed.storage.cache) by the files' contents: parsing and
    checking rules.yaml is a third of a one-page run's start-up."""
    from lintmed.storage.cache import cached, source_of

    files: list[tuple[str, str, bool]] = []  # (text, path, base)
    if include_defaults:
        files.append((default_rules_text(), "rules.yaml", True))
    for path in extra_files:
        text = read_setting(str(path), MAX_YAML_BYTES, RulesError, "rule file")
        files.append((text, str(path), False))
    inputs = [*source_of("rules.ruleset", "suggest.wording"), *(f"{base}\0{path}\0{text}" for text, path, base in files)]
    return cached("rules", inputs, lambda: _build_ruleset(files), RuleSet)


def _build_ruleset(files: list[tuple[str, str, bool]]) -> RuleSet:
    raw_rules: dict[str, tuple[dict, str]] = {}
    terms: dict[str, tuple[str, ...]] = {}
    approved: list[ApprovedUses] = []  # one per file that has approved-uses, in order
    for text, path, base in files:
        _merge_file(raw_rules, terms, text, path, base=base, approved=approved)
    rules = {}
    for rid, (raw, path) in raw_rules.items():
        if raw.get("enabled", True) is False:
            continue
        chk = _Checker(path)
        # An override must still leave a complete rule behind.
        for key in ("category", "severity", "message", "why", "references", "match"):
            if key not in raw:
                chk.fail(f"rule {rid}", f"missing required key {key!r}", raw.get(_LINE))
        rules[rid] = _build(raw, path)
    # A later file adds products and words to the ones before it.
    merged = ApprovedUses(
        tuple(dict.fromkeys(c for a in approved for c in a.conditions)),
        tuple(dict.fromkeys(o for a in approved for o in a.not_the_product)),
        tuple(dict.fromkeys(j for a in approved for j in a.joined)),
        tuple(p for a in approved for p in a.products),
    )
    return RuleSet(rules, terms, approved_uses=merged)
