"""The context pass on its own (assess_context) and the DESIGN.md policy table end to end."""
from __future__ import annotations

import pytest

import lintmed


def ctx_of(sentence: str, claim: str):
    start = sentence.index(claim)
    return lintmed.assess_context(sentence, start, start + len(claim))


# --- the DESIGN.md "Context policy is per rule" table, every row through the whole linter ---

POLICY_TABLE = [
    ("Currently, the FDA has not approved exosome products.", "ok"),
    ("Is exosome therapy FDA-approved?", "ok"),
    ("There is no risk of rejection.", "risky"),
    ("Exosomes may help improve skin texture.", "ok"),
    ("Exosomes may help treat Parkinson's disease.", "risky"),
    ("Did you know our clinic has treatments available to treat COVID-19?", "risky"),
    ("Doctors claim ozone therapy is beating Covid19.", "risky"),
    ("The FDA warns that clinics claim to cure arthritis.", "ok"),
]


@pytest.mark.parametrize("sentence,verdict", POLICY_TABLE)
def test_design_policy_table(sentence, verdict):
    findings = lintmed.lint_text(sentence, path="page.txt")
    assert bool(findings) == (verdict == "risky"), [(f.rule, f.text) for f in findings]


# --- negation ---

@pytest.mark.parametrize("sentence,claim", [
    ("There are currently no FDA-approved exosome products.", "FDA-approved"),
    ("The FDA has not approved this product.", "approved"),
    ("This treatment is not a cure for arthritis.", "cure"),
    ("We never promise results.", "promise results"),
    ("Stem cells don't cure Parkinson's disease.", "cure"),
    ("Our stem cells cannot cure autism.", "cure"),
    ("No stem cell product has been approved to treat MS.", "treat MS"),
])
def test_negated(sentence, claim):
    ctx = ctx_of(sentence, claim)
    assert ctx.negated, ctx
    assert any(t.kind == "negated" for t in ctx.triggers)


@pytest.mark.parametrize("sentence,claim", [
    ("It is not cheap, but it cures arthritis.", "cures arthritis"),  # terminated by "but"
    ("There is no doubt that exosomes cure arthritis.", "cure arthritis"),  # pseudo-negation
    ("No more pain: exosomes cure arthritis.", "cure arthritis"),
    ("Not only does it cure arthritis, it reverses aging.", "cure arthritis"),
    ("Our therapy cures arthritis.", "cures arthritis"),
    ("Nothing in this field is simple; our cells cure arthritis.", "cure arthritis"),
])
def test_not_negated(sentence, claim):
    assert not ctx_of(sentence, claim).negated


def test_negation_scope_has_a_window():
    sentence = ("No one who reads the long and winding history of medicine in this country "
                "and its many chapters will doubt that our cells cure arthritis.")
    assert not ctx_of(sentence, "cure arthritis").negated


def test_backward_negation():
    assert ctx_of("Claims that exosomes cure arthritis are untrue.", "cure arthritis").negated
    assert ctx_of("An FDA-registered lab does not mean an approved product.", "FDA-registered").negated


def test_no_evidence_governs_a_long_clause():
    sentence = "There is no good evidence that these, or any other, injections or drips can cure long COVID."
    assert ctx_of(sentence, "cure long COVID").negated


def test_relative_clause_ends_negation():
    sentence = "Exosomes do not copy themselves, which removes the risk of tumours."
    assert not ctx_of(sentence, "removes the risk").negated


def test_un_prefixed_status_words_negate():
    assert ctx_of("It is sold as an unproven treatment for cancer.", "treatment for cancer").negated


# --- hedges ---

@pytest.mark.parametrize("sentence,claim", [
    ("Exosomes may help improve skin texture.", "improve skin texture"),
    ("Early research suggests PRP could support hair growth.", "support hair growth"),
    ("The therapy has the potential to speed recovery.", "speed recovery"),
    ("Results vary; some patients report less knee pain.", "less knee pain"),
    # An aim is not an outcome.
    ("The goal of the massage is to improve circulation in the legs.", "improve circulation"),
    # What most people get, said beside a testimonial (16 CFR 255.2(b)).
    ("Our before-and-after gallery shows individual results; yours may differ.", "before-and-after"),
    ("Most clients see a smaller change than the one in this photo.", "Most clients see"),
])
def test_hedged(sentence, claim):
    assert ctx_of(sentence, claim).hedged


def test_hedge_inside_the_claim_does_not_hedge_it():
    # "hope" is part of the claim "new hope", not a qualifier of it.
    assert not ctx_of("Exosomes offer new hope to patients.", "new hope").hedged


