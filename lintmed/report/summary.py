"""The one-line summary that ends every run (unless ``--quiet``), and ``--statistics``.

A reviewer reads silence as "clean", so a clean run says what it checked
("12 files checked, no claims."), and every run says what it did not report:
findings a baseline accepts, findings hidden by ``lintmed-disable`` comments,
pages not checked because they are not in English, files that could not be read.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from lintmed.engine.language import describe
from lintmed.findings import SEVERITIES, UNREADABLE_RULE


@dataclass(frozen=True)
class RunStats:
    """What a run looked at beside its findings."""

    files: int  # files read (empty ones included), pages not checked included
    not_checked: dict[str, str] = field(default_factory=dict)  # path -> language
    baselined: int = 0  # findings the baseline accepted
    inline_suppressed: int = 0  # findings hidden by lintmed-disable comments
    pre_commit: bool = False  # run by pre-commit, which may split the files into batches


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def summary_line(findings, stats: RunStats) -> str:
    claims = [f for f in findings if f.rule != UNREADABLE_RULE]
    unreadable = len(findings) - len(claims)
    checked = stats.files - len(stats.not_checked)
    files = _plural(checked, "file")
    batch = " in this pre-commit batch" if stats.pre_commit else ""
    if claims:
        counts = Counter(f.severity for f in claims)
        parts = ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 and s != 'info' else ''}"
                          for s in SEVERITIES if counts[s])
        with_claims = len({f.path for f in claims})
        line = (f"Found {_plural(len(claims), 'claim')} ({parts}) in {with_claims} of {files}{batch}.")
    else:
        line = f"{files} checked{batch}, no claims."
    if stats.baselined:
        line += f" {stats.baselined} more accepted by the baseline."
    if stats.inline_suppressed:
        line += (f" {stats.inline_suppressed} hidden by lintmed-disable comments "
                 "(--show-suppressed lists them).")
    if stats.not_checked:
        pages = sorted(stats.not_checked.items())
        listed = ", ".join(f"{path}: {describe(lang)}" for path, lang in pages[:3])
        more = f", and {len(pages) - 3} more" if len(pages) > 3 else ""
        line += f" {_plural(len(pages), 'page')} not checked, not in English ({listed}{more})."
    if unreadable:
        line += f" {_plural(unreadable, 'file')} could not be read."
    if claims:
        line += " Run `lintmed explain RULE` for the rationale and references."
    return line


def statistics(findings, ruleset) -> list[dict]:
    """Findings counted by rule, most first: ``{"code", "count", "fixable", "message"}``
    (ruff's ``--statistics``)."""
    from lintmed.engine.suppress import META_RULES

    counts = Counter(f.rule for f in findings)
    # A finding's message may carry its details; a directive rule's own message is the general one.
    messages = {f.rule: META_RULES[f.rule][1] if f.rule in META_RULES else f.message for f in findings}
    rules = ruleset.rules if ruleset is not None else {}
    out = []
    for rule_id, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        rule = rules.get(rule_id)
        message = rule.message if rule is not None else messages[rule_id]
        out.append({"code": rule_id, "count": n, "fixable": is_fixable(rule), "message": message})
    return out


def is_fixable(rule) -> bool:
    """Whether ``lintmed check --fix`` rewrites the rule's claims (safe fixes only)."""
    return rule is not None and rule.fix_safety == "safe" and bool(rule.replacements)


FIXABLE_MARK = "[*]"  # as ruff marks fixable rules


def statistics_text(rows: list[dict]) -> str:
    if not rows:
        return ""
    width = max(len(str(r["count"])) for r in rows)
    code_width = max(len(r["code"]) for r in rows)
    return "".join(f"{r['count']:>{width}}  {r['code']:<{code_width}}  "
                   f"{FIXABLE_MARK if r['fixable'] else '   '} {r['message']}\n" for r in rows)
