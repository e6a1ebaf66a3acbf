"""lintmed.commands.check: one `lintmed check` run below the CLI, as plain values in and out.

The CLI tests cover what a user sees; these pin the module's own contract:
it returns notices and fix outcomes as data and prints nothing, it leaves
files alone when asked only for a diff, and it stays cheap to import.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from cli_support import write
from fix_support import rules_linter
from lintmed.commands import check
from lintmed.commands.output import ReportFile, Said
from lintmed.workflow import baseline
from lintmed.workflow.changed import ChangedLines
from lintmed.workflow.config import Config
from lintmed.errors import InputError, RulesError
from test_suggest_fix import SAFE, SAFE_FIXED, UNSAFE_ONLY



def state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


# ----------------------------------------------------------------------- gather

def test_gather_returns_notices_and_texts_without_printing(project, capsys):
    write(project / "site" / "a.md", SAFE + "\n")
    write(project / "site" / "blank.md", "  \n\n")
    write(project / "site" / "logo.md", b"\x89PNG\0\0")

    sources = check.gather(["site"], Config())

    assert sources.files == ["site/a.md", "site/blank.md"]
    assert sources.texts == {"site/a.md": SAFE + "\n"}
    assert sources.checked == ["site/a.md", "site/blank.md"], "empty files count as checked"
    assert sources.notices == ["site/logo.md: skipped, binary file",
                               "site/blank.md: empty file, nothing to check"]
    assert not sources.reads_stdin
    assert capsys.readouterr() == ("", "")


def test_gather_reads_stdin_through_the_given_reader_under_its_name(project):
    calls = []

    def read_stdin() -> bytes:
        calls.append(1)
        return "\ufeffOur tonic boosts energy.\n".encode("utf-8")

    sources = check.gather(["-"], Config(), "page.md", read_stdin=read_stdin)

    assert calls == [1]
    assert sources.reads_stdin and sources.stdin_name == "page.md"
    assert sources.texts == {"page.md": "Our tonic boosts energy.\n"}, "the BOM is dropped"
    assert list(check.gather(["-"], Config(), read_stdin=read_stdin).texts) == ["<stdin>"]


def test_gather_defaults_to_the_current_folder(project):
    write(project / "a.md", SAFE + "\n")
    assert check.gather([], Config()).files == ["a.md"]


def test_gather_turns_an_unreadable_file_into_an_error_finding_and_goes_on(project, capsys):
    write(project / "blank.md", "\n")
    write(project / "bad.md", b"caf\xe9\n")
    write(project / "good.md", SAFE + "\n")

    sources = check.gather(["blank.md", "bad.md", "good.md"], Config())

    assert sources.notices == ["blank.md: empty file, nothing to check"]
    assert list(sources.texts) == ["good.md"], "the other files are still read"
    [finding] = sources.unreadable
    assert (finding.path, finding.line, finding.rule, finding.severity) == ("bad.md", 1, "unreadable-file", "error")
    assert "not valid UTF-8 (byte 0xe9 at offset 3)" in finding.message
    assert sources.errors == ["bad.md:1: not valid UTF-8 (byte 0xe9 at offset 3); save it as UTF-8"]
    assert capsys.readouterr() == ("", "")


def test_gather_stops_at_a_missing_path(project):
    with pytest.raises(InputError) as err:
        check.gather(["nowhere.md"], Config())
    assert "no such file" in str(err.value)


# ------------------------------------------------------------------------ scope

def _findings(texts: dict[str, str]):
    return check.lint(texts, rules_linter()).findings


def test_scope_drops_per_path_ignores(project):
    config = Config(path=str(project / ".lintmed.yaml"),
                    per_path_ignores={"archive/**": ["unqualified-efficacy-claim"]})
    texts = {"archive/old.md": SAFE + "\n", "new.md": SAFE + "\n"}
    findings = _findings(texts)
    assert {f.path for f in findings} == {"archive/old.md", "new.md"}

    kept = check.scope(config, texts).filter(findings)

    assert {f.path for f in kept} == {"new.md"}


def test_scope_with_changed_lines_keeps_only_findings_that_touch_them(project):
    page = write(project / "page.md", f"{SAFE}\n\n{SAFE}\n")
    root = os.path.realpath(project)
    changed = ChangedLines(lines={os.path.realpath(page): {3}}, root=root)
    findings = _findings({"page.md": page.read_text(encoding="utf-8")})
    assert [f.line for f in findings] == [1, 3]

    in_scope = check.Scope(Config(), changed)

    assert [f.line for f in in_scope.filter(findings)] == [3]
    assert check.scope(Config(), ["page.md"]).changed is None, "no --diff-base: no git"


# -------------------------------------------------------------------------- fix

def test_diff_only_computes_fixes_without_touching_files(project, capsys):
    page = write(project / "page.md", SAFE + "\n")
    before = state(page)

    run = check.fix({"page.md": SAFE + "\n"}, rules_linter(), diff_only=True)

    assert state(page) == before
    [outcome] = run.files
    assert outcome.fixed == SAFE_FIXED + "\n" and outcome.changed and outcome.applied == 1
    assert outcome.notice is None
    assert outcome.diff().splitlines()[-2:] == [f"-{SAFE}", f"+{SAFE_FIXED}"]
    assert (run.files_changed, run.claims_fixed, run.diff_only) == (1, 1, True)
    assert capsys.readouterr() == ("", "")


def test_fix_writes_the_file_and_returns_the_fixed_text(project):
    page = write(project / "page.md", SAFE + "\n")
    texts = {"page.md": SAFE + "\n"}

    run = check.fix(texts, rules_linter())

    assert page.read_text(encoding="utf-8") == SAFE_FIXED + "\n"
    assert run.texts(texts) == {"page.md": SAFE_FIXED + "\n"}
    assert texts == {"page.md": SAFE + "\n"}, "the caller's texts are not changed in place"


def test_unsafe_fixes_only_when_asked(project):
    texts = {"page.md": UNSAFE_ONLY + "\n"}
    write(project / "page.md", UNSAFE_ONLY + "\n")

    safe_only = check.fix(texts, rules_linter(), diff_only=True)
    unsafe = check.fix(texts, rules_linter(), unsafe=True, diff_only=True)

    assert not safe_only.files[0].changed and safe_only.claims_fixed == 0
    assert unsafe.files[0].changed and unsafe.unsafe


def test_fix_fixes_only_what_keep_keeps(project):
    page = write(project / "page.md", SAFE + "\n")
    before = state(page)

    run = check.fix({"page.md": SAFE + "\n"}, rules_linter(), keep=lambda f: False)

    assert state(page) == before and run.files_changed == 0


def test_fix_leaves_a_file_that_changed_since_it_was_read_and_says_so(project):
    page = write(project / "page.md", "Edited by a person.\n")
    before = state(page)

    run = check.fix({"page.md": SAFE + "\n"}, rules_linter())

    assert state(page) == before
    [outcome] = run.files
    assert outcome.notice == "page.md: not fixed: the file changed on disk since it was read"
    assert not outcome.changed and run.files_changed == 0
    assert run.texts({"page.md": SAFE + "\n"}) == {"page.md": SAFE + "\n"}


def test_fix_never_writes_the_text_read_from_stdin(project):
    run = check.fix({"<stdin>": SAFE + "\n"}, rules_linter())

    [outcome] = run.files
    assert outcome.is_stdin and outcome.fixed == SAFE_FIXED + "\n"
    assert not (project / "<stdin>").exists()


# ------------------------------------------------------------------------- lint

def test_lint_sorts_findings_across_files_and_applies_the_baseline(project):
    texts = {"b.md": SAFE + "\n", "a.md": f"{SAFE}\n\n{SAFE}\n"}
    linter = rules_linter()

    everything = check.lint(texts, linter).findings
    assert [(f.path, f.line) for f in everything] == [("a.md", 1), ("a.md", 3), ("b.md", 1)]

    path = str(project / "baseline.json")
    assert baseline.write(everything[:2], path) == 1, "one key, counted twice"
    accepted = baseline.load(path)
    assert accepted.accepted == Counter({(everything[0].rule, "a.md", everything[0].text): 2})

    new = check.lint(texts, linter, baseline=accepted).findings
    assert [(f.path, f.line) for f in new] == [("b.md", 1)]


def test_lint_returns_what_context_suppressed(project):
    result = check.lint({"q.md": "Is our cream FDA-approved?\n"}, rules_linter())
    assert result.findings == []
    assert [v.suppressed_by for v in result.suppressed] == [("question",)]


# ----------------------------------------------------------------------- linter

def test_make_linter_takes_the_config_unless_overridden():
    from lintmed.rules.load import load_ruleset

    ruleset = load_ruleset()
    config = Config(detector=True, detector_threshold=0.7)

    from_config = check.make_linter(ruleset, config)
    overridden = check.make_linter(ruleset, config, inline_suppress=False, detector=False,
                                   detector_threshold=0.9)

    assert (from_config.detector, from_config.detector_threshold, from_config.inline_suppress) == (True, 0.7, True)
    assert (overridden.detector, overridden.detector_threshold, overridden.inline_suppress) == (False, 0.9, False)


# ---------------------------------------------------------------------- imports

def test_importing_the_cli_and_the_check_module_does_not_import_spacy():
    code = "import sys, lintmed.cli, lintmed.commands.check; print(sorted(m for m in ('spacy', 'thinc') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_cli_says_the_notices_and_the_read_error_then_checks_the_rest(project, capsys):
    from lintmed.cli import main

    write(project / "blank.md", "\n")
    write(project / "bad.md", b"caf\xe9\n")

    assert main(["check", "blank.md", "bad.md"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "lintmed: blank.md: empty file, nothing to check",
        "lintmed: error: bad.md:1: not valid UTF-8 (byte 0xe9 at offset 3); save it as UTF-8",
    ]


# -------------------------------------------------------------------------- run

def options(*paths: str, **given) -> check.CheckOptions:
    return check.CheckOptions(paths=paths, detector=False, **given)


def test_run_returns_the_report_the_summary_and_the_exit_code_without_printing(project, capsys):
    write(project / "page.md", SAFE + "\n")

    outcome = check.run(options("page.md", output_format="json"))

    assert outcome.code == 1
    [finding] = json.loads(outcome.stdout)["findings"]
    assert finding["rule"] == "unqualified-efficacy-claim"
    assert outcome.stderr.startswith("Found 1 claim"), "beside a machine format, the summary goes to stderr"
    assert capsys.readouterr() == ("", "")


def test_run_leaves_the_report_file_to_its_caller_and_keeps_the_order(project):
    write(project / "page.md", SAFE + "\n")

    outcome = check.run(options("page.md", output_file="report.txt"))

    assert not (project / "report.txt").exists(), "run writes nothing: the CLI writes the file"
    report, notice, summary = outcome.output
    assert report == ReportFile("report.txt", report.text) and "unqualified-efficacy-claim" in str(report.text)
    assert notice == Said("lintmed: wrote the text report to report.txt\n", err=True)
    assert summary.err and summary.text.startswith("Found 1 claim")
    assert outcome.stdout == ""


def test_run_with_stdin_fixed_puts_the_text_on_stdout_and_the_report_on_stderr(project):
    outcome = check.run(options("-", fix=True, fail_on="never"), read_stdin=lambda: (SAFE + "\n").encode())

    assert outcome.stdout == SAFE_FIXED + "\n"
    assert "fixed 1 claim in 1 file" in outcome.stderr
    assert outcome.code == 0


def test_run_with_diff_changes_nothing_and_fails_when_there_is_something_to_fix(project):
    page = write(project / "page.md", SAFE + "\n")
    before = state(page)

    outcome = check.run(options("page.md", show_diff=True))

    assert state(page) == before
    assert outcome.stdout.splitlines()[-2:] == [f"-{SAFE}", f"+{SAFE_FIXED}"]
    assert outcome.code == 1


def test_run_stopped_part_way_carries_what_it_had_said(project):
    write(project / "logo.md", b"\x89PNG\0\0")
    write(project / "site" / ".lintmed.yaml", "rules: [broken.yaml]\n")
    write(project / "site" / "broken.yaml", "rules: [unclosed\n")
    write(project / "site" / "page.md", SAFE + "\n")

    with pytest.raises(check.Stopped) as stopped:
        check.run(options("."))

    assert stopped.value.output == (Said("lintmed: logo.md: skipped, binary file\n", err=True),)
    assert isinstance(stopped.value.error, RulesError) and "broken.yaml" in str(stopped.value.error)


def test_the_cli_says_what_a_stopped_run_had_said_before_the_error(project, capsys):
    from lintmed.cli import main

    write(project / "logo.md", b"\x89PNG\0\0")
    write(project / "site" / ".lintmed.yaml", "rules: [broken.yaml]\n")
    write(project / "site" / "broken.yaml", "rules: [unclosed\n")
    write(project / "site" / "page.md", SAFE + "\n")

    assert main(["check", "."]) == 2
    first, error = capsys.readouterr().err.splitlines()
    assert first == "lintmed: logo.md: skipped, binary file"
    assert error.startswith("lintmed: error: ") and "broken.yaml" in error


def test_run_refuses_baseline_with_write_baseline(project):
    with pytest.raises(check.Stopped) as stopped:
        check.run(options(baseline_path="a.json", write_baseline_path="b.json"))
    assert isinstance(stopped.value.error, check.OptionConflict)
    assert stopped.value.output == ()
