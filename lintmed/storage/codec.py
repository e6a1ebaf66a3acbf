"""Frozen records to JSON values and back, every value checked against its type on the way in.

The cache (lintmed.storage.cache) keeps rule sets and findings between runs as JSON, never
as pickles: a planted entry can at worst be rejected, never run code. A record (a dataclass)
is a JSON array of its fields' values in the order of its fields: without a name per value
the results of a generated site's 547 pages take 4.8 MB, not 7.5, and reading them back
about a third fewer instructions (bench/throughput.py's site; valgrind). The order is the
code's, and every cache key holds lintmed's code (lintmed.storage.cache.code_fingerprint),
so an entry written by other code is never read.
``decode`` rebuilds a dataclass from its fields' annotations and raises ``CodecError`` on
anything else (a field too many or too few, a wrong type, a list where a string belongs),
so a corrupt or foreign entry is ignored and rebuilt, never trusted.

Supported annotations: dataclasses, ``str``, ``int``, ``float``, ``bool``, ``None``,
unions (``X | None``), ``tuple[X, ...]``, ``tuple[X, Y]``, ``list[X]``,
``frozenset[X]``, ``dict[str, X]``, and bare ``dict``/``list`` for free-form JSON
taken from a rule file (a pattern's tokens).
"""
from __future__ import annotations

import dataclasses
import operator
import types
import typing
from functools import lru_cache


class CodecError(ValueError):
    """A JSON value that is not the record it should be."""


