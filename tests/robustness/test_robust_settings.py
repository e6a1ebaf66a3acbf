"""Item: rule files and configs that used to crash, or were accepted though they would
flag every sentence or take minutes, are refused at load with exit 2 and one line naming
the file, the line and the key."""
from __future__ import annotations

import pytest

from robust_support import CLAIM, lines, house_rule_file, write


def check_with_rules(run, tmp_path, match_body):
    write(tmp_path, "page.md", CLAIM + "\n")
    house_rule_file(tmp_path, match_body)
    return run("check", "--no-detector", "--rules", "house.yaml", "page.md")


@pytest.mark.parametrize("match_body, message", [
    # a list where a string belongs
    ("patterns:\n  - [{term: [one, two]}]", "house.yaml:10: rules[0] (house-rule).match.patterns[0][0].term: "
                                            "unknown term list ['one', 'two']"),
    ("patterns:\n  - [{lemma: cure, op: [x]}]", "house.yaml:10: rules[0] (house-rule).match.patterns[0][0].op: "
                                                "expected one of ! * + ?"),
    ("frames:\n  - parts: [{term: {a: 1}}, {lemma: cure}]", "house.yaml:10: rules[0] (house-rule).match.frames[0]"
                                                             ".parts[0].term: unknown term list {'a': 1}"),
    ("patterns: 5", "house.yaml:9: rules[0] (house-rule).match.patterns: expected a list of patterns"),
    # a pattern of only optional tokens, or of no word at all
    ('patterns:\n  - [{lemma: cure, op: "?"}, {lemma: heal, op: "*"}]',
     "house.yaml:10: rules[0] (house-rule).match.patterns[0]: the pattern needs no word of its own (every token is "
     "optional or names no lemma, lower or term), so it would flag almost every sentence"),
    ("patterns:\n  - [{}]", "house.yaml:10: rules[0] (house-rule).match.patterns[0]: the pattern needs no word of its "
                            "own (every token is optional or names no lemma, lower or term), so it would flag almost "
                            "every sentence"),
    # over-broad
    ("phrases: [the]", "house.yaml:9: rules[0] (house-rule).match.phrases: 'the' is a very common word: it would "
                       "flag almost every sentence"),
    ("patterns:\n  - [{lemma: be}]", "house.yaml:10: rules[0] (house-rule).match.patterns[0]: the pattern's only "
                                     "required word is a very common one (['be']), so it would flag almost every "
                                     "sentence"),
    ("frames:\n  - parts: [{lemma: cure}, {lemma: arthritis}]\n    within: 100000000",
     "house.yaml:11: rules[0] (house-rule).match.frames[0].within: 100000000 tokens is more than a sentence; at most 50"),
    ("frames:\n  - parts: [{lemma: the}, {phrases: [is not]}]",
     "house.yaml:10: rules[0] (house-rule).match.frames[0].parts: every part is made of very common words only, so "
     "the frame would flag almost every sentence"),
    # costly: two wildcards
    ('patterns:\n  - [{lemma: cure}, {op: "*"}, {lemma: all}, {op: "*"}, {lemma: pain}]',
     'house.yaml:10: rules[0] (house-rule).match.patterns[0]: 2 wildcards ("*" or "+" on a token that names no word); '
     "at most 1: matching time grows with the sentence length to that power"),
])
def test_bad_rule_file_is_one_line_exit_2(run, tmp_path, match_body, message):
    code, out, err = check_with_rules(run, tmp_path, match_body)
    assert code == 2 and out == ""
    assert lines(err) == [f"lintmed: error: {message}"]


