"""``--format html``: one self-contained page for reviewers (no network, no assets).

Each document that has findings is shown as its source text with every claim
highlighted, and beside it the list of findings: rule, severity, message,
references (a link where the reference holds a URL), suggested wording. A
summary counts findings by category and by file. Checkboxes filter by severity
and category with a few lines of inline JavaScript; without JavaScript
everything is shown.

Highlights: exactly one ``<mark>`` per finding, ``id="fN"`` (N counts findings
in report order), with ``data-rule``, ``data-severity``, ``data-category``,
``data-line``/``data-column`` and ``data-start``/``data-end`` (code-point
offsets of the claim in the source). Findings that overlap nest: the one that
ends later is the outer element. When two findings *cross* (A starts first, B
starts inside A and ends after it), HTML cannot nest them, so B's ``<mark>``
covers the part inside A and the rest of B follows A in a continuation
``<span class="claim claim-cont" data-finding="fN">`` with the same data
attributes. A finding's full extent is therefore its ``<mark>`` plus any
continuation spans with its ``data-finding``; only the ``<mark>`` carries the
id, so links and counts see one element per finding.
"""
from __future__ import annotations

import html
import re
from collections import Counter

from lintmed import __version__
from lintmed.findings import SEVERITIES, Finding
from lintmed.report.escape import display_path
from lintmed.report.records import finding_record, project_url, reference_url, rule_docs_url, summary

_URL_SPLIT = re.compile(r"(https?://[^\s<>\"')\]]+[^\s<>\"')\].,;:])")

CSS = """
:root { --error: #ffd3d0; --error-edge: #c62828; --warning: #ffe9b3; --warning-edge: #b26a00;
        --info: #d6e8ff; --info-edge: #1d5fbf; --muted: #5f6368; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #202124; }
header { padding: 16px 24px; border-bottom: 1px solid #ddd; background: #fafafa; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 0 0 8px; word-break: break-all; }
.muted { color: var(--muted); }
fieldset { display: inline-block; border: 1px solid #ccc; border-radius: 6px; margin: 8px 12px 0 0; padding: 4px 10px; }
fieldset label { margin-right: 10px; white-space: nowrap; }
.summary { display: flex; align-items: flex-start; gap: 32px; flex-wrap: wrap; margin-top: 12px; }
table { border-collapse: collapse; font-size: 14px; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 2px 10px 2px 0; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
main { padding: 8px 24px 40px; }
section.document { border: 1px solid #ddd; border-radius: 8px; margin: 16px 0; padding: 12px 16px; }
section.document.all-filtered { opacity: .55; }
.doc-body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(260px, 2fr); gap: 20px; }
pre.source { align-self: start; white-space: pre-wrap; word-wrap: break-word; font: 13.5px/1.6 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
             margin: 0; padding: 10px; background: #fcfcfc; border: 1px solid #eee; border-radius: 6px; }
.claim { border-radius: 3px; padding: 1px 0; color: inherit; }
.claim.sev-error { background: var(--error); box-shadow: inset 0 -2px var(--error-edge); }
.claim.sev-warning { background: var(--warning); box-shadow: inset 0 -2px var(--warning-edge); }
.claim.sev-info { background: var(--info); box-shadow: inset 0 -2px var(--info-edge); }
.claim .claim { outline: 1px dashed #555; }
.claim.filtered-out { background: transparent; box-shadow: none; outline: none; }
mark.claim:target { outline: 2px solid #202124; }
ol.findings { margin: 0; padding-left: 22px; font-size: 14px; }
li.finding { margin-bottom: 12px; }
li.finding.filtered-out { display: none; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 0 6px; border-radius: 10px; }
.badge.sev-error { background: var(--error); color: var(--error-edge); }
.badge.sev-warning { background: var(--warning); color: var(--warning-edge); }
.badge.sev-info { background: var(--info); color: var(--info-edge); }
code { font-size: 13px; }
ul.refs, ul.try { margin: 2px 0; padding-left: 18px; }
@media (max-width: 900px) { .doc-body { grid-template-columns: 1fr; } }
"""

