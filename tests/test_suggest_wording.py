"""Suggested wording agrees with its sentence: tense, person, number, case, articles, hedges.

All copy here is written for these tests.
"""
from __future__ import annotations

import re

import pytest

import lintmed

from lintmed.findings import ADD_TO_PAGE, SUGGESTION_KINDS
from lintmed.suggest.inflect import article_for, fix_articles, forms, match_case, verb_form
from lintmed.suggest.wording import realise, shape_of, suggest
from fix_support import rules_linter

HEDGE = ["may help relieve {object}"]


def sub(sentence: str, claim: str, templates=HEDGE, term=None) -> list[str]:
    start = sentence.index(claim)
    return suggest(templates, sentence, start, start + len(claim), term)


def fixed(sentence: str, claim: str, templates=HEDGE) -> str:
    start = sentence.index(claim)
    [first, *_] = sub(sentence, claim, templates)
    return sentence[:start] + first + sentence[start + len(claim):]


# ------------------------------------------------------------------ verb forms

@pytest.mark.parametrize("base, expected", [
    ("help", ("help", "helps", "helped", "helped", "helping")),
    ("reduce", ("reduce", "reduces", "reduced", "reduced", "reducing")),
    ("carry", ("carry", "carries", "carried", "carried", "carrying")),
    ("stop", ("stop", "stops", "stopped", "stopped", "stopping")),
    ("be", ("be", "is", "was", "been", "being")),
    ("fix", ("fix", "fixes", "fixed", "fixed", "fixing")),
])
def test_forms_of_replacement_verbs(base, expected):
    assert tuple(forms(base)) == expected


@pytest.mark.parametrize("word, lemma, form", [
    ("cures", "cure", "s"), ("cure", "cure", "base"), ("cured", "cure", "ed"),
    ("curing", "cure", "ing"), ("stopped", "stop", "ed"), ("carries", "carry", "s"), ("shown", "show", "ed"),
])
def test_verb_form_from_spelling_and_lemma(word, lemma, form):
    assert verb_form(word, lemma) == form


# ------------------------------------------------------ tense, person, number

@pytest.mark.parametrize("sentence, claim, expected", [
    ("Our balm cures itchy scalps.", "cures itchy scalps",
     "Our balm may help relieve itchy scalps."),                      # 3rd person singular present
    ("Our balms cure itchy scalps.", "cure itchy scalps",
     "Our balms may help relieve itchy scalps."),                     # plural present
    ("Last year the balm cured itchy scalps.", "cured itchy scalps",
     "Last year the balm may have helped relieve itchy scalps."),     # past
    ("The balm has cured itchy scalps.", "cured itchy scalps",
     "The balm has potentially helped relieve itchy scalps."),        # perfect: participle
    ("The balm is curing itchy scalps.", "curing itchy scalps",
     "The balm is potentially helping relieve itchy scalps."),        # progressive
    ("The balm can cure itchy scalps.", "cure itchy scalps",
     "The balm can potentially help relieve itchy scalps."),          # after a modal: base form
    ("The balm may cure itchy scalps.", "cure itchy scalps",
     "The balm may help relieve itchy scalps."),                      # no "may may"
    ("The balm could cure itchy scalps.", "cure itchy scalps",
     "The balm could help relieve itchy scalps."),                    # no "could may"
])
def test_hedge_agrees_with_the_claim_verb(sentence, claim, expected):
    assert fixed(sentence, claim) == expected


@pytest.mark.parametrize("sentence, claim, expected", [
    # A verb listed after a modal is governed by it, however far back.
    ("The gel can soothe burns, relieve itchy scalps and calm skin.", "relieve itchy scalps",
     "The gel can soothe burns, potentially help relieve itchy scalps and calm skin."),
    ("The gel may soothe burns, relieve itchy scalps and calm skin.", "relieve itchy scalps",
     "The gel may soothe burns, help relieve itchy scalps and calm skin."),
    ("It is made to soothe burns and relieve itchy scalps.", "relieve itchy scalps",
     "It is made to soothe burns and potentially help relieve itchy scalps."),
    # Without a modal, an imperative list keeps its own hedge.
    # After "help (to)" the hedge does not say "help" again.
    ("The gel helps to relieve itchy scalps.", "relieve itchy scalps",
     "The gel helps to potentially relieve itchy scalps."),
    ("Our drops help relieve itchy scalps.", "relieve itchy scalps",
     "Our drops help potentially relieve itchy scalps."),
])
def test_hedge_agrees_with_what_governs_the_claim(sentence, claim, expected):
    assert fixed(sentence, claim) == expected


