"""The one serialisation of findings (JSON output version 1); every format starts here."""
from __future__ import annotations

import os
import re

from lintmed import __version__
from lintmed.model import ADD_TO_PAGE, SEVERITIES, Finding
from lintmed.report.escape import display_path
from lintmed.rules import POLICY_ORDER

JSON_VERSION = 1


def suggestion_line(suggestions: list[dict], most: int = 2) -> str:
    """'Try: "a" / "b"' for replacements, 'Add: "..."' for wording to add to the page."""
    verb = "Try" if is_replacement(suggestions[0]) else "Add"
    return f"{verb}: " + " / ".join(f'"{s["replacement"]}"' for s in suggestions[:most])


def is_replacement(suggestion: dict) -> bool:
    """Whether a suggestion record replaces the claim's words (else it is text to add)."""
    return suggestion["description"] != ADD_TO_PAGE


def finding_record(f: Finding) -> dict:
    record = _base_record(f)
    # Optional (issue 6): the claim detector's P(risky) for the sentence, when it ran,
    # and for a learned finding the phrases that drove the score.
    if f.confidence is not None:
        record["confidence"] = f.confidence
    if f.evidence:
        record["evidence"] = list(f.evidence)
    return record


def _base_record(f: Finding) -> dict:
    return {
        "path": display_path(f.path),  # a name that is not UTF-8 shows its bytes as \xNN
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "rule": f.rule,
        "category": f.category,
        "severity": f.severity,
        "message": f.message,
        "text": f.text,
        "suggestions": [{"replacement": s.replacement, "description": s.description} for s in f.suggestions],
        "references": list(f.references),
    }


def summary(findings: list[Finding], files_checked: int) -> dict:
    by_severity = {s: 0 for s in SEVERITIES}
    for f in findings:
        by_severity[f.severity] += 1
    return {"files": files_checked, "findings": len(findings), "by_severity": by_severity}


def document(findings: list[Finding], files_checked: int) -> dict:
    return {
        "version": JSON_VERSION,
        "tool": {"name": "lintmed", "version": __version__},
        "findings": [finding_record(f) for f in findings],
        "summary": summary(findings, files_checked),
    }


# --- Rule metadata and paths, shared by the reporters that describe rules (SARIF,
# rdjson, HTML, the Markdown catalogue). None of this is part of JSON v1.

PROJECT_URL = "https://pypi.org/project/lintmed/"
_URL = re.compile(r"https?://[^\s<>\"')\]]+[^\s<>\"')\].,;:]")


def reference_url(reference: str) -> str | None:
    """The first http(s) URL in a reference string, if it has one."""
    m = _URL.search(reference)
    return m.group(0) if m else None


def rule_record(rule) -> dict:
    """Everything a report says about a rule: the catalogue entry."""
    return {
        "id": rule.id,
        "category": rule.category,
        "severity": rule.severity,
        "message": rule.message,
        "why": rule.why,
        "references": list(rule.references),
        "context": {k: rule.policy(k) for k in POLICY_ORDER},
        # Templates as a reader sees them (lintmed.suggest.describe); findings carry the real wording.
        "fix": {"safety": rule.fix_safety, "replacements": [_describe(r) for r in rule.replacements]},
        "examples": {"flag": list(rule.examples_flag), "pass": list(rule.examples_pass)},
    }


def _describe(template: str) -> str:
    from lintmed.suggest import describe

    return describe(template)


def _record_from_finding(f: Finding) -> dict:
    """A rule the rule set does not know (e.g. a directive finding): what the finding says."""
    return {
        "id": f.rule, "category": f.category, "severity": f.severity, "message": f.message,
        "why": "", "references": list(f.references),
        "context": {}, "fix": {"safety": "unsafe", "replacements": []}, "examples": {"flag": [], "pass": []},
    }


def rule_records(findings: list[Finding], ruleset=None) -> list[dict]:
    """The rule set's rules in catalogue order, then any rule only a finding names."""
    records = {r.id: rule_record(r) for r in (ruleset or ())}
    for f in findings:
        if f.rule not in records:
            records[f.rule] = _record_from_finding(f)
    return list(records.values())


def report_path(path: str) -> str:
    """A finding's path as CI tools want it: relative to the working folder when
    inside it, forward slashes, no leading ``./``; bytes that are not UTF-8 as ``\\xNN``."""
    return display_path(relative_path(path))


def relative_path(path: str) -> str:
    """``report_path`` with the name's bytes as they are (SARIF percent-encodes them)."""
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        if not rel.startswith(".."):
            path = rel
    path = path.replace(os.sep, "/")
    while path.startswith("./"):
        path = path[2:]
    return path
