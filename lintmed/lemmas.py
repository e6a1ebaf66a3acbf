"""The shipped English lemma table (lowercased lookup: word -> lemma), read once per process
and kept in the cache folder. Below the engine and the suggestion engine, which both use it:
the matcher for lemmas, the wording for verb forms."""
from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources

from lintmed.storage.cache import cached


# The lookup table's mistakes on words that rules match by lemma ("does not harm"): "does" is
# not the plural of "doe", and "wo" and "ca" are what the tokenizer leaves of "won't" and
# "can't", which the table does not have.
_CORRECTIONS = {"does": "do", "wo": "will", "ca": "can", "sha": "shall"}


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    data = resources.files("lintmed").joinpath("data/en_lemma_lookup.json.gz").read_bytes()

    def build() -> dict[str, str]:
        table = json.loads(gzip.decompress(data))
        return {**{k.lower(): v.lower() for k, v in table.items()}, **_CORRECTIONS}

    return cached("lemmas", [data], build, dict[str, str])  # parsed once, not on every run
