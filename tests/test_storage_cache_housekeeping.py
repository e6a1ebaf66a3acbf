"""The cache folder is kept from growing without end: entries no run has used for a month
go (at most once a day, by a run that writes an entry), a read counts as a use, and
``lintmed clean`` removes every entry lintmed wrote and nothing else."""
from __future__ import annotations

import os
import time

import pytest

from lintmed.rules.load import load_ruleset
from lintmed.storage import cache

DAY = 24 * 3600


@pytest.fixture(autouse=True)
def _fresh_process_state():
    cache._pruned.clear()  # as a new process: the folder not looked at for pruning yet
    yield
    cache._pruned.clear()
    cache.disable(False)


def _file(folder, name: str, days_old: float, text: str = "{}"):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    when = time.time() - days_old * DAY
    os.utime(path, (when, when))
    return path


def _aged(folder, days_old: float) -> dict[str, object]:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return {
        "old entry": _file(folder, "results-" + "a" * 32 + ".json", days_old),
        "used last week": _file(folder, "results-" + "b" * 32 + ".json", 7),
        "old temporary file": _file(folder, ".tmp-k1l2m3.json", 2),
        "someone else's file": _file(folder, "notes.json", days_old),
        "named like no entry": _file(folder, "results-short.json", days_old),
    }


def test_a_run_that_writes_removes_entries_unused_for_a_month_and_leaves_the_rest(cache_folder):
    files = _aged(cache_folder, cache.UNUSED_DAYS + 5)
    load_ruleset()  # writes the rule set's entry
    gone = {name for name, path in files.items() if not path.exists()}
    assert gone == {"old entry", "old temporary file"}
    assert list(cache_folder.glob("rules-*.json"))  # what the run wrote stays


def test_an_entry_used_within_the_month_stays(cache_folder):
    files = _aged(cache_folder, cache.UNUSED_DAYS - 1)
    load_ruleset()
    assert files["old entry"].exists()


def test_pruning_waits_a_day_after_the_last_time(cache_folder):
    files = _aged(cache_folder, cache.UNUSED_DAYS + 5)
    _file(cache_folder, ".last-pruned", 0.5)
    load_ruleset()
    assert files["old entry"].exists()
    os.utime(cache_folder / ".last-pruned", (time.time() - 2 * DAY,) * 2)
    cache._pruned.clear()  # another run
    cache.store("rules", "0" * 64, {"x": 1})  # a run that writes
    assert not files["old entry"].exists()


def test_a_read_counts_as_a_use(cache_folder):
    load_ruleset()
    [entry] = cache_folder.glob("rules-*.json")
    month_ago = time.time() - (cache.UNUSED_DAYS - 1) * DAY
    os.utime(entry, (month_ago, month_ago))
    assert load_ruleset().rules  # read from the entry
    assert time.time() - entry.stat().st_mtime < 60
    cache._pruned.clear()
    os.utime(cache_folder / ".last-pruned", (0, 0))
    cache.store("lemmas", "0" * 64, {"a": "b"})  # a later run prunes: the entry was used
    assert entry.exists()


def test_clean_removes_every_entry_and_nothing_else(cache_folder, run, tmp_path):
    files = _aged(cache_folder, 1)
    load_ruleset()
    elsewhere = _file(tmp_path, "keep.json", 0)
    (cache_folder / ("rules-" + "c" * 32 + ".json")).symlink_to(elsewhere)  # never followed
    result = run("clean")
    assert result.code == 0
    assert result.out.startswith("removed ") and str(cache_folder) in result.out
    left = sorted(p.name for p in cache_folder.iterdir())
    assert left == sorted(["notes.json", "results-short.json", "rules-" + "c" * 32 + ".json"])
    assert elsewhere.exists() and not files["old entry"].exists()
    assert run("clean").out == f"no cache entries in {cache_folder}\n"


def test_clean_works_with_the_cache_turned_off(cache_folder, run, monkeypatch):
    load_ruleset()
    monkeypatch.setenv("LINTMED_NO_CACHE", "1")
    assert run("clean").out.startswith("removed ")
    assert not list(cache_folder.glob("rules-*.json"))


def test_an_entry_that_cannot_be_marked_used_is_still_read(cache_folder, monkeypatch):
    """A read-only folder (a restored CI cache, a mounted volume): the mark fails, the entry is good."""
    expected = load_ruleset()
    [entry] = cache_folder.glob("rules-*.json")
    os.utime(entry, (time.time() - 2 * DAY,) * 2)

    def read_only(*args, **kwargs):
        raise PermissionError("read-only file system")

    monkeypatch.setattr(os, "utime", read_only)
    read = []
    real_load = cache.load
    monkeypatch.setattr(cache, "load", lambda *a: read.append(real_load(*a)) or read[-1])
    assert load_ruleset().rules == expected.rules
    assert read and read[0] is not None  # read from the entry, not rebuilt
