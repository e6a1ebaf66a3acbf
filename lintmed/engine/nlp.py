"""The spaCy pipeline: blank English, sentencizer, lowercased lookup lemmas.

Built once per process and per model name. No trained pipeline is needed; one
may be named (installed package or path) and then its sentence boundaries are
used, while lemmas always come from the shipped lookup table so that rules
match the same way whatever the model.
"""
from __future__ import annotations

import importlib
import json
import os
import re
import sys
import threading
import types
from bisect import bisect_left
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice, repeat
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from lintmed.errors import LintmedError
from lintmed.lemmas import lemma_table
from lintmed.storage.cache import cached, per_object
from lintmed.storage.codec import CodecError


def get_nlp(model: str | None = None):
    """The pipeline for ``model`` (None: blank English), built once per process."""
    # One cache key however it is called: get_nlp() and get_nlp(None) are one pipeline.
    return _build_nlp(model)


# The packaged blank pipelines built (one per process): what phrase_tokens may cache for.
_BLANK: list = []


def import_spacy():
    """spaCy, imported here first: its package imports its command line (typer, weasel,
    requests, httpx: a quarter of ``import spacy``), which lintmed never runs, so a
    stand-in (``_CommandLine``) takes its place until something reads from it."""
    if "spacy" not in sys.modules and "spacy.cli" not in sys.modules:
        info = _CommandLine("spacy.cli.info")
        info.info = _info  # what spaCy's package imports from it
        sys.modules.update({"spacy.cli": _CommandLine("spacy.cli"), "spacy.cli.info": info})
    import spacy

    if isinstance(sys.modules.get("spacy.cli"), _CommandLine):
        spacy.cli = sys.modules["spacy.cli"]  # as the real import binds it
    return spacy


class _CommandLine(types.ModuleType):
    """A stand-in for ``spacy.cli`` and ``spacy.cli.info`` that imports the real module the
    first time anything is read from it (``spacy.info()``, ``spacy.cli.download``, a
    submodule import, which reads ``__path__``), and then answers from it."""

    def __getattr__(self, name: str):
        # The import system asks a module for its dunders (``__path__``: is it a package?);
        # only the package's own path is worth importing it for.
        of_the_package = self.__name__ == "spacy.cli" and name in ("__path__", "__all__")
        if name.startswith("__") and not of_the_package:
            raise AttributeError(name)
        return getattr(_real_command_line(self.__name__), name)


def _real_command_line(name: str):
    for stand_in in ("spacy.cli.info", "spacy.cli"):
        if isinstance(sys.modules.get(stand_in), _CommandLine):
            del sys.modules[stand_in]
    module = importlib.import_module(name)
    spacy = sys.modules["spacy"]
    spacy.cli = sys.modules["spacy.cli"]
    return module


def _info(*args, **kwargs):
    """``spacy.info``, from the real command line when it is called."""
    return _real_command_line("spacy.cli.info").info(*args, **kwargs)


@lru_cache(maxsize=4)
def _build_nlp(model: str | None):
    spacy = import_spacy()

    if model is None:
        # spacy.blank("en") without its config's fill and check (about a seventh of building
        # the pipeline), and with the tokenizer's special cases added as texts need them
        # (lintmed.engine.specials, which imports spaCy): the same splits, vocabulary and
        # attributes (tests/test_engine_nlp.py).
        from spacy.lang.en import English

        from lintmed.engine.specials import english_tokenizer

        nlp = English(create_tokenizer=english_tokenizer)
        _BLANK.append(nlp)
    else:
        where = pipeline_folder(model)
        try:
            nlp = spacy.load(where, exclude=["lemmatizer"])
        except Exception as exc:  # noqa: BLE001 - any failure to load is the named pipeline's
            raise LintmedError(f"cannot load spaCy pipeline {model!r}: {exc}".splitlines()[0]) from exc
    if not ({"sentencizer", "senter", "parser"} & set(nlp.pipe_names)):
        nlp.add_pipe("sentencizer")
    return nlp


