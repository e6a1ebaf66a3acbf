"""Document-level rules: a page that promotes an unapproved product must say so."""
from __future__ import annotations

import json

import pytest

from lintmed.engine.linter import Linter
from lintmed.errors import RulesError
from lintmed.report import github, junit, rdjson, sarif, text
from lintmed.rules.load import load_ruleset

from page_support import PAGE_RULES, lint, page_linter


@pytest.fixture(scope="module")
def linter(tmp_path_factory):
    return page_linter(tmp_path_factory)


def status(linter, source, path="page.md"):
    return [(f.text, f.line, f.column) for f in lint(linter, source, path) if f.rule == "t-fda-status"]


PAGE = """\
# Exosome Facial

Our exosome facial uses exosomes from cultured cells.

Exosome therapy may help your skin look refreshed.
"""


def test_one_finding_at_the_first_mention_with_the_wording_to_add(linter):
    (finding,) = [f for f in lint(linter, PAGE, "facial.md") if f.rule == "t-fda-status"]
    assert (finding.text, finding.line, finding.column, finding.category) == ("Exosome", 1, 3, "regulatory-status")
    (add,) = finding.suggestions
    assert add.replacement == "There are currently no FDA-approved exosome products."
    assert "add this sentence" in add.description  # an addition, not a replacement for the mention


@pytest.mark.parametrize("statement", [
    "There are currently no FDA-approved exosome products.",
    "Exosome products are not approved by the FDA.",
    "The FDA has not approved any exosome product.",
    "Note: exosomes have not been approved by the U.S. Food and Drug Administration.",
    "These treatments are not FDA-approved.",  # names no product: covers every product
])
def test_a_status_statement_anywhere_on_the_page_satisfies_it(linter, statement):
    assert status(linter, PAGE + "\n" + statement + "\n") == []


@pytest.mark.parametrize("statement", [
    "Is exosome therapy FDA-approved?",  # a question is no statement
    "Our exosome facial is FDA-approved.",  # the opposite of a disclosure
    "Our lab is inspected by the FDA.",
    "Stem cells are not FDA-approved.",  # another product
])
def test_statements_that_do_not_disclose_the_status(linter, statement):
    assert status(linter, PAGE + "\n" + statement + "\n") == [("Exosome", 1, 3)]


def test_each_product_needs_its_own_disclosure(linter):
    src = ("Stem cell therapy for knees.\n\nAn exosome facial too.\n\n"
           "Exosomes are not FDA-approved.\n")
    findings = [f for f in lint(linter, src, "a.md") if f.rule == "t-fda-status"]
    assert [(f.text, f.line) for f in findings] == [("Stem cell therapy", 1)]
    assert findings[0].suggestions[0].replacement == "No stem cell products other than cord blood are FDA-approved."


def test_except_and_near_narrow_what_counts_as_a_mention(linter):
    assert status(linter, "We bank cord blood stem cells for families.\n") == []
    assert status(linter, "PRP is prepared from a small blood draw.\n") == []
    assert status(linter, "Our clinic offers PRP.\n\nPRP injections for knee pain.\n") == [("PRP", 3, 1)]


def test_in_html_the_first_mention_can_be_the_title(linter):
    src = ("<html><head><title>PRP for Hair Loss</title></head>\n"
           "<body><p>PRP for hair loss and thinning.</p></body></html>\n")
    assert status(linter, src, "prp.html") == [("PRP", 1, 20)]


def test_the_finding_can_be_suppressed_for_the_file(linter):
    src = ("<!-- lintmed-disable-file t-fda-status -- disclosure is in the site footer -->\n" + PAGE)
    assert lint(linter, src, "facial.md") == []


def test_promotes_limits_the_rule_to_pages_that_offer_something(rule_file):
    path = rule_file(PAGE_RULES.replace("        unless:\n",
                                        "        promotes: {lemma: [book], phrases: [our]}\n        unless:\n"))
    promo = Linter(load_ruleset([path], include_defaults=False))
    info = "Exosomes may help improve skin texture.\n\nIs exosome therapy FDA-approved?\n"
    assert status(promo, info) == []
    assert status(promo, info + "\nBook a consultation.\n") == [("Exosomes", 1, 1)]


def document_rule_file(document: str, rule_id: str = "bad-doc", examples: str = "{flag: [a], pass: [b]}",
                       terms: str = "") -> str:
    """A rule file with one document rule; ``document`` is the body of ``match.document``."""
    return f"""\
{terms}rules:
  - id: {rule_id}
    category: regulatory-status
    severity: warning
    message: m
    why: w
    references: [r]
    match:
      document:
        {document}
    examples: {examples}
"""


