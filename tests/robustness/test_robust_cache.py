"""Item: nothing stale or planted in the cache is trusted. Every kind of entry (the checked
rule set, the lemma table, the prefilter, a file's findings) is keyed by lintmed's version
and by the content of every file of the package, so another lintmed (a new release, or the
same version rebuilt with sizes and mtimes kept) never reads an old entry; findings are keyed
by the rule set after the config, the settings, the path and the content too. An entry that
does not parse, belongs to another kind or key, or holds the wrong shape is rebuilt."""
from __future__ import annotations

import json
import os
import shutil

import pytest

from lintmed.engine.linter import Linter
from lintmed.engine.prefilter import for_ruleset
from lintmed.lemmas import lemma_table
from lintmed.rules.load import load_ruleset
from lintmed.storage import cache
from lintmed.workflow.runner import lint_documents

from robust_support import CLAIM, write

KINDS = ("rules", "lemmas", "prefilter", "results")


def fill(kind: str):
    """What the cache gives for ``kind`` (through the same calls a run makes)."""
    if kind == "rules":
        return load_ruleset().rules
    if kind == "lemmas":
        return lemma_table.__wrapped__()  # past the per-process lru_cache
    ruleset = load_ruleset()
    if kind == "prefilter":
        return for_ruleset(ruleset, None)
    return lint_documents([(CLAIM + "\n", "page.md")], Linter(ruleset, detector=False))


def entries(folder, kind: str) -> list:
    return sorted(folder.glob(f"{kind}-*.json")) if folder.exists() else []


@pytest.fixture(autouse=True)
def _cache_on():
    yield
    cache.disable(False)


def test_a_tree_digest_sees_content_not_sizes_or_mtimes(tmp_path):
    package = tmp_path / "package"
    write(package, "engine/linter.py", "THRESHOLD = 0.5\n")
    write(package, "models/weights.npy", "0123456789")
    (package / "engine" / "__pycache__").mkdir()
    write(package, "engine/__pycache__/linter.cpython-311.pyc", "bytecode")
    before = cache.tree_digest(package)
    code = package / "engine" / "linter.py"
    st = code.stat()
    code.write_text("THRESHOLD = 0.6\n", encoding="utf-8")  # same size ...
    os.utime(code, ns=(st.st_atime_ns, st.st_mtime_ns))  # ... and mtime, as a rebuild may keep them
    assert cache.tree_digest(package) != before
    code.write_text("THRESHOLD = 0.5\n", encoding="utf-8")
    assert cache.tree_digest(package) == before
    write(package, "engine/__pycache__/linter.cpython-311.pyc", "other bytecode")  # not lintmed's input
    assert cache.tree_digest(package) == before
    (package / "models" / "weights.npy").rename(package / "models" / "other.npy")  # names count too
    assert cache.tree_digest(package) != before


def test_the_same_code_installed_again_keeps_its_entries(tmp_path):
    """A CI job that installs the same lintmed afresh (new mtimes) and restores the cache folder reads it."""
    write(tmp_path, "one/a.py", "A = 1\n")
    write(tmp_path, "one/data/table.json", "{}")
    shutil.copytree(tmp_path / "one", tmp_path / "two")  # other mtimes, inodes and ctimes
    os.utime(tmp_path / "two" / "a.py", (1, 1))
    assert cache.tree_digest(tmp_path / "two") == cache.tree_digest(tmp_path / "one")


def test_the_fingerprint_is_the_installed_package_s_content():
    root = os.path.dirname(os.path.dirname(cache.__file__))
    assert cache.code_fingerprint() == cache.tree_digest(root)


@pytest.mark.parametrize("change", ["version", "code"])
def test_another_lintmed_reads_no_entry_of_any_kind(cache_folder, monkeypatch, change):
    for kind in KINDS:
        fill(kind)
        fill(kind)  # a hit: no second entry
    assert {kind: len(entries(cache_folder, kind)) for kind in KINDS} == dict.fromkeys(KINDS, 1)
    if change == "version":
        monkeypatch.setattr(cache, "__version__", cache.__version__ + ".post1")
    else:  # the same version, other code or data (sizes and mtimes play no part)
        monkeypatch.setattr(cache, "code_fingerprint", lambda: "0" * 64)
    for kind in KINDS:
        fill(kind)
    assert {kind: len(entries(cache_folder, kind)) for kind in KINDS} == dict.fromkeys(KINDS, 2)


DAMAGE = {
    "not json": lambda good: b"\x80not json",
    "truncated": lambda good: json.dumps(good).encode()[:-20],
    "another kind's": lambda good: json.dumps({**good, "kind": "other"}).encode(),
    "another key's": lambda good: json.dumps({**good, "key": "0" * 64}).encode(),
    "another tool's": lambda good: json.dumps({**good, "format": "other-tool-1"}).encode(),
    "wrong shape": lambda good: json.dumps({**good, "value": [good["value"]]}).encode(),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_corrupt_or_foreign_entry_of_any_kind_is_rebuilt(cache_folder, kind, damage):
    expected = fill(kind)
    [entry] = entries(cache_folder, kind)
    good = json.loads(entry.read_bytes())
    entry.write_bytes(DAMAGE[damage](good))
    assert fill(kind) == expected
    assert json.loads(entry.read_bytes()) == good  # replaced by the rebuilt entry


@pytest.mark.parametrize("config", [
    "ignore: [disease-treatment-claim]\n",
    "select: [cure-claim]\n",
    "severity: {disease-treatment-claim: info}\n",
    "detector: false\n",
    "detector-threshold: 0.01\n",
    "rules: [house.yaml]\n",
])
def test_a_changed_config_is_never_answered_from_the_cache(run, cache_folder, project, config):
    write(project, "page.md", f"{CLAIM} Patients say the balm soothes joints.\n")
    write(project, "house.yaml", "rules:\n  - {id: disease-treatment-claim, severity: info}\n")
    first = run("check", "--format", "json", "page.md")
    write(project, ".lintmed.yaml", config)
    cached = run("check", "--format", "json", "page.md")
    fresh = run("check", "--no-cache", "--format", "json", "page.md")
    cache.disable(False)
    assert cached == fresh and cached != first
    assert len(entries(cache_folder, "results")) == 2


def test_a_changed_page_or_path_is_never_answered_from_the_cache(run, cache_folder, project):
    write(project, "page.md", CLAIM + "\n")
    run("check", "--format", "json", "page.md")
    write(project, "page.md", CLAIM.replace("arthritis", "gout") + "\n")
    assert "cures gout" in run("check", "--format", "json", "page.md").out
    write(project, "other.md", CLAIM.replace("arthritis", "gout") + "\n")
    assert '"path": "other.md"' in run("check", "--format", "json", "other.md").out
    assert len(entries(cache_folder, "results")) == 3
