"""Configuration: per-path ignores, globs on nested paths, `lintmed init`, strict keys."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lintmed.workflow.config import STARTER_CONFIG, load_config_file, parse_config
from lintmed.errors import ConfigError
from lintmed.workflow.files import collect_files, glob_match
from lintmed.yamlfile import parse_yaml

from page_support import write_project

CLAIMS = "A miracle serum that cures arthritis.\n"


def files_under(root: Path, **kwargs) -> list[str]:
    return sorted(Path(p).relative_to(root).as_posix() for p in collect_files([str(root)], **kwargs).files)


def make_site(root: Path) -> Path:
    for rel in ["index.md", "blog/2024/post.md", "blog/intro.md", "blog/drafts/idea.md",
                "site/drafts/old.html", "site/legal/terms.txt", "site/legal/notes.md", "assets/app.js"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(CLAIMS, encoding="utf-8")
    return root


# --- globs ---------------------------------------------------------------------


@pytest.mark.parametrize("pattern, path, below, expected", [
    ("*.md", "blog/2024/post.md", False, True),  # no "/": a name at any depth
    ("*.md", "blog/post.html", False, False),
    ("drafts", "blog/drafts/idea.md", True, True),  # a folder anywhere, and all below it
    ("drafts", "blog/drafts/idea.md", False, False),
    ("blog/*.md", "blog/intro.md", False, True),  # with "/": from the root...
    ("blog/*.md", "blog/2024/post.md", False, False),  # ..."*" stays in one folder
    ("blog/**/*.md", "blog/2024/post.md", False, True),  # "**" spans folders
    ("blog/**/*.md", "blog/intro.md", False, True),
    ("**/drafts/**", "drafts/a.md", True, True),
    ("**/drafts/**", "site/drafts/x/a.md", True, True),
    ("site/drafts", "site/drafts/x/a.md", True, True),
    ("site/drafts", "other/site/drafts/a.md", True, False),
    ("./site/*.txt", "site/a.txt", False, True),
    ("/site/[a-c]*.md", "site/blog.md", False, True),
    ("site/[!a-c]*.md", "site/blog.md", False, False),
])
def test_glob_match(pattern, path, below, expected):
    assert glob_match(pattern, path, below) is expected


def test_include_and_exclude_work_on_nested_paths(tmp_path):
    site = make_site(tmp_path)
    assert files_under(site, include=["*.md"], exclude=["drafts"]) == [
        "blog/2024/post.md", "blog/intro.md", "index.md", "site/legal/notes.md"]
    assert files_under(site, include=["blog/**/*.md"]) == [
        "blog/2024/post.md", "blog/drafts/idea.md", "blog/intro.md"]
    assert files_under(site, include=["*.md", "*.html", "*.txt"], exclude=["site/legal/*.txt", "blog/**"]) == [
        "index.md", "site/drafts/old.html", "site/legal/notes.md"]


def test_globs_also_match_from_the_config_folder(tmp_path):
    site = make_site(tmp_path)
    # Walking "site/" with a glob written from the project root.
    found = collect_files([str(site / "site")], include=["*.md", "*.html", "*.txt"], exclude=["site/drafts"],
                          root=site).files
    assert sorted(Path(p).relative_to(site).as_posix() for p in found) == [
        "site/legal/notes.md", "site/legal/terms.txt"]


def test_cli_config_excludes_a_nested_folder(run, tmp_path):
    project = write_project(make_site(tmp_path), 'exclude: ["**/drafts/**", "site/legal"]\n')
    code, out, err = run("check", ".", "--format", "json", cwd=project / "blog")
    paths = sorted({f["path"].removeprefix("./") for f in json.loads(out)["findings"]})
    assert code == 1 and paths == ["2024/post.md", "intro.md"], err


# --- per-path ignores ------------------------------------------------------------


def test_per_path_ignores_by_rule_and_category(run, tmp_path):
    config = 'per-path-ignores:\n  "blog/**": [hype]\n  "site/legal/*.md": [t-cures, t-miracle]\n'
    write_project(make_site(tmp_path), config)
    code, out, _ = run("check", ".", "--format", "json")
    found = sorted({(f["path"].removeprefix("./"), f["rule"]) for f in json.loads(out)["findings"]})
    assert code == 1
    assert found == [
        ("blog/2024/post.md", "t-cures"),
        ("blog/drafts/idea.md", "t-cures"),
        ("blog/intro.md", "t-cures"),
        ("index.md", "t-cures"), ("index.md", "t-miracle"),
        ("site/drafts/old.html", "t-cures"), ("site/drafts/old.html", "t-miracle"),
        ("site/legal/terms.txt", "t-cures"), ("site/legal/terms.txt", "t-miracle"),
    ]


def test_per_path_ignores_apply_from_any_working_folder(run, tmp_path):
    project = write_project(make_site(tmp_path), 'per-path-ignores:\n  "blog/intro.md": [t-cures, hype]\n')
    code, out, _ = run("check", "intro.md", cwd=project / "blog")
    assert (code, out) == (0, "1 file checked, no claims.\n")


@pytest.mark.parametrize("value, problem", [
    ('  "blog/*": [no-such-rule]\n', "per-path-ignores.blog/*: unknown rule id or category 'no-such-rule'"),
    ('  "blog/*": 3\n', "per-path-ignores.blog/*: expected a list of strings"),
    (" [hype]\n", "per-path-ignores: expected a mapping"),
])
def test_per_path_ignores_are_validated(run, tmp_path, value, problem):
    project = write_project(tmp_path, "per-path-ignores:" + ("\n" if value.startswith("  ") else "") + value)
    (project / "a.md").write_text(CLAIMS, encoding="utf-8")
    code, out, err = run("check", "a.md")
    assert code == 2 and out == ""
    assert problem in err and ".lintmed.yaml" in err


# --- unknown keys --------------------------------------------------------------


def test_unknown_key_names_the_key_and_the_file(tmp_path):
    path = tmp_path / ".lintmed.yaml"
    path.write_text("fail-on: error\nper-path-ignore:\n  blog: [hype]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config_file(str(path))
    message = str(info.value)
    assert "per-path-ignore" in message and "unknown key" in message and str(path) in message


def test_unknown_key_in_pyproject_names_the_section(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.lintmed]\nfail-on = "error"\nexclude_paths = ["x"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config_file(str(path))
    assert "[tool.lintmed] exclude_paths: unknown key" in str(info.value) and "pyproject.toml" in str(info.value)


# --- lintmed init -----------------------------------------------------------------


def test_init_writes_a_commented_starter_that_is_valid(run, tmp_path):
    code, out, _ = run("init")
    written = (tmp_path / ".lintmed.yaml").read_text(encoding="utf-8")
    assert code == 0 and ".lintmed.yaml" in out and written == STARTER_CONFIG
    assert written.count("\n#") >= 10  # commented, for people to edit
    config = parse_config(parse_yaml(written, ".lintmed.yaml"), ".lintmed.yaml")
    assert config.fail_on == "warning" and "*.html" in config.include
    # Every commented-out example is valid once uncommented.
    uncommented = "\n".join(line[2:] if re.match(r"# ([a-z-]+:|  )", line) else line
                            for line in written.splitlines())
    assert uncommented.count("\n#") < written.count("\n#") - 5
    full = parse_config(parse_yaml(uncommented, ".lintmed.yaml"), ".lintmed.yaml")
    assert full.per_path_ignores == {"blog/archive/**": ["hype", "urgency"]} and full.select


def test_init_refuses_to_overwrite_unless_forced(run, tmp_path):
    (tmp_path / ".lintmed.yaml").write_text("fail-on: error\n", encoding="utf-8")
    code, out, err = run("init")
    assert code == 2 and out == "" and "already exists" in err and "--force" in err
    assert (tmp_path / ".lintmed.yaml").read_text(encoding="utf-8") == "fail-on: error\n"
    code, _, _ = run("init", "--force")
    assert code == 0 and (tmp_path / ".lintmed.yaml").read_text(encoding="utf-8") == STARTER_CONFIG


def test_init_refuses_when_a_yml_config_exists(run, tmp_path):
    (tmp_path / ".lintmed.yml").write_text("fail-on: error\n", encoding="utf-8")
    code, _, err = run("init")
    assert code == 2 and ".lintmed.yml" in err
    assert not (tmp_path / ".lintmed.yaml").exists()


def test_starter_config_is_picked_up_by_check(run, tmp_path):
    run("init")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.md").write_text(CLAIMS, encoding="utf-8")
    (tmp_path / "ok.md").write_text("Our clinic opens at nine.\n", encoding="utf-8")
    code, out, err = run("check", ".", "--format", "json")
    assert code == 0, err  # drafts/** is excluded by the starter config
    assert json.loads(out)["summary"]["files"] == 1
