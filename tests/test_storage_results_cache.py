"""The results cache (lintmed.workflow.results.ResultsCache): an unchanged file is not linted again;
a change to the file, the rules or the settings is; a corrupt or foreign entry is ignored
and rebuilt; --no-cache and LINTMED_NO_CACHE=1 turn it off."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from cache_support import with_field

from lintmed.storage import cache
from lintmed.engine.linter import Linter, LintResult
from lintmed.rules.load import load_ruleset
from lintmed.workflow.runner import lint_documents

PAGE = """\
# Knee clinic

Our stem cell therapy cures arthritis. Is it FDA-approved? No, it is not.

<!-- lintmed-disable-next-line hype -- reviewed -->
We are the best clinic in the world.
"""
EXTRA = """\
rules:
  - id: test-cedar-sauna
    category: hype
    severity: warning
    message: Test rule.
    why: A rule written for the results cache tests.
    references: ["Test reference"]
    match:
      phrases: [cedar sauna]
    examples:
      flag: [Try our cedar sauna.]
      pass: [Try our steam room.]
"""


@pytest.fixture(scope="module")
def linter():
    return Linter(load_ruleset())


def entries(cache_folder):
    return sorted(cache_folder.glob("results-*.json")) if cache_folder.exists() else []


def _no_linting(monkeypatch):
    monkeypatch.setattr(Linter, "lint", lambda *a, **k: pytest.fail("linted again"))


def test_an_unchanged_file_is_read_back_whole(cache_folder, linter, monkeypatch):
    first = lint_documents([(PAGE, "page.md")], linter)
    assert first[0].findings and first[0].suppressed and first[0].disabled
    assert len(entries(cache_folder)) == 1
    _no_linting(monkeypatch)
    [again] = lint_documents([(PAGE, "page.md")], linter)
    assert again == first[0]
    # Fields that equality leaves out come back too.
    assert [(f.start, f.end, f.context) for f in again.findings] == [(f.start, f.end, f.context) for f in first[0].findings]


def test_a_changed_file_or_path_is_linted_again(cache_folder, linter):
    lint_documents([(PAGE, "page.md")], linter)
    changed = PAGE.replace("arthritis", "gout")
    [result] = lint_documents([(changed, "page.md")], linter)
    assert any(f.text == "cures gout" or "gout" in f.text for f in result.findings)
    lint_documents([(PAGE, "other.md")], linter)
    assert len(entries(cache_folder)) == 3


def test_other_rules_or_settings_are_other_entries(cache_folder, linter, rule_file):
    lint_documents([(PAGE, "page.md")], linter)
    extra = rule_file(EXTRA, "extra.yaml")
    lint_documents([(PAGE, "page.md")], Linter(load_ruleset([str(extra)])))
    lint_documents([(PAGE, "page.md")], Linter(load_ruleset(), inline_suppress=False))
    assert len(entries(cache_folder)) == 3


@pytest.mark.parametrize("damage", [
    lambda entry: "not json",
    lambda entry: json.dumps({**entry, "value": with_field(entry["value"], LintResult, "findings", [[1]])}),
    lambda entry: json.dumps({**entry, "kind": "rules"}),
    lambda entry: json.dumps({**entry, "key": "0" * 64}),
])
def test_a_corrupt_or_foreign_entry_is_ignored_and_rebuilt(cache_folder, linter, damage):
    [expected] = lint_documents([(PAGE, "page.md")], linter)
    [entry] = entries(cache_folder)
    good = json.loads(entry.read_bytes())
    entry.write_text(damage(good), encoding="utf-8")
    [result] = lint_documents([(PAGE, "page.md")], linter)
    assert result == expected
    assert json.loads(entry.read_bytes()) == good


def test_a_forged_entry_with_the_right_header_is_trusted_only_in_a_private_folder(cache_folder, linter):
    lint_documents([(PAGE, "page.md")], linter)
    [entry] = entries(cache_folder)
    forged = json.loads(entry.read_bytes())
    forged["value"] = json.loads(json.dumps(cache.encode(LintResult())))
    entry.write_text(json.dumps(forged), encoding="utf-8")
    cache_folder.chmod(0o777)  # now anyone could have written it
    cache._checked.clear()
    try:
        [result] = lint_documents([(PAGE, "page.md")], linter)
    finally:
        cache_folder.chmod(0o700)
        cache._checked.clear()
    assert result.findings  # the forged empty result was not used


def test_no_cache_flag_and_environment_turn_it_off(run, cache_folder, project, monkeypatch):
    (project / "page.md").write_text(PAGE, encoding="utf-8")
    assert run("check", "--no-cache", "page.md").code == 1
    assert not entries(cache_folder)
    cache.disable(False)
    monkeypatch.setenv("LINTMED_NO_CACHE", "1")
    assert run("check", "page.md").code == 1
    assert not entries(cache_folder)
    monkeypatch.delenv("LINTMED_NO_CACHE")
    assert run("check", "page.md").code == 1
    assert len(entries(cache_folder)) == 1


def test_a_second_cli_run_prints_the_same_report(run, cache_folder, project):
    (project / "page.md").write_text(PAGE, encoding="utf-8")
    first = run("check", "--format", "json", "page.md")
    assert first.code == 1
    assert run("check", "--format", "json", "page.md") == first


def test_a_run_with_every_file_in_the_cache_never_imports_the_engine(cache_folder, project):
    """The results cache is keyed by the linter's settings, not by a built Linter: a re-run
    over unchanged files reads their findings back without the linter, the readers, the
    suggestions or spaCy; a changed file builds the linter again."""
    (project / "page.md").write_text(PAGE, encoding="utf-8")
    (project / "other.md").write_text("Our sauna cures colds in a day.\n", encoding="utf-8")
    code = ("import sys; from lintmed.cli import main\n"
            "code = main(['check', '--format', 'json', 'page.md', 'other.md'])\n"
            "print(code, sorted(m for m in ('lintmed.engine.linter', 'lintmed.workflow.runner', 'lintmed.readers',"
            " 'lintmed.suggest', 'spacy') if m in sys.modules))\n")
    run = [sys.executable, "-c", code]

    def last_line():
        done = subprocess.run(run, cwd=project, check=True, capture_output=True, text=True)
        *report, modules = done.stdout.splitlines()
        return modules, report

    first, report = last_line()
    assert first.startswith("1 ") and "spacy" in first  # linted: findings, spaCy loaded
    again, report_again = last_line()
    assert again == "1 []"  # the same exit code, nothing of the engine loaded
    assert report_again == report
    (project / "other.md").write_text("Our sauna cures colds in an hour.\n", encoding="utf-8")
    changed, _ = last_line()
    assert "lintmed.engine.linter" in changed
