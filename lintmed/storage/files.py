"""Finding and reading the files to check. The only module that reads documents."""
from __future__ import annotations

import codecs
import fnmatch
import os
import re
import stat
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
    named: set[str] = field(default_factory=set)  # files named on the command line, not found by walking


def excluded(path: str, exclude, root: Path | None) -> bool:
    """Whether a file matches an exclude glob, from ``root`` (the config's folder) or the working folder."""
    rels = {relative_to(path, root)} if root is not None else set()
    rels.add(relative_to(path, Path.cwd()))
    return _matches(sorted(rels), tuple(exclude) + DEFAULT_EXCLUDE, True)


def wanted(path: str, include, exclude, root: Path | None) -> bool:
    """Whether walking a folder would check ``path``: it matches include and no exclude."""
    rels = [relative_to(path, root if root is not None else Path.cwd())]
    return _matches(rels, include, False) and not excluded(path, exclude, root)


def _glob_regex(pattern: str) -> re.Pattern:
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2:]:
            j = pattern.index("]", i + 2)
            body = pattern[i + 1:j]
            body = "^" + body[1:] if body[:1] in "!^" else body
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = j + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def glob_problem(pattern: str) -> str | None:
    """Why ``pattern`` is no usable glob (e.g. a range "[z-a]"), or None."""
    try:
        _glob_regex(pattern.strip().lstrip("/").rstrip("/") or "*")
        re.compile(fnmatch.translate(pattern.strip()))
    except re.error as exc:
        return exc.msg
    return None


def glob_match(pattern: str, rel: str, below: bool = True) -> bool:
    """Match a path relative to the project (forward slashes) against a glob, as .gitignore does.

    A glob without "/" matches a name at any depth (``*.md``, ``drafts``); one
    with "/" matches from the root (``site/blog/*.md``; ``*`` stays inside one
    folder, ``**`` spans any number). With ``below`` a glob also matches
    everything inside a folder it matches (``drafts``, ``site/drafts``).
    """
    pattern = pattern.strip()
    while pattern.startswith("./"):
        pattern = pattern[2:]
    pattern = pattern.lstrip("/").rstrip("/") or "*"
    parts = rel.split("/")
    if "/" not in pattern:
        names = parts if below else parts[-1:]
        return any(fnmatch.fnmatch(name, pattern) for name in names)
    regex = _glob_regex(pattern)
    prefixes = range(1, len(parts) + 1) if below else (len(parts),)
    return any(regex.fullmatch("/".join(parts[:n])) for n in prefixes)


def relative_to(path: str, base: Path) -> str:
    """``path`` relative to ``base`` with forward slashes (as given if it is not inside)."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
    if rel == ".." or rel.startswith(".." + os.sep):
        rel = os.path.normpath(path)
    return Path(rel).as_posix()


def _matches(rels, globs, below: bool) -> bool:
    return any(glob_match(g, rel, below) for g in globs for rel in rels)


def is_binary(path: str) -> bool:
    with open(path, "rb") as fh:
        head = fh.read(_SNIFF)
    return (b"\0" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
            and utf16_without_bom(head) is None)


def utf16_without_bom(head: bytes) -> str | None:
    """"UTF-16-LE" or "UTF-16-BE" when ``head`` reads as text in that encoding without a
    byte-order mark (half its characters or more have a NUL half, and every character is
    printable or white space), else None: such a file is text to report as UTF-16, not binary.
    ``head`` is the start of a file, cut anywhere: a character cut at its end (an odd byte, or
    the first half of a surrogate pair) is left out, not taken for an error."""
    even = len(head) - len(head) % 2
    if even < 8:
        return None
    for codec, zero_half in (("utf-16-le", head[1:even:2]), ("utf-16-be", head[0:even:2])):
        if zero_half.count(0) * 2 < even // 2:
            continue
        try:
            text = codecs.getincrementaldecoder(codec)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        if all(ch.isprintable() or ch.isspace() for ch in text):
            return codec.upper()
    return None


_SPECIAL_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                  (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _special_file(path: str) -> str | None:
    """What ``path`` is when it is no regular file (a symlink is followed); None otherwise,
    and when it cannot be looked at (reading it then says why)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return next((kind for test, kind in _SPECIAL_KINDS if test(mode)), None)


