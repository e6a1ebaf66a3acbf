"""The prose fields of Markdown front matter, with exact source offsets.

Only the fields in ``TEXT_FIELDS`` are read (at any nesting level, e.g.
``seo: {description: ...}`` or ``[params] description = ...``); everything
else in the front matter (dates, slugs, tags, layout) is not prose and is not
linted. Each value is its own block.

Supported values, each decoded character mapped to where it is in the file:

- YAML (``---``): plain scalars (also continued on more-indented lines),
  single-quoted (``''``), double-quoted (``\\"``, ``\\n``, ``\\uXXXX``, ...),
  and literal / folded block scalars (``|``, ``>``, with chomping and
  indentation indicators). Line breaks inside a value read as spaces; a blank
  line inside a block scalar separates blocks.
- TOML (``+++``): basic ``"..."`` and literal ``'...'`` strings, and their
  multi-line forms ``\"\"\"...\"\"\"`` and ``'''...'''``.

Flow collections, anchors, aliases and tags are not prose and are skipped.
A value this module cannot read exactly is skipped, never guessed.
"""
from __future__ import annotations

import re

from lintmed.readers.blocks import Block, trim

TEXT_FIELDS = (
    "title", "description", "summary", "excerpt", "subtitle", "lead", "abstract",
    "tagline", "teaser", "intro", "headline", "caption",
    "seo_title", "seo_description", "meta_title", "meta_description",
    "og_title", "og_description", "twitter_title", "twitter_description",
)

_YAML_KEY = re.compile(r"^([ \t]*(?:-[ \t]+)?)([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+|$)")
_TOML_KEY = re.compile(r"^[ \t]*((?:[A-Za-z0-9_-]+[ \t]*\.[ \t]*)*)([A-Za-z0-9_-]+)[ \t]*=[ \t]*")
_BLOCK_HEADER = re.compile(r"[|>]([+-]?)([1-9]?)([+-]?)[ \t]*(?:#.*)?$")
_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
_HEX = {"x": 2, "u": 4, "U": 8}


def is_text_field(key: str) -> bool:
    return key.lower().replace("-", "_") in TEXT_FIELDS


def front_matter_blocks(text: str) -> list[Block]:
    """Blocks for the text fields of the front matter that ``text`` is (fences included)."""
    first_nl = text.find("\n")
    if first_nl < 0:
        return []
    fence = text[:3]
    lines = []  # (offset, line without "\n") of the body between the fences
    pos = first_nl + 1
    while pos < len(text):
        nl = text.find("\n", pos)
        end = nl if nl >= 0 else len(text)
        lines.append((pos, text[pos:end]))
        pos = end + 1
    # Drop the closing fence line.
    while lines and not lines[-1][1].strip():
        lines.pop()
    if lines:
        lines.pop()
    reader = _yaml_blocks if fence == "---" else _toml_blocks
    try:
        return [b for b in reader(lines) if b[0]]
    except (IndexError, ValueError):  # a value that cannot be read exactly is skipped
        return []


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _trim(chars: list[str], offs: list[int]) -> Block:
    return trim([" " if c in "\r\n" else c for c in chars], offs)  # e.g. from "\n" escapes


# --- YAML --------------------------------------------------------------------


def _yaml_blocks(lines) -> list[Block]:
    out: list[Block] = []
    i = 0
    while i < len(lines):
        start, line = lines[i]
        m = _YAML_KEY.match(line)
        i += 1
        if not m:
            continue
        key_indent = len(m.group(1))
        # Lines that belong to this value: blank or indented deeper than the key.
        j = i
        while j < len(lines) and (not lines[j][1].strip() or _indent(lines[j][1]) > key_indent):
            j += 1
        cont = lines[i:j]
        value_at = start + m.end()
        value = line[m.end():]
        if not value.strip() or value.lstrip().startswith("#"):
            continue  # a mapping or list below the key: read key by key (nested fields count)
        i = j  # the value's own continuation lines are not keys
        if not is_text_field(m.group(2)):
            continue
        first = value.lstrip(" \t")
        value_at += len(value) - len(first)
        if first[0] in "|>":
            if _BLOCK_HEADER.match(first):
                out.extend(_yaml_block_scalar(first, cont, key_indent))
        elif first[0] == '"':
            out.append(_quoted(_region(value_at, first, cont), '"'))
        elif first[0] == "'":
            out.append(_quoted(_region(value_at, first, cont), "'"))
        elif first[0] not in "[{&*!%@`":
            out.append(_yaml_plain(value_at, first, cont))
    return out


def _region(value_at: int, first: str, cont) -> list[tuple[int, str]]:
    return [(value_at, first), *cont]