@pytest.mark.parametrize("rule, message", [
    ("  - id: cure-claim\n    message: Fine.\n    severity: loud\n", "5: rules[0] (cure-claim).severity: expected one"),
    ("  - id: cure-claim\n    context:\n      negated: suppress\n      hedged: shrug\n",
     "6: rules[0] (cure-claim).context.hedged: expected one of"),
    ("  - id: cure-claim\n    examples:\n      flag: [Cures colds.]\n      pass: 5\n",
     "6: rules[0] (cure-claim).examples.pass: expected a list of non-empty strings"),
    ("  - id: cure-claim\n    severity: info\n    enabled: maybe\n", "5: rules[0] (cure-claim).enabled: expected true"),
])
def test_a_rule_file_error_names_the_line_of_its_key(run, tmp_path, rule, message):
    write(tmp_path, "page.md", CLAIM + "\n")
    write(tmp_path, "house.yaml", "# house overrides\nrules:\n" + rule)
    code, _, err = run("check", "--rules", "house.yaml", "page.md")
    assert code == 2
    [line] = lines(err)
    assert line.startswith(f"lintmed: error: house.yaml:{message}"), line


@pytest.mark.parametrize("match_body, message", [
    # a token mapping's key in block style: the key's own line, not the mapping's
    ("patterns:\n  - - lemma: cure\n    - lemma: arthritis\n      op: [x]",
     "12: rules[0] (house-rule).match.patterns[0][1].op: expected one of ! * + ?"),
    # a pattern or a phrase that is an item of a list: the item's line
    ('patterns:\n  - [{lemma: cure}, {lemma: arthritis}]\n  - [{lemma: be}]',
     "11: rules[0] (house-rule).match.patterns[1]: the pattern's only required word is a very common one"),
    ("phrases:\n  - cure all\n  - the", "11: rules[0] (house-rule).match.phrases: 'the' is a very common word"),
    ("phrases:\n  - cure all\n  - ''", "11: rules[0] (house-rule).match.phrases: expected a list of non-empty strings"),
    # a frame's part
    ("frames:\n  - parts:\n      - lemma: cure\n      - term: nope",
     "12: rules[0] (house-rule).match.frames[0].parts[1].term: unknown term list 'nope'"),
    # a document rule's mention and its status frame
    ("document:\n  mentions:\n    - phrases: [exosome]\n      disclosure: Not approved.\n    - phrases: [prp]\n"
     "      near: [hair]\n      disclosure: ''\n  unless:\n    parts: [{phrases: [fda]}, {lemma: approve}]",
     "15: rules[0] (house-rule).match.document.mentions[1].disclosure: expected a non-empty string"),
    ("document:\n  mentions:\n    - phrases: [exosome]\n      disclosure: Not approved.\n  unless:\n"
     "    parts: [{phrases: [fda]}, {lemma: approve}]\n    within: 8\n    context: maybe",
     "16: rules[0] (house-rule).match.document.unless.context: expected one of negated, any"),
])
def test_a_rule_file_error_deep_in_a_rule_names_its_own_line(run, tmp_path, match_body, message):
    code, out, err = check_with_rules(run, tmp_path, match_body)
    assert code == 2 and out == ""
    [line] = lines(err)
    assert line.startswith(f"lintmed: error: house.yaml:{message}"), line


APPROVED = """\
approved-uses:
  conditions: [disease]
  products:
    - names: [calmex]
      status: approved
      uses: [anxiety]
      source: label
    - names: [restin]
      uses: [sleep]
      status: maybe
      source: label
terms:
  disease: [arthritis]
"""


def test_an_approved_uses_error_names_the_line_of_its_key(run, tmp_path):
    write(tmp_path, "page.md", CLAIM + "\n")
    write(tmp_path, "house.yaml", APPROVED)
    code, _, err = run("check", "--no-detector", "--rules", "house.yaml", "page.md")
    assert code == 2
    [line] = lines(err)
    assert line.startswith("lintmed: error: house.yaml:10: approved-uses.products[1].status: expected one of"), line


def test_a_rule_id_that_is_a_list(run, tmp_path):
    write(tmp_path, "page.md", CLAIM + "\n")
    write(tmp_path, "house.yaml", "rules:\n  - id: [cure-claim]\n    severity: info\n")
    code, _, err = run("check", "--rules", "house.yaml", "page.md")
    assert code == 2
    assert lines(err) == ["lintmed: error: house.yaml:2: rules[0].id: expected a kebab-case id"]


