"""lintmed.storage.cache: the checked rule set and the lemma table are kept between runs, by
their inputs' contents; a changed input, a broken entry or an unwritable folder costs
time, never a wrong result or an error. Entries are checked JSON, never pickles, and a
folder or entry that another user could have written is not read."""
from __future__ import annotations

import json
import os
import pickle

import pytest

from cache_support import field, with_field

from lintmed.storage import cache
from lintmed.errors import RulesError
from lintmed.rules.load import load_ruleset
from lintmed.rules.model import RuleSet

EXTRA = """\
rules:
  - id: test-ozone-sauna
    category: hype
    severity: {severity}
    message: Test rule.
    why: A rule written for the cache tests.
    references: ["Test reference"]
    match:
      phrases: [ozone sauna]
    examples:
      flag: [Try our ozone sauna.]
      pass: [Try our cedar sauna.]
"""


def entries(cache_folder, kind="rules"):
    return sorted(cache_folder.glob(f"{kind}-*.json")) if cache_folder.exists() else []


@pytest.fixture(autouse=True)
def _cache_on():
    yield
    cache.disable(False)


def test_a_second_load_reads_the_entry(cache_folder, monkeypatch):
    first = load_ruleset()
    [entry] = entries(cache_folder)
    # The entry is what the next run gets: building is not called again.
    monkeypatch.setattr("lintmed.rules.load._build_ruleset", lambda files: pytest.fail("rebuilt"))
    second = load_ruleset()
    assert second.rules == first.rules and second.terms == first.terms
    assert second.approved_uses == first.approved_uses
    assert entries(cache_folder) == [entry]


def test_a_changed_rule_file_is_a_new_entry(cache_folder, rule_file):
    extra = rule_file(EXTRA.format(severity="warning"), "extra.yaml")
    assert load_ruleset([str(extra)]).get("test-ozone-sauna").severity == "warning"
    rule_file(EXTRA.format(severity="error"), "extra.yaml")
    assert load_ruleset([str(extra)]).get("test-ozone-sauna").severity == "error"
    assert len(entries(cache_folder)) == 2


def test_errors_are_never_cached(cache_folder, rule_file):
    extra = rule_file(EXTRA.format(severity="warning"), "extra.yaml")
    load_ruleset([str(extra)])
    rule_file(EXTRA.format(severity="loud"), "extra.yaml")
    with pytest.raises(RulesError, match="loud"):
        load_ruleset([str(extra)])
    assert len(entries(cache_folder)) == 1  # the good version's, nothing for the bad one


def test_a_broken_entry_is_rebuilt_and_replaced(cache_folder):
    expected = load_ruleset()
    [entry] = entries(cache_folder)
    entry.write_bytes(b"not json")
    assert load_ruleset().rules == expected.rules
    assert field(json.loads(entry.read_bytes())["value"], RuleSet, "rules").keys() == expected.rules.keys()


@pytest.mark.parametrize("change", [
    lambda e: {**e, "kind": "lemmas"},  # another kind's entry under this name
    lambda e: {**e, "key": "0" * 64},  # another key's
    lambda e: {**e, "format": "other-tool"},  # not lintmed's
    lambda e: {**e, "value": with_field(e["value"], RuleSet, "rules", {"x": [["not", "a", "string"]]})},  # wrong shape
    lambda e: {**e, "value": [*e["value"], 1]},  # a field no RuleSet has
    lambda e: {**e, "value": e["value"][:-1]},  # one field short
    lambda e: [e],
])
def test_a_foreign_or_malformed_entry_is_ignored_and_rebuilt(cache_folder, change):
    expected = load_ruleset()
    [entry] = entries(cache_folder)
    good = json.loads(entry.read_bytes())
    entry.write_text(json.dumps(change(good)), encoding="utf-8")
    assert load_ruleset().rules == expected.rules
    assert json.loads(entry.read_bytes()) == good  # replaced by a rebuilt one


class _Planted:
    def __reduce__(self):
        return (os.system, ("touch planted-by-pickle",))


def test_a_planted_pickle_never_runs(cache_folder, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    expected = load_ruleset()
    [entry] = entries(cache_folder)
    entry.write_bytes(pickle.dumps(_Planted()))
    entry.with_suffix(".pickle").write_bytes(pickle.dumps(_Planted()))
    assert load_ruleset().rules == expected.rules
    assert not (tmp_path / "planted-by-pickle").exists()


def test_a_folder_others_can_write_is_not_used(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("LINTMED_CACHE_DIR", str(shared))
    monkeypatch.delenv("LINTMED_NO_CACHE", raising=False)
    assert cache.usable_dir() is None
    load_ruleset()
    assert not entries(shared)


def test_a_new_folder_is_private(cache_folder):
    load_ruleset()
    assert cache_folder.stat().st_mode & 0o777 == 0o700
    assert all(e.stat().st_mode & 0o077 == 0 for e in entries(cache_folder))


def test_an_entry_others_can_write_is_not_read(cache_folder, monkeypatch):
    expected = load_ruleset()
    [entry] = entries(cache_folder)
    entry.chmod(0o666)
    monkeypatch.setattr("lintmed.rules.load._build_ruleset", lambda files: expected)
    key = json.loads(entry.read_bytes())["key"]
    from lintmed.rules.model import RuleSet

    assert cache.load("rules", key, RuleSet) is None
    entry.chmod(0o600)
    assert cache.load("rules", key, RuleSet).rules == expected.rules


def test_an_unwritable_folder_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("LINTMED_CACHE_DIR", str(blocker / "cache"))
    assert load_ruleset().rules == load_ruleset().rules
    assert blocker.is_file()


def test_no_cache_turns_it_off(cache_folder, monkeypatch):
    monkeypatch.setenv("LINTMED_NO_CACHE", "1")
    assert cache.cache_dir() is None
    load_ruleset()
    assert not entries(cache_folder)


def test_disable_turns_it_off(cache_folder):
    cache.disable()
    assert cache.cache_dir() is None
    load_ruleset()
    assert not entries(cache_folder)


def test_the_lemma_table_is_cached_by_its_data(cache_folder):
    from lintmed.lemmas import lemma_table

    table = lemma_table.__wrapped__()  # past the per-process lru_cache
    [entry] = entries(cache_folder, "lemmas")
    assert json.loads(entry.read_bytes())["value"] == table
    assert table["cured"] == "cure"


def test_entry_names_depend_on_every_input_and_its_boundaries():
    assert cache.entry_name("rules", ["ab", "c"]) != cache.entry_name("rules", ["a", "bc"])
    assert cache.entry_name("rules", ["a"]) != cache.entry_name("lemmas", ["a"])
    assert cache.entry_name("rules", [b"a"]) == cache.entry_name("rules", ["a"])


def test_default_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("LINTMED_CACHE_DIR", raising=False)
    monkeypatch.delenv("LINTMED_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "lintmed"
    monkeypatch.setenv("LINTMED_NO_CACHE", "0")
    assert cache.cache_dir() == tmp_path / "lintmed"
