"""The context pass: is a span negated, hedged, questioned or reported?

A small ConText-style scope algorithm (Chapman et al.; medspaCy's context
rules): cues from a lexicon, each with a kind, a direction and a window;
terminators ("but", "however", ";") end a cue's scope; pseudo-cues ("not
only", "no more") are matched first so that they hide the cues inside them.
It knows nothing of lintmed's rules: each rule decides which kinds suppress it.
"""
from __future__ import annotations

from dataclasses import dataclass

from lintmed.engine.context.cues import (ARTICLES, BACKWARD, CLAUSE_BREAKS, CLAUSE_STARTS, CLOSE_QUOTES, DENYING_VERBS,
                                         DOUBTING_VERBS, FIRST_PERSON, FORWARD, LEADING_WORDS, LEXICON, MENTION_NOUNS,
                                         MODALS, NEAR, NOUN_PHRASE_NEGATORS, OPEN_QUOTES, QUESTION_OPENERS,
                                         RISK_REVERSERS, SENTENCE, STATUS_WORDS, STRAIGHT_QUOTES, TERMINATORS, Cue)
from lintmed.engine.nlp import get_nlp, set_lemmas
from lintmed.findings import Context, Trigger

# A noun-phrase negation ("no X ... can", NOUN_PHRASE_NEGATORS) finds its verb within
# this many tokens, and then negates the predicate after it this far.
_SUBJECT_REACH, _PREDICATE_REACH = 20, 10
# Commas within a negation's window (and a little beyond) that make what follows a list.
_LIST_COMMAS, _LIST_REACH = 2, 6
_RISK_REVERSER_REACH = 3  # a RISK_REVERSERS word counts this many tokens before "risk" at most
_RHETORICAL_AT_START = 3  # rhetorical openers count only near the start of the sentence
_HEADING_REACH = 6  # a heading before a colon is at most this many tokens
_CLAIMANT_GAP = 3  # "clinics (often) claim": at most this many tokens from claimant to verb

_INDEX: dict[str, list[Cue]] = {}
for _cue in LEXICON:
    _INDEX.setdefault(_cue.words[0], []).append(_cue)
for _cues_list in _INDEX.values():
    _cues_list.sort(key=lambda c: -len(c.words))


@dataclass(frozen=True)
class _Found:
    cue: Cue
    start: int  # token index
    end: int


def _token_forms(tokens) -> list[tuple[str, str]]:
    return [(t.lower_.replace("\u2019", "'"), t.lemma_ or t.lower_) for t in tokens]


def _find_cues(forms: list[tuple[str, str]]) -> list[_Found]:
    found: list[_Found] = []
    covered_until = 0  # pseudo-cues hide the cues inside them
    for i, (lower, lemma) in enumerate(forms):
        if lower not in _INDEX and lemma not in _INDEX:
            continue  # most words start no cue
        # A cue of several words needs its second word next: "the", "be" and "not"
        # each start dozens of cues, and the next word rules out most of them.
        after = forms[i + 1] if i + 1 < len(forms) else ()
        candidates = [c for c in _INDEX.get(lower, []) + _INDEX.get(lemma, [])
                      if len(c.words) == 1 or c.words[1] in after]
        kinds: set[str] = set()  # the longest cue of each kind here ("say": report and claimverb)
        for cue in sorted(candidates, key=lambda c: -len(c.words)):
            n = len(cue.words)
            if cue.kind in kinds or i + n > len(forms):
                continue
            # The first two words are known to match: compare the rest.
            if all(w in forms[i + k] for k, w in enumerate(cue.words[2:], 2)):
                kinds.add(cue.kind)
                if cue.kind == "pseudo":
                    covered_until = max(covered_until, i + n)
                    found.append(_Found(cue, i, i + n))
                elif i >= covered_until:
                    found.append(_Found(cue, i, i + n))
    return found


def _scope(found: _Found, forms, n: int) -> tuple[int, int]:
    """Token range [start, end) that a cue governs, cut at terminators."""
    direction = found.cue.direction
    if direction == SENTENCE:
        return 0, n
    start = _scope_start(found, forms) if direction in (BACKWARD, NEAR) else found.end
    end = _scope_end(found, forms, n) if direction in (FORWARD, NEAR) else found.start
    return start, end


