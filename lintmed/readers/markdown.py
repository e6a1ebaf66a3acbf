"""Markdown (and MDX): the prose of paragraphs, headings, list items, block
quotes and table cells, one block per "\\n\\n"-separated chunk of text.

markdown-it does not record where inline tokens come from, so each piece of
prose is found again in the source by searching forward from a cursor. The
search runs on a copy of the source with line endings normalised to "\\n"
(which is what markdown-it parses) and every hit is mapped back to the
original string, so CRLF files get exact offsets too.
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_right

from lintmed.findings import Extracted
from lintmed.positions import line_starts as lines_of
from lintmed.readers.blocks import Joined, crlf_breaks, trim
from lintmed.readers.html import read as read_html
from lintmed.readers.frontmatter import front_matter_blocks

# Front matter only counts at the very top of the file and needs its closing fence.
_FRONT_MATTER = re.compile(
    r"\A(?:---[ \t]*\n(?:.*?\n)??(?:---|\.\.\.)|\+\+\+[ \t]*\n(?:.*?\n)??\+\+\+)[ \t]*(?:\n|\Z)",
    re.S,
)
# MDX ESM: an unindented block that opens with import/export syntax (not the
# English words), running to the next blank line as MDX itself reads it.
_MDX_ESM = re.compile(
    r"^(?:import\s+(?:[\w*{$][^\n]*?\bfrom\s*)?['\"]"
    r"|export\s+(?:const|let|var|default|function|class|async|\{|\*))"
    r"[^\n]*(?:\n[ \t]*\S[^\n]*)*",
    re.M,
)
# Bare URLs are not prose; trailing sentence punctuation stays in the text.
_BARE_URL = re.compile(r"(?:https?://|www\.)\S*[^\s.,;:!?'\")\]]")
_EMPHASIS = ("*", "_", "**", "__", "~~")

_parser = None
# The block structure is parsed this many lines at a time (more when one top-level block
# is longer): markdown-it's tokens take about 400 bytes each, three a paragraph, so a whole
# file's at once grew with its paragraphs (1.2 KB each, with the rest of the parse 2.4 KB).
CHUNK_LINES = 2_000


def _md():
    global _parser
    if _parser is None:
        from markdown_it import MarkdownIt  # lazy: plain-text and HTML runs never pay for its import

        # text_join would fold entities/escapes (text_special) back into plain
        # text, losing their raw form, which we need to find them in the source.
        _parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
        _parser.disable("text_join", ignoreInvalid=True)
    return _parser


def _blank(s: str, a: int, b: int) -> str:
    """Replace s[a:b] with spaces but keep newlines, so lines and offsets stay put."""
    return s[:a] + re.sub(r"[^\n]", " ", s[a:b]) + s[b:]


class _Aligner:
    """Walks one inline token's children, matching them against ``norm``."""

    def __init__(self, norm: str, cursor: int, end: int):
        self.norm, self.cursor, self.end = norm, cursor, end
        self.chars: list[str] = []
        self.offs: list[int] = []
        self.widths: dict[int, int] = {}  # entities: offset in norm -> length
        # Blocks of their own after the paragraph: image alt text, and the alt and title
        # attributes of inline HTML tags (as the HTML reader reads them).
        self.extra: list[tuple[list[str], list[int]]] = []

    def find(self, s: str) -> int:
        return self.norm.find(s, self.cursor, self.end) if s else -1

    def emit(self, ch: str, off: int) -> None:
        self.chars.append(ch)
        self.offs.append(off)

    def text(self, content: str, keep: bool) -> None:
        pos = self.find(content)
        if pos >= 0:
            if keep:  # the whole piece at once: most of a page's prose passes here
                self.chars.extend(content)
                self.offs.extend(range(pos, pos + len(content)))
            self.cursor = pos + len(content)
            return
        # The content was rewritten (e.g. "\|" in table cells): match char by
        # char and drop any char that cannot be found rather than guess.
        for ch in content:
            pos = self.find(ch)
            if pos >= 0:
                if keep:
                    self.emit(ch, pos)
                self.cursor = pos + 1

    def skip(self, raw: str) -> int:
        """Move past ``raw`` if it is ahead; return where it started (or -1)."""
        pos = self.find(raw)
        if pos >= 0:
            self.cursor = pos + len(raw)
        return pos

    def skip_link_tail(self) -> None:
        """After a link's text: skip "]" and a "(dest "title")" or "[label]"."""
        n, i = self.norm, self.cursor
        if i < self.end and n[i] == "]":
            i += 1
        if i < self.end and n[i] == "[":
            j = n.find("]", i, self.end)
            i = j + 1 if j >= 0 else i
        elif i < self.end and n[i] == "(":
            depth, quote, j = 0, "", i
            while j < self.end:
                c = n[j]
                if c == "\\":
                    j += 1
                elif quote:
                    quote = "" if c == quote else quote
                elif c in "\"'" and n[j - 1] in " \t\n":
                    quote = c
                elif c == "(":
                    depth += 1
                elif c == ")":
                    depth -= 1
                    if depth == 0:
                        i = j + 1
                        break
                j += 1
        self.cursor = i

    def walk(self, children, keep: bool = True) -> None:
        keep_before = keep
        for tok in children:
            t = tok.type
            if t == "text":
                self.text(tok.content, keep)
            elif t == "text_special":
                pos = self.skip(tok.markup)
                if pos >= 0 and keep:
                    # An escape maps to the escaped char (a non-escape like
                    # "\\h" keeps both chars); an entity maps to its "&".
                    skip = len(tok.markup) - len(tok.content)
                    if tok.info != "escape":
                        self.widths[pos] = len(tok.markup)
                    for i, ch in enumerate(tok.content):
                        self.emit(ch, pos + skip + i if tok.info == "escape" else pos)
            elif t in ("softbreak", "hardbreak"):
                pos = self.skip("\n")
                if pos >= 0 and keep:
                    self.emit(" ", pos)
            elif t == "code_inline":
                # Content is normalised; skip from opening to closing backticks.
                if self.skip(tok.markup) >= 0:
                    self.skip(tok.markup)
            elif t == "html_inline":
                pos = self.skip(tok.content)
                if pos >= 0 and keep:
                    self.extra.extend(_html_blocks(tok.content, pos, self.widths))
            elif t == "image":
                # Alt text is what a screen reader and a search engine read: a block of its own.
                if self.skip("![") >= 0:
                    chars, offs = self.chars, self.offs
                    self.chars, self.offs = [], []
                    self.walk(tok.children or [], keep=keep)
                    self.extra.append(_tidy(self.chars, self.offs))
                    self.chars, self.offs = chars, offs
                    self.skip_link_tail()
            elif t == "link_open" and tok.markup == "autolink":
                self.skip("<")
                keep_before, keep = keep, False  # the URL inside is not prose
            elif t == "link_close" and tok.markup == "autolink":
                self.skip(">")
                keep = keep_before
            elif t == "link_open":
                self.skip("[")
            elif t == "link_close":
                self.skip_link_tail()
            elif t.endswith(("_open", "_close")) and tok.markup in _EMPHASIS:
                if self.norm.startswith(tok.markup, self.cursor):
                    self.cursor += len(tok.markup)