SCRIPT = """
(function () {
  var form = document.getElementById('filters');
  function apply() {
    var off = {severity: {}, category: {}};
    form.querySelectorAll('input[type=checkbox]').forEach(function (cb) {
      if (!cb.checked) { off[cb.dataset.filter][cb.value] = true; }
    });
    document.querySelectorAll('[data-finding]').forEach(function (el) {
      var hide = off.severity[el.dataset.severity] || off.category[el.dataset.category];
      el.classList.toggle('filtered-out', !!hide);
    });
    document.querySelectorAll('section.document').forEach(function (sec) {
      sec.classList.toggle('all-filtered', !sec.querySelector('li.finding:not(.filtered-out)'));
    });
    document.getElementById('shown').textContent =
      document.querySelectorAll('li.finding:not(.filtered-out)').length;
  }
  form.addEventListener('change', apply);
  apply();
})();
"""


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _linkify(reference: str) -> str:
    if not reference_url(reference):
        return _e(reference)
    parts = _URL_SPLIT.split(reference)
    return "".join(f'<a href="{_e(p)}" rel="noreferrer">{_e(p)}</a>' if i % 2 else _e(p)
                   for i, p in enumerate(parts))


def _span(source: str, finding) -> tuple[int, int]:
    """The finding's own source span, kept inside ``source`` and at least one character long."""
    start, end = min(finding.start, len(source)), min(finding.end, len(source))
    return start, max(end, min(start + 1, len(source)))


def _attrs(fid: str, rec: dict, span: tuple[int, int] | None = None) -> str:
    attrs = (f'data-finding="{fid}" data-rule="{_e(rec["rule"])}" data-severity="{rec["severity"]}" '
             f'data-category="{_e(rec["category"])}"')
    return attrs + (f' data-start="{span[0]}" data-end="{span[1]}"' if span else "")


def highlight(source: str, claims: list[tuple[str, dict, int, int]]) -> str:
    """Escaped ``source`` with one ``<mark>`` per claim (id, record, start, end); see the module doc."""
    opening = {c[0]: c for c in claims}
    bounds = sorted({0, len(source), *(c[2] for c in claims), *(c[3] for c in claims)})
    out: list[str] = []
    stack: list[str] = []  # open claim ids, outermost first
    kinds: dict[str, str] = {}
    opened: set[str] = set()
    pos = 0
    for b in bounds:
        out.append(_e(source[pos:b]))
        pos = b
        ending = [i for i, fid in enumerate(stack) if opening[fid][3] == b]
        reopen: list[str] = []
        if ending:
            low = ending[0]
            popped = stack[low:]
            for fid in reversed(popped):
                out.append(f"</{kinds[fid]}>")
            stack = stack[:low]
            reopen = [fid for fid in popped if opening[fid][3] != b]
        starting = [c[0] for c in claims if c[2] == b and c[3] > b]
        for fid in sorted(reopen + starting, key=lambda i: (-opening[i][3], opening[i][2])):
            _, rec, start, end = opening[fid]
            attrs = _attrs(fid, rec, (start, end))
            sev = f'claim sev-{rec["severity"]}'
            if fid in opened:
                kinds[fid] = "span"
                out.append(f'<span class="{sev} claim-cont" {attrs}>')
            else:
                kinds[fid] = "mark"
                title = f'{rec["rule"]} ({rec["severity"]}), line {rec["line"]}: {rec["message"]}'
                out.append(f'<mark id="{fid}" class="{sev}" {attrs} data-line="{rec["line"]}" '
                           f'data-column="{rec["column"]}" title="{_e(title)}">')
                opened.add(fid)
            stack.append(fid)
    out.append(_e(source[pos:]))
    return "".join(out)


