"""``--format rdjson``: the Reviewdog Diagnostic Format (``DiagnosticResult``).

For ``reviewdog -f=rdjson``. Its positions are 1-based lines and 1-based
columns counted in UTF-8 *bytes* (reviewdog.proto, ``Position``), with an
exclusive end, so code-point columns are converted using the document source
(``options["sources"]``); a finding whose source is not at hand keeps its
code-point columns (the same for ASCII text). Suggestions replace the claim's
range with each suggested wording.
"""
from __future__ import annotations

import json

from lintmed.positions import Lines
from lintmed.report.escape import display_path
from lintmed.report.jsontext import Each, pieces as json_pieces
from lintmed.report.records import (finding_record, help_url, is_replacement, project_url, report_path, rule_records,
                                    suggestion_line, suggestion_region)

SEVERITY = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}


def _byte_column(lines: Lines | None, line: int, column: int) -> int:
    if not lines or not 0 < line <= len(lines):
        return column
    return len(lines[line - 1][: column - 1].encode("utf-8")) + 1


def _range(rec: dict, lines) -> dict:
    return {
        "start": {"line": rec["line"], "column": _byte_column(lines, rec["line"], rec["column"])},
        "end": {"line": rec["end_line"], "column": _byte_column(lines, rec["end_line"], rec["end_column"])},
    }


def document(findings, ruleset=None, sources=None, each: bool = False) -> dict:
    """The DiagnosticResult; with ``each``, its diagnostics are made one at a time as
    lintmed.report.jsontext.pieces writes them (an ``Each``), never all at once."""
    sources = sources or {}
    split = {display_path(path): Lines(text) for path, text in sources.items()}
    urls = {r["id"]: help_url(r) for r in rule_records(findings, ruleset)}
    source = {"name": "lintmed", "url": project_url()} if project_url() else {"name": "lintmed"}
    diagnostics = (_diagnostic(finding_record(f), split, urls, source) for f in findings)
    worst = next((SEVERITY[s] for s in ("error", "warning", "info") if any(f.severity == s for f in findings)), None)
    out = {"source": source, "diagnostics": Each(diagnostics) if each else list(diagnostics)}
    if worst:
        out["severity"] = worst
    return out


def _diagnostic(rec: dict, split: dict, urls: dict, source: dict) -> dict:
    where = _range(rec, split.get(rec["path"]))
    code = {"value": rec["rule"]}
    if urls.get(rec["rule"]):
        code["url"] = urls[rec["rule"]]
    diag = {
        "message": rec["message"],
        "location": {"path": report_path(rec["path"]), "range": where},
        "severity": SEVERITY[rec["severity"]],
        "source": source,
        "code": code,
        "original_output": f"{rec['path']}:{rec['line']}:{rec['column']}: {rec['severity']} "
                           f"{rec['rule']}  {rec['message']}",
    }
    # Wording to add to the page must not replace the highlighted words: it goes in the message.
    if replacements := [s for s in rec["suggestions"] if is_replacement(s)]:
        diag["suggestions"] = [{"range": _range(suggestion_region(s, rec), split.get(rec["path"])),
                                "text": s["replacement"]} for s in replacements]
    elif rec["suggestions"]:
        diag["message"] += " " + suggestion_line(rec["suggestions"])
    return diag


def render(findings, files_checked, ruleset=None, options=None) -> str:
    sources = (options or {}).get("sources")
    return json.dumps(document(findings, ruleset, sources), indent=2, ensure_ascii=False) + "\n"


def pieces(findings, files_checked, ruleset=None, options=None):
    """``render``'s text in pieces, each diagnostic made as it is written: what the CLI
    writes, so that a report of many findings is never held whole."""
    yield from json_pieces(document(findings, ruleset, (options or {}).get("sources"), each=True))
    yield "\n"
