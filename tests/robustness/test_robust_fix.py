"""Item: --fix is all or nothing. A file is replaced only if it still holds what was read
(compare-and-swap just before the rename; on Linux an exchange that is undone when another
program saved in between), never half-written; read-only files, unwritable folders and
hard-linked files are reported, not replaced; a symlink's target is rewritten, the link
stays."""
from __future__ import annotations

import os

import pytest

import lintmed.workflow.safe_write as safe_write
from lintmed.workflow.safe_write import ChangedOnDisk, NotWritten, Snapshot, write_atomic

from robust_support import lines, write

PAGE = "Our tea boosts energy.\n"
FIXED = "Our tea may help boost energy.\n"
THEIRS = "Saved by the editor meanwhile.\n"


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".lintmed-tmp"))


def test_fix_rewrites_and_leaves_no_temporary_file(run, tmp_path):
    page = write(tmp_path, "page.md", PAGE)
    page.chmod(0o640)
    code, _, err = run("check", "--no-detector", "--fix", "page.md")
    assert page.read_text(encoding="utf-8") == FIXED, err
    assert oct(page.stat().st_mode & 0o777) == "0o640" and leftovers(tmp_path) == []


def test_a_save_between_the_last_check_and_the_swap_is_not_lost(tmp_path, monkeypatch):
    page = write(tmp_path, "page.md", PAGE)
    snapshot = Snapshot.take(str(page))
    real = safe_write.exchange

    def editor_saves_first(a, b):
        if safe_write._renameat2() is None:
            pytest.skip("no renameat2 here: the window is the moment before os.replace")
        page.write_text(THEIRS, encoding="utf-8")  # the editor's save lands just now
        return real(a, b)

    monkeypatch.setattr(safe_write, "exchange", editor_saves_first)
    with pytest.raises(ChangedOnDisk) as caught:
        write_atomic(snapshot, FIXED.encode())
    assert caught.value.message == "not fixed: the file changed on disk while it was being replaced"
    assert page.read_text(encoding="utf-8") == THEIRS
    assert leftovers(tmp_path) == []


def test_without_an_exchange_the_content_is_compared_just_before_the_rename(tmp_path, monkeypatch):
    page = write(tmp_path, "page.md", PAGE)
    snapshot = Snapshot.take(str(page))
    monkeypatch.setattr(safe_write, "_renameat2", lambda: None)
    real_read = safe_write._read
    calls = []

    def save_before_the_last_read(path):
        calls.append(path)
        page.write_text(THEIRS, encoding="utf-8")
        return real_read(path)

    monkeypatch.setattr(safe_write, "_read", save_before_the_last_read)
    with pytest.raises(ChangedOnDisk):
        write_atomic(snapshot, FIXED.encode())
    assert calls == [str(page)] and page.read_text(encoding="utf-8") == THEIRS and leftovers(tmp_path) == []


def test_same_size_same_mtime_other_content_is_still_refused(tmp_path):
    page = write(tmp_path, "page.md", PAGE)
    snapshot = Snapshot.take(str(page))
    st = page.stat()
    page.write_text(PAGE.upper(), encoding="utf-8")
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))  # a save that kept size and mtime
    with pytest.raises(ChangedOnDisk):
        write_atomic(snapshot, FIXED.encode())
    assert page.read_text(encoding="utf-8") == PAGE.upper()


def test_hard_linked_file_is_reported_not_split(run, tmp_path):
    page = write(tmp_path, "page.md", PAGE)
    os.link(page, tmp_path / "twin.md")
    code, _, err = run("check", "--no-detector", "--fix", "page.md")
    assert code == 1
    assert "lintmed: page.md: not fixed: the file has 2 hard links, which replacing it would split" in lines(err)
    assert page.read_text(encoding="utf-8") == PAGE and os.path.samefile(page, tmp_path / "twin.md")


def test_symlink_target_is_rewritten_and_the_link_kept(run, tmp_path):
    target = write(tmp_path, "real/page.md", PAGE)
    link = tmp_path / "page.md"
    link.symlink_to(target)
    code, _, err = run("check", "--no-detector", "--fix", "page.md")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == FIXED, err


def test_a_file_locked_by_another_program_is_left_alone(run, tmp_path):
    fcntl = pytest.importorskip("fcntl")
    page = write(tmp_path, "page.md", PAGE)
    with open(page, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        code, _, err = run("check", "--no-detector", "--fix", "page.md")
    assert "lintmed: page.md: not fixed: another program holds a lock on the file" in lines(err)
    assert page.read_text(encoding="utf-8") == PAGE


def test_a_failed_write_leaves_the_file_whole(tmp_path, monkeypatch):
    page = write(tmp_path, "page.md", PAGE)
    snapshot = Snapshot.take(str(page))

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safe_write.os, "fsync", disk_full)
    with pytest.raises(NotWritten) as caught:
        write_atomic(snapshot, FIXED.encode())
    assert caught.value.message == "not fixed: cannot replace the file (No space left on device)"
    assert page.read_text(encoding="utf-8") == PAGE and leftovers(tmp_path) == []


def test_other_files_are_fixed_when_one_cannot_be(run, tmp_path):
    locked = write(tmp_path, "a.md", PAGE)
    other = write(tmp_path, "b.md", PAGE)
    locked.chmod(0o444)
    code, _, err = run("check", "--no-detector", "--fix", "a.md", "b.md")
    assert "lintmed: a.md: not fixed: the file is read-only" in lines(err)
    assert locked.read_text(encoding="utf-8") == PAGE and other.read_text(encoding="utf-8") == FIXED
