"""Readers: extracted prose and the offset map back into the source."""
from __future__ import annotations

import pytest

from lintmed.findings import Extracted
from lintmed.readers import format_for, get_reader
from lintmed.readers import markdown, text


def check_offsets(source: str, ex: Extracted) -> None:
    """Every char of the prose is the source char it maps to, except the ones
    a reader synthesises: block separators, line breaks read as spaces, and
    decoded entities (mapped to their "&")."""
    assert len(ex.text) == len(ex.offsets)
    # Within a block offsets go in document order; a block of alt text or attributes
    # follows the paragraph it sits in, as in the HTML reader.
    start = 0
    for block in ex.text.split("\n\n"):
        offs = list(ex.offsets[start:start + len(block)])
        assert offs == sorted(offs), f"offsets go in document order in {block!r}"
        start += len(block) + 2
    for i, (ch, off) in enumerate(zip(ex.text, ex.offsets)):
        assert 0 <= off < len(source)
        if ex.text[i : i + 2] == "\n\n" or ex.text[i - 1 : i + 1] == "\n\n":
            continue
        if ch == " " and source[off] in "\r\n":
            continue
        if source[off] == "&":
            continue
        assert source[off] == ch, (i, ch, off, source[off])


def blocks(ex: Extracted) -> list[str]:
    return ex.text.split("\n\n") if ex.text else []


def span_of(source: str, ex: Extracted, phrase: str) -> str:
    a = ex.text.index(phrase)
    start, end = ex.source_span(a, a + len(phrase))
    return source[start:end]


def line_col(source: str, offset: int) -> tuple[int, int]:
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1) + 1


# --- markdown ---------------------------------------------------------------

CLINIC_PAGE = """\
---
title: Regenerative Wellness
description: "Exosomes & more"
---
import { Callout } from '../components/Callout'

# Exosome &amp; PRP Therapy

Our **exosome** therapy cures
arthritis and *reverses* aging in
just three sessions.

<!-- legal: check this claim before launch -->

```python
print("this code cures nothing")
```

- Stem cells *repair* cartilage
- Clinically proven to `boost` immunity

> Patients say it eliminates
> chronic pain.

Book at https://clinic.example.com/book or [call us](tel:555 "Call") today.

![Before and after](before-after.jpg)

| Treatment | Claim |
|-----------|-------|
| PRP | heals tendons |
"""

CLINIC_BLOCKS = [
    "Regenerative Wellness",  # front matter title and description come first
    "Exosomes & more",
    "Exosome & PRP Therapy",
    "Our exosome therapy cures arthritis and reverses aging in just three sessions.",
    "Stem cells repair cartilage",
    "Clinically proven to  immunity",
    "Patients say it eliminates chronic pain.",
    "Book at  or call us today.",
    "Before and after",  # image alt text: what a screen reader reads, a block of its own
    "Treatment",
    "Claim",
    "PRP",
    "heals tendons",
]


def test_markdown_clinic_page_blocks():
    ex = markdown.read(CLINIC_PAGE)
    assert blocks(ex) == CLINIC_BLOCKS
    check_offsets(CLINIC_PAGE, ex)


@pytest.mark.parametrize(
    "absent",
    [
        "title",  # YAML front matter keys (their prose values are read)
        "description",
        "import",  # MDX import line
        "Callout",
        "legal",  # HTML comment
        "print",  # fenced code
        "boost",  # inline code
        "https",  # bare URL
        "clinic.example.com",
        "tel:",  # link destination and title
        "Call\"",
        "jpg",  # image target
        "|",  # table syntax
        "---",
        "#",
        "*",
        "&amp;",
    ],
)
def test_markdown_drops_non_prose(absent):
    assert absent not in markdown.read(CLINIC_PAGE).text


def test_markdown_phrase_across_hard_wrap_maps_to_source():
    src = "Our **exosome** therapy cures\narthritis."
    ex = markdown.read(src)
    assert ex.text == "Our exosome therapy cures arthritis."
    assert span_of(src, ex, "cures arthritis") == "cures\narthritis"
    assert span_of(src, ex, "exosome therapy") == "exosome** therapy"
    a = ex.text.index("arthritis")
    assert line_col(src, ex.source_span(a, a + 9)[0]) == (2, 1)


