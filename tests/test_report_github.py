"""--format github: workflow commands parsed with GitHub's grammar and unescaping rules."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from report_support import json_findings, lint_fixture, prepare_cli, render, rt_findings

# ::command key=value,key=value::data   (the runner's ActionCommand.TryParseV2)
COMMAND = re.compile(r"^::(?P<command>[A-Za-z-]+)(?: (?P<props>[^:]*))?::(?P<data>.*)$")


def unescape_data(value: str) -> str:
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(value: str) -> str:
    return (value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":")
            .replace("%2C", ",").replace("%25", "%"))


def parse(output: str) -> list[tuple[str, dict, str]]:
    commands = []
    for line in output.splitlines():
        m = COMMAND.match(line)
        assert m, f"not a workflow command: {line!r}"
        props = {}
        for pair in (m.group("props") or "").split(","):
            key, sep, value = pair.partition("=")
            assert sep and key, f"bad property {pair!r} in {line!r}"
            props[key] = unescape_property(value)
        commands.append((m.group("command"), props, unescape_data(m.group("data"))))
    return commands


@pytest.fixture(scope="module")
def linted(tmp_path_factory):
    return lint_fixture(tmp_path_factory.mktemp("github"))


def test_one_annotation_per_finding_at_the_json_positions(linted):
    expected = json_findings(*linted)
    commands = parse(render("github", *linted))
    assert len(commands) == len(expected) == 8
    kinds = {"error": "error", "warning": "warning", "info": "notice"}
    for (command, props, data), f in zip(commands, expected):
        assert command == kinds[f["severity"]]
        assert props["file"] == f["path"]
        assert (int(props["line"]), int(props["col"]), int(props["endLine"]), int(props["endColumn"])) == \
            (f["line"], f["column"], f["end_line"], f["end_column"])
        assert props["title"] == f"lintmed {f['rule']}"
        assert data.startswith(f["message"])
    assert {c for c, _, _ in commands} == {"error", "warning", "notice"}


def test_message_with_percent_colon_comma_round_trips(linted):
    """rt-eliminates-risk's message has '%', ':' and ','; the suggestion adds a newline."""
    output = render("github", *linted)
    line = next(line for line in output.splitlines() if "rt-eliminates-risk" in line)
    raw_data = line.split("::", 2)[2]
    assert "%25" in raw_data and "%0A" in raw_data and "\n" not in raw_data
    _, _, data = parse(line)[0]
    assert data.startswith("Says 100% of the risk is gone: no treatment, however gentle, is risk-free.")
    assert data.splitlines()[1] == 'Try: "may lower the risk"'


def test_properties_escape_colon_comma_percent_and_newlines(linted):
    findings, files, ruleset, options = linted
    odd = replace(findings[0], path="site/a,b:50%\nc.md", rule="odd-rule", message="a\r\nb")
    output = render("github", [odd], files, ruleset, options)
    assert output.count("\n") == 1
    (command, props, data), = parse(output)
    assert props["file"] == "site/a,b:50%\nc.md"
    assert data.startswith("a\r\nb")


def test_no_findings_no_output(linted):
    _, files, ruleset, options = linted
    assert render("github", [], files, ruleset, options) == ""


def test_cli_github_format(run, tmp_path, monkeypatch):
    rules, docs = prepare_cli(tmp_path, monkeypatch)
    code, out, _ = run("check", "--rules", str(rules), "--format", "github", *docs)
    assert code == 1
    commands = parse(out)
    mine = [c for c in commands if c[1]["title"].startswith("lintmed rt-")]
    assert len(mine) == rt_findings(run, rules, docs) > 0