@pytest.mark.parametrize("sentence, claim", [
    ("Cure itchy scalps tonight.", "Cure itchy scalps"),                 # an imperative
    ("Soothe burns and relieve itchy scalps.", "relieve itchy scalps"),  # a coordinated imperative
    ("Our balms ease and even cure itchy scalps.", "cure itchy scalps"),  # "ease and even ..."
])
def test_an_imperative_is_not_turned_into_a_subjectless_hedge(sentence, claim):
    assert sub(sentence, claim) == []


def test_claim_after_a_determiner_brings_no_article():
    assert sub("It is the most trusted spa.", "most trusted", ["a trusted"]) == ["trusted"]
    assert sub("It is most trusted.", "most trusted", ["a trusted"]) == ["a trusted"]
    assert sub("It has a proven record.", "proven record", ["a record under review"]) == ["record under review"]


def test_a_word_repeated_where_template_meets_claim_is_said_once():
    assert sub("It also works for gout.", "works for gout", ["is being studied for {object}"]) == \
        ["is being studied for gout"]


@pytest.mark.parametrize("sentence, claim, expected", [
    # A capital inside a sentence is a name: the replacement does not copy it.
    ("Our spa is Ohio’s Favourite clinic.", "Ohio’s Favourite", "a popular"),
    # A heading in Title Case, and a segment after a dash or colon, keep their capitals.
    ("Ohio’s Favourite Spa For Sore Joints", "Ohio’s Favourite", "A Popular"),
    ("Spa Tonic – Stops itching fast", "Stops itching", "May help reduce itching"),
    ("Why us: Stops itching fast", "Stops itching", "May help reduce itching"),
    ("It Stops itching fast", "Stops itching", "may help reduce itching"),
])
def test_case_follows_sentence_capitals_not_names(sentence, claim, expected):
    template = "may help reduce {object}" if claim.startswith("Stops") else "a popular"
    assert sub(sentence, claim, [template]) == [expected]


def test_no_doubled_hedge_anywhere():
    for modal in ("may", "might", "could", "can", "will"):
        out = fixed(f"The rinse {modal} cure dandruff.", "cure dandruff")
        assert f"{modal} may" not in out and "may may" not in out, out


@pytest.mark.parametrize("sentence, claim, expected", [
    ("This plan guarantees results.", "guarantees", "This plan is designed to support results."),
    ("These plans guarantee results.", "guarantee", "These plans are designed to support results."),
    ("The old plan guaranteed results.", "guaranteed", "The old plan was designed to support results."),
    ("The old plans guaranteed results.", "guaranteed", "The old plans were designed to support results."),
    ("The plan will guarantee results.", "guarantee", "The plan will be designed to support results."),
    ("I guarantee results.", "guarantee", "I am designed to support results."),
])
def test_copula_template_agrees_in_person_number_and_tense(sentence, claim, expected):
    assert fixed(sentence, claim, ["is designed to support"]) == expected


def test_three_s_template_head_agrees():
    assert fixed("These tonics guarantee results.", "guarantee", ["aims to support"]) == \
        "These tonics aim to support results."
    assert fixed("The tonic guaranteed results.", "guaranteed", ["aims to support"]) == \
        "The tonic aimed to support results."


def test_verb_template_needs_a_verb_claim():
    # "miracle" is no verb: a verb-phrase template does not fit, a plain one does.
    assert sub("A miracle tonic for tired feet.", "miracle", ["may help relieve {object}", "newer"]) == ["newer"]


def test_leading_adverb_is_dropped_with_the_claim():
    assert fixed("The gel virtually eliminates the risk of bruising.", "virtually eliminates the risk",
                 ["may lower {object}"]) == "The gel may lower the risk of bruising."


