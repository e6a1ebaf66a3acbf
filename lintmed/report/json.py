"""``--format json``: the version-1 contract of DESIGN.md."""
from __future__ import annotations

import json

from lintmed.report.records import document


def render(findings, files_checked, ruleset=None, options=None) -> str:
    not_checked = (options or {}).get("not_checked")
    return json.dumps(document(findings, files_checked, not_checked), indent=2, ensure_ascii=False) + "\n"
