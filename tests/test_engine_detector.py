"""The learned claim detector: packaged model, scoring, the verifier, learned findings, control.

Self-contained: copy written for these tests, the model shipped in the package, and small
hand-made models whose weights make the outcome certain.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy
import pytest

import lintmed
from lintmed.engine import detector as D
from lintmed.engine.detector import RULE_ID, get_detector, load_detector, model_path
from lintmed.errors import LintmedError, RulesError
from lintmed.engine.linter import VERIFIER, Linter
from lintmed.engine.nlp import get_nlp
from lintmed.rules.load import load_ruleset

# A paraphrased claim that no rule names, written for the repo; the shipped model scores it
# at or above its threshold.
CLAIM = "With our tonic your immune system is stronger and your body fights disease better."
# Plain claims the rules name: the verifier must keep them.
RULED_CLAIMS = [
    "This therapy cures arthritis.",
    "Say goodbye to knee pain forever with one injection.",
    "Our exosome injections treat knee pain, back pain and sports injuries.",
]
# Neutral copy of a clinic page.
NEUTRAL = [
    "Parking is available behind the building.",
    "Please bring a list of your current medicines.",
    "The clinic was founded in 2009 by two physiotherapists.",
]


@pytest.fixture(scope="module")
def detector():
    return get_detector()


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset()


def learned(findings):
    return [f for f in findings if f.rule == RULE_ID]


def made(signals=None, words=None, bias=0.0, threshold=0.5, verify=0.0):
    """A hand-made detector: weight ``signals[name]`` on a signal, ``words[w]`` on a word."""
    weights = numpy.zeros(2 ** D.BITS)
    for name, w in (signals or {}).items():
        weights[D.signal_index(name)] = w
    vocab = get_nlp().vocab.strings
    for word, w in (words or {}).items():
        weights[D.lexical_indices(numpy.array([vocab.add(word)], dtype="uint64"))[0]] = w
    return D.ClaimDetector(weights, bias, {"threshold": threshold, "verify_threshold": verify})


# --- the packaged model ---

def test_packaged_model_is_in_the_package_and_small():
    folder = Path(model_path())
    assert folder.is_relative_to(Path(lintmed.__file__).parent)
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert {"meta.json", "weights.npy", "MODEL_CARD.md"} == {p.name for p in files}
    assert sum(p.stat().st_size for p in files) < 3_000_000
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["format"] == D.FORMAT and meta["bits"] == D.BITS
    assert 0 <= meta["verify_threshold"] < meta["threshold"] < 1


def test_detector_is_loaded_once_per_process(detector):
    assert get_detector() is detector
    assert load_detector() is not detector  # a fresh load is possible, the cached one is reused


def test_a_damaged_model_is_one_clear_error(tmp_path):
    D.save_detector(tmp_path, numpy.zeros(2 ** D.BITS), 0.0, {"threshold": 0.5})
    assert load_detector(str(tmp_path)).threshold == 0.5
    (tmp_path / "weights.npy").write_bytes(b"not numpy")
    with pytest.raises(LintmedError, match="cannot load the claim detector"):
        load_detector(str(tmp_path))
    (tmp_path / "meta.json").write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(LintmedError, match="not a lintmed.HashedLinear.v1 model"):
        load_detector(str(tmp_path))


def test_saving_is_byte_identical_and_round_trips(tmp_path):
    rng = numpy.random.default_rng(0)
    weights = numpy.zeros(2 ** D.BITS)
    weights[rng.integers(0, 2 ** D.BITS, 500)] = rng.normal(size=500)
    for name in ("a", "b"):
        D.save_detector(tmp_path / name, weights, -1.25, {"threshold": 0.7, "verify_threshold": 0.1})
    for file in ("weights.npy", "meta.json"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()
    loaded = load_detector(str(tmp_path / "a"))
    assert loaded.weights == pytest.approx(weights.astype(numpy.float32), abs=1e-7)
    assert (loaded.bias, loaded.threshold, loaded.verify_threshold) == (-1.25, 0.7, 0.1)


# --- scoring ---

def test_scores_are_deterministic_and_batch_free(detector):
    texts = [CLAIM, *NEUTRAL, *RULED_CLAIMS]
    one_by_one = [detector.score_texts([t])[0] for t in texts]
    assert detector.score_texts(texts) == one_by_one
    assert detector.score_texts(texts) == one_by_one  # and again


def test_run_time_scoring_sums_the_training_features(detector):
    """What bench/train_detector.py trains on (row_features) is what the engine scores."""
    doc = get_nlp().make_doc(CLAIM)
    indices, signals = D.row_features(doc, ["rule:cure-claim", "reported"])
    z = detector.bias + detector.weights[indices].sum() + sum(detector.weights[D.signal_index(s)] for s in signals)
    ids, counts, shapes = D.segments(D.doc_table(doc), [0], [len(doc)], doc.vocab.strings)
    assert shapes[0] == signals[:-2]
    assert detector.score_ids(ids, signals) == pytest.approx(1 / (1 + numpy.exp(-z)), abs=1e-9)


def test_closing_marks_are_not_read(detector):
    """Regulator-cited claims are often quoted without a full stop: a claim reads the same
    with or without one."""
    bare = CLAIM.rstrip(".")
    assert detector.score_texts([bare + ".", bare + "!", bare + " ?!", bare]) == [detector.score_texts([bare])[0]] * 4


def test_segments_score_as_separate_sentences(detector):
    """Word pairs never join the last word of one sentence to the first of the next."""
    docs = [get_nlp().make_doc(t) for t in (CLAIM, NEUTRAL[0])]
    ids = [numpy.array([t.lower for t in d if not t.is_space], dtype="uint64") for d in docs]
    joined = detector.lexical_logits(numpy.concatenate(ids), [len(i) for i in ids])
    apart = [detector.lexical_logits(i, [len(i)])[0] for i in ids]
    assert list(joined) == pytest.approx(apart, abs=1e-9)


def test_a_sentence_scores_the_same_to_the_last_bit_whatever_comes_before_it():
    """A page's blocks are scored in batches (lintmed.engine.linter.BATCH_CHARS): a
    sentence's logit must not depend on the sentences scored with it."""
    rng = numpy.random.default_rng(7)
    detector = D.ClaimDetector(rng.normal(size=2 ** D.BITS), 0.0, {})  # every weight non-zero
    sentences = [rng.integers(1, 2 ** 63, size=n, dtype="uint64") for n in (1, 7, 8, 9, 40, 0, 130, 3)]
    alone = [detector.lexical_logits(s, [len(s)])[0] for s in sentences]
    for skip in range(len(sentences)):
        batch = sentences[skip:]
        joined = detector.lexical_logits(numpy.concatenate(batch), [len(s) for s in batch])
        assert joined.tolist() == alone[skip:]


