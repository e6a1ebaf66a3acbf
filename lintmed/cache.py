"""A cache for work that depends only on files' contents, to start fast.

A pre-commit run on one file is a new process each time, and parsing and checking
rules.yaml is a third of its start-up. Each entry is a pickle in the user's cache folder
(``$LINTMED_CACHE_DIR``, else ``$XDG_CACHE_HOME/lintmed``, else ``~/.cache/lintmed``),
named by a hash of lintmed's version, Python's, the code that builds it and its inputs,
so a changed input or a new lintmed never reads an old entry. ``LINTMED_NO_CACHE=1``
turns it off. A missing or unreadable entry is rebuilt, and one that cannot be written
is skipped: the cache only ever saves time, and errors are never cached.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    if os.environ.get("LINTMED_NO_CACHE", "").strip() not in ("", "0"):
        return None
    if os.environ.get("LINTMED_CACHE_DIR"):
        return Path(os.environ["LINTMED_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lintmed"


def entry_name(kind: str, inputs: Iterable[str | bytes]) -> str:
    """The file name of the entry of ``kind`` built from ``inputs``."""
    from lintmed import __version__

    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0{kind}".encode())
    for item in inputs:
        data = item.encode("utf-8", "surrogatepass") if isinstance(item, str) else item
        digest.update(len(data).to_bytes(8, "little"))  # so ("ab", "c") is not ("a", "bc")
        digest.update(data)
    return f"{kind}-{digest.hexdigest()[:32]}.pickle"


def cached(kind: str, inputs: Iterable[str | bytes], build: Callable[[], T]) -> T:
    """``build()``, or what it returned last time for the same ``inputs``."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / entry_name(kind, inputs)
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except Exception:  # noqa: BLE001 - missing, truncated or from another build: rebuild
        pass
    value = build()
    _write(path, value)
    return value


def _write(path: Path, value) -> None:
    """Write atomically (a reader never sees half an entry); give up quietly."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, pickle.PicklingError):
        pass  # a read-only home or a full disk costs time, not the run


def source_of(*modules: str) -> list[bytes]:
    """The source bytes of lintmed modules, so that changed code never reads old entries."""
    root = Path(__file__).parent
    return [(root / f"{name}.py").read_bytes() for name in modules]