def _html_blocks(raw: str, base: int, widths: dict[int, int]) -> list[tuple[list[str], list[int]]]:
    """The blocks the HTML reader finds in ``raw`` (found at offset ``base``), with offsets
    moved there; entity widths are added to ``widths``."""
    found = read_html(raw)
    widths.update((base + p, n) for p, n in found.widths.items())
    return [(list(found.text[a:b]), [base + o for o in found.offsets[a:b]]) for a, b in found.blocks]


def _tidy(chars: list[str], offs: list[int]) -> tuple[list[str], list[int]]:
    """Drop bare URLs; no line breaks inside a block; trim the ends."""
    text = "".join(chars)
    for m in reversed(list(_BARE_URL.finditer(text))):
        del chars[m.start():m.end()], offs[m.start():m.end()]
    if "\r" in text or "\n" in text:  # e.g. from "&#10;"
        chars = [" " if c in "\r\n" else c for c in chars]
    return trim(chars, offs)


def _normalise_newlines(source: str) -> tuple[str, array | None]:
    """The source with line endings normalised as markdown-it does ("\\r\\n" and a lone
    "\\r" become "\\n"), and where the "\\n" of each "\\r\\n" went in it (crlf_breaks:
    offsets past one are one less than in the source); None when there is none."""
    if "\r" not in source:
        return source, None
    moved = crlf_breaks(source)[1]
    return source.replace("\r\n", "\n").replace("\r", "\n"), moved or None


