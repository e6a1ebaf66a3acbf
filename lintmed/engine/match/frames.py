"""``match: {frames: [...]}``: a claim made of parts, each a lemma set, a term list or
phrases, found in one sentence at most ``within`` tokens apart (in any order, or in the
order written with ``ordered: true``)::

    frames:
      - parts: [{lemma: [cure, heal]}, {term: disease}]
        within: 6

The parts' words are found by the rule set's shared finders (``CompiledRules.part_key``);
a frame is assembled from their hits, sentence by sentence. lintmed.engine.match.document
uses the same parts for the status statement its rules look for.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from lintmed.engine.match.words import Sentences, Spans
from lintmed.findings import Match
from lintmed.rules.model import DEFAULT_WITHIN, Rule, as_list
from lintmed.rules.schema import MAX_WITHIN, common
from lintmed.yamlfile import key_line

NAME = "frames"
PAGE_LEVEL = False  # its matches are claims in a sentence
ALONE = False  # may stand beside phrases and patterns in one rule
_FRAME_KEYS = {"parts", "within", "ordered"}
PART_KEYS = {"lemma", "term", "phrases"}


# ------------------------------------------------------------------ schema

def check(chk, value, where: str, line: int, terms) -> None:
    frames = value or []
    if not isinstance(frames, list):
        chk.fail(where, "expected a list of frames", line)
    for i, frame in enumerate(frames):
        check_frame(chk, frame, f"{where}[{i}]", key_line(frames, i, line), terms)


def check_frame(chk, frame, fwhere: str, line: int, terms) -> None:
    """One frame: at least two parts, each exactly one of PART_KEYS, not all common words."""
    fline = chk.mapping(frame, fwhere, line, _FRAME_KEYS)
    parts = frame.get("parts")
    if not isinstance(parts, list) or len(parts) < 2:
        chk.fail(f"{fwhere}.parts", "a frame needs a list of at least two parts", key_line(frame, "parts", fline))
    for j, part in enumerate(parts):
        pwhere = f"{fwhere}.parts[{j}]"
        pline = chk.mapping(part, pwhere, key_line(parts, j, fline), PART_KEYS)
        given = [k for k in PART_KEYS if k in part]
        if len(given) != 1:
            chk.fail(pwhere, "a part has exactly one of lemma, term, phrases", pline)
        if "term" in part:
            chk.term(part["term"], f"{pwhere}.term", key_line(part, "term", pline), terms)
        for key in ("lemma", "phrases"):
            if key in part:
                chk.strings(part[key], f"{pwhere}.{key}", key_line(part, key, pline))
    within = frame.get("within", DEFAULT_WITHIN)
    wline = key_line(frame, "within", fline)
    if not isinstance(within, int) or isinstance(within, bool) or within < 0:
        chk.fail(f"{fwhere}.within", "expected a whole number of tokens", wline)
    if within > MAX_WITHIN:
        chk.fail(f"{fwhere}.within", f"{within} tokens is more than a sentence; at most {MAX_WITHIN}", wline)
    part_words = [[*as_list(part.get("lemma")), *as_list(part.get("phrases"))]
                  or list(terms[part["term"]]) for part in parts]
    if all(common(words) for words in part_words):
        chk.fail(f"{fwhere}.parts", "every part is made of very common words only, so the frame would "
                                    "flag almost every sentence", fline)
    if not isinstance(frame.get("ordered", False), bool):
        chk.fail(f"{fwhere}.ordered", "expected true or false", key_line(frame, "ordered", fline))


# ------------------------------------------------------------------ compile and match

@dataclass(frozen=True)
class Part:
    key: str  # the finder key whose hits fill this part
    is_term: bool


@dataclass(frozen=True)
class Frame:
    rule_id: str
    parts: tuple[Part, ...]
    within: int
    ordered: bool = False  # the parts must come in the order written ("avoid surgery")


def build(value) -> tuple[dict, ...]:
    """Rule.frames from the rule file's value (None: none)."""
    return tuple(value or ())


def compile(compiled, rule: Rule) -> None:
    for i, frame in enumerate(rule.frames):
        parts = tuple(Part(compiled.part_key(f"frame:{rule.id}:{i}:{j}", part), "lemma" not in part)
                      for j, part in enumerate(frame["parts"]))
        compiled.frames.append(Frame(rule.id, parts, frame.get("within", DEFAULT_WITHIN), frame.get("ordered", False)))


def prefilter(needs, rule: Rule) -> None:
    for frame in rule.frames:
        parts = [needs.part(p) for p in frame["parts"]]
        # Parts do not overlap and the outer two are at most ``within`` apart.
        needs.add_frame([ids for ids, _ in parts], frame.get("within", DEFAULT_WITHIN) + sum(size for _, size in parts))


def matches(doc, sentences: Sentences, frame: Frame, hits: dict[str, Spans], named: Spans) -> list[Match]:
    """The frame's matches in a block, from the finders' ``hits``; ``named``: the spans of
    multi-word condition names, whose words fill no part that is not a term list."""
    part_hits = [hits.get(p.key) for p in frame.parts]
    # A verb inside a named condition is that condition's word ("heart attack",
    # "panic attack"): it neither attacks nor treats anything.
    if named:
        part_hits = [spans if part.is_term or not spans else
                     [s for s in spans if not any(n[0] <= s[0] and s[1] <= n[1] for n in named)]
                     for part, spans in zip(frame.parts, part_hits)]
    if not all(part_hits):
        return []
    out = []
    # Each other part's hits by start, with their longest span: an anchor looks only at
    # the hits that could lie within ``within`` tokens of it (linear in a long sentence).
    others = [(sorted(spans), [s for s, _ in sorted(spans)], max(e - s for s, e in spans))
              for spans in part_hits[1:]]
    # Anchor on the first part; for every other part take the nearest hit
    # in the same sentence. Parts may come in any order.
    for a_start, a_end in part_hits[0]:
        sent = sentences.of(a_start)
        chosen = [(a_start, a_end)]
        low, high = a_start - frame.within, a_end + frame.within  # a hit beyond cannot fit
        for spans, starts, longest in others:
            near = spans[bisect_left(starts, max(sent.start, low - longest)):
                         bisect_right(starts, min(sent.end - 1, high))]
            candidates = [
                s for s in near
                if sent.start <= s[0] < sent.end and s[1] <= sent.end and s[1] >= low
                and not _overlaps(s, chosen) and not (frame.ordered and s[0] < chosen[-1][1])
            ]
            if not candidates:
                break
            chosen.append(min(candidates, key=lambda s: _gap(s, (a_start, a_end))))
        else:
            first_end = min(e for _, e in chosen)
            last_start = max(s for s, _ in chosen)
            if last_start - first_end <= frame.within:
                term = None
                for part, (s, e) in zip(frame.parts, chosen):
                    if part.is_term:
                        term = doc[s:e].text
                        break
                start = min(s for s, _ in chosen)
                end = max(e for _, e in chosen)
                out.append(sentences.match(frame.rule_id, start, end, term, chosen))
    return out


def _overlaps(span, chosen) -> bool:
    return any(span[0] < e and s < span[1] for s, e in chosen)


def _gap(a, b) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)
