"""Frozen records to JSON values and back, every value checked against its type on the way in.

The cache (lintmed.storage.cache) keeps rule sets and findings between runs as JSON, never
as pickles: a planted entry can at worst be rejected, never run code. ``decode``
rebuilds a dataclass from its fields' annotations and raises ``CodecError`` on
anything else (a missing or unknown field, a wrong type, a list where a string
belongs), so a corrupt or foreign entry is ignored and rebuilt, never trusted.

Supported annotations: dataclasses, ``str``, ``int``, ``float``, ``bool``, ``None``,
unions (``X | None``), ``tuple[X, ...]``, ``tuple[X, Y]``, ``list[X]``,
``frozenset[X]``, ``dict[str, X]``, and bare ``dict``/``list`` for free-form JSON
taken from a rule file (a pattern's tokens).
"""
from __future__ import annotations

import dataclasses
import types
import typing
from functools import lru_cache


class CodecError(ValueError):
    """A JSON value that is not the record it should be."""


def encode(value):
    """A JSON-ready value (dicts, lists, strings, numbers, booleans, None)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    if isinstance(value, frozenset):
        return sorted(encode(v) for v in value)
    if isinstance(value, dict):
        return {_key(k): encode(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise CodecError(f"cannot encode {type(value).__name__}")


def _key(key) -> str:
    if not isinstance(key, str):
        raise CodecError(f"a mapping key must be a string, not {type(key).__name__}")
    return key


@lru_cache(maxsize=None)
def _hints(cls) -> tuple[tuple[str, object], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def decode(kind, data):
    """``data`` (from json.loads) as a value of the annotation ``kind``; CodecError if it is not one."""
    return _decoder(kind)(data)


@lru_cache(maxsize=None)
def _decoder(kind):
    """A function that checks and rebuilds JSON data as ``kind``; made once per annotation,
    so that decoding a large entry costs one call per value, not a look at its type."""
    if dataclasses.is_dataclass(kind):
        return _record_decoder(kind)
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        options = [_decoder(option) for option in args]

        def union(data):
            for option in options:
                try:
                    return option(data)
                except CodecError:
                    continue
            raise CodecError(f"{data!r:.40} is none of {args}")
        return union
    if kind is type(None):
        def none(data):
            if data is not None:
                raise CodecError("expected null")
        return none
    if kind in (str, int, float, bool):
        return _scalar(kind)
    if kind in (dict, list):
        def free(data):
            if not isinstance(data, kind):
                raise CodecError(f"expected {kind.__name__}")
            return data  # free-form JSON, as parsed
        return free
    if origin in (tuple, list, frozenset):
        return _sequence_decoder(origin, args)
    if origin is dict:
        if args[0] is not str:
            raise CodecError(f"unsupported annotation {kind!r}")
        value = _decoder(args[1])

        def mapping(data):
            if not isinstance(data, dict):
                raise CodecError(f"expected a mapping for {kind}")
            if args[1] is str:  # the lemma table: 40k entries, checked in one pass
                if not all(type(v) is str for v in data.values()):
                    raise CodecError("expected strings")
                return data
            return {k: value(v) for k, v in data.items()}
        return mapping
    raise CodecError(f"unsupported annotation {kind!r}")


def _scalar(kind):
    def scalar(data):
        # JSON has one number type: an int is a float, but a bool is no int.
        if isinstance(data, bool) is not (kind is bool) or not isinstance(data, (int, float) if kind is float else kind):
            raise CodecError(f"expected {kind.__name__}, got {type(data).__name__}")
        return float(data) if kind is float else data
    return scalar


def _sequence_decoder(origin, args):
    if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
        items = [_decoder(a) for a in args]

        def fixed(data):
            if not isinstance(data, list) or len(data) != len(items):
                raise CodecError(f"expected a list of {len(items)} items")
            return tuple(item(v) for item, v in zip(items, data))
        return fixed
    if args[0] in (str, int):  # the prefilter's word lists: checked in one pass
        def plain(data):
            if not isinstance(data, list) or not all(type(v) is args[0] for v in data):
                raise CodecError(f"expected a list of {args[0].__name__}s")
            return origin(data)
        return plain
    item = _decoder(args[0])

    def sequence(data):
        if not isinstance(data, list):
            raise CodecError(f"expected a list of {args[0]}")
        return origin(item(v) for v in data)
    return sequence


def _record_decoder(kind):
    fields = None  # resolved on first use: the annotations may name classes defined later

    def record(data):
        nonlocal fields
        if fields is None:
            fields = [(name, _decoder(hint)) for name, hint in _hints(kind)]
        if not isinstance(data, dict) or len(data) != len(fields) or any(name not in data for name, _ in fields):
            raise CodecError(f"not a {kind.__name__} record")
        return kind(**{name: field(data[name]) for name, field in fields})
    return record
