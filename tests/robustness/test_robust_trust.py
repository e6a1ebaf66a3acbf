"""Item: what a repository holds cannot run code, read outside it, or exhaust memory or
time: git never takes a value as an option, ``model:`` never imports a package from the
working folder, a config names rule files inside its project only, and rule files and
configs are bounded in size, aliases and breadth."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from lintmed.errors import LintmedError

from robust_support import CLAIM, lines, run_process, write


def git(cwd, *args):
    subprocess.run(["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t", *args], cwd=cwd,
                   check=True, capture_output=True)


@pytest.mark.parametrize("ref", ["--output=written.txt", "-p", "--no-index"])
def test_diff_base_that_looks_like_an_option_is_refused(run, tmp_path, ref):
    git(tmp_path, "init", "-q")
    write(tmp_path, "page.md", CLAIM + "\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    code, out, err = run("check", "--no-detector", "--diff-base", ref, "page.md")
    assert code == 2 and out == ""
    assert lines(err) == [f"lintmed: error: --diff-base {ref!r}: not a git revision (a revision never starts "
                          "with '-')"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "page.md"]  # git wrote nothing


def test_diff_base_hands_git_diff_a_commit_id_only(run, tmp_path, monkeypatch):
    import lintmed.workflow.changed

    git(tmp_path, "init", "-q")
    write(tmp_path, "page.md", CLAIM + "\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    seen = []
    real = lintmed.workflow.changed._git

    def spy(args, cwd):
        seen.append(args)
        return real(args, cwd)

    monkeypatch.setattr(lintmed.workflow.changed, "_git", spy)
    code, _, err = run("check", "--no-detector", "--diff-base", "HEAD", "page.md")
    assert code == 0, err  # nothing changed since HEAD
    diff = next(args for args in seen if args[0] == "diff")
    assert "HEAD" not in diff and len(diff[-2]) == 40 and diff[-1] == "--"
    resolve = next(args for args in seen if args[:2] == ["rev-parse", "--verify"])
    assert resolve[-2:] == ["--end-of-options", "HEAD^{commit}"]


def test_model_in_config_never_imports_a_package_from_the_working_folder(tmp_path):
    marker = tmp_path / "imported.txt"
    for planted in ("plantedpipe/__init__.py", "plantedmod.py"):
        write(tmp_path, planted, f"open({str(marker)!r}, 'w').write('ran')\n")
    write(tmp_path, "page.md", CLAIM + "\n")
    for name, why in (("plantedpipe", "the folder has no config.cfg"),
                      ("plantedmod", "no installed package of that name (the working folder is not searched)")):
        write(tmp_path, ".lintmed.yaml", f"model: {name}\n")
        done = run_process(tmp_path, "check", "page.md")
        assert done.returncode == 2
        assert done.stderr.decode().splitlines() == [f"lintmed: error: cannot load spaCy pipeline {name!r}: {why}"]
        assert not marker.exists()


def test_model_naming_a_package_that_is_no_pipeline(run, tmp_path):
    write(tmp_path, "page.md", CLAIM + "\n")
    write(tmp_path, ".lintmed.yaml", "model: click\n")
    code, _, err = run("check", "page.md")
    assert code == 2
    assert lines(err) == ["lintmed: error: cannot load spaCy pipeline 'click': the installed package 'click' is not "
                          "a spaCy pipeline (no meta.json)"]


def test_an_installed_pipeline_is_loaded_from_its_data_without_running_its_code(tmp_path, monkeypatch):
    import spacy

    from lintmed.engine.nlp import get_nlp

    site = tmp_path / "site-packages"
    package = site / "lintmed_test_pipe"
    marker = tmp_path / "imported.txt"
    write(package, "__init__.py", f"open({str(marker)!r}, 'w').write('ran')\n")
    write(package, "meta.json", json.dumps({"lang": "en", "name": "test_pipe", "version": "0.0.1"}))
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(package / "en_test_pipe-0.0.1")
    monkeypatch.syspath_prepend(str(site))
    loaded = get_nlp("lintmed_test_pipe")
    assert [s.text for s in loaded("It works. It really does.").sents] == ["It works.", "It really does."]
    assert not marker.exists() and "lintmed_test_pipe" not in sys.modules


def test_config_cannot_name_a_rule_file_outside_its_project(run, tmp_path):
    project = tmp_path / "project"
    write(tmp_path, "secrets.yaml", "api-key: hunter2\n")
    write(project, "page.md", CLAIM + "\n")
    (project / ".git").mkdir()
    (project / "inside.yaml").symlink_to(tmp_path / "secrets.yaml")
    root = project.resolve()
    for named in ("../secrets.yaml", str(tmp_path / "secrets.yaml"), "inside.yaml", "/dev/zero"):
        write(project, ".lintmed.yaml", f"rules: [{json.dumps(named)}]\n")
        code, out, err = run("check", "page.md", cwd=project)
        assert code == 2 and out == ""
        assert lines(err) == [f"lintmed: error: {root}/.lintmed.yaml:1: rules: {named!r} is outside the project "
                              f"({root}); a config may only name rule files inside it (use --rules to name one "
                              "elsewhere)"]
        assert "hunter2" not in err


def test_a_config_in_a_subfolder_may_name_rule_files_elsewhere_in_the_repository(run, tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, "shared/house.yaml", "rules:\n  - {id: cure-claim, severity: info}\n")
    write(tmp_path, "site/.lintmed.yaml", "rules: [../shared/house.yaml]\n")
    write(tmp_path, "site/page.md", "Our balm cures colds.\n")
    code, out, err = run("check", "--no-detector", "page.md", cwd=tmp_path / "site")
    assert "info cure-claim" in out, err


@pytest.mark.parametrize("kind", ["fifo", "device", "huge"])
def test_rule_file_that_is_no_small_regular_file(run, tmp_path, kind):
    write(tmp_path, "page.md", CLAIM + "\n")
    target = tmp_path / "rules.yaml"
    if kind == "fifo":
        os.mkfifo(target)  # reading it would wait for a writer forever
        why = "rule file is not a regular file"
    elif kind == "device":
        target.symlink_to("/dev/zero")  # reading it would never end
        why = "rule file is not a regular file"
    else:
        target.write_text("# padding\n" * 250_000, encoding="utf-8")
        why = "rule file too large (2,500,000 bytes; at most 2,000,000)"
    code, _, err = run("check", "--rules", "rules.yaml", "page.md")
    assert code == 2
    assert lines(err) == [f"lintmed: error: rules.yaml: {why}"]


def test_yaml_alias_bomb_is_refused_in_a_short_message(run, tmp_path):
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefgh", "bcdefghi"):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    write(tmp_path, "page.md", CLAIM + "\n")
    write(tmp_path, "bomb.yaml", "\n".join(levels) + "\n")
    assert (tmp_path / "bomb.yaml").stat().st_size < 1000  # 9**9 values once expanded
    code, _, err = run("check", "--rules", "bomb.yaml", "page.md")
    assert code == 2
    assert lines(err) == ["lintmed: error: bomb.yaml: too many values once aliases are expanded (over 200,000); "
                          "is it an alias bomb?"]


def test_only_lintmeds_own_rules_are_parsed_without_counting_their_values(tmp_path, monkeypatch):
    """The alias-bomb bound is for rule files from a repository; the packaged rules.yaml is
    lintmed's own, trusted as its code is, and counting its values was a third of parsing it."""
    import lintmed.yamlfile
    from lintmed.rules.load import load_ruleset
    from lintmed.storage import cache

    counted = []
    real = lintmed.yamlfile._expanded_size
    monkeypatch.setattr(lintmed.yamlfile, "_expanded_size", lambda node, limit: counted.append(node) or real(node, limit))
    write(tmp_path, "extra.yaml", "rules:\n  - {id: cure-claim, severity: info}\n")
    cache.disable()
    try:
        load_ruleset()
        assert counted == []
        assert load_ruleset([str(tmp_path / "extra.yaml")]).get("cure-claim").severity == "info"
        assert len(counted) == 1
    finally:
        cache.disable(False)


def test_yaml_alias_inside_itself_is_refused(tmp_path):
    from lintmed.yamlfile import parse_yaml

    with pytest.raises(LintmedError) as caught:
        parse_yaml("rules: &r [*r]\n", "loop.yaml")
    assert str(caught.value) == ("loop.yaml: invalid YAML: nested too deeply, or an alias inside the value it "
                                 "names")


def test_error_messages_never_echo_a_huge_value(run, tmp_path):
    write(tmp_path, "page.md", CLAIM + "\n")
    write(tmp_path, ".lintmed.yaml", "fail-on: " + "x" * 100_000 + "\n")
    code, _, err = run("check", "page.md")
    assert code == 2 and len(err) < 400
    assert err.rstrip().endswith("fail-on: expected one of error, warning, info, never, got '" + "x" * 56 + "...")