def _suppressed_section(findings) -> str:
    """Claims hidden by lintmed-disable comments, each with its comment's line and reason:
    a reviewer sees what was accepted and why."""
    if not findings:
        return ""
    rows = []
    for f in findings:
        hid = f.suppression
        reason = _e(hid.reason) if hid.reason else '<em class="muted">no reason given</em>'
        rows.append(f'<tr><td>{_e(f.path)}:{f.line}:{f.column}</td><td><code>{_e(f.rule)}</code></td>'
                    f'<td>&ldquo;{_e(f.text)}&rdquo;</td><td>line {hid.line}</td><td>{reason}</td></tr>')
    return (f'<section id="suppressed" class="document"><h2>Suppressed by lintmed-disable comments '
            f'<span class="muted">({len(findings)})</span></h2><table><tr><th>where</th><th>rule</th>'
            f'<th>claim</th><th>comment</th><th>reason</th></tr>{"".join(rows)}</table></section>')


def _not_checked(pages: dict[str, str]) -> str:
    if not pages:
        return ""
    from lintmed.engine.language import describe

    items = "".join(f"<li>{_e(path)}: {_e(describe(lang))}</li>" for path, lang in sorted(pages.items()))
    return (f'<div id="not-checked">Not checked, not in English (lintmed checks English only):'
            f"<ul>{items}</ul></div>")


def _finding_item(fid: str, rec: dict, why: str, docs: str | None = None) -> str:
    sev = rec["severity"]
    parts = [
        f'<li class="finding" id="{fid}-detail" {_attrs(fid, rec)}>',
        f'<a href="#{fid}">line {rec["line"]}:{rec["column"]}</a> '
        f'<span class="badge sev-{sev}">{sev}</span> <code>{_e(rec["rule"])}</code> '
        f'<span class="muted">{_e(rec["category"])}</span>',
        f'<div class="message">{_e(rec["message"])}</div>',
        *([f'<div class="muted">Also: {_e(", ".join(rec["related"]))}</div>'] if rec.get("related") else []),
        f'<div class="claim-text muted">Claim: &ldquo;{_e(rec["text"])}&rdquo;</div>',
    ]
    if why:
        parts.append(f'<details><summary>Why</summary>{_e(why)}</details>')
    if rec["suggestions"]:
        parts.append('<div>Suggested wording:</div><ul class="try">'
                     + "".join(f'<li>&ldquo;{_e(s["replacement"])}&rdquo; <span class="muted">'
                               f'({_e(s["description"])})</span></li>' for s in rec["suggestions"])
                     + "</ul>")
    if rec["references"]:
        parts.append('<div>References:</div><ul class="refs">'
                     + "".join(f"<li>{_linkify(r)}</li>" for r in rec["references"]) + "</ul>")
    if docs:
        parts.append(f'<div><a class="rule-docs" href="{_e(docs)}" rel="noreferrer">About this rule</a></div>')
    parts.append("</li>")
    return "\n".join(parts)


def _summary_tables(records: list[dict], files: list[str], doc_ids: dict[str, str]) -> str:
    by_cat: dict[str, Counter] = {}
    by_file: dict[str, Counter] = {path: Counter() for path in files}
    for rec in records:
        by_cat.setdefault(rec["category"], Counter())[rec["severity"]] += 1
        by_file.setdefault(rec["path"], Counter())[rec["severity"]] += 1
    head = "".join(f"<th>{s}</th>" for s in SEVERITIES)

    def row(label, counts):
        return (f"<tr><td>{label}</td>" + "".join(f'<td class="n">{counts[s]}</td>' for s in SEVERITIES)
                + f'<td class="n">{sum(counts.values())}</td></tr>')

    cats = "".join(row(f"<code>{_e(c)}</code>", n) for c, n in sorted(by_cat.items()))
    file_rows = "".join(
        row(f'<a href="#{doc_ids[p]}">{_e(p)}</a>' if p in doc_ids else _e(p), n)
        for p, n in sorted(by_file.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])))
    return (f'<div class="summary"><table id="by-category"><caption>By category</caption>'
            f"<tr><th>category</th>{head}<th>total</th></tr>{cats}</table>"
            f'<table id="by-file"><caption>By file</caption>'
            f"<tr><th>file</th>{head}<th>total</th></tr>{file_rows}</table></div>")