def test_markdown_positions_in_full_page():
    ex = markdown.read(CLINIC_PAGE)
    check = {
        "cures arthritis": "cures\narthritis",
        "reverses aging": "reverses* aging",
        "eliminates chronic pain": "eliminates\n> chronic pain",
        "heals tendons": "heals tendons",
        "call us": "call us",
    }
    for phrase, raw in check.items():
        assert span_of(CLINIC_PAGE, ex, phrase) == raw
    a = ex.text.index("repair")
    start, _ = ex.source_span(a, a + 6)
    line = CLINIC_PAGE.splitlines()[line_col(CLINIC_PAGE, start)[0] - 1]
    assert line == "- Stem cells *repair* cartilage"
    assert line_col(CLINIC_PAGE, start)[1] == line.index("repair") + 1


def test_markdown_block_separators_map_to_end_of_previous_block():
    src = "# Clinic\n\nWe heal."
    ex = markdown.read(src)
    assert ex.text == "Clinic\n\nWe heal."
    assert ex.offsets[6] == ex.offsets[7] == src.index("c\n")  # last char of "Clinic"
    assert ex.offsets[8] == src.index("We")


def test_markdown_headings_and_list_items_are_separate_blocks():
    src = "## Benefits\nOur IV drips:\n\n1. detox the liver\n2. cure fatigue\n   fast\n\n* one\n  * nested\n"
    ex = markdown.read(src)
    assert blocks(ex) == [
        "Benefits",
        "Our IV drips:",
        "detox the liver",
        "cure fatigue fast",
        "one",
        "nested",
    ]
    check_offsets(src, ex)


def test_markdown_setext_heading_and_blockquote_list():
    src = "Miracle Cure\n============\n\n> - boosts immunity\n>   naturally\n"
    ex = markdown.read(src)
    assert blocks(ex) == ["Miracle Cure", "boosts immunity naturally"]
    check_offsets(src, ex)
    assert span_of(src, ex, "immunity naturally") == "immunity\n>   naturally"


def test_markdown_entities_and_escapes():
    src = "Safe &amp; effective &mdash; 100&#37; natural \\*guaranteed\\*."
    ex = markdown.read(src)
    assert ex.text == "Safe & effective \u2014 100% natural *guaranteed*."
    for decoded, raw in [("&", "&amp;"), ("\u2014", "&mdash;"), ("%", "&#37;")]:
        assert ex.offsets[ex.text.index(decoded)] == src.index(raw)
    star = ex.text.index("*")
    assert ex.offsets[star] == src.index("\\*") + 1  # the "*", not the backslash
    check_offsets(src, ex)


def test_markdown_span_ending_in_an_entity_takes_the_whole_entity():
    src = "Safe &amp; effective for 100&#37;\n\nno ris&#107; at all"
    ex = markdown.read(src)
    assert span_of(src, ex, "Safe &") == "Safe &amp;"
    assert span_of(src, ex, "100%") == "100&#37;"
    assert span_of(src, ex, "no risk") == "no ris&#107;"
    assert span_of(src, ex, "effective") == "effective"  # plain characters are one wide
    crlf = src.replace("\n", "\r\n")  # offsets mapped back through the line endings
    assert span_of(crlf, markdown.read(crlf), "no risk") == "no ris&#107;"


def test_markdown_entity_newlines_do_not_split_blocks():
    ex = markdown.read("Cures&#10;&#10;all ills")
    assert "\n" not in ex.text
    assert ex.text.replace(" ", "") == "Curesallills"


def test_markdown_hard_breaks():
    src = "Cures pain  \nfast and\\\nforever."
    ex = markdown.read(src)
    assert ex.text == "Cures pain fast and forever."
    assert src[ex.offsets[ex.text.index(" fast")]] == "\n"
    check_offsets(src, ex)


def test_markdown_crlf():
    src = "# Title\r\n\r\nOur therapy cures\r\narthritis &amp; gout.\r\n"
    ex = markdown.read(src)
    assert ex.text == "Title\n\nOur therapy cures arthritis & gout."
    check_offsets(src, ex)
    assert span_of(src, ex, "cures arthritis") == "cures\r\narthritis"
    a = ex.text.index("gout")
    assert src[slice(*ex.source_span(a, a + 4))] == "gout"