def complete(nlp) -> None:
    """Give ``nlp``'s tokenizer every special case now (lintmed.engine.specials): before
    forking workers, so that they share them instead of each adding its own."""
    finish = getattr(nlp.tokenizer, "complete", None)
    if finish is not None:
        finish()


def pipeline_folder(model: str) -> Path:
    """The folder of a trained pipeline: ``model`` itself when it is a folder, else the
    data folder inside the installed package of that name.

    The package is found, never imported: a config comes with a repository, and
    ``spacy.load(name)`` imports the package, which under ``python -m lintmed`` may be a
    folder of that name in the working folder (code from the repository). The working
    folder is not searched, and the pipeline's data is loaded from its folder.
    """
    import importlib.machinery

    given = Path(model).expanduser()
    if given.is_dir():
        if not (given / "config.cfg").is_file():
            raise LintmedError(f"cannot load spaCy pipeline {model!r}: the folder has no config.cfg")
        return given
    if not _PACKAGE_NAME.fullmatch(model):
        raise LintmedError(f"cannot load spaCy pipeline {model!r}: no such folder, nor a package name")
    here = os.path.realpath(os.getcwd())
    search = [p for p in sys.path if p and os.path.realpath(p) != here]
    spec = importlib.machinery.PathFinder.find_spec(model, search)
    if spec is None or not spec.submodule_search_locations:
        raise LintmedError(f"cannot load spaCy pipeline {model!r}: no installed package of that name "
                           "(the working folder is not searched)")
    package = Path(list(spec.submodule_search_locations)[0])
    try:
        meta = json.loads((package / "meta.json").read_text(encoding="utf-8"))
        data = package / f"{meta['lang']}_{meta['name']}-{meta['version']}"
    except (OSError, ValueError, KeyError, TypeError):
        raise LintmedError(f"cannot load spaCy pipeline {model!r}: the installed package {model!r} "
                           "is not a spaCy pipeline (no meta.json)") from None
    if not (data / "config.cfg").is_file():
        raise LintmedError(f"cannot load spaCy pipeline {model!r}: the package has no pipeline data "
                           f"({data.name}/config.cfg)")
    return data


_PACKAGE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


# Per StringStore (per_object): lowercase-form hash -> lemma hash. Hashes are stable,
# but each store must hold the strings.
_LEMMA_IDS: dict[int, tuple[object, dict[int, int]]] = {}


def _lemma_id(lower_id: int, strings, cache: dict[int, int]) -> int:
    lower = strings[lower_id]
    # Curly apostrophes ("Parkinson’s", "don’t") look up as straight ones.
    key = lower.replace("\u2019", "'")
    lemma_id = strings.add(lemma_table().get(key, key))
    cache[lower_id] = lemma_id
    return lemma_id


@contextmanager
def memory_zone(model: str | None = None):
    """A block whose additions to the pipeline's vocabulary (the strings and lexemes of
    words it had not seen, about 500 bytes a word) are dropped at its end: spaCy's
    ``Language.memory_zone``, and the lemma cache's entries made in it (their lemmas'
    strings go with the zone). Nothing made in the block that reads spaCy's memory (a Doc,
    a Token, a hash to look up) may be used after it, and what the block uses must be
    built before it (the tokenizer's special cases, the matchers: Linter.warm_up).

    spaCy's vocabulary is shared by every thread: a zone in one thread would make the
    words another reads meanwhile transient, and free them under it. So the zone is
    opened only when this thread is the process's only one (then no other can start
    while the block runs); else (Dask's threaded scheduler) the block runs without it."""
    if threading.active_count() > 1:
        yield
        return
    nlp = get_nlp(model)
    strings = nlp.vocab.strings
    cache = per_object(_LEMMA_IDS, strings, dict)
    known = len(cache)
    with nlp.memory_zone():
        try:
            yield
        finally:
            for key in list(islice(cache, known, None)):  # in insertion order: those made in the zone
                del cache[key]