def _scope_end(found: _Found, forms, n: int) -> int:
    """Where a cue's forward scope ends: its window, a terminator or a new clause."""
    end = min(n, found.end + found.cue.window)
    if found.cue.kind == "negated" and found.cue.words[0] in NOUN_PHRASE_NEGATORS:
        # "No pill, potion, lotion or device on sale can cure arthritis": a negated subject,
        # however long, denies its verb and what follows it.
        for i in range(found.end, min(n, found.end + _SUBJECT_REACH)):
            if forms[i][0] in TERMINATORS:
                break
            if forms[i][0] in MODALS:
                # "no one ... will doubt that it cures": two negations assert.
                if not any(forms[j][1] in DOUBTING_VERBS for j in range(i + 1, min(n, i + 3))):
                    end = max(end, min(n, i + _PREDICATE_REACH))
                break
    if found.cue.kind == "negated" and sum(
            forms[i][0] == "," for i in range(found.end, min(n, end + _LIST_REACH))) >= _LIST_COMMAS:
        end = n  # a negation before a list ("not established for AIDS, asthma, autism, ...") covers it all
    for i in range(found.end, end):
        if forms[i][0] in TERMINATORS:
            return i
        # ", it is very safe" / "and is very safe": a comma or "and" before a new subject
        # or verb starts a new clause.
        if forms[i][0] in (",", "and") and i + 1 < n and forms[i + 1][0] in CLAUSE_STARTS:
            return i
    return end


def _scope_start(found: _Found, forms) -> int:
    """Where a cue's backward scope starts: its window or just after a terminator."""
    start = max(0, found.start - found.cue.window)
    for i in range(found.start - 1, start - 1, -1):
        if forms[i][0] in TERMINATORS:
            return i + 1
    return start




def _denies(forms, start: int, end: int) -> bool:
    return any(forms[i][1] in DENYING_VERBS for i in range(start, end))


def is_status_claim(forms, parts) -> bool:
    # "FDA-registered" is one token: its parts count too.
    return any(forms[i][1] in STATUS_WORDS or any(w in STATUS_WORDS for w in forms[i][0].split("-"))
               for s, e in parts for i in range(s, e))


def _asks(forms, last: int) -> bool:
    """Whether a sentence ending in "?" asks something: it opens with a question word or an
    auxiliary ("Is it safe?", "What is PRP?"), or a clause of it does ("PRP: is it safe?").
    A bare phrase with a question mark is a headline that asserts ("The miracle cure of our
    age?")."""
    starts = [0] + [i + 1 for i in range(last) if forms[i][0] in CLAUSE_BREAKS]
    for start in starts:
        i = start
        while i < last and (not any(ch.isalnum() for ch in forms[i][0]) or forms[i][0] in LEADING_WORDS):
            i += 1  # quotes, bullets, "but", "so"
        if i < last and (forms[i][0] in QUESTION_OPENERS or forms[i][1] in QUESTION_OPENERS):
            return True
    return any(forms[i][0] == "or" for i in range(last))  # "safe or not?", "X or Y?"


def _owned(found: _Found, forms) -> bool:
    """Whether a risk cue is what the claim takes away ("lowers the risk of")."""
    before = range(max(0, found.start - _RISK_REVERSER_REACH), found.start)
    return any(forms[i][1] in RISK_REVERSERS or forms[i][0] in RISK_REVERSERS for i in before)


def _first_person_before(forms, start: int) -> bool:
    """"our clinic claims": a first-person claimant makes the claim itself."""
    return any(forms[i][0] in FIRST_PERSON for i in range(max(0, start - 2), start))


def _quotes(tokens, forms) -> list[tuple[int, int]]:
    """Token ranges (open, close) of the quotations in a sentence, curly or straight."""
    spans, opened = [], None
    for i, (lower, _) in enumerate(forms):
        if lower == "'":
            # A straight single quote opens before a word and closes after one; one after
            # a word with no word of its own to quote is a plural possessive ("patients'").
            attached_before = i > 0 and not tokens[i - 1].whitespace_
            if opened is None and not attached_before and not tokens[i].whitespace_:
                opened = i
            elif opened is not None and attached_before:
                spans.append((opened, i))
                opened = None
        elif lower in STRAIGHT_QUOTES:
            if opened is None:
                opened = i
            else:
                spans.append((opened, i))
                opened = None
        elif lower in OPEN_QUOTES and lower != "‘":
            opened = i
        elif lower in CLOSE_QUOTES and lower != "’" and opened is not None:
            spans.append((opened, i))
            opened = None
    return spans


