"""Item: memory flat in the number of paragraphs, with positions exact. The readers keep
their map from prose to source as runs (lintmed.findings.OffsetMap), the block spans and
the line index as arrays; every position must stay what the per-character map gave.

positions.json holds, for each input below, what the readers and the linter gave at
cc1f704 (one offset per character, before the map was made of runs): the prose (its
sha256), its offsets (as runs, to keep the file small), entity widths, block spans, and each
finding's and suggestion's span, line and column. Regenerate only on purpose:
``PYTHONPATH=. python tests/robustness/test_robust_positions.py`` (writes the file).
"""
from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from pathlib import Path

import pytest

from lintmed.engine.blocks import MAX_PIECE
from lintmed.engine.linter import Linter
from lintmed.findings import OffsetMap, Spans
from lintmed.positions import NARROW_MAX, LineIndex, Lines
from lintmed.readers import get_reader
from lintmed.rules.load import load_ruleset

GOLDEN = Path(__file__).with_name("positions.json")

CLAIM = "Our serum cures arthritis and virtually eliminates joint pain."
LONG = " ".join(f"Sentence {i} says the waiting room is quiet." if i % 37 else CLAIM for i in range(300))

MARKDOWN = f"""---
title: "Serum that \\"cures\\" arthritis"
description: >
  Our serum cures
  arthritis &amp; gout.
---

# Our serum cures arthritis &amp; eliminates pain

A paragraph with an entity: our serum&nbsp;cures arthritis &#169; and \\*escapes\\* too.
It wraps over
three lines and cures arthritis.

> A quote: our serum cures arthritis.
lazy line that cures arthritis

- item one cures arthritis
- item **two** cures _arthritis_ [with a link](http://example.com "title") here

| claim | cell |
| --- | --- |
| our serum cures arthritis | a \\| pipe |

<div class="x">
<p>HTML block: our serum cures arthritis &amp; gout.</p>
<img alt="our serum cures arthritis" src="x.png">
</div>

Inline <b title="cures arthritis">html</b> and ![our serum cures arthritis](x.png) and
<https://example.com> and https://example.com/cures-arthritis.

`code cures arthritis` and text that cures arthritis.

[ref]: http://example.com

{LONG}

Last paragraph: our serum cures arthritis.
"""

TOML_MARKDOWN = """+++
title = "Our serum cures arthritis"
description = '''
Our serum cures
arthritis.'''
+++

Body: our serum cures arthritis.
"""

HTML = """<!doctype html>
<html><head><title>Our serum cures arthritis</title>
<meta name="description" content="Our serum cures arthritis &amp; gout.">
</head><body>
<p>Our   serum
  cures&nbsp;arthritis &eacute; &#x41; &copy2024 in days.</p>
<div hidden>Our serum cures arthritis.</div>
<ul><li>Our serum <b>cures</b> arthritis.</li><li><img alt="Our serum cures arthritis"></li></ul>
<script>our serum cures arthritis</script>
<p>""" + LONG + """</p>
</body></html>
"""

TEXT = "Our serum cures arthritis.\nIt wraps\nover lines and cures arthritis.\n\n\tTabbed: our serum cures arthritis.\n"

CASES = {
    "markdown-lf.md": MARKDOWN,
    "markdown-crlf.md": MARKDOWN.replace("\n", "\r\n"),
    "markdown-cr.md": MARKDOWN.replace("\n", "\r"),
    "markdown-mixed.md": MARKDOWN.replace("\n", "\r\n", 20),
    "toml-crlf.md": TOML_MARKDOWN.replace("\n", "\r\n"),
    "page-lf.html": HTML,
    "page-crlf.html": HTML.replace("\n", "\r\n"),
    "text-lf.txt": TEXT + "\n\n" + LONG,
    "text-crlf.txt": (TEXT + "\n\n" + LONG).replace("\n", "\r\n"),
    "text-cr.txt": TEXT.replace("\n", "\r") + "\u2028Form\x0cfeed: our serum cures arthritis.\r",
    "text-nbsp.txt": ("Our serum\u00a0cures arthritis. " + ")" * 300 + " and " + "x" * 200 + " cures arthritis. ") * 3,
}


def runs(offsets) -> list[list[int]]:
    """[prose start, source start, length] of each run of consecutive offsets."""
    out: list[list[int]] = []
    for i, o in enumerate(offsets):
        if out and out[-1][1] + out[-1][2] == o:
            out[-1][2] += 1
        else:
            out.append([i, o, 1])
    return out


