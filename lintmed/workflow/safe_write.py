"""Replacing a file that ``--fix`` rewrote: all or nothing, never over a newer save.

A file is replaced only when it still holds exactly the bytes that were read
(compare-and-swap on size, mtime and a SHA-256 of the content), and never
half-written: the new text goes to a temporary file in the same folder,
flushed to disk, which then takes the file's place in one rename.

The check and the rename cannot be one system call, so a save by another program
between them would be lost. On Linux the rename *exchanges* the two files
(``renameat2(RENAME_EXCHANGE)``): the old file stays whole under the temporary
name, is compared once more, and if someone saved in between the exchange is undone,
so their text is back in place. Elsewhere the window is the few microseconds between
the last check and ``os.replace``. Cooperating tools can also hold an advisory
``flock`` on the file: a locked file is left alone.

What is never replaced (each reported, the run goes on): a file without write
permission (mode 0444 and the like, even for root), a file in a folder lintmed cannot
write, and a file with more than one hard link (replacing it would split the links).
A symbolic link is followed: the file it points to is rewritten, the link stays.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lintmed.errors import LintmedError
from lintmed.workflow.files import decode, sniff_encoding

BOM = b"\xef\xbb\xbf"
_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


class NotWritten(LintmedError):
    """The file was left alone (the message says why); the run goes on."""


class ChangedOnDisk(NotWritten):
    """The file changed between reading and writing it; it was left alone."""


@dataclass(frozen=True)
class Snapshot:
    """A file's bytes and identity when it was read, to refuse writing over a newer version."""

    path: str
    data: bytes
    mtime_ns: int
    size: int

    @classmethod
    def take(cls, path: str) -> "Snapshot":
        real = os.path.realpath(path)  # a symlink: its target is the file rewritten
        with open(real, "rb") as fh:
            st = os.fstat(fh.fileno())
            data = fh.read()
        return cls(real, data, st.st_mtime_ns, st.st_size)

    @property
    def bom(self) -> bool:
        return self.data.startswith(BOM)

    @property
    def digest(self) -> bytes:
        return hashlib.sha256(self.data).digest()

    def text(self) -> str:
        return decode(self.data, self.path)

    def matches(self, st: os.stat_result, data: bytes) -> bool:
        return (st.st_size == self.size and st.st_mtime_ns == self.mtime_ns
                and hashlib.sha256(data).digest() == self.digest)


def encode_like(text: str, snapshot: Snapshot) -> bytes:
    """``text`` encoded as the file was: its encoding (UTF-8, UTF-16, an HTML page's
    declared charset), with its BOM if it had one."""
    return sniff_encoding(snapshot.data, snapshot.path).encode(text)


def _read(path: str) -> tuple[os.stat_result, bytes]:
    with open(path, "rb") as fh:
        return os.fstat(fh.fileno()), fh.read()


def _why(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__


@lru_cache(maxsize=1)
def _renameat2():
    """libc's renameat2, or None (not Linux, or a libc without it)."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        func = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


def exchange(a: str, b: str) -> bool:
    """Swap the files at ``a`` and ``b`` in one step; False when the system cannot."""
    func = _renameat2()
    if func is None:
        return False
    if func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # this file system or kernel has no exchange: fall back to os.replace
    raise OSError(err, os.strerror(err))


def _lock(fh) -> bool:
    """An advisory exclusive lock on the open file; False if another program holds one."""
    try:
        import fcntl  # here, not at the top: POSIX only
    except ImportError:  # not POSIX: no advisory locks to honour
        return True
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return True  # a file system without flock: nothing to honour
    return True


def write_atomic(snapshot: Snapshot, data: bytes) -> None:
    """Replace the file with ``data`` atomically, keeping its permissions and owner.

    Raises NotWritten (ChangedOnDisk when its content changed since ``snapshot``)
    and leaves the file as it was, whatever the reason.
    """
    path = snapshot.path
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise ChangedOnDisk(f"not fixed: cannot re-read the file ({_why(exc)})", path) from None
    with fh:
        st = os.fstat(fh.fileno())
        if not snapshot.matches(st, fh.read()):
            raise ChangedOnDisk("not fixed: the file changed on disk since it was read", path)
        if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            raise NotWritten("not fixed: the file is read-only", path)
        if st.st_nlink > 1:
            raise NotWritten(f"not fixed: the file has {st.st_nlink} hard links, which replacing it "
                             "would split", path)
        if not _lock(fh):
            raise NotWritten("not fixed: another program holds a lock on the file", path)
        _replace(path, data, st, snapshot)  # the lock is held until the file is closed


def _replace(path: str, data: bytes, st: os.stat_result, snapshot: Snapshot) -> None:
    folder = os.path.dirname(path) or "."
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{Path(path).name}.", suffix=".lintmed-tmp")
    except OSError as exc:
        raise NotWritten(f"not fixed: cannot write in its folder ({_why(exc)})", path) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if hasattr(os, "chown"):
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:
                pass  # not ours to give away; the mode is kept
        # The last check before the swap: compare-and-swap.
        if not snapshot.matches(*_read(path)):
            raise ChangedOnDisk("not fixed: the file changed on disk since it was read", path)
        if exchange(tmp, path):
            # ``tmp`` now holds the file as it was just before the swap.
            if not snapshot.matches(*_read(tmp)):
                _undo(tmp, path)
                raise ChangedOnDisk("not fixed: the file changed on disk while it was being replaced", path)
        else:
            os.replace(tmp, path)
    except OSError as exc:
        _discard(tmp)
        raise NotWritten(f"not fixed: cannot replace the file ({_why(exc)})", path) from None
    except NotWritten as exc:
        if "saved meanwhile" not in exc.message:
            _discard(tmp)
        raise
    except BaseException:
        _discard(tmp)
        raise
    _discard(tmp)  # after an exchange: the old file


def _undo(tmp: str, path: str) -> None:
    """Someone saved between the last check and the exchange: swap their file back."""
    try:
        exchange(tmp, path)
    except OSError as exc:  # theirs is kept where it is, never deleted
        raise NotWritten(f"not fixed, and the file saved meanwhile is in {tmp} ({_why(exc)})", path) from None


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass
