"""A cache for work that depends only on files' contents: to start fast, and to skip
files that have not changed since the last run.

A pre-commit run on one file is a new process each time, and parsing and checking
rules.yaml is a third of its start-up; a CI run over an unchanged site should not
lint it again. Each entry is a JSON file in the user's cache folder
(``$LINTMED_CACHE_DIR``, else ``$XDG_CACHE_HOME/lintmed``, else ``~/.cache/lintmed``),
named by a hash of lintmed's version and code (every file of the package, by content),
Python's version, the kind of entry and its inputs, so a changed input or another lintmed
never reads an old entry. ``LINTMED_NO_CACHE=1`` (or
``disable()``, which ``--no-cache`` calls) turns it off.

What is loaded is trusted with findings, so nothing in the cache can run code or
come from another user:

- entries are JSON, checked field by field on load (lintmed.storage.codec); an entry that
  does not parse, names another kind or key, or does not hold the record it should
  is ignored and rebuilt;
- the folder is created private (0700), and a folder or entry that another user owns
  or can write (group- or world-writable) is not used: the run goes on without a
  cache.

A missing or unreadable entry is rebuilt, and one that cannot be written is skipped:
the cache only ever saves time, and errors are never cached.

Every edit of a file, rule file or lintmed makes new entries, so the folder is kept from
growing without end: an entry read or written counts as used (its mtime, refreshed at most
once a day), and a run that writes an entry removes, at most once a day, the entries no run
has used for UNUSED_DAYS days and the temporary files a killed run left. ``clean`` (``lintmed
clean``) removes every entry.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from lintmed._version import __version__
from lintmed.storage.codec import CodecError, decode, encode

T = TypeVar("T")
FORMAT = "lintmed-cache-2"  # the header of every entry; a file without it is foreign
_disabled = False
_checked: dict[Path, bool] = {}  # folder -> safe to use, decided once per process
# An entry no run has read or written for this long is removed (by a run that writes one).
UNUSED_DAYS = 30
_DAY = 24 * 3600
_PRUNED = ".last-pruned"  # its mtime: when the folder was last pruned
# What lintmed writes in the folder, and nothing else: entries, and the temporary files of
# entries being written (left behind only by a killed run).
_OURS = re.compile(r"[a-z]+-[0-9a-f]{32}\.json|\.tmp-[\w-]+\.json|" + re.escape(_PRUNED))
_pruned: set[Path] = set()  # folders this process has looked at for pruning


def disable(off: bool = True) -> None:
    """Turn the cache off for this process (``--no-cache``); ``disable(False)`` turns it back on."""
    global _disabled
    _disabled = off


def cache_dir() -> Path | None:
    """The configured cache folder, or None when caching is off."""
    if _disabled or os.environ.get("LINTMED_NO_CACHE", "").strip() not in ("", "0"):
        return None
    return configured_dir()


def configured_dir() -> Path:
    """The cache folder the environment names, whether caching is on or off."""
    if os.environ.get("LINTMED_CACHE_DIR"):
        return Path(os.environ["LINTMED_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lintmed"


def _owned_and_private(st: os.stat_result) -> bool:
    """Owned by this user and writable by no one else."""
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def usable_dir() -> Path | None:
    """The cache folder when it is safe to use (created private if missing), else None."""
    folder = cache_dir()
    if folder is None:
        return None
    if folder not in _checked:
        _checked[folder] = _make_private(folder)
    return folder if _checked[folder] else None


def _make_private(folder: Path) -> bool:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.stat(folder)  # through a symlink: the folder itself must be ours
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and _owned_and_private(st)


def entry_name(kind: str, inputs: Iterable[str | bytes]) -> str:
    """The file name of the entry of ``kind`` built from ``inputs``."""
    return f"{kind}-{digest(kind, inputs)[:32]}.json"


def digest(kind: str, inputs: Iterable[str | bytes]) -> str:
    """A hash of lintmed's version and code, Python's version, ``kind`` and every input,
    with its boundaries."""
    h = hashlib.sha256(f"{__version__}\0{code_fingerprint()}\0{sys.version}\0{kind}".encode())
    for item in inputs:
        _feed(h, item)
    return h.hexdigest()


def _feed(h, item: str | bytes) -> None:
    data = item.encode("utf-8", "surrogatepass") if isinstance(item, str) else item
    h.update(len(data).to_bytes(8, "little"))  # so ("ab", "c") is not ("a", "bc")
    h.update(data)


def load(kind: str, key: str, record) -> object | None:
    """The value stored under ``key`` as the type ``record``, or None when there is
    none or it is not to be trusted (unparsable, foreign, another key, wrong shape)."""
    folder = usable_dir()
    if folder is None:
        return None
    path = folder / f"{kind}-{key[:32]}.json"
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            if not _owned_and_private(st):
                return None
            entry = json.loads(f.read())
        if not (isinstance(entry, dict) and entry.get("format") == FORMAT
                and entry.get("kind") == kind and entry.get("key") == key and "value" in entry):
            return None
        value = decode(record, entry["value"])
    except (OSError, ValueError, TypeError, RecursionError, CodecError):
        return None  # missing, truncated, from another build: rebuilt by the caller
    if time.time() - st.st_mtime > _DAY:
        try:
            os.utime(path)  # used: kept from pruning (see _prune)
        except OSError:
            pass  # a read-only folder: the entry is still good
    return value


def store(kind: str, key: str, value) -> None:
    """Write the entry atomically (a reader never sees half of one); give up quietly."""
    folder = usable_dir()
    if folder is None:
        return
    try:
        data = json.dumps({"format": FORMAT, "kind": kind, "key": key, "value": encode(value)},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    except (CodecError, ValueError, TypeError):
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, folder / f"{kind}-{key[:32]}.json")
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return  # a read-only home or a full disk costs time, not the run
    if folder not in _pruned:
        _pruned.add(folder)
        _prune(folder)


def _prune(folder: Path) -> None:
    """Remove the entries of ``folder`` that no run has used for UNUSED_DAYS days, and
    temporary files over a day old, unless that was done less than a day ago."""
    now = time.time()
    marker = folder / _PRUNED
    try:
        if now - os.stat(marker).st_mtime < _DAY:
            return
    except FileNotFoundError:
        pass
    except OSError:
        return
    try:
        marker.touch()  # first: another run starting now need not prune too
    except OSError:
        return
    for item, st in _entries(folder):
        limit = _DAY if item.name.startswith(".tmp-") else UNUSED_DAYS * _DAY
        if item.name != _PRUNED and now - st.st_mtime > limit:
            try:
                os.unlink(item.path)
            except OSError:
                pass  # removed by another run meanwhile, or not ours to remove


def _entries(folder: Path) -> list[tuple[os.DirEntry, os.stat_result]]:
    """The files of ``folder`` that lintmed wrote: named as it names them, regular files
    (never a symlink) owned by this user."""
    found = []
    try:
        with os.scandir(folder) as items:
            for item in items:
                if not _OURS.fullmatch(item.name):
                    continue
                try:
                    st = item.stat(follow_symlinks=False)
                except OSError:
                    continue
                if stat.S_ISREG(st.st_mode) and (not hasattr(os, "getuid") or st.st_uid == os.getuid()):
                    found.append((item, st))
    except OSError:
        return []
    return found


def clean() -> tuple[Path, int, int]:
    """Remove every file lintmed wrote in its cache folder: (the folder, files removed,
    bytes freed). Other files stay, and so does the folder."""
    folder = configured_dir()
    removed = freed = 0
    for item, st in _entries(folder):
        try:
            os.unlink(item.path)
        except OSError:
            continue
        removed += 1
        freed += st.st_size
    return folder, removed, freed


def cached(kind: str, inputs: Iterable[str | bytes], build: Callable[[], T] | None, record) -> T | None:
    """``build()``, or what it returned last time for the same ``inputs`` (checked as ``record``);
    with ``build`` None, what is stored or None."""
    if cache_dir() is None:
        return build() if build else None
    key = digest(kind, inputs)
    value = load(kind, key, record)
    if value is None and build is not None:
        value = build()
        store(kind, key, value)
    return value


def per_object(table: dict, obj, make: Callable[[], T]) -> T:
    """``make()``, made once per object: kept in ``table`` under ``obj``'s id together with
    ``obj`` itself, which stays alive there, so that no other object ever takes its id."""
    kept = table.get(id(obj))
    if kept is None:
        kept = table[id(obj)] = (obj, make())
    return kept[1]


_JSON_OF: dict[int, tuple[object, str]] = {}  # id -> (value kept alive, its JSON)


def json_of(value) -> str:
    """``value`` as canonical JSON text, once per object (a rule set keys several entries)."""
    return per_object(_JSON_OF, value, lambda: json.dumps(encode(value), sort_keys=True, ensure_ascii=False))


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of every file of the installed lintmed package (code and data), by content:
    what is cached depends on all of it, and neither the version (an edited checkout keeps
    it) nor sizes and mtimes (a reproducible build or a restored file keeps them) tell two
    builds apart. About 1.3 MB read and hashed once per process (4 ms)."""
    return tree_digest(Path(__file__).parents[1])


def tree_digest(root: Path) -> str:
    """A hash of the names and contents of the files under ``root`` (bytecode left out)."""
    files = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        files += [os.path.join(folder, name) for name in names if not name.endswith(".pyc")]
    h = hashlib.sha256()
    for path in sorted(files):
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            continue  # unreadable here, so nothing of lintmed's reads it either
        _feed(h, os.path.relpath(path, root))
        _feed(h, data)
    return h.hexdigest()
