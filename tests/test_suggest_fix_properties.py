"""Properties of fix over generated documents (hypothesis).

Documents are built from the rules' own ``examples.flag`` sentences and
repo-written filler, with random Markdown markup, LF or CRLF line endings, a
BOM or not and a trailing newline or not. For every document:

- the fixed text equals the original outside the applied edits' spans;
- fixing the fixed text again changes nothing (idempotence);
- the bytes written keep the BOM, the line endings and the trailing newline.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fix_support import rules_linter
from lintmed.suggest.fix import BOM, Snapshot, encode_like, fix_text

LINTER = rules_linter()
CLAIMS = sorted({e for r in LINTER.ruleset for e in r.examples_flag if r.replacements and "\n" not in e})
FILLER = ["Our clinic is open on weekdays.", "Parking is behind the building.",
          "Call the front desk to ask about prices.", "Bring a list of your medicines."]
MARKUP = [("", ""), ("**", "**"), ("_", "_"), ("`", "`"), ("[", "](https://example.invalid)")]


@st.composite
def paragraphs(draw):
    sentences = draw(st.lists(st.sampled_from(CLAIMS + FILLER), min_size=1, max_size=3))
    out = []
    for sentence in sentences:
        words = sentence.split(" ")
        if len(words) > 2 and draw(st.booleans()):
            i = draw(st.integers(0, len(words) - 1))
            j = draw(st.integers(i, min(len(words) - 1, i + 2)))
            left, right = draw(st.sampled_from(MARKUP))
            words[i] = left + words[i]
            words[j] = words[j] + right
        out.append(" ".join(words))
    prefix = draw(st.sampled_from(["", "- ", "## ", "> "]))
    return prefix + " ".join(out)


@st.composite
def documents(draw):
    blocks = draw(st.lists(paragraphs(), min_size=1, max_size=4))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = (newline * 2).join(blocks)
    if draw(st.booleans()):
        text += newline
    return text, draw(st.booleans()), draw(st.sampled_from(["page.md", "page.txt"]))


def outside_spans_unchanged(before: str, after: str, edits) -> bool:
    """Rebuild ``after`` from ``before`` and the edits: nothing else may differ."""
    pos, out = 0, []
    for e in sorted(edits, key=lambda e: e.start):
        out.append(before[pos:e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(before[pos:])
    return "".join(out) == after


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.booleans())
def test_fix_changes_only_spans_and_is_idempotent(doc, unsafe):
    from lintmed.suggest.fix import apply_edits

    text, _, path = doc
    once = fix_text(text, path, LINTER, unsafe=unsafe)
    # Edits of later passes refer to the text of their pass; replay them pass by pass.
    replay = text
    for edits in once.passes:
        for e in edits:
            covered = replay[e.start:e.end]
            assert covered == e.original or (
                covered.endswith(" " + e.original) and covered.split(" ", 1)[0].lower() in ("a", "an")), \
                "an edit covers exactly its span: the claim or the suggestion's own (and at most an article before it)"
        after = apply_edits(replay, edits)
        assert outside_spans_unchanged(replay, after, edits)
        replay = after
    assert replay == once.fixed
    assert once.fixed.count("\n") == text.count("\n"), "no line is added or removed"
    assert once.fixed.count("\r") == text.count("\r")
    assert once.fixed.endswith("\n") == text.endswith("\n")
    twice = fix_text(once.fixed, path, LINTER, unsafe=unsafe)
    assert twice.fixed == once.fixed
    assert not twice.applied


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_single_pass_edits_leave_everything_else(doc):
    from lintmed.suggest.fix import apply_edits, plan

    text, _, path = doc
    findings = LINTER.lint(text, path=path).findings
    edits, _ = plan(text, findings, LINTER.ruleset, unsafe=True, fmt="markdown" if path.endswith(".md") else "text")
    fixed = apply_edits(text, edits)
    assert outside_spans_unchanged(text, fixed, edits)
    for e in edits:  # a claim or span that crosses markup is never an edit
        assert text[e.start:e.end].endswith(e.original)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_written_bytes_keep_bom_and_line_endings(tmp_path_factory, doc):
    from lintmed.suggest.fix import write_atomic

    text, bom, path = doc
    folder = tmp_path_factory.mktemp("doc")
    page = folder / path
    page.write_bytes((BOM if bom else b"") + text.encode("utf-8"))
    snap = Snapshot.take(str(page))
    assert snap.text() == text
    result = fix_text(snap.text(), str(page), LINTER, unsafe=True)
    write_atomic(snap, encode_like(result.fixed, snap))
    data = page.read_bytes()
    assert data.startswith(BOM) == bom
    body = data[len(BOM):] if bom else data
    assert body.decode("utf-8") == result.fixed
    assert body.count(b"\r\n") == text.count("\r\n")


def test_generator_covers_claims():
    assert len(CLAIMS) > 50, "the rules' own examples feed the generated documents"
    assert any(fix_text(c, "page.txt", LINTER, unsafe=True).applied for c in CLAIMS)


@pytest.mark.parametrize("claim", CLAIMS)
def test_each_rule_example_fix_is_idempotent(claim):
    once = fix_text(claim, "page.txt", LINTER, unsafe=True).fixed
    assert fix_text(once, "page.txt", LINTER, unsafe=True).fixed == once