def test_shape_signals():
    assert D.shape_signals(3, 3, 0, 0) == ["len:0", "title-case"]  # a heading
    assert D.shape_signals(8, 1, 1, 1) == ["len:2", "number", "percent"]
    assert D.shape_signals(30, 2, 0, 0) == ["len:4"]


def test_claims_outrank_neutral_copy(detector):
    assert detector.score_texts([CLAIM])[0] >= detector.threshold
    assert max(detector.score_texts(NEUTRAL)) < detector.verify_threshold < detector.threshold


# --- the verifier ---

CURE = "This therapy cures arthritis."


def test_verifier_sets_aside_a_rule_finding_it_scores_as_no_claim(ruleset):
    """A hand-made detector that reads every sentence with a rule finding as no claim."""
    rules_only = {f.rule for f in Linter(ruleset, detector=False, merge=False).lint(CURE, "x.txt").findings}
    assert rules_only
    sure_no = made({"reported": -10.0}, verify=0.2, threshold=0.9)
    result = Linter(ruleset, detector=sure_no, merge=False).lint(CURE, "x.txt")
    assert result.findings == []
    assert {v.finding.rule for v in result.suppressed} == rules_only
    for verdict in result.suppressed:
        assert verdict.suppressed_by == (VERIFIER,) and verdict.finding.confidence < 0.2
        assert [t.kind for t in verdict.context.triggers if t.kind == VERIFIER] == [VERIFIER]