def test_unhedged_assertion():
    assert not ctx_of("Exosomes reduce inflammation.", "reduce inflammation").hedged


# --- questions ---

def test_question():
    ctx = ctx_of("Is exosome therapy FDA-approved?", "FDA-approved")
    assert ctx.question and [t.text for t in ctx.triggers if t.kind == "question"] == ["?"]


@pytest.mark.parametrize("sentence", [
    "Did you know our clinic can treat COVID-19?",
    "Why suffer from arthritis when our cells can cure it?",
    "Tired of knee pain that never ends?",
    "Have you heard that our drip can treat long COVID?",
    "Why book a hip replacement when our injections cure arthritis?",
])
def test_rhetorical_question_is_not_a_question(sentence):
    assert not lintmed.assess_context(sentence, 0, len(sentence) - 1).question


# --- reported speech ---

@pytest.mark.parametrize("sentence,claim", [
    ("The FDA warns that clinics claim to cure arthritis.", "cure arthritis"),
    ("The ASA ruled that the ad's claim to treat hay fever was misleading.", "treat hay fever"),
    ("Regulators say these products are not proven to treat disease.", "treat disease"),
    ("Some clinics falsely claim that stem cells reverse autism.", "reverse autism"),
])
def test_reported(sentence, claim):
    assert ctx_of(sentence, claim).reported


def test_third_party_marketing_claim_is_reported():
    assert ctx_of("Many websites promise that ozone cures Lyme disease.", "cures Lyme disease").reported
    assert ctx_of("Watch for words like “cure” on clinic pages.", "cure").reported


@pytest.mark.parametrize("sentence,claim", [
    ("Our doctors recommend FDA-approved exosome infusions.", "FDA-approved"),  # source inside the claim
    ("Voted the No.1 stem cell clinic in the state.", "No.1 stem cell clinic"),  # one word, not source and verb
])
def test_not_reported(sentence, claim):
    assert not ctx_of(sentence, claim).reported


def test_comma_before_a_new_clause_ends_negation():
    sentence = "The serum has nothing artificial added to it, it is completely safe."
    assert not ctx_of(sentence, "completely safe").negated
    assert ctx_of("There is nothing, in our view, completely safe.", "completely safe").negated


def test_claim_attributed_to_doctors_is_not_reported_speech():
    assert not ctx_of("Doctors claim ozone therapy is beating Covid19.", "beating Covid19").reported


def test_trigger_offsets_point_into_the_sentence():
    sentence = "Currently, the FDA has not approved exosome products."
    ctx = ctx_of(sentence, "approved")
    for t in ctx.triggers:
        assert sentence[t.start:t.end] == t.text


def test_span_outside_sentence_is_rejected():
    with pytest.raises(ValueError):
        lintmed.assess_context("Short.", 3, 99)


# --- a claim named, not made; findings that deny the claim; status disclaimers ---

@pytest.mark.parametrize("sentence,claim", [
    ("Calling a serum “clinically proven” needs trials in people.", "clinically proven"),
    ('Avoid wording such as "miracle cure" in your headlines.', "miracle cure"),
    ("The leaflet which stated “our drops cure glaucoma” was withdrawn.", "cure glaucoma"),
    ("Non-toxic claims need strong evidence.", "Non-toxic"),
    ("Several companies said their drops could eliminate cancer cells.", "eliminate cancer"),
    ("Selling exosome creams as a treatment for eczema is unlawful.", "treatment for eczema"),
    ("In the poll, 40% said they thought the injections would delay knee surgery.", "delay knee surgery"),
    # Straight single quotes quote as curly ones do.
    ("We stopped calling the peel 'clinically proven' after the trial ended.", "clinically proven"),
    ("Warning signs in an advert: 'no side effects' and 'lasts forever'.", "no side effects"),
    ("Patients ask if the peel is 'clinically proven'; we tell them what the trial found.", "clinically proven"),
    ("An ad that tells you to book today or miss out is pressuring you.", "book today"),
    # A claim someone might make, put as a condition.
    ("If someone promises that a drip will cure your arthritis, ask to see the trials.", "cure your arthritis"),
])
def test_mentioned_or_attributed_claim_is_reported(sentence, claim):
    assert ctx_of(sentence, claim).reported


