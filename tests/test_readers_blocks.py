"""Readers hand their blocks to the engine (``Extracted.blocks``): spans of the prose text,
in order, none holding a line break, separated only by what the reader put between them.
They are the blocks a split of the text at blank lines would find, so the engine need not
split again."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lintmed.readers import get_reader

_BLANK_LINES = re.compile(r"\n\s*\n")


def split_at_blank_lines(text: str) -> list[str]:
    """The non-blank chunks of ``text`` between blank lines."""
    return [chunk for chunk in _BLANK_LINES.split(text) if chunk.strip()]


def check_blocks(fmt: str, source: str) -> None:
    extracted = get_reader(fmt).read(source)
    spans = list(extracted.blocks)
    assert spans == sorted(spans) and all(a < b for a, b in spans)
    assert all(b <= c for (_, b), (c, _) in zip(spans, spans[1:]))  # no overlap
    assert not any("\n" in extracted.text[a:b] for a, b in spans)
    assert not extracted.text[:spans[0][0] if spans else len(extracted.text)].strip()
    for (_, b), (c, _) in zip(spans, spans[1:]):
        assert not extracted.text[b:c].strip(" \n")  # only separators between blocks
    blocks = [extracted.text[a:b] for a, b in spans]
    assert [b.strip() for b in blocks if b.strip()] == [c.strip() for c in split_at_blank_lines(extracted.text)]


PAGES = {
    "markdown": [
        "# Title\n\nFirst paragraph\nhard wrapped.\n\n- one\n- two\n\n> quoted\n> text\n",
        "---\ntitle: Our clinic\ndescription: |\n  First.\n\n  Second.\n---\nBody &#10;&#10; text.\n",
        "| a | b |\n|---|---|\n| cell one | cell two |\n\n<div>\n<p>raw</p><p>html</p>\n</div>\n",
        "Text with\r\nCRLF\r\n\r\nlines.\r\n",
    ],
    "html": [
        "<html><head><title>T</title><meta name='description' content='D'></head>"
        "<body><p>One&#10;&#10;two</p><p>  </p><img alt='Alt text'><li>item</li></body></html>",
        "<p>a<br>b</p>\n\n<div>\n  c\n\n  d\n</div>",
    ],
    "text": ["", "one\n\ntwo\n", "a\r\n\r\nb\r\nc", "x\n \x1c \n\ny", "\n\n\nlead\n\n\n"],
}


@pytest.mark.parametrize("fmt,source", [(f, s) for f, pages in PAGES.items() for s in pages])
def test_reader_blocks_are_the_texts_blank_line_chunks(fmt, source):
    check_blocks(fmt, source)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab .\n\r\t \x0c\x1c\u2028", max_size=40))
def test_plain_text_blocks_match_a_blank_line_split(source):
    check_blocks("text", source)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ab #>-*|<p/&;\n\r ", max_size=40))
def test_markdown_blocks_match_a_blank_line_split(source):
    check_blocks("markdown", source)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ab <p>/li&#10;\n\r ", max_size=40))
def test_html_blocks_match_a_blank_line_split(source):
    check_blocks("html", source)