# Tokens that only contain others: their lines are read when what they contain is.
_CONTAINERS = ("blockquote_", "bullet_list_", "ordered_list_", "list_item_")


class _ParseFailed(Exception):
    """markdown-it failed on the block structure (it should not)."""


def _blocks(parsed: str, line_starts: array, env: dict, covered: bytearray):
    """What is read of markdown-it's block tokens, (type, first line, end line, content)
    of each html_block and inline token, in order, marking in ``covered`` the lines a block
    token covers (for _unread_lines), parsed CHUNK_LINES lines at a time so that only one
    chunk's tokens exist at once. The link reference definitions go to ``env``, for the
    inline parse. Any failure of markdown-it is raised as _ParseFailed.

    A chunk's top-level blocks but its last are final (a block ends where its own lines
    say; nothing after it changes it); the last may go on past the chunk, so the next
    chunk starts at its first line. A chunk holding one top-level block only is doubled."""
    try:
        yield from _chunked_blocks(parsed, line_starts, env, covered)
    except Exception as error:
        raise _ParseFailed from error


def _chunked_blocks(parsed: str, line_starts: array, env: dict, covered: bytearray):
    from markdown_it.rules_core import StateCore  # lazy, as in _md

    md, total = _md(), len(line_starts)
    before_inline = md.core.ruler.getRules("")[:md.core.ruler.get_active_rules().index("inline")]
    start, size = 0, CHUNK_LINES
    while start < total:
        end = min(start + size, total)
        state = StateCore(parsed[line_starts[start]:line_starts[end] if end < total else len(parsed)], md, env)
        for rule in before_inline:  # normalize and block: the tokens of the chunk
            rule(state)
        tokens = state.tokens
        if end < total:
            last = max((i for i, tok in enumerate(tokens) if tok.level == 0 and tok.nesting >= 0 and tok.map),
                       default=0)
            if not last or not tokens[last].map[0]:
                size *= 2  # one top-level block fills the chunk: read more of it at once
                continue
            tokens, done = tokens[:last], tokens[last].map[0]
        else:
            done = total - start
        for tok in tokens:
            if not tok.map:
                continue
            a, b = start + tok.map[0], start + tok.map[1]
            if not tok.type.startswith(_CONTAINERS):
                covered[a:b] = b"\1" * (b - a)
            if tok.type in ("inline", "html_block"):
                yield tok.type, a, b, tok.content
        start, size = start + done, CHUNK_LINES


_REFERENCE_DEFINITION = re.compile(r" {0,3}\[[^\]]+\]:")
_CONTAINER_MARKERS = re.compile(r"(?:[ \t]*(?:>|[*+-](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*")


