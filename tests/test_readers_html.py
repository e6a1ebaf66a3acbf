"""The HTML reader: visible text, head text, attributes, entities, positions."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lintmed.readers import format_for, get_reader
from lintmed.readers import html

from page_support import lint, page_linter

PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Glow Exosome Facial &amp; PRP | Harbor Skin Clinic</title>
  <meta name="description" content="A breakthrough facial: completely safe, with no downtime.">
  <meta property="og:title" content="Exosomes: the miracle behind younger skin">
  <meta name="twitter:description" content='Risk-free renewal &ndash; book today'>
  <meta name="keywords" content="miracle, exosomes">
  <link rel="stylesheet" href="/miracle.css">
  <style>.miracle { color: gold }</style>
  <script>var claim = "cures arthritis";</script>
</head>
<body>
  <header><nav><a href="/" title="Home of the miracle glow">Home</a></nav></header>
  <main>
    <h1>Our <em>Exosome</em> Facial</h1>
    <p>Exosomes signal your skin to renew itself. Our
       protocol is   <strong>completely
       safe</strong> for every skin type.</p>
    <img src="before-after.jpg" alt="Client after one session: no risk, just glow">
    <p>Prices from &pound;250&nbsp;&mdash; caf&eacute; on site.</p>
    <!-- cures arthritis: legal asked us to remove this -->
    <pre>our miracle formula</pre>
    <p>Ask about <code>reverses aging</code> and more.</p>
    <template><p>cures arthritis</p></template>
    <noscript>Enable JavaScript for the miracle slider.</noscript>
    <div hidden>Patients cured of arthritis</div>
    <ul><li>Smoother texture</li><li>Even tone</li></ul>
  </main>
</body>
</html>
"""

BLOCKS = [
    "Glow Exosome Facial & PRP | Harbor Skin Clinic",
    "A breakthrough facial: completely safe, with no downtime.",
    "Exosomes: the miracle behind younger skin",
    "Risk-free renewal \u2013 book today",
    "Home",
    "Home of the miracle glow",
    "Our Exosome Facial",
    "Exosomes signal your skin to renew itself. Our protocol is completely safe for every skin type.",
    "Client after one session: no risk, just glow",
    "Prices from \u00a3250 \u2014 caf\u00e9 on site.",
    "Ask about and more.",
    "Smoother texture",
    "Even tone",
]


def blocks(text: str) -> list[str]:
    return text.split("\n\n") if text else []


def check_offsets(source: str, ex) -> None:
    """Each char maps to itself in the source, or to the "&" of its entity, or
    (a collapsed space) to whitespace; separators map inside the source."""
    assert len(ex.text) == len(ex.offsets)
    for i, (ch, off) in enumerate(zip(ex.text, ex.offsets)):
        assert 0 <= off < len(source)
        if ch == "\n":
            continue
        if ch == " ":
            assert source[off] in " \t\r\n&", (i, off)
            continue
        assert source[off] in (ch, "&"), (i, ch, off, source[off])


def test_reads_visible_text_head_text_and_attributes_in_blocks():
    ex = html.read(PAGE)
    assert blocks(ex.text) == BLOCKS
    check_offsets(PAGE, ex)


@pytest.mark.parametrize("absent", [
    "miracle formula",  # pre
    "reverses aging",  # code
    "color: gold",  # style
    "var claim",  # script
    "cures arthritis",  # comment, template, script
    "JavaScript",  # noscript
    "Patients cured",  # hidden
    "keywords", "miracle, exosomes",  # other meta tags are not shown to people
    "miracle.css", "before-after.jpg", "stylesheet",  # other attributes
    "<", "&amp;", "&eacute;",
])
def test_skips_what_nobody_reads(absent):
    assert absent not in html.read(PAGE).text


def test_entities_decode_and_map_to_their_ampersand():
    ex = html.read(PAGE)
    for decoded, raw in [("\u00a3", "&pound;"), ("\u2014", "&mdash;"), ("\u00e9", "&eacute;"), ("&", "&amp;")]:
        i = ex.text.index(decoded)
        assert PAGE.startswith(raw, ex.offsets[i])


