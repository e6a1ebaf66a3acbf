"""A batch's blocks are read in runs, one Doc a run (lintmed.engine.blocks.Unit): each block
starts a sentence, and so does the white space after it, so what the passes find in a run
is what they find in each block read alone."""
from __future__ import annotations

import numpy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lintmed.engine import linter as linter_module
from lintmed.engine.blocks import MAX_UNIT, Unit, units
from lintmed.engine.citations import reference_entry
from lintmed.engine.linter import Linter, _block_tokens, _in_block
from lintmed.engine.match.words import within_one
from lintmed.engine.nlp import get_nlp, pipe
from lintmed.findings import Match
from lintmed.rules.load import load_ruleset


def _blocks(prose: str, texts: list[str]) -> list[tuple[int, str]]:
    """(offset, text) of each of ``texts`` in ``prose``, in order."""
    out, at = [], 0
    for text in texts:
        at = prose.index(text, at)
        out.append((at, text))
        at += len(text)
    return out


def _no_authors(text: str) -> None:
    return None


def test_blocks_with_blank_lines_between_them_are_one_unit():
    prose = "Our Services\n\nWe treat knee pain.\n   \nBook a visit today"
    blocks = _blocks(prose, ["Our Services", "We treat knee pain.", "Book a visit today"])
    [unit] = units(prose, blocks, True, _no_authors)
    assert (unit.offset, unit.text) == (0, prose)
    assert unit.starts == (0, 14, 38) and unit.ends == (12, 33, 56)
    assert unit.breaks == (12, 14, 33, 38)  # after each block, and at the next
    assert [unit.block(k) for k in range(3)] == blocks
    assert [unit.block_of(c) for c in (0, 11, 12, 13, 14, 37, 38)] == [0, 0, 0, 0, 1, 1, 2]


@pytest.mark.parametrize("gap", ["", " "])
def test_blocks_that_no_white_space_token_parts_are_units_of_their_own(gap):
    # (a single space is no token of spaCy's: two blocks' words would stand side by side)
    prose = f"It works.{gap}It cures arthritis."
    blocks = _blocks(prose, ["It works.", "It cures arthritis."])
    assert [(u.offset, u.text) for u in units(prose, blocks, True, _no_authors)] == blocks


def test_without_join_each_block_is_a_unit():
    prose = "One.\n\nTwo.\n\nThree."
    blocks = _blocks(prose, ["One.", "Two.", "Three."])
    found = units(prose, blocks, False, _no_authors)
    assert [(u.offset, u.text, u.starts, u.ends) for u in found] == [(o, t, (0,), (len(t),)) for o, t in blocks]


def test_a_reference_entry_is_a_unit_of_its_own_with_its_authors():
    entry = "Smith J, Lee K. Stem cells cure arthritis. J Clin Med. 2020;9(3):1-9."
    prose = f"Our clinic treats pain.\n\n{entry}\n\nWe cure arthritis."
    blocks = _blocks(prose, ["Our clinic treats pain.", entry, "We cure arthritis."])
    found = units(prose, blocks, True, reference_entry)
    assert [(u.text, u.authors) for u in found] == [
        ("Our clinic treats pain.", None), (entry, "Smith J, Lee K"), ("We cure arthritis.", None)]


def test_a_unit_holds_at_most_max_unit_characters():
    paragraph = "Our staff answer the phone on weekdays. " * 20
    prose = "\n\n".join([paragraph.strip()] * 40)
    blocks = _blocks(prose, [paragraph.strip()] * 40)
    found = units(prose, blocks, True, _no_authors)
    assert 1 < len(found) < 40 and all(len(u.text) <= MAX_UNIT for u in found)
    assert [b for u in found for b in (u.block(k) for k in range(len(u.starts)))] == blocks


def test_every_block_and_the_white_space_after_it_starts_a_sentence():
    # The heading ends with no mark, and the list item with a colon: read alone, each is a sentence.
    prose = "Our Services\n\nWe help with:\n\nknee pain and back pain"
    blocks = _blocks(prose, ["Our Services", "We help with:", "knee pain and back pain"])
    [unit] = units(prose, blocks, True, _no_authors)
    [doc] = pipe([unit.text], breaks=[unit.breaks])
    assert [s.text for s in doc.sents] == ["Our Services", "\n\n", "We help with:", "\n\n", "knee pain and back pain"]
    assert _block_tokens(unit, doc) == [(0, 2), (3, 7), (8, 13)]
    assert _block_tokens(Unit.alone(0, "One."), doc) is None  # one block: the whole Doc


