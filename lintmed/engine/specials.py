"""spaCy's English tokenizer, with its special cases added as the texts it reads need them.

Adding spaCy's 1,347 English special cases ("don't", "a.m.", ":)") is over half of building
the blank pipeline, about 0.08 s of a one-page run, and such a page holds a few dozen of
them. A special case changes how a text is split only where its string stands in the text
(as a word, or a word's part once prefixes and suffixes are cut) or where its tokens stand in
a row, white space or not between them (spaCy matches those runs of tokens, and a match such
as "):" in ") :]" keeps ":]" from applying). So before it reads a text this tokenizer adds
the special cases whose strings, white space left out, the text holds with its white space
left out, and the text is split as by the tokenizer that has them all. Adding
a special case empties spaCy's cache of split words, so no word is ever read from the cache
as it was split before. After EAGER_AFTER_TEXTS texts or EAGER_AFTER_CHARS characters (a
site, a large file) the rest are added at once, and before anything reads the tokenizer's
rules, saves it or explains a split: from then on it is spaCy's own tokenizer with every
special case, set in spaCy's order (tests/test_engine_nlp.py compares the splits).

Imported only where the blank pipeline is built (lintmed.engine.nlp): it imports spaCy.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from re import _compiler, _parser  # noqa: PLC2701 - what re.compile runs, to keep its result

import _sre  # noqa: PLC2701
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer

from lintmed.storage.cache import cached

# Past this many texts, or characters read, the special cases left are added all at once:
# looking for each in a text costs more than adding it once a run is large.
EAGER_AFTER_TEXTS = 256
EAGER_AFTER_CHARS = 50_000


class OnDemandTokenizer(Tokenizer):
    """A Tokenizer that adds its special cases (``rules``) as the texts it reads need them."""

    def __init__(self, vocab, rules: dict, **settings):
        super().__init__(vocab, rules=None, **settings)
        self._every_rule = rules
        self._pending = dict(rules)  # string -> its tokens: the special cases not added yet
        self._bare = {string: "".join(string.split()) for string in rules}  # without white space
        self._texts = 0
        self._chars = 0
        # Until every special case is in (``_done``, set last), adding them and splitting a
        # text go one thread at a time (Dask's threaded scheduler shares a pipeline): a text
        # is never split while another thread's additions are half done.
        self._lock = threading.RLock()
        self._done = False

    def __call__(self, string):
        if self._done:  # every special case in: spaCy's tokenizer as it is
            return super().__call__(string)
        with self._lock:
            if not self._done:
                self._add_for(string)
            return super().__call__(string)

    def _add_for(self, string: str) -> None:
        self._texts += 1
        self._chars += len(string)
        if self._texts > EAGER_AFTER_TEXTS or self._chars > EAGER_AFTER_CHARS:
            self.complete()
            return
        # A special case also acts where its tokens stand with white space between them: its
        # tokens are matched as a sequence (spaCy's special-case matcher), and such a match
        # ("):" in ") :]") can keep another special case from applying.
        bare = "".join(string.split())
        for special in sorted(s for s in self._pending if self._bare[s] in bare):
            Tokenizer.add_special_case(self, special, self._pending.pop(special))

    def complete(self) -> None:
        """Every special case from now on, set as spaCy sets them when it builds the tokenizer."""
        if self._done:
            return
        with self._lock:
            if not self._done:
                Tokenizer.rules.__set__(self, self._every_rule)
                self._pending = {}
                self._done = True

    @property
    def rules(self):
        self.complete()
        return Tokenizer.rules.__get__(self)

    @rules.setter
    def rules(self, rules):
        with self._lock:
            Tokenizer.rules.__set__(self, rules)
            self._pending = {}
            self._done = True

    def add_special_case(self, string, substrings):
        with self._lock:
            self._pending.pop(string, None)  # the caller's version stays
            return super().add_special_case(string, substrings)

    def explain(self, text):
        self.complete()
        return super().explain(text)

    def to_bytes(self, *, exclude=tuple()):
        self.complete()
        return super().to_bytes(exclude=exclude)

    def to_disk(self, path, **kwargs):
        self.complete()
        return super().to_disk(path, **kwargs)

    def from_bytes(self, bytes_data, *, exclude=tuple()):
        self.complete()  # then spaCy's from_bytes sets what it reads
        return super().from_bytes(bytes_data, exclude=exclude)

    def from_disk(self, path, *, exclude=tuple()):
        self.complete()
        return super().from_disk(path, exclude=exclude)

    def __reduce__(self):
        self.complete()
        return (Tokenizer, (self.vocab, self.rules, self.prefix_search, self.suffix_search,
                            self.infix_finditer, self.token_match, self.url_match))


def english_tokenizer(nlp) -> OnDemandTokenizer:
    """The tokenizer spaCy's default factory (spacy.language.create_tokenizer) makes for
    ``nlp``'s language, its special cases added on demand, its patterns from the cache."""
    defaults = nlp.Defaults
    # The expressions of spacy.util.compile_prefix_regex, compile_suffix_regex and
    # compile_infix_regex (tests/test_engine_nlp.py holds them to those).
    prefixes = "|".join(["^" + piece for piece in defaults.prefixes if piece.strip()])
    suffixes = "|".join([piece + "$" for piece in defaults.suffixes if piece.strip()])
    infixes = "|".join([piece for piece in defaults.infixes if piece.strip()])
    return OnDemandTokenizer(
        nlp.vocab,
        with_capitals(defaults.tokenizer_exceptions),
        prefix_search=pattern(prefixes).search if defaults.prefixes else None,
        suffix_search=pattern(suffixes).search if defaults.suffixes else None,
        infix_finditer=pattern(infixes).finditer if defaults.infixes else None,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )


