"""Shared fixture for the report tests: a small rule set and clinic pages written for them.

The rule set is loaded without the default rules.yaml, so these tests check the
reporters, not the tuning of the default rules. Its rules are chosen to give
every severity, several categories, a rule with a URL in its references, a
rule with a safe fix, nested findings ("miracle cure" around "cure") and
crossing ones ("virtually eliminates the risk" / "the risk of rejection").
"""
from __future__ import annotations

import json
from pathlib import Path

REPORT_RULES = """
version: 1
rules:
  - id: rt-eliminates-risk
    category: absolute-safety
    severity: error
    message: "Says 100% of the risk is gone: no treatment, however gentle, is risk-free."
    why: Every procedure carries some risk; saying it is gone is an absolute safety claim.
    references:
      - "21 CFR 202.1(e)(6)(i)"
      - "FDA patient notice, https://www.fda.gov/vaccines-blood-biologics/consumers-biologics/important-patient-and-consumer-information-about-regenerative-medicine-therapies"
    match: {phrases: ["virtually eliminates the risk"]}
    context: {negated: keep, hedged: keep, question: keep, reported: keep}
    fix: {safety: safe, replacements: ["may lower the risk"]}
    examples: {flag: ["It virtually eliminates the risk."], pass: ["It lowers the chance of bruising."]}
  - id: rt-rejection
    category: absolute-safety
    severity: warning
    message: Talks about rejection risk as if it were settled.
    why: Rejection and reaction risks are not settled for these products.
    references: ["CAP Code (Edition 12) rule 12.1"]
    match: {phrases: ["the risk of rejection"]}
    context: {negated: keep, hedged: keep, question: keep, reported: keep}
    examples: {flag: ["There is the risk of rejection."], pass: ["Ask us about risks."]}
  - id: rt-miracle-cure
    category: hype
    severity: info
    message: Miracle language.
    why: Hype words promise more than any treatment can.
    references: ["CAP Code (Edition 12) rule 3.1"]
    match: {phrases: ["miracle cure"]}
    context: {negated: keep, hedged: keep, question: keep, reported: keep}
    fix: {safety: unsafe, replacements: ["a popular treatment"]}
    examples: {flag: ["It is a miracle cure."], pass: ["It is popular."]}
  - id: rt-cure
    category: cure-claim
    severity: error
    message: Claims to cure something.
    why: A cure claim makes a cosmetic service a drug claim.
    references: ["FTC Act §5(a), 15 U.S.C. 45(a)"]
    match:
      patterns:
        - [{lemma: [cure]}]
    context: {negated: keep, hedged: keep, question: keep, reported: keep}
    fix: {safety: unsafe, replacements: ["may improve the look of"]}
    examples: {flag: ["It cures dull skin."], pass: ["It refreshes dull skin."]}
  - id: rt-testimonial
    category: testimonial
    severity: info
    message: A testimonial used as evidence.
    why: One client's story is not evidence that a treatment works.
    references: ["16 CFR 255.2"]
    match: {phrases: ["changed my life"]}
    context: {negated: keep, hedged: keep, question: keep, reported: keep}
    examples: {flag: ["It changed my life."], pass: ["I liked the staff."]}
"""

SELECT_REPORT_RULES = "rules: [report-rules.yaml]\nselect: [rt-eliminates-risk, rt-rejection, rt-miracle-cure, rt-cure, rt-testimonial]\n"

# Clinic copy written for these tests.
DOCUMENTS = {
    "site/exosome-facial.md": (
        "# Exosome facials at Brightside Clinic\n"
        "\n"
        "Our exosome facial virtually eliminates the risk of rejection, and clients call it a miracle cure.\n"
        "\n"
        "> \"It changed my life,\" says Zoë, a client from Montréal.\n"
        "\n"
        "Montréal's favourite studio 🌿 — café, tea and treatments that cure dull skin.\n"
    ),
    "site/notes/peptide-drip.txt": (
        "The peptide drip is our miracle cure for tired skin.\n"
        "Most clients book a second visit.\n"
    ),
    "site/clean.txt": "We offer facials and a warm welcome. Results vary from person to person.\n",
}


def write_rules(folder: Path) -> Path:
    path = folder / "report-rules.yaml"
    path.write_text(REPORT_RULES, encoding="utf-8")
    return path


def write_documents(folder: Path) -> list[str]:
    for name, text in DOCUMENTS.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return list(DOCUMENTS)


def lint_fixture(folder: Path):
    """(findings, files, ruleset, options) for DOCUMENTS under the report rules only."""
    from lintmed.engine.linter import Linter
    from lintmed.rules.load import load_ruleset

    ruleset = load_ruleset([str(write_rules(folder))], include_defaults=False)
    # Findings one rule at a time (no merging of overlapping claims): the reporters must
    # draw nested and crossing findings, which baselines and older runs may still hold.
    linter = Linter(ruleset, merge=False)
    findings = sorted((f for name, text in DOCUMENTS.items() for f in linter.lint(text, path=name).findings),
                      key=lambda f: f.sort_key())
    options = {"sources": dict(DOCUMENTS), "show_source": True, "files": list(DOCUMENTS)}
    return findings, list(DOCUMENTS), ruleset, options


def render(fmt: str, findings, files, ruleset, options) -> str:
    from lintmed.report import get_reporter

    return get_reporter(fmt).render(findings, len(files), ruleset, options)


def json_findings(findings, files, ruleset, options) -> list[dict]:
    """The JSON v1 findings for the same input: what every format is checked against."""
    return json.loads(render("json", findings, files, ruleset, options))["findings"]


def rt_findings(run, rules: str, docs: list[str]) -> int:
    """How many findings of the report rules the CLI (conftest's ``run``) reports for ``docs`` (one per claim)."""
    out = run("check", "--rules", rules, "--format", "json", *docs).out
    return sum(f["rule"].startswith("rt-") for f in json.loads(out)["findings"])


def prepare_cli(tmp_path: Path, monkeypatch) -> tuple[str, list[str]]:
    """Work in ``tmp_path`` with the report rules and DOCUMENTS written there: (rules file, paths)."""
    monkeypatch.chdir(tmp_path)
    # Only the report rules: a default rule on the same words would take their claims into
    # its own finding (one finding per claim).
    rules = str(write_rules(tmp_path))
    (tmp_path / ".lintmed.yaml").write_text(SELECT_REPORT_RULES, encoding="utf-8")
    return rules, write_documents(tmp_path)