def test_one_wildcard_and_a_common_word_beside_a_rare_one_are_fine(run, tmp_path):
    write(tmp_path, "page.md", "Ask the team about arthritis.\n")
    house_rule_file(tmp_path, 'patterns:\n  - [{lemma: the}, {op: "*"}, {lemma: arthritis}]')
    code, out, err = run("check", "--no-detector", "--rules", "house.yaml", "page.md")
    assert code == 1, err
    assert out.startswith("page.md:1:5: warning house-rule  A house rule.")


@pytest.mark.parametrize("config, message", [
    ("per-path-ignores:\n  5: [hype]\n",
     '.lintmed.yaml:2: per-path-ignores: expected a path glob (a string) as each key, got 5; quote it: "5"'),
    ('exclude: ["drafts/[z-a]"]\n', ".lintmed.yaml:1: exclude: bad glob 'drafts/[z-a]': bad character range z-a"),
    ('per-path-ignores:\n  "[z-a]/*.md": [hype]\n',
     ".lintmed.yaml:2: per-path-ignores.[z-a]/*.md: bad glob '[z-a]/*.md': bad character range z-a"),
    ("severity:\n  [a]: info\n", ".lintmed.yaml:2: invalid YAML: found unhashable key"),
    ("severity:\n  5: info\n", ".lintmed.yaml:2: severity: expected rule ids as keys, got 5"),
    ("fail-on: [error]\n", ".lintmed.yaml:1: fail-on: expected one of error, warning, info, never, got ['error']"),
])
def test_bad_config_is_one_line_exit_2(run, tmp_path, config, message):
    write(tmp_path, "page.md", CLAIM + "\n")
    write(tmp_path, ".lintmed.yaml", config)
    code, out, err = run("check", "--no-detector", "page.md")
    assert code == 2 and out == ""
    assert lines(err) == [f"lintmed: error: {tmp_path.resolve() / message}"]


@pytest.mark.parametrize("config, message", [
    ("ignore: [hype]\n\nfail-on: loud\n", "3: fail-on: expected one of error, warning, info, never, got 'loud'"),
    ("fail-on: error\nexclude:\n  - drafts\nfailon: never\n", "4: failon: unknown key (allowed: "),
    ("severity:\n  cure-claim: info\n  eliminates-risk-claim: loud\n",
     "3: severity.eliminates-risk-claim: expected one of error, warning, info, got 'loud'"),
    ("severity:\n  cure-claim: info\n  no-such-rule: info\n", "3: severity: unknown rule id 'no-such-rule'"),
    ("fail-on: error\nignore:\n  - hyp\n", "3: ignore: unknown rule id or category 'hyp'; did you mean 'hype'?"),
    # a list's item names its own line
    ("select:\n  - hype\n  - cure-claimz\n", "3: select: unknown rule id or category 'cure-claimz'"),
    ('exclude:\n  - drafts\n  - "drafts/[z-a]"\n', "3: exclude: bad glob 'drafts/[z-a]'"),
    ("exclude:\n  - drafts\n  - 5\n", "3: exclude: expected a list of strings"),
    ("per-path-ignores:\n  blog/*.md:\n    - hype\n    - hyp\n", "4: per-path-ignores.blog/*.md: unknown rule id"),
    ("fail-on: error\nrules:\n  - house.yaml\n  - ../outside.yaml\n", "4: rules: '../outside.yaml' is outside"),
    ("per-path-ignores:\n  blog/*.md: [hype]\n  news/*.md: [hyp]\n",
     "3: per-path-ignores.news/*.md: unknown rule id or category 'hyp'"),
    ("per-path-ignores:\n  blog/*.md:\n    - hype\n  news/*.md: 5\n",
     "4: per-path-ignores.news/*.md: expected a list of strings"),
    ("fail-on: error\n\nrules: [../outside.yaml]\n", "3: rules: '../outside.yaml' is outside the project"),
])
def test_a_config_error_names_the_line_of_its_key(run, tmp_path, config, message):
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    write(project, "page.md", CLAIM + "\n")
    write(project, ".lintmed.yaml", config)
    code, out, err = run("check", "--no-detector", "page.md", cwd=project)
    assert code == 2 and out == ""
    [line] = lines(err)
    assert line.startswith(f"lintmed: error: {project.resolve()}/.lintmed.yaml:{message}"), line


