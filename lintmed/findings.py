"""Frozen records that flow one way: document -> matches -> context -> findings."""
from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
# The description of a suggestion that is wording to add to the page, not a replacement
# of the highlighted words (a page-level rule's missing disclosure).
ADD_TO_PAGE = "add this sentence to the page; keep the highlighted words"
# The error finding for a file that could not be read or decoded (the run goes on, exit 2).
UNREADABLE_RULE, INPUT_CATEGORY = "unreadable-file", "input"


@dataclass(frozen=True)
class Extracted:
    """Prose pulled out of a source file.

    ``offsets[i]`` is the offset in the source of ``text[i]``, so any span of
    ``text`` maps back to the original file exactly, whatever markup or line
    wrapping was removed. Separators the reader inserts between blocks map to
    the last source character of the block before them. The offsets are kept as
    an ``array("q")`` (8 bytes a character; a tuple of ints took about 37), since
    a page holds them for as long as it is linted.
    """

    text: str
    offsets: Sequence[int]
    # Source length of the characters decoded from more than one source character, by
    # source offset: an entity ("&amp;" -> 5), so a claim ending in one ends after its ";".
    widths: dict[int, int] = field(default_factory=dict)
    # Each block's [start, end) in ``text``, in order (a paragraph, a heading, a cell, an
    # attribute's value): the engine reads block by block. A block holds no "\n".
    blocks: tuple[tuple[int, int], ...] = ()

    def __post_init__(self):
        if not isinstance(self.offsets, array):
            object.__setattr__(self, "offsets", array("q", self.offsets))

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map ``text[start:end]`` to a ``[start, end)`` span of the source."""
        last = self.offsets[end - 1]
        return self.offsets[start], last + self.widths.get(last, 1)


@dataclass(frozen=True)
class Trigger:
    """A context cue that applied to a span: which kind, the cue's text, where."""

    # negated | hedged | question | reported (the context pass), on-label (the label check,
    # lintmed.engine.labels), verifier (a sentence the claim detector scores as no claim)
    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Context:
    negated: bool = False
    hedged: bool = False
    question: bool = False
    reported: bool = False
    triggers: tuple[Trigger, ...] = ()

    def applies(self, kind: str) -> bool:
        return bool(getattr(self, kind))


@dataclass(frozen=True)
class Match:
    """A rule matched the prose text at ``[start, end)``; ``term`` is the slot filler."""

    rule_id: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    term: str | None = None
    # Token ranges, relative to the sentence, of the words that make the claim:
    # a frame's parts, not the words between them. Empty: the whole span.
    parts: tuple[tuple[int, int], ...] = ()


# Kinds of suggestion (optional JSON key ``kind``): softer wording; wording that holds only
# with evidence the writer must have; a disease claim turned into what may lawfully be
# said; the sentence removed; a typicality statement added after a testimonial.
SUGGESTION_KINDS = ("hedge", "qualify", "reframe", "remove", "typicality")


@dataclass(frozen=True)
class Suggestion:
    replacement: str
    description: str
    kind: str | None = None
    # The source span the replacement takes the place of when it is not the finding's own
    # (the claim's clause or sentence; an empty span adds text): offsets, and the 1-based
    # line/column pairs (end exclusive) that reports show. None: the finding's span.
    start: int | None = field(default=None, compare=False)
    end: int | None = field(default=None, compare=False)
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    # The prose the span held when linted (not in JSON): a fix is applied only where the
    # source still reads so (no markup inside).
    original: str | None = field(default=None, compare=False)
    # What the span is (not in JSON): the claim's words, a word deletion ("words"), the whole
    # sentence ("sentence") or the end of the sentence, where text is added ("after").
    scope: str = field(default="claim", compare=False)

    def span(self, finding: "Finding") -> tuple[int, int]:
        """The source span this replaces: its own, else the finding's."""
        return (finding.start, finding.end) if self.start is None else (self.start, self.end)


@dataclass(frozen=True)
class InlineSuppression:
    """The lintmed-disable comment that hid a finding, for reviewers to see (lintmed.engine.suppress)."""

    line: int  # the directive's line
    directive: str  # its text: "lintmed-disable-next-line cure-claim -- approved by legal"
    reason: str | None  # what follows "--", if anything


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    category: str
    severity: str
    message: str
    text: str
    suggestions: tuple[Suggestion, ...] = ()
    references: tuple[str, ...] = ()
    # Source offsets of the claim, for fixes and reports; not part of JSON v1.
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)
    context: Context | None = field(default=None, compare=False)
    # The claim detector's P(risky) for the finding's sentence (None: detector off),
    # and, for a learned finding, the phrases that drove the score. Optional in JSON.
    confidence: float | None = field(default=None, compare=False)
    evidence: tuple[str, ...] = field(default=(), compare=False)
    # Other rules that flagged words of this same claim (one finding per claim); optional in JSON.
    related: tuple[str, ...] = ()
    # Set on a finding a lintmed-disable comment hid; such findings are reported apart.
    suppression: InlineSuppression | None = field(default=None, compare=False)

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule)