def set_lemmas(doc) -> None:
    """Lowercased lookup lemmas, set through arrays: no Token objects on the hot path."""
    import numpy
    from spacy.attrs import LEMMA, LOWER

    if not len(doc):
        return
    lemma_ids = _lemma_ids(doc.to_array(LOWER).tolist(), doc.vocab.strings)
    doc.from_array([LEMMA], numpy.array(lemma_ids, dtype="uint64").reshape(-1, 1))


def _lemma_ids(lowers: list[int], strings) -> list[int]:
    """The lemma hash of each lowercase-form hash."""
    cache = per_object(_LEMMA_IDS, strings, dict)
    return [cache.get(x) or _lemma_id(x, strings, cache) for x in lowers]


def make_pattern_doc(nlp, phrase: str):
    """A phrase tokenised and lemmatised as documents are."""
    doc = nlp.make_doc(phrase)
    set_lemmas(doc)
    return doc


@dataclass(frozen=True)
class PhraseTokens:
    """Phrases tokenised and lemmatised as documents are (``make_pattern_doc``): per
    phrase, its tokens' lowercase forms and their lemmas, in order."""

    lowers: dict[str, tuple[str, ...]]
    lemmas: dict[str, tuple[str, ...]]

    def __post_init__(self):
        # Checked when read from the cache: a phrase's two columns have one entry per token.
        if self.lowers.keys() != self.lemmas.keys() or any(len(v) != len(self.lowers[p])
                                                           for p, v in self.lemmas.items()):
            raise CodecError("a phrase's lowercase forms and lemmas differ in number")

    def tokens(self, phrase: str) -> tuple[tuple[str, str], ...]:
        """(lowercase form, lemma) per token of ``phrase``."""
        return tuple(zip(self.lowers[phrase], self.lemmas[phrase]))


def phrase_tokens(nlp, phrases: Iterable[str]) -> PhraseTokens:
    """``phrases`` as ``make_pattern_doc`` reads them with ``nlp``, from the cache when it
    has them: tokenising the rule set's 2,000-odd phrases (each a new Doc, most words new
    to the vocabulary) was over half of compiling the matchers on every start. The key
    holds the phrases and spaCy's version (the blank pipeline's tokenizer is spaCy's; the
    lemma table is lintmed's, in every key); a named pipeline's tokenizer it cannot see,
    so with one the phrases are always read afresh."""
    wanted = sorted(set(phrases))

    def build() -> PhraseTokens:
        docs = [make_pattern_doc(nlp, p) for p in wanted]
        return PhraseTokens({p: tuple(t.lower_ for t in d) for p, d in zip(wanted, docs)},
                            {p: tuple(t.lemma_ for t in d) for p, d in zip(wanted, docs)})

    if not any(nlp is blank for blank in _BLANK):
        return build()
    import spacy  # already imported by the caller's pipeline; here for its version

    table = cached("phrases", [spacy.__version__, *wanted], build, PhraseTokens)
    return table if table.lemmas.keys() >= set(wanted) else build()


_QUOTE_ENDS = frozenset('!?"\u201d\u2019\'')


def join_quoted_ends(doc) -> None:
    """The sentencizer ends a sentence at every "!" and "?", also inside a quotation
    ('the claim "Such a change!" along with the pictures'): a "sentence" that starts
    with a lowercase word right after one of those is the same sentence."""
    from spacy.attrs import SENT_START

    starts = doc.to_array(SENT_START)
    for i in _quoted_ends(doc, (starts == 1).nonzero()[0].tolist()):
        doc[i].is_sent_start = False


def _quoted_ends(doc, starts: list[int]) -> list[int]:
    """Of the sentence starts ``starts``, those that ``join_quoted_ends`` takes back."""
    # Token objects only at sentence starts
    return [i for i in starts if i and doc[i - 1].text in _QUOTE_ENDS and doc[i].text[:1].islower()]


