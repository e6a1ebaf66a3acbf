"""The spaCy pipeline: blank English, sentencizer, lowercased lookup lemmas.

Built once per process and per model name. No trained pipeline is needed; one
may be named (installed package or path) and then its sentence boundaries are
used, while lemmas always come from the shipped lookup table so that rules
match the same way whatever the model.
"""
from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator

from lintmed.errors import LintmedError


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    data = resources.files("lintmed").joinpath("data/en_lemma_lookup.json.gz").read_bytes()
    table = json.loads(gzip.decompress(data))
    return {k.lower(): v.lower() for k, v in table.items()}


@lru_cache(maxsize=4)
def get_nlp(model: str | None = None):
    import spacy

    if model is None:
        nlp = spacy.blank("en")
    else:
        try:
            nlp = spacy.load(model, exclude=["lemmatizer"])
        except (OSError, ImportError, ValueError) as exc:
            raise LintmedError(f"cannot load spaCy pipeline {model!r}: {exc}".splitlines()[0]) from exc
    if not ({"sentencizer", "senter", "parser"} & set(nlp.pipe_names)):
        nlp.add_pipe("sentencizer")
    return nlp


def set_lemmas(doc) -> None:
    table = lemma_table()
    for token in doc:
        # Curly apostrophes ("Parkinson’s", "don’t") look up as straight ones.
        lower = token.lower_.replace("\u2019", "'")
        token.lemma_ = table.get(lower, lower)


def make_pattern_doc(nlp, phrase: str):
    """A phrase tokenised and lemmatised as documents are, for PhraseMatcher."""
    doc = nlp.make_doc(phrase)
    set_lemmas(doc)
    return doc


def pipe(texts: Iterable[str], model: str | None = None) -> Iterator:
    nlp = get_nlp(model)
    for doc in nlp.pipe(texts):
        set_lemmas(doc)
        yield doc