def test_markdown_front_matter_toml_and_yaml():
    toml = '+++\ntitle = "Cures"\ndraft = false\n+++\nHeals everything.\n'
    yaml = "---\ntitle: Cures\ntags: [a, b]\n---\n\nHeals everything.\n"
    for src in (toml, yaml):
        ex = markdown.read(src)
        # The title is prose (tests/test_readers_frontmatter.py); draft and tags are not.
        assert ex.text == "Cures\n\nHeals everything."
        assert ex.offsets[0] == src.index("Cures")
        assert ex.offsets[ex.text.index("Heals")] == src.index("Heals")


def test_markdown_thematic_break_later_is_not_front_matter():
    src = "Intro claim.\n\n---\n\nMore claims.\n"
    assert blocks(markdown.read(src)) == ["Intro claim.", "More claims."]


def test_markdown_mdx_esm_and_jsx():
    src = (
        "import Hero from './Hero'\n"
        "export const meta = {\n  title: 'Cure',\n}\n\n"
        "<Hero variant=\"big\" />\n\n"
        "<Callout type=\"info\">\n\n"
        "Ozone therapy kills viruses.\n\n"
        "</Callout>\n\n"
        "We import and export supplements.\n"
    )
    ex = markdown.read(src)
    assert blocks(ex) == ["Ozone therapy kills viruses.", "We import and export supplements."]
    check_offsets(src, ex)


def test_markdown_prose_starting_with_import_word_kept():
    src = "Our clinic will\nexport the results to your doctor.\n\nImport fees may apply.\n"
    ex = markdown.read(src)
    assert blocks(ex) == ["Our clinic will export the results to your doctor.", "Import fees may apply."]


def test_markdown_links_and_images():
    src = (
        "See [our *proven* protocol](https://x.example/p \"Protocol (v2)\") or "
        "[the study][1] or <https://pubmed.example/123> or ![pill](pill.png)pill.\n\n"
        "[1]: https://study.example \"Study\"\n"
    )
    ex = markdown.read(src)
    # The image's alt text is a block of its own after the paragraph.
    assert blocks(ex) == ["See our proven protocol or the study or  or pill.", "pill"]
    check_offsets(src, ex)
    # "pill" after the image maps to the prose, not the alt text or file name ...
    a = ex.text.index("pill.")
    assert ex.offsets[a] == src.rindex("pill")
    # ... and the alt text maps to itself.
    assert ex.offsets[ex.text.rindex("pill")] == src.index("[pill]") + 1


def test_markdown_bare_urls_dropped_punctuation_kept():
    src = "Read more at https://example.com/x. Or www.example.com/cure!"
    ex = markdown.read(src)
    assert ex.text == "Read more at . Or !"
    check_offsets(src, ex)


def test_markdown_code_dropped_html_read_as_html():
    src = (
        "    indented code cures\n\n"
        "~~~\nfenced cures\n~~~\n\n"
        "<div class=\"promo\">\nHTML block cures\n</div>\n\n"
        "Text with <span>inline</span> html, `code cures`, <!-- hidden -->and ~~strike~~.\n"
    )
    ex = markdown.read(src)
    # Raw HTML is shown as HTML, so it is read as HTML; code is not prose.
    assert blocks(ex) == ["HTML block cures", "Text with inline html, , and strike."]
    check_offsets(src, ex)


def test_markdown_raw_html_block_and_inline_attributes_keep_exact_offsets():
    src = (
        "# Offers\n\n"
        "<section class=\"cta\">\n  <p>Our <b>stem cells</b> cure arthritis &amp; gout.</p>\n"
        "  <script>var cures = 1;</script>\n</section>\n\n"
        "Book now <img src=\"a.png\" alt=\"Patient cured of gout\"> today.\n"
    )
    ex = markdown.read(src)
    assert blocks(ex) == ["Offers", "Our stem cells cure arthritis & gout.", "Book now  today.",
                          "Patient cured of gout"]
    check_offsets(src, ex)
    assert span_of(src, ex, "stem cells cure") == "stem cells</b> cure"
    assert span_of(src, ex, "arthritis & gout") == "arthritis &amp; gout"
    assert line_col(src, src.index("cured of gout")) == line_col(
        src, ex.source_span(ex.text.index("cured"), ex.text.index("cured") + 5)[0])