def _mention(forms, quotes, parts, cues: list[_Found]) -> tuple[int, int] | None:
    """Token range of the words showing that the sentence names the claim instead of
    making it: a quoted claim beside words about wording, or a claim followed by
    "claims"/"labels". None when the claim is made."""
    first, last = parts[0][0], parts[-1][1]
    while last > first and not any(ch.isalnum() for ch in forms[last - 1][0]):
        last -= 1  # a match may take in the closing quote
    after = last
    while after < len(forms) and forms[after][0] in {"-", "”", "’", '"', "'"}:
        after += 1
    if after < len(forms) and forms[after][0] in MENTION_NOUNS:
        return after, after + 1
    for open_, close in quotes:
        if open_ < first and last <= close:
            # A quotation that is the whole sentence is the sentence's own claim.
            outside = [i for i, (lower, _) in enumerate(forms)
                       if (i < open_ or i > close) and any(ch.isalnum() for ch in lower)]
            beside = [c for c in cues if c.end <= open_ or c.start > close]
            if len(outside) >= 2 and beside:
                return beside[0].start, beside[0].end
    return None


@dataclass(frozen=True)
class SentenceCues:
    """A sentence read for cues: its tokens, their (lowercase, lemma) forms, the
    cues found in them and its quotations, whatever claim is judged in it."""

    tokens: list
    forms: list[tuple[str, str]]
    found: list[_Found]
    quotes: list[tuple[int, int]]


def read_cues(tokens) -> SentenceCues:
    """``tokens`` (a spaCy Span or token list, one sentence) read for cues."""
    tokens = list(tokens)
    forms = _token_forms(tokens)
    return SentenceCues(tokens, forms, _find_cues(forms), _quotes(tokens, forms))


