"""Orchestration only: document -> sentences -> matches -> context -> findings.

No I/O and no printing: callers hand in the source text and get findings back.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache

from lintmed.engine.citations import reference_entry
from lintmed.engine.context import SentenceCues, assess_tokens, is_status_claim, read_cues
from lintmed.engine.language import ENGLISH, page_language
from lintmed.engine.match import CompiledRules, rules_of_kind
from lintmed.findings import ADD_TO_PAGE, SEVERITY_RANK, Context, Extracted, Finding, Match, Suggestion, Trigger
from lintmed.positions import LineIndex
from lintmed.readers import format_for, get_reader
from lintmed.rules.load import load_ruleset
from lintmed.rules.model import POLICY_ORDER, Rule, RuleSet

_BLOCK_SPLIT = re.compile(r"\n\s*\n")
# The kind of a rule finding set aside because its sentence scores as no claim (lintmed.engine.detector).
VERIFIER = "verifier"
# A paragraph longer than this is read in pieces that end at a sentence end (else at a
# space): spaCy refuses a text over 1,000,000 characters, and matching costs grow faster
# than a piece's length. No real paragraph comes near it (copy runs to hundreds of words).
MAX_PIECE = 10_000
# Without a sentence end in reach, a piece is cut at whitespace this soon: the cost of
# wording suggestions grows with claims times sentence length.
MAX_RUN_ON = 2_000
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")
_SPACE = re.compile(r"\s+")
_UNSET = object()
_DIRECTIVE_MARK = "lintmed-"  # every inline directive (lintmed.engine.suppress) holds it
# With the detector on, a text of fewer words is never skipped by the prefilter: the
# detector finds claims with no rule's words in them, and in ../shared/corpus the
# longest single sentence has 74 words while real pages have 60 to 350
# (bench/prefilter.py measures what skipping costs the detector).
DETECTOR_MIN_WORDS = 80


@dataclass(frozen=True)
class Verdict:
    """A rule match with its context and whether the rule's policy suppressed it."""

    finding: Finding
    context: Context
    suppressed_by: tuple[str, ...]


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Verdict] = field(default_factory=list)
    # Findings hidden by lintmed-disable comments (lintmed.engine.suppress).
    inline_suppressed: list[Finding] = field(default_factory=list)
    # The page's language when it is not English: the page was not checked (lintmed.engine.language).
    not_checked_language: str | None = None


# spaCy makes a token of each whitespace character other than " " (a tab, a no-break space
# from "&nbsp;"), which splits "FDA\u00a0approved" for the matcher. One character for
# one, so every offset still holds.
_PLAIN_SPACES = str.maketrans(dict.fromkeys(
    "\t\x0b\x0c\x85\u2028\u2029\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000", " "))


# spaCy's tokenizer splits a run of punctuation one character at a time, each time searching
# the rest of the run ("))))...", "[[[[...": quadratic). No word of a claim is this long:
# a longer run of non-space characters gets a space every LONG_WORD characters, one
# character for one, so that offsets hold.
LONG_WORD = 64
_LONG_RUN = re.compile(r"\S{%d,}" % (2 * LONG_WORD + 1))


def _break_long_words(text: str) -> str:
    if not _LONG_RUN.search(text):
        return text
    chars = list(text)
    for m in _LONG_RUN.finditer(text):
        for i in range(m.start() + LONG_WORD, m.end(), LONG_WORD):
            chars[i] = " "
    return "".join(chars)


def _blocks(text: str, limit: int = MAX_PIECE):
    """(offset, block) for each non-blank block; readers separate blocks by blank lines.
    A block over ``limit`` characters comes in pieces (``pieces``)."""
    pos = 0
    for sep in _BLOCK_SPLIT.finditer(text):
        if text[pos:sep.start()].strip():
            yield from pieces(text, pos, sep.start(), limit)
        pos = sep.end()
    if text[pos:].strip():
        yield from pieces(text, pos, len(text), limit)