TERM_RULES = document_rule_file(
    "mentions: [{term: products, disclosure: Exosomes are not FDA-approved.}]\n"
    "        unless: {parts: [{term: regulators}, {lemma: [approve]}], context: any}",
    rule_id="t-terms",
    examples='{flag: ["Exosome therapy here."], pass: ["Exosome therapy here. Is it FDA-approved?"]}',
    terms="terms:\n  products: [exosome, exosome therapy]\n  regulators: [fda, food and drug administration]\n")


def test_mentions_and_the_status_frame_can_use_term_lists(rule_file):
    terms = Linter(load_ruleset([rule_file(TERM_RULES)], include_defaults=False))
    page = "Try our exosome therapy.\n\nExosomes renew skin.\n"
    assert [(f.text, f.line) for f in lint(terms, page, "a.md")] == [("exosome therapy", 1)]
    # context: any: a status frame that is not negated still counts
    assert lint(terms, page + "\nIs it approved by the Food and Drug Administration?\n", "a.md") == []


def test_a_document_rule_is_only_a_document_rule(linter):
    assert lint(linter, "A page about our clinic hours.\n", "a.md") == []


# --- the schema -----------------------------------------------------------------

BAD = [
    ("mentions: [{phrases: [x], disclosure: d}]\n", "document.unless", "missing"),
    ("mentions: []\n        unless: {parts: [{phrases: [fda]}, {lemma: [approve]}]}\n", "document.mentions",
     "non-empty list"),
    ("mentions: [{phrases: [exosome]}]\n        unless: {parts: [{phrases: [fda]}, {lemma: [approve]}]}\n",
     "mentions[0].disclosure", "non-empty string"),
    ("mentions: [{phrases: [x], term: y, disclosure: d}]\n        unless: {parts: [{phrases: [fda]}, {lemma: [a]}]}\n",
     "mentions[0]", "exactly one of phrases, term"),
    ("mentions: [{phrases: [x], disclosure: d, whatever: 1}]\n        unless: {parts: [{phrases: [fda]}, {lemma: [a]}]}\n",
     "mentions[0]", "unknown key 'whatever'"),
    ("mentions: [{phrases: [x], disclosure: d}]\n        unless: {parts: [{phrases: [fda]}]}\n",
     "document.unless.parts", "at least two parts"),
    ("mentions: [{phrases: [x], disclosure: d}]\n        unless: {parts: [{phrases: [fda]}, {lemma: [a]}], context: hedged}\n",
     "unless.context", "expected one of negated, any"),
    ("mentions: [{phrases: [x], disclosure: d}]\n        promotes: {}\n        unless: {parts: [{phrases: [fda]}, {lemma: [a]}]}\n",
     "document.promotes", "needs lemma or phrases"),
]


@pytest.mark.parametrize("body, where, problem", BAD)
def test_malformed_document_rules_name_file_line_and_key(rule_file, body, where, problem):
    path = rule_file(document_rule_file(body))
    with pytest.raises(RulesError) as info:
        load_ruleset([path], include_defaults=False)
    message = str(info.value)
    assert message.startswith(f"{path}:") and where in message and problem in message, message


def test_document_cannot_mix_with_sentence_matchers(rule_file):
    path = rule_file(PAGE_RULES.replace("      document:\n", "      phrases: [x]\n      document:\n"))
    with pytest.raises(RulesError, match="document cannot be combined"):
        load_ruleset([path], include_defaults=False)


def test_reports_offer_the_disclosure_as_wording_to_add_never_as_a_replacement(linter):
    findings = [f for f in lint(linter, PAGE, "facial.md") if f.rule == "t-fda-status"]
    wording = "There are currently no FDA-approved exosome products."
    assert f'= add: "{wording}"' in text.render(findings, 1, linter.ruleset, {"show_source": False})
    assert f'Add: "{wording}"' in github.render(findings, 1, linter.ruleset)
    assert f'Add: "{wording}"' in junit.render(findings, 1, linter.ruleset)
    (diag,) = json.loads(rdjson.render(findings, 1, linter.ruleset))["diagnostics"]
    assert "suggestions" not in diag and f'Add: "{wording}"' in diag["message"]
    (result,) = sarif.document(findings, linter.ruleset)["runs"][0]["results"]
    assert "fixes" not in result and f'Add: "{wording}"' in result["message"]["text"]
