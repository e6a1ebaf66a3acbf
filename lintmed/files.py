"""Finding and reading the files to check. The only module that reads documents."""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

from lintmed.errors import InputError

DEFAULT_INCLUDE = ("*.md", "*.markdown", "*.mdx", "*.html", "*.htm", "*.txt")
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox")
STDIN = "-"
_SNIFF = 8192


@dataclass
class Targets:
    files: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # skipped files, said on stderr


def _matches(name: str, rel: str, globs) -> bool:
    return any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in globs)


def is_binary(path: str) -> bool:
    with open(path, "rb") as fh:
        return b"\0" in fh.read(_SNIFF)


def collect_files(paths, include=DEFAULT_INCLUDE, exclude=()) -> Targets:
    """Files named directly are always checked; folders recurse with include/exclude globs.

    A missing path or a folder with nothing to check is an error; a binary
    file met while walking a folder is skipped with a notice.
    """
    targets = Targets()
    exclude = tuple(exclude) + DEFAULT_EXCLUDE
    for raw in paths:
        if raw == STDIN:
            targets.files.append(STDIN)
            continue
        path = Path(raw)
        if path.is_dir():
            before = len(targets.files)
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not _matches(d, d, exclude))
                for name in sorted(names):
                    full = os.path.join(root, name)
                    rel = os.path.relpath(full, path)
                    if not _matches(name, rel, include) or _matches(name, rel, exclude):
                        continue
                    try:
                        binary = is_binary(full)
                    except OSError as exc:
                        targets.notices.append(f"{full}: skipped, cannot read ({exc.strerror})")
                        continue
                    if binary:
                        targets.notices.append(f"{full}: skipped, binary file")
                        continue
                    targets.files.append(full)
            if len(targets.files) == before:
                raise InputError(
                    f"no files to check (looked for {', '.join(include)})", str(raw)
                )
        elif path.exists():
            targets.files.append(str(raw))
        else:
            raise InputError("no such file or directory", str(raw))
    return targets


def decode(data: bytes, name: str) -> str:
    """Text of a file: UTF-8 (a BOM is dropped), never a binary or other encoding."""
    if b"\0" in data[:_SNIFF]:
        raise InputError("binary file, not text", name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                         name, line) from None


def read_source(path: str) -> str:
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError("is a directory", path) from None
    except FileNotFoundError:
        raise InputError("no such file or directory", path) from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc.__class__.__name__})", path) from None
    return decode(data, path)
