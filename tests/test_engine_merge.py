"""lintmed.engine.merge.merge_claims finds each finding's host by bisection: the same result as
comparing with every kept finding, in linear-ish time on files with many findings."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lintmed.engine.merge import CLAIM_PRIORITY, merge_claims
from lintmed.findings import SEVERITY_RANK, Finding


def _reference(findings, order):
    """The merge as first written: each finding against every kept one."""
    def rank(f):
        category = CLAIM_PRIORITY.index(f.category) if f.category in CLAIM_PRIORITY else len(CLAIM_PRIORITY)
        return (-SEVERITY_RANK.get(f.severity, 0), category, order.get(f.rule, len(order)), -(f.end - f.start), f.start)

    kept, absorbed = [], {}
    for f in sorted(findings, key=rank):
        host = next((i for i, k in enumerate(kept) if k.path == f.path and f.start < k.end and k.start < f.end
                     and f.end > f.start and k.end > k.start), None)
        if host is None:
            kept.append(f)
        else:
            absorbed.setdefault(host, []).append(f)
    return kept, absorbed


_FINDING = st.builds(
    lambda path, start, length, severity, category, rule: Finding(
        path=path, line=1, column=start + 1, end_line=1, end_column=start + length + 1, rule=rule,
        category=category, severity=severity, message="m", text="t", start=start, end=start + length),
    st.sampled_from(["a.md", "b.md"]), st.integers(0, 60), st.integers(0, 12),
    st.sampled_from(["error", "warning", "info"]), st.sampled_from(["hype", "cure-claim", "urgency", "other"]),
    st.sampled_from(["r1", "r2", "r3"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(_FINDING, max_size=40))
def test_same_claims_as_comparing_with_every_kept_finding(findings):
    order = {"r1": 0, "r2": 1, "r3": 2}
    kept, absorbed = _reference(findings, order)
    merged = merge_claims(findings, order)
    assert [(f.path, f.start, f.end, f.rule) for f in merged] == [(f.path, f.start, f.end, f.rule) for f in kept]
    assert [f.related for f in merged] == [
        tuple(dict.fromkeys(o.rule for o in absorbed.get(i, ()) if o.rule != f.rule)) for i, f in enumerate(kept)]
