"""``--format json``: the version-1 contract of DESIGN.md."""
from __future__ import annotations

from lintmed.report.jsontext import dumps_indented, pieces as json_pieces
from lintmed.report.records import document


def render(findings, files_checked, ruleset=None, options=None) -> str:
    not_checked = (options or {}).get("not_checked")
    return dumps_indented(document(findings, files_checked, not_checked)) + "\n"


def pieces(findings, files_checked, ruleset=None, options=None):
    """``render``'s text in pieces, each finding's record made as it is written: what the
    CLI writes, so that a report of many findings is never held whole."""
    not_checked = (options or {}).get("not_checked")
    yield from json_pieces(document(findings, files_checked, not_checked, each=True))
    yield "\n"
