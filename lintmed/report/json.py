"""``--format json``: the version-1 contract of DESIGN.md."""
from __future__ import annotations

from lintmed.report.jsontext import dumps_indented

from lintmed.report.records import document


def render(findings, files_checked, ruleset=None, options=None) -> str:
    not_checked = (options or {}).get("not_checked")
    return dumps_indented(document(findings, files_checked, not_checked)) + "\n"
