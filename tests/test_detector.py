"""The learned claim detector: packaged model, engine integration, explanation, control.

Self-contained: copy written for these tests, the model shipped in the package.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import lintmed
from lintmed.detector import RULE_ID, get_detector, load_detector, model_path
from lintmed.errors import LintmedError, RulesError
from lintmed.linter import Linter
from lintmed.rules import load_ruleset

# Paraphrased claims that no rule names, written for the repo.
PARAPHRASES = [
    "Our herbal drops restore perfect eyesight in weeks.",
    "Throw away your inhaler: our breathing course clears your lungs for good.",
]
# Scores under the cross-validated threshold (see the model card): a miss the card's
# limits describe. It must still rank above every neutral sentence.
NEAR_MISS = "Feel twenty years younger with every capsule."
CLAIM = PARAPHRASES[0]  # no rule names it
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


def test_packaged_model_is_in_the_package_and_small():
    folder = Path(model_path())
    assert folder.is_relative_to(Path(lintmed.__file__).parent)
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert {"meta.json", "config.cfg", "MODEL_CARD.md"} <= {p.name for p in files}
    assert sum(p.stat().st_size for p in files) < 3_000_000
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert 0 < meta["lintmed"]["threshold"] < 1


def test_packaged_model_is_a_spacy_pipeline_with_the_same_scores(detector):
    """The folder loads with spacy.load (offline, from the path) and agrees with the fast loader."""
    import spacy

    from lintmed.detector import register

    register()
    nlp = spacy.load(model_path(), exclude=["vocab"])
    texts = PARAPHRASES[:1] + NEUTRAL[:1]
    assert [nlp(t).cats["RISKY"] for t in texts] == pytest.approx(detector.score_texts(texts), abs=1e-6)


def test_detector_is_loaded_once_per_process(detector):
    assert get_detector() is detector
    assert load_detector() is not detector  # a fresh load is possible, the cached one is reused


@pytest.mark.parametrize("text", PARAPHRASES)
def test_paraphrased_claims_score_at_or_above_the_threshold(detector, text):
    assert detector.score_texts([text])[0] >= detector.threshold


def test_claims_outrank_neutral_copy(detector):
    claims = detector.score_texts([*PARAPHRASES, NEAR_MISS])
    assert min(claims) > max(detector.score_texts(NEUTRAL))


@pytest.mark.parametrize("text", NEUTRAL)
def test_neutral_copy_scores_below_the_threshold(detector, text):
    assert detector.score_texts([text])[0] < detector.threshold


def test_learned_finding_spans_the_sentence_and_names_its_evidence(ruleset):
    text = f"Welcome to our clinic.\n\nParking is free. {CLAIM}  \n"
    findings = Linter(ruleset, detector=True).lint(text, "page.md").findings
    [f] = learned(findings)
    assert f.text == CLAIM
    assert (f.line, f.column) == (3, 18)
    assert f.category == ruleset.get(RULE_ID).category and f.severity == "warning"
    assert "Learned judgement" in f.message
    assert 1 <= len(f.evidence) <= 3
    assert all(e in f.text for e in f.evidence)
    assert f.confidence >= get_detector().threshold


def test_evidence_names_words_not_punctuation(ruleset):
    """Dashes and exclamation marks count in the score, but a writer rewords words."""
    linter = Linter(ruleset, detector=True)
    text = "Our herbal drops — restore perfect eyesight in weeks!\n\nFeel twenty years younger — with every capsule!\n"
    found = learned(linter.lint(text, "page.md").findings)
    assert len(found) == 2
    for f in found:
        assert f.evidence and all(any(ch.isalnum() for ch in e) for e in f.evidence), f.evidence
        assert all(e.split()[0].isalnum() and e.split()[-1].isalnum() for e in f.evidence), f.evidence


def test_evidence_is_what_drives_the_score(detector):
    from lintmed.nlp import get_nlp, set_lemmas

    doc = get_nlp().make_doc(CLAIM)
    set_lemmas(doc)
    ids = detector.token_ids(doc)
    words = [t.text for t in doc]
    found = detector.evidence(ids, words)
    assert found and found == sorted(found, key=lambda e: -e.drop)
    # Removing the strongest phrase really lowers the score by the reported drop.
    import numpy

    top = found[0]
    without = numpy.delete(ids, list(range(top.start, top.end)))
    base, lowered = detector.score_ids([ids, without])
    assert base - lowered == pytest.approx(top.drop)
    assert top.drop > 0


def _ids_of(detector, texts):
    from lintmed.nlp import get_nlp, set_lemmas

    arrays = []
    for text in texts:
        doc = get_nlp().make_doc(text)
        set_lemmas(doc)
        arrays.append(detector.token_ids(doc))
    return arrays


def test_linear_scoring_agrees_with_the_model(detector):
    """Scores summed from n-gram contributions are the model's own (spaCy's predict)."""
    arrays = _ids_of(detector, [*PARAPHRASES, NEAR_MISS, *NEUTRAL, "Cure.", "Stop pain"])
    assert detector._linear is not None  # the packaged model takes the fast path
    expected = detector.model.predict(arrays)[:, detector.risky]
    assert detector.score_ids(arrays) == pytest.approx(expected.tolist(), abs=1e-6)
    # A page's sentences as runs of one array: no n-gram joins two sentences.
    import numpy

    joined = detector.score_segments(numpy.concatenate(arrays), [len(a) for a in arrays])
    assert joined == pytest.approx(expected.tolist(), abs=1e-6)


def test_leave_one_out_agrees_with_rescoring_each_variant(detector):
    import numpy

    for ids in _ids_of(detector, [CLAIM, NEUTRAL[0], "Cure.", "Heals"]):
        n = len(ids)
        variants = ([ids] + [numpy.delete(ids, i) for i in range(n)]
                    + [numpy.delete(ids, [i, i + 1]) for i in range(n - 1)])
        expected = detector.model.predict(variants)[:, detector.risky]
        got = detector._linear.leave_out(ids, range(n), range(n - 1))
        assert got == pytest.approx(expected.tolist(), abs=1e-6)


@pytest.mark.parametrize("text", [
    "We will never tell you that our herbal drops restore perfect eyesight in weeks.",  # negated
    "Can our herbal drops really restore perfect eyesight in weeks?",  # a question
])
def test_context_pass_applies_to_learned_findings(ruleset, text):
    result = Linter(ruleset, detector=True, detector_threshold=0.05).lint(text, "page.txt")
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
    # whose approval claim states the product's label (lintmed.labels) is not.
    linter = Linter(ruleset, detector=True, detector_threshold=0.01)
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


def test_detector_is_off_by_default():
    # Measured: on this corpus it adds more false positives than claims (README).
    assert lintmed.lint_text(CLAIM, path="page.md") == []
    [f] = lintmed.lint_text(CLAIM, path="page.md", linter=Linter(lintmed.load_ruleset(), detector=True))
    assert f.rule == RULE_ID


# --- command line and configuration ---

def run(capsys, *argv):
    from lintmed.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.md").write_text(
        f"# Eyes\n\n{CLAIM}\n\nThis therapy cures arthritis.\n",
        encoding="utf-8")
    return tmp_path


def test_cli_json_has_confidence_and_evidence(project, capsys):
    code, out, _ = run(capsys, "check", "page.md", "--format", "json", "--detector")
    assert code == 1
    findings = json.loads(out)["findings"]
    by_rule = {f["rule"]: f for f in findings}
    assert RULE_ID in by_rule and len(by_rule) >= 2
    assert all(0 <= f["confidence"] <= 1 for f in findings)
    assert by_rule[RULE_ID]["evidence"] and all(isinstance(e, str) for e in by_rule[RULE_ID]["evidence"])
    assert all("evidence" not in f for f in findings if f["rule"] != RULE_ID)


def test_cli_text_names_the_evidence(project, capsys):
    code, out, _ = run(capsys, "check", "page.md", "--no-source", "--detector")
    assert code == 1 and RULE_ID in out
    line = next(x for x in out.splitlines() if "driven by" in x)
    assert '"' in line and "detector score" in line


def test_cli_no_detector_removes_learned_findings_and_confidence(project, capsys):
    code, out, _ = run(capsys, "check", "page.md", "--format", "json", "--no-detector")
    findings = json.loads(out)["findings"]
    assert findings and RULE_ID not in {f["rule"] for f in findings}
    assert all("confidence" not in f for f in findings)


def test_cli_threshold_option(project, capsys):
    _, out, _ = run(capsys, "check", "page.md", "--format", "json", "--detector", "--detector-threshold", "0.999")
    assert RULE_ID not in {f["rule"] for f in json.loads(out)["findings"]}
    code, _, err = run(capsys, "check", "page.md", "--detector-threshold", "1.5")
    assert code == 2 and "detector-threshold" in err


@pytest.mark.parametrize("config,present", [
    ("", True),  # on by default
    ("detector: false\n", False),
    ("detector: true\n", True),
    ("detector: true\ndetector-threshold: 0.999\n", False),
    ("detector: true\ndetector-threshold: 0.2\n", True),
])
def test_config_keys(project, capsys, config, present):
    (project / ".lintmed.yaml").write_text(config, encoding="utf-8")
    _, out, _ = run(capsys, "check", "page.md", "--format", "json")
    assert (RULE_ID in {f["rule"] for f in json.loads(out)["findings"]}) == present


def test_command_line_overrides_config(project, capsys):
    (project / ".lintmed.yaml").write_text("detector: false\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", "page.md", "--format", "json", "--detector")
    assert RULE_ID in {f["rule"] for f in json.loads(out)["findings"]}
    (project / ".lintmed.yaml").write_text("detector: true\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", "page.md", "--format", "json", "--no-detector")
    assert RULE_ID not in {f["rule"] for f in json.loads(out)["findings"]}


@pytest.mark.parametrize("config,message", [
    ("detector: maybe\n", "detector: expected true or false"),
    ("detector-threshold: 2\n", "detector-threshold: expected a number between 0 and 1"),
    ("detector-threshold: yes\n", "detector-threshold: expected a number"),
])
def test_bad_config_values(project, capsys, config, message):
    (project / ".lintmed.yaml").write_text(config, encoding="utf-8")
    code, _, err = run(capsys, "check", "page.md")
    assert code == 2 and message in err and ".lintmed.yaml" in err


def test_config_can_ignore_or_demote_the_learned_rule(project, capsys):
    (project / ".lintmed.yaml").write_text("detector: true\nseverity: {learned-claim: info}\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", "page.md", "--format", "json")
    assert {f["severity"] for f in json.loads(out)["findings"] if f["rule"] == RULE_ID} == {"info"}
    (project / ".lintmed.yaml").write_text("detector: true\nignore: [learned-claim]\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", "page.md", "--format", "json")
    findings = json.loads(out)["findings"]
    assert findings and RULE_ID not in {f["rule"] for f in findings}


def test_rules_command_lists_the_learned_rule(project, capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0 and any(line.startswith(RULE_ID) for line in out.splitlines())
    code, out, _ = run(capsys, "explain", RULE_ID)
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
