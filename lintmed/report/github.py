"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

    ::error file=site/a.md,line=3,col=5,endLine=3,endColumn=20,title=lintmed cure-claim::Claims ...

Severities map error -> ``::error``, warning -> ``::warning``, info -> ``::notice``.
Property values escape ``%``, CR, LF, ``:`` and ``,``; the message escapes ``%``,
CR and LF (the rules of GitHub's runner, ``ActionCommand``/``CommandEscaping``).
"""
from __future__ import annotations

from lintmed.engine.language import describe
from lintmed.report.escape import terminal_path, terminal_text
from lintmed.report.records import finding_record, report_path, suggestion_line

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(rec: dict) -> str:
    props = {
        "file": terminal_path(report_path(rec["path"]), keep_line_breaks=True),
        "line": rec["line"],
        "col": rec["column"],
        "endLine": rec["end_line"],
        "endColumn": rec["end_column"],
        "title": f"lintmed {rec['rule']}",
    }
    # The claim and its rewrites are the file's text: no control characters in the log.
    message = terminal_text(f"{rec['message']} [{rec['category']}] \"{rec['text']}\"", keep_line_breaks=True)
    if rec["suggestions"]:
        message += "\n" + terminal_text(suggestion_line(rec["suggestions"]), keep_line_breaks=True)
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in props.items())
    return f"::{COMMANDS[rec['severity']]} {joined}::{escape_data(message)}"


def render(findings, files_checked, ruleset=None, options=None) -> str:
    return "".join(pieces(findings, files_checked, ruleset, options))


def pieces(findings, files_checked, ruleset=None, options=None):
    """``render``'s lines one at a time (what the CLI writes: the report is never held whole)."""
    for f in findings:
        yield annotation(finding_record(f)) + "\n"
    # A page lintmed could not read (another language) gets a notice on the file: never silence.
    for path, lang in sorted(((options or {}).get("not_checked") or {}).items()):
        yield (f"::notice file={escape_property(terminal_path(report_path(path), keep_line_breaks=True))},"
               "title=lintmed not checked::"
               + escape_data(f"Not checked: the page is in {describe(lang)}; lintmed checks English only") + "\n")
