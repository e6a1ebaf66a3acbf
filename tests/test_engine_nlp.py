"""lintmed.engine.nlp: what start-up does instead of spaCy's own slower paths must give
exactly what those paths give: phrases are tokenised once and kept in the cache (checked
JSON), not as Docs made on every start."""
from __future__ import annotations

import json

import pytest
from lintmed.engine.nlp import PhraseTokens, get_nlp, make_pattern_doc, phrase_tokens
from lintmed.storage import cache
from lintmed.storage.codec import CodecError

PHRASES = ["cures all", "FDA-approved", "don't wait", "stem cell therapy", "Parkinson\u2019s"]


def test_phrase_tokens_are_those_of_a_pattern_doc(cache_folder):
    nlp = get_nlp()
    table = phrase_tokens(nlp, PHRASES)
    for phrase in PHRASES:
        doc = make_pattern_doc(nlp, phrase)
        assert table.tokens(phrase) == tuple((t.lower_, t.lemma_) for t in doc)
    assert table.tokens("cures all") == (("cures", "cure"), ("all", "all"))
    assert len(list(cache_folder.glob("phrases-*.json"))) == 1
    again = phrase_tokens(nlp, reversed(PHRASES))  # the same phrases in another order: the same entry
    assert again == table and len(list(cache_folder.glob("phrases-*.json"))) == 1


def test_a_phrase_entry_with_unequal_columns_is_rebuilt(cache_folder):
    nlp = get_nlp()
    table = phrase_tokens(nlp, PHRASES)
    (entry,) = cache_folder.glob("phrases-*.json")
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["value"]["lemmas"]["cures all"] = ["cure"]  # one lemma for two tokens
    entry.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CodecError):
        PhraseTokens(data["value"]["lowers"], {k: tuple(v) for k, v in data["value"]["lemmas"].items()})
    assert phrase_tokens(nlp, PHRASES) == table


def test_phrases_are_read_afresh_without_a_cache(cache_folder):
    cache.disable()
    table = phrase_tokens(get_nlp(), PHRASES)
    assert table.tokens("don't wait") == (("do", "do"), ("n't", "not"), ("wait", "wait"))
    assert not cache_folder.exists() or not list(cache_folder.glob("phrases-*.json"))