def collect_files(paths, include=DEFAULT_INCLUDE, exclude=(), root: Path | None = None,
                  force_exclude: bool = False) -> Targets:
    """Files named directly are checked (unless ``force_exclude`` and they match an exclude
    glob, as ruff's --force-exclude); folders recurse with include/exclude globs.

    Globs match paths relative to the folder walked and, when given, to
    ``root`` (the config file's folder); see ``glob_match``.

    A missing path or a folder with nothing to check is an error; a binary
    file met while walking a folder is skipped with a notice (a file that
    cannot be read is kept: reading it reports the problem).
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
            def rels(full):
                out = [Path(os.path.relpath(full, path)).as_posix()]
                return out + [relative_to(full, root)] if root is not None else out

            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not _matches(rels(os.path.join(folder, d)), exclude, True))
                for name in sorted(names):
                    full = os.path.normpath(os.path.join(folder, name))  # "site/a.md", not "./site/a.md"
                    rel = rels(full)
                    if not _matches(rel, include, False) or _matches(rel, exclude, True):
                        continue
                    special = _special_file(full)
                    if special:  # opening a FIFO would wait for a writer forever
                        targets.notices.append(f"{full}: skipped, not a regular file ({special})")
                        continue
                    try:
                        binary = is_binary(full)
                    except OSError:
                        binary = False  # reading it again fails: an error finding for the file
                    if binary:
                        targets.notices.append(f"{full}: skipped, binary file")
                        continue
                    targets.files.append(full)
            if len(targets.files) == before:
                raise InputError(
                    f"no files to check (looked for {', '.join(include)})", str(raw)
                )
        elif path.exists():
            if force_exclude and excluded(str(raw), exclude, root):
                continue  # pre-commit names every staged file; the config says which are not copy
            targets.files.append(str(raw))
            targets.named.add(str(raw))
        else:
            raise InputError("no such file or directory", str(raw))
    return targets


@dataclass(frozen=True)
class Encoding:
    """How a file's bytes are text: a codec, and the byte-order mark it opened with."""

    codec: str = "utf-8"
    bom: bytes = b""
    declared: bool = False  # named by the file itself (HTML <meta charset>)

    def encode(self, text: str) -> bytes:
        """``text`` as the file had it (a fix writes the file back this way)."""
        return self.bom + text.encode(self.codec, errors="xmlcharrefreplace" if self.declared else "strict")


_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# HTML's encoding prescan looks at the first 1024 bytes for <meta charset> or
# <meta http-equiv="Content-Type" content="text/html; charset=...">.
_PRESCAN = 1024
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# The WHATWG Encoding Standard reads these labels as windows-1252.
_AS_WINDOWS_1252 = {"ascii", "latin-1", "iso8859-1"}


def sniff_encoding(data: bytes, name: str) -> Encoding:
    """The file's encoding: a BOM (UTF-8, UTF-16), else an HTML file's declared
    charset, else UTF-8."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Encoding(codec, bom)
    if name.lower().endswith((".html", ".htm")):
        m = _META_CHARSET.search(data[:_PRESCAN])
        if m:
            try:
                codec = codecs.lookup(m.group(1).decode("ascii")).name
            except (LookupError, UnicodeDecodeError):
                codec = "utf-8"  # an unknown label: browsers fall back too
            if codec.startswith("utf-16"):
                codec = "utf-8"  # a declared UTF-16 without a BOM is read as UTF-8 (HTML standard)
            return Encoding("cp1252" if codec in _AS_WINDOWS_1252 else codec, declared=True)
    return Encoding()


def decode(data: bytes, name: str) -> str:
    """Text of a file: UTF-8 or UTF-16 with a BOM (dropped), an HTML file's declared
    charset, else UTF-8; never a binary file."""
    encoding = sniff_encoding(data, name)
    body = data[len(encoding.bom):]
    if not encoding.codec.startswith("utf-16") and b"\0" in body[:_SNIFF]:
        wide = utf16_without_bom(body[:_SNIFF])
        if wide:
            raise InputError(f"{wide} without a byte-order mark, so not read (its encoding would be a guess); "
                             "save it as UTF-8, or as UTF-16 with a byte-order mark", name)
        raise InputError("binary file, not text", name)
    try:
        return body.decode(encoding.codec)
    except UnicodeDecodeError as exc:
        at = len(encoding.bom) + exc.start
        line = data[:at].count(b"\n") + 1
        what = f"{encoding.codec} (its declared charset)" if encoding.declared else (
            "UTF-16" if encoding.codec.startswith("utf-16") else "UTF-8")
        raise InputError(f"not valid {what} (byte 0x{data[at]:02x} at offset {at}); save it as UTF-8",
                         name, line) from None


def read_setting(path: str, limit: int, error=InputError, what: str = "file") -> str:
    """The UTF-8 text of a rule file or config: a regular file of at most ``limit``
    bytes (``rules: [/dev/zero]`` or a FIFO must not hang or fill memory)."""
    try:
        with open(path, "rb", opener=_nonblocking) as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise error(f"{what} is not a regular file", str(path))
            if st.st_size > limit:
                raise error(f"{what} too large ({st.st_size:,} bytes; at most {limit:,})", str(path))
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise error(f"{what} not found", str(path)) from None
    except IsADirectoryError:
        raise error(f"{what} is a directory", str(path)) from None
    except OSError as exc:
        raise error(f"cannot read {what} ({exc.strerror or exc.__class__.__name__})", str(path)) from None
    if len(data) > limit:
        raise error(f"{what} too large (over {limit:,} bytes)", str(path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(f"{what} is not valid UTF-8 (byte 0x{data[exc.start]:02x})", str(path), line) from None


def _nonblocking(path, flags):
    """Open without blocking, so that a FIFO is refused instead of waiting for a writer."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


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
