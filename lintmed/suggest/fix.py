"""Apply suggested wording to the source, never losing text.

An edit replaces exactly a finding's source span ``[start, end)`` (widened only
to take in an "a"/"an" right before it that must change to agree with the
replacement). Nothing else in the file changes: encoding, BOM, line endings
and the trailing newline stay as they were.

Which findings are fixed:

- the rule's ``fix.safety`` is ``safe`` (or ``unsafe`` fixes were asked for);
- the finding has a suggestion other than removing its sentence (the first such one is
  applied; a removal of the whole sentence is only ever offered);
- its suggestion replaces words: text to *add* to the page (a document rule's disclosure)
  is only ever offered;
- the source span reads exactly as the prose the claim was found in: a claim
  that spans markup (``**``, ``<strong>``, an entity, a line break) is
  offered as a suggestion only.

Edits that overlap are resolved deterministically: the earliest-starting,
then the longest, then the most severe is kept; the others wait for the next
pass. An edit is kept only if re-linting shows that it removed its own
finding, added none, and left every claim outside its span as it was (a
rewrite that would hide a different claim, e.g. by negating the sentence, is
refused). The passes repeat until no
edit is accepted, which makes ``fix`` idempotent: fixing the result again
changes nothing.
"""
from __future__ import annotations

import difflib
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Protocol

from lintmed.findings import ADD_TO_PAGE, SEVERITY_RANK, Finding
from lintmed.readers import format_for
from lintmed.suggest.inflect import article_for
# Writing the fixed file (all or nothing) is lintmed.workflow.safe_write's; re-exported for callers.
from lintmed.workflow.safe_write import BOM, ChangedOnDisk, NotWritten, Snapshot, encode_like, write_atomic  # noqa: F401

_ARTICLE_BEFORE = re.compile(r"(?<![\w’'-])([Aa][Nn]?)([ \t]+)$")

# Why a finding was not fixed.
NO_SUGGESTION = "no suggestion"
UNSAFE = "unsafe fix (use --unsafe-fixes)"
MARKUP = "claim spans markup or a line break; suggestion only"
DOCUMENT = "page-level rule; add the suggested sentence by hand"
OVERLAP = "overlaps another fix"
NOT_CLEARED = "the rewrite would not clear the claim, or would change another"
REMOVAL = "the suggestion removes the sentence; remove or rewrite it by hand"


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str
    finding: Finding
    original: str | None = None  # the prose the edit replaces (the claim, or the suggestion's span)

    def key(self) -> tuple:
        return (self.start, -(self.end - self.start), -SEVERITY_RANK.get(self.finding.severity, 0),
                self.finding.rule)


class Lints(Protocol):
    """What fixing needs of a linter (lintmed.engine.linter.Linter, which sits above this layer)."""

    ruleset: Any

    def lint(self, source: str, path: str, fmt: str | None) -> Any: ...  # a LintResult


@dataclass
class FixResult:
    source: str
    fixed: str
    # The lint of the fixed text (the last one the passes made): a caller that reports on
    # the fixed text need not lint it again.
    lint: Any  # a LintResult
    applied: list[Edit] = field(default_factory=list)
    passes: list[list[Edit]] = field(default_factory=list)  # applied edits, pass by pass (offsets of that pass)
    skipped: dict[str, str] = field(default_factory=dict)  # rule@offset -> why not fixed (last pass): shown by check --fix

    @property
    def changed(self) -> bool:
        return self.fixed != self.source


def _edit_for(finding: Finding, source: str, ruleset, unsafe: bool, fmt: str) -> Edit | str:
    """The edit that applies ``finding``'s first suggestion, or why there is none."""
    rule = ruleset.rules.get(finding.rule) if ruleset is not None else None
    if rule is None or not finding.suggestions:
        return NO_SUGGESTION
    if any(s.description == ADD_TO_PAGE for s in finding.suggestions):
        return DOCUMENT  # wording to add, not to put in place of the claim
    # A removal of the whole sentence is offered, never applied: what the page then says
    # is the writer's call.
    applicable = [s for s in finding.suggestions if not (s.kind == "remove" and s.scope == "sentence")]
    if not applicable:
        return REMOVAL
    if rule.fix_safety != "safe" and not unsafe:
        return UNSAFE
    suggestion = applicable[0]
    start, end = suggestion.span(finding)
    span = source[start:end]
    prose = finding.text if suggestion.start is None else suggestion.original
    if span != prose or "\n" in span or "\r" in span or (end <= start and suggestion.start is None):
        return MARKUP
    replacement = suggestion.replacement
    if fmt == "html":
        replacement = html.escape(replacement, quote=False)
    article = _ARTICLE_BEFORE.search(source, 0, start) if replacement and suggestion.start is None else None
    if article:
        want = article_for(replacement)
        have = article.group(1)
        if have.lower() != want:
            new = want.upper() if have.isupper() and len(have) > 1 else (want.capitalize() if have[0].isupper() else want)
            replacement = new + article.group(2) + replacement
            start = article.start()
    return Edit(start, end, replacement, finding, prose)


