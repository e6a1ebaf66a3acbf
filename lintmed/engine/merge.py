"""One finding per claim: the findings of a page whose spans overlap become one."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from lintmed.findings import SEVERITY_RANK, Finding, Suggestion

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
