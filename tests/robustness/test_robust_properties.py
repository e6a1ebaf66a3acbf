"""Item: fuzzing in CI, on a bounded budget (bench/fuzz.py runs the same properties
longer). On arbitrary text, Markdown and HTML, lint never raises; every finding lies
inside the file, its line and column are those of its offsets, and in plain text it
slices to the reported text; linting twice gives the same findings."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lintmed.engine.linter import Linter
from lintmed.positions import LineIndex
from lintmed.rules.load import load_ruleset

# Words that make claims, cues that change them, markup and the characters that broke
# readers before (CR, U+2028, NUL, lone surrogate-free odd code points, entities).
WORDS = ["Our", "serum", "cures", "arthritis", "virtually", "eliminates", "the", "risk", "no", "not", "may",
         "help", "FDA-approved", "?", "!", ".", ",", "boosts", "energy", "guaranteed", "results", "100%",
         "miracle", "doctors", "say", "it", "treats", "cancer", "\u2019s", "Parkinson's", "disease"]
MARKUP = ["**", "_", "`", "[", "](x)", "# ", "> ", "- ", "1. ", "<p>", "</p>", "<b>", "</b>", "<!--", "-->",
          "&amp;", "&nbsp;", "&#10;", "<br>", "<script>", "</script>", "|", "---", "\\", "<div hidden>", "</div>",
          "lintmed-disable", "lintmed-enable", "<!-- lintmed-disable-next-line -->"]
BREAKS = ["\n", "\n\n", "\r", "\r\n", " ", "  ", "\t", "\u2028", "\x85", "\x0c", "\u00a0"]
ODD = st.characters(blacklist_categories=("Cs",))

pieces = st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKUP), st.sampled_from(BREAKS), st.text(ODD, max_size=3))
documents = st.lists(pieces, max_size=60).map("".join)
SETTINGS = dict(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_linter = None


def linter() -> Linter:
    global _linter
    if _linter is None:
        _linter = Linter(load_ruleset(), detector=True)  # learned findings too
    return _linter


def check(source: str, path: str):
    first = linter().lint(source, path=path).findings
    index = LineIndex(source)
    for f in first:
        assert 0 <= f.start < f.end <= len(source), f
        assert (f.line, f.column) == index.position(f.start), f
        assert (f.end_line, f.end_column - 1) == index.position(f.end - 1), f
        if path.endswith(".txt") and f.rule not in ("learned-claim",) and f.category != "suppression":
            assert " ".join(source[f.start:f.end].split()) == " ".join(f.text.split()), f
    again = linter().lint(source, path=path).findings
    assert [(f.rule, f.start, f.end, f.text) for f in again] == [(f.rule, f.start, f.end, f.text) for f in first]
    return first


@settings(**SETTINGS)
@given(documents)
def test_text_never_raises_and_positions_hold(source):
    check(source, "page.txt")


@settings(**SETTINGS)
@given(documents)
def test_markdown_never_raises_and_positions_hold(source):
    check(source, "page.md")


@settings(**SETTINGS)
@given(documents)
def test_html_never_raises_and_positions_hold(source):
    check(source, "page.html")


@settings(**SETTINGS)
@given(st.text(ODD, max_size=200))
def test_any_characters_never_raise(source):
    for path in ("page.txt", "page.md", "page.html"):
        check(source, path)
