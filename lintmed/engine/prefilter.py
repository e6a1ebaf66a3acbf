"""Could this text hold a rule match at all? Decided without spaCy.

Most files of a site (opening hours, directions, privacy notices) hold nothing that a
rule needs, and a pre-commit run on one of them should cost a Python start and a
read, not spaCy's import and the matchers' compilation. Every phrase, token pattern,
frame and document mention of the rule set needs certain words (each with every
surface form the lemma table maps to its lemma: "cures", "cured", "curing" for
"cure"), in order and close together for phrases and patterns, within the frame's
reach for frames. The prefilter checks that on the runs of letters and digits of the
prose a reader extracted, block by block; a text where nothing can match is not
given to spaCy.

The test errs only towards linting (a "maybe" is checked by the engine):

- a run spaCy cuts into pieces ("cannot" -> "can", "not"; "10mg" -> "10", "mg") also
  counts as its pieces, at the same place;
- marks are no runs, so only words are counted when words must be close; a
  form with a mark in it ("u.s.") is looked for as a substring, and then constrains
  nothing around it;
- between two required words of a pattern, only words its optional tokens allow may
  stand (a number where it allows one); a token that may repeat ("*", "+") or any
  other word ("!") lets anything stand there.

The learned detector (lintmed.engine.detector) scores every sentence, anchor or not; what
skipping texts costs it was measured on real pages (README, "Accuracy and
performance"), and with the detector on ``Linter`` asks the prefilter only about texts of
at least DETECTOR_MIN_WORDS words (lintmed.engine.linter).

Built once per rule set and pipeline (spaCy tokenises the phrases) and kept in the
cache (lintmed.storage.cache) as checked JSON.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from lintmed.storage.cache import cached, json_of
from lintmed.engine.match import kinds_of
from lintmed.rules.model import RuleSet, as_list

_ORTH = 65  # spacy.attrs.ORTH: the key of a piece in a tokenizer rule
_WORD = re.compile(r"[^\W_]+")
_ALNUM = re.compile(r"[^\W_]+\Z")
_LEADING_DIGITS = re.compile(r"\d+(?=[^\W\d_])")
_BLOCKS = re.compile(r"\n\s*\n")  # as lintmed.engine.linter cuts a text into blocks, which no match crosses
_BLOCK_GAP = 1 << 62  # further back than any word of a block
ANY = "*"  # in an allowed set: any words may stand here
NUMBER = "#"  # in an allowed set: a number may stand here (digits, or a number word)
NUMBER_GROUP = "<number>"  # the only form of the group of numbers (digits, or a number word)
_NUMBER_RUNS = 4  # runs a number spaCy keeps as one token may take ("1,000,000.5")


@dataclass(frozen=True)
class Prefilter:
    """What a text must hold for any rule to match in it.

    A sequence is a phrase or a token pattern: a word of each of its groups
    (``groups``: the surface forms of one required word), in order, each at most its
    gap after the one before with only the allowed words between. A frame (or a
    document mention) is parts, each one of several sequences, lying in any order
    within ``reach`` tokens. Some sequences are needs on their own (``top``), the
    others only parts of frames."""

    groups: tuple[tuple[str, ...], ...]  # lowercase surface forms, one set per required word
    sequences: tuple[tuple[int, ...], ...]  # per sequence, its groups in order
    gaps: tuple[tuple[int, ...], ...]  # per sequence: the most words from one group's word to the next (0: any)
    between: tuple[tuple[tuple[str, ...], ...], ...]  # per sequence and gap: the words that may stand there
    top: tuple[bool, ...]  # per sequence: a need on its own (a phrase or pattern of a rule)
    frames: tuple[tuple[tuple[int, ...], ...], ...]  # per frame or mention, per part: its sequences
    reach: tuple[int, ...]  # per frame: the most tokens it spans (0: a whole block)
    splits: dict[str, tuple[str, ...]]  # a word spaCy may cut into pieces -> the pieces and their words
    number_words: tuple[str, ...] = ()  # words spaCy's like_num takes ("ten", "third")
    always: bool = False  # a rule with a sequence of no words: every text may match

    def may_match(self, text: str) -> bool:
        """False only when no rule can match anywhere in ``text`` (the prose a reader
        extracted, blocks separated by blank lines)."""
        if self.always:
            return True
        low = text.lower().replace("\u2019", "'")
        index, fragments, by_first, parts_of, number_words, numbers_group, need_sets = self._index()
        runs = self._runs()
        for block in _BLOCKS.split(low):  # no match crosses blocks (lintmed.engine.blocks.Unit)
            at: dict[int, list[int]] = {}  # group -> the numbers of its words in the block
            words_at: list[tuple[int, tuple[str, ...]]] = []  # (number, the word and its pieces)
            found = list(_WORD.finditer(block))
            for number, match in enumerate(found):
                run = match.group()
                read = runs.get(run)
                if read is None:
                    read = self._read_run(run, index, numbers_group)
                    if len(runs) >= _RUNS_KEPT:
                        runs.clear()
                    runs[run] = read
                words, groups = read
                for g in groups:
                    numbers = at.setdefault(g, [])
                    if not numbers or numbers[-1] != number:
                        numbers.append(number)
                words_at.append((number, words))
            # A mark (".", "%") stands between two words: it takes the number of the word
            # before it, which the next group may share. A form with letters in it ("no.",
            # "u.s.") is found as a substring, with no number: it constrains nothing.
            anywhere: set[int] = set()
            shared: set[int] = set()
            starts = [m.start() for m in found]
            for fragment, ids in fragments.items():  # (in the block: most pages stop at an early one)
                at_char = block.find(fragment)
                if at_char < 0:
                    continue
                if _WORD.search(fragment):
                    anywhere |= ids
                    continue
                while at_char >= 0:
                    number = bisect_left(starts, at_char) - 1
                    shared.add(number)
                    for g in ids:
                        at.setdefault(g, []).append(number)
                    at_char = block.find(fragment, at_char + 1)
                for g in ids:
                    at[g] = sorted(set(at[g]))
            present = at.keys() | anywhere
            words = _Words(words_at, number_words, shared)
            # Only the sequences and frames whose first words are here can match here, and
            # only those whose every word is (the subset test _ends counts on: most stop there).
            for k in sorted({k for g in present for k in by_first.get(g, ())}):
                if self.top[k] and need_sets[k] <= present and self._ends(k, at, anywhere, words) is not False:
                    return True
            hit: dict[int, set[int]] = {}  # frame -> the parts with a first word here
            for g in present:
                for f, part in parts_of.get(g, ()):
                    hit.setdefault(f, set()).add(part)
            for f in sorted(f for f, parts in hit.items() if len(parts) == len(self.frames[f])):
                if self._frame(f, at, anywhere, words, present, need_sets):
                    return True
        return False

    def _read_run(self, run: str, index, numbers_group) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """A run of letters and digits as ``may_match`` reads it: the run and the pieces spaCy
        may cut it into, and the groups those words are in."""
        words = [run]
        if run[:1].isdigit():  # spaCy cuts a number from its unit ("10mg" -> "10", "mg")
            words.append(_LEADING_DIGITS.sub("", run, count=1))
        words += self.splits.get(run, ())
        groups = [g for word in words for g in index.get(word, ())]
        if numbers_group is not None and run[:1].isdigit():
            groups.append(numbers_group)  # spaCy's like_num: "10", "1,000", "3rd"
        return tuple(words), tuple(groups)

    def _runs(self) -> dict[str, tuple[tuple[str, ...], tuple[int, ...]]]:
        """The runs read so far (``_read_run``), by run: a site repeats most of its words."""
        runs = self.__dict__.get("_read_runs")
        if runs is None:
            runs = {}
            object.__setattr__(self, "_read_runs", runs)
        return runs

    def _ends(self, k: int, at, anywhere, words: _Words) -> list[int] | None | bool:
        """Where sequence ``k`` can end: the numbers of its last word; None when it can
        end anywhere (its last word found only as a substring); False when nowhere. Asked
        only of a sequence whose every word is in the block (in ``at`` or ``anywhere``): its
        callers test that first, as one subset test, before the call."""
        need, gaps, between = self.sequences[k], self.gaps[k], self.between[k]
        ends: list[int] | None = None  # the numbers a partial match may have reached; None: any
        for i, g in enumerate(need):
            if g in anywhere:
                ends = None  # found somewhere as a substring, with no number: any later word will do
                continue
            positions = at[g]
            if ends is not None and i:
                # The word before may stand at the same number only when spaCy cuts that word.
                positions = [p for p in positions
                             if _any_between(ends, words.lowest_start(p, gaps[i - 1], between[i - 1]), p,
                                             None if words.is_cut(p) else p)]
                if not positions:
                    return False
            ends = positions
        return ends

    def _frame(self, f: int, at, anywhere, words: _Words, present, need_sets) -> bool:
        """Whether every part of frame ``f`` can match, each within its reach of the
        rarest part's match and not at the same word (a frame's parts never overlap,
        unless spaCy cuts the word in pieces): necessary for all to lie within reach.
        A part's sequences some of whose words are not ``present`` in the block are
        passed over (``_ends`` would say False): a part such as a term list of diseases
        has hundreds, and a block holds few of them."""
        placed: list[list[int]] = []
        for part in self.frames[f]:
            ends: set[int] = set()
            for k in part:
                if not need_sets[k] <= present:
                    continue
                found = self._ends(k, at, anywhere, words)
                if found is None:
                    break  # this part can be anywhere
                if found is not False:
                    ends.update(found)
            else:
                if not ends:
                    return False
                placed.append(sorted(ends))
        if len(placed) < 2:
            return True
        limit = (self.reach[f] or _BLOCK_GAP) - 1
        first, *others = sorted(placed, key=len)
        for position in first:
            skip = None if words.is_cut(position) else position
            if all(_any_between(positions, position - limit, position + limit, skip) for positions in others):
                return True
        return False

    def _index(self):
        """Built on first use: word -> groups, fragment -> groups, group -> the
        sequences it comes first in, group -> the (frame, part) whose sequences it
        comes first in, the number words as a set, the group of numbers (or None), and
        per sequence the set of its groups."""
        built = self.__dict__.get("_built_index")
        if built is None:
            index: dict[str, list[int]] = {}
            fragments: dict[str, set[int]] = {}
            for g, forms in enumerate(self.groups):
                for form in forms:
                    if _ALNUM.match(form):
                        index.setdefault(form, []).append(g)
                    elif form != NUMBER_GROUP:
                        fragments.setdefault(form, set()).add(g)
            by_first: dict[int, list[int]] = {}
            for k, need in enumerate(self.sequences):
                if self.top[k]:
                    by_first.setdefault(need[0], []).append(k)
            parts_of: dict[int, set[tuple[int, int]]] = {}
            for f, parts in enumerate(self.frames):
                for j, part in enumerate(parts):
                    for k in part:
                        parts_of.setdefault(self.sequences[k][0], set()).add((f, j))
            number_words = frozenset(self.number_words)
            numbers = self.groups.index((NUMBER_GROUP,)) if (NUMBER_GROUP,) in self.groups else None
            for word in number_words if numbers is not None else ():
                index.setdefault(word, []).append(numbers)
            need_sets = tuple(frozenset(need) for need in self.sequences)  # per sequence: the groups it needs
            built = ({w: tuple(gs) for w, gs in index.items()}, fragments, by_first, parts_of, number_words, numbers,
                     need_sets)
            object.__setattr__(self, "_built_index", built)
        return built


class _Words:
    """The words of a text by number, to ask what may stand before a word."""

    def __init__(self, words_at: list[tuple[int, tuple[str, ...]]], number_words, shared=frozenset()):
        self.numbers = [n for n, _ in words_at]
        self.words = [w for _, w in words_at]  # per number: the run and the pieces spaCy may cut it into
        self.number_words = number_words
        self.shared = shared  # numbers a mark after the word shares

    def is_cut(self, number: int) -> bool:
        """Whether two tokens may share ``number``: a word spaCy may cut in pieces, or a
        word and the mark after it."""
        return number in self.shared or (0 <= number < len(self.words) and len(self.words[number]) > 1)

    def lowest_start(self, p: int, gap: int, allowed: tuple[str, ...]) -> int:
        """The lowest number q such that the words after q and before ``p`` are
        ``allowed`` ones, fewer than ``gap`` of them (0: any number; numbers, which
        spaCy may keep as one token, uncounted where allowed)."""
        if ANY in allowed:
            return -_BLOCK_GAP
        numbers_ok = NUMBER in allowed
        counted = steps = 0
        for i in range(bisect_left(self.numbers, p) - 1, -1, -1):
            n = self.numbers[i]
            steps += 1
            if gap == 0 and steps > _SCAN:
                return -_BLOCK_GAP  # a long run of allowed words: give up, say yes
            variants = self.words[i]
            if numbers_ok and any(w.isdigit() or w in self.number_words for w in variants):
                continue
            if not any(w in allowed for w in variants) or (gap and counted + 1 >= gap):
                return n
            counted += 1
        return -_BLOCK_GAP


# The most runs ``Prefilter._runs`` keeps (about 4 MB of them; the openings of 108 real
# clinic pages hold under 5,000 distinct ones); past it, it starts again: a file of endless
# distinct words costs time, not memory.
_RUNS_KEPT = 20_000
_SCAN = 64  # words looked back over for a gap of any length before saying yes


def _any_between(positions: list[int], low: int, high: int, skip: int | None = None) -> bool:
    """Whether ``positions`` (sorted, distinct) has one in [low, high] other than ``skip``."""
    count = bisect_right(positions, high) - bisect_left(positions, low)
    if skip is not None and low <= skip <= high:
        k = bisect_left(positions, skip)
        count -= k < len(positions) and positions[k] == skip
    return count > 0


def for_ruleset(ruleset: RuleSet, model: str | None, stored_only: bool = False) -> Prefilter | None:
    """The prefilter of ``ruleset`` for the pipeline ``model``, from the cache when it has it;
    with ``stored_only``, None when it does not (building it imports spaCy)."""
    inputs = [str(model), json_of(ruleset)]  # and lintmed's code, in every key (lintmed.storage.cache)
    return cached("prefilter", inputs, None if stored_only else lambda: build(ruleset, model), Prefilter)


def build(ruleset: RuleSet, model: str | None = None) -> Prefilter:
    from lintmed.engine.nlp import get_nlp, make_pattern_doc
    from lintmed.lemmas import lemma_table

    nlp = get_nlp(model)  # spaCy imported as lintmed.engine.nlp imports it
    from spacy.lang.en import lex_attrs
    needs = _Needs(ruleset, nlp, make_pattern_doc, _surface_forms(lemma_table()))
    for rule in ruleset:
        for kind in kinds_of(rule):  # each kind of matcher says what it needs (the detector: nothing)
            kind.prefilter(needs, rule)
    if needs.always:
        return Prefilter((), (), (), (), (), (), (), {}, always=True)
    # Words spaCy's tokenizer cuts into pieces ("cannot" -> "can", "not"; "don't" -> "do",
    # "n't"): each run of the word also stands for every piece and the runs of each.
    splits: dict[str, set[str]] = {}
    for orth, pieces in nlp.tokenizer.rules.items():
        texts = {_normal(p[_ORTH]) for p in pieces}
        if len(pieces) > 1:
            variants = texts | {w for t in texts for w in _WORD.findall(t)}
            for run in _WORD.findall(_normal(orth)):
                splits.setdefault(run, set()).update(variants - {run})
    number_words = tuple(sorted({*lex_attrs._num_words, *lex_attrs._ordinal_words}))
    return Prefilter(tuple(needs.groups), tuple(needs.sequences), tuple(needs.gaps), tuple(needs.between),
                     tuple(needs.top), tuple(needs.frames), tuple(needs.reach),
                     {run: tuple(sorted(v)) for run, v in splits.items() if v}, number_words)


def _surface_forms(table: dict[str, str]) -> dict[str, set[str]]:
    """Lemma -> the lowercase forms whose lemma it is."""
    forms: dict[str, set[str]] = {}
    for form, lemma in table.items():
        forms.setdefault(lemma, set()).add(form)
    return forms


def _normal(form: str) -> str:
    return form.lower().replace("\u2019", "'")  # as may_match reads the text


@dataclass
class _Slot:
    """One token of a phrase or pattern: the forms it requires (None: no word is
    required there) and the words that may stand in its place otherwise."""

    forms: frozenset[str] | None
    allowed: frozenset[str] = frozenset()  # when forms is None: what may stand here
    runs: int = 1  # the most words it may take
    repeats: bool = False  # "*" or "+": any number of words from here to the next slot


class _Needs:
    """Collects the needs of the rule set (see Prefilter)."""

    def __init__(self, ruleset, nlp, make_pattern_doc, forms_of):
        self.ruleset = ruleset
        self.nlp = nlp
        self.make_pattern_doc = make_pattern_doc
        self.forms_of = forms_of
        self._phrases: dict[str, list[_Slot]] = {}
        self._sequence_ids: dict[tuple, int] = {}  # a part used by many frames is one sequence
        self.groups: list[tuple[str, ...]] = []
        self._group_ids: dict[tuple[str, ...], int] = {}
        self.sequences: list[tuple[int, ...]] = []
        self.gaps: list[tuple[int, ...]] = []
        self.between: list[tuple[tuple[str, ...], ...]] = []
        self.top: list[bool] = []
        self.frames: list[tuple[tuple[int, ...], ...]] = []
        self.reach: list[int] = []
        self.always = False

    def _group(self, forms: frozenset[str]) -> int:
        key = tuple(sorted({_normal(f) for f in forms}))
        if key not in self._group_ids:
            self._group_ids[key] = len(self.groups)
            self.groups.append(key)
        return self._group_ids[key]

    def add_sequence(self, slots: list[_Slot], top: bool = True) -> int | None:
        """A phrase or pattern: its required words in order, with what may stand
        between; its number, or None when it requires no word (it may match anywhere)."""
        ids: list[int] = []
        gaps: list[int] = []
        between: list[tuple[str, ...]] = []
        gap, allowed, repeats = 0, set(), False
        for slot in slots:
            if slot.forms is None:
                gap += slot.runs
                allowed |= {w for form in slot.allowed for w in _runs_of(form)}
                repeats |= slot.repeats
                continue
            if ids:
                gaps.append(0 if repeats else gap + 1)
                between.append(tuple(sorted(allowed)))
            ids.append(self._group(slot.forms))
            # After a word that may repeat ("+"), more of it may stand before the next one.
            gap, repeats = 0, slot.repeats
            allowed = {w for form in slot.allowed | (slot.forms if slot.repeats else frozenset())
                       for w in _runs_of(form)}
        if not ids:
            self.always |= top
            return None
        key = (tuple(ids), tuple(gaps), tuple(between), top)
        if key not in self._sequence_ids:
            self._sequence_ids[key] = len(self.sequences)
            self.sequences.append(key[0])
            self.gaps.append(key[1])
            self.between.append(key[2])
            self.top.append(top)
        return self._sequence_ids[key]

    def add_frame(self, parts: list[list[int] | None], reach: int) -> None:
        """A frame or mention: for each part, the sequences one of which it needs (None:
        it may match anywhere), in any order within ``reach`` tokens (0: a block)."""
        kept = tuple(tuple(part) for part in parts if part is not None)
        if not kept:
            self.always = True
            return
        self.frames.append(kept)
        self.reach.append(reach)

    def lemmas(self, lemmas) -> frozenset[str]:
        """The forms whose lemma is one of ``lemmas`` (the lemma itself included)."""
        out: set[str] = set()
        for lemma in lemmas:
            lemma = lemma.lower()
            out.add(lemma)
            out |= self.forms_of.get(lemma, set())
        return frozenset(out)

    def phrase(self, phrase: str) -> list[_Slot]:
        if phrase not in self._phrases:  # term lists are used by many rules: tokenised once
            doc = self.make_pattern_doc(self.nlp, phrase)
            self._phrases[phrase] = [_Slot(self.lemmas([t.lemma_])) if _WORD.search(t.lower_) else _Slot(None, runs=0)
                                     for t in doc if not t.is_space]
        return self._phrases[phrase]

    def part(self, part: dict) -> tuple[list[int] | None, int]:
        """A frame part or a document mention: the sequences of its lemmas, terms or
        phrases, one of which it needs (None: it may match anywhere), and its most tokens."""
        if "lemma" in part:
            return [self.add_sequence([_Slot(self.lemmas(as_list(part["lemma"])))], top=False)], 1
        phrases = self.ruleset.terms[part["term"]] if "term" in part else as_list(part["phrases"])
        ids = []
        size = 1
        for phrase in phrases:
            slots = self.phrase(phrase)
            k = self.add_sequence(slots, top=False)
            if k is None:
                return None, len(slots)
            ids.append(k)
            size = max(size, len(slots))
        return ids, size

    def pattern(self, pattern) -> list[_Slot]:
        body = list(pattern)
        # A first or last token with op "!" is a look-around, not part of the match.
        if body and body[0].get("op") == "!":
            body = body[1:]
        if body and body[-1].get("op") == "!":
            body = body[:-1]
        return [self._token(tok) for tok in body]

    def _token(self, tok: dict) -> _Slot:
        op = tok.get("op")
        if "lemma" in tok:
            forms = self.lemmas(as_list(tok["lemma"]))
        elif "term" in tok:
            forms = self.lemmas(self.ruleset.terms[tok["term"]])
        elif "lower" in tok:
            forms = frozenset(w.lower() for w in as_list(tok["lower"]))
        else:
            forms = None  # is_punct, like_num: no word to require
        number = bool(tok.get("like_num"))
        if op == "!" or (forms is None and not number and not tok.get("is_punct")):
            # Any one token (but these, for "!"): it may be one of many words (a URL).
            return _Slot(None, frozenset([ANY]), repeats=True)
        if op in ("*", "+"):  # any number of these words ("+": at least one, required)
            allowed = frozenset(forms or [ANY]) | ({NUMBER} if number else frozenset())
            return _Slot(forms if op == "+" and not number else None, allowed, repeats=True)
        if op is None and (forms is not None or number):
            return _Slot(forms or frozenset([NUMBER_GROUP]))  # a required word, or a number
        allowed = set(forms or ()) | ({NUMBER} if number else set())
        runs = max([len(_WORD.findall(f)) for f in forms or ()] + [1])
        return _Slot(None, frozenset(allowed), runs=max(runs, _NUMBER_RUNS) if number else runs)


def _runs_of(form: str) -> list[str]:
    """The words of an allowed form as may_match sees them ("'s" -> "s"); markers as they are."""
    return [form] if form in (ANY, NUMBER) else _WORD.findall(_normal(form))