@pytest.mark.parametrize("sentence,claim", [
    # A quoted patient is a testimonial, not a mention: speech verbs are no mention cues.
    ("Jane told us, “The injections cured my knee pain.”", "cured my knee pain"),
    # A quotation that is the whole sentence is the page's own claim.
    ("“Our serum is clinically proven.”", "clinically proven"),
    # "Our clinic claims" is the clinic speaking, not a third party.
    ("Our clinic claims to cure arthritis.", "cure arthritis"),
    ("Our patients tell us the injections let them avoid knee surgery.", "avoid knee surgery"),
    # Nor is a quoted client who wrote or asked something.
    ("'My wrinkles vanished overnight,' one client wrote.", "vanished overnight"),
    # A straight quote after a plural is a possessive, not the start of a quotation.
    ("Our patients' favourite serum is clinically proven, so we call it 'the one'.", "clinically proven"),
    ("Our 'miracle' drops cure gout.", "cure gout"),
    # Hearsay offered as support is the page's claim.
    ("Anyone will tell you our drops cure gout.", "cure gout"),
])
def test_quoted_or_first_person_claim_is_made(sentence, claim):
    assert not ctx_of(sentence, claim).reported


@pytest.mark.parametrize("sentence,claim", [
    ("Large trials have shown no benefit for patients with dementia.", "trials have shown"),
    ("A cure for multiple sclerosis will not be realized for many years.", "cure"),
    ("Our lab is FDA-registered, but registration does not mean FDA approval.", "FDA-registered"),
    ("The clinic is FDA-registered (not approval).", "FDA-registered"),
])
def test_claim_denied_after_it_is_negated(sentence, claim):
    assert ctx_of(sentence, claim).negated


@pytest.mark.parametrize("sentence,claim", [
    # Negative evidence anywhere in the sentence, across "although".
    ("For gout, although the drink lowers uric acid in a dish, trials have shown there is no benefit.",
     "For gout"),
    ("Two large studies found no benefit of ozone for back pain.", "back pain"),
    # A status denied after its subject.
    ("Stem cell injections for macular degeneration are not FDA-approved.", "macular degeneration"),
    ("Exosome therapies for knee pain and arthritis have not been approved by the FDA.", "knee pain"),
    ("Ozone drips for Lyme disease have not been shown to work.", "Lyme disease"),
    ("The 'detox' benefits of coffee enemas are not supported by evidence.", "detox"),
])
def test_negative_evidence_or_a_later_denial_negates(sentence, claim):
    assert ctx_of(sentence, claim).negated


@pytest.mark.parametrize("sentence,claim", [
    ("Nutritionists debunk the idea that celery juice cures eczema.", "cures eczema"),
    ("Quacks sell magnetic bracelets that supposedly cure arthritis.", "cure arthritis"),
    ("Myth: a detox tea can flush out every toxin.", "flush out every toxin"),
])
def test_debunked_or_quack_claims_are_reported(sentence, claim):
    assert ctx_of(sentence, claim).reported


def test_status_disclaimer_negates_only_status_claims():
    sentence = "Our FDA-registered cells cure arthritis, but that does not mean FDA approval."
    assert ctx_of(sentence, "FDA-registered").negated
    assert not ctx_of(sentence, "cure arthritis").negated
    assert {r for f in lintmed.lint_text(sentence, path="page.txt") for r in (f.rule, *f.related)} >= {"cure-claim"}


def test_modest_result_named_beside_the_claim_hedges_it():
    assert ctx_of("Small trials have shown some relief of knee stiffness.", "trials have shown").hedged
    assert not ctx_of("Trials have shown complete relief of knee stiffness.", "Trials have shown").hedged
    # Before the claim too, with a word between ("some symptomatic relief").
    assert ctx_of("Red light gave a modest reduction in fine lines for most testers.", "reduction in fine lines").hedged
    assert ctx_of("Users report a slight improvement in tension headaches.", "improvement in tension headaches").hedged
    assert not ctx_of("Users report total relief from tension headaches.", "relief from tension headaches").hedged
    # A terminator ends the scope: the modest result belongs to the other clause.
    assert not ctx_of("Massage gave some relief, but our serum erases wrinkles.", "erases wrinkles").hedged


@pytest.mark.parametrize("sentence,claim", [
    ("Collagen drinks are proven to smooth skin, though larger trials are needed.", "proven"),
    ("Early pilot results on cold plunges are encouraging; more research is needed.", "encouraging"),
    ("There is limited evidence that cupping boosts immunity.", "boosts immunity"),
    ("Some of these herbs have proven benefits and others still need further study.", "proven"),
])
def test_stated_limits_of_the_evidence_qualify_the_sentence(sentence, claim):
    assert ctx_of(sentence, claim).hedged