# ------------------------------------------------------------ articles, case

@pytest.mark.parametrize("word, article", [
    ("option", "an"), ("serum", "a"), ("hour", "an"), ("unapproved", "an"), ("user", "a"),
    ("FDA", "an"), ("NHS", "an"), ("CBD", "a"), ("one", "a"), ("8-week", "an"),
])
def test_article_for(word, article):
    assert article_for(word) == article


def test_articles_inside_a_replacement_agree():
    assert fix_articles("a option and an serum") == "an option and a serum"
    assert fix_articles("A unapproved product") == "An unapproved product"


def test_case_follows_the_claim():
    assert match_case("may help relieve", "CURES") == "MAY HELP RELIEVE"
    assert match_case("may help relieve pain", "Cures Back Pain") == "May Help Relieve Pain"
    assert match_case("may help", "cures") == "may help"


def test_shouted_claim_gets_a_shouted_replacement():
    assert fixed("OUR TONIC CURES ACHES.", "CURES ACHES") == "OUR TONIC MAY HELP RELIEVE ACHES."


# ------------------------------------------------------ conditions, substitutions

def test_predicative_and_attributive_conditions():
    templates = ["[predicative] not approved by the FDA", "[attributive] unapproved"]
    assert sub("This gel is FDA-approved.", "FDA-approved", templates) == ["not approved by the FDA"]
    assert sub("We sell FDA-approved gels.", "FDA-approved", templates) == ["unapproved"]


def test_substitution_edits_only_the_matched_words():
    out = sub("We sell FDA-approved vesicle gels.", "FDA-approved vesicle", ["/FDA[- ]approved/unapproved/"])
    assert out == ["unapproved vesicle"]


def test_a_sentence_initial_word_moved_by_a_substitution_is_lower_cased():
    templates = [r"/^(trials|research) shows?/early \1 hints/"]
    assert sub("Trials show it works.", "Trials show", templates) == ["Early trials hints"]
    # Capitalised mid-sentence (a name) or shouted, it keeps its case.
    assert sub("So Trials show it works.", "Trials show", templates) == ["early Trials hints"]
    assert sub("TRIALS SHOW IT WORKS.", "TRIALS SHOW", templates) == ["EARLY TRIALS HINTS"]


def test_substitution_that_does_not_match_is_left_out():
    assert sub("We sell gels.", "gels", ["/FDA/x/"]) == []


def test_sentence_condition():
    templates = ["[sentence] Book a consultation when you are ready."]
    # The page's own end mark stays after the new sentence; a heading without one gets the template's.
    assert sub("Hurry now!", "Hurry now", templates) == ["Book a consultation when you are ready"]
    assert sub("Hurry now", "Hurry now", templates) == ["Book a consultation when you are ready."]
    assert sub("Call us and hurry now.", "hurry now", templates) == []


def test_end_punctuation_inside_the_span_is_kept():
    assert sub("This gel is FDA-approved.", "FDA-approved.", ["[predicative] not approved by the FDA"]) == \
        ["not approved by the FDA."]


def test_term_placeholder_and_unfillable_object():
    assert sub("It treats gout.", "treats gout", ["is being studied for {term}"], term="gout") == \
        ["is being studied for gout"]
    shape = shape_of("Cures.", 0, 5)
    assert realise("may help relieve {object}", shape, "Cures", None) is None


# -------------------------------------------------------- the default rule set

@pytest.fixture(scope="module")
def linter():
    return rules_linter()


def rewrites(linter, sentence: str, rule: str) -> list[str]:
    """The sentence with each suggestion of the finding that names ``rule`` applied, each at
    its own span (the claim's words, the sentence, or the end of the sentence)."""
    [f] = [f for f in linter.lint(sentence, path="x.txt").findings if rule in (f.rule, *f.related)]
    return [sentence[:s.span(f)[0]] + s.replacement + sentence[s.span(f)[1]:] for s in f.suggestions]


