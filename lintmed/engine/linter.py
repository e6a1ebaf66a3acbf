"""Orchestration only: a page goes through an ordered list of passes (``Linter.PASSES``).

read -> language -> prefilter -> batches [parse -> match -> context -> policy -> verify
-> learned -> mentions, per run of blocks] -> gather -> document -> inline -> merge. Each pass is a
short method that reads what the passes before it left on the ``Page`` (or on the
``Batch`` of blocks it works on) and adds its own part; a pass may end the page early (a
page not in English, or one the prefilter clears). The batch passes run over the page's
blocks BATCH_CHARS of prose at a time (parse reads a run of blocks as one Doc, each block
its own sentences: lintmed.engine.blocks.Unit) and leave only findings and the document rules'
small records (``BatchResult``), so a page's memory does not grow with its paragraphs;
nothing they judge looks past a block, so the batches are independent (the runner may lint
a large file's batches in its worker processes: ``begin``, ``batches``, ``lint_batch``,
``finish``; lintmed.workflow.runner). No I/O and no printing:
callers hand in the source text and get a ``LintResult`` back.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from lintmed.engine import suppress
from lintmed.engine.blocks import Unit, block_pieces, prose_of, units
from lintmed.engine.citations import reference_entry
from lintmed.engine.context import SentenceCues, assess_tokens, is_status_claim, read_cues
from lintmed.engine.labels import LabelCheck
from lintmed.engine.language import ENGLISH, page_language
from lintmed.engine.match import CompiledRules, rules_of_kind
from lintmed.engine.merge import merge_claims
from lintmed.engine.nlp import complete, get_nlp, joins_blocks, memory_zone, pipe
from lintmed.engine.prefilter import for_ruleset
from lintmed.engine.results import LintResult, Verdict
from lintmed.findings import ADD_TO_PAGE, Context, Extracted, Finding, Match, Suggestion, Trigger
from lintmed.positions import LineIndex
from lintmed.readers import format_for, get_reader
from lintmed.rules.load import load_ruleset
from lintmed.rules.model import CATEGORIES, POLICY_ORDER, Rule, RuleSet
from lintmed.suggest.place import serious_terms, suggestions
from lintmed.storage.cache import usable_dir

# The kind of a rule finding set aside because its sentence scores as no claim (lintmed.engine.detector).
VERIFIER = "verifier"
_UNSET = object()
# With the detector on, a text of fewer words is never skipped by the prefilter: the
# detector finds claims with no rule's words in them, and in ../shared/corpus the
# longest single sentence has 74 words while real pages have 60 to 350
# (bench/prefilter.py measures what skipping costs the detector).
DETECTOR_MIN_WORDS = 80
# The batch passes read a page's blocks this many characters of prose at a time: the
# parsed Docs of one batch (about 110 bytes per character) are all a page holds at once.
BATCH_CHARS = 100_000


@dataclass(frozen=True)
class BlockHits:
    """What the match pass found in one unit (a run of blocks: lintmed.engine.blocks.Unit)."""

    matches: list[Match]  # the sentence-level rules' matches, one per rule per claim
    document_hits: dict  # the document rules' words (lintmed.engine.match.BlockMatches)
    # The author list that opens the unit's one block when it is a reference-list entry
    # (lintmed.engine.citations): its claims are reported, not made.
    reference_authors: str | None


@dataclass
class Claim:
    """A rule match in its sentence, with its context and, from the policy pass on,
    its finding and the context kinds that suppressed it (empty: reported)."""

    block: int  # the index of its unit in the batch (offsets in the match are the unit's)
    match: Match
    rule: Rule
    context: Context
    finding: Finding | None = None
    suppressed_by: tuple[str, ...] = ()
    filed_at: int = -1  # its index in the page's reported findings (reported ones only)


@dataclass
class BatchResult:
    """What the batch passes leave of a run of a page's blocks: findings and small records,
    never Docs (picklable: a worker process may send it back)."""

    # The rule findings the policy reported (the verifier's confidence on them; those it
    # set aside removed), and those the policy suppressed.
    rules: LintResult = field(default_factory=LintResult)
    set_aside: list[Verdict] = field(default_factory=list)  # rule findings the verifier set aside
    learned: LintResult = field(default_factory=LintResult)  # learned-claim findings, reported or suppressed
    mentions: list = field(default_factory=list)  # the document rules' records (DocumentRules.read)
    # (offset in prose, text) of the blocks that hold a document rule's first mention.
    mention_blocks: dict[int, tuple[int, str]] = field(default_factory=dict)


@dataclass
class Batch:
    """A run of a page's blocks as the batch passes fill it in; dropped once read."""

    first: int  # the page's index of its first block
    blocks: list[tuple[int, str]]  # (offset in prose, text)
    units: list[Unit] = field(default_factory=list)  # parse: the runs of blocks read as one Doc each
    docs: list = field(default_factory=list)  # parse: one spaCy Doc per unit
    hits: list[BlockHits] = field(default_factory=list)  # match: per unit
    claims: list[Claim] = field(default_factory=list)  # context, policy, verify
    scores: object = None  # verify: the detector's SentenceScores (None: detector off)
    out: BatchResult = field(default_factory=BatchResult)