def with_capitals(exceptions: dict) -> dict:
    """spaCy's special cases, each contraction also in capitals. spaCy has "hasn't" and
    "Hasn't" but not "HASN'T", which it leaves one token: a heading in capitals ("EXOSOMES
    AREN'T FDA-APPROVED") hid its "n't" from the negation cues and the rules."""
    rules = dict(exceptions)
    for string, pieces in exceptions.items():
        capitals = string.upper()
        if ("'" in string or "\u2019" in string) and capitals not in rules:
            rules[capitals] = [{**piece, ORTH: piece[ORTH].upper()} for piece in pieces]
    return rules


@dataclass(frozen=True)
class CompiledPattern:
    """What re.compile hands the regular-expression engine for a pattern (re._compiler.compile):
    its flags, its code, and its groups."""

    flags: int
    code: tuple[int, ...]
    groups: int
    groupindex: dict[str, int]
    indexgroup: tuple[str | None, ...]


def pattern(expression: str) -> re.Pattern:
    """``re.compile(expression)``, its code from the cache: Python's compiler (parsing the
    pattern, then optimising its large character classes) took 35 ms for spaCy's three
    tokenizer patterns on every start. The entry is checked as any (lintmed.storage.codec),
    and the engine checks the code itself; a code it refuses is compiled afresh."""
    parts = cached("pattern", [expression, str(_sre.MAGIC), str(_sre.CODESIZE)],
                   lambda: _compiled_parts(expression), CompiledPattern)
    try:
        return _sre.compile(expression, parts.flags, list(parts.code), parts.groups, dict(parts.groupindex),
                            parts.indexgroup)
    except (RuntimeError, TypeError, ValueError, OverflowError):
        return re.compile(expression)


def _compiled_parts(expression: str) -> CompiledPattern:
    """The arguments re._compiler.compile gives _sre.compile for ``expression`` (no flags)."""
    parsed = _parser.parse(expression, 0)
    code = _compiler._code(parsed, 0)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return CompiledPattern(parsed.state.flags, tuple(code), parsed.state.groups - 1, groupindex, tuple(indexgroup))