def _yaml_plain(value_at: int, first: str, cont) -> Block:
    chars: list[str] = []
    offs: list[int] = []
    for n, (line_at, line) in enumerate([(value_at, first), *cont]):
        stripped = line.lstrip(" \t")
        off = line_at + len(line) - len(stripped)
        if not stripped:
            continue
        if n and stripped.startswith("#"):
            break
        comment = re.search(r"[ \t]#", stripped)
        text = (stripped[: comment.start()] if comment else stripped).rstrip(" \t")
        if chars:
            chars.append(" ")
            offs.append(line_at - 1)  # the line break
        chars.extend(text)
        offs.extend(range(off, off + len(text)))
        if comment:
            break
    return _trim(chars, offs)


def _quoted(region, quote: str) -> Block:
    """A YAML quoted scalar (or a one-line TOML string), over one or more lines."""
    chars: list[str] = []
    offs: list[int] = []
    join = False  # after an escaped line break the next line adds no space
    for n, (off, line) in enumerate(region):
        if n:
            if not line.strip():
                continue
            if chars and not join:
                chars.append(" ")
                offs.append(off - 1)  # the line break
            k = _indent(line)
        else:
            k = 1  # the opening quote
        join = False
        trailing = len(line.rstrip(" \t"))
        while k < len(line):
            ch = line[k]
            if ch == quote:
                if quote == "'" and line.startswith("''", k):
                    chars.append("'")
                    offs.append(off + k)
                    k += 2
                    continue
                return _trim(chars, offs)
            if ch == "\\" and quote == '"':
                if k + 1 >= len(line):
                    join = True
                    break
                k += _escape(line, k, off, chars, offs)
                continue
            if k >= trailing:  # spaces before a line break fold away
                break
            chars.append(ch)
            offs.append(off + k)
            k += 1
    raise ValueError("unterminated quoted value")


def _escape(line: str, k: int, off: int, chars: list[str], offs: list[int]) -> int:
    """Decode the escape at ``line[k] == "\\"`` (the line is at ``off``) onto
    chars/offs, mapped to the backslash; return its raw length."""
    code = line[k + 1]
    if code in _HEX:
        digits = line[k + 2 : k + 2 + _HEX[code]]
        if len(digits) != _HEX[code] or not re.fullmatch(r"[0-9a-fA-F]+", digits):
            raise ValueError("bad escape")
        text, n_raw = chr(int(digits, 16)), 2 + _HEX[code]
    elif code in _ESCAPES:
        text, n_raw = _ESCAPES[code], 2
    else:
        raise ValueError("bad escape")
    chars.append(text)
    offs.append(off + k)
    return n_raw


def _yaml_block_scalar(header: str, cont, key_indent: int) -> list[Block]:
    m = _BLOCK_HEADER.match(header)
    explicit = m.group(2)
    content = [(off, line) for off, line in cont]
    nonblank = [line for _, line in content if line.strip()]
    if not nonblank:
        return []
    indent = key_indent + int(explicit) if explicit else _indent(nonblank[0])
    blocks: list[Block] = []
    chars: list[str] = []
    offs: list[int] = []
    for off, line in content:
        if not line.strip():
            if chars:
                blocks.append(_trim(chars, offs))
                chars, offs = [], []
            continue
        text = line[indent:].rstrip(" \t")
        if chars:
            chars.append(" ")
            offs.append(off - 1)  # the line break
        chars.extend(text)
        offs.extend(range(off + indent, off + indent + len(text)))
    if chars:
        blocks.append(_trim(chars, offs))
    return blocks


# --- TOML --------------------------------------------------------------------


def _toml_blocks(lines) -> list[Block]:
    out: list[Block] = []
    i = 0
    while i < len(lines):
        start, line = lines[i]
        i += 1
        m = _TOML_KEY.match(line)
        if not m or not is_text_field(m.group(2)):
            continue
        value = line[m.end():]
        value_at = start + m.end()
        for delim in ('"""', "'''"):
            if value.startswith(delim):
                region, i = _toml_multiline(lines, i, value_at + 3, value[3:], delim)
                out.append(_toml_string(region, delim))
                break
        else:
            if value[:1] in "\"'":
                out.append(_quoted([(value_at, value)], value[0]))
    return out


def _toml_multiline(lines, i, at, rest, delim):
    # A line break right after the opening delimiter is trimmed.
    region = [(at, rest)] if rest else []
    while not region or delim not in region[-1][1]:
        if i >= len(lines):
            raise ValueError("unterminated string")
        region.append(lines[i])
        i += 1
    return region, i


def _toml_string(region, delim) -> Block:
    basic = delim == '"""'
    chars: list[str] = []
    offs: list[int] = []
    join = False  # after a line-ending backslash: skip whitespace and line breaks
    for n, (off, line) in enumerate(region):
        k = 0
        if n and not join:
            chars.append(" ")
            offs.append(off - 1)  # the line break
        while k < len(line):
            ch = line[k]
            if join:
                if ch in " \t":
                    k += 1
                    continue
                join = False
            if line.startswith(delim, k):
                return _trim(chars, offs)
            if basic and ch == "\\":
                if not line[k + 1 :].strip():
                    join = True
                    break
                k += _escape(line, k, off, chars, offs)
                continue
            chars.append(ch)
            offs.append(off + k)
            k += 1
    raise ValueError("unterminated string")