def test_limits_of_the_evidence_elsewhere_do_not_qualify_a_separate_sentence():
    text = "More research is needed on diet. Our serum is clinically proven to erase wrinkles."
    assert {f.rule for f in lintmed.lint_text(text, path="page.txt")} >= {"clinically-proven-claim"}


def test_exclamation_inside_a_quotation_does_not_end_the_sentence():
    # The whole sentence is the regulator's note about the ad, so the claim is reported.
    sentence = "We noted that the ad “Such a change in two weeks!” showed before and after photos."
    assert not lintmed.lint_text(sentence, path="page.txt")
    assert lintmed.lint_text("Such a change in two weeks! See our before and after photos.", path="page.txt")


# --- claims that carry their own negation ("no risk", "without surgery") ---

@pytest.mark.parametrize("sentence", [
    "Like any operation, a facelift is not risk-free.",
    "No injection is risk-free, and we explain every risk before you decide.",
    "There is no such thing as a risk-free procedure.",
    "We cannot promise there is no risk of scarring.",
    "This does not mean the peel has no side effects.",
    "We will never tell you to stop taking your prescribed medication.",
])
def test_a_denied_absolute_is_not_flagged(sentence):
    assert lintmed.lint_text(sentence, path="page.txt") == []


@pytest.mark.parametrize("sentence,rule", [
    ("There is no risk of rejection.", "no-risk-claim"),
    ("No needles, no risk, no downtime.", "no-risk-claim"),
    ("There is no bruising and no risk of infection.", "no-risk-claim"),
    ("It does not sting and has no side effects.", "no-side-effects-claim"),
    ("Not painful, not expensive, and is completely risk-free.", "no-risk-claim"),
    ("With no needles you can't overdose on our vitamin drip.", "no-risk-claim"),
])
def test_a_list_of_negatives_still_makes_the_claim(sentence, rule):
    # The "no" of the list item before is not a denial of the claim's own "no".
    assert rule in {f.rule for f in lintmed.lint_text(sentence, path="page.txt")}


def test_and_before_a_new_verb_ends_negation():
    assert ctx_of("The laser does not sting and is completely safe.", "completely safe").negated is False
    assert ctx_of("The laser is not fast and completely safe.", "completely safe").negated is True


def test_a_sentence_read_once_judges_each_of_its_claims_as_on_its_own():
    """The linter reads a sentence for cues once (read_cues) and judges every claim in
    it from that reading; each verdict is the one assess_tokens gives alone."""
    from lintmed.engine.context import assess_tokens, read_cues
    from lintmed.engine.nlp import get_nlp, set_lemmas

    doc = get_nlp().make_doc("The FDA has not approved it, yet the clinic says 'it cures arthritis' and may "
                             "reverse ageing.")
    set_lemmas(doc)
    cues = read_cues(doc)
    claims = [t.i for t in doc if t.text in ("approved", "cures", "reverse", "FDA")]
    assert len(claims) == 4
    verdicts = [assess_tokens(doc, i, i + 1) for i in claims]
    assert len(set(verdicts)) > 1  # the claims differ, so a shared reading could confuse them
    for i, alone in zip(claims, verdicts):
        assert assess_tokens(doc, i, i + 1, cues=cues) == alone


def test_no_cue_is_listed_twice_for_one_kind():
    """At a position only the longest cue of each kind is kept, so a phrase listed twice for
    one kind (say as a forward and as a near hedge) silently keeps only its first entry."""
    from collections import Counter

    from lintmed.engine.context import LEXICON

    twice = [key for key, n in Counter((c.words, c.kind) for c in LEXICON).items() if n > 1]
    assert twice == []


# --- explanatory, cautionary and regulator prose (issue: real-copy accuracy) ---
# Each cause of false alarms on real clinic pages, in copy written for these tests, with
# the claim beside it that must still be reported.

@pytest.mark.parametrize("sentence,claim", [
    # a negated subject, however long, denies its verb
    ("No pill, potion, lotion or gadget sold online can cure arthritis.", "cure arthritis"),
    ("Nothing in a bottle, a drip bag or a jar will reverse heart disease.", "reverse heart disease"),
    # evidence that does not show it
    ("Published trials do not show that the patches reliably treat migraine.", "treat migraine"),
])
def test_negation_over_a_long_subject_or_clause(sentence, claim):
    assert ctx_of(sentence, claim).negated


