"""JSON text as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it, about three
times as fast.

With ``indent`` set, the standard library leaves its C encoder for a Python one built of
generators: on a site of 5,000 findings that was a quarter of an unchanged re-run, whose
findings come from the results cache. This writes the same text for the values reports
are made of (dicts with string keys, lists and tuples, strings, ints, finite floats,
booleans, None); for anything else it hands the whole value to ``json.dumps``.

``pieces`` writes the same text a piece at a time, and the items of an ``Each`` array
(findings) are made and written one at a time: a report of many findings is never held
whole, as text or as records.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring


class _Other(Exception):
    """A value this writer leaves to json.dumps."""


def dumps_indented(value) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``."""
    parts: list[str] = []
    try:
        _write(value, parts, "\n")
    except _Other:
        return json.dumps(value, indent=2, ensure_ascii=False)
    return "".join(parts)


class Each:
    """A JSON array whose items come from ``items`` (an iterable, read once) as ``pieces``
    writes them, one at a time."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable):
        self.items = items


def pieces(value) -> Iterator[str]:
    """``dumps_indented(value)``, with each ``Each`` in it written as a list of its items, in
    pieces: an ``Each``'s items one at a time, each made only when it is written."""
    return _pieces(value, "\n")


def _pieces(value, newline: str) -> Iterator[str]:
    kind = type(value)
    if kind is Each:
        yield from _items(value.items, newline, lambda item, inner: (_text(item, inner),))
    elif (kind is list or kind is tuple) and value:
        yield from _items(value, newline, _pieces)
    elif kind is dict and value:
        if any(type(key) is not str for key in value):  # json.dumps's own keys, as dumps_indented has them
            yield _text(value, newline)
            return
        inner = newline + "  "
        opening = "{" + inner
        for key, item in value.items():
            yield opening + encode_basestring(key) + ": "
            yield from _pieces(item, inner)
            opening = "," + inner
        yield newline + "}"
    else:
        yield _text(value, newline)


def _items(items: Iterable, newline: str, write) -> Iterator[str]:
    """A JSON array of ``items``, each written by ``write(item, its line's indent)``."""
    inner = newline + "  "
    opening = "[" + inner
    for item in items:
        yield opening
        yield from write(item, inner)
        opening = "," + inner
    yield "[]" if opening[0] == "[" else newline + "]"


def _text(value, newline: str) -> str:
    """``value``'s text on a line whose break and indent is ``newline``: dumps_indented's,
    or json.dumps's (its line breaks indented as deep), as the whole value's would be."""
    parts: list[str] = []
    try:
        _write(value, parts, newline)
    except _Other:
        # A JSON text holds no raw line break inside a string: every "\n" is a line of the layout.
        return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", newline)
    return "".join(parts)


def _write(value, parts: list[str], newline: str) -> None:
    """Append ``value``'s text to ``parts``; ``newline`` is a line break and the indent of
    the line ``value`` ends on."""
    kind = type(value)
    if kind is dict:
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        opening = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _Other
            kind = type(item)
            if kind is str:  # most values: written here, not by a call
                parts.append(opening + encode_basestring(key) + ": " + encode_basestring(item))
            elif kind is int:
                parts.append(opening + encode_basestring(key) + ": " + int.__repr__(item))
            else:
                parts.append(opening + encode_basestring(key) + ": ")
                _write(item, parts, inner)
            opening = "," + inner
        parts.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        opening = "[" + inner
        for item in value:
            if type(item) is str:
                parts.append(opening + encode_basestring(item))
            else:
                parts.append(opening)
                _write(item, parts, inner)
            opening = "," + inner
        parts.append(newline + "]")
    else:
        parts.append(_scalar(value))


def _scalar(value) -> str:
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    raise _Other
