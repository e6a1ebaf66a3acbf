"""Reference-list entries (lintmed.engine.citations): a paper's title names a claim, the page
does not make it. All copy and references here are invented for these tests."""
from __future__ import annotations

import pytest

from lintmed.engine.citations import reference_entry
from lintmed.engine.linter import Linter
from lintmed.rules.load import load_ruleset

ENTRIES = [
    # Vancouver, with "et al.", a DOI or a year;volume.
    ("Marsh T, Okafor B, Lindqvist E, et al. Exosomes cure knee osteoarthritis in rats. "
     "J Regen Sci. 2021;4(2):113-120.", "Marsh T, Okafor B, Lindqvist E"),
    ("Quill AM, van Heerden SJ. Stem cells treat Parkinson's disease: a review. "
     "Neuro Adv. 2019;12:e441. doi: 10.5555/na.2019.441", "Quill AM, van Heerden SJ"),
    ("3. Duarte R, Ng KL, et al. Platelet-rich plasma heals tendon tears. Sports Med Open. 2020;6:55.",
     "3. Duarte R, Ng KL"),
    # APA.
    ("Fenwick, J. A., & Obi, C. (2018). Ozone therapy reverses diabetes. Alt Med Rev, 9(1), 1-12.",
     "Fenwick, J. A., & Obi, C. "),
]


@pytest.mark.parametrize("block,authors", ENTRIES)
def test_reference_entries_are_recognised_by_their_author_list(block, authors):
    assert reference_entry(block) == authors


@pytest.mark.parametrize("block", [
    # A claim that cites a study in passing is the page's own claim.
    "Exosomes cure knee osteoarthritis (Marsh et al., 2021).",
    "Studies prove our stem cells treat Parkinson's disease (doi: 10.5555/na.2019.441).",
    # Names and credentials, then copy: no bibliographic mark.
    "Dr Patel MD, Dr Jones DO and their team have treated knee pain since 2005.",
    # A testimonial signed with a name and a place.
    "Sarah K, Ohio: my knee pain vanished in 2019; it never came back.",
    # An author list, but a paragraph far longer than any entry.
    "Marsh T, Okafor B, et al. " + "Our clinic offers injections for every joint. " * 20,
])
def test_copy_is_not_a_reference_entry(block):
    assert reference_entry(block) is None


def test_claims_in_a_reference_list_are_reported_not_made():
    page = ("# Sources\n\n"
            + "\n\n".join(block for block, _ in ENTRIES)
            + "\n\nExosomes cure knee osteoarthritis, as our patients can tell you.\n")
    result = Linter(load_ruleset(), inline_suppress=False).lint(page, "page.md")
    # The same claim as page copy is flagged; in the titles it is reported. The page's
    # missing exosome disclosure points at the copy, not at a title.
    assert {f.line for f in result.findings} == {page.count("\n")}
    assert "missing-fda-status-disclosure" in {f.rule for f in result.findings}
    reported = [v for v in result.suppressed if "reported" in v.suppressed_by]
    assert {v.finding.line for v in reported} >= {3, 5, 7, 9}
    assert any(t.text == "Marsh T, Okafor B, Lindqvist E" for v in reported for t in v.context.triggers)


def test_no_learned_finding_in_a_reference_entry():
    # At a threshold of 0.01 almost any sentence is a learned finding; an entry is not.
    linter = Linter(load_ruleset(), detector=True, detector_threshold=0.01, inline_suppress=False)
    block, _ = ENTRIES[0]
    assert not [f for f in linter.lint(block, "refs.txt").findings if f.rule == "learned-claim"]
    prose = "Our knee clinic opened a second room for consultations last spring."
    assert [f for f in linter.lint(prose, "page.txt").findings if f.rule == "learned-claim"]
