"""The default output: what a writer wants to read.

    page.md:12:5: error absolute-safety-eliminates-risk  Absolute safety claim ...
       12 | This makes them stable and virtually eliminates the risk of rejection.
          |                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
          = try: "may reduce the risk"

A page-level finding's suggestion is wording to add to the page: "= add: ...".
"""
from __future__ import annotations

import click

from lintmed.model import ADD_TO_PAGE
from lintmed.positions import split_lines
from lintmed.report.escape import terminal_path, terminal_text

_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def _source_excerpt(source: str, f) -> list[str]:
    lines = split_lines(source)  # the lines the finding's line counts (lintmed.positions)
    if not 0 < f.line <= len(lines):
        return []
    text = terminal_text(lines[f.line - 1].replace("\t", " "))
    width = len(str(f.end_line))
    end = f.end_column if f.end_line == f.line else len(text) + 1
    marker = " " * (f.column - 1) + "^" * max(1, end - f.column)
    gutter = " " * width
    out = [f"  {f.line:>{width}} | {text}", f"  {gutter} | " + click.style(marker, fg=_COLOURS[f.severity], bold=True)]
    if f.end_line != f.line:
        out.append(f"  {gutter} | (continues to line {f.end_line})")
    return out


def render(findings, files_checked, ruleset=None, options=None) -> str:
    options = options or {}
    sources = options.get("sources", {})
    show_source = options.get("show_source", True)
    out: list[str] = []
    for f in findings:
        sev = click.style(f.severity, fg=_COLOURS[f.severity], bold=True)
        where = click.style(f"{terminal_path(f.path)}:{f.line}:{f.column}:", bold=True)
        out.append(f"{where} {sev} {click.style(f.rule, dim=True)}  {terminal_text(f.message)}")
        if show_source and f.path in sources:
            out.extend(_source_excerpt(sources[f.path], f))
        for s in f.suggestions[:2]:
            verb = "add" if s.description == ADD_TO_PAGE else "try"
            out.append(f"  = {verb}: \"{terminal_text(s.replacement)}\"")
        if f.evidence:  # a learned finding: the words that drove the detector's score
            words = ", ".join(f'"{terminal_text(e)}"' for e in f.evidence)
            out.append(f"  = detector score {f.confidence:.2f}, driven by: {words}")
        out.append("")
    if findings:
        counts = {}
        for f in findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
        parts = [f"{n} {sev}{'s' if n != 1 and sev != 'info' else ''}" for sev, n in
                 sorted(counts.items(), key=lambda kv: ("error", "warning", "info").index(kv[0]))]
        files_with = len({f.path for f in findings})
        out.append(
            f"Found {len(findings)} claim{'s' if len(findings) != 1 else ''} ({', '.join(parts)}) "
            f"in {files_with} of {files_checked} file{'s' if files_checked != 1 else ''}. "
            "Run `lintmed explain RULE` for the rationale and references."
        )
    return "\n".join(out) + ("\n" if out else "")