@dataclass
class Page:
    """One page as the passes fill it in, in the order they run."""

    source: str
    path: str
    fmt: str
    result: LintResult = field(default_factory=LintResult)
    done: bool = False  # a pass decided that nothing more is to be found
    directives: tuple | None = None  # read: the inline directives, parsed once (None: ignored)
    extracted: Extracted | None = None  # read: the reader's prose, offset map and block spans
    prose: str = ""  # prefilter: the prose as the matcher reads it
    batches: list[BatchResult] = field(default_factory=list)  # batches: one per run of blocks, in order
    batch: Batch | None = None  # batches: the last batch read, as its passes left it

    @cached_property
    def index(self) -> LineIndex:
        return LineIndex(self.source)


class Linter:
    """Holds a RuleSet compiled for one spaCy pipeline; reusable across pages."""

    # The passes, in the order the data flows; each takes the Page. "batches" runs
    # BATCH_PASSES over each run of the page's blocks in turn; each of those takes the Page
    # and the Batch.
    PASSES = ("read", "language", "prefilter", "batches", "gather", "document", "inline", "merge")
    BATCH_PASSES = ("parse", "match", "context", "policy", "verify", "learned", "mentions")

    def __init__(self, ruleset: RuleSet, pipeline: str | None = None, inline_suppress: bool = True,
                 detector=False, detector_threshold: float | None = None, merge: bool = True,
                 batch_chars: int = BATCH_CHARS):
        self.ruleset = ruleset
        self.pipeline = pipeline  # the spaCy pipeline's name or path (--model); None: the packaged blank one
        self.inline_suppress = inline_suppress  # False: ignore lintmed-disable comments (audits)
        # One finding per claim (merge_claims); False keeps every rule's own finding, for tools
        # and tests that look at the rules one by one.
        self.merge = merge
        # The learned claim detector (lintmed.engine.detector): True for the packaged weights,
        # a path to weights, a loaded ClaimDetector, or False. Loaded on first lint.
        self.detector = detector
        self.detector_threshold = detector_threshold
        self.batch_chars = batch_chars  # characters of prose the batch passes read at a time
        # Compiled on first need: a file the prefilter clears never imports spaCy.
        self._compiled = None
        self.warm = False  # warm_up has built what a lint needs
        self._loaded_prefilter = _UNSET
        if pipeline is not None:
            get_nlp(pipeline)  # a pipeline that cannot load is an error before any output
        # The label check (lintmed.engine.labels), built when a rule that leaves on-label claims
        # alone first matches: most pages never need it.
        self.uses_labels = bool(ruleset.approved_uses.products)
        self._labels = None
        self._serious = serious_terms(ruleset)
        self._passes = [getattr(self, "_" + name) for name in self.PASSES]
        self._batch_passes = [getattr(self, "_" + name) for name in self.BATCH_PASSES]

    @property
    def compiled(self) -> CompiledRules:
        """The rule set's matchers for the pipeline (lintmed.engine.match), built on first use."""
        if self._compiled is None:
            self._compiled = CompiledRules(self.ruleset, get_nlp(self.pipeline))
        return self._compiled

    def lint(self, source: str, path: str = "<text>", fmt: str | None = None) -> LintResult:
        return self.lint_page(source, path, fmt).result

    def lint_page(self, source: str, path: str = "<text>", fmt: str | None = None) -> Page:
        """The page as the passes left it: its result, and what each pass found on the way
        (of the batch passes, what they found in the last batch)."""
        page = Page(source, path, fmt or format_for(path))
        _run(page, self._passes)
        return page

    # -- a page in parts, for a caller that runs its batches elsewhere (workflow.runner) --

    def begin(self, source: str, path: str = "<text>", fmt: str | None = None) -> Page:
        """The page after the passes before "batches" (done: nothing more to find)."""
        page = Page(source, path, fmt or format_for(path))
        _run(page, self._passes[:self.PASSES.index("batches")])
        return page

    def resume(self, page: Page) -> LintResult:
        """The passes from "batches" on over a page from ``begin`` (read elsewhere, perhaps
        in another process): ``resume(begin(source))`` is ``lint(source)``."""
        if not page.done:
            _run(page, self._passes[self.PASSES.index("batches"):])
        return page.result

    def batches(self, page: Page):
        """(index of its first block, its blocks) for each run of the page's blocks of
        about ``batch_chars`` characters of prose, in order (lazily: the blocks are
        pieces of the prose, made as they are read)."""
        first, run, size = 0, [], 0
        for block in block_pieces(page.prose, page.extracted.blocks):
            run.append(block)
            size += len(block[1])
            if size >= self.batch_chars:
                yield first, run
                first, run, size = first + len(run), [], 0
        if run:
            yield first, run

    def lint_batch(self, page: Page, first: int, blocks: list[tuple[int, str]], zone: bool = False) -> BatchResult:
        """The batch passes over ``blocks`` of ``page`` (from ``batches``). With ``zone``, in a
        memory zone (lintmed.engine.nlp.memory_zone): the words new to spaCy's vocabulary
        that the batch adds go with it, and so do its Docs (``page.batch`` is left None)."""
        if zone:
            with memory_zone(self.pipeline):
                out = self.lint_batch(page, first, blocks)
                page.batch = None  # its Docs go before the zone does
            return out
        page.batch = batch = Batch(first, blocks)
        for run in self._batch_passes:
            run(page, batch)
        return batch.out

    def finish(self, page: Page, batches: list[BatchResult]) -> LintResult:
        """The passes after "batches", given what the batch passes found, in order."""
        page.batches = batches
        _run(page, self._passes[self.PASSES.index("batches") + 1:])
        return page.result

    # -- the passes, in order ------------------------------------------------------

    def _read(self, page: Page) -> None:
        """The reader's prose and blocks; plain text loses its directive lines first (a
        directive line is not part of the paragraph)."""
        text = page.source
        if self.inline_suppress:
            page.directives = suppress.parse(page.source, page.index)
            if page.fmt == "text":
                text = suppress.blank_directives(page.source, page.directives)
        page.extracted = get_reader(page.fmt).read(text)

    def _language(self, page: Page) -> None:
        """A page not in English is not checked: English rules and lemmas would pass it in silence."""
        language = page_language(page.source, page.fmt, page.extracted.text)
        if language != ENGLISH:
            page.result.not_checked_language = language
            page.done = True

    def _prefilter(self, page: Page) -> None:
        """Stop when the prefilter (lintmed.engine.prefilter) shows that no rule can match,
        so that spaCy need not read the page."""
        page.prose = prose_of(page.extracted.text)
        page.done = self._cannot_match(page.source, page.prose)

    def _batches(self, page: Page) -> None:
        """The batch passes over each run of the page's blocks, in order; the page keeps
        what each leaves (BatchResult), never the Docs. On a page of more than two batches,
        each but the first and the last runs in a memory zone (lintmed.engine.nlp.memory_zone):
        the words new to spaCy's vocabulary that it adds go with it, so that a page's memory
        does not grow with its words either. The first batch's words stay known (spaCy
        keeps how it split a known word: a page's common words are not split again in every
        batch), and what the batches use is built before the first zone (warm_up); the last
        batch's Docs stay readable on ``page.batch``."""
        page.batches, waiting = [], None
        for run in self.batches(page):
            if waiting is not None and not page.batches:
                page.batches.append(self.lint_batch(page, *waiting))
                self.warm_up()
            elif waiting is not None:
                page.batches.append(self.lint_batch(page, *waiting, zone=True))
            waiting = run
        if waiting is not None:
            page.batches.append(self.lint_batch(page, *waiting))

    # -- the batch passes, in order, over one run of blocks --------------------------

    def _parse(self, page: Page, batch: Batch) -> None:
        """The blocks of the batch (the reader's blocks, in pieces of bounded length) in
        runs (lintmed.engine.blocks.units), each read by spaCy as one Doc."""
        batch.units = units(page.prose, batch.blocks, joins_blocks(self.pipeline), reference_entry)
        # The unit strings, not Doc.text, which rebuilds the text from every token.
        batch.docs = list(pipe((u.text for u in batch.units), self.pipeline, (u.breaks for u in batch.units)))

    def _match(self, page: Page, batch: Batch) -> None:
        for unit, doc in zip(batch.units, batch.docs):
            found = self.compiled.match_block(doc, _block_tokens(unit, doc))
            # In the order of the blocks: the unit's matches as each block's, one after another.
            matches = sorted(_dedupe(found.matches), key=lambda m: unit.block_of(m.start))
            # A reference entry's words are no mention of a product by the page (document rules).
            batch.hits.append(BlockHits(matches, {} if unit.authors else found.document_hits, unit.authors))

    def _context(self, page: Page, batch: Batch) -> None:
        """Each match's context: the cues of its sentence (lintmed.engine.context), a
        reference entry's authors, and, for rules that ask, the label check."""
        for i, (doc, hits) in enumerate(zip(batch.docs, batch.hits)):
            cues: dict[int, SentenceCues] = {}  # by sentence start: read once, however many claims it has
            for match in hits.matches:
                rule = self.ruleset.get(match.rule_id)
                read, base, claim, parts = _claim_in_sentence(doc, match, cues)
                context = assess_tokens(read.tokens, *claim, base=base, parts=parts, cues=read)
                if hits.reference_authors:  # the cue opens the block, not always this sentence: no offsets
                    context = replace(context, reported=True, triggers=context.triggers + (
                        Trigger("reported", hits.reference_authors, 0, 0),))
                if self.uses_labels and rule.suppressed_by("on-label"):
                    context = _with_label(self._label_check(), read, base, parts, context)
                batch.claims.append(Claim(i, match, rule, context))

    def _policy(self, page: Page, batch: Batch) -> None:
        """Each claim's finding, filed as reported or as suppressed by the rule's policy."""
        result = batch.out.rules
        for claim in batch.claims:
            claim.finding = _finding(claim.rule, claim.match, claim.context, batch.units[claim.block], page,
                                     serious=self._serious)
            claim.suppressed_by = _apply_policy(result, claim.rule, claim.finding, claim.context)
            if not claim.suppressed_by:
                claim.filed_at = len(result.findings) - 1

    def _verify(self, page: Page, batch: Batch) -> None:
        """With the detector on: every sentence scored, with what the rules said of it
        (collected first, then scored); each reported rule finding gets its sentence's
        score as ``confidence``, and one whose sentence scores below the verify
        threshold reads as no claim (an explanation, a heading, a statistic) and is set
        aside as suppressed by the verifier."""
        detector = self._claim_detector()
        if detector is None:
            return
        from lintmed.engine.learned import RulesSaid, SentenceScores  # numpy: only with the detector on

        said = RulesSaid()
        for i, (doc, hits) in enumerate(zip(batch.docs, batch.hits)):
            if hits.reference_authors:  # a reference entry gets no learned finding
                said.flagged.update((i, sent.start_char) for sent in doc.sents)
        for claim in batch.claims:
            at = (claim.block, claim.match.sentence_start)
            said.signals.append((at, claim.rule, claim.suppressed_by))
            # A sentence a rule flags, or finds on label, gets no learned finding.
            if not claim.suppressed_by or _on_label(claim.context):
                said.flagged.add(at)
        batch.scores = scores = SentenceScores(detector, batch.docs, said)
        result, cut, dropped = batch.out.rules, detector.verify_threshold, set()
        for claim in batch.claims:
            if claim.suppressed_by:
                continue
            prob = scores.probability(claim.block, claim.match.sentence_start)
            if prob is None:
                continue
            finding = replace(result.findings[claim.filed_at], confidence=round(prob, 3))
            result.findings[claim.filed_at] = finding
            if prob < cut:
                dropped.add(claim.filed_at)
                cue = Trigger(VERIFIER, f"claim score {prob:.2f} < {cut:.2f}", 0, 0)
                batch.out.set_aside.append(Verdict(finding, replace(claim.context, triggers=claim.context.triggers + (cue,)),
                                                   (VERIFIER,)))
        if dropped:
            result.findings = [f for k, f in enumerate(result.findings) if k not in dropped]

    def _learned(self, page: Page, batch: Batch) -> None:
        """Sentences no rule flags that the detector scores at or above its threshold."""
        rule = next(rules_of_kind(self.ruleset, "learned"), None) if batch.scores else None
        for learned in batch.scores.candidates(rule.id, self._threshold()) if rule else ():
            finding = _finding(rule, learned.match, learned.context, batch.units[learned.block], page)
            # A whole sentence often spans markup ("at **our** clinic"): show it as the file has it.
            finding = replace(finding, text=page.source[finding.start:finding.end],
                              confidence=learned.confidence, evidence=learned.evidence)
            _apply_policy(batch.out.learned, rule, finding, learned.context)

    def _mentions(self, page: Page, batch: Batch) -> None:
        """What the page-level rules (lintmed.engine.match.document) read in the batch,
        and the blocks of their first mentions, for the document pass."""
        out = batch.out
        out.mentions = self.compiled.documents.read(batch.docs, [h.document_hits for h in batch.hits])
        first_blocks = _first_blocks(batch.units, batch.first)
        for rule_read in out.mentions:
            for group, (u, start, end, match) in rule_read.first.items():
                # Named by the page's index of its block, with character offsets in that
                # block (the token positions, which only order mentions, stay the unit's).
                k, match = _in_block(batch.units[u], match)
                rule_read.first[group] = (first_blocks[u] + k, start, end, match)
                out.mention_blocks[first_blocks[u] + k] = batch.units[u].block(k)

    # -- the page passes after the batches -------------------------------------------

    def _gather(self, page: Page) -> None:
        """The batches' findings on the page, in the order one batch over the whole page
        files them: rule findings, then learned ones; suppressed by the policy, then by
        the verifier, then learned ones the policy suppressed."""
        result, parts = page.result, page.batches
        result.findings.extend(f for p in parts for f in p.rules.findings)
        result.findings.extend(f for p in parts for f in p.learned.findings)
        result.suppressed.extend(v for p in parts for v in p.rules.suppressed)
        result.suppressed.extend(v for p in parts for v in p.set_aside)
        result.suppressed.extend(v for p in parts for v in p.learned.suppressed)

    def _document(self, page: Page) -> None:
        """Page-level rules (lintmed.engine.match.document): a disclosure the page lacks,
        judged from what each batch's mentions pass read."""
        blocks = {b: block for part in page.batches for b, block in part.mention_blocks.items()}
        for missing in self.compiled.documents.judge([p.mentions for p in page.batches]):
            offset, block = blocks[missing.block]
            finding = _finding(missing.rule, missing.match, Context(), Unit.alone(offset, block), page)
            # The wording to add to the page (an addition, never a replacement of the mention).
            add = Suggestion(missing.disclosure, ADD_TO_PAGE)
            page.result.findings.append(replace(finding, suggestions=(add,)))

    def _inline(self, page: Page) -> None:
        """Findings that lintmed-disable comments hide (lintmed.engine.suppress), and the
        directives' own findings."""
        if page.directives is None:
            return
        disabled = suppress.apply(page.source, page.result.findings, page.path,
                                  self.ruleset.ids() | set(CATEGORIES), page.index, page.directives)
        page.result.findings, page.result.disabled = disabled.findings, disabled.disabled

    def _merge(self, page: Page) -> None:
        """One finding per claim (lintmed.engine.merge), in file order."""
        if self.merge:
            page.result.findings = merge_claims(page.result.findings, self._rule_order())
        page.result.findings.sort(key=Finding.sort_key)

    # -- what the passes build on first need ---------------------------------------

    def warm_up(self) -> Linter:
        """Build now what the first lint would build (pipeline, matchers, detector, label
        check; every special case of the tokenizer): before forking workers, so that they
        share it instead of each building it."""
        complete(get_nlp(self.pipeline))
        self.compiled
        if self._loaded_prefilter is _UNSET:
            self._loaded_prefilter = self._load_prefilter()
        self._claim_detector()
        if self.uses_labels:
            self._label_check()
        self.warm = True
        return self

    def _rule_order(self) -> dict[str, int]:
        return {rule_id: i for i, rule_id in enumerate(self.ruleset.rules)}

    def _cannot_match(self, source: str, prose: str) -> bool:
        """Whether the prefilter shows that no rule can match in ``prose``."""
        if self.inline_suppress and suppress.MARK in source:
            return False  # directives have findings of their own (lintmed.engine.suppress)
        if self._loaded_prefilter is _UNSET:
            self._loaded_prefilter = self._load_prefilter()
        if self._loaded_prefilter is None:
            return False
        # The detector judges every sentence, anchor or not: a text about as long as one
        # sentence is always read (see DETECTOR_MIN_WORDS).
        # (split at most that many times: a list of every word of a large page would be
        # the largest thing the run holds)
        if self.detector not in (False, None) and len(prose.split(maxsplit=DETECTOR_MIN_WORDS)) < DETECTOR_MIN_WORDS:
            return False
        return not self._loaded_prefilter.may_match(prose)

    def _load_prefilter(self, stored_only: bool = False):
        """The prefilter from the cache, built on a miss (with ``stored_only``, None on a
        miss); None without a usable cache (building it costs more than the spaCy import it
        saves) or with a named pipeline (whose tokenizer the cache key cannot see)."""
        if self.pipeline is not None or usable_dir() is None:
            return None
        return for_ruleset(self.ruleset, self.pipeline, stored_only)

    def read_only(self) -> Linter:
        """This linter, for a process that runs only the passes before the batches
        (workflow.runner.ReadAhead, while another builds the engine): the prefilter is
        taken from the cache, never built (that imports spaCy); without it, pages go on
        to the batches unfiltered, which find the same."""
        if self._loaded_prefilter is _UNSET:
            self._loaded_prefilter = self._load_prefilter(stored_only=True)
        return self

    def _label_check(self) -> LabelCheck:
        if self._labels is None:
            self._labels = LabelCheck(self.ruleset, get_nlp(self.pipeline))
        return self._labels

    def _claim_detector(self):
        """The ClaimDetector, loaded on first use (once per process and path); None when off."""
        if self.detector is False or self.detector is None:
            return None
        if self.detector is True or isinstance(self.detector, str):
            from lintmed.engine.detector import get_detector  # numpy: only with the detector on

            return get_detector(None if self.detector is True else self.detector)
        return self.detector

    def _threshold(self) -> float:
        return self.detector_threshold if self.detector_threshold is not None else self._claim_detector().threshold


