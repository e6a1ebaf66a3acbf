"""``--format sarif``: SARIF 2.1.0, as GitHub code scanning and other viewers read it.

One run; ``tool.driver.rules`` is the whole rule catalogue (so ``ruleIndex`` is
stable) plus any rule only a finding names. Columns count code points, which
the run says with ``columnKind``. Fixes are given only for rules whose
replacements the rule file marks ``safe``; other suggested wording is in the
rule's help text and the result's message. Claims hidden by ``lintmed-disable``
comments are results too, each with an ``inSource`` suppression whose
justification is the comment's reason (code scanning shows them as suppressed).
"""
from __future__ import annotations

import json
import os
from itertools import chain
from urllib.parse import quote

from lintmed import __version__
from lintmed.engine.language import describe
from lintmed.report.jsontext import Each, pieces as json_pieces
from lintmed.report.records import (finding_record, help_url, is_replacement, project_url, relative_path,
                                    rule_records, suggestion_line, suggestion_region)

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _help(rule: dict) -> tuple[str, str]:
    """Plain text and Markdown help: rationale, references, suggested wording."""
    text = [rule["why"] or rule["message"]]
    markdown = [rule["why"] or rule["message"]]
    if rule["references"]:
        text.append("References: " + "; ".join(rule["references"]))
        markdown.append("**References**\n\n" + "\n".join(f"- {r}" for r in rule["references"]))
    if rule["fix"]["replacements"]:
        text.append("Suggested wording: " + "; ".join(f'"{r}"' for r in rule["fix"]["replacements"]))
        markdown.append("**Suggested wording**\n\n" + "\n".join(f"- {r}" for r in rule["fix"]["replacements"]))
    return "\n\n".join(text), "\n\n".join(markdown)


def _rule(rule: dict) -> dict:
    text, markdown = _help(rule)
    out = {
        "id": rule["id"],
        "name": "".join(part.capitalize() for part in rule["id"].split("-")),
        "shortDescription": {"text": rule["message"]},
        "fullDescription": {"text": text},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[rule["severity"]]},
        "properties": {"category": rule["category"], "tags": ["health-claims", rule["category"]]},
    }
    url = help_url(rule)
    if url:
        out["helpUri"] = url
    return out


def _region(rec: dict) -> dict:
    return {"startLine": rec["line"], "startColumn": rec["column"],
            "endLine": rec["end_line"], "endColumn": rec["end_column"]}


def _fix_region(suggestion: dict, rec: dict) -> dict:
    """Where a fix goes: the suggestion's own span (a clause or sentence), else the claim's."""
    return _region(suggestion_region(suggestion, rec))


def _result(rec: dict, index: int, safe: bool, path: str) -> dict:
    # A URI holds the name's bytes, percent-encoded: exact even when they are not UTF-8.
    uri = quote(os.fsencode(relative_path(path)), safe="/")
    message = rec["message"]
    if rec.get("related"):
        message += " (also: " + ", ".join(rec["related"]) + ")"
    if rec["suggestions"]:
        message += " " + suggestion_line(rec["suggestions"])
    out = {
        "ruleId": rec["rule"],
        "ruleIndex": index,
        "level": LEVELS[rec["severity"]],
        "message": {"text": message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": _region(rec),
            }
        }],
        "properties": {"category": rec["category"]},
    }
    if rec.get("related"):
        out["properties"]["related"] = rec["related"]
    if safe and (replacements := [s for s in rec["suggestions"] if is_replacement(s)]):
        out["fixes"] = [{
            "description": {"text": s["description"]},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri},
                "replacements": [{"deletedRegion": _fix_region(s, rec), "insertedContent": {"text": s["replacement"]}}],
            }],
        } for s in replacements]
    return out


def _suppressed_result(f, index: int) -> dict:
    """A claim a lintmed-disable comment hid: a result with an in-source suppression whose
    justification is the comment's reason, as SARIF viewers and code scanning read it."""
    out = _result(finding_record(f), index, False, f.path)
    suppression = {"kind": "inSource", "status": "accepted"}
    if f.suppression.reason:
        suppression["justification"] = f.suppression.reason
    suppression["properties"] = {"directive": f.suppression.directive, "line": f.suppression.line}
    out["suppressions"] = [suppression]
    return out


def document(findings, ruleset=None, suppressed=(), each: bool = False) -> dict:
    """The SARIF log; with ``each``, its results are made one at a time as
    lintmed.report.jsontext.pieces writes them (an ``Each``), never all at once."""
    rules = rule_records([*findings, *suppressed], ruleset)
    index = {r["id"]: i for i, r in enumerate(rules)}
    safe = {r["id"] for r in rules if r["fix"]["safety"] == "safe"}
    results = chain((_result(finding_record(f), index[f.rule], f.rule in safe, f.path) for f in findings),
                    (_suppressed_result(f, index[f.rule]) for f in suppressed))
    results = Each(results) if each else list(results)
    driver = {"name": "lintmed", "version": __version__, "semanticVersion": __version__}
    if project_url():
        driver["informationUri"] = project_url()
    driver["rules"] = [_rule(r) for r in rules]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def render(findings, files_checked, ruleset=None, options=None) -> str:
    return json.dumps(_log(findings, ruleset, options or {}), indent=2, ensure_ascii=False) + "\n"


def pieces(findings, files_checked, ruleset=None, options=None):
    """``render``'s text in pieces, each result made as it is written: what the CLI writes,
    so that a report of many findings is never held whole."""
    yield from json_pieces(_log(findings, ruleset, options or {}, each=True))
    yield "\n"


def _log(findings, ruleset, options: dict, each: bool = False) -> dict:
    log = document(findings, ruleset, options.get("inline_suppressed") or (), each)
    not_checked = options.get("not_checked") or {}
    if not_checked:  # pages in another language: said as notifications of the run, never silence
        log["runs"][0]["invocations"] = [{"executionSuccessful": True, "toolExecutionNotifications": [
            {"level": "note", "message": {"text": f"Not checked: the page is in {describe(lang)}; "
                                                  "lintmed checks English only"},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": quote(os.fsencode(relative_path(path)), safe="/")}}}]}
            for path, lang in sorted(not_checked.items())]}]
    return log


def failed_run(message: str) -> dict:
    """A SARIF log for a run that stopped before it could report (a bad config, a missing
    path): no results, and the error as a tool execution notification, so that an upload
    step still finds a valid file and code scanning shows why the run failed."""
    log = document([])
    log["runs"][0]["invocations"] = [{
        "executionSuccessful": False,
        "toolExecutionNotifications": [{"level": "error", "message": {"text": message or "lintmed failed"}}],
    }]
    return log


def main(argv: list[str] | None = None) -> int:
    """``python -m lintmed.report.sarif --failed-run FILE [MESSAGE]``: write ``failed_run`` to FILE
    (for the GitHub Action, when lintmed stopped before writing its SARIF)."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2 or args[0] != "--failed-run":
        print("usage: python -m lintmed.report.sarif --failed-run FILE [MESSAGE]", file=sys.stderr)
        return 2
    with open(args[1], "w", encoding="utf-8") as fh:
        json.dump(failed_run(" ".join(args[2:])), fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