def test_numeric_and_legacy_entities_and_stray_ampersands():
    src = "<p>A&#8212;B &#x2014; C &copy2024 AT&T &bogus; x</p>"
    ex = html.read(src)
    assert ex.text == "A\u2014B \u2014 C \u00a92024 AT&T &bogus; x"
    assert src[ex.offsets[ex.text.index("2024")]:].startswith("2024")
    assert src[ex.offsets[ex.text.index("\u00a9")]:].startswith("&copy")


def test_whitespace_collapses_like_a_browser_and_maps_to_the_first_space():
    src = "<p>  completely \n\t  safe  </p>"
    ex = html.read(src)
    assert ex.text == "completely safe"
    assert ex.offsets[ex.text.index(" ")] == src.index(" \n")


def test_inline_elements_do_not_break_block_elements_and_br_do():
    src = ("<div>Visibly <b>firmer</b><span> skin</span> in <a href='#'>weeks</a><br>"
           "Book now</div><p>One<p>Two<li>Three</li><td>Four</td>")
    assert blocks(html.read(src).text) == ["Visibly firmer skin in weeks", "Book now", "One", "Two", "Three",
                                           "Four"]


def test_attribute_blocks_follow_the_paragraph_they_sit_in():
    src = '<p>Results <img src=x.png alt="Glow after PRP"> in a week.</p>'
    assert blocks(html.read(src).text) == ["Results in a week.", "Glow after PRP"]


def test_attribute_values_quoted_unquoted_and_with_entities():
    src = ("<img alt=Unquoted><abbr title='single &quot;q&quot;'>x</abbr>"
           '<img ALT = "spaced  out" src="a.png"><meta property="OG:Description" content="upper &amp; lower">')
    ex = html.read(src)
    # Attribute values come after the text block they sit in (here: the whole page).
    assert blocks(ex.text) == ["x", "Unquoted", 'single "q"', "spaced out", "upper & lower"]
    check_offsets(src, ex)
    i = ex.text.index('"q')
    assert src.startswith("&quot;", ex.offsets[i])


def test_crlf_and_tabs_keep_exact_offsets():
    src = "<html>\r\n<body>\r\n<p>Our\r\n\tmiracle\r\nserum</p>\r\n<img alt='no risk'>\r\n</body></html>"
    ex = html.read(src)
    assert blocks(ex.text) == ["Our miracle serum", "no risk"]
    check_offsets(src, ex)
    i = ex.text.index("miracle")
    assert src[ex.offsets[i]:ex.offsets[i] + 7] == "miracle"


@pytest.mark.parametrize("src", [
    "<p>unclosed <b>bold and <i>italic",
    "a < b > c & d",
    "<div class='never closed",
    "<<<>>>",
    "</p></div></body>",
    "<p>x</",
    "<!-- never closed comment",
    "<scr",
    "<script>never closed",
    "<code>unclosed code <p>still code?</p>",
    "<p>miracle<",
    "<img alt=\"unterminated>",
    "<![CDATA[ miracle ]]><?php echo 1 ?>",
    "<a href=x title=>y</a>",
    "\x00<p>\u2028odd\ufeff</p>",
    "",
    "<p>" * 500 + "deep",
])
def test_malformed_html_never_raises(src):
    ex = html.read(src)
    assert len(ex.text) == len(ex.offsets)
    assert all(0 <= o < max(len(src), 1) for o in ex.offsets)


def test_unclosed_skipped_element_ends_with_its_parent():
    ex = html.read("<p>Try <code>rm -rf</code> <code>unclosed</p><p>Miracle results</p>")
    assert blocks(ex.text) == ["Try", "Miracle results"]


def test_html_is_a_registered_reader():
    assert format_for("site/Index.HTML") == "html"
    assert format_for("legacy/page.htm") == "html"
    assert get_reader("html") is html


# --- findings through the linter: exact line:column -------------------------


@pytest.fixture(scope="module")
def linter(tmp_path_factory):
    return page_linter(tmp_path_factory)


def found(linter, source, path="page.html"):
    return {(f.rule, f.text): f for f in lint(linter, source, path)}