def _run(page: Page, passes) -> None:
    """``passes`` over ``page``, in order, until one decides that nothing more is to be found."""
    for run in passes:
        run(page)
        if page.done:
            break


def _apply_policy(result: LintResult, rule: Rule, finding: Finding, context: Context) -> tuple[str, ...]:
    """File the finding as reported, or as suppressed when its context is one the
    rule's policy suppresses; the context kinds that suppressed it (empty: reported)."""
    suppressed_by = tuple(k for k in POLICY_ORDER if _applies(context, k) and rule.suppressed_by(k))
    if suppressed_by:
        result.suppressed.append(Verdict(finding, context, suppressed_by))
        return suppressed_by
    result.findings.append(finding)
    return ()


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


def _with_label(labels: LabelCheck, read: SentenceCues, base: int, parts, context: Context) -> Context:
    """The context with an "on-label" trigger added when the claim (``parts`` of the
    sentence ``read``) states only what the approval of a product named beside it
    covers (lintmed.engine.labels)."""
    trigger = labels.on_label(read.forms, parts, is_status_claim(read.forms, parts), read.tokens, base)
    return replace(context, triggers=context.triggers + (trigger,)) if trigger else context


def _block_tokens(unit: Unit, doc) -> list[tuple[int, int]] | None:
    """The token range of each block of a unit of more than one (None for one)."""
    if len(unit.starts) < 2:
        return None
    from spacy.attrs import IDX  # spaCy: imported by the pipeline that made ``doc``

    starts = doc.to_array(IDX).tolist()
    return [(bisect_left(starts, s), bisect_left(starts, e)) for s, e in zip(unit.starts, unit.ends)]


