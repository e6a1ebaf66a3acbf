"""Readers turn a source file into prose plus an offset map (``Extracted``).

One module per input format; each module has ``read(source: str) -> Extracted``.
The registry maps a format name to its module, and a file suffix to a format.
"""
from __future__ import annotations

import importlib
from typing import Protocol

from lintmed.findings import Extracted


class Reader(Protocol):
    def read(self, source: str) -> Extracted: ...


# format name -> module under lintmed.readers (imported lazily: markdown-it is not free)
READERS = {"text": "text", "markdown": "markdown", "html": "html"}

SUFFIX_FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".text": "text",
}


def format_for(path: str) -> str:
    """The format for a path by its suffix; unknown suffixes are read as text."""
    lower = path.lower()
    for suffix, fmt in SUFFIX_FORMATS.items():
        if lower.endswith(suffix):
            return fmt
    return "text"


def get_reader(fmt: str) -> Reader:
    return importlib.import_module(f"lintmed.readers.{READERS[fmt]}")
