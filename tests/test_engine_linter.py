"""The engine end to end through the Python API: pipeline, matching, positions, models."""
from __future__ import annotations

import numpy
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import lintmed
from lintmed.errors import LintmedError
from lintmed.engine.linter import Linter
from lintmed.engine.nlp import get_nlp, pipe
from lintmed.lemmas import lemma_table
from lintmed.rules.load import load_ruleset

MINI_RULES = """
version: 1
terms:
  serious-disease: [parkinson's disease, multiple sclerosis, arthritis]
rules:
  - id: test-disease
    category: disease-claim
    severity: error
    message: Treats a serious disease.
    why: Test rule.
    references: ["FTC Act §5(a), 15 U.S.C. 45(a)"]
    match:
      frames:
        - parts: [{lemma: [treat, cure]}, {term: serious-disease}]
          within: 6
    context: {hedged: keep}
    fix: {safety: unsafe, replacements: ["is being studied for {term}"]}
    examples: {flag: ["It cures arthritis."], pass: ["It does not cure arthritis."]}
  - id: test-no-risk
    category: absolute-safety
    severity: warning
    message: No risk.
    why: Test rule.
    references: ["CAP Code (Edition 12) rule 12.9"]
    match:
      patterns:
        - [{lower: no}, {lemma: [risk, danger]}]
      phrases: [risk-free]
    context: {negated: keep}
    examples: {flag: ["There is no risk."], pass: ["Risks exist."]}
"""


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    path = tmp_path_factory.mktemp("rules") / "mini.yaml"
    path.write_text(MINI_RULES, encoding="utf-8")
    return Linter(load_ruleset([str(path)], include_defaults=False))


def test_lookup_lemmas_ship_with_the_package():
    table = lemma_table()
    assert table["cures"] == table["cured"] == table["curing"] == "cure"
    assert len(table) > 40_000


def test_default_pipeline_needs_no_trained_model():
    nlp = get_nlp()
    assert nlp.pipe_names == ["sentencizer"]
    doc = next(pipe(["Our therapy cured it. It is safe."]))
    assert [s.text for s in doc.sents] == ["Our therapy cured it.", "It is safe."]
    assert [t.lemma_ for t in doc][:3] == ["our", "therapy", "cure"]


@pytest.mark.parametrize("form", ["treats", "treated", "treating", "cures", "Cured", "CURING"])
def test_frame_matches_every_inflection(mini, form):
    findings = mini.lint(f"Our clinic {form} multiple sclerosis.", "a.txt").findings
    assert [f.rule for f in findings] == ["test-disease"]


@pytest.mark.parametrize("space", ["\u00a0", "\t", "\u202f", "\u2009"])
def test_a_no_break_space_or_tab_separates_words_like_a_space(mini, space):
    text = f"There is no{space}risk: it cures{space}arthritis."
    findings = mini.lint(text, "a.txt").findings
    assert [(f.rule, f.start, f.end) for f in findings] == [
        ("test-no-risk", 9, 16), ("test-disease", 21, 36)]
    assert findings[0].text == "no risk"  # the claim as words, the span as the file has it
    # One suggestion, not one per way the space could be spelled.
    assert [s.replacement for s in findings[1].suggestions] == ["is being studied for arthritis"]


def test_a_frame_match_keeps_to_the_words_of_its_claim(mini):
    # Anchored on "cures", the frame would take in "people and"; the tighter match
    # on "treats arthritis" is the claim.
    text = "Our clinic cures people and treats arthritis."
    assert [f.text for f in mini.lint(text, "a.txt").findings] == ["treats arthritis"]


def test_a_list_of_negatives_is_judged_on_its_own_item():
    findings = lintmed.lint_text("No downtime and no side effects.", path="a.txt")
    assert [(f.rule, f.text) for f in findings] == [("no-side-effects-claim", "no side effects")]


def test_frame_window(mini):
    near = "Exosomes treat, in our experience, arthritis."
    far = "Exosomes treat many things, and in our long and varied experience also arthritis."
    assert [f.rule for f in mini.lint(near, "a.txt").findings] == ["test-disease"]
    assert mini.lint(far, "a.txt").findings == []


def test_frame_needs_one_sentence(mini):
    assert mini.lint("We treat people. Arthritis is common.", "a.txt").findings == []


