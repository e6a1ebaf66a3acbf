"""The language check's sample of a page's words."""
from __future__ import annotations

from itertools import islice

from hypothesis import given, settings
from hypothesis import strategies as st

from lintmed.engine import language

WORDS = st.lists(st.sampled_from(["the", "clinic", "hyperbaric", "regenerative", "es", "à", "día", "3rd", "x_y", "-", "  ", "\n", "é"]),
                 max_size=60)


def _first_words_one_by_one(prose: str) -> list[str]:
    return [m.group() for m in islice(language._WORD.finditer(prose), language.SAMPLE_WORDS)]


@settings(max_examples=200, deadline=None)
@given(WORDS, st.integers(min_value=1, max_value=8))
def test_the_sample_is_the_first_words_of_the_prose(pieces, sample):
    prose = " ".join(pieces)
    original = language.SAMPLE_WORDS
    language.SAMPLE_WORDS = sample  # a small sample: its end falls inside the prose, at any word
    try:
        assert language._first_words(prose) == _first_words_one_by_one(prose)
    finally:
        language.SAMPLE_WORDS = original


def test_a_long_page_is_sampled_from_its_start_only():
    words = [f"word{'x' * (k % 7)}" for k in range(5000)]
    prose = " ".join(words)
    assert language._first_words(prose) == words[:language.SAMPLE_WORDS]


def test_spanish_prose_is_told_from_english():
    spanish = "Nuestro equipo trabaja con los pacientes para que la consulta sea clara y que usted " * 5
    english = "Our team works with the patients so that the visit is clear and that you feel at home " * 5
    assert language.guess(spanish) == "es"
    assert language.guess(english) is None