@pytest.mark.parametrize("sentence,claim", [
    ("Studies in animals have shown that the extract reduces inflammation.", "reduces inflammation"),
    ("In yeast, worms and mice, research shows that fasting reliably extends lifespan.", "extends lifespan"),
    ("A small pilot study found the cream improves skin elasticity.", "improves skin elasticity"),
    ("Results were mixed, and the light seemed to boost collagen in some volunteers.", "boost collagen"),
])
def test_evidence_with_its_limits_is_hedged(sentence, claim):
    assert ctx_of(sentence, claim).hedged


@pytest.mark.parametrize("sentence,claim", [
    # a risk named
    ("Hormone therapy carries an increased risk of breast cancer and stroke.", "breast cancer and stroke"),
    ("Side effects can include nausea and, rarely, kidney disease.", "kidney disease"),
    # a higher risk measured, or a risk factor named, is a statistic about the condition
    ("Smokers are up to four times more likely to develop gum disease.", "up to four times"),
    ("Office workers are more prone to neck pain than gardeners.", "neck pain"),
    ("Age is the main risk factor for degenerative diseases such as osteoarthritis.", "osteoarthritis"),
    # how common a condition is
    ("Roughly nine million adults in Canada live with chronic back pain, sciatica or arthritis.",
     "sciatica or arthritis"),
    ("Dental conditions such as gum disease and tooth decay become more common as we age.",
     "gum disease"),
    # advice to see a doctor
    ("People with diabetes should check with their doctor before an infusion.", "diabetes"),
    ("Do not delay: go over these symptoms with your primary care doctor this week.", "Do not delay"),
    ("Before starting any herbal blend, set up a call with a healthcare provider.", "herbal blend"),
    # a claim named as a topic, or made by other products
    ("Only licensed medicines may claim to treat disease.", "treat disease"),
    ("Be wary of supplements that claim to cure diabetes.", "cure diabetes"),
    # a regulator addressing the seller
    ("You market your drops for the cure of insomnia and anxiety.", "cure"),
    ("The product name implies the tea is intended to treat asthma.", "treat asthma"),
    ("The agency confirmed through laboratory analysis that the capsules contain sildenafil.", "analysis"),
])
def test_named_risks_advice_explanations_and_topics_are_not_claims_made(sentence, claim):
    assert ctx_of(sentence, claim).reported


@pytest.mark.parametrize("sentence,claim", [
    # the risk is what the claim takes away
    ("Our drip lowers the risk of heart disease.", "heart disease"),
    ("Our members are three times less likely to develop joint pain.", "joint pain"),
    ("The programme cuts the risk factors for heart disease.", "heart disease"),
    # side effects made light of are the claim's support, not a risk named
    ("Patients report very few side effects, so our drip has a strong safety profile.", "strong safety profile"),
    # "promising" is no claim verb after a claimant
    ("Stem cell treatments, promising miracles, cure arthritis at our clinic.", "cure arthritis"),
    # a market is no marketer: the claim of the sentence stands
    ("It outsells all other skin serums on the market and heals scars.", "heals scars"),
])
def test_claims_that_only_look_like_risks_or_explanations_are_kept(sentence, claim):
    assert not ctx_of(sentence, claim).reported


@pytest.mark.parametrize("sentence", [
    "The dose is so small that there are no potential side effects.",
    "Our balm has no potential side effects at all.",
])
def test_a_hedge_inside_what_the_claim_denies_is_part_of_the_claim(sentence):
    # "no ... side effects" is a frame: the hedge lies between its parts, not in them
    assert "no-side-effects-claim" in {f.rule for f in lintmed.lint_text(sentence, path="page.txt")}


@pytest.mark.parametrize("sentence,claim", [
    ("This balm may have no side effects.", "no side effects"),
    ("There are no side effects, and it may cure arthritis.", "cure arthritis"),
])
def test_a_hedge_outside_a_denial_still_hedges(sentence, claim):
    assert ctx_of(sentence, claim).hedged


@pytest.mark.parametrize("sentence,rule,made", [
    # "no better way", "nothing beats": ranked first, not denied
    ("No better way to flush out toxins than an hour in our sauna.", "detox-claim", True),
    ("Nothing beats our cream for clearing psoriasis.", "better-than-claim", True),
    # "no better than" denies the comparison it holds
    ("In the trial, the gummies did no better than a sugar pill.", "better-than-claim", False),
    ("The cream was no better than placebo for eczema.", "better-than-claim", False),
])
def test_no_better_ranks_first_but_no_better_than_denies(sentence, rule, made):
    found = lintmed.lint_text(sentence, path="page.txt")
    assert (rule in {r for f in found for r in (f.rule, *f.related)}) is made