def test_frame_term_fills_the_suggestion(mini):
    [f] = mini.lint("Stem cells cure Parkinson's disease.", "a.txt").findings
    assert f.text == "cure Parkinson's disease"
    # "cure" (plural subject) inflects the template's "is" to agree.
    assert f.suggestions[0].replacement == "are being studied for Parkinson's disease"


def test_curly_apostrophe_matches_straight_term(mini):
    [f] = mini.lint("Stem cells cure Parkinson’s disease.", "a.txt").findings
    assert f.text == "cure Parkinson’s disease"


def test_positions_are_one_based_and_exclusive(mini):
    source = "Intro line.\nWe say there is no risk at all.\n"
    [f] = mini.lint(source, "a.txt").findings
    assert (f.line, f.column, f.end_line, f.end_column) == (2, 17, 2, 24)
    assert source.splitlines()[1][f.column - 1:f.end_column - 1] == "no risk"


def test_hard_wrapped_claim_in_markdown(mini):
    source = "# Page\n\nOur *stem cell* therapy cures\n**multiple sclerosis** today.\n"
    [f] = mini.lint(source, "page.md").findings
    assert (f.line, f.column, f.end_line, f.end_column) == (3, 25, 4, 21)
    assert f.text == "cures multiple sclerosis"
    assert source[f.start:f.end] == "cures\n**multiple sclerosis"


def test_markdown_code_is_not_prose(mini):
    source = "```\nIt cures arthritis.\n```\n\nUse `cures arthritis` as a variable.\n"
    assert mini.lint(source, "page.md").findings == []


def test_headings_are_their_own_sentences(mini):
    # Without block splitting "Treat" would join the paragraph below it.
    assert mini.lint("# Treat\n\nArthritis is common.\n", "page.md").findings == []


def test_negation_policy_per_rule(mini):
    result = mini.lint("There is no risk. It does not cure arthritis.", "a.txt")
    assert [f.rule for f in result.findings] == ["test-no-risk"]
    assert [(v.finding.rule, v.suppressed_by) for v in result.suppressed] == [("test-disease", ("negated",))]


def test_hedge_policy_keeps_serious_disease(mini):
    assert [f.rule for f in mini.lint("It may help treat arthritis.", "a.txt").findings] == ["test-disease"]


def test_overlapping_matches_of_one_rule_are_one_finding(mini):
    findings = mini.lint("It cures and treats arthritis.", "a.txt").findings
    assert len(findings) == 1


def test_findings_sorted(mini):
    source = "It cures arthritis.\nThere is no risk.\nIt treats multiple sclerosis."
    findings = mini.lint(source, "a.txt").findings
    assert [f.line for f in findings] == [1, 2, 3]


def test_trained_pipeline_from_disk(tmp_path, mini):
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(tmp_path / "pipeline")
    with_model = Linter(mini.ruleset, pipeline=str(tmp_path / "pipeline"))
    text = "Stem cells cure arthritis. There is no risk."
    assert [(f.rule, f.column) for f in with_model.lint(text, "a.txt").findings] == \
           [(f.rule, f.column) for f in mini.lint(text, "a.txt").findings]


def test_missing_model_is_a_clear_error(tmp_path, mini):
    with pytest.raises(LintmedError, match="cannot load spaCy pipeline"):
        Linter(mini.ruleset, pipeline=str(tmp_path / "nope"))


def test_public_api_uses_default_rules():
    findings = lintmed.lint_text("Our stem cell therapy cures Parkinson's disease.", path="a.md")
    assert findings and all(f.path == "a.md" for f in findings)
    assert findings[0].severity in ("error", "warning", "info")


