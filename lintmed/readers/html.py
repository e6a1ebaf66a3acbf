"""HTML: the text a visitor or a search engine sees, one block per block element.

Besides the body's visible text this reads the ``<title>``, the page
description and its Open Graph / Twitter variants (``content`` of ``<meta>``),
and every ``alt`` and ``title`` attribute, each as a block of its own.
``script``, ``style``, ``code``, ``pre``, ``template``, ``noscript``, elements
with a ``hidden`` attribute and comments are skipped.

The standard library's ``HTMLParser`` gives structure and positions only:
every run of text between two markup events is cut from the raw source and
decoded here, so each decoded character keeps the offset it came from (an
entity maps to its ``&``) and whitespace collapses as a browser collapses it
(the space kept maps to the first whitespace character of the run). Malformed
markup is read as far as the parser can; it never raises.
"""
from __future__ import annotations

import html
import re
from html.entities import html5
from array import array
from html.parser import HTMLParser
from itertools import chain

from lintmed.findings import Extracted
from lintmed.readers.blocks import Joined

SKIP = frozenset({"script", "style", "code", "pre", "template", "noscript", "textarea", "svg", "math"})
BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "button", "caption", "dd",
    "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html",
    "legend", "li", "main", "nav", "ol", "option", "p", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul",
})
VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})
TEXT_ATTRIBUTES = ("alt", "title")
# <meta name|property=... content=...> whose content is shown in search results and shares.
META_TEXT = frozenset({
    "description", "og:title", "og:description", "twitter:title", "twitter:description",
})

_WS = " \t\n\r\f"
# The white space a browser collapses (and the no-break space, read as one), in the runs
# that collapsing changes: two or more characters, one that is not " ", or a " " that opens
# a piece of text (the block may be empty or end in a space). A lone " " between words,
# most of a page's white space, stays as it is.
_SPACE_TO_COLLAPSE = re.compile(f"[{_WS}\u00a0]{{2,}}|[\t\n\r\f\u00a0]|^ ")
_ENTITY = re.compile(r"&(?:#[xX]([0-9a-fA-F]+);?|#([0-9]+);?|([A-Za-z][A-Za-z0-9]*;?))")
_TAG_NAME = re.compile(r"<\s*[^\s/>]+")
_ATTR = re.compile(r"""([^\s/>=][^\s/>=]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"'][^\s>]*))?""")


def _entity_at(raw: str, i: int) -> tuple[str, int]:
    """The decoded text of an entity starting at ``raw[i] == "&"`` and its raw length."""
    m = _ENTITY.match(raw, i)
    if not m:
        return "&", 1
    if m.group(3) is None:  # numeric: html5 rules for bad code points via unescape
        return html.unescape(m.group(0)), len(m.group(0))
    name = m.group(3)
    if name in html5:
        return html5[name], 1 + len(name)
    # Legacy entities without ";" ("&copy2024"): the longest known prefix, as unescape does.
    for x in range(len(name) - 1, 1, -1):
        if name[:x] in html5:
            return html5[name[:x]], 1 + x
    return "&", 1


def decode(raw: str, base: int, widths: dict[int, int]) -> tuple[list[str], list[int]]:
    """Decode entities in ``raw`` (found at source offset ``base``), keeping offsets;
    each entity's source length goes into ``widths``."""
    if "&" not in raw:  # most text: every character is its own
        return list(raw), list(range(base, base + len(raw)))
    chars: list[str] = []
    offs: list[int] = []
    i = 0
    while i < len(raw):
        if raw[i] == "&":
            text, n = _entity_at(raw, i)
            if n > 1:
                widths[base + i] = n
            for ch in text:
                chars.append(ch)
                offs.append(base + i)
            i += n
        else:
            chars.append(raw[i])
            offs.append(base + i)
            i += 1
    return chars, offs


class _Block:
    """Characters of one block with browser whitespace collapsing."""

    def __init__(self):
        self.chars: list[str] = []
        self.offs: list[int] = []

    def add(self, chars: list[str], offs: list[int]) -> None:
        """Characters (one each, from ``decode``) with their source offsets: a run of white
        space becomes one " " at its first character's offset, none at the block's start or
        after a space."""
        at = 0
        for run in _SPACE_TO_COLLAPSE.finditer("".join(chars)):
            start, end = run.span()
            self.chars += chars[at:start]
            self.offs += offs[at:start]
            if self.chars and self.chars[-1] != " ":
                self.chars.append(" ")
                self.offs.append(offs[start])
            at = end
        self.chars += chars[at:]
        self.offs += offs[at:]

    def take(self) -> tuple[list[str], list[int]]:
        chars, offs = self.chars, self.offs
        while chars and chars[-1] == " ":
            chars.pop()
            offs.pop()
        self.chars, self.offs = [], []
        return chars, offs


