"""The label check (lintmed.engine.labels): a claim that states only what a product's approval
covers is left alone by the rules that opt in with ``on-label: suppress``; any other
condition, another form of the product, a comparison or another clause keeps the claim.

All copy here is written for these tests.
"""
from __future__ import annotations

from functools import lru_cache

import pytest

from lintmed.engine.linter import Linter
from lintmed.rules.load import load_ruleset

APPROVAL = "fda-approval-claim"


@lru_cache(maxsize=1)
def linter() -> Linter:
    return Linter(load_ruleset(), inline_suppress=False)


def rules_flagging(text: str) -> set[str]:
    return {f.rule for f in linter().lint(text, "page.txt").findings}


def on_label_verdicts(text: str) -> list:
    return [v for v in linter().lint(text, "page.txt").suppressed if "on-label" in v.suppressed_by]


@pytest.mark.parametrize("text", [
    "Zepbound is FDA-approved for obstructive sleep apnoea in adults with obesity.",
    "Kybella is FDA-approved to reduce submental fat, the fat under the chin.",
    "Topical minoxidil is FDA approved for hereditary hair loss in men and women.",
    "Epidiolex was approved by the FDA in 2018 for seizures in two rare forms of epilepsy.",
    "Hyperbaric oxygen therapy is approved by the FDA for carbon monoxide poisoning and severe burns.",
    "Ozempic is FDA approved, and our doctors prescribe it only after a consultation.",
    "Dysport is approved by the FDA for glabellar lines in adults under 65.",
    "FDA-approved neurotoxins such as Xeomin are used for frown lines.",
    "Phentermine is FDA-approved to help adults with obesity lose weight over a few weeks.",
    "Estrogen therapy is FDA-approved for hot flashes and to prevent osteoporosis after menopause.",
    # Another product named beside it, but not joined to it, leaves the claim on label.
    "The only stem cell therapy with FDA approval is licensed cord blood, for certain blood cancers.",
])
def test_on_label_statements_are_not_flagged(text):
    assert APPROVAL not in rules_flagging(text)
    [verdict, *_] = on_label_verdicts(text)
    trigger = next(t for t in verdict.context.triggers if t.kind == "on-label")
    # The trigger names the product as the text spells it, at its place in the sentence.
    name = trigger.text.split(" (")[0]
    assert text[trigger.start:trigger.end] == name


def test_on_label_disease_claim_is_left_alone_but_a_cure_claim_is_not():
    # "treat ... treatment-resistant depression" is the label; "cures" is another claim.
    assert "disease-treatment-claim" not in rules_flagging(
        "Spravato is FDA-approved to treat treatment-resistant depression in adults.")
    assert "cure-claim" in rules_flagging("Botox cures chronic migraine for good.")


@pytest.mark.parametrize("text,why", [
    ("Our compounded semaglutide is FDA-approved for weight loss.", "a compounded version"),
    ("Semaglutide drops are FDA-approved for weight management.", "another dosage form"),
    ("Oral minoxidil tablets are FDA-approved for hair loss.", "the product's own exception"),
    ("Like Botox, our PRP serum is FDA-approved for frown lines.", "a comparison"),
    ("Our neurotoxin is just as FDA approved as Botox for frown lines.", "a comparison"),
    ("HBOT is FDA-approved for decompression sickness and autism.", "a condition outside the uses"),
    ("Botox is FDA-approved to ease anxiety.", "a condition outside the uses"),
    ("Our bioidentical hormone therapy is FDA-approved for hot flashes.", "compounded hormones"),
    ("Herbal phentermine is FDA-approved for weight loss.", "the product's own exception"),
    ("Hormone replacement therapy is FDA-approved to prevent dementia.", "a condition outside the uses"),
    ("Our hyperbaric chamber is FDA-approved.", "a cleared device, no use named"),
    ("Semaglutide is FDA approved.", "a molecule sold compounded, no use named"),
    ("Wegovy is FDA-approved to melt belly fat in a week.", "a purpose that is not a use"),
    ("Botox is approved for frown lines, but our exosome serum is FDA-approved too.", "another clause"),
    ("Botox and our exosome serum are FDA-approved for frown lines.", "another product joined to it"),
    ("Our PRP kit, plus Juvederm, is FDA-approved for lip fullness.", "another product joined to it"),
])
def test_claims_beyond_the_label_are_flagged(text, why):
    assert APPROVAL in rules_flagging(text), why


def test_a_rule_that_does_not_opt_in_keeps_on_label_claims(tmp_path):
    override = tmp_path / "override.yaml"
    override.write_text("rules:\n  - id: fda-approval-claim\n    context: {on-label: keep}\n", encoding="utf-8")
    text = "Zepbound is FDA-approved for chronic weight management."
    assert APPROVAL not in rules_flagging(text)
    kept = Linter(load_ruleset([str(override)]), inline_suppress=False)
    assert APPROVAL in {f.rule for f in kept.lint(text, "page.txt").findings}


def test_a_rule_file_can_add_a_product(tmp_path):
    extra = tmp_path / "labels.yaml"
    extra.write_text(
        "approved-uses:\n  products:\n    - names: [zorvexa]\n      status: approved\n"
        "      uses: [chronic migraine]\n      source: Test label\n", encoding="utf-8")
    text = "Zorvexa is FDA-approved for chronic migraine."
    assert APPROVAL in rules_flagging(text)
    ruleset = load_ruleset([str(extra)])
    # The default products are still there, after the defaults' own.
    assert "zorvexa" in ruleset.approved_uses.products[-1].names
    assert any("wegovy" in p.names for p in ruleset.approved_uses.products)
    added = Linter(ruleset, inline_suppress=False)
    assert APPROVAL not in {f.rule for f in added.lint(text, "page.txt").findings}
    assert APPROVAL in {f.rule for f in added.lint("Zorvexa is FDA-approved for anxiety.", "page.txt").findings}


def test_default_products_name_their_source_and_only_known_conditions():
    approved = load_ruleset().approved_uses
    assert approved.products
    assert all(p.source and p.uses for p in approved.products)
    # Each conditions entry is a term list, so a clause's conditions can be found.
    assert set(approved.conditions) <= set(load_ruleset().terms)


@pytest.mark.parametrize("text", [
    # Standard care named by its class, as a hospital or pharmacy page describes it.
    "Statins lower cholesterol and reduce the risk of heart attack and stroke.",
    "Chemotherapy uses medicines to kill cancer cells.",
    "Reliever inhalers ease asthma symptoms within minutes.",
])
def test_standard_care_described_by_a_hospital_is_not_a_claim(text):
    assert not rules_flagging(text) & {"disease-treatment-claim", "cancer-claim", "biomarker-disease-claim"}


@pytest.mark.parametrize("text", [
    # Named beside the clinic's own product, as a companion or a yardstick, it clears nothing.
    "Our IV vitamin C works alongside chemotherapy to kill cancer cells.",
    "Our mushroom extract kills cancer cells and makes chemotherapy work better.",
    "Combined with chemotherapy, the ozone sessions shrink tumours.",
    "Unlike chemo, this protocol destroys cancer cells.",
    "This herbal tea is a natural alternative to statins that lowers cholesterol.",
    "The breathing course replaces your inhaler and cures asthma.",
])
def test_standard_care_named_beside_another_product_keeps_the_claim(text):
    assert rules_flagging(text) & {"disease-treatment-claim", "cancer-claim", "biomarker-disease-claim",
                                   "cure-claim", "avoid-standard-care-claim"}, text
