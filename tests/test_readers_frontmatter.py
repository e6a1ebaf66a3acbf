"""Markdown front matter: its prose fields are linted, with exact positions."""
from __future__ import annotations

import pytest

from lintmed.readers import markdown
from lintmed.readers.frontmatter import TEXT_FIELDS, front_matter_blocks

from page_support import lint, page_linter

YAML_PAGE = """\
---
layout: treatment
title: "Exosome Facial \\u2014 completely \\"risk-free\\" renewal"
slug: miracle-exosome-facial
tags: [miracle, breakthrough]
date: 2024-03-01
description: Our exosome facial
  reverses aging in one visit # shown in search results
summary: 'Harbor''s breakthrough serum'
seo:
  description: >-
    A gentle treatment with
    no risk of downtime.
  keywords: miracle
abstract: |
  Clinically studied.

  Patients cured of arthritis love it.
notes: |
  title: a miracle (not a field: inside another value)
---
# Exosome Facial

Book a consultation.
"""


@pytest.fixture(scope="module")
def linter(tmp_path_factory):
    return page_linter(tmp_path_factory)


def blocks(text: str) -> list[str]:
    return text.split("\n\n")


def test_yaml_text_fields_are_blocks_before_the_body():
    ex = markdown.read(YAML_PAGE)
    assert blocks(ex.text) == [
        'Exosome Facial \u2014 completely "risk-free" renewal',
        "Our exosome facial reverses aging in one visit",
        "Harbor's breakthrough serum",
        "A gentle treatment with no risk of downtime.",
        "Clinically studied.",
        "Patients cured of arthritis love it.",
        "Exosome Facial",
        "Book a consultation.",
    ]


@pytest.mark.parametrize("absent", ["layout", "miracle", "2024", "keywords", "slug", "shown in search",
                                    "title:", "notes"])
def test_other_fields_and_comments_are_not_prose(absent):
    assert absent not in markdown.read(YAML_PAGE).text


def test_every_char_maps_to_its_source_char_or_escape():
    ex = markdown.read(YAML_PAGE)
    for ch, off in zip(ex.text, ex.offsets):
        if ch == "\n":
            continue
        if ch == " " and YAML_PAGE[off] == "\n":  # a line break inside a value
            continue
        assert YAML_PAGE[off] in (ch, "\\", "'"), (ch, off, YAML_PAGE[off])


def test_findings_in_yaml_front_matter_have_exact_positions(linter):
    got = {(f.rule, f.text, f.line, f.column, f.end_line, f.end_column)
           for f in lint(linter, YAML_PAGE, "exosome-facial.md")}
    assert got == {
        ("t-no-risk", "risk-free", 3, 44, 3, 53),  # double-quoted, after \u2014 and \" escapes
        ("t-cures", "reverses aging", 8, 3, 8, 17),  # plain scalar continued on the next line
        ("t-miracle", "breakthrough", 9, 21, 9, 33),  # single-quoted, after ''
        ("t-no-risk", "no risk", 13, 5, 13, 12),  # nested folded block scalar
        ("t-cures", "cured of arthritis", 18, 12, 18, 30),  # literal block scalar, 2nd paragraph
        ("t-fda-status", "Exosome", 3, 9, 3, 16),  # first mention: the title
    }


def test_raw_slice_at_each_finding_is_the_claim(linter):
    for f in lint(linter, YAML_PAGE, "p.md"):
        raw = YAML_PAGE[f.start:f.end]
        if "\\" not in raw:
            assert raw == f.text, f
    # A claim right after escapes still starts exactly on its first character.
    f = next(f for f in lint(linter, YAML_PAGE, "p.md") if f.text == "risk-free")
    assert YAML_PAGE[f.start - 2:f.end + 2] == '\\"risk-free\\"'


TOML_PAGE = """\
+++
title = "PRP \\"miracle\\" for hair loss"
draft = false
tags = ["no risk"]

[params]
description = \"\"\"
Platelet-rich plasma is completely \\
   safe for everyone.\"\"\"
subtitle = 'No risk, C:\\\\clinic\\n literal'
seo.summary = '''
It reverses aging.'''
+++
Body copy.
"""


def test_toml_front_matter_strings(linter):
    ex = markdown.read(TOML_PAGE)
    assert blocks(ex.text) == [
        'PRP "miracle" for hair loss',
        "Platelet-rich plasma is completely safe for everyone.",
        "No risk, C:\\\\clinic\\n literal",
        "It reverses aging.",
        "Body copy.",
    ]
    got = {(f.rule, f.text, f.line, f.column) for f in lint(linter, TOML_PAGE, "prp.md")}
    assert got == {
        ("t-miracle", "miracle", 2, 16),
        ("t-no-risk", "completely safe", 8, 25),  # across a line-ending backslash
        ("t-no-risk", "No risk", 10, 13),
        ("t-cures", "reverses aging", 12, 4),
        ("t-fda-status", "PRP", 2, 10),  # PRP near "hair loss", no status statement
    }


def test_crlf_front_matter_positions(linter):
    src = "---\r\ntitle: A miracle serum\r\ndescription: >\r\n  Completely safe\r\n---\r\nBody.\r\n"
    got = {(f.text, f.line, f.column) for f in lint(linter, src, "a.md")}
    assert got == {("miracle", 2, 10), ("Completely safe", 4, 3)}


def test_nested_and_list_item_fields():
    src = "---\nimages:\n  - src: a.jpg\n    alt: x\n    caption: Glow in a week\nog_description: Share me\n---\n"
    assert blocks(markdown.read(src).text) == ["Glow in a week", "Share me"]


@pytest.mark.parametrize("value", [
    '"never closed', "'never closed", '"bad \\q escape"', "[a, b]", "{a: b}", "&anchor text", "*alias",
    "!!str tagged", "| \n", ">", '"""',
])
def test_unreadable_values_are_skipped_and_the_body_still_read(value):
    src = f"---\ntitle: {value}\n---\nOur miracle serum.\n"
    ex = markdown.read(src)
    assert ex.text.endswith("Our miracle serum.")
    assert len(ex.text) == len(ex.offsets)


def test_toml_unterminated_multiline_string_is_skipped():
    ex = markdown.read('+++\ntitle = """never closed\n+++\nBody.\n')
    assert ex.text == "Body."


def test_front_matter_only_at_the_top_and_needs_its_fence():
    assert markdown.read("Intro.\n\n---\ntitle: miracle\n---\n").text.count("miracle") == 1
    assert front_matter_blocks("---\n") == []


def test_text_fields_are_a_named_tuple_of_keys():
    assert {"title", "description", "summary", "excerpt", "subtitle", "lead", "abstract"} <= set(TEXT_FIELDS)
    assert "tags" not in TEXT_FIELDS and "slug" not in TEXT_FIELDS
