"""``--format markdown``: a short Markdown report, for a GitHub job summary
(``$GITHUB_STEP_SUMMARY``, which the Action writes) or a pull-request comment.

GitHub shows only a few annotations per step; the job summary shows every finding
in one table (up to ``MOST_ROWS``), with the run's summary line above it, the pages
not checked, and the claims hidden by ``lintmed-disable`` comments with their reasons.
"""
from __future__ import annotations

import re

from lintmed.report.records import finding_record, report_path

MOST_ROWS = 500  # a job summary holds at most 1 MiB


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell: on one line, no cell break, no HTML."""
    return " ".join(str(text).split()).replace("|", "\\|").replace("<", "&lt;")


# GitHub's own extensions, which turn plain words into links (and a mention or an issue
# reference into a notification or a back-link on that issue): a zero-width space
# (as an entity, seen in the report's source) after "@" and "#" and inside "://" and "www."
# leaves the words as they read and links nothing.
_GITHUB_LINKS = re.compile(r"(?<=@)(?=\w)|(?<=#)(?<!&#)(?=\d)|(?<=:)(?=//)|(?<=\bwww)(?=\.)", re.IGNORECASE)
_ZERO_WIDTH = "&#8203;"


def _words(text: str) -> str:
    """Words of a page or a rule file in a cell: no link, image, code span, entity or
    mention made of them either (a job summary or a pull-request comment must not show
    what a page planted)."""
    text = re.sub(r"([][`\\]|&(?=#?\w+;))", r"\\\1", " ".join(str(text).split()))  # & only where it opens an entity
    return _GITHUB_LINKS.sub(_ZERO_WIDTH, _cell(text))


def _code(text: str) -> str:
    """``text`` as a code span in a table cell, whatever backticks it holds (a fence longer
    than its longest run of them, as CommonMark allows): a file name cannot end it early."""
    text = " ".join(str(text).split()).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def render(findings, files_checked, ruleset=None, options=None) -> str:
    options = options or {}
    out = ["## lintmed", ""]
    if options.get("summary"):
        out += [_cell(options["summary"]), ""]
    if findings:
        out += ["| where | severity | rule | claim | message |", "| --- | --- | --- | --- | --- |"]
        for f in findings[:MOST_ROWS]:
            rec = finding_record(f)
            where = f"{report_path(rec['path'])}:{rec['line']}:{rec['column']}"
            out.append(f"| {_code(where)} | {rec['severity']} "
                       f"| {_code(rec['rule'])} | {_words(rec['text'])} | {_words(rec['message'])} |")
        if len(findings) > MOST_ROWS:
            out.append(f"\n…and {len(findings) - MOST_ROWS} more: see the full report.")
        out.append("")
    not_checked = options.get("not_checked") or {}
    if not_checked:
        from lintmed.engine.language import describe

        out += ["**Not checked** (not in English; lintmed checks English only):", ""]
        out += [f"- {_code(path)}: {describe(lang)}" for path, lang in sorted(not_checked.items())]
        out.append("")
    hidden = options.get("inline_suppressed") or []
    if hidden:
        out += ["**Suppressed by `lintmed-disable` comments:**", "",
                "| where | rule | claim | reason |", "| --- | --- | --- | --- |"]
        for f in hidden[:MOST_ROWS]:
            reason = _words(f.suppression.reason) if f.suppression.reason else "*no reason given*"
            out.append(f"| {_code(f'{report_path(f.path)}:{f.line}:{f.column}')} | {_code(f.rule)} | {_words(f.text)} "
                       f"| {reason} |")
        out.append("")
    return "\n".join(out) + "\n"