@pytest.mark.parametrize("sentence, rule, expected", [
    ("Our serum cures chapped lips.", "cure-claim", "Our serum may help manage chapped lips."),
    ("The serum eliminated the risk of redness.", "eliminates-risk-claim",
     "The serum may have lowered the risk of redness."),
    ("The drink boosts energy.", "unqualified-efficacy-claim", "The drink may help boost energy."),
    ("We sell FDA-approved gels.", "fda-approval-claim", "We sell gels."),  # the claim's words go
    ("We sell an FDA-approved gel.", "fda-approval-claim", "We sell a gel."),
    ("Studies show that the tonic lifts mood.", "studies-show-claim", "Studies suggest that the tonic lifts mood."),
    ("Research shows that the tonic lifts mood.", "studies-show-claim",
     "Research suggests that the tonic lifts mood."),
    ("The tonic has been shown to lift mood.", "studies-show-claim", "The tonic may lift mood."),
    ("Harvard research proves that the tonic lifts mood.", "studies-show-claim",
     "Harvard research suggests that the tonic lifts mood."),
    ("There are many studies that show the tonic lifts mood.", "studies-show-claim",
     "There are many studies that suggest the tonic lifts mood."),
    ("Our cream reverses wrinkles.", "reversal-claim", "Our cream may help improve the look of wrinkles."),
    ("Act fast! The tonic is popular.", "act-now-pressure",
     "Book a consultation to discuss whether this is appropriate for you. The tonic is popular."),
    # Someone else's words stay as they are: a typicality statement goes after them.
    ('"I lost 20 pounds in a month!" says Ann.', "personal-outcome-testimonial",
     '"I lost 20 pounds in a month!" says Ann. Individual results vary.'),
])
def test_default_rules_suggest_in_context(linter, sentence, rule, expected):
    assert rewrites(linter, sentence, rule)[0] == expected


@pytest.mark.parametrize("sentence", [
    "Our tea reverses fatty liver disease.",
    "Our serum helps treat eczema.",
    "It may help treat arthritis.",
    "Our stem cell therapy cures arthritis.",
    "“It cured my eczema,” one client told us.",
])
def test_serious_disease_claims_are_removed_first_never_hedged(linter, sentence):
    [f] = linter.lint(sentence, path="x.txt").findings
    assert f.category == "disease-claim"
    first = f.suggestions[0]
    assert (first.kind, first.replacement, first.scope) == ("remove", "", "sentence")
    assert all(s.kind in ("remove", "reframe") for s in f.suggestions), f.suggestions
    assert not any("may" in s.replacement or "stud" in s.replacement for s in f.suggestions)


def test_a_replacement_that_would_break_the_sentence_is_not_offered(linter):
    """Wording that fits the claim but not its slot is dropped, and the next one is used."""
    # An imperative has no subject for "may": no "May help boost ..." and no "ease and even may help".
    for sentence, rule in [("Boost your energy with our drink.", "unqualified-efficacy-claim"),
                           ("Our injections ease and even eliminate your pain.", "symptom-elimination-claim")]:
        assert not any("may help" in r.lower() for r in rewrites(linter, sentence, rule)), sentence
    assert not any("appearance of" in r or "look of" in r
                   for r in rewrites(linter, "Our tea reverses fatty liver disease.", "reversal-claim"))
    assert not any("as generally well tolerated" in r
                   for r in rewrites(linter, "A session is as harmless as a walk.", "absolute-safety-claim"))


def test_overlapping_claims_are_one_finding_naming_the_others(linter):
    sentence = "Our stem cell therapy cures arthritis."
    findings = linter.lint(sentence, path="x.txt").findings
    assert len(findings) == 1
    [f] = findings
    assert f.rule == "disease-treatment-claim" and "cure-claim" in f.related
    spans = [(f.start, f.end) for f in linter.lint("It cures arthritis and eliminates your pain for good.",
                                                   path="x.txt").findings]
    assert all(a[1] <= b[0] for a, b in zip(sorted(spans), sorted(spans)[1:])), "no two findings share a word"


# ------------------------------------------------------------ the rule data

