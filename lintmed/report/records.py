"""The one serialisation of findings (JSON output version 1); every format starts here."""
from __future__ import annotations

import os
import re
from functools import lru_cache

from lintmed._version import __version__
from lintmed.findings import ADD_TO_PAGE, SEVERITIES, Finding
from lintmed.report.escape import display_path
from lintmed.report.jsontext import Each
from lintmed.rules.model import POLICY_ORDER

JSON_VERSION = 1


def suggestion_line(suggestions: list[dict], most: int = 2) -> str:
    """'Try: "a" / "b"' for replacements, 'Add: "..."' for wording to add to the page,
    'Remove the sentence' for a stated removal."""
    verb = "Try" if is_replacement(suggestions[0]) else "Add"
    shown = [suggestion_text(s) for s in suggestions[:most]]
    if verb == "Try" and all(s.get("kind") == "remove" for s in suggestions[:most]):
        return shown[0]
    return f"{verb}: " + " / ".join(shown)


def suggestion_text(suggestion: dict) -> str:
    """A suggestion as a reader sees it: its wording in quotes, or what a removal removes."""
    if suggestion.get("kind") == "remove" and not suggestion["replacement"]:
        return "Remove the sentence (" + suggestion["description"] + ")"
    return f'"{suggestion["replacement"]}"'


def suggestion_record(s) -> dict:
    """A suggestion in JSON: replacement and description, then the optional keys (issue 16):
    its kind and, when it replaces more or other words than the finding's, that span."""
    record = {"replacement": s.replacement, "description": s.description}
    if s.kind:
        record["kind"] = s.kind
    if s.line is not None:
        record.update(line=s.line, column=s.column, end_line=s.end_line, end_column=s.end_column)
    return record


def suggestion_region(suggestion: dict, finding: dict) -> dict:
    """The line/column region a suggestion replaces (its own span, else the finding's)."""
    where = suggestion if "line" in suggestion else finding
    return {k: where[k] for k in ("line", "column", "end_line", "end_column")}


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
    # Optional (issue 16): other rules that flagged words of the same claim.
    if f.related:
        record["related"] = list(f.related)
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
        "suggestions": [suggestion_record(s) for s in f.suggestions],
        "references": list(f.references),
    }


def summary(findings: list[Finding], files_checked: int, not_checked: dict[str, str] | None = None) -> dict:
    by_severity = {s: 0 for s in SEVERITIES}
    for f in findings:
        by_severity[f.severity] += 1
    out = {"files": files_checked, "findings": len(findings), "by_severity": by_severity}
    if not_checked:  # optional (issue 19): pages not checked because they are not in English
        out["not_checked"] = [{"path": path, "language": lang, "reason": "not English"}
                              for path, lang in sorted(not_checked.items())]
    return out


def document(findings: list[Finding], files_checked: int, not_checked: dict[str, str] | None = None,
             each: bool = False) -> dict:
    """The JSON report; with ``each``, its findings' records are made one at a time as
    lintmed.report.jsontext.pieces writes them (an ``Each``), never all at once."""
    return {
        "version": JSON_VERSION,
        "tool": {"name": "lintmed", "version": __version__},
        "findings": Each(map(finding_record, findings)) if each else [finding_record(f) for f in findings],
        "summary": summary(findings, files_checked, not_checked),
    }


# --- Rule metadata and paths, shared by the reporters that describe rules (SARIF,
# rdjson, HTML, the Markdown catalogue). None of this is part of JSON v1.

_URL = re.compile(r"https?://[^\s<>\"')\]]+[^\s<>\"')\].,;:]")


@lru_cache(maxsize=1)
def project_urls() -> dict[str, str]:
    """``[project.urls]`` of pyproject.toml, as the installed package's metadata has them
    (``{"Homepage": ..., "Repository": ..., "Issues": ...}``); from pyproject.toml beside
    the package when it is run from a checkout that was never installed."""
    from importlib import metadata

    try:
        entries = metadata.metadata("lintmed").get_all("Project-URL") or []
        urls = dict(entry.split(", ", 1) for entry in entries if ", " in entry)
    except metadata.PackageNotFoundError:
        urls = {}
    if not urls:
        import tomllib
        from pathlib import Path

        pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
        try:
            urls = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["urls"]
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            urls = {}
    return urls


def project_url() -> str | None:
    """The project's home page, for "Generated by lintmed" links and tool records."""
    urls = project_urls()
    return urls.get("Homepage") or urls.get("Repository")


def rule_docs_url(rule) -> str | None:
    """A built-in rule's entry in the rule catalogue (docs/rules.md) in the repository."""
    repository = project_urls().get("Repository")
    if not repository or getattr(rule, "source", None) != "rules.yaml":
        return None  # a rule of the user's own rule file is not in the catalogue
    return f"{repository}/blob/main/docs/rules.md#{rule.id}"


def help_url(rule_record_: dict) -> str | None:
    """Where to read more about a rule: its first reference with a URL, else its catalogue entry."""
    return next(filter(None, map(reference_url, rule_record_["references"])), None) or rule_record_.get("docs")


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
        # Templates as a reader sees them (lintmed.suggest.wording.describe); findings carry the real wording.
        "fix": {"safety": rule.fix_safety, "replacements": [_describe(r) for r in rule.replacements]},
        "examples": {"flag": list(rule.examples_flag), "pass": list(rule.examples_pass)},
        "docs": rule_docs_url(rule),
    }


def _describe(template: str) -> str:
    from lintmed.suggest.wording import describe

    return describe(template)


def _record_from_finding(f: Finding) -> dict:
    """A rule the rule set does not know (e.g. a directive finding): what the finding says."""
    return {
        "id": f.rule, "category": f.category, "severity": f.severity, "message": f.message,
        "why": "", "references": list(f.references),
        "context": {}, "fix": {"safety": "unsafe", "replacements": []}, "examples": {"flag": [], "pass": []},
        "docs": None,
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