def test_verifier_keeps_findings_it_scores_as_claims_and_gives_their_confidence(ruleset):
    keep = made({"reported": 1.0}, verify=0.2, threshold=0.99)
    findings = Linter(ruleset, detector=keep, merge=False).lint(CURE, "x.txt").findings
    n = len(findings)  # each rule's finding in the sentence adds its "reported" signal
    assert n and {f.confidence for f in findings} == {round(1 / (1 + numpy.exp(-float(n))), 3)}


def test_verifier_judges_each_sentence_apart(ruleset):
    text = f"{CURE} This therapy cures gout."
    picky = made({"reported": 1.0}, {"arthritis": -20.0}, verify=0.2, threshold=0.999)
    findings = Linter(ruleset, detector=picky).lint(text, "x.txt").findings
    assert findings and all(f.column > len(CURE) and f.confidence >= 0.2 for f in findings)


def test_verifier_off_keeps_every_rule_finding(ruleset):
    off = made({"reported": -10.0}, verify=0.0, threshold=0.999)
    rules_only = [f.rule for f in Linter(ruleset, detector=False).lint(CURE, "x.txt").findings]
    assert [f.rule for f in Linter(ruleset, detector=off).lint(CURE, "x.txt").findings] == rules_only


@pytest.mark.parametrize("text", RULED_CLAIMS)
def test_shipped_verifier_keeps_plain_claims(ruleset, detector, text):
    rules_only = {f.rule for f in Linter(ruleset, detector=False).lint(text, "x.txt").findings}
    result = Linter(ruleset, detector=True).lint(text, "x.txt")
    assert rules_only and {f.rule for f in result.findings} == rules_only
    assert all(f.confidence >= detector.verify_threshold for f in result.findings)


# --- learned findings ---

def test_learned_finding_spans_the_sentence_and_names_its_evidence(ruleset):
    text = f"Welcome to our clinic.\n\nParking is free. {CLAIM}  \n"
    findings = Linter(ruleset, detector=True).lint(text, "page.md").findings
    [f] = learned(findings)
    assert f.text == CLAIM
    assert (f.line, f.column) == (3, 18)
    assert (f.category, f.severity) == (ruleset.get(RULE_ID).category, ruleset.get(RULE_ID).severity)
    assert "Learned judgement" in f.message
    assert 1 <= len(f.evidence) <= 3
    assert all(e in f.text for e in f.evidence)
    assert f.confidence >= get_detector().threshold


def test_evidence_names_the_words_that_drive_the_score(ruleset):
    terrace = made({}, {"terrace": 6.0}, bias=-3.0, threshold=0.9)
    [f] = learned(Linter(ruleset, detector=terrace).lint("Breakfast is served on the terrace.", "x.txt").findings)
    assert f.evidence == ("terrace",)


def test_evidence_names_words_not_punctuation(ruleset):
    dash = made({}, {"\u2014": 6.0, "terrace": 1.0}, bias=-3.0, threshold=0.9)
    [f] = learned(Linter(ruleset, detector=dash).lint("Breakfast \u2014 served on the terrace.", "x.txt").findings)
    assert f.evidence and all(any(ch.isalnum() for ch in e) for e in f.evidence)


def test_a_hedge_is_context_not_evidence(ruleset):
    """A model that reads "may" as a claim word (on real pages "may help" is common in claims)
    must not make the writer's hedge the evidence of a learned finding."""
    hedgy = made({}, {"may": 6.0, "sleep": 1.0}, bias=-3.0, threshold=0.5)
    result = Linter(ruleset, detector=hedgy).lint("Our tonic may help you sleep through the night.", "x.txt")
    assert not learned(result.findings)
    [verdict] = [v for v in result.suppressed if v.finding.rule == RULE_ID]
    assert verdict.suppressed_by == ("hedged",) and "may" not in verdict.finding.evidence


@pytest.mark.parametrize("text", [
    "We will never tell you that our herbal drops restore perfect eyesight in weeks.",  # negated
    "Can our herbal drops really restore perfect eyesight in weeks?",  # a question
])
def test_context_pass_applies_to_learned_findings(ruleset, text):
    eyes = made({}, {"eyesight": 6.0}, bias=-3.0, threshold=0.5)
    result = Linter(ruleset, detector=eyes).lint(text, "page.txt")
    assert not learned(result.findings)
    assert [v.finding.rule for v in result.suppressed] == [RULE_ID]


