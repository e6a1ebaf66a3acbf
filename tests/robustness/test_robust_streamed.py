"""Item: bounded memory (issue 18). The CLI writes the text, JSON, SARIF, rdjson and GitHub
reports as they are made, a finding at a time (each reporter's ``pieces``), never the
whole report at once: what it writes is the reporter's whole text (``render``, and for
the JSON formats the text json.dumps gives the whole document), byte for byte, on hostile
names and copy too; a report that fails part-way leaves an empty file, never a part of
the findings."""
from __future__ import annotations

import json
import os

import click
import pytest

from lintmed.cli import _write_report
from lintmed.commands import check
from lintmed.commands.output import Streamed, chunks
from lintmed.engine.linter import Linter
from lintmed.report import get_reporter, json as json_report, rdjson, records, sarif
from lintmed.report.jsontext import Each, pieces
from lintmed.rules.load import load_ruleset

from robust_support import HOSTILE_COPY, HOSTILE_NAMES, NOT_UTF8_NAME, hostile_site

STREAMED = ("text", "json", "sarif", "rdjson", "github")
# Claims enough that each report is many times the CLI's piece of writing (64 KB).
REPEAT = 40
PAGE = HOSTILE_COPY * REPEAT + "Our pills are FDA approved \u2028 and 100% safe.\r\nGuaranteed results!\n"


@pytest.fixture(scope="module")
def hostile_findings():
    """(findings, options) of the hostile pages: every name (one that is not UTF-8 too), CR
    and LF and U+2028 in the copy, terminal escapes and workflow commands in the claims."""
    linter = Linter(load_ruleset())
    names = [f"site/{n}" for n in HOSTILE_NAMES] + [os.fsdecode(b"site/" + NOT_UTF8_NAME)]
    findings = sorted((f for name in names for f in linter.lint(PAGE, path=name).findings), key=lambda f: f.sort_key())
    options = {"sources": dict.fromkeys(names, PAGE), "files": names, "not_checked": {"site/de.md": "de"},
               "inline_suppressed": [], "show_source": True}
    return findings, options


@pytest.mark.parametrize("fmt", STREAMED)
def test_pieces_make_the_text_that_render_makes(hostile_findings, fmt):
    findings, options = hostile_findings
    reporter = get_reporter(fmt)
    streamed = list(reporter.pieces(findings, 7, load_ruleset(), options))
    assert len(streamed) >= len(findings)  # a piece (at least) per finding ...
    assert "".join(streamed) == reporter.render(findings, 7, load_ruleset(), options)  # ... and the same text


def test_the_json_formats_stream_what_json_dumps_writes_of_the_whole_document(hostile_findings):
    findings, options = hostile_findings
    dumped = {
        "json": records.document(findings, 7, options["not_checked"]),
        "sarif": sarif.document(findings, load_ruleset()),
        "rdjson": rdjson.document(findings, load_ruleset(), options["sources"]),
    }
    streamed = {
        "json": "".join(json_report.pieces(findings, 7, None, options)),
        "sarif": "".join(sarif.pieces(findings, 7, load_ruleset(), {})),
        "rdjson": "".join(rdjson.pieces(findings, 7, load_ruleset(), options)),
    }
    for fmt, document in dumped.items():
        assert streamed[fmt] == json.dumps(document, indent=2, ensure_ascii=False) + "\n", fmt


def test_each_is_written_as_the_list_of_its_items_wherever_it_is():
    items = [{"a": [1, {"b": "\u2028\n\x1b"}], "c": float("nan")}, [], {}, "x", {1: "not a str key"}, 2.5]
    made = []

    def one_at_a_time():
        for item in items:
            made.append(item)
            yield item

    value = {"head": {"k": Each(iter(()))}, "items": [Each(one_at_a_time())], "tail": (None, True)}
    text = pieces(value)
    first = next(text)
    assert made == []  # nothing is made before its place in the text comes
    rest = "".join(text)
    plain = {"head": {"k": []}, "items": [items], "tail": (None, True)}
    assert first + rest == json.dumps(plain, indent=2, ensure_ascii=False)


