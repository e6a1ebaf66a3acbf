"""lintmed.engine.nlp: what start-up and parsing do instead of spaCy's own slower paths
must give exactly what those paths give. Sentence starts are set from token columns, not
by the Sentencizer; phrases are tokenised once and kept in the cache (checked JSON),
not as Docs made on every start."""
from __future__ import annotations

import json

import pytest
from cache_support import field, with_field
from spacy.attrs import SENT_START

from lintmed.engine.nlp import PhraseTokens, _sentence_marks, get_nlp, make_pattern_doc, phrase_tokens, pipe
from lintmed.engine.nlp import _sentence_flags, annotate_blank, join_quoted_ends, set_lemmas
from lintmed.storage import cache
from lintmed.storage.codec import CodecError

TEXTS = [
    "",
    " ",
    "!",
    "...",
    "One sentence without an end",
    "It works. It really works!",
    "Ask us?! We answer within a day.",
    "Results vary (see below). Book now.",
    "She said: \u201cWow!\u201d and left. Then more.",
    "Dots . . . and more dots ... here",
    "Costs $9.99. Call 555-0100 today!!! Or not?",
    "Line one\n\nLine two. \u2014 A dash. \u3002 A wide stop.",
    "Dr. Smith treats arthritis. Mr. Jones doesn't.",
    "Ends with a quote.\u201d Next one starts here.",
    "?? leading marks. then lowercase after a stop.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_sentence_starts_are_the_sentencizers(text):
    from spacy.attrs import IS_PUNCT, ORTH

    nlp = get_nlp()
    expected = nlp(text)  # the pipeline as spaCy runs it: tokenizer, then the Sentencizer
    columns = nlp.make_doc(text).to_array([ORTH, IS_PUNCT])
    # (an empty Doc has no column to read; annotate_blank leaves it as it is)
    marks = _sentence_marks(nlp)
    flags = _sentence_flags(columns[:, 0].tolist(), columns[:, 1].tolist(), marks) if len(columns) else []
    assert flags == expected.to_array(SENT_START).astype("int64").tolist()


@pytest.mark.parametrize("text", TEXTS + ['Patients say "It works!" and then "wow?" they smile. Next.'])
def test_one_pass_over_the_columns_sets_what_the_three_steps_set(text):
    """pipe sets sentences, lemmas and quoted ends in one read and one write of a Doc's
    columns: the same as spaCy's Sentencizer, set_lemmas and join_quoted_ends in turn."""
    from spacy.attrs import LEMMA

    nlp = get_nlp()
    steps, once = nlp(text), nlp.make_doc(text)  # nlp(text): the tokenizer, then the Sentencizer
    set_lemmas(steps)
    join_quoted_ends(steps)
    annotate_blank(once, _sentence_marks(nlp))
    assert once.to_array([LEMMA, SENT_START]).tolist() == steps.to_array([LEMMA, SENT_START]).tolist()
    assert [s.text for s in once.sents] == [s.text for s in steps.sents]


def test_a_quoted_exclamation_inside_a_sentence_ends_nothing():
    (doc,) = pipe(['Patients say "It works!" and then smile.'])
    assert len(list(doc.sents)) == 1


def test_building_the_pipeline_leaves_spacys_command_line_unimported():
    """spaCy's package imports its command line (typer, requests and more) on import; lintmed
    never runs it, so a stand-in takes its place until something reads from it, which
    then gets the real one."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from lintmed.engine.nlp import get_nlp\n"
        "get_nlp()('Our cream cures acne.')\n"
        "print(sorted(m for m in ('typer', 'requests', 'weasel') if m in sys.modules))\n"
        "import spacy\n"
        "print(spacy.info()['spacy_version'] == spacy.__version__)\n"
        "from spacy.cli.download import download\n"
        "print(callable(download), callable(spacy.cli.download), 'typer' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", "True", "True True True"]


def test_pipe_reads_sentences_and_lemmas():
    (doc,) = pipe(["We cured it. Ask \u201cwhy!\u201d she said."])
    assert [s.text for s in doc.sents] == ["We cured it.", "Ask \u201cwhy!\u201d she said."]
    assert [t.lemma_ for t in doc][:2] == ["we", "cure"]


def test_auxiliaries_and_contractions_get_the_lemma_rules_name():
    # the lookup table has "does" as the plural of "doe", and no "wo" or "ca" (won't, can't)
    (doc,) = pipe(["It does not, won't and can't harm you."])
    assert {t.lower_: t.lemma_ for t in doc if t.lower_ in {"does", "wo", "ca"}} == {
        "does": "do", "wo": "will", "ca": "can"}


def test_a_pipeline_with_more_than_a_sentencizer_runs_as_it_is():
    nlp = get_nlp()
    assert _sentence_marks(nlp) is not None
    other = type(nlp)()  # a blank English pipeline without the sentencizer
    assert _sentence_marks(other) is None


def test_the_sentence_marks_are_worked_out_once_per_sentencizer():
    nlp = get_nlp()
    marks = _sentence_marks(nlp)
    assert marks is _sentence_marks(nlp)
    assert marks == {nlp.vocab.strings[m] for m in nlp.get_pipe("sentencizer").punct_chars}
    other = type(nlp)()
    other.add_pipe("sentencizer", config={"punct_chars": ["|"]})
    assert _sentence_marks(other) == {other.vocab.strings["|"]}  # its own, not the first one's


def _spacys_blank_with_capitals():
    """spacy.blank("en"), with the contractions in capitals that lintmed's tokenizer adds."""
    import spacy
    from spacy.lang.en import English

    from lintmed.engine.specials import with_capitals

    blank = spacy.blank("en")
    blank.tokenizer.rules = with_capitals(English.Defaults.tokenizer_exceptions)
    return blank


def test_contractions_in_capitals_split_as_in_lower_case():
    (doc,) = pipe(["IT HASN'T BEEN CLEARED, AND WE DON\u2019T CLAIM IT IS."])
    assert [t.text for t in doc][:4] == ["IT", "HAS", "N'T", "BEEN"]
    assert [t.text for t in doc][8:10] == ["DO", "N\u2019T"]
    assert [t.lemma_ for t in doc][2] == "not" and [t.norm_ for t in doc][9] == "not"


def test_the_pipeline_is_spacys_blank_english():
    from spacy.attrs import IS_PUNCT, IS_SPACE, IS_STOP, LIKE_NUM, LOWER, NORM, ORTH, SHAPE

    ours, blank = get_nlp().tokenizer, _spacys_blank_with_capitals().tokenizer
    assert ours.rules == blank.rules and len(ours.rules) > 1000
    def pattern(tokenizer, attr):
        found = getattr(tokenizer, attr)  # a compiled pattern's method, or None
        return found and found.__self__.pattern

    for attr in ("prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match"):
        assert pattern(ours, attr) == pattern(blank, attr)
    assert pattern(ours, "suffix_search")
    columns = [ORTH, LOWER, NORM, SHAPE, IS_PUNCT, IS_SPACE, IS_STOP, LIKE_NUM]
    for text in [*TEXTS, "Don't can't won't U.S. e.g. 5km 10:30am :) <3 http://x.y/z?a=1 it’s n’t"]:
        assert ours(text).to_array(columns).tolist() == blank(text).to_array(columns).tolist()


def test_special_cases_added_on_demand_split_as_spacys_tokenizer(monkeypatch):
    import random

    from spacy.attrs import LOWER, NORM, ORTH, SHAPE
    from spacy.lang.en import English

    from lintmed.engine import specials

    blank = _spacys_blank_with_capitals()
    every = sorted(blank.tokenizer.rules)
    rng = random.Random(3)
    texts = list(TEXTS)
    for _ in range(600):  # special cases glued to marks, in runs, at the ends of words
        words = [rng.choice(every) for _ in range(rng.randint(1, 4))]
        texts.append("".join(rng.choice(["", " ", "(", '"', ".", "  ", "\n", "-", "'", "a"]) + w for w in words)
                     + rng.choice(["", ".", "!", " ", "s"]))
    for _ in range(600):  # special cases side by side: one matched across a space can block another
        texts.append(" ".join(rng.choice(every) + rng.choice(["", ".", ")", "s"]) for _ in range(rng.randint(2, 6))))
    texts += ["We're open 9 a.m. to 5 p.m. :)", "Don't DON'T don\u2019t", "It's Dr. Lee's (i.e. ours) 'cause",
              ") :]s", "see (: ) :] here"]
    columns = [ORTH, LOWER, NORM, SHAPE]
    for eager_after in (10 ** 9, 40):  # all on demand; the rest added part-way
        monkeypatch.setattr(specials, "EAGER_AFTER_TEXTS", eager_after)
        ours = English(create_tokenizer=specials.english_tokenizer)
        for text in rng.sample(texts, len(texts)):
            mine, theirs = ours.make_doc(text), blank.make_doc(text)
            assert [t.text_with_ws for t in mine] == [t.text_with_ws for t in theirs], text
            assert mine.to_array(columns).tolist() == theirs.to_array(columns).tolist(), text
        assert bool(ours.tokenizer._pending) is (eager_after > 1000)
        assert ours.tokenizer.rules == blank.tokenizer.rules and not ours.tokenizer._pending  # read: all of them


@pytest.mark.parametrize("text", [") :]s", "see (: ) :] here", "x ;) :( y"])
def test_a_special_case_matched_across_a_space_still_blocks_another(text):
    # spaCy matches "):" on the tokens ")" ":" even with a space between them, and that match
    # keeps ":]" from applying: the first text a fresh pipeline reads must have it.
    from spacy.lang.en import English

    from lintmed.engine import specials

    ours = English(create_tokenizer=specials.english_tokenizer)
    assert [t.text for t in ours.make_doc(text)] == [t.text for t in _spacys_blank_with_capitals().make_doc(text)]


def test_threads_sharing_the_pipeline_split_as_spacys_tokenizer(monkeypatch):
    import random
    import sys
    import threading

    from spacy.lang.en import English

    from lintmed.engine import specials

    blank = _spacys_blank_with_capitals()
    every = sorted(blank.tokenizer.rules)
    rng = random.Random(11)
    texts = [" ".join(rng.choice(every) + rng.choice(["", ".", ")", "s"]) for _ in range(6)) for _ in range(400)]
    expected = [[t.text for t in blank.make_doc(text)] for text in texts]
    monkeypatch.setattr(specials, "EAGER_AFTER_TEXTS", 300)  # some threads split while the rest go in
    monkeypatch.setattr(sys, "getswitchinterval", sys.getswitchinterval)
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter can
    try:
        nlp = English(create_tokenizer=specials.english_tokenizer)
        wrong = []

        def split(part):
            for k in part:
                if [t.text for t in nlp.make_doc(texts[k])] != expected[k]:
                    wrong.append(texts[k])

        threads = [threading.Thread(target=split, args=(range(i, len(texts), 8),)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(previous)
    assert not wrong


def test_the_tokenizer_patterns_are_spacys_compiled_ones(cache_folder):
    import json

    from spacy.lang.en import English
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    from lintmed.engine import specials

    defaults = English.Defaults
    expected = (compile_prefix_regex(defaults.prefixes), compile_suffix_regex(defaults.suffixes),
                compile_infix_regex(defaults.infixes))
    for _ in range(2):  # built, then read from the cache
        tokenizer = specials.english_tokenizer(English())
        found = (tokenizer.prefix_search.__self__, tokenizer.suffix_search.__self__,
                 tokenizer.infix_finditer.__self__)
        assert found == expected  # a Pattern equals another with the same text, flags and code
    entries = sorted(cache_folder.glob("pattern-*.json"))
    assert len(entries) == 3
    for entry in entries:  # code the engine refuses, or an entry of the wrong shape: compiled afresh
        data = json.loads(entry.read_text(encoding="utf-8"))
        data["value"] = with_field(data["value"], specials.CompiledPattern, "code", [999999] * 8)
        entry.write_text(json.dumps(data), encoding="utf-8")
    assert specials.pattern(expected[2].pattern) == expected[2]
    entries[0].write_text(json.dumps({"format": cache.FORMAT, "value": 1}), encoding="utf-8")
    assert specials.english_tokenizer(English()).prefix_search.__self__ == expected[0]


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
    lowers, lemmas = field(data["value"], PhraseTokens, "lowers"), field(data["value"], PhraseTokens, "lemmas")
    lemmas["cures all"] = ["cure"]  # one lemma for two tokens
    entry.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CodecError):
        PhraseTokens(lowers, {k: tuple(v) for k, v in lemmas.items()})
    assert phrase_tokens(nlp, PHRASES) == table


def test_phrases_are_read_afresh_without_a_cache(cache_folder):
    cache.disable()
    table = phrase_tokens(get_nlp(), PHRASES)
    assert table.tokens("don't wait") == (("do", "do"), ("n't", "not"), ("wait", "wait"))
    assert not cache_folder.exists() or not list(cache_folder.glob("phrases-*.json"))