def test_rule_findings_carry_the_detector_confidence(ruleset):
    text = "This therapy cures arthritis."
    on = Linter(ruleset, detector=True).lint(text, "page.txt").findings
    assert on and all(f.rule != RULE_ID and 0 <= f.confidence <= 1 and f.evidence == () for f in on)
    assert len({f.confidence for f in on}) == 1  # one sentence, one score
    off = Linter(ruleset, detector=False).lint(text, "page.txt").findings
    assert [f.rule for f in off] == [f.rule for f in on] and all(f.confidence is None for f in off)


def test_no_learned_finding_where_a_rule_flags_the_sentence(ruleset):
    findings = Linter(ruleset, detector=True, detector_threshold=0.01).lint("This therapy cures arthritis.", "x.txt").findings
    assert [f.rule for f in findings] and not learned(findings)


def test_no_learned_finding_where_a_rule_finds_the_claim_on_label(ruleset):
    # At a threshold of 0.01 almost every sentence would be a learned finding; a sentence
    # whose approval claim states the product's label (lintmed.engine.labels) is not.
    linter = Linter(ruleset, detector=made(bias=5.0, threshold=0.01))
    assert learned(linter.lint("Zepbound is given once a week as an injection.", "x.txt").findings)
    result = linter.lint("Zepbound is FDA-approved for chronic weight management.", "x.txt")
    assert [v.finding.rule for v in result.suppressed if "on-label" in v.suppressed_by]
    assert not result.findings


def test_threshold_controls_learned_findings(ruleset):
    text = CLAIM
    assert learned(Linter(ruleset, detector=True).lint(text, "x.txt").findings)
    assert not learned(Linter(ruleset, detector=True, detector_threshold=0.999).lint(text, "x.txt").findings)
    assert not Linter(ruleset, detector=False).lint(text, "x.txt").findings


def test_detector_loads_lazily(ruleset):
    linter = Linter(ruleset, detector="/nonexistent/claim-detector")  # nothing loaded yet
    with pytest.raises(LintmedError, match="cannot load the claim detector"):
        linter.lint("Parking is free.", "x.txt")
    off = Linter(ruleset, detector=False, detector_threshold=0.01)
    assert off._claim_detector() is None
    assert off.lint(CLAIM, "x.txt").findings == []


def test_detector_is_off_by_default_in_the_python_api():
    # The command line turns it on (config `detector: true`); the API is rules-only unless asked.
    assert lintmed.lint_text(CLAIM, path="page.md") == []
    [f] = lintmed.lint_text(CLAIM, path="page.md", linter=Linter(lintmed.load_ruleset(), detector=True))
    assert f.rule == RULE_ID


# --- command line and configuration ---

@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.md").write_text(
        f"# Eyes\n\n{CLAIM}\n\nThis therapy cures arthritis.\n",
        encoding="utf-8")
    return tmp_path


def test_cli_json_has_confidence_and_evidence(run, project):
    code, out, _ = run("check", "page.md", "--format", "json", "--detector")
    assert code == 1
    findings = json.loads(out)["findings"]
    by_rule = {f["rule"]: f for f in findings}
    assert RULE_ID in by_rule and len(by_rule) >= 2
    assert all(0 <= f["confidence"] <= 1 for f in findings)
    assert by_rule[RULE_ID]["evidence"] and all(isinstance(e, str) for e in by_rule[RULE_ID]["evidence"])
    assert all("evidence" not in f for f in findings if f["rule"] != RULE_ID)


def test_cli_text_names_the_evidence(run, project):
    code, out, _ = run("check", "page.md", "--no-source", "--detector")
    assert code == 1 and RULE_ID in out
    line = next(x for x in out.splitlines() if "driven by" in x)
    assert '"' in line and "detector score" in line


def test_cli_no_detector_removes_learned_findings_and_confidence(run, project):
    code, out, _ = run("check", "page.md", "--format", "json", "--no-detector")
    findings = json.loads(out)["findings"]
    assert findings and RULE_ID not in {f["rule"] for f in findings}
    assert all("confidence" not in f for f in findings)