def test_safe_rules_rewrite_their_own_examples_and_clear_them(linter):
    """A safe fix is applied without review: on the rule's own flag examples its first
    suggestion must clear the claim, and --fix must apply it to at least one of them."""
    from lintmed.suggest.fix import _edit_for, apply_edits, fix_text

    safe = [r for r in linter.ruleset if r.fix_safety == "safe"]
    assert len(safe) >= 3
    for rule in safe:
        fixed_any = False
        for example in rule.examples_flag:
            for finding in [f for f in linter.lint(example, path="x.txt").findings if f.rule == rule.id]:
                edit = _edit_for(finding, example, linter.ruleset, unsafe=False, fmt="text")
                if isinstance(edit, str):  # only a removal of the sentence is offered: not applied
                    continue
                after = apply_edits(example, [edit])
                new_end = edit.start + len(edit.replacement)
                assert not [f for f in linter.lint(after, path="x.txt").findings
                            if f.rule == rule.id and f.start < new_end and f.end > edit.start], (rule.id, after)
            fixed_any |= rule.id not in {f.rule for f in fix_text(example, "x.txt", linter).lint.findings}
        assert fixed_any, rule.id


# ------------------------------------------------ honest wording (issue 16)

# What no replacement may carry: a placeholder or bracketed note left for the writer, or a
# fact lintmed cannot know (a study, an approval status, a price) or a swap that keeps the
# claim ("proven" -> "studied", "guaranteed" -> "intended", "superior" -> "different").
DISHONEST = re.compile(
    r"[\[\]{}]|\((?:[^)]*\b(?:only|claim|note|insert|cite)\b[^)]*)\)"
    r"|\b(?:stud(?:y|ies|ied)|trials?|research(?:ed)?|investigat\w+|unapproved|approved"
    r"|standard-price|price|intended|different(?:ly)?|clinician-developed|newer|established|early)\b",
    re.IGNORECASE)


def _example_findings(linter):
    for rule in linter.ruleset:
        for example in rule.examples_flag:
            for f in linter.lint(example, path="x.txt").findings:
                yield example, f


def test_no_replacement_carries_a_placeholder_note_or_invented_fact(linter):
    """Over every rule's own flagged examples: words the replacement adds (those not already
    in the sentence) never include a placeholder, a note or an invented fact."""
    checked = 0
    for example, f in _example_findings(linter):
        for s in f.suggestions:
            if s.description == ADD_TO_PAGE:
                continue
            added = DISHONEST.findall(s.replacement)
            kept = [w for w in added if w.lower() in example.lower()]
            assert len(added) == len(kept), (f.rule, example, s.replacement)
            checked += 1
    assert checked > 150


def test_every_finding_has_a_suggestion_of_a_known_kind(linter):
    for example, f in _example_findings(linter):
        assert f.suggestions, (f.rule, example)
        for s in f.suggestions:
            assert s.description
            assert s.kind in SUGGESTION_KINDS or s.description == ADD_TO_PAGE, (f.rule, s)


@pytest.mark.parametrize("sentence, rule, expected", [
    # A removal takes the words a reader sees as the same sentence ("... . . . lowers X").
    ("Nice tea. Our kratom . . . lowers blood pressure.", "biomarker-disease-claim", "Nice tea."),
    # ... and the speaker of a quotation; a typicality statement goes after the speaker.
    ('"I lost five pounds in a week!" Tom told us. We love Tom.', "personal-outcome-testimonial",
     '"I lost five pounds in a week!" Tom told us. Individual results vary. We love Tom.'),
    # "designed to" only for an intent the claim names, never for a disease or after "been".
    ("Our gel is clinically proven to ease dryness.", "clinically-proven-claim", "Our gel is designed to ease dryness."),
    # A heading's capitals stay on a hedged verb phrase.
    ("Herbs to Promote Healing", "unqualified-efficacy-claim", "Herbs to Potentially Help Promote Healing"),
    # A deleted modifier takes its intensifier, and "an" becomes "a".
    ("Try our totally non-toxic hair dye.", "no-side-effects-claim", "Try our hair dye."),
    ("We sell an FDA-approved gel.", "fda-approval-claim", "We sell a gel."),
    ("The drink boosts energy and lifts mood.", "unqualified-efficacy-claim", "The drink may help boost energy and lift mood."),
])
def test_span_and_wording_in_context(linter, sentence, rule, expected):
    assert rewrites(linter, sentence, rule)[0] == expected