def _in_block(unit: Unit, match: Match) -> tuple[int, Match]:
    """The index of the unit's block that holds ``match``, and the match with offsets in that block."""
    k = unit.block_of(match.start)
    at = unit.starts[k]
    if not at:
        return k, match
    return k, replace(match, start=match.start - at, end=match.end - at,
                      sentence_start=match.sentence_start - at, sentence_end=match.sentence_end - at)


def _first_blocks(batch_units: list[Unit], first: int) -> list[int]:
    """The page's index of the first block of each unit of a batch whose first block is ``first``."""
    out = []
    for unit in batch_units:
        out.append(first)
        first += len(unit.starts)
    return out


def _finding(rule: Rule, match: Match, context: Context, unit: Unit, page: Page,
             serious: re.Pattern | None = None) -> Finding:
    """The finding for a match in ``unit`` (offsets in the unit), placed in the source; the
    suggestions read the match's block as they would read it alone."""
    k, match = _in_block(unit, match)
    offset, block = unit.block(k)
    extracted, index = page.extracted, page.index
    start, end = extracted.source_span(offset + match.start, offset + match.end)
    line, column = index.position(start)
    end_line, last_column = index.position(end - 1)
    return Finding(
        path=page.path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=last_column + 1,
        rule=rule.id,
        category=rule.category,
        severity=rule.severity,
        message=rule.message,
        text=block[match.start:match.end],
        suggestions=suggestions(rule, match, block, offset, extracted, index, serious),
        references=rule.references,
        start=start,
        end=end,
        context=context,
    )


@lru_cache(maxsize=1)
def default_linter() -> Linter:
    return Linter(load_ruleset())