def positions(linter: Linter, name: str, source: str) -> dict:
    fmt = {"md": "markdown", "html": "html", "txt": "text"}[name.rsplit(".", 1)[1]]
    ex = get_reader(fmt).read(source)
    findings = linter.lint(source, path=name).findings
    return {
        "text": hashlib.sha256(ex.text.encode("utf-8", "surrogatepass")).hexdigest(),
        "offsets": runs(ex.offsets),
        "widths": sorted([k, v] for k, v in ex.widths.items()),
        "blocks": [list(b) for b in ex.blocks],
        "findings": [[f.rule, f.start, f.end, f.line, f.column, f.end_line, f.end_column, f.text,
                      [[s.start, s.end, s.line, s.column, s.end_line, s.end_column] for s in f.suggestions]]
                     for f in findings],
    }


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(load_ruleset(), detector=True)  # learned findings (whole sentences) too


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_positions_are_those_the_per_character_map_gave(linter, golden, name):
    got = positions(linter, name, CASES[name])
    want = golden[name]
    assert got["text"] == want["text"]
    assert got["offsets"] == want["offsets"]
    assert got["widths"] == want["widths"] and got["blocks"] == want["blocks"]
    assert got["findings"] == want["findings"]
    assert len(want["findings"]) >= 3  # the input holds claims, so spans were compared


def test_the_cases_cover_what_moves_positions():
    text = "".join(CASES.values())
    for tricky in ("&amp;", "&nbsp;", "\\*", "\r\n", "\r", "<div", "+++", "---", "alt=", "\u2028", "\x0c"):
        assert tricky in text, tricky
    assert len(LONG) > MAX_PIECE  # a paragraph read in pieces


def test_a_pages_maps_are_kept_in_4_byte_ints(linter):
    page = linter.lint_page(CASES[sorted(CASES)[0]], path="page" + sorted(CASES)[0][-3:])
    runs = page.extracted.offsets._starts, page.extracted.offsets._sources
    assert [a.itemsize for a in (*runs, page.extracted.blocks._flat, page.index._starts)] == [4] * 4


def test_offsets_past_what_4_bytes_hold_are_kept_whole():
    edge = NARROW_MAX - 2
    offsets = [3, 4, edge, edge + 1, edge + 2, edge + 3, edge + 4, edge + 4, 9]
    per_character = OffsetMap(offsets)
    by_runs = OffsetMap([3, 4])
    by_runs.add_run(edge, 5)
    by_runs.extend([edge + 4, 9])
    for offset_map in (per_character, by_runs):
        assert list(offset_map) == offsets and offset_map == offsets
        assert [offset_map[i] for i in range(len(offsets))] == offsets
    assert per_character == by_runs and per_character._sources.itemsize == 8
    assert list(per_character.shifted([5, edge + 2])) == [3, 4, edge + 1, edge + 2, edge + 4, edge + 5, edge + 6,
                                                          edge + 6, 10]
    spans = Spans([(0, 5), (7, edge + 9)])
    assert list(spans) == [(0, 5), (7, edge + 9)] and spans[1] == (7, edge + 9)
    narrow = Spans([(0, 5)])
    narrow.append(7, edge + 9)
    assert narrow == spans


def test_lines_are_those_every_report_counts():
    """Lines (the text report's and rdjson's view of a file) splits where LineIndex counts:
    at "\\r\\n", "\\r" and "\\n" only; a final break opens no line."""
    rng = random.Random(11)
    texts = ["", "\n", "\r\n\r\n", "a", "a\n", "a\r", "a\r\nb", "\r\rb\n", "a\u2028b\x0cc\x85\n\nd"]
    texts += ["".join(rng.choice(["a", "é", " ", "\n", "\r", "\r\n", "\u2028"]) for _ in range(rng.randint(0, 30)))
              for _ in range(400)]
    for text in texts:
        want = re.split(r"\r\n|\r|\n", text)
        if len(want) > 1 and want[-1] == "":
            want.pop()
        lines = Lines(text)
        assert len(lines) == len(want) and [lines[k] for k in range(len(lines))] == want, repr(text)
        index = LineIndex(text)
        for k in range(len(lines)):  # each line's first character is at (line, 1)
            start = sum(len(w) for w in want[:k]) + len("".join(re.findall(r"\r\n|\r|\n", text)[:k]))
            if start < len(text):
                assert index.position(start) == (k + 1, 1)
        with pytest.raises(IndexError):
            lines[len(lines)]


if __name__ == "__main__":
    lint = Linter(load_ruleset(), detector=True)
    GOLDEN.write_text(json.dumps({name: positions(lint, name, src) for name, src in sorted(CASES.items())},
                                 ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN} ({GOLDEN.stat().st_size:,} bytes)", file=sys.stderr)