def _sentence_flags(orths: list[int], puncts: list[int], marks: frozenset[int]) -> list[int]:
    """SENT_START per token (1 a start, -1 not) as spaCy's Sentencizer sets it (a sentence
    ends at one of its punctuation ``marks``, given as ORTH hashes, and the next starts at
    the first token after it that is no punctuation), from the ORTH and IS_PUNCT columns:
    the Sentencizer builds a Token object for every word, about a tenth of linting."""
    flags = [-1] * len(orths)
    flags[0] = 1
    seen = False  # a mark since the sentence's last word
    for i, (orth, is_punct) in enumerate(zip(orths, puncts)):
        if orth in marks:
            seen = True
        elif seen and not is_punct:
            flags[i] = 1
            seen = False
    return flags


def annotate_blank(doc, marks: frozenset[int], breaks: Sequence[int] = ()) -> None:
    """The Sentencizer's sentence starts (``_sentence_flags``), ``set_lemmas`` and
    ``join_quoted_ends`` over a Doc of the blank pipeline, with one read of its columns and
    one write (each read or write of a Doc's columns costs about 5 microseconds); and a
    sentence start at the first token at or after each character offset of ``breaks``
    (where a block of a lintmed.engine.blocks.Unit, or the white space after it, starts)."""
    import numpy
    from spacy.attrs import IDX, IS_PUNCT, LEMMA, LOWER, ORTH, SENT_START

    if not len(doc):
        return
    columns = doc.to_array([ORTH, IS_PUNCT, LOWER, IDX] if breaks else [ORTH, IS_PUNCT, LOWER])
    flags = _sentence_flags(columns[:, 0].tolist(), columns[:, 1].tolist(), marks)
    for i in _quoted_ends(doc, [i for i, flag in enumerate(flags) if flag == 1]):
        flags[i] = -1
    if breaks:
        starts = columns[:, 3].tolist()
        for char in breaks:
            if (i := bisect_left(starts, char)) < len(flags):
                flags[i] = 1
    out = numpy.empty((len(doc), 2), dtype="uint64")
    out[:, 0] = _lemma_ids(columns[:, 2].tolist(), doc.vocab.strings)
    out[:, 1] = numpy.array(flags, dtype="int64").view("uint64")
    doc.from_array([LEMMA, SENT_START], out)


_MARKS: dict[int, tuple[object, frozenset[int]]] = {}  # per Sentencizer (per_object): its marks' hashes


def _sentence_marks(nlp) -> frozenset[int] | None:
    """The ORTH hashes of the Sentencizer's marks when it is the pipeline's only component
    and ``annotate_blank`` does its work; else None (the pipeline runs as it is)."""
    from spacy.pipeline import Sentencizer

    if nlp.pipe_names != ["sentencizer"]:
        return None
    sentencizer = nlp.get_pipe("sentencizer")
    if type(sentencizer) is not Sentencizer or sentencizer.overwrite:
        return None
    # Once per Sentencizer, not once per batch of blocks: about 90 marks, each hashed.
    return per_object(_MARKS, sentencizer,
                      lambda: frozenset(nlp.vocab.strings.add(mark) for mark in sentencizer.punct_chars))


def joins_blocks(model: str | None = None) -> bool:
    """Whether the pipeline reads a run of blocks as one Doc (``pipe``'s ``breaks``): the
    blank one, whose sentences ``annotate_blank`` sets; a trained pipeline would read
    each block in the light of the others."""
    return _sentence_marks(get_nlp(model)) is not None


def pipe(texts: Iterable[str], model: str | None = None, breaks: Iterable[Sequence[int]] | None = None) -> Iterator:
    """A Doc of each text, with lemmas and sentences; with ``breaks`` (one sequence per
    text; only where ``joins_blocks``), a sentence also starts at each of its offsets."""
    nlp = get_nlp(model)
    blank = "sentencizer" in nlp.pipe_names  # a trained pipeline's sentences are its own
    marks = _sentence_marks(nlp)
    docs = (nlp.make_doc(text) for text in texts) if marks is not None else nlp.pipe(texts)
    for doc, starts in zip(docs, breaks if breaks is not None else repeat(())):
        if marks is not None:
            annotate_blank(doc, marks, starts)  # as the three below, in one pass over the Doc's columns
        else:
            set_lemmas(doc)
            if blank:
                join_quoted_ends(doc)
        yield doc