@pytest.mark.parametrize("sentence, rule", [
    ("CBD has been scientifically shown to treat epilepsy.", "clinically-proven-claim"),  # no "designed to treat"
    ("It is more effective than the world's number one drug.", "superlative-ranking-hype"),  # no "the one drug"
    ("Amniotic fluid has antiviral activity against flu.", "infection-immunity-claim"),  # no bare "activity"
    ("PRP is a safer option than steroids.", "safer-than-claim"),  # no "an option than"
    ("We are the best clinic in London.", "superlative-ranking-hype"),  # no "the in London"
])
def test_no_word_deletion_that_leaves_a_broken_or_empty_phrase(linter, sentence, rule):
    for rewrite in rewrites(linter, sentence, rule):
        assert "designed to treat" not in rewrite and "the one" not in rewrite and " have activity" not in rewrite
        assert "an option than" not in rewrite and "the in" not in rewrite


@pytest.mark.parametrize("sentence, rule, expected", [
    ("They carry growth factors that stimulate tissue healing.", "unqualified-efficacy-claim",
     "They carry growth factors that may help stimulate tissue healing."),  # "that" is the verb's subject
    ("- Reduced Risks: there is no risk of rejection.", "no-risk-claim",
     "- Like any treatment, it carries some risk; ask your clinician about the risks."),  # the bullet stays
])
def test_more_slots(linter, sentence, rule, expected):
    assert rewrites(linter, sentence, rule)[0] == expected


def test_softer_wording_never_comes_first_in_a_sentence_naming_a_serious_disease(linter):
    # The finding is about the studies, but a hedge would leave "slows tumours" standing.
    [f] = [f for f in linter.lint("Studies show that our tea slows tumours.", path="x.txt").findings
           if "studies-show-claim" in (f.rule, *f.related)]
    assert (f.suggestions[0].kind, f.suggestions[0].scope) == ("remove", "sentence")


@pytest.mark.parametrize("sentence, rule", [
    ("We help when other treatments have proven ineffectual for you.", "clinically-proven-claim"),
    ("Wound care: for non-healing wounds and scrapes.", "unqualified-efficacy-claim"),
])
def test_no_rewrite_that_breaks_a_verb_or_a_word(linter, sentence, rule):
    for rewrite in rewrites(linter, sentence, rule):
        assert "have ineffectual" not in rewrite and "non-potential" not in rewrite, rewrite


@pytest.mark.parametrize("sentence, rule, expected", [
    # A sentence that spaCy splits where a reader does not ("etc. on ...") is removed whole.
    ("Our drops are antimicrobial, soothing etc. on many systems. Nice.", "infection-immunity-claim", "Nice."),
    # An intensifier goes with the hedge: no "significantly potentially helping".
    ("The serum significantly boosts collagen.", "unqualified-efficacy-claim", "The serum may help boost collagen."),
])
def test_split_sentences_and_intensifiers(linter, sentence, rule, expected):
    assert rewrites(linter, sentence, rule)[0] == expected


def test_a_verb_is_never_deleted_as_if_it_were_a_modifier(linter):
    assert all("further full" not in r for r in
               rewrites(linter, "The advert further guarantees full restoration of hair.", "guaranteed-result-claim"))


def test_a_persons_own_words_are_never_replaced_by_ours(linter):
    [f] = linter.lint("I've cut my insulin in half since I started the tea.", path="x.txt").findings
    assert [s.kind for s in f.suggestions] == ["remove"]


def test_a_typicality_statement_is_not_added_after_a_claim_about_everyone(linter):
    """ "Every member gets X. Individual results vary." says two opposite things: after an
    "every" or "always" the statement would not change what a reader takes away."""
    for sentence in ["Every member gets firmer skin after a single peel.",
                     "All our clients saw results within two visits.",
                     "Clients always report deeper sleep after a float session."]:
        findings = [f for f in linter.lint(sentence, path="x.txt").findings]
        assert findings, sentence
        for f in findings:
            assert not any("results vary" in s.replacement for s in f.suggestions), (sentence, f.suggestions)
    # Without the universal word ("every night" counts no one), and for someone's own words,
    # the statement is still offered.
    assert any(r.endswith("Individual results vary.")
               for r in rewrites(linter, "My pain was gone after one session and I sleep better every night.",
                                 "personal-outcome-testimonial"))
    assert any(r.endswith("Individual results vary.")
               for r in rewrites(linter, "Most clients notice firmer skin within a week.", "social-proof-typicality"))
    assert any(r.endswith("Individual results vary.")
               for r in rewrites(linter, '"It worked for all of my aches," says Ann.', "works-for-everyone-claim"))