def _unread_lines(parsed: str, covered: bytearray, line_starts: array) -> list:
    """Blocks of the lines with words that no token covers (a blank line ends a block),
    each line without its container markers ("> > - "), lines joined by a space."""
    blocks, chars, offs = [], [], []
    for n, start in enumerate(line_starts):
        end = line_starts[n + 1] - 1 if n + 1 < len(line_starts) else len(parsed)
        line = parsed[start:end]
        if covered[n] or not any(c.isalnum() for c in line) or _REFERENCE_DEFINITION.match(line):
            if chars:
                blocks.append(trim(chars, offs))
                chars, offs = [], []
            continue
        skip = _CONTAINER_MARKERS.match(line).end()
        if chars:
            chars.append(" ")
            offs.append(start - 1)  # the line break before this line
        chars.extend(line[skip:])
        offs.extend(range(start + skip, end))
    if chars:
        blocks.append(trim(chars, offs))
    return blocks


def read(source: str) -> Extracted:
    norm, crlf = _normalise_newlines(source)

    # Hide what markdown-it would misread as prose, keeping line numbers.
    parsed = norm
    m = _FRONT_MATTER.match(parsed)
    front_matter = []
    if m:
        # Its prose fields (title, description, ...) are blocks before the body.
        front_matter = front_matter_blocks(norm[: m.end()])
        parsed = _blank(parsed, 0, m.end())
    for m in _MDX_ESM.finditer(parsed):
        prev = parsed.rfind("\n", 0, max(m.start() - 1, 0)) + 1
        if not parsed[prev : max(m.start() - 1, 0)].strip():  # starts a block
            parsed = _blank(parsed, m.start(), m.end())

    line_starts = lines_of(norm)  # norm's line breaks are "\n" only

    def line_start(n: int) -> int:
        return line_starts[n] if n < len(line_starts) else len(norm)

    def to_source(p: int) -> int:
        return p if crlf is None else p + bisect_right(crlf, p)

    def add_widths(found: dict[int, int]) -> None:
        widths.update((to_source(p), to_source(p + n - 1) + 1 - to_source(p)) for p, n in found.items())

    covered = bytearray(len(line_starts) + 1)
    joined = Joined().add(front_matter)
    widths: dict[int, int] = {}  # source offset -> length
    cursor = 0
    md, env = _md(), {}
    try:
        records = _blocks(parsed, line_starts, env, covered)
        if "]:" in parsed:  # a link reference definition ("[label]: ..."), maybe after its use:
            records = list(records)  # every block is parsed before any inline token
        # else each record is read as its chunk is parsed, and dropped
        for kind, start, end, content in records:
            if kind == "html_block":
                # Raw HTML in Markdown is shown as HTML: read it as the HTML reader reads a page.
                a, b = line_start(start), line_start(end)
                html_widths: dict[int, int] = {}
                found = _html_blocks(parsed[a:b], a, html_widths)
                add_widths(html_widths)
                joined.add(found)
                cursor = max(cursor, b)
                continue
            # Its inline tokens, parsed now (every link reference is known) and dropped once read.
            children: list = []
            try:
                md.inline.parse(content, md, env, children)
            except Exception:  # its lines are read as plain text (below), never dropped
                covered[start:end] = bytes(end - start)
                continue
            if not children:
                continue
            # Cells of one table row share a line, so the cursor only moves forward.
            al = _Aligner(parsed, max(cursor, line_start(start)), line_start(end))
            try:
                al.walk(children)
            except Exception:  # a piece that cannot be aligned is skipped, not fatal
                pass
            cursor = max(cursor, al.cursor)
            add_widths(al.widths)
            joined.add([_tidy(al.chars, al.offs), *al.extra])
    except _ParseFailed:  # markdown-it should never fail, but never crash the linter:
        joined, widths = Joined().add(front_matter), {}  # every line is read as plain text
        covered = bytearray(len(line_starts) + 1)
    # What markdown-it left out (lines inside containers nested deeper than its limit of 20,
    # or everything if it failed) is still read, as plain text: never silently dropped.
    joined.add(_unread_lines(parsed, covered, line_starts))
    return joined.extracted(widths, crlf)
