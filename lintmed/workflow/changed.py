"""Changed-lines mode (``--diff-base REF``): which lines of which files are new since REF.

One ``git diff --unified=0 REF`` for the whole work tree (so renames are seen
as renames), parsed for the ``+++`` file names and the ``@@ -a,b +c,d @@``
hunk headers: lines ``c .. c+d-1`` of the new file were added or changed. A
hunk that only deletes (``d == 0``) adds no line. Files that git does not
track (untracked, ignored, outside the repository, or text read from stdin)
count as entirely new. Any git failure becomes an ``InputError`` (exit 2).
"""
from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field

from lintmed.errors import InputError

_COMMIT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_OCTAL = re.compile(rb"\\([0-7]{3}|.)")
_C_ESCAPES = {b"a": b"\a", b"b": b"\b", b"t": b"\t", b"n": b"\n", b"v": b"\v", b"f": b"\f", b"r": b"\r"}


@dataclass
class ChangedLines:
    """New lines per file (real paths); files not in ``lines`` but in ``all_new`` are wholly new."""

    lines: dict[str, set[int]] = field(default_factory=dict)
    all_new: set[str] = field(default_factory=set)
    root: str = ""

    def touches(self, path: str, first: int, last: int) -> bool:
        key = _key(path)
        if key in self.all_new or not self._tracked(key):
            return True
        new = self.lines.get(key, ())
        return any(line in new for line in range(first, last + 1))

    def _tracked(self, key: str) -> bool:
        # Paths outside the repository, and names that are no file (stdin), are new.
        return bool(self.root) and os.path.isfile(key) and (key + os.sep).startswith(self.root + os.sep)


def _key(path: str) -> str:
    return os.path.realpath(path)


def _git(args: list[str], cwd: str) -> str:
    try:
        proc = subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=cwd, capture_output=True,
                              check=False)
    except FileNotFoundError:
        raise InputError("--diff-base needs git, which is not installed") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _GitFailed(message[-1] if message else f"git {args[0]} failed")
    return proc.stdout.decode("utf-8", "surrogateescape")


class _GitFailed(Exception):
    pass


def _unquote(name: str) -> str:
    """A path as git prints it in a diff header: C-quoted when it has odd characters."""
    if not (name.startswith('"') and name.endswith('"')):
        return name
    raw = name[1:-1].encode("utf-8", "surrogateescape")

    def sub(m):
        esc = m.group(1)
        if len(esc) == 3 and esc.isdigit():
            return bytes([int(esc, 8)])
        return _C_ESCAPES.get(esc, esc)

    return _OCTAL.sub(sub, raw).decode("utf-8", "surrogateescape")


def parse_diff(diff: str) -> dict[str, set[int]]:
    """Added/changed line numbers per new-side path (relative to the repository root)."""
    out: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            name = _unquote(line[4:].rstrip("\t"))
            if name == "/dev/null":
                current = None
            else:
                current = out.setdefault(name[2:] if name.startswith("b/") else name, set())
        elif line.startswith("@@") and current is not None:
            m = _HUNK.match(line)
            if m:
                start, count = int(m.group(1)), int(m.group(2) if m.group(2) is not None else 1)
                current.update(range(start, start + count))
    return out


def changed_lines(base: str, paths, cwd: str | None = None) -> ChangedLines:
    """What changed since ``base`` in the work tree; ``paths`` are the files being checked."""
    cwd = cwd or os.getcwd()
    try:
        root = _git(["rev-parse", "--show-toplevel"], cwd).strip()
    except _GitFailed:
        raise InputError(f"--diff-base {base}: {os.path.abspath(cwd)} is not in a git repository") from None
    if not base or base.startswith("-") or any(c in base for c in "\0\n\r"):
        # git would read "--output=FILE" as an option, whatever the ref is called.
        raise InputError(f"--diff-base {base!r}: not a git revision (a revision never starts with '-')")
    try:
        # The ref is resolved once, as a value (--end-of-options), to the commit id that
        # git diff is then given: nothing the user typed reaches git diff.
        commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{base}^{{commit}}"], cwd).strip()
    except _GitFailed:
        raise InputError(f"--diff-base {base}: no such commit, branch or tag in this repository") from None
    if not _COMMIT_ID.fullmatch(commit):
        raise InputError(f"--diff-base {base}: git did not resolve it to a commit") from None
    try:
        diff = _git(["diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv", "-M",
                     "--src-prefix=a/", "--dst-prefix=b/", commit, "--"], root)
        tracked = _git(["ls-files", "-z", "--cached", "--full-name"], root)
    except _GitFailed as exc:
        raise InputError(f"--diff-base {base}: git failed: {exc}") from None
    root = os.path.realpath(root)
    result = ChangedLines(root=root)
    for rel, lines in parse_diff(diff).items():
        result.lines[_key(os.path.join(root, rel))] = lines
    known = {_key(os.path.join(root, rel)) for rel in tracked.split("\0") if rel}
    for path in paths:
        key = _key(path)
        if key not in known:
            result.all_new.add(key)
    return result