def pieces(text: str, start: int, end: int, limit: int = MAX_PIECE):
    """(offset, piece) covering ``text[start:end]`` in order, each at most ``limit``
    characters, cut after the last sentence end in reach, else at the last whitespace,
    else at ``limit``; and a run-on stretch with no sentence end is cut at whitespace
    every MAX_RUN_ON characters at most. Whitespace between pieces is left out. Linear."""
    while end - start > limit:
        cut = _last_cut(text, start, start + limit, _SENTENCE_END) or _last_cut(text, start, start + limit, _SPACE)
        yield from _run_on_pieces(text, start, cut or start + limit)
        start = cut or start + limit
    yield from _run_on_pieces(text, start, end)


def _last_cut(text: str, start: int, stop: int, pattern: re.Pattern) -> int | None:
    """The end of the last ``pattern`` match in the second half of ``text[start:stop]``
    (a sentence end: after its punctuation and closing quotes; whitespace: its start)."""
    cut = None
    for m in pattern.finditer(text, start + (stop - start) // 2, stop):
        cut = m.start() + len(m.group().rstrip()) if pattern is _SENTENCE_END else m.start()
    return cut if cut is not None and cut > start else None


def _run_on_pieces(text: str, start: int, end: int):
    """``text[start:end]`` as pieces where no stretch without a sentence end is longer
    than MAX_RUN_ON (such a stretch is cut at whitespace, else at MAX_RUN_ON)."""
    piece, prev = start, start
    for bound in [*(m.end() for m in _SENTENCE_END.finditer(text, start, end)), end]:
        if bound - prev > MAX_RUN_ON:
            yield from _piece(text, piece, prev)
            while bound - prev > MAX_RUN_ON:
                cut = _last_cut(text, prev, prev + MAX_RUN_ON, _SPACE) or prev + MAX_RUN_ON
                yield from _piece(text, prev, cut)
                prev = cut
            piece = prev
        prev = bound
    yield from _piece(text, piece, end)


def _piece(text: str, start: int, end: int):
    while start < end and text[start].isspace():
        start += 1
    if start < end:
        yield start, text[start:end]


class Linter:
    """Holds a RuleSet compiled for one spaCy pipeline; reusable across documents."""

    def __init__(self, ruleset: RuleSet, model: str | None = None, inline_suppress: bool = True,
                 detector=False, detector_threshold: float | None = None, merge: bool = True):
        self.ruleset = ruleset
        self.model = model
        self.inline_suppress = inline_suppress  # False: ignore lintmed-disable comments (audits)
        # One finding per claim (merge_claims); False keeps every rule's own finding, for tools
        # and tests that look at the rules one by one.
        self.merge = merge
        # The learned claim detector (lintmed.engine.detector): True for the packaged model,
        # a model path, a loaded ClaimDetector, or False. Loaded on first lint.
        self.detector = detector
        self.detector_threshold = detector_threshold
        # Compiled on first need: a file the prefilter clears never imports spaCy.
        self._compiled = None
        self._prefilter = _UNSET
        if model is not None:
            from lintmed.engine.nlp import get_nlp

            get_nlp(model)  # a pipeline that cannot load is an error before any output
        # The label check (lintmed.engine.labels), built when a rule that leaves on-label claims
        # alone first matches: most pages never need it.
        self.uses_labels = bool(ruleset.approved_uses.products)
        self._labels = None

    @property
    def compiled(self):
        """The rule set's matchers for the pipeline (lintmed.engine.match), built on first use."""
        if self._compiled is None:
            from lintmed.engine.nlp import get_nlp

            self._compiled = CompiledRules(self.ruleset, get_nlp(self.model))
        return self._compiled

    def lint(self, source: str, path: str = "<text>", fmt: str | None = None) -> LintResult:
        fmt = fmt or format_for(path)
        text = source
        if self.inline_suppress and fmt == "text":
            from lintmed.engine.suppress import blank_directives

            text = blank_directives(source)  # a directive line is not part of the paragraph
        extracted: Extracted = get_reader(fmt).read(text)
        result = LintResult()
        language = page_language(source, fmt, extracted.text)
        if language != ENGLISH:  # English rules and lemmas would pass it in silence
            result.not_checked_language = language
            return result
        prose = _break_long_words(extracted.text.translate(_PLAIN_SPACES))
        if self._cannot_match(source, prose):
            return result
        from lintmed.engine.nlp import pipe

        index = LineIndex(source)
        blocks = list(_blocks(prose))
        docs = list(pipe((b for _, b in blocks), self.model))
        scores = self._sentence_scores(docs)  # None with the detector off
        document_hits = []  # per block, for the document rules below
        checked = []  # (index in result.findings, block, sentence start, context) of rule findings
        # The block strings, not Doc.text, which rebuilds the text from every token.
        for i, ((offset, block), doc) in enumerate(zip(blocks, docs)):
            found = self.compiled.match_block(doc)
            # A reference-list entry names its claims in a paper's title: reported, not made,
            # and its words are no mention of a product by the page (document rules).
            authors = reference_entry(block)
            document_hits.append({} if authors else found.document_hits)
            if authors and scores:
                for sent in doc.sents:
                    scores.mark_flagged(i, sent.start_char)
            cues: dict[int, SentenceCues] = {}  # by sentence start: read once, however many claims it has
            for match in _dedupe(found.matches):
                rule = self.ruleset.get(match.rule_id)
                read, base, claim, parts = _claim_in_sentence(doc, match, cues)
                context = assess_tokens(read.tokens, *claim, base=base, parts=parts, cues=read)
                if authors:  # the cue opens the block, not always this sentence: no offsets
                    context = replace(context, reported=True,
                                      triggers=context.triggers + (Trigger("reported", authors, 0, 0),))
                if self.uses_labels and rule.suppressed_by("on-label"):
                    context = _with_label(self._label_check(), read, base, parts, context)
                finding = _finding(rule, match, context, block, offset, extracted, index, path,
                                   serious=self._serious_terms())
                suppressed_by = _apply_policy(result, rule, finding, context)
                if scores:
                    # What the rules said of the sentence joins its score; a sentence a rule
                    # flags, or finds on label, gets no learned finding.
                    scores.add_rule(i, match.sentence_start, rule, suppressed_by)
                    if not suppressed_by:
                        checked.append((len(result.findings) - 1, i, match.sentence_start, context))
                    if not suppressed_by or _on_label(context):
                        scores.mark_flagged(i, match.sentence_start)
        if scores:
            self._verify(result, scores, checked)
        rule = next(rules_of_kind(self.ruleset, "learned"), None) if scores else None
        for learned in scores.candidates(rule.id, self._threshold()) if rule else ():
            offset, block = blocks[learned.block]
            finding = _finding(rule, learned.match, learned.context, block, offset, extracted, index, path)
            # A whole sentence often spans markup ("at **our** clinic"): show it as the file has it.
            finding = replace(finding, text=source[finding.start:finding.end],
                              confidence=learned.confidence, evidence=learned.evidence)
            _apply_policy(result, rule, finding, learned.context)
        for missing in self.compiled.documents.missing(docs, document_hits):
            offset, block = blocks[missing.block]
            finding = _finding(missing.rule, missing.match, Context(), block, offset, extracted, index, path)
            # The wording to add to the page (an addition, never a replacement of the mention).
            add = Suggestion(missing.disclosure, ADD_TO_PAGE)
            result.findings.append(replace(finding, suggestions=(add,)))
        if self.inline_suppress:
            from lintmed.rules.model import CATEGORIES
            from lintmed.engine.suppress import apply

            outcome = apply(source, result.findings, path, self.ruleset.ids() | set(CATEGORIES), index)
            result.findings, result.inline_suppressed = outcome.findings, outcome.suppressed
        if self.merge:
            result.findings = merge_claims(result.findings, self._rule_order())
        result.findings.sort(key=Finding.sort_key)
        return result

    def _serious_terms(self) -> re.Pattern | None:
        """The serious-disease, cancer and COVID-19 words of the rule set, as one pattern."""
        if not hasattr(self, "_serious"):
            words = [w for name in SERIOUS_TERM_LISTS for w in self.ruleset.terms.get(name, ())]
            self._serious = re.compile(r"(?<![a-z])(?:%s)(?![a-z])" % "|".join(
                re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE) if words else None
        return self._serious

    def warm_up(self) -> Linter:
        """Build now what the first lint would build (pipeline, matchers, detector, label
        check): before forking workers, so that they share it instead of each building it."""
        self.compiled
        self._claim_detector()
        if self.uses_labels:
            self._label_check()
        return self

    def _verify(self, result: LintResult, scores, checked) -> None:
        """Each rule finding gets its sentence's score as ``confidence``; one whose sentence
        scores below the detector's verify threshold reads as no claim (an explanation, a
        heading, a statistic) and is set aside as suppressed by the verifier."""
        cut = self._claim_detector().verify_threshold
        dropped = set()
        for pos, block, sentence_start, context in checked:
            prob = scores.probability(block, sentence_start)
            if prob is None:
                continue
            finding = replace(result.findings[pos], confidence=round(prob, 3))
            result.findings[pos] = finding
            if prob < cut:
                dropped.add(pos)
                cue = Trigger(VERIFIER, f"claim score {prob:.2f} < {cut:.2f}", 0, 0)
                result.suppressed.append(Verdict(finding, replace(context, triggers=context.triggers + (cue,)),
                                                 (VERIFIER,)))
        if dropped:
            result.findings = [f for k, f in enumerate(result.findings) if k not in dropped]

    def _rule_order(self) -> dict[str, int]:
        return {rule_id: i for i, rule_id in enumerate(self.ruleset.rules)}

    def _cannot_match(self, source: str, prose: str) -> bool:
        """Whether the prefilter (lintmed.engine.prefilter) shows that no rule can match in
        ``prose``, so spaCy need not read it."""
        if self.inline_suppress and _DIRECTIVE_MARK in source:
            return False  # directives have findings of their own (lintmed.engine.suppress)
        if self._prefilter is _UNSET:
            self._prefilter = self._load_prefilter()
        if self._prefilter is None:
            return False
        # The detector judges every sentence, anchor or not: a text about as long as one
        # sentence is always read (see DETECTOR_MIN_WORDS).
        if self.detector not in (False, None) and len(prose.split()) < DETECTOR_MIN_WORDS:
            return False
        return not self._prefilter.may_match(prose)

    def _load_prefilter(self):
        """The prefilter from the cache, built on a miss; None without a usable cache
        (building it costs more than the spaCy import it saves) or with a named
        pipeline (whose tokenizer the cache key cannot see)."""
        from lintmed.workflow.cache import usable_dir

        if self.model is not None or usable_dir() is None:
            return None
        from lintmed.engine.prefilter import for_ruleset

        return for_ruleset(self.ruleset, self.model)

    def _label_check(self):
        if self._labels is None:
            from lintmed.engine.labels import LabelCheck
            from lintmed.engine.nlp import get_nlp

            self._labels = LabelCheck(self.ruleset, get_nlp(self.model))
        return self._labels

    def _claim_detector(self):
        """The ClaimDetector, loaded on first use (once per process and path); None when off."""
        if self.detector is False or self.detector is None:
            return None
        if self.detector is True or isinstance(self.detector, str):
            from lintmed.engine.detector import get_detector

            return get_detector(None if self.detector is True else self.detector)
        return self.detector

    def _threshold(self) -> float:
        return self.detector_threshold if self.detector_threshold is not None else self._claim_detector().threshold

    def _sentence_scores(self, docs):
        detector = self._claim_detector()
        if detector is None:
            return None
        from lintmed.engine.learned import SentenceScores

        return SentenceScores(detector, docs)


def _apply_policy(result: LintResult, rule: Rule, finding: Finding, context: Context) -> tuple[str, ...]:
    """File the finding as reported, or as suppressed when its context is one the
    rule's policy suppresses; the context kinds that suppressed it (empty: reported)."""
    suppressed_by = tuple(k for k in POLICY_ORDER if _applies(context, k) and rule.suppressed_by(k))
    if suppressed_by:
        result.suppressed.append(Verdict(finding, context, suppressed_by))
        return suppressed_by
    result.findings.append(finding)
    return ()


# Term lists whose words make a sentence a serious-disease claim whatever the wording around them.
SERIOUS_TERM_LISTS = ("serious-disease", "cancer", "covid")
# Among equally severe rules on one claim, the one whose wording must govern comes first:
# a disease claim is removed or reframed, never hedged as a cure claim would be.
CLAIM_PRIORITY = ("disease-claim", "regulatory-status", "absolute-safety", "cure-claim", "establishment-claim",
                  "comparative-claim", "testimonial", "urgency", "hype")


def merge_claims(findings: list[Finding], order: dict[str, int]) -> list[Finding]:
    """One finding per claim: findings whose source spans overlap become one.

    The most severe rule is kept (ties: CLAIM_PRIORITY, the rule that comes first in the rule set, then
    the longer span, then the earlier one); the others are named in its ``related``. A
    finding is kept only if it overlaps no finding already kept, so no two findings
    left share a character. A kept finding with no wording of its own takes the first
    related finding's suggestions, each still pointing at the words it replaces."""
    def rank(f: Finding) -> tuple:
        category = CLAIM_PRIORITY.index(f.category) if f.category in CLAIM_PRIORITY else len(CLAIM_PRIORITY)
        return (-SEVERITY_RANK.get(f.severity, 0), category, order.get(f.rule, len(order)), -(f.end - f.start),
                f.start)

    kept: list[Finding] = []
    absorbed: dict[int, list[Finding]] = {}
    # Per path, the kept findings of positive length sorted by start (they never overlap),
    # so that finding a host costs a bisection, not a look at every kept finding: a file
    # with 100k findings was quadratic here.
    spans: dict[str, tuple[list[int], list[int]]] = {}  # path -> (starts, indices into kept)
    for f in sorted(findings, key=rank):
        host = _host(spans.get(f.path), kept, f) if f.end > f.start else None
        if host is None:
            if f.end > f.start:
                starts, indices = spans.setdefault(f.path, ([], []))
                at = bisect_right(starts, f.start)
                starts.insert(at, f.start)
                indices.insert(at, len(kept))
            kept.append(f)
        else:
            absorbed.setdefault(host, []).append(f)
    out = []
    for i, f in enumerate(kept):
        others = absorbed.get(i, ())
        if others:
            related = tuple(dict.fromkeys(o.rule for o in others if o.rule != f.rule))
            suggestions = f.suggestions or next(
                (tuple(_pinned(s, o) for s in o.suggestions) for o in others if o.suggestions), ())
            f = replace(f, related=related, suggestions=suggestions)
        out.append(f)
    return out


def _host(spans, kept: list[Finding], f: Finding) -> int | None:
    """The first kept finding (in the order kept) that shares a character with ``f``;
    ``spans``: the kept findings of ``f``'s path, as merge_claims keeps them."""
    if not spans:
        return None
    starts, indices = spans
    i = max(bisect_right(starts, f.start) - 1, 0)  # the one starting at or before f, then those inside it
    hosts = []
    while i < len(starts) and starts[i] < f.end:
        if kept[indices[i]].end > f.start:
            hosts.append(indices[i])
        i += 1
    return min(hosts, default=None)


def _pinned(s: Suggestion, f: Finding) -> Suggestion:
    """``s`` with its span made explicit (the words of ``f`` it was written for)."""
    if s.start is not None:
        return s
    return replace(s, start=f.start, end=f.end, line=f.line, column=f.column, end_line=f.end_line,
                   end_column=f.end_column)


def _dedupe(matches: list[Match]) -> list[Match]:
    """One match per rule per overlapping span (phrases, patterns and frames may overlap).

    A frame match whose words between its parts reach outside a tighter match of the same
    rule is that claim with unrelated words around it ("No downtime and no side effects",
    "cures hangovers and helps treat fibromyalgia"): the tighter one is kept, so its
    context and rewrite are its own ("help treat arthritis" keeps its "help")."""
    # A match is compared only with the matches of its rule in its sentence.
    same: dict[tuple[str, int], list[Match]] = {}
    for m in matches:
        same.setdefault((m.rule_id, m.sentence_start), []).append(m)

    def redundant(m: Match) -> bool:
        ranges = sorted(m.parts)
        gaps = [t for (_, e), (s, _) in zip(ranges, ranges[1:]) for t in range(e, s)]
        if not gaps:  # phrases, patterns and adjacent parts hold nothing unrelated
            return False
        for o in same[m.rule_id, m.sentence_start]:
            if not o.parts or o.rule_id != m.rule_id or (o.start, o.end) == (m.start, m.end):
                continue
            if m.start <= o.start and o.end <= m.end and o.sentence_start == m.sentence_start:
                lo, hi = min(s for s, _ in o.parts), max(e for _, e in o.parts)
                if any(not lo <= t < hi for t in gaps):
                    return True
        return False

    kept: list[Match] = []
    for m in sorted((m for m in matches if not redundant(m)),
                    key=lambda m: (m.rule_id, m.start, -(m.end - m.start))):
        if kept and kept[-1].rule_id == m.rule_id and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def _claim_in_sentence(doc, match: Match, cues: dict[int, SentenceCues]):
    """The claim's sentence read for cues (once, however many claims it holds), the
    sentence's character offset in the doc, the claim's token range in the sentence and
    its own words' ranges (a frame's parts, else that range)."""
    span = doc.char_span(match.start, match.end, alignment_mode="expand")
    # Span.sent would rebuild every sentence of the doc; the match knows its own.
    sent = doc.char_span(match.sentence_start, match.sentence_end, alignment_mode="expand")
    if sent.start not in cues:
        cues[sent.start] = read_cues(sent)
    claim = (span.start - sent.start, span.end - sent.start)
    return cues[sent.start], sent.start_char, claim, match.parts or (claim,)


def _on_label(context: Context) -> bool:
    return any(t.kind == "on-label" for t in context.triggers)


def _applies(context: Context, kind: str) -> bool:
    """Whether ``kind`` of POLICY_ORDER holds: a verdict of the context pass, or an
    "on-label" trigger (which only rules that opt in look for)."""
    return _on_label(context) if kind == "on-label" else context.applies(kind)


def _with_label(labels, read: SentenceCues, base: int, parts, context: Context) -> Context:
    """The context with an "on-label" trigger added when the claim (``parts`` of the
    sentence ``read``) states only what the approval of a product named beside it
    covers (lintmed.engine.labels)."""
    trigger = labels.on_label(read.forms, parts, is_status_claim(read.forms, parts), read.tokens, base)
    return replace(context, triggers=context.triggers + (trigger,)) if trigger else context


# What each kind of suggestion asks of the writer, unless the rule says more (fix.description).
KIND_DESCRIPTIONS = {
    "hedge": "softer wording; it is still a claim, so use it only if evidence supports it",
    "qualify": "keep this only with the evidence it needs, and cite it",
    "reframe": "say what the product may lawfully say instead",
    "remove": "where no softer wording is true, drop the claim",
    "typicality": "add this after the testimonial; if you have data, state what patients generally achieve",
}
# Who said a quotation, when it follows as a sentence of its own: '"... in a week!" Tom told us.'
_ATTRIBUTION = re.compile(r"[ \t]+[^.!?\n\"“”]{0,40}?\b(?:says|said|told|tells|writes|wrote|explains|explained|"
                          r"adds|added|shares|shared)\b[^.!?\n\"“”]{0,40}[.!?]")
# A sentence that a reader sees as the continuation of the one before it: the text since
# the last full stop ends in an ellipsis (spaCy splits ". . ." and "…").
_ELLIPSIS_END = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))([^.!?\n…]*?[^\s.!?…][^.!?\n…]*?(?:\s?\.\s?\.\s?\.|…))\s*$")
# What follows a sentence and starts in lower case continues it ("... . . . controls X.",
# "... etc. on various systems."): removed with it, up to its own end.
_CONTINUATION = re.compile(r"(?:[ \t]*[.…])*[ \t]+(?=[a-z])[^\n]*?(?:[.!?](?=\s|$)|$)")
# The words of a sentence removed with it: the spaces that follow it.
_TRAILING_SPACE = re.compile(r"[ \t]*")


