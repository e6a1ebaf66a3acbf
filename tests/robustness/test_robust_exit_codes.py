"""Item: a crash is never mistaken for findings. An internal error is one line naming
the file and the cause, with exit code 3 (1 is findings, 2 bad input or config); each
traceback an audit found is now a clear error or a handled case."""
from __future__ import annotations

import json
import os
import xml.dom.minidom

import pytest

from lintmed.cli import EXIT_INTERNAL, main
from lintmed.engine.linter import Linter

from robust_support import CLAIM, lines, write


def test_internal_error_is_exit_3_with_one_line_naming_the_file(run, tmp_path, monkeypatch):
    write(tmp_path, "page.md", CLAIM + "\n")

    def broken(self, source, path="<text>", fmt=None):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(Linter, "lint", broken)
    monkeypatch.setenv("LINTMED_NO_CACHE", "1")  # else an earlier test's entry for the same page would answer
    code, out, err = run("check", "--no-detector", "page.md")
    assert code == EXIT_INTERNAL == 3
    assert out == ""
    assert lines(err) == ["lintmed: page.md: internal error: RuntimeError: boom second line "
                          "(please report it; LINTMED_TRACEBACK=1 shows where)"]
    assert "Traceback" not in err


def test_internal_error_outside_a_file_is_exit_3_too(run, tmp_path, monkeypatch):
    write(tmp_path, "page.md", CLAIM + "\n")
    import lintmed.report.text

    monkeypatch.setattr(lintmed.report.text, "render", lambda *a, **k: 1 / 0)
    monkeypatch.setattr(lintmed.report.text, "pieces", lambda *a, **k: 1 / 0)  # the CLI writes it from these
    code, _, err = run("check", "--no-detector", "page.md")
    assert code == 3
    assert lines(err) == ["lintmed: internal error: ZeroDivisionError: division by zero "
                          "(please report it; LINTMED_TRACEBACK=1 shows where)"]


def test_exit_codes_are_in_the_help(capsys):
    for argv in (["--help"], ["check", "--help"]):
        code = main(argv)
        out = " ".join(capsys.readouterr().out.split())
        assert code == 0
        assert "3 internal error" in out and "2 usage, configuration or input error" in out


def test_paragraph_over_a_million_characters_is_linted_with_exact_positions(run, tmp_path):
    filler = "Our team answers calls every weekday and keeps the waiting room quiet. " * 15_000
    text = CLAIM + " " + filler + CLAIM + "\n"
    assert len(text) > 1_000_000 and "\n\n" not in text
    write(tmp_path, "long.txt", text)
    code, out, err = run("check", "--no-detector", "--format", "json", "long.txt")
    assert code == 1, err
    found = [(f["line"], f["column"], f["text"]) for f in json.loads(out)["findings"]
             if f["rule"] == "disease-treatment-claim"]
    at = CLAIM.index("cures")
    last = len(text) - len(CLAIM) - 1 + at + 1
    assert found == [(1, at + 1, "cures arthritis"), (1, last, "cures arthritis")]


def test_one_run_on_word_over_a_million_characters_is_handled(run, tmp_path):
    write(tmp_path, "blob.txt", CLAIM + " " + "x" * 1_100_000 + "\n")
    code, out, err = run("check", "--no-detector", "--format", "json", "blob.txt")
    assert code == 1, err
    assert {f["column"] for f in json.loads(out)["findings"]} == {CLAIM.index("cures") + 1}


@pytest.fixture
def odd_name(tmp_path):
    """A page whose name is not UTF-8 (byte 0xff), and a control character (ESC)."""
    folder = tmp_path / "site"
    folder.mkdir()
    name = os.fsencode(str(folder)) + b"/caf\xff-\x1b[31mred.md"
    with open(name, "w", encoding="utf-8") as fh:
        fh.write(CLAIM + "\n")
    return tmp_path


@pytest.mark.parametrize("fmt", ["json", "sarif", "rdjson"])
def test_non_utf8_file_name_json_formats_parse(run, odd_name, fmt):
    code, out, err = run("check", "--no-detector", "--format", fmt, "site", cwd=odd_name)
    assert code == 1, err
    doc = json.loads(out)
    if fmt == "json":
        assert doc["findings"][0]["path"] == "site/caf\\xff-\x1b[31mred.md"
    elif fmt == "rdjson":
        assert doc["diagnostics"][0]["location"]["path"] == "site/caf\\xff-\x1b[31mred.md"
    else:  # a URI: the name's own bytes, percent-encoded
        location = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "site/caf%FF-%1B%5B31mred.md"


def test_non_utf8_file_name_junit_and_html_and_github(run, odd_name):
    code, out, _ = run("check", "--no-detector", "--format", "junit", "site", cwd=odd_name)
    assert code == 1
    names = [c.getAttribute("name") for c in xml.dom.minidom.parseString(out.encode()).getElementsByTagName("testcase")]
    assert names == ["site/caf\\xff-\ufffd[31mred.md"]  # XML 1.0 cannot hold ESC
    code, out, _ = run("check", "--no-detector", "--format", "html", "site", cwd=odd_name)
    assert code == 1 and "caf\\xff-" in out and "cures arthritis" in out
    code, out, _ = run("check", "--no-detector", "--format", "github", "site", cwd=odd_name)
    assert code == 1
    assert out.startswith("::error file=site/caf\\xff-\\x1b[31mred.md,line=1,col=11,")
    assert "\x1b" not in out


def test_non_utf8_file_name_text_report_and_output_file(run, odd_name):
    code, out, _ = run("check", "--no-detector", "--color", "never", "site", cwd=odd_name)
    assert code == 1
    assert out.startswith("site/caf\\xff-\\x1b[31mred.md:1:11: error ")
    assert "\x1b" not in out  # no colour switched on by a file name
    code, out, err = run("check", "--no-detector", "-o", "report.json", "--format", "json", "site", cwd=odd_name)
    assert code == 1
    report = json.loads((odd_name / "report.json").read_text(encoding="utf-8"))
    assert report["findings"][0]["path"] == "site/caf\\xff-\x1b[31mred.md"
    assert lines(err)[0] == "lintmed: wrote the json report to report.json"


def test_fix_in_a_folder_that_cannot_be_written(run, tmp_path, monkeypatch):
    page = write(tmp_path, "page.md", "Our tea boosts energy.\n")
    import lintmed.storage.safe_write

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(lintmed.storage.safe_write.tempfile, "mkstemp", refuse)
    code, out, err = run("check", "--no-detector", "--fix", "page.md")
    assert code == 1  # the claim is still there, and reported
    assert "lintmed: page.md: not fixed: cannot write in its folder (Permission denied)" in lines(err)
    assert page.read_text(encoding="utf-8") == "Our tea boosts energy.\n"
    assert "boosts energy" in out


def test_fix_leaves_a_read_only_file_alone(run, tmp_path):
    page = write(tmp_path, "page.md", "Our tea boosts energy.\n")
    page.chmod(0o444)  # refused even for root, who could write it
    code, _, err = run("check", "--no-detector", "--fix", "page.md")
    assert code == 1
    assert "lintmed: page.md: not fixed: the file is read-only" in lines(err)
    assert page.read_text(encoding="utf-8") == "Our tea boosts energy.\n"
    assert oct(page.stat().st_mode & 0o777) == "0o444"