@pytest.mark.parametrize("sentence, expected", [
    # The hedge goes before the help-verb, not between it and the claim.
    ("Our tonic helps boost immune function.", "Our tonic may help boost immune function."),
    ("Our tonics help boost immune function.", "Our tonics may help boost immune function."),
    ("The tonic helped boost immune function.", "The tonic may have helped boost immune function."),
    ("The tonic helps to boost immune function.", "The tonic may help to boost immune function."),
    ("Use the tonic to help boost immune function.", "Use the tonic to potentially help boost immune function."),
    ("The tonic can help boost immune function.", "The tonic can potentially help boost immune function."),
    # An intensifier before the claim goes with the hedge.
    ("The tonic is able to strongly stimulate hair growth.", "The tonic is able to potentially help stimulate hair growth."),
])
def test_a_hedge_reads_as_one_phrase_with_a_help_verb_or_an_intensifier(linter, sentence, expected):
    assert rewrites(linter, sentence, "unqualified-efficacy-claim")[0] == expected


@pytest.mark.parametrize("sentence, rule, wrong", [
    # An "-ed" word after "such as" or "offers" heads a noun phrase; it is no past tense.
    ("Enjoy benefits such as improved skin texture.", "unqualified-efficacy-claim", "may have helped"),
    ("The gel offers enhanced healing for tired skin.", "unqualified-efficacy-claim", "may have helped"),
    # "safe for all" is not "generally well tolerated" for all, nor "well tolerated skin types".
    ("The peel is safe for all skin types.", "absolute-safety-claim", "well tolerated"),
    # "potential" goes only where a noun phrase can open.
    ("The drops support the body's natural healing process.", "unqualified-efficacy-claim", "potential"),
    ("The herbs in our tonic are anti-inflammatory.", "unqualified-efficacy-claim", "potential are"),
    ("Ginger Is Anti-Inflammatory", "unqualified-efficacy-claim", "Potential Is"),
    ("Try the instant pain-free answer to sore feet.", "unqualified-efficacy-claim", "potential instant"),
    ("Our gummies curb late-night snacking, helping to regulate your appetite.", "unqualified-efficacy-claim",
     "potential helping"),
    # A removal or a qualification leaves a sentence. A dropped modifier must leave its noun
    # before a preposition or a clause ...
    ("Our clinic has been achieving astonishing results like these for years.", "results-hype",
     "achieving like these"),
    ("The brace offers support over and above what a bandage can give.", "better-than-claim", "support what"),
    # ... an ordinal its superlative ...
    ("Ozone is the second most powerful cleanser in the world.", "superlative-ranking-hype", "second cleanser"),
    # ... and "no damage to" is no adjective to qualify.
    ("Because the probe stays cool, there will be no damage to your scalp.", "absolute-safety-claim",
     "be generally well tolerated your"),
])
def test_no_suggestion_that_reads_wrong(linter, sentence, rule, wrong):
    assert not any(wrong in r for r in rewrites(linter, sentence, rule)), rewrites(linter, sentence, rule)


@pytest.mark.parametrize("plain, proven, rule", [
    ("Our foam stops shedding and hair loss after one bottle.",
     "Our foam has been proven to stop shedding and hair loss after one bottle.", "symptom-elimination-claim"),
    ("The drops boost your immunity.", "The drops are clinically shown to boost your immunity.",
     "unqualified-efficacy-claim"),
    ("Our tonic increases energy levels.", "Our tonic was found to increase energy levels.",
     "unqualified-efficacy-claim"),
])
def test_no_hedge_under_a_claim_of_proof(linter, plain, proven, rule):
    """"proven to potentially help reduce" still says it is proven: under a claim of proof no
    hedge is offered (and so none is applied by --fix); the proof has its own finding."""
    def hedged(sentence):
        return [r for r in rewrites(linter, sentence, rule) if re.search(r"\b(?:may|potentially)\b", r)]

    assert hedged(plain)  # the claim alone is hedged
    assert not hedged(proven), hedged(proven)


