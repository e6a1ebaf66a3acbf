"""Reading and changing cache entries in tests: a record is stored as the array of its
fields' values, in the order of its fields (lintmed.storage.codec)."""
from __future__ import annotations

import dataclasses


def at(kind, name: str) -> int:
    """Where the field ``name`` of the dataclass ``kind`` stands in its stored array."""
    return [f.name for f in dataclasses.fields(kind)].index(name)


def field(stored: list, kind, name: str):
    """The value of the field ``name`` in ``stored``, a ``kind`` record as stored."""
    return stored[at(kind, name)]


def with_field(stored: list, kind, name: str, value) -> list:
    """A copy of ``stored`` (a ``kind`` record as stored) with the field ``name`` set to ``value``."""
    out = list(stored)
    out[at(kind, name)] = value
    return out
