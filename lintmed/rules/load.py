"""Loading rules: read the default rules.yaml and the user's rule files, check each
(lintmed.rules.schema), layer them and build the RuleSet (lintmed.rules.model).

User rule files are layered over the defaults: a rule whose id already exists is merged
over it key by key (so ``{id: x, severity: info}`` overrides one field) and
``enabled: false`` disables it. Term lists and approved uses add up, file by file.
"""
from __future__ import annotations

from importlib import resources

from lintmed.errors import RulesError
from lintmed.rules.model import DEFAULT_FIX_SAFETY, ApprovedUses, Rule, RuleSet
from lintmed.rules.schema import REQUIRED_KEYS, TOP_KEYS, Checker, check_approved, check_rule, check_terms
from lintmed.storage.cache import cached
from lintmed.storage.files import read_setting
from lintmed.yamlfile import MAX_YAML_BYTES, line_of, marked, parse_yaml, plain, short

def _fix_description(value) -> dict[str, str]:
    if isinstance(value, str):
        return {"*": " ".join(value.split())}
    return {k: " ".join(v.split()) for k, v in (value or {}).items()}


def _kinds() -> dict:
    """The kinds of matcher (lintmed.engine.match.KINDS), each with its part of ``match:``:
    imported only to read a rule file, which a run whose rule set comes from the cache never does."""
    from lintmed.engine.match import KINDS

    return KINDS


def _build(raw: dict, path: str) -> Rule:
    match = plain(raw["match"])
    fix = plain(raw.get("fix") or {})
    examples = plain(raw.get("examples") or {})

    def as_tuple(v):
        return (v,) if isinstance(v, str) else tuple(v or ())

    return Rule(
        id=raw["id"],
        category=raw["category"],
        severity=raw["severity"],
        message=raw["message"].strip(),
        why=" ".join(raw["why"].split()),
        references=as_tuple(raw["references"]),
        **{name: kind.build(match.get(name)) for name, kind in _kinds().items()},
        context=plain(raw.get("context") or {}),
        fix_safety=fix.get("safety", DEFAULT_FIX_SAFETY),
        replacements=as_tuple(fix.get("replacements")),
        examples_flag=as_tuple(examples.get("flag")),
        examples_pass=as_tuple(examples.get("pass")),
        fix_description=_fix_description(fix.get("description")),
        examples_fixed=tuple(tuple(p) for p in examples.get("fixed") or ()),
        source=path,
        line=line_of(raw, 0),
    )


def _merge_file(ruleset_raw: dict, terms: dict, text: str, path: str, base: bool,
                approved: list[ApprovedUses]) -> None:
    chk = Checker(path)
    data = parse_yaml(text, path, bounded=not base)  # the packaged rules.yaml is lintmed's own
    if data is None:
        data = {}
    line = chk.mapping(data, "", 1, TOP_KEYS)
    if data.get("version", 1) != 1:
        chk.fail("version", f"unsupported rule file version {short(data.get('version'))}", line)
    terms.update(check_terms(chk, data.get("terms"), line))
    if "approved-uses" in data:
        approved.append(check_approved(chk, data["approved-uses"], line, terms))
    rules = data.get("rules") or []
    if not isinstance(rules, list):
        chk.fail("rules", "expected a list of rules", line)
    seen = set()
    for i, raw in enumerate(rules):
        rid = raw.get("id") if isinstance(raw, dict) else None
        rid = rid if isinstance(rid, str) else None  # _check_rule says what is wrong with it
        partial = not base and rid in ruleset_raw
        check_rule(chk, raw, i, terms, partial, _kinds())
        if rid in seen:
            chk.fail(f"rules[{i}].id", f"duplicate rule id {rid!r}", line_of(raw))
        seen.add(rid)
        if partial:
            merged = marked(ruleset_raw[rid][0], ruleset_raw[rid][0])  # where the rule was first given
            merged.update(raw)
            ruleset_raw[rid] = (merged, ruleset_raw[rid][1])
        else:
            ruleset_raw[rid] = (raw, path)


def default_rules_text() -> str:
    return resources.files("lintmed").joinpath("rules.yaml").read_text(encoding="utf-8")


def load_ruleset(extra_files: list[str] | tuple[str, ...] = (), include_defaults: bool = True) -> RuleSet:
    """The default rules with each extra file layered over them, in order.

    The checked rule set is cached (lintmed.storage.cache) by the files' contents: parsing and
    checking rules.yaml is a third of a one-page run's start-up."""
    files: list[tuple[str, str, bool]] = []  # (text, path, base)
    if include_defaults:
        files.append((default_rules_text(), "rules.yaml", True))
    for path in extra_files:
        text = read_setting(str(path), MAX_YAML_BYTES, RulesError, "rule file")
        files.append((text, str(path), False))
    # The key holds lintmed's code too (lintmed.storage.cache): a rule set checked by other code is never read.
    inputs = [f"{base}\0{path}\0{text}" for text, path, base in files]
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
        chk = Checker(path)
        # An override must still leave a complete rule behind.
        for key in REQUIRED_KEYS:
            if key not in raw:
                chk.fail(f"rule {rid}", f"missing required key {key!r}", line_of(raw))
        rules[rid] = _build(raw, path)
    # A later file adds products and words to the ones before it.
    merged = ApprovedUses(
        tuple(dict.fromkeys(c for a in approved for c in a.conditions)),
        tuple(dict.fromkeys(o for a in approved for o in a.not_the_product)),
        tuple(dict.fromkeys(j for a in approved for j in a.joined)),
        tuple(p for a in approved for p in a.products),
    )
    return RuleSet(rules, terms, approved_uses=merged)