PYPROJECT = """\
[project]
name = "site"
description = \"\"\"
fail-on = "not this line: a string"
\"\"\"

[tool.lintmed]
ignore = ["hype"]
{body}
"""


@pytest.mark.parametrize("body, message", [
    ('fail-on = "loud"', '9: [tool.lintmed] fail-on: expected one of error, warning, info, never, got \'loud\''),
    ('"fail-on" = "loud"', '9: [tool.lintmed] fail-on: expected one of error, warning, info, never, got \'loud\''),
    ('failon = "never"', "9: [tool.lintmed] failon: unknown key"),
    ('\n[tool.lintmed.severity]\ncure-claim = "info"\nno-such-rule = "info"', "12: severity: unknown rule id 'no-such-rule'"),
    ('severity = {cure-claim = "loud"}', "9: [tool.lintmed] severity.cure-claim: expected one of error, warning, info"),
    ('\n[tool.lintmed.per-path-ignores]\n"blog/*.md" = ["hype"]\n"[z-a]" = ["hype"]',
     "12: [tool.lintmed] per-path-ignores.[z-a]: bad glob '[z-a]'"),
    # an array's item names its own line (strings, comments and nested brackets read over)
    ('exclude = [\n  "drafts",\n  "[z-a]",\n]', "11: [tool.lintmed] exclude: bad glob '[z-a]'"),
    ('exclude = [\n  "drafts", # a comment, with "[brackets]"\n  \'\'\'multi-line, with ]\n\'\'\', "a \\" ] quote",\n'
     '  "[z-a]",\n]', "13: [tool.lintmed] exclude: bad glob '[z-a]'"),
    ('select = ["hype",\n  "cure-claimz"]', "10: select: unknown rule id or category 'cure-claimz'"),
    ('\n[tool.lintmed.per-path-ignores]\n"blog/*.md" = [\n  "hype",\n  "hyp",\n]',
     "13: per-path-ignores.blog/*.md: unknown rule id or category 'hyp'"),
    ('exclude = ["drafts", 5]', "9: [tool.lintmed] exclude: expected a list of strings"),
])
def test_a_pyproject_error_names_the_line_of_its_key(run, tmp_path, body, message):
    write(tmp_path, "page.md", CLAIM + "\n")
    write(tmp_path, "pyproject.toml", PYPROJECT.format(body=body))
    code, out, err = run("check", "--no-detector", "page.md")
    assert code == 2 and out == ""
    [line] = lines(err)
    assert line.startswith(f"lintmed: error: {tmp_path.resolve()}/pyproject.toml:{message}"), line


def test_pyproject_with_tool_not_a_table(run, tmp_path):
    write(tmp_path, "page.md", CLAIM + "\n")
    write(tmp_path, "pyproject.toml", "tool = 5\n")
    code, out, err = run("check", "--no-detector", "page.md")
    assert code == 2 and out == ""
    assert lines(err) == [f"lintmed: error: {tmp_path.resolve()}/pyproject.toml:1: tool: expected a table "
                          "([tool.lintmed]), got 5"]


def test_duplicate_key_is_refused_with_its_line(run, tmp_path):
    write(tmp_path, "page.md", CLAIM + "\n")
    write(tmp_path, ".lintmed.yaml", "fail-on: error\nignore: [hype]\nfail-on: never\n")
    code, _, err = run("check", "--no-detector", "page.md")
    assert code == 2
    assert lines(err) == [f"lintmed: error: {tmp_path.resolve()}/.lintmed.yaml:3: invalid YAML: duplicate key "
                          "'fail-on'"]