def test_streamed_text_is_made_again_each_time_it_is_read():
    made = []
    text = Streamed(lambda: (made.append(1) or piece for piece in ("a", "b" * 70_000, "c")))
    assert str(text) == "a" + "b" * 70_000 + "c" and str(text + "!\n") == str(text) + "!\n"
    assert list(chunks(text, size=10)) == ["ab" + "b" * 69_999, "c"]  # whole pieces, joined to the size
    assert list(chunks("as it is")) == ["as it is"] and len(made) == 4 * 3


@pytest.fixture
def site(tmp_path):
    hostile_site(tmp_path / "site", PAGE)
    return tmp_path


def _rendered(monkeypatch):
    """Records what the run renders its report from, to render it again afterwards."""
    seen = []
    make = check._report

    def spy(output_format, findings, files, ruleset, options):
        seen.append((output_format, findings, files, ruleset, options))
        return make(output_format, findings, files, ruleset, options)

    monkeypatch.setattr(check, "_report", spy)
    return seen


@pytest.mark.parametrize("fmt", STREAMED)
def test_the_cli_writes_the_whole_report_it_streams(run, site, monkeypatch, fmt):
    seen = _rendered(monkeypatch)
    code, out, err = run("check", "--no-detector", "--format", fmt, "site", cwd=site)
    to_file = run("check", "--no-detector", "--format", fmt, "-o", "report.out", "site", cwd=site)
    assert code == to_file.code == 1, err
    [(_, findings, files, ruleset, options), again] = seen
    whole = get_reporter(fmt).render(findings, files, ruleset, options)
    assert len(findings) > 7 * REPEAT and len(whole) > 65_536  # more than one piece of writing
    if fmt == "text":  # no colours but on a terminal; the run's summary line follows
        whole = click.unstyle(whole)
        summary = out[len(whole):]
        assert summary.startswith("Found ") and summary.count("\n") == 1
        whole += summary
    assert out == whole
    assert (site / "report.out").read_bytes() == whole.encode("utf-8")
    if fmt == "json":
        assert json.loads(out)["summary"]["findings"] == len(findings)


def test_the_report_is_written_before_its_last_finding_is_made(run, site, monkeypatch):
    made, written = [], []
    record, echo = records.finding_record, click.echo

    def counted(finding):
        made.append(finding)
        return record(finding)

    def echoed(message=None, file=None, **kwargs):
        if file is not None and getattr(file, "name", "") == "report.json":
            written.append(len(made))
        return echo(message, file=file, **kwargs)

    monkeypatch.setattr(records, "finding_record", counted)
    monkeypatch.setattr(click, "echo", echoed)
    code, _, err = run("check", "--no-detector", "--format", "json", "-o", "report.json", "site", cwd=site)
    assert code == 1, err
    assert len(written) > 4 and written[0] < len(made) // 2  # written in pieces as the records are made
    assert len(json.loads((site / "report.json").read_text(encoding="utf-8"))["findings"]) == len(made)


def test_a_report_that_fails_part_way_leaves_an_empty_file(tmp_path):
    def failing():
        yield "x" * 70_000
        raise RuntimeError("a bug in a reporter")

    report = tmp_path / "report.json"
    report.write_text("an older report", encoding="utf-8")
    with pytest.raises(RuntimeError):
        _write_report(str(report), Streamed(failing))
    assert report.read_bytes() == b""


def test_a_run_whose_report_fails_part_way_exits_as_a_crash(run, site, monkeypatch):
    record, made = records.finding_record, []

    def failing(finding):
        made.append(finding)
        if len(made) > 100:
            raise RuntimeError("a bug in a reporter")
        return record(finding)

    monkeypatch.setattr(records, "finding_record", failing)
    code, out, err = run("check", "--no-detector", "--format", "json", "-o", "report.json", "site", cwd=site)
    assert code == 3 and "a bug in a reporter" in err
    assert (site / "report.json").read_bytes() == b""
