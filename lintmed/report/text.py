"""The default output: what a writer wants to read.

    page.md:12:5: error absolute-safety-eliminates-risk  Absolute safety claim ...
       12 | This makes them stable and virtually eliminates the risk of rejection.
          |                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
          = try: "may reduce the risk"
          = see: https://github.com/lintmed/lintmed/blob/main/docs/rules.md#absolute-safety-eliminates-risk

A page-level finding's suggestion is wording to add to the page: "= add: ...".
The run's one-line summary (lintmed.report.summary) follows, added by the CLI.
"""
from __future__ import annotations

import click

from lintmed.findings import ADD_TO_PAGE
from lintmed.positions import Lines
from lintmed.report.escape import terminal_path, terminal_text
from lintmed.report.records import help_url, rule_record

_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def _source_excerpt(lines: Lines, f) -> list[str]:
    """The finding's line of the source (``lines``: its Lines) with its marker."""
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


def _suggestion(s) -> str:
    if s.description == ADD_TO_PAGE:
        return f'add: "{s.replacement}"'
    if s.kind == "remove" and not s.replacement and s.scope == "sentence":
        return f"remove the sentence: {s.description}"
    # A deletion or a swap of a few words says which words, so that two suggestions of one
    # finding never read alike ("FDA-approved" deleted, or the whole sentence removed).
    words = terminal_text(" ".join(s.original.split())) if s.original and s.scope == "words" else None
    if not s.replacement and words:
        return f'delete "{words}": {s.description}'
    where = f" (replaces {s.line}:{s.column}-{s.end_line}:{s.end_column})" if s.line is not None else ""
    instead = f' in place of "{words}"' if words else ""
    return f'try: "{s.replacement.strip()}"{instead}{where}'


def render(findings, files_checked, ruleset=None, options=None) -> str:
    return "".join(pieces(findings, files_checked, ruleset, options))


def pieces(findings, files_checked, ruleset=None, options=None):
    """``render``'s text a finding at a time (what the CLI writes: the report is never held whole)."""
    options = options or {}
    sources = options.get("sources", {})
    show_source = options.get("show_source", True)
    rules = ruleset.rules if ruleset is not None else {}
    links: dict[str, str | None] = {}  # rule id -> where to read more
    # The lines of the last finding's file, which the findings' lines count
    # (lintmed.positions): indexed once per run of findings in one file, not once per finding.
    split_path, lines = None, Lines("")
    for f in findings:
        out: list[str] = []
        sev = click.style(f.severity, fg=_COLOURS[f.severity], bold=True)
        where = click.style(f"{terminal_path(f.path)}:{f.line}:{f.column}:", bold=True)
        also = f" (also: {', '.join(f.related)})" if f.related else ""
        out.append(f"{where} {sev} {click.style(f.rule, dim=True)}  {terminal_text(f.message)}{also}")
        if show_source and f.path in sources:
            if f.path != split_path:
                split_path, lines = f.path, Lines(sources[f.path])
            out.extend(_source_excerpt(lines, f))
        for s in f.suggestions[:2]:
            out.append(f"  = {terminal_text(_suggestion(s))}")
        if f.evidence:  # a learned finding: the words that drove the detector's score
            words = ", ".join(f'"{terminal_text(e)}"' for e in f.evidence)
            out.append(f"  = detector score {f.confidence:.2f}, driven by: {words}")
        if f.rule not in links:
            record = rule_record(rules[f.rule]) if f.rule in rules else None
            links[f.rule] = (record["docs"] or help_url(record)) if record else None
        if links[f.rule]:
            out.append(f"  = see: {links[f.rule]}")
        out.append("")
        yield "\n".join(out) + "\n"
