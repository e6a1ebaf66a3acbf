"""``lintmed explain RULE``: a rule in full, with its suggested wording tried on its own examples."""
from __future__ import annotations

import textwrap

import click

from lintmed.commands.setup import load_config, ruleset_for
from lintmed.errors import LintmedError
from lintmed.findings import ADD_TO_PAGE
from lintmed.rules.model import POLICY_ORDER, Rule, RuleSet
from lintmed.workflow.config import selectable_names, unknown_name_problem

# A context kind, in words, with an example sentence shape.
POLICY_WORDS = {
    "negated": 'a negated claim ("does not cure")',
    "question": 'a question ("Can it cure arthritis?")',
    "reported": 'a claim reported from a regulator or critic ("The FDA warns that clinics claim...")',
    "hedged": 'a hedged claim ("may help")',
    "on-label": "an accurate statement of a listed product's approved use (approved-uses)",
}


def run(rule_id: str, rule_files=(), config_path: str | None = None) -> str:
    """The explanation of ``rule_id`` in the rule set that ``config_path`` (or the nearest
    config) and ``rule_files`` make; LintmedError (with "did you mean") for an unknown id."""
    ruleset = ruleset_for(load_config(config_path), rule_files)
    if rule_id not in ruleset.rules:
        raise LintmedError(unknown_name_problem(rule_id, selectable_names(ruleset)).replace(
            "unknown rule id or category", "unknown rule id"))
    return render(ruleset.get(rule_id), ruleset)


def render(rule: Rule, ruleset: RuleSet) -> str:
    wrap = lambda text: textwrap.fill(text, width=88, initial_indent="  ", subsequent_indent="  ")  # noqa: E731
    lines = [
        click.style(rule.id, bold=True) + f"  ({rule.category}, {rule.severity})",  # bold on a terminal only
        "", wrap(rule.message), "", "Why:", wrap(rule.why), "", "References:",
        *[f"  - {ref}" for ref in rule.references],
        "", "Context (what a sentence may do to leave the claim alone):",
        *[f"  - {line}" for line in policy_lines(rule)],
    ]
    rewrites = example_rewrites(rule, ruleset)
    if rewrites:
        safety = "safe: `lintmed check --fix` applies it" if rule.fix_safety == "safe" else "review before use"
        lines += ["", f"Suggested wording ({safety}), on the rule's own examples:",
                  *[f"  - {before}\n    -> {after}" for before, after in rewrites]]
    lines += ["", "Flagged:", *[f"  - {e}" for e in rule.examples_flag],
              "", "Not flagged:", *[f"  - {e}" for e in rule.examples_pass],
              "", "To accept a reviewed claim:",
              f"  - one place: <!-- lintmed-disable-next-line {rule.id} -- why it is acceptable -->",
              f"    (or `# lintmed-disable-next-line {rule.id} -- ...` in plain text); the reason is shown",
              "    to reviewers (--show-suppressed, the HTML report, SARIF suppressions)",
              f"  - some paths: per-path-ignores: {{\"drafts/**\": [{rule.id}]}} in .lintmed.yaml",
              f"  - everywhere: ignore: [{rule.id}] in .lintmed.yaml, or --ignore {rule.id}"]
    return "\n".join(lines) + "\n"


def policy_lines(rule: Rule) -> list[str]:
    return [f"{POLICY_WORDS.get(kind, kind)}: "
            + ("left alone" if rule.policy(kind) == "suppress" else "still flagged") + f" ({kind}: {rule.policy(kind)})"
            for kind in POLICY_ORDER]


def example_rewrites(rule: Rule, ruleset: RuleSet, most: int = 3) -> list[tuple[str, str]]:
    """The rule's suggested wording applied to its own flagged examples: (before, after),
    or for a page-level rule (example, the sentence to add)."""
    from lintmed.engine.linter import Linter  # lazy: the engine pulls in spaCy; `lintmed rules` never needs it

    linter = Linter(ruleset.select(lambda r: r.id == rule.id), detector=False, inline_suppress=False)
    out = []
    for example in rule.examples_flag:
        finding = next((f for f in linter.lint(example, "example.txt").findings
                        if f.rule == rule.id and f.suggestions), None)
        if finding is None:
            continue
        s = finding.suggestions[0]
        start, end = s.span(finding)  # a suggestion may replace its sentence, or add after it
        after = (f"add: {s.replacement}" if s.description == ADD_TO_PAGE
                 else (example[:start] + s.replacement + example[end:]).strip() or "(the sentence removed)")
        out.append((example, after))
        if len(out) == most:
            break
    return out
