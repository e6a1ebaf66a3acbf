"""The rule catalogue as Markdown (``lintmed rules --format markdown``), kept in docs/rules.md.

Built from ``records.rule_record`` so the catalogue says what the reports say.
The output depends only on the rule set (no dates, no versions), so the
committed file can be compared with a fresh rendering.
"""
from __future__ import annotations

from lintmed.report.records import reference_url, rule_record

REGENERATE = "lintmed rules --format markdown > docs/rules.md"


def _md(text: str) -> str:
    """Inline text safe in Markdown prose and table cells."""
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;")


def _reference(ref: str) -> str:
    url = reference_url(ref)
    return _md(ref).replace(url, f"<{url}>") if url else _md(ref)


def render(ruleset) -> str:
    rules = sorted((rule_record(r) for r in ruleset), key=lambda r: (r["category"], r["id"]))
    out = [
        "# lintmed rule catalogue",
        "",
        f"<!-- Generated from rules.yaml by `{REGENERATE}`; do not edit by hand. -->",
        "",
        f"{len(rules)} rules. Severity is the default; configuration can change it per rule.",
        "",
        "| rule | category | severity | message |",
        "| --- | --- | --- | --- |",
    ]
    out += [f"| [`{r['id']}`](#{r['id']}) | {r['category']} | {r['severity']} | {_md(r['message'])} |"
            for r in rules]
    category = None
    for r in rules:
        if r["category"] != category:
            category = r["category"]
            out += ["", f"## {category}"]
        policy = ", ".join(f"{kind}: {verdict}" for kind, verdict in r["context"].items())
        out += ["", f"### {r['id']}", "", f"**{r['severity']}** · {r['category']}", "",
                _md(r["message"]), "", f"**Why.** {_md(r['why'])}", "", "**References**", ""]
        out += [f"- {_reference(ref)}" for ref in r["references"]]
        out += ["", f"**Context** (what leaves the claim alone): {policy}"]
        if r["fix"]["replacements"]:
            safety = "safe to apply" if r["fix"]["safety"] == "safe" else "review before use"
            out += ["", f"**Suggested wording** ({safety})", ""]
            out += [f"- {_md(x)}" for x in r["fix"]["replacements"]]
        for key, title in (("flag", "Flagged"), ("pass", "Not flagged")):
            if r["examples"][key]:
                out += ["", f"**{title}**", ""] + [f"- {_md(x)}" for x in r["examples"][key]]
    out += _approved_uses(ruleset.approved_uses)
    return "\n".join(out) + "\n"


def _approved_uses(approved) -> list[str]:
    """The products whose on-label claims rules with ``on-label: suppress`` leave alone."""
    if not approved.products:
        return []
    out = ["", "## Approved uses", "",
           "A claim about one of these products that names only its approved uses states the label, "
           "and rules whose context says `on-label: suppress` leave it alone. A condition outside "
           "the uses keeps the claim, and so do these words, which make it another product: "
           + ", ".join(f"`{w}`" for w in approved.not_the_product) + ".",
           "", "| product | status | approved uses | source |", "| --- | --- | --- | --- |"]
    for p in approved.products:
        names = ", ".join(p.names) + (f" (not: {', '.join(p.unless)})" if p.unless else "")
        out.append(f"| {_md(names)} | {p.status} | {_md(', '.join(p.uses))} | {_md(p.source)} |")
    return out