def _suggestions(rule: Rule, match: Match, block: str, offset: int, extracted: Extracted,
                 index: LineIndex, serious: re.Pattern | None = None) -> tuple[Suggestion, ...]:
    """The rule's templates made to agree with the claim's sentence (lintmed.suggest.wording), each
    with its kind and, when it replaces other words than the claim's, its span; a finding
    that no template fits gets a stated removal of its sentence."""
    from lintmed.suggest.wording import Proposal, propose, rule_verbs

    sentence = block[match.sentence_start:match.sentence_end]
    proposals = propose(rule.replacements, sentence, match.start - match.sentence_start,
                        match.end - match.sentence_start, match.term, rule_verbs(rule)) if rule.replacements else []
    if not proposals:
        proposals = [Proposal("", "remove", 0, len(sentence), removes_sentence=True, scope="sentence")]
    if rule.category == "disease-claim":  # a disease claim is removed first, never hedged or excused
        proposals = sorted((p for p in proposals if p.kind != "typicality"), key=lambda p: p.kind != "remove")
    elif serious is not None and proposals[0].kind in ("hedge", "qualify") and serious.search(sentence):
        # Softer wording in a sentence that names a serious disease, cancer or COVID-19 leaves
        # a claim no hedge excuses ("studies suggest it slows tumours"): removal comes first.
        removal = Proposal("", "remove", 0, len(sentence), removes_sentence=True, scope="sentence")
        proposals = [removal] + [p for p in proposals if p != removal]
    out = []
    for p in proposals:
        start, end = match.sentence_start + p.start, match.sentence_start + p.end
        if p.scope == "sentence" and block[start:start + 1].islower() and (
                trail := _ELLIPSIS_END.search(block, 0, start)):
            # "Kratom . . . lowers blood pressure." is one sentence to a reader: what came
            # before the dots goes with it, not left as a fragment.
            start = trail.start(1)
        if p.scope == "sentence" and (rest := _CONTINUATION.match(block, end)):
            end = rest.end()  # "... etc. on various systems.": a split sentence goes whole
        if p.scope == "after" and (said := _ATTRIBUTION.match(block, end)):
            start = end = said.end()  # after '"...!" says Ann.', not between the quote and its speaker
        if p.removes_sentence:  # the spaces after it go too, else those before it
            if said := _ATTRIBUTION.match(block, end):
                end = said.end()  # and who said it, when that follows as a sentence of its own

            after = _TRAILING_SPACE.match(block, end).end()
            if after > end and after < len(block):
                end = after
            else:
                start = len(block[:start].rstrip(" \t"))
        out.append(_suggestion(rule, p, match, start, end, block, offset, extracted, index))
    return tuple(out)