def test_markdown_table_cells_are_blocks():
    src = "| Product | Claim |\n|:--|--:|\n| Gel \\| Cream | `x` cures **acne** |\n|  | empty cell left |\n"
    ex = markdown.read(src)
    assert blocks(ex) == ["Product", "Claim", "Gel | Cream", "cures acne", "empty cell left"]
    check_offsets(src, ex)


def test_markdown_typography_passes_through():
    src = "\u201cClinically proven\u201d \u2014 it\u2019s 'safe' -- \"really\"...\n"
    ex = markdown.read(src)
    assert ex.text == src.strip()
    assert list(ex.offsets) == list(range(len(ex.text)))


def test_markdown_empty_and_blank():
    for src in ("", "\n\n", "   \n", "---\n---\n", "```\ncode\n```"):
        ex = markdown.read(src)
        assert ex.text == "" and not ex.offsets


ODD_INPUTS = [
    "**unclosed bold cures",
    "lone < sign and > too",
    "<",
    "[ without close",
    "[a](",
    "![",
    "![alt](",
    "\tTabbed\tline\n\n-\titem\twith\ttabs\n\n>\tquote",
    "text\\",
    "\\",
    "&",
    "&bogus; &#xFFFFFF; &#0;",
    "a\r\rb\rc",
    "\x00nul\x00",
    "```\nunclosed fence",
    "---\nunclosed front matter\n",
    "+++",
    "<!-- unclosed comment\n\nstill comment",
    "| a |\n|---|\n| b \\| c |\n| `d | e` |",
    "* * *\n- \n-\n1.\n#\n# #",
    "[x]: <>\n[x]\n\n[y]:",
    "*a **b* c** _d_e_ __f",
    "   \n\t\n \r\n",
    "import\nexport\nimport x\nexport default X",
    "> > > deeply\n> > quoted\n> text",
    "\u00e9t\u00e9 \U0001f600 caf\u00e9\u0301 \u200b",
    "\ufeffBOM first line",
    "a  \n\n  \nb\\\n",
]


@pytest.mark.parametrize("src", ODD_INPUTS)
def test_markdown_odd_inputs_never_raise(src):
    ex = markdown.read(src)
    check_offsets(src, ex)
    assert not ex.text.startswith("\n") and not ex.text.endswith("\n")
    assert "\n\n\n" not in ex.text
    for block in blocks(ex):
        assert block and "\n" not in block


def test_markdown_is_a_registered_reader():
    assert get_reader("markdown") is markdown
    assert get_reader("text") is text


# --- plain text -------------------------------------------------------------


def test_text_hard_wraps_become_spaces_blank_lines_kept():
    src = "Our supplement cures\ndiabetes.\n\nResults in days."
    ex = text.read(src)
    assert ex.text == "Our supplement cures diabetes.\n\nResults in days."
    assert list(ex.offsets) == list(range(len(src)))
    assert span_of(src, ex, "cures diabetes") == "cures\ndiabetes"


def test_text_crlf_and_whitespace_only_blank_lines():
    src = "Detox\r\nnow.\r\n  \r\nFeel better."
    ex = text.read(src)
    assert len(ex.offsets) == len(ex.text)
    assert "Detox now." in ex.text  # "\r\n" inside a paragraph reads as one space, as "\n" does
    assert ex.offsets[ex.text.index(" now")] == src.index("\n")  # the space is the "\n" of "\r\n"
    # The blank line still separates paragraphs.
    assert ex.text.endswith("now.\n\n\n\nFeel better.")
    assert ex.offsets[ex.text.index("Feel")] == src.index("Feel")
    assert "\r" not in ex.text


def test_text_empty():
    assert text.read("") == Extracted("", ())


# --- registry ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path, fmt",
    [
        ("page.md", "markdown"),
        ("docs/Page.MD", "markdown"),
        ("notes.markdown", "markdown"),
        ("app/landing.mdx", "markdown"),
        ("copy.txt", "text"),
        ("copy.text", "text"),
        ("index.html.unknown", "text"),
        ("README", "text"),
        ("archive.md.bak", "text"),
    ],
)
def test_format_for(path, fmt):
    assert format_for(path) == fmt
