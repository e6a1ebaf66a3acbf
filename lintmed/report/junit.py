"""``--format junit``: JUnit XML for CI test dashboards.

One ``<testsuite name="lintmed">``; one ``<testcase>`` per file checked
(``classname`` the file's folder, ``name`` the path); a ``<failure>`` per
finding in that file, so a clean file is a passing test. Files come from
``options["files"]`` (every file checked, clean ones too); without it, the
files that have findings.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from lintmed.engine.language import describe
from lintmed.report.escape import display_path
from lintmed.report.records import finding_record, report_path, suggestion_line, summary


# Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _failure_text(rec: dict) -> str:
    lines = [f"{report_path(rec['path'])}:{rec['line']}:{rec['column']}: {rec['severity']} {rec['rule']}",
             rec["message"], f"Claim: \"{rec['text']}\""]
    lines += [suggestion_line(rec["suggestions"])] if rec["suggestions"] else []
    lines += [f"Reference: {r}" for r in rec["references"]]
    return "\n".join(lines)


def render(findings, files_checked, ruleset=None, options=None) -> str:
    options = options or {}
    records = [finding_record(f) for f in findings]
    files = [display_path(f) for f in options.get("files") or []]
    for rec in records:
        if rec["path"] not in files:
            files.append(rec["path"])
    by_file: dict[str, list[dict]] = {path: [] for path in files}
    for rec in records:
        by_file[rec["path"]].append(rec)
    failing = sum(1 for recs in by_file.values() if recs)
    # A page in another language was not checked: a skipped testcase says so on the dashboard.
    not_checked = options.get("not_checked") or {}
    skipped = sum(1 for path in by_file if path in not_checked)
    suite = ET.Element("testsuites", name="lintmed", tests=str(len(by_file)), failures=str(failing), errors="0")
    testsuite = ET.SubElement(suite, "testsuite", name="lintmed", tests=str(len(by_file)),
                              failures=str(failing), errors="0", skipped=str(skipped))
    counts = summary(findings, files_checked)["by_severity"]
    props = ET.SubElement(testsuite, "properties")
    for sev, n in counts.items():
        ET.SubElement(props, "property", name=f"findings.{sev}", value=str(n))
    for path, recs in sorted(by_file.items()):  # by path: the same report whatever the argument order
        shown = report_path(path)
        classname = "lintmed." + shown.rsplit("/", 1)[0] if "/" in shown else "lintmed"
        shown = _xml(shown)
        case = ET.SubElement(testsuite, "testcase", classname=_xml(classname), name=shown, file=shown)
        if path in not_checked:
            ET.SubElement(case, "skipped", message=_xml(f"not checked: the page is in {describe(not_checked[path])}; "
                                                        "lintmed checks English only"))
        for rec in recs:
            failure = ET.SubElement(case, "failure", type=rec["rule"],
                                    message=_xml(f"line {rec['line']}, column {rec['column']}: {rec['message']}"))
            failure.text = _xml(_failure_text(rec))
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
