"""``--format markdown``: a short Markdown report, for a GitHub job summary
(``$GITHUB_STEP_SUMMARY``, which the Action writes) or a pull-request comment.

GitHub shows only a few annotations per step; the job summary shows every finding
in one table (up to ``MOST_ROWS``), with the run's summary line above it, the pages
not checked, and the claims hidden by ``lintmed-disable`` comments with their reasons.
"""
from __future__ import annotations

from lintmed.report.records import finding_record, report_path

MOST_ROWS = 500  # a job summary holds at most 1 MiB


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|").replace("<", "&lt;")


def render(findings, files_checked, ruleset=None, options=None) -> str:
    options = options or {}
    out = ["## lintmed", ""]
    if options.get("summary"):
        out += [_cell(options["summary"]), ""]
    if findings:
        out += ["| where | severity | rule | claim | message |", "| --- | --- | --- | --- | --- |"]
        for f in findings[:MOST_ROWS]:
            rec = finding_record(f)
            out.append(f"| `{_cell(report_path(rec['path']))}:{rec['line']}:{rec['column']}` | {rec['severity']} "
                       f"| `{rec['rule']}` | {_cell(rec['text'])} | {_cell(rec['message'])} |")
        if len(findings) > MOST_ROWS:
            out.append(f"\n…and {len(findings) - MOST_ROWS} more: see the full report.")
        out.append("")
    not_checked = options.get("not_checked") or {}
    if not_checked:
        from lintmed.engine.language import describe

        out += ["**Not checked** (not in English; lintmed checks English only):", ""]
        out += [f"- `{_cell(path)}`: {describe(lang)}" for path, lang in sorted(not_checked.items())]
        out.append("")
    hidden = options.get("inline_suppressed") or []
    if hidden:
        out += ["**Suppressed by `lintmed-disable` comments:**", "",
                "| where | rule | claim | reason |", "| --- | --- | --- | --- |"]
        for f in hidden[:MOST_ROWS]:
            reason = _cell(f.suppression.reason) if f.suppression.reason else "*no reason given*"
            out.append(f"| `{_cell(report_path(f.path))}:{f.line}:{f.column}` | `{f.rule}` | {_cell(f.text)} "
                       f"| {reason} |")
        out.append("")
    return "\n".join(out) + "\n"