EDGE_RULES = """
version: 1
rules:
  - id: test-edges
    category: hype
    severity: warning
    message: Edges.
    why: Test rule.
    references: ["CAP Code (Edition 12) rule 12.1"]
    match:
      patterns:
        - [{lemma: cure, op: "?"}, {lower: aloe}, {lemma: ache, op: "?"}]
        - [{lower: not, op: "!"}, {lemma: safe}, {is_punct: true, op: "?"}]
        - [{lemma: feel}, {lower: much, op: "*"}, {lower: better}]
        - [{lower: not, op: "!"}, {lower: much, op: "?"}, {lower: gone}]   # anchor last
        - [{lower: gone}, {lower: much, op: "?"}, {is_punct: true}]       # anchor first
        - [{lower: calm}, {lower: skin}, {lower: [",", "!"], op: "!"}]     # look-ahead
        - [{lemma: cure}, {lower: much, op: "+"}, {lower: gone}]          # three words it needs
        - [{lower: gone}, {lower: better}]                                 # anchored as above, needs more
    examples: {flag: ["It cures aloe."], pass: ["It helps."]}
"""
# The same patterns in spaCy's form, for a Matcher run over each whole sentence.
EDGE_PATTERNS = [
    [{"LEMMA": {"IN": ["cure"]}, "OP": "?"}, {"LOWER": {"IN": ["aloe"]}}, {"LEMMA": {"IN": ["ache"]}, "OP": "?"}],
    [{"LEMMA": {"IN": ["feel"]}}, {"LOWER": {"IN": ["much"]}, "OP": "*"}, {"LOWER": {"IN": ["better"]}}],
    [{"LOWER": {"IN": ["gone"]}}, {"LOWER": {"IN": ["much"]}, "OP": "?"}, {"IS_PUNCT": True}],
    [{"LEMMA": {"IN": ["cure"]}}, {"LOWER": {"IN": ["much"]}, "OP": "+"}, {"LOWER": {"IN": ["gone"]}}],
    [{"LOWER": {"IN": ["gone"]}}, {"LOWER": {"IN": ["better"]}}],
]
# A last token with op "!" is a look-ahead: that word must not come next in the sentence
# (nothing may), and it is no part of the match.
LOOKAHEAD_BODY = [{"LOWER": {"IN": ["calm"]}}, {"LOWER": {"IN": ["skin"]}}]
LOOKAHEAD_NOT = {",", "!"}
# A first token with op "!" is a look-behind: that word must not come just before in the
# sentence, and it is no part of the match.
LOOKBEHIND_BODIES = [
    [{"LEMMA": {"IN": ["safe"]}}, {"IS_PUNCT": True, "OP": "?"}],
    [{"LOWER": {"IN": ["much"]}, "OP": "?"}, {"LOWER": {"IN": ["gone"]}}],
]
LOOKBEHIND_NOT = {"not"}
EDGE_WORDS = ["cure", "cures", "aloe", "aches", "not", "safe", "feel", "much", "better", "gone", "it", "is", "the",
              "!", ",", ".", "calm", "skin"]


@pytest.fixture(scope="module")
def edges(tmp_path_factory):
    from lintmed.engine.match import CompiledRules

    path = tmp_path_factory.mktemp("rules") / "edges.yaml"
    path.write_text(EDGE_RULES, encoding="utf-8")
    return CompiledRules(load_ruleset([str(path)], include_defaults=False), get_nlp())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(EDGE_WORDS), min_size=1, max_size=40))
@example(words=["it", "is", "much", "gone"])  # a match ending at its anchor
@example(words=["gone", "much", ",", "it", "is"])  # a match starting at its anchor
@example(words=["safe", ".", "not", "safe"])  # anchors either side of a sentence end
@example(words=["it", "calm", "skin"])  # a look-ahead at the end of the text
@example(words=["feel", ".", "much", "better"])  # the words a pattern needs, in two sentences
@example(words=["cures", "much", "much", "gone", "cure", "much", ".", "gone"])
@example(words=["calm", "skin", "!", "calm", "skin", ",", "calm", "skin", "."])
def test_token_patterns_match_as_over_whole_sentences(edges, words):
    """Patterns run only near their anchor words and where the other words they need
    are (lintmed.engine.match); they find what a Matcher over each whole sentence finds, at
    sentence edges too, with optional, negated and repeated tokens, a look-ahead and
    a look-behind."""
    from spacy.matcher import Matcher

    from lintmed.engine.match.words import longest

    doc = next(pipe([" ".join(words)]))
    matcher = Matcher(doc.vocab)
    matcher.add("edges", EDGE_PATTERNS)
    matcher.add("ahead", [LOOKAHEAD_BODY])
    matcher.add("behind", LOOKBEHIND_BODIES)

    def allowed(s, key, start, end):
        if key == "ahead":
            return end == len(s) or s[end].lower_ not in LOOKAHEAD_NOT
        if key == "behind":
            return start == 0 or s[start - 1].lower_ not in LOOKBEHIND_NOT
        return True

    spans = [(s.start + start, s.start + end) for s in doc.sents for match_id, start, end in matcher(s)
             if allowed(s, doc.vocab.strings[match_id], start, end)]
    expected = [(doc[start].idx, doc[end - 1].idx + len(doc[end - 1])) for start, end in longest(spans)]
    assert sorted((m.start, m.end) for m in edges.match_block(doc).matches) == expected