def plan(source: str, findings, ruleset, unsafe: bool = False, fmt: str = "text") -> tuple[list[Edit], dict[str, str]]:
    """Non-overlapping edits for ``findings``, and why the others were left."""
    edits, skipped = [], {}
    for f in findings:
        edit = _edit_for(f, source, ruleset, unsafe, fmt)
        if isinstance(edit, str):
            skipped[f"{f.rule}@{f.start}"] = edit
        else:
            edits.append(edit)
    kept: list[Edit] = []
    for e in sorted(edits, key=Edit.key):
        if kept and e.start < kept[-1].end:
            skipped[f"{e.finding.rule}@{e.finding.start}"] = OVERLAP
            continue
        kept.append(e)
    return kept, skipped


def apply_edits(source: str, edits) -> str:
    """Apply non-overlapping edits, right to left so that offsets stay valid."""
    out = source
    last = len(source) + 1
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        if e.end > last:
            raise ValueError("overlapping edits")
        out = out[:e.start] + e.replacement + out[e.end:]
        last = e.start
    return out


def _signature(findings) -> Counter:
    return Counter((f.rule, f.text) for f in findings)


def _accepted(before, after, edits) -> bool:
    """The edits removed their own findings, added none, and left every claim elsewhere alone.

    A claim that shares words with an edited span may go with it ("Eliminate your back
    pain" hedged also hedges the back-pain indication); one elsewhere may not (a rewrite
    that negates the sentence must not hide another claim).
    """
    expected = _signature(before) - _signature(e.finding for e in edits)
    got = _signature(after)
    if got - expected:
        return False
    for rule, text in expected - got:
        if not any(f.rule == rule and f.text == text and f.start < e.end and f.end > e.start
                   for f in before for e in edits):
            return False
    return True


def fix_text(source: str, path: str, linter: Lints, unsafe: bool = False,
             keep: Callable[[Finding], bool] | None = None, fmt: str | None = None) -> FixResult:
    """Fix ``source`` (a file's decoded text) as far as its safe (or all) fixes go."""
    fmt = fmt or format_for(path)
    keep = keep or (lambda f: True)

    def lint(text: str):
        return linter.lint(text, path=path, fmt=fmt)

    text = source
    current = lint(text)
    result = FixResult(source, source, current)
    while True:
        edits, skipped = plan(text, [f for f in current.findings if keep(f)], linter.ruleset, unsafe, fmt)
        result.skipped = skipped
        if not edits:
            break
        # All at once first; then one by one, keeping those that pass on their own.
        step = None
        candidate = apply_edits(text, edits)
        after = lint(candidate)
        if _accepted(current.findings, after.findings, edits):
            step = (candidate, after, edits)
        else:
            good = []
            for edit in edits:
                one = apply_edits(text, [edit])
                one_after = lint(one)
                if _accepted(current.findings, one_after.findings, [edit]):
                    good.append((edit, one, one_after))
                else:
                    result.skipped[f"{edit.finding.rule}@{edit.finding.start}"] = NOT_CLEARED
            if len(good) > 1:
                together = apply_edits(text, [g[0] for g in good])
                together_after = lint(together)
                if _accepted(current.findings, together_after.findings, [g[0] for g in good]):
                    step = (together, together_after, [g[0] for g in good])
            if step is None and good:
                step = (good[0][1], good[0][2], [good[0][0]])
        if step is None:
            break
        text, current, done = step
        result.applied.extend(done)
        result.passes.append(list(done))
    result.fixed, result.lint = text, current
    return result


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of the change, line endings as in the file."""
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{path}", tofile=f"b/{path}")
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)