def test_cli_threshold_option(run, project):
    _, out, _ = run("check", "page.md", "--format", "json", "--detector", "--detector-threshold", "0.999")
    assert RULE_ID not in {f["rule"] for f in json.loads(out)["findings"]}
    code, _, err = run("check", "page.md", "--detector-threshold", "1.5")
    assert code == 2 and "detector-threshold" in err


@pytest.mark.parametrize("config,present", [
    ("", True),  # on by default
    ("detector: false\n", False),
    ("detector: true\n", True),
    ("detector: true\ndetector-threshold: 0.999\n", False),
    ("detector: true\ndetector-threshold: 0.2\n", True),
])
def test_config_keys(run, project, config, present):
    (project / ".lintmed.yaml").write_text(config, encoding="utf-8")
    _, out, _ = run("check", "page.md", "--format", "json")
    assert (RULE_ID in {f["rule"] for f in json.loads(out)["findings"]}) == present


def test_command_line_overrides_config(run, project):
    (project / ".lintmed.yaml").write_text("detector: false\n", encoding="utf-8")
    _, out, _ = run("check", "page.md", "--format", "json", "--detector")
    assert RULE_ID in {f["rule"] for f in json.loads(out)["findings"]}
    (project / ".lintmed.yaml").write_text("detector: true\n", encoding="utf-8")
    _, out, _ = run("check", "page.md", "--format", "json", "--no-detector")
    assert RULE_ID not in {f["rule"] for f in json.loads(out)["findings"]}


@pytest.mark.parametrize("config,message", [
    ("detector: maybe\n", "detector: expected true or false"),
    ("detector-threshold: 2\n", "detector-threshold: expected a number between 0 and 1"),
    ("detector-threshold: yes\n", "detector-threshold: expected a number"),
])
def test_bad_config_values(run, project, config, message):
    (project / ".lintmed.yaml").write_text(config, encoding="utf-8")
    code, _, err = run("check", "page.md")
    assert code == 2 and message in err and ".lintmed.yaml" in err


def test_learned_findings_are_info_unless_configured(run, project):
    """Wrong more often than right on real pages (README): info by default; a team may raise it."""
    _, out, _ = run("check", "page.md", "--format", "json")
    assert {f["severity"] for f in json.loads(out)["findings"] if f["rule"] == RULE_ID} == {"info"}
    (project / ".lintmed.yaml").write_text("detector: true\nseverity: {learned-claim: warning}\n", encoding="utf-8")
    _, out, _ = run("check", "page.md", "--format", "json")
    assert {f["severity"] for f in json.loads(out)["findings"] if f["rule"] == RULE_ID} == {"warning"}
    (project / ".lintmed.yaml").write_text("detector: true\nignore: [learned-claim]\n", encoding="utf-8")
    _, out, _ = run("check", "page.md", "--format", "json")
    findings = json.loads(out)["findings"]
    assert findings and RULE_ID not in {f["rule"] for f in findings}


def test_rules_command_lists_the_learned_rule(run, project):
    code, out, _ = run("rules")
    assert code == 0 and any(line.startswith(RULE_ID) for line in out.splitlines())
    code, out, _ = run("explain", RULE_ID)
    assert code == 0 and "Learned judgement" in out


def test_rule_file_validates_learned_match(tmp_path):
    base = ("version: 1\nrules:\n  - id: my-learned\n    category: hype\n    severity: info\n"
            "    message: m\n    why: w\n    references: [r]\n    examples: {flag: [], pass: []}\n")
    good = tmp_path / "good.yaml"
    good.write_text(base + "    match: {learned: claim-detector}\n", encoding="utf-8")
    assert load_ruleset([str(good)], include_defaults=False).get("my-learned").learned == "claim-detector"
    for bad, problem in [("{learned: other-model}", "expected one of claim-detector"),
                         ("{learned: claim-detector, phrases: [x]}", "learned cannot be combined")]:
        path = tmp_path / "bad.yaml"
        path.write_text(base + f"    match: {bad}\n", encoding="utf-8")
        with pytest.raises(RulesError, match=problem):
            load_ruleset([str(path)], include_defaults=False)