@pytest.mark.parametrize("sentence", [
    "Your clinician will discuss possible risks, such as a higher risk of some cancers or a heart attack.",
    "Getting a yearly flu shot is one of the best ways to protect yourself against the flu.",
    "Gift cards bought on Black Friday must be collected at reception.",
    "For best results, keep the area out of direct sun for a week.",
    "Touch-ups are free if you are within 14 days of your first appointment.",
    "OUR EXOSOME SERUM ISN'T FDA-APPROVED FOR ANY USE.",
])
def test_cautionary_and_practical_copy_gets_no_finding(sentence):
    findings = lintmed.lint_text(sentence, path="page.txt")
    assert not findings, [(f.rule, f.text) for f in findings]


PLAIN_CLINIC_PAGE = """# Visiting the Riverside Family Practice

## Parking

Free parking is available behind the building, with two accessible bays next to the
entrance. The multi-storey car park on Mill Street is a five-minute walk away.

## Opening hours

We are open Monday to Friday from 8 am to 6.30 pm, and on Saturday mornings from 9 am to
noon. We are closed on bank holidays. Outside these hours, call 111 for urgent advice, or
999 in an emergency.

## Your first appointment

Please arrive ten minutes early to fill in a short registration form. Bring a list of any
medicines you take and your photo ID. Your first appointment lasts about twenty minutes.
If you need to cancel, let us know at least 24 hours in advance so we can offer the slot to
someone else.

## Privacy and your records

We keep your records confidential and store them securely. You can ask for a copy of your
records at any time, and we will send it within 30 days of your request. We never sell your
data, and we only share it with other health professionals involved in your care, with your
consent.
"""


@pytest.mark.parametrize("detector", [False, True])
def test_a_plain_clinic_page_gets_no_finding(detector):
    from lintmed.engine.linter import Linter
    from lintmed.rules.load import load_ruleset

    findings = Linter(load_ruleset(), detector=detector).lint(PLAIN_CLINIC_PAGE, path="visit.md").findings
    assert findings == [], [(f.rule, f.text) for f in findings]


def test_a_negation_before_a_list_covers_the_whole_list():
    sentence = ("Its safety has not been established for conditions such as asthma, autism, "
                "cerebral palsy, depression, heart disease, hepatitis, lupus, migraine and stroke.")
    assert ctx_of(sentence, "lupus, migraine and stroke").negated


@pytest.mark.parametrize("sentence,claim,asked", [
    ("Is it safe for knee arthritis?", "knee arthritis", True),
    ("But is it effective for knee arthritis and is it right for you?", "knee arthritis", True),
    ("Exosome facials: are they worth it?", "Exosome", True),
    ("Safe or not?", "Safe", True),
    # a bare phrase with a question mark is a headline that asserts
    ("Ozone drips: the miracle cure of our age?", "miracle cure", False),
])
def test_a_question_mark_makes_a_question_only_when_something_is_asked(sentence, claim, asked):
    assert ctx_of(sentence, claim).question == asked


def test_a_short_heading_takes_the_hedge_of_what_follows_its_colon():
    sentence = "Faster healing: the serum has the potential to speed recovery after peels."
    assert ctx_of(sentence, "Faster healing").hedged
    # a heading with a plain claim after it stays unhedged
    assert not ctx_of("Faster healing: the serum speeds recovery.", "Faster healing").hedged


def test_the_cue_table_is_data_the_scope_algorithm_reads():
    """Each row of the lexicon names a kind, its phrases, a direction the algorithm knows and
    a positive window; the lexicon is those rows expanded, one cue per phrase."""
    from lintmed.engine.context.cues import BACKWARD, CUE_TABLE, FORWARD, LEXICON, NEAR, SENTENCE

    kinds = {"negated", "status-negated", "hedged", "pseudo", "rhetorical", "source", "report", "distance",
             "claimant", "claimverb", "mention", "risk", "advice"}  # the kinds lintmed.engine.context.scope reads
    for kind, phrases, *rest in CUE_TABLE:
        direction, window = (rest + [FORWARD, 10][len(rest):])[:2]
        assert direction in (FORWARD, BACKWARD, NEAR, SENTENCE) and window > 0
        assert all(p.split() for p in phrases.split("|")), kind
    assert len(LEXICON) == sum(len(row[1].split("|")) for row in CUE_TABLE)
    assert {c.kind for c in LEXICON} == kinds