def test_within_one_block():
    blocks = [(0, 2), (3, 7), (8, 13)]
    assert within_one(blocks, 0, 2) and within_one(blocks, 3, 7) and within_one(blocks, 9, 10)
    assert not within_one(blocks, 1, 4)  # across the white space between two blocks
    assert not within_one(blocks, 2, 3)  # the white space itself


def test_a_match_is_placed_in_its_block():
    unit = Unit(100, "One.\n\nIt cures arthritis.", (0, 6), (4, 25))
    match = Match("r", 9, 24, 6, 25)
    assert _in_block(unit, match) == (1, Match("r", 3, 18, 0, 19))
    assert _in_block(unit, Match("r", 0, 3, 0, 4)) == (0, Match("r", 0, 3, 0, 4))


# -- the property: a run of blocks read as one Doc gives what each block read alone gives --

PARAGRAPHS = [
    "Our Services", "Book a consultation today", "It cures arthritis.", "Our cream does not cure eczema.",
    "Is it safe?", "Wow!", '"Such a change!" she said.', "results may vary", "It is clinically proven",
    "Our hemp oil lowers blood pressure in a week.", "Exosome therapy for hair loss.",
    "Stem cell treatments are not FDA-approved.", "Zero side effects, guaranteed!", "FDA-approved",
    "Smith J, Lee K. Stem cells cure arthritis. J Clin Med. 2020;9(3):1-9.", "and it treats diabetes.",
    "We also offer stem cell therapy for knee pain.", "Drop 25 pounds in four weeks flat", "(see below)",
    "Our peptide plan resets your hormones for good.", "100% natural and risk-free", ":)", "etc.",
]
SEPARATORS = ["\n\n", "\n\n- ", "\n\n## ", "\n\n1. ", "\n\n> "]
# The same blocks in HTML, some with only spaces or nothing between their tags.
HTML_BLOCKS = {"\n\n": "<p>{}</p>\n", "\n\n- ": "<li>{}</li>", "\n\n## ": "<h2>{}</h2>",
               "\n\n1. ": "<td>{}</td> ", "\n\n> ": "<blockquote>{}</blockquote>\n"}


def _scorer():
    """A hand-made detector whose scores make learned findings and verifier verdicts."""
    from lintmed.engine import detector as D

    weights = numpy.zeros(2 ** D.BITS)
    weights[D._fold([get_nlp().vocab.strings["hemp"]])] = 5.0
    weights[D._fold([get_nlp().vocab.strings["offer"]])] = 4.0
    weights[D.signal_index("rule:unqualified-efficacy-claim")] = -3.0
    return D.ClaimDetector(weights, 0.0, {"threshold": 0.9, "verify_threshold": 0.4})


@pytest.fixture(scope="module")
def linters():
    rules = load_ruleset()
    return Linter(rules, detector=_scorer()), Linter(rules, detector=_scorer(), batch_chars=1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.tuples(st.sampled_from(SEPARATORS), st.sampled_from(PARAGRAPHS)), min_size=1, max_size=12),
       html=st.booleans())
def test_blocks_read_together_give_what_each_read_alone_gives(linters, parts, html):
    """Every finding and suppressed verdict, with its confidence, in the same order, whether
    a page's blocks are read as runs or each alone (a batch a block: one unit each)."""
    joined, alone = linters
    if html:
        body = "".join(HTML_BLOCKS[sep].format(text) for sep, text in parts)
        page, path = f"<html><body>{body}</body></html>", "page.html"
    else:
        page, path = "".join(sep + text for sep, text in parts).lstrip("\n"), "page.md"
    together = joined.lint_page(page, path)
    batch = together.batch  # (the page is one batch)
    if not html:  # (HTML blocks with nothing but a space between them are read apart)
        assert len(batch.units) < len(batch.blocks) or len(batch.blocks) < 2 or any(u.authors for u in batch.units)
    assert alone.lint_page(page, path).result == together.result


def test_a_trained_pipeline_reads_each_block_alone(monkeypatch):
    # Its parser would read a block in the light of the ones beside it.
    monkeypatch.setattr(linter_module, "joins_blocks", lambda model=None: False)
    page = Linter(load_ruleset()).lint_page("It cures arthritis.\n\nWe treat diabetes.", "page.md")
    assert [(u.starts, u.ends) for u in page.batch.units] == [((0,), (19,)), ((0,), (18,))]
