"""The one serialisation of findings (JSON output version 1); every format starts here."""
from __future__ import annotations

from lintmed import __version__
from lintmed.model import SEVERITIES, Finding

JSON_VERSION = 1


def finding_record(f: Finding) -> dict:
    return {
        "path": f.path,
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
