"""Frozen records that flow one way: document -> matches -> context -> findings."""
from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from operator import lt

from lintmed.positions import NARROW_MAX, offset_array, widened

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
# The description of a suggestion that is wording to add to the page, not a replacement
# of the highlighted words (a page-level rule's missing disclosure).
ADD_TO_PAGE = "add this sentence to the page; keep the highlighted words"
# The error finding for a file that could not be read or decoded (the run goes on, exit 2).
UNREADABLE_RULE, INPUT_CATEGORY = "unreadable-file", "input"


class OffsetMap(Sequence[int]):
    """Where each character of a reader's prose comes from in the source, kept as runs:
    run ``k`` covers prose ``[starts[k], starts[k + 1])`` and maps character ``i`` of it to
    ``sources[k] + i - starts[k]``. Prose copied from the source is one run per stretch of
    consecutive characters (8 bytes, below; one offset per character took 8 a character);
    a character that repeats an offset (an entity's decoded characters, the separator
    between blocks) is a run of its own. Runs are maximal, so equal maps have equal runs.
    The runs are kept in arrays of 4-byte ints (8 bytes a run) while every offset fits
    (lintmed.positions.NARROW_MAX). Reads like a sequence of ints (index, slice,
    iteration); built by ``extend``."""

    __slots__ = ("_starts", "_sources", "_length")

    def __init__(self, offsets: Iterable[int] = ()):
        self._starts, self._sources, self._length = offset_array(0), offset_array(0), 0
        self.extend(offsets)

    def _widen(self) -> None:
        """Keep the runs as 8-byte ints from now on (an offset over NARROW_MAX)."""
        self._starts, self._sources = widened(self._starts), widened(self._sources)

    def extend(self, offsets: Iterable[int]) -> None:
        """Append the source offsets of more characters, in prose order."""
        if isinstance(offsets, OffsetMap):
            for start, source, length in offsets.runs():
                self.add_run(source, length)
            return
        if isinstance(offsets, range) and offsets.step == 1:
            self.add_run(offsets.start, len(offsets))
            return
        if not isinstance(offsets, (list, tuple, range, array)):
            offsets = list(offsets)
        n = len(offsets)
        if n and offsets[-1] - offsets[0] == n - 1 and all(map(lt, offsets, islice(offsets, 1, None))):
            self.add_run(offsets[0], n)  # consecutive (most prose): one run, in C
            return
        starts, sources, size = self._starts, self._sources, self._length
        expect = sources[-1] + size - starts[-1] if starts else None
        for o in offsets:
            if o != expect:
                if o > NARROW_MAX or size > NARROW_MAX:
                    self._widen()
                    starts, sources = self._starts, self._sources
                starts.append(size)
                sources.append(o)
            expect = o + 1
            size += 1
        self._length = size

    def add_run(self, source: int, length: int) -> None:
        """Append ``length`` characters from consecutive source offsets starting at ``source``."""
        if length <= 0:
            return
        starts, sources = self._starts, self._sources
        if not starts or sources[-1] + self._length - starts[-1] != source:
            if source > NARROW_MAX or self._length > NARROW_MAX:
                self._widen()
                starts, sources = self._starts, self._sources
            starts.append(self._length)
            sources.append(source)
        self._length += length

    def runs(self):
        """(prose start, source start, length) of each run, in order."""
        starts, sources, last = self._starts, self._sources, len(self._starts) - 1
        for k in range(last + 1):
            yield starts[k], sources[k], (starts[k + 1] if k < last else self._length) - starts[k]

    def shifted(self, after: Sequence[int]) -> OffsetMap:
        """The map with each offset ``o`` moved to ``o + (how many of the sorted ``after`` are
        <= o)``: offsets into a text from which a character was removed before each of
        ``after`` (the "\r" of each "\r\n") made offsets into the text it was removed from."""
        out = OffsetMap()
        for _, source, length in self.runs():
            k = bisect_right(after, source)
            end = source + length
            while length:
                stop = min(end, after[k]) if k < len(after) else end  # the shift holds up to here
                out.add_run(source + k, stop - source)
                length -= stop - source
                source, k = stop, k + 1
        return out

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._length))]
        if i < 0:
            i += self._length
        if not 0 <= i < self._length:
            raise IndexError("offset index out of range")
        k = bisect_right(self._starts, i) - 1
        return self._sources[k] + i - self._starts[k]

    def __iter__(self):
        for _, source, length in self.runs():
            yield from range(source, source + length)

    def __eq__(self, other) -> bool:
        if isinstance(other, OffsetMap):
            return (self._length, self._starts, self._sources) == (other._length, other._starts, other._sources)
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None

    def __repr__(self) -> str:
        return f"OffsetMap({list(self.runs())})"