def test_the_blank_pipeline_is_built_once_however_it_is_asked_for():
    from lintmed.engine.nlp import get_nlp

    assert get_nlp() is get_nlp(None) is get_nlp(model=None)


# --- the passes (Linter.PASSES) over a page ---

PAGE = "It cures arthritis.\n\nIt does not cure arthritis."


def test_the_passes_run_in_the_order_the_data_flows():
    assert Linter.PASSES == ("read", "language", "prefilter", "batches", "gather", "document", "inline", "merge")
    assert Linter.BATCH_PASSES == ("parse", "match", "context", "policy", "verify", "learned", "mentions")


def test_each_pass_leaves_its_part_on_the_page(mini):
    page = mini.lint_page(PAGE, "page.txt")
    batch = page.batch  # the page is one batch
    assert len(page.batches) == 1 and batch.first == 0
    assert [b for _, b in batch.blocks] == ["It cures arthritis.", "It does not cure arthritis."]
    # parse: the two blocks read as one Doc, each its own sentence
    assert [(u.offset, u.starts, u.ends) for u in batch.units] == [(0, (0, 21), (19, 48))]
    assert [s.text for s in batch.docs[0].sents] == ["It cures arthritis.", "\n\n", "It does not cure arthritis."]
    assert len(batch.docs) == len(batch.hits) == 1
    assert [[m.rule_id for m in h.matches] for h in batch.hits] == [["test-disease", "test-disease"]]
    # context: the second claim is negated, which the rule's policy suppresses
    assert [(c.context.negated, c.suppressed_by) for c in batch.claims] == [(False, ()), (True, ("negated",))]
    assert [f.line for f in page.result.findings] == [1]
    assert [v.finding.line for v in page.result.suppressed] == [3]
    assert batch.scores is None  # the detector is off: no verify, no learned findings


def test_a_page_not_in_english_stops_before_it_is_parsed(mini):
    page = mini.lint_page('<html lang="es"><body><p>Cura la artritis.</p></body></html>', "page.html")
    assert page.done and page.result.not_checked_language == "es"
    assert page.prose == "" and page.batch is None and page.batches == []


def test_the_parse_pass_reads_the_readers_blocks_without_splitting_the_text_again(mini, monkeypatch):
    from lintmed.findings import Extracted
    import lintmed.engine.linter as linter_module

    class OneBlockReader:  # one block that spans a blank line: a regex split would make two
        @staticmethod
        def read(source):
            return Extracted(source, tuple(range(len(source))), {}, ((0, len(source)),))

    monkeypatch.setattr(linter_module, "get_reader", lambda fmt: OneBlockReader)
    unfiltered = Linter(mini.ruleset)
    unfiltered._loaded_prefilter = None  # the prefilter reads the text as blocks of its own
    page = unfiltered.lint_page("It cures\n\narthritis.", "page.txt")
    assert [b for _, b in page.batch.blocks] == ["It cures\n\narthritis."]


def test_a_text_page_parses_its_inline_directives_once(mini, monkeypatch):
    from lintmed.engine import suppress

    calls = []
    real = suppress.parse
    monkeypatch.setattr(suppress, "parse", lambda *a, **k: calls.append(1) or real(*a, **k))
    text = "# lintmed-disable-next-line test-disease -- reviewed\nIt cures arthritis.\n"
    result = mini.lint(text, "page.txt")
    assert calls == [1]
    assert result.findings == [] and [f.rule for f in result.disabled] == ["test-disease"]