def assess_tokens(tokens, span_start: int, span_end: int, base: int = 0,
                  parts: tuple[tuple[int, int], ...] = (), cues: SentenceCues | None = None) -> Context:
    """Context of tokens[span_start:span_end] within ``tokens`` (one sentence).

    ``tokens`` is a spaCy Span or token list; ``base`` is subtracted from
    token character offsets so triggers are reported relative to the sentence.
    ``parts`` are the token ranges of the claim's own words when they are not
    the whole span (a frame's parts): cues between them are context, not claim.
    ``cues`` is the sentence as ``read_cues`` read it, for a sentence with
    several claims; otherwise it is read here.
    """
    parts = parts or ((span_start, span_end),)

    def in_claim(f: _Found) -> bool:
        return any(f.start < e and s < f.end for s, e in parts)

    cues = cues or read_cues(tokens)
    tokens, forms, found = cues.tokens, cues.forms, cues.found
    n = len(tokens)
    triggers: dict[str, list[Trigger]] = {"negated": [], "hedged": [], "question": [], "reported": []}

    def trigger(kind, start, end):
        first, last = tokens[start], tokens[end - 1]
        text_start, text_end = first.idx - base, last.idx + len(last.text) - base
        triggers[kind].append(Trigger(kind, " ".join(t.text for t in tokens[start:end]), text_start, text_end))

    # A negation among the claim's own words is part of the claim ("no risk", "can't
    # overdose", "days, not months"). Such a claim is negated from outside only through a
    # verb that denies it ("no procedure is risk-free", "this does not mean there is no
    # risk"), not by the next item of a list ("no pain, no risk").
    def starts_in_claim(f: _Found) -> bool:
        return any(s <= f.start < e for s, e in parts)

    claim_start = parts[0][0]
    # Where the claim's own negation starts, if it has one. A hedge after it is inside what it
    # denies ("no potential side effects", "without any possible risk"): part of the claim,
    # not a qualifier of it.
    own_negation_at = min((f.start for f in found if f.cue.kind == "negated" and starts_in_claim(f)),
                          default=None)
    own_negation = own_negation_at is not None

    for f in found:
        if f.cue.kind == "negated" and own_negation and (
                starts_in_claim(f) or f.end <= claim_start and not _denies(forms, f.start, claim_start)):
            continue
        if f.cue.kind == "hedged" and own_negation and own_negation_at < f.start < span_end:
            continue
        # A hedge that starts inside the claim is part of the claim ("new hope",
        # "boundless potential"); one that only runs into it qualifies it ("a modest
        # reduction in fine lines").
        if f.cue.kind == "negated" or (f.cue.kind == "hedged" and not starts_in_claim(f)):
            lo, hi = _scope(f, forms, n)
            # A denial that starts before the claim and takes in its words denies it too ("no
            # better than placebo" holds the comparison "better than").
            if lo < span_end and span_start < hi or f.start < span_start < f.end:
                trigger(f.cue.kind, f.start, f.end)
        elif f.cue.kind == "status-negated" and not in_claim(f) and is_status_claim(forms, parts):
            trigger("negated", f.start, f.end)
        elif f.cue.kind == "advice" and not in_claim(f):
            trigger("reported", f.start, f.end)
        elif f.cue.kind == "risk" and not in_claim(f) and not _owned(f, forms):
            lo, hi = _scope(f, forms, n)
            if lo < span_end and span_start < hi:
                trigger("reported", f.start, f.end)

    # A short heading before a colon takes its hedge from what follows ("Faster healing: the
    # therapy has the potential to speed recovery").
    colon = next((i for i, (lower, _) in enumerate(forms[:_HEADING_REACH + 1]) if lower == ":"), None)
    if colon is not None and span_end <= colon and not triggers["hedged"]:
        after = next((f for f in found if f.cue.kind == "hedged" and f.start > colon), None)
        if after:
            trigger("hedged", after.start, after.end)

    rhetorical = any(f.cue.kind == "rhetorical" and f.start <= _RHETORICAL_AT_START for f in found)
    # "Why risk surgery when one visit can fix it?" asserts what follows "when".
    rhetorical = rhetorical or bool(forms) and forms[0][0] == "why" and any(w == "when" for w, _ in forms[2:])
    last = n - 1
    while last >= 0 and forms[last][0] in {'"', "'", "”", "’", ")", "*", "_"}:
        last -= 1
    if last >= 0 and forms[last][0] == "?" and not rhetorical and _asks(forms, last):
        trigger("question", last, last + 1)

    # Cues inside the claim are the claim's own words ("FDA-approved" is no
    # source of reported speech); a source and its verb are different words.
    outside = [f for f in found if not in_claim(f)]
    sources = [f for f in outside if f.cue.kind == "source"]
    reports = [f for f in outside if f.cue.kind == "report"]
    distance = [f for f in outside if f.cue.kind == "distance"]
    attributed = [(s, r) for s in sources for r in reports if r.start >= s.end or r.end <= s.start]
    claimed = [
        (c, v) for c in outside if c.cue.kind == "claimant" and not _first_person_before(forms, c.start)
        for v in outside if v.cue.kind == "claimverb" and 0 < v.start - c.end + 1 <= _CLAIMANT_GAP
        and forms[v.start - 1][0] not in ARTICLES  # "products on the market": a noun, no verb
        and forms[v.start][0] != "promising"  # "treatments, promising results": no verb
    ]
    if attributed:
        source, report = attributed[0]
        trigger("reported", source.start, source.end)
        trigger("reported", report.start, report.end)
    elif distance:
        trigger("reported", distance[0].start, distance[0].end)
    elif claimed:
        trigger("reported", claimed[0][0].start, claimed[0][1].end)
    elif mention := _mention(forms, cues.quotes, parts, [f for f in outside if f.cue.kind == "mention"]):
        trigger("reported", *mention)

    return Context(
        negated=bool(triggers["negated"]),
        hedged=bool(triggers["hedged"]),
        question=bool(triggers["question"]),
        reported=bool(triggers["reported"]),
        triggers=tuple(t for kind in triggers.values() for t in kind),
    )


def assess_context(sentence: str, start: int, end: int, model: str | None = None) -> Context:
    """The context of the character span [start, end) of one sentence."""
    if not 0 <= start < end <= len(sentence):
        raise ValueError(f"span [{start}, {end}) is outside the sentence")
    doc = get_nlp(model).make_doc(sentence)
    set_lemmas(doc)
    tok_start = next(t.i for t in doc if t.idx + len(t.text) > start)
    tok_end = max(t.i for t in doc if t.idx < end) + 1
    return assess_tokens(doc, tok_start, tok_end)
