"""``lintmed rules``: the rule catalogue as a table, JSON, or the Markdown of docs/rules.md."""
from __future__ import annotations

import json

from lintmed.commands.setup import load_config, ruleset_for
from lintmed.report.catalogue import render as render_markdown
from lintmed.report.records import rule_record
from lintmed.report.summary import FIXABLE_MARK, is_fixable
from lintmed.rules.model import RuleSet

JSON_KEYS = ("id", "category", "severity", "message", "references")  # of records.rule_record, then "fixable"


def run(output_format: str = "text", rule_files=(), config_path: str | None = None) -> str:
    """The catalogue of the rule set that ``config_path`` (or the nearest config) and
    ``rule_files`` make, in ``output_format``: text, json or markdown."""
    return render(ruleset_for(load_config(config_path), rule_files), output_format)


def render(ruleset: RuleSet, output_format: str = "text") -> str:
    if output_format == "markdown":
        return render_markdown(ruleset)
    if output_format == "json":
        records = [{**{key: record[key] for key in JSON_KEYS}, "fixable": is_fixable(rule)}
                   for rule, record in ((rule, rule_record(rule)) for rule in ruleset)]
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    width = max((len(r.id) for r in ruleset), default=10)
    lines = []
    for rule in sorted(ruleset, key=lambda r: (r.category, r.id)):
        mark = FIXABLE_MARK if is_fixable(rule) else " " * len(FIXABLE_MARK)
        lines.append(f"{rule.id:<{width}}  {mark}  {rule.category:<19}  {rule.severity:<7}  {rule.message}\n")
    lines.append(f"\n{len(ruleset)} rules; {FIXABLE_MARK} fixable with `lintmed check --fix`. "
                 "`lintmed explain RULE` shows one in full.\n")
    return "".join(lines)