def render(findings, files_checked, ruleset=None, options=None) -> str:
    options = options or {}
    findings = list(findings)
    # Keyed as the records name files (display_path): a name that is not UTF-8 too.
    sources: dict[str, str] = {display_path(k): v for k, v in (options.get("sources") or {}).items()}
    records = [finding_record(f) for f in findings]
    why = {r.id: r.why for r in (ruleset or ())}
    rule_docs = {r.id: rule_docs_url(r) for r in (ruleset or ())}
    files = [display_path(f) for f in (options.get("files") or sources)]
    docs: dict[str, list[tuple[str, dict]]] = {}
    spans: dict[str, Finding] = {}  # finding id -> the finding, for its source span
    for n, (finding, rec) in enumerate(zip(findings, records), 1):
        docs.setdefault(rec["path"], []).append((f"f{n}", rec))
        spans[f"f{n}"] = finding
    doc_ids = {path: f"doc-{i}" for i, path in enumerate(docs, 1)}

    sections = []
    for path, items in docs.items():
        source = sources.get(path)
        if source is None:  # no source at hand: highlight the claim texts themselves
            source = "\n".join(rec["text"] for _, rec in items)
            claims, pos = [], 0
            for fid, rec in items:
                claims.append((fid, rec, pos, pos + len(rec["text"])))
                pos += len(rec["text"]) + 1
        else:
            claims = [(fid, rec, *_span(source, spans[fid])) for fid, rec in items]
        sections.append(
            f'<section class="document" id="{doc_ids[path]}" data-path="{_e(path)}">'
            f'<h2>{_e(path)} <span class="muted">({len(items)} finding{"s" if len(items) != 1 else ""})</span></h2>'
            f'<div class="doc-body"><pre class="source">{highlight(source, claims)}</pre>'
            f'<ol class="findings">{"".join(_finding_item(fid, rec, why.get(rec["rule"], ""), rule_docs.get(rec["rule"])) for fid, rec in items)}'
            f"</ol></div></section>")

    counts = summary(findings, files_checked)
    severity_boxes = "".join(
        f'<label><input type="checkbox" data-filter="severity" value="{s}" checked> '
        f'<span class="badge sev-{s}">{s}</span> {counts["by_severity"][s]}</label>' for s in SEVERITIES)
    categories = sorted({rec["category"] for rec in records})
    category_boxes = "".join(
        f'<label><input type="checkbox" data-filter="category" value="{_e(c)}" checked> {_e(c)}</label>'
        for c in categories)
    body = ("\n".join(sections) or '<p id="clean">No risky claims found.</p>')
    body += _suppressed_section(options.get("inline_suppressed") or [])
    run_summary = options.get("summary")
    run_summary = f'<p id="run-summary">{_e(run_summary)}</p>' if run_summary else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="lintmed {__version__}">
<title>lintmed report: {counts["findings"]} finding{"s" if counts["findings"] != 1 else ""}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>lintmed report</h1>
<div class="muted">{counts["findings"]} finding{"s" if counts["findings"] != 1 else ""} in {len(docs)} of {files_checked} file{"s" if files_checked != 1 else ""} checked; showing <span id="shown">{counts["findings"]}</span>. Generated by <a href="{_e(project_url() or '')}">lintmed</a> {__version__}.</div>
{run_summary}{_not_checked(options.get("not_checked") or {})}
<form id="filters" onsubmit="return false">
<fieldset><legend>Severity</legend>{severity_boxes}</fieldset>
<fieldset><legend>Category</legend>{category_boxes}</fieldset>
</form>
{_summary_tables(records, files, doc_ids)}
</header>
<main>
{body}
</main>
<script>{SCRIPT}</script>
</body>
</html>
"""
