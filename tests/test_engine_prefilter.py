"""lintmed.engine.prefilter: a text is skipped only when no rule can match in it, decided without
spaCy; what it skips and keeps, its cache entry, and that a clean page never imports spaCy."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from cache_support import field
from hypothesis import strategies as st

from lintmed.engine import prefilter
from lintmed.engine.linter import DETECTOR_MIN_WORDS, Linter
from lintmed.rules.load import load_ruleset
from lintmed.storage import cache

# Written for these tests: a practice's opening hours, directions and privacy notice.
CLEAN_PAGE = """\
# Visiting the surgery

The surgery is open from 8:00 to 18:30 on weekdays and from 9:00 to 12:30 on Saturdays.
Reception answers the telephone from 8:00; the lines are quieter after 11:00.

Bus 14 stops outside the library, a two-minute walk away, and the car park behind the
building has eight spaces, two of them for blue badge holders.

We keep your records on a system that only the staff involved in your care can open, and
you may ask to see them at any time. A printed privacy notice is in the waiting room.

If you cannot keep an appointment, please tell us a day before so that someone else can
have the slot. Comments and complaints go to the practice manager.
"""


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset()


@pytest.fixture(scope="module")
def built(ruleset):
    return prefilter.build(ruleset)


@pytest.fixture(scope="module")
def engine(ruleset):
    """The engine without its prefilter: what it would find."""
    linter = Linter(ruleset)
    linter._loaded_prefilter = None
    return linter


def _matches(engine, text: str) -> bool:
    result = engine.lint(text, "page.md")
    return bool(result.findings or result.suppressed)


def _examples(ruleset):
    return sorted({e for r in ruleset if not r.learned for e in (*r.examples_flag, *r.examples_pass)})


def test_every_rule_example_with_a_match_is_kept(ruleset, built, engine):
    kept = 0
    for example in _examples(ruleset):
        if _matches(engine, example):
            assert built.may_match(example), example
            kept += 1
    assert kept > 100  # the check ran over real matches


def test_a_clean_page_is_skipped(built, engine):
    assert not _matches(engine, CLEAN_PAGE)
    assert not built.may_match(CLEAN_PAGE)


@pytest.mark.parametrize("text", [
    "Our cream cures acne.",  # a phrase through its lemma ("cures" -> "cure")
    "Don\u2019t wait: call today.",  # a curly apostrophe, and a word spaCy cuts ("don't" -> "do", "n't")
    "Reserve now, places are limited to the first 20 clients.",  # a pattern with a number in it
    "It works 3x faster than a facial.",  # a number and a unit in one word
    "It works 10-times faster.",  # a mark between the words of a pattern
    "Up to 50% fewer wrinkles.",  # a mark as a required token
])
def test_words_as_spacy_reads_them_are_kept(built, engine, text):
    assert _matches(engine, text)
    assert built.may_match(text)


@pytest.mark.parametrize("text", [
    "Take the lift to the first floor.",  # "to the first" needs a number next
    "Ask for a double appointment if you have more than one question.",  # no outcome after the verb
    "A step-free entrance.\n\nIt is three times larger than the old one.",  # the mark is in another block
    "Call the number on the letter. The clinic is on Elm Street.",  # a mark, but far from the words
])
def test_words_out_of_order_or_apart_are_skipped(built, engine, text):
    assert not _matches(engine, text)
    assert not built.may_match(text)


_WORDS = st.sampled_from(sorted({w for e in _examples(load_ruleset()) for w in e.split()})
                         + ["the", "a", "**", "_", "\n\n", "10mg", "cannot", "don\u2019t", "&amp;"])


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=25))
def test_never_skips_a_text_where_a_rule_matches(built, engine, words):
    text = " ".join(words)
    if _matches(engine, text):
        assert built.may_match(text)


def test_a_directive_is_always_linted(ruleset, tmp_path):
    linter = Linter(ruleset)
    text = CLEAN_PAGE + "\n<!-- lintmed-disable cure-claim -->\n"
    rules = {f.rule for f in linter.lint(text, "page.md").findings}
    assert "unused-suppression" in rules


def test_short_texts_are_read_by_the_detector(ruleset, monkeypatch):
    linter = Linter(ruleset, detector=True)
    asked = []
    monkeypatch.setattr(prefilter.Prefilter, "may_match", lambda self, text: asked.append(text) or False)
    short = " ".join(["word"] * (DETECTOR_MIN_WORDS - 1))
    linter.lint(short, "a.txt")
    assert asked == []  # too short to skip: the detector reads it
    linter.lint(CLEAN_PAGE, "page.md")
    assert len(asked) == 1


def test_kept_in_the_cache_as_checked_json(ruleset, tmp_path, monkeypatch):
    monkeypatch.setenv("LINTMED_CACHE_DIR", str(tmp_path / "cache"))
    first = prefilter.for_ruleset(ruleset, None)
    [entry] = (tmp_path / "cache").glob("prefilter-*.json")
    assert json.loads(entry.read_bytes())["kind"] == "prefilter"
    entry.write_text(json.dumps({"format": cache.FORMAT, "kind": "prefilter"}), encoding="utf-8")  # broken
    assert prefilter.for_ruleset(ruleset, None) == first
    assert field(json.loads(entry.read_bytes())["value"], prefilter.Prefilter, "sequences")  # rebuilt


def test_a_clean_page_never_imports_spacy(tmp_path):
    page = tmp_path / "visit.md"
    page.write_text(CLEAN_PAGE, encoding="utf-8")
    code = ("import sys; from lintmed.cli import main\n"
            "code = main(['check', sys.argv[1]])\n"
            "print(code, 'spacy' in sys.modules)\n")
    run = [sys.executable, "-c", code, str(page)]
    subprocess.run(run, check=True, capture_output=True)  # fills the cache
    out = subprocess.run(run, check=True, capture_output=True, text=True).stdout.splitlines()
    assert out[-1].split() == ["0", "False"]  # exit code 0, spaCy never imported


def test_the_words_it_has_read_are_kept_within_a_bound(built, monkeypatch):
    """A run's reading is kept for the next page, up to _RUNS_KEPT runs; past that it starts
    again, and reads every text as a prefilter that kept nothing."""
    monkeypatch.setattr(prefilter, "_RUNS_KEPT", 20)
    fresh = prefilter.Prefilter(**{name: getattr(built, name) for name in built.__dataclass_fields__})
    filler = " ".join(f"word{k}" for k in range(200))
    texts = [CLEAN_PAGE, f"{filler} Our serum cures arthritis.", f"{filler}\n\n{CLEAN_PAGE}",
             "Our serum cures arthritis."]
    said = [fresh.may_match(text) for text in texts]
    assert len(fresh._runs()) <= 20
    assert said == [False, True, False, True]
    again = prefilter.Prefilter(**{name: getattr(built, name) for name in built.__dataclass_fields__})
    assert [again.may_match(text) for text in reversed(texts)] == said[::-1]