def encode(value):
    """A JSON-ready value (dicts, lists, strings, numbers, booleans, None)."""
    kind = type(value)
    if kind is str or value is None:  # most values: no other test
        return value
    if _field_names(kind) is not None:
        return _encoder(kind)(value)
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    if isinstance(value, frozenset):
        return sorted(encode(v) for v in value)
    if isinstance(value, dict):
        return {_key(k): encode(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise CodecError(f"cannot encode {type(value).__name__}")


@lru_cache(maxsize=None)
def _field_names(kind) -> tuple[str, ...] | None:
    """The field names of the dataclass ``kind`` in order; None for any other type."""
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(f.name for f in dataclasses.fields(kind))


def _encode_fields(value) -> list:
    """``encode`` of a record, field by field with no annotation read (a record of a kind
    another record's annotation does not name: a subclass)."""
    return [encode(getattr(value, name)) for name in _field_names(type(value))]


@lru_cache(maxsize=None)
def _encoder(kind):
    """A function that gives what ``encode`` gives for a value of the annotation ``kind``,
    made once per annotation from the annotations of a record's fields: a value of a plain
    type costs no call and no test of its type (the results of a 547-page site were about
    300,000 calls of ``encode``). None where the value is its own encoding (a string,
    a number, a boolean, None, or an optional one of those)."""
    if dataclasses.is_dataclass(kind):
        return _record_encoder(kind)
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if kind in (str, int, float, bool, type(None)):
        return None
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        if len(options) == 1:
            inner = _encoder(options[0])
            return None if inner is None else (lambda value: None if value is None else inner(value))
        return encode
    if origin in (tuple, list) and not _fixed_tuple(origin, args):
        item = _encoder(args[0])
        return list if item is None else (lambda value: [item(v) for v in value])
    if origin is frozenset:
        item = _encoder(args[0])
        return sorted if item is None else (lambda value: sorted(item(v) for v in value))
    if origin is dict and args[0] is str:
        item = _encoder(args[1]) or (lambda v: v)
        return lambda value: {_key(k): item(v) for k, v in value.items()}
    return encode  # a fixed tuple, free-form JSON: looked at value by value


def _record_encoder(kind):
    """A record's encoder (made on first use, since the annotations may name classes
    defined later): its fields in order, each through its annotation's encoder."""
    encode_record = None

    def record(value):
        nonlocal encode_record
        if type(value) is not kind:
            return _encode_fields(value)
        if encode_record is None:
            hints = _hints(kind)
            names = [name for name, _ in hints]
            # (attrgetter of one name gives the value, not a tuple of one)
            get = operator.attrgetter(*names) if len(names) > 1 else (
                lambda v: tuple(getattr(v, name) for name in names))
            steps = [_encoder(hint) for _, hint in hints]
            if all(step is None for step in steps):
                def encode_record(value):
                    return list(get(value))
            else:
                def encode_record(value):
                    return [v if step is None else step(v) for step, v in zip(steps, get(value))]
        return encode_record(value)
    return record


def _fixed_tuple(origin, args) -> bool:
    """Whether an annotation (its origin and arguments) is a tuple of fixed length
    (``tuple[X, Y]``), not ``tuple[X, ...]``."""
    return origin is tuple and not (len(args) == 2 and args[1] is Ellipsis)


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
    if _fixed_tuple(origin, args):
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
    """A record's decoder: its fields' checks written out as one function's code (made on
    first use, since the annotations may name classes defined later), so that a field of a
    plain type costs a test, not a call; other fields call their own decoders."""
    decode_record = None

    def record(data):
        nonlocal decode_record
        if decode_record is None:
            decode_record = _record_code(kind)
        return decode_record(data)
    return record


# The checks of ``_scalar``, written out for the code of ``_record_code``; ``{v}`` is the value.
_SCALAR_CODE = {
    str: ("not isinstance({v}, str)", None),
    bool: ("not isinstance({v}, bool)", None),
    int: ("isinstance({v}, bool) or not isinstance({v}, int)", None),
    float: ("isinstance({v}, bool) or not isinstance({v}, (int, float))", "float({v})"),
}


_WRITING: set = set()  # the records whose code is being written (a record may hold itself)


@lru_cache(maxsize=None)
def _record_code(kind):
    """The decoder of the dataclass ``kind`` as the code ``_record_decoder`` describes: the
    same checks as ``_decoder`` makes of each field's annotation, the same CodecError."""
    fields = _hints(kind)
    _WRITING.add(kind)
    names = {"_kind": kind, "_CodecError": CodecError}
    lines = [
        "def decode_record(data):",
        f"    if type(data) is not list or len(data) != {len(fields)}:",
        f"        raise _CodecError({f'not a {kind.__name__} record'!r})",
    ]
    if fields:
        lines.append(f"    {', '.join(f'v{k}' for k in range(len(fields)))}, = data")
    try:
        for k, (name, hint) in enumerate(fields):
            lines.extend("    " + line for line in _field_code(f"v{k}", hint, names, k))
    finally:
        _WRITING.discard(kind)
    values = ", ".join(f"{name!r}: v{k}" for k, (name, _) in enumerate(fields))
    plain = _plain_init(kind)
    if plain:
        # What its __init__ would do, without a call to it (a frozen record's __init__ sets
        # each field through object.__setattr__): its __dict__, every field in order, or
        # each of its slots.
        names["_new"], names["_set"] = object.__new__, object.__setattr__
        lines.append("    record = _new(_kind)")
        if plain == "dict":
            lines.append(f"    _set(record, '__dict__', {{{values}}})")
        else:
            lines += [f"    _set(record, {name!r}, v{k})" for k, (name, _) in enumerate(fields)]
        lines.append("    return record")
    else:
        lines.append("    return _kind(" + ", ".join(f"{name}=v{k}" for k, (name, _) in enumerate(fields)) + ")")
    exec("\n".join(lines), names)  # noqa: S102 - code written here from the record's own annotations
    return names["decode_record"]


def _plain_init(kind) -> str | None:
    """How ``kind``'s __init__ stores its fields, when that is all it does (the one dataclass
    writes, its code made by exec, with no __post_init__ after it): "dict", in its __dict__,
    or "slots", in slots that are its fields and nothing else; None otherwise."""
    init = vars(kind).get("__init__")
    if not (init is not None and getattr(init, "__code__", None) is not None
            and all(f.init for f in dataclasses.fields(kind))
            and init.__code__.co_filename == "<string>" and not hasattr(kind, "__post_init__")):
        return None
    if not hasattr(kind, "__slots__"):
        return "dict"
    named = tuple(f.name for f in dataclasses.fields(kind))
    slots = tuple(slot for k in kind.__mro__ for slot in vars(k).get("__slots__", ()))
    return "slots" if slots == named else None


def _field_code(v: str, hint, names: dict, k: int) -> list[str]:
    """Lines that check the value ``v`` as ``hint`` (and convert it, as ``_decoder`` does)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint in _SCALAR_CODE:
        test, convert = _SCALAR_CODE[hint]
        lines = [f"if {test.format(v=v)}:",
                 f"    raise _CodecError('expected {hint.__name__}, got ' + type({v}).__name__)"]
        return lines + ([f"{v} = {convert.format(v=v)}"] if convert else [])
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and args[1] is type(None) and (
            args[0] in _SCALAR_CODE or dataclasses.is_dataclass(args[0])):
        # ``X | None``: as the union tries X first, then None (a null is never an X).
        return [f"if {v} is not None:", *("    " + line for line in _field_code(v, args[0], names, k))]
    if origin in (tuple, list, frozenset) and len(args) == 2 and args[1] is Ellipsis or \
            origin in (list, frozenset) and len(args) == 1:
        item = args[0]
        if item in (str, int):  # as ``plain``
            names[f"_item{k}"] = item
            return [f"if not isinstance({v}, list) or not all(type(x) is _item{k} for x in {v}):",
                    f"    raise _CodecError({f'expected a list of {item.__name__}s'!r})",
                    f"{v} = {origin.__name__}({v})"]
        names[f"_item{k}"] = _nested(item)
        return [f"if not isinstance({v}, list):",
                f"    raise _CodecError({f'expected a list of {item}'!r})",
                f"{v} = {origin.__name__}([_item{k}(x) for x in {v}])"]
    names[f"_decode{k}"] = _nested(hint)
    return [f"{v} = _decode{k}({v})"]


def _nested(kind):
    """The decoder of a field's ``kind``: a record's own code when it can be written now."""
    if dataclasses.is_dataclass(kind) and kind not in _WRITING:
        return _record_code(kind)
    return _decoder(kind)