def _suggestion(rule: Rule, p, match: Match, start: int, end: int, block: str, offset: int,
                extracted: Extracted, index: LineIndex) -> Suggestion:
    description = rule.fix_description.get(p.kind) or rule.fix_description.get("*") or KIND_DESCRIPTIONS[p.kind]
    if (start, end) == (match.start, match.end):
        return Suggestion(p.text, description, p.kind, scope=p.scope)
    if start < end:
        s, e = extracted.source_span(offset + start, offset + end)
    else:  # an addition: just after the character before it
        s = e = extracted.source_span(offset + start - 1, offset + start)[1]
    line, column = index.position(s)
    end_line, end_column = index.position(e) if e > s else (line, column)
    if e > s:
        last_line, last_column = index.position(e - 1)
        end_line, end_column = last_line, last_column + 1
    return Suggestion(p.text, description, p.kind, start=s, end=e, line=line, column=column,
                      end_line=end_line, end_column=end_column, original=block[start:end], scope=p.scope)


def _finding(rule: Rule, match: Match, context: Context, block: str, offset: int,
             extracted: Extracted, index: LineIndex, path: str, serious: re.Pattern | None = None) -> Finding:
    claim = block[match.start:match.end]
    start, end = extracted.source_span(offset + match.start, offset + match.end)
    line, column = index.position(start)
    end_line, last_column = index.position(end - 1)
    return Finding(
        path=path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=last_column + 1,
        rule=rule.id,
        category=rule.category,
        severity=rule.severity,
        message=rule.message,
        text=claim,
        suggestions=_suggestions(rule, match, block, offset, extracted, index, serious),
        references=rule.references,
        start=start,
        end=end,
        context=context,
    )


@lru_cache(maxsize=1)
def default_linter() -> Linter:
    return Linter(load_ruleset())
