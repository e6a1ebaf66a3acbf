"""The text report's lines for suggestions: each says what it does to which words."""
from __future__ import annotations

from lintmed.findings import Suggestion
from lintmed.report.text import _suggestion


def test_a_word_deletion_names_the_words_and_is_not_called_a_sentence_removal():
    deletion = Suggestion("", "say only what the product is approved for", kind="remove",
                          original="Board-certified ", scope="words")
    removal = Suggestion("", "say only what the product is approved for", kind="remove",
                         original="Our serum is board-certified.", scope="sentence")
    assert _suggestion(deletion) == 'delete "Board-certified": say only what the product is approved for'
    assert _suggestion(removal) == "remove the sentence: say only what the product is approved for"


def test_a_swap_of_a_few_words_shows_what_it_replaces():
    swap = Suggestion("an ", "plain words", kind="remove", original="a  revolutionary\n", scope="words",
                      line=3, column=9, end_line=3, end_column=26)
    assert _suggestion(swap) == 'try: "an" in place of "a revolutionary" (replaces 3:9-3:26)'


def test_a_hedge_of_the_claim_reads_as_before():
    hedge = Suggestion("may help ease stiffness", "hedge the claim", kind="hedge")
    assert _suggestion(hedge) == 'try: "may help ease stiffness"'