def test_a_noun_phrase_still_takes_potential_or_possibly(linter):
    assert "Enjoy benefits such as possibly improved skin texture." in rewrites(
        linter, "Enjoy benefits such as improved skin texture.", "unqualified-efficacy-claim")
    assert "The potential regenerative properties of the gel are well known." in rewrites(
        linter, "The regenerative properties of the gel are well known.", "unqualified-efficacy-claim")


@pytest.mark.parametrize("sentence, rule, expected", [
    # The hedge comes before the writer's adverb, which stays with its verb.
    ("Our gel intensely stimulates regeneration.", "unqualified-efficacy-claim",
     "Our gel may help intensely stimulate regeneration."),
    # ... but a noun in -ly is no adverb.
    ("The tonic for the whole family boosts energy.", "unqualified-efficacy-claim",
     "The tonic for the whole family may help boost energy."),
    # "reduce or eliminate" softened is "reduce", not "reduce or potentially help reduce".
    ("Our program helps reduce or eliminate your symptoms.", "symptom-elimination-claim",
     "Our program helps reduce your symptoms."),
    ("The pillow is effective in reducing or eliminating neck stiffness.", "symptom-elimination-claim",
     "The pillow is effective in reducing neck stiffness."),
])
def test_a_hedge_fits_the_words_around_the_claim(linter, sentence, rule, expected):
    assert expected in rewrites(linter, sentence, rule)


def test_a_noun_that_looks_like_a_verb_is_not_hedged_as_one(linter):
    """"an increase in stamina" is a noun: no "may help increase in stamina"."""
    for sentence in ["Incredible increase in thickness and volume!", "GIRTH increase in thickness"]:
        findings = linter.lint(sentence, path="x.txt").findings
        assert findings, sentence
        assert not any("help increase in" in s.replacement for f in findings for s in f.suggestions)


def test_no_typicality_statement_excuses_a_story_of_a_serious_disease_or_repeats_one(linter):
    """"Individual results vary." after a cured arthritis is still a disease testimonial
    (removal only); and where the sentence already says results vary, it is not said twice."""
    [f] = [f for f in linter.lint("My arthritis pain was gone after one session!", path="x.txt").findings]
    assert [s.kind for s in f.suggestions] == ["remove"]
    assert any(r.endswith("Individual results vary.") for r in rewrites(
        linter, "My knee pain was gone after one session!", "personal-outcome-testimonial"))
    for f in linter.lint("Results vary, but within eight weeks you will see thicker hair.", path="x.txt").findings:
        assert not any(s.kind == "typicality" for s in f.suggestions), f.suggestions


def test_the_serious_disease_pattern_finds_each_word_whole_in_any_case():
    """The pattern of the serious-disease, cancer and COVID-19 term lists (their shared
    beginnings written once) finds a sentence that names one as a word of its own, as a
    plain alternation of the words does."""
    from lintmed.rules.load import load_ruleset
    from lintmed.suggest.place import SERIOUS_TERM_LISTS, serious_terms

    ruleset = load_ruleset()
    pattern = serious_terms(ruleset)
    words = [w for name in SERIOUS_TERM_LISTS for w in ruleset.terms[name]]
    plain = re.compile(r"(?<![a-z])(?:%s)(?![a-z])" % "|".join(map(re.escape, words)), re.IGNORECASE)
    texts = [f"Our drip eases {w} for good." for w in words] + [f"{w.upper()}!" for w in words]
    texts += [f"pre{w}" for w in words] + [f"{w}ish" for w in words]
    texts += ["Book a facial this week.", "We cancel no appointment.", ""]
    found = [bool(pattern.search(t)) for t in texts]
    assert found == [bool(plain.search(t)) for t in texts]
    assert all(found[:2 * len(words)]) and not any(found[-3:])