def test_the_verify_pass_scores_with_what_the_rules_said_of_each_sentence(mini):
    from lintmed.engine import detector as D

    # A hand-made detector: a sentence's score is the sum of its signals' weights.
    weights = numpy.zeros(2 ** D.BITS)
    weights[D.signal_index("rule:test-disease")] = 3.0
    weights[D.signal_index("by:negated")] = -3.0
    scorer = D.ClaimDetector(weights, 0.0, {"threshold": 0.99, "verify_threshold": 0.5})
    linter = Linter(mini.ruleset, detector=scorer)
    page = linter.lint_page("It cures arthritis. It does not cure arthritis.", "page.txt")
    reported = page.result.findings
    assert [f.rule for f in reported] == ["test-disease"]
    assert reported[0].confidence == round(1 / (1 + numpy.exp(-3.0)), 3)
    # the negated claim was suppressed by policy: its signal lowers its own sentence only
    negated = [c for c in page.batch.claims if c.suppressed_by]
    assert [c.suppressed_by for c in negated] == [("negated",)]
    assert page.batch.scores.probability(0, negated[0].match.sentence_start) == pytest.approx(1 / (1 + numpy.exp(3.0)))


# --- a page in batches of blocks (Linter.batch_chars) ---

BATCH_PAGE = """# Our clinic

Parking is free behind the building, and the waiting room is quiet.

Book a consultation for our exosome therapy today.

Our hemp oil holds 10% CBD in MCT oil, with THC under the legal limit.

Our serum does not cure arthritis.

Our peptide plan resets your hormones for good, so you will never need another shot.

We also offer stem cell therapy for knee pain.

Stem cell treatments are not FDA-approved.

Our hemp balm is made in small lots by our own staff.

Our cream cures eczema in a week.
"""


def _scorer():
    """A hand-made detector: a sentence with "hemp" is a claim (a learned finding), a
    sentence the efficacy rule reports is not (the verifier sets it aside), any other 0.5."""
    from lintmed.engine import detector as D

    weights = numpy.zeros(2 ** D.BITS)
    weights[D._fold([get_nlp().vocab.strings["hemp"]])] = 5.0
    weights[D.signal_index("rule:unqualified-efficacy-claim")] = -3.0
    return D.ClaimDetector(weights, 0.0, {"threshold": 0.9, "verify_threshold": 0.4})


@pytest.mark.parametrize("detector", [_scorer, lambda: True], ids=["hand-made", "packaged"])
def test_a_page_read_in_many_batches_gives_what_one_batch_gives(detector):
    """Every finding, suppressed finding and detector score, in the same order, whether the
    page's blocks are read all at once or one batch per block: the document rule's first
    mention and status statement fall in different batches, as do the learned findings."""
    rules = load_ruleset()
    whole = Linter(rules, detector=detector()).lint_page(BATCH_PAGE, "page.md")
    apart = Linter(rules, detector=detector(), batch_chars=1).lint_page(BATCH_PAGE, "page.md")
    assert len(whole.batches) == 1 and len(apart.batches) == 10
    assert apart.result == whole.result
    found = {f.rule for f in whole.result.findings}
    assert {"missing-fda-status-disclosure", "disease-treatment-claim"} <= found
    if detector is _scorer:
        assert [f.line for f in whole.result.findings if f.rule == "learned-claim"] == [7, 17]
        assert [v.suppressed_by for v in whole.result.suppressed][-1:] == [("verifier",)]
    # the status statement two batches on covers the stem cell mention: one disclosure, for exosomes
    assert [f.line for f in apart.result.findings if f.rule == "missing-fda-status-disclosure"] == [5]


def test_the_batches_cover_every_block_once_in_order(mini):
    linter = Linter(mini.ruleset, batch_chars=40)
    page = linter.begin(BATCH_PAGE, "page.md")
    runs = list(linter.batches(page))
    blocks = [b for _, run in runs for b in run]
    assert [b for _, b in blocks][:2] == ["Our clinic", "Parking is free behind the building, and the waiting room is quiet."]
    assert [first for first, _ in runs] == [sum(len(r) for _, r in runs[:k]) for k in range(len(runs))]
    assert all(sum(len(b) for _, b in run[:-1]) < 40 for _, run in runs)  # a batch ends once it has 40 characters
    assert len(blocks) == 10 and 1 < len(runs) < 10