class _OpenElements:
    """The stack of open elements, with what every event asks of it in constant time:
    whether any open element is skipped, and where the innermost element of a tag is
    (a page of 40,000 nested or unclosed elements stays linear)."""

    def __init__(self):
        self._stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self._at: dict[str, list[int]] = {}  # tag -> its indices in the stack, innermost last
        self._skipped = 0  # how many open elements are skipped

    def push(self, tag: str, skip: bool) -> None:
        self._at.setdefault(tag, []).append(len(self._stack))
        self._stack.append((tag, skip))
        self._skipped += skip

    def close(self, tag: str) -> None:
        """Close the innermost ``tag`` and every element opened inside it, as a browser would."""
        where = self._at.get(tag)
        if not where:
            return
        start = where[-1]
        for name, skip in self._stack[start:]:  # each element is removed once: linear overall
            self._at[name].pop()
            self._skipped -= skip
        del self._stack[start:]

    @property
    def skipping(self) -> bool:
        return self._skipped > 0


class _Reader(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = array("q", chain((0,), (m.end() for m in re.finditer("\n", source))))
        self.blocks = Joined()  # each block as it ends
        self.block = _Block()
        self.pending: list[tuple[list[str], list[int]]] = []  # attribute blocks, after the text block
        self.open = _OpenElements()
        self.text_start: int | None = None
        self.widths: dict[int, int] = {}  # entities: source offset -> length

    # -- positions ---------------------------------------------------------
    def _source_pos(self) -> int:
        line, col = self.getpos()
        return min(self.line_starts[line - 1] + col, len(self.source))

    def skipping(self) -> bool:
        return self.open.skipping

    # -- text: cut from the source between markup events -------------------
    def _text_event(self) -> None:
        if self.text_start is None:
            self.text_start = self._source_pos()

    handle_data = handle_entityref = handle_charref = lambda self, *_: self._text_event()

    def _end_text(self, at: int | None = None) -> None:
        if self.text_start is None:
            return
        start, self.text_start = self.text_start, None
        end = self._source_pos() if at is None else at
        if not self.skipping() and end > start:
            self.block.add(*decode(self.source[start:end], start, self.widths))

    def _flush(self) -> None:
        self.blocks.add([self.block.take()])
        for chars, offs in self.pending:
            block = _Block()
            block.add(chars, offs)
            self.blocks.add([block.take()])
        self.pending = []

    # -- markup ------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        self._end_text()
        start = self._source_pos()
        if tag in BLOCK:
            self._flush()
        skip = tag in SKIP or any(name == "hidden" for name, _ in attrs)
        if not (skip or self.skipping()):
            self._attributes(tag, start)
        if tag not in VOID:
            self.open.push(tag, skip)

    def handle_startendtag(self, tag, attrs):
        self._end_text()
        if tag in BLOCK:
            self._flush()
        if not (tag in SKIP or self.skipping()):
            self._attributes(tag, self._source_pos())

    def handle_endtag(self, tag):
        self._end_text()
        if tag in BLOCK:
            self._flush()
        self.open.close(tag)

    def _markup(self, *_):
        self._end_text()

    handle_comment = handle_decl = handle_pi = unknown_decl = _markup

    def _attributes(self, tag: str, start: int) -> None:
        raw = self.get_starttag_text() or ""
        if not self.source.startswith(raw, start):
            return  # cannot place the values exactly: leave them out rather than guess
        name_end = _TAG_NAME.match(raw)
        values: dict[str, tuple[int, int]] = {}
        for m in _ATTR.finditer(raw, name_end.end() if name_end else 0):
            name, value = m.group(1).lower(), m.group(2)
            if value is None or name in values:
                continue
            a, b = m.span(2)
            if value[:1] in "\"'":
                a, b = a + 1, b - 1
            values[name] = (start + a, start + b)
        wanted = [values[a] for a in TEXT_ATTRIBUTES if a in values]
        if tag == "meta" and "content" in values:
            kind = values.get("name") or values.get("property")
            if kind and self.source[kind[0]:kind[1]].strip().lower() in META_TEXT:
                wanted.append(values["content"])
        for a, b in sorted(wanted):
            self.pending.append(decode(self.source[a:b], a, self.widths))

    def finish(self) -> Extracted:
        if self.rawdata.startswith("<"):
            # Markup the parser is still waiting to see closed: a comment ("<!--" with no
            # "-->"), a declaration or a tag. A browser shows none of it, so neither is it
            # linted (the parser's close() would hand it on as text).
            self._end_text()
            self.rawdata = ""
        try:
            self.close()
        except Exception:  # the parser gave up on a broken tail: keep what was read
            pass
        self._end_text(at=len(self.source))
        self._flush()
        return self.blocks.extracted(self.widths)


def read(source: str) -> Extracted:
    reader = _Reader(source)
    try:
        reader.feed(source)
    except Exception:  # malformed markup: lint what was read, never crash
        pass
    return reader.finish()