class Spans(Sequence[tuple[int, int]]):
    """Block spans ``(start, end)`` kept in one flat array (8 bytes a block while offsets fit
    4-byte ints, else 16, where a tuple of two ints took about 120); reads like a tuple of pairs."""

    __slots__ = ("_flat",)

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        self._flat = offset_array(0)
        for start, end in spans:
            self.append(start, end)

    def append(self, start: int, end: int) -> None:
        if end > NARROW_MAX:
            self._flat = widened(self._flat)
        self._flat.extend((start, end))

    def __len__(self) -> int:
        return len(self._flat) // 2

    def __getitem__(self, i):
        if isinstance(i, slice):
            return tuple(self[j] for j in range(*i.indices(len(self))))
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("span index out of range")
        return self._flat[2 * i], self._flat[2 * i + 1]

    def __iter__(self):
        flat = self._flat
        return zip(islice(flat, 0, None, 2), islice(flat, 1, None, 2))

    def __eq__(self, other) -> bool:
        if isinstance(other, Spans):
            return self._flat == other._flat
        return isinstance(other, Sequence) and tuple(self) == tuple(tuple(s) for s in other)

    __hash__ = None

    def __repr__(self) -> str:
        return f"Spans({list(self)})"


@dataclass(frozen=True)
class Extracted:
    """Prose pulled out of a source file.

    ``offsets[i]`` is the offset in the source of ``text[i]``, so any span of
    ``text`` maps back to the original file exactly, whatever markup or line
    wrapping was removed. Separators the reader inserts between blocks map to
    the last source character of the block before them. The offsets are kept as
    runs (``OffsetMap``: 8 bytes a run of consecutive characters; one int a
    character took 8 bytes, a tuple of ints about 37), since a page holds them for
    as long as it is linted.
    """

    text: str
    offsets: OffsetMap
    # Source length of the characters decoded from more than one source character, by
    # source offset: an entity ("&amp;" -> 5), so a claim ending in one ends after its ";".
    widths: dict[int, int] = field(default_factory=dict)
    # Each block's [start, end) in ``text``, in order (a paragraph, a heading, a cell, an
    # attribute's value): the engine reads block by block. A block holds no "\n".
    blocks: Spans = field(default_factory=Spans)

    def __post_init__(self):
        if not isinstance(self.offsets, OffsetMap):
            object.__setattr__(self, "offsets", OffsetMap(self.offsets))
        if not isinstance(self.blocks, Spans):
            object.__setattr__(self, "blocks", Spans(self.blocks))

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map ``text[start:end]`` to a ``[start, end)`` span of the source."""
        last = self.offsets[end - 1]
        return self.offsets[start], last + self.widths.get(last, 1)


@dataclass(frozen=True, slots=True)
class Trigger:
    """A context cue that applied to a span: which kind, the cue's text, where."""

    # negated | hedged | question | reported (the context pass), on-label (the label check,
    # lintmed.engine.labels), verifier (a sentence the claim detector scores as no claim)
    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Context:
    negated: bool = False
    hedged: bool = False
    question: bool = False
    reported: bool = False
    triggers: tuple[Trigger, ...] = ()

    def applies(self, kind: str) -> bool:
        return bool(getattr(self, kind))


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class InlineSuppression:
    """The lintmed-disable comment that hid a finding, for reviewers to see (lintmed.engine.suppress)."""

    line: int  # the directive's line
    directive: str  # its text: "lintmed-disable-next-line cure-claim -- approved by legal"
    reason: str | None  # what follows "--", if anything


@dataclass(frozen=True, slots=True)
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