def test_findings_point_into_attributes_title_and_wrapped_text(linter):
    findings = lint(linter, PAGE, "page.html")
    got = {(x.rule, x.text, x.line, x.column, x.end_line, x.end_column) for x in findings}
    # (rule, claim, line, column, end_line, end_column) in the original file
    expected = {
        ("t-miracle", "breakthrough", 6, 39, 6, 51),  # meta description
        ("t-no-risk", "completely safe", 6, 60, 6, 75),
        ("t-miracle", "miracle", 7, 52, 7, 59),  # og:title
        ("t-no-risk", "Risk-free", 8, 45, 8, 54),  # twitter:description, single quotes
        ("t-miracle", "miracle", 15, 47, 15, 54),  # title attribute
        ("t-no-risk", "completely safe", 19, 30, 20, 12),  # across a line break and <strong>
        ("t-no-risk", "no risk", 21, 64, 21, 71),  # img alt
    }
    assert expected <= got
    for x in findings:
        if (x.rule, x.text, x.line, x.column, x.end_line, x.end_column) in expected and x.line == x.end_line:
            assert PAGE[x.start:x.end] == x.text


def test_claim_wrapped_across_lines_and_inline_tags(linter):
    wrapped = [x for x in lint(linter, PAGE, "page.html") if x.line == 19]
    assert (wrapped[0].end_line, wrapped[0].end_column) == (20, 12)
    assert [(x.rule, x.text, x.line, x.column, x.end_line) for x in wrapped] == [
        ("t-no-risk", "completely safe", 19, 30, 20)]
    raw = PAGE[wrapped[0].start:wrapped[0].end]
    assert raw == "completely\n       safe"


def test_no_finding_outside_what_is_read(linter):
    # Every finding is in the head text, an attribute or the visible body: none in
    # <style>, <script>, <pre>, <code>, <template>, <noscript>, comments or hidden.
    findings = lint(linter, PAGE, "page.html")
    assert {x.line for x in findings} == {5, 6, 7, 8, 15, 19, 21}
    # Line 5 is the page's first mention of exosomes, in <title>: the page never
    # states their FDA status (the document rule).
    status = [(x.rule, x.text, x.line, x.column) for x in findings if x.line == 5]
    assert status == [("t-fda-status", "Exosome", 5, 15)]


def test_claim_starting_with_an_entity_maps_to_the_ampersand(linter):
    src = "<p>Try it:\n&ldquo;miracle&rdquo; results &amp; no&nbsp;risk.</p>\n"
    findings = {x.text: x for x in lint(linter, src, "a.html")}
    assert (findings["miracle"].line, findings["miracle"].column) == (2, 8)
    no_risk = findings["no risk"]
    assert (no_risk.line, no_risk.column) == (2, 37)
    assert src[no_risk.start:].startswith("no&nbsp;risk")


def test_claim_ending_in_an_entity_ends_after_it(linter):
    src = '<p>No ris&#107; at all.</p><img alt="a breakthroug&#x68; serum">\n'
    findings = {x.text: x for x in lint(linter, src, "a.html")}
    assert src[findings["No risk"].start:findings["No risk"].end] == "No ris&#107;"
    assert findings["No risk"].end_column == src.index(" at all") + 1
    hype = findings["breakthrough"]  # in an attribute
    assert src[hype.start:hype.end] == "breakthroug&#x68;"


def test_nothing_is_reported_from_skipped_markup(linter):
    src = ("<script>cures arthritis</script><style>/* miracle */</style><!-- no risk -->"
           "<pre>reverses aging</pre><template>miracle</template><p>Plain copy.</p>")
    assert lint(linter, src, "a.htm") == []


def _collapsed_one_by_one(pieces: list[str]) -> tuple[list[str], list[int]]:
    """What a browser shows of ``pieces`` of text in one block, read a character at a time:
    each run of white space (and no-break space) is one " " at its first character's
    offset, none at the start, none at the end."""
    chars: list[str] = []
    offs: list[int] = []
    base = 0
    for piece in pieces:
        for i, ch in enumerate(piece):
            if ch in " \t\n\r\f\u00a0":
                if chars and chars[-1] != " ":
                    chars.append(" ")
                    offs.append(base + i)
            else:
                chars.append(ch)
                offs.append(base + i)
        base += len(piece) + 100  # pieces come from apart in the source
    while chars and chars[-1] == " ":
        chars.pop()
        offs.pop()
    return chars, offs


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=" \t\n\r\f\u00a0ab.", max_size=12), max_size=5))
def test_block_collapses_white_space_as_read_one_character_at_a_time(pieces):
    block = html._Block()
    base = 0
    for piece in pieces:
        block.add(list(piece), list(range(base, base + len(piece))))
        base += len(piece) + 100
    assert block.take() == _collapsed_one_by_one(pieces)
