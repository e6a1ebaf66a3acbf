"""action.yml: a composite action whose lintmed step writes SARIF and passes the exit code on."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml
from report_support import SELECT_REPORT_RULES, write_documents, write_rules

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def run_step(tmp_path, **inputs):
    """Run the action's lintmed step with bash, as the runner would, with lintmed on PATH."""
    step = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "check")
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    for key, value in step["env"].items():
        name = value.split("inputs.", 1)[1].rstrip(" }")
        env[key] = inputs.get(name, ACTION["inputs"][name].get("default", ""))
    # What the runner sets for a step (docs.github.com, "Variables": default environment variables).
    env["GITHUB_ACTIONS"] = "true"
    env["CI"] = "true"
    env["GITHUB_WORKSPACE"] = str(tmp_path)
    env["GITHUB_OUTPUT"] = str(tmp_path / "github-output")
    env["GITHUB_STEP_SUMMARY"] = str(tmp_path / "step-summary.md")
    proc = subprocess.run(["bash", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True)
    outputs = dict(line.split("=", 1) for line in (tmp_path / "github-output").read_text().splitlines())
    return proc, outputs


def test_action_shape():
    assert ACTION["runs"]["using"] == "composite"
    steps = ACTION["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    assert any('pip install' in s.get("run", "") and "$GITHUB_ACTION_PATH" in s.get("run", "") for s in steps)
    assert {"paths", "fail-on", "format", "output-file", "diff-base"} <= set(ACTION["inputs"])
    assert ACTION["inputs"]["format"]["default"] == "sarif"


def test_step_writes_sarif_and_fails_on_findings(tmp_path):
    write_documents(tmp_path)
    rules = write_rules(tmp_path)
    (tmp_path / ".lintmed.yaml").write_text(SELECT_REPORT_RULES, encoding="utf-8")
    proc, outputs = run_step(tmp_path, paths="site/exosome-facial.md\nsite/clean.txt", **{"output-file": "out.sarif"})
    assert proc.returncode == 1, proc.stderr
    assert outputs == {"output-file": "out.sarif", "exit-code": "1"}
    log = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"
    assert {r["ruleId"] for r in log["runs"][0]["results"]} >= {"rt-eliminates-risk", "rt-cure"}

    proc, outputs = run_step(tmp_path, paths="site/clean.txt", **{"fail-on": "error", "annotations": "true"})
    assert proc.returncode == 0 and outputs["exit-code"] == "0"
    assert json.loads((tmp_path / "lintmed.sarif").read_text(encoding="utf-8"))["runs"][0]["results"] == []


def _site(tmp_path):
    write_documents(tmp_path)
    write_rules(tmp_path)
    # The report rules alone (a default rule on the same words would take their claims).
    (tmp_path / ".lintmed.yaml").write_text(SELECT_REPORT_RULES + "detector: false\n", encoding="utf-8")


def test_format_github_annotates_in_the_log_and_writes_a_job_summary(tmp_path):
    _site(tmp_path)
    proc, outputs = run_step(tmp_path, paths="site/exosome-facial.md", format="github")

    assert proc.returncode == 1, proc.stderr
    assert outputs == {"output-file": "", "exit-code": "1"}
    annotations = [line for line in proc.stdout.splitlines() if line.startswith(("::error ", "::warning ", "::notice "))]
    assert annotations and all("file=site/exosome-facial.md" in a for a in annotations)
    assert not (tmp_path / "lintmed.sarif").exists(), "annotations go to the log, not to a file"
    summary = (tmp_path / "step-summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## lintmed\n")
    rows = [line for line in summary.splitlines() if line.startswith("| `site/exosome-facial.md:")]
    assert len(rows) == len(annotations), "the job summary lists every finding"
    assert "Found " in summary


def test_sarif_is_written_whatever_the_exit_code(tmp_path):
    _site(tmp_path)
    # An unreadable page: exit 2, and the SARIF holds the other pages' results and the error.
    (tmp_path / "site" / "latin1.md").write_bytes(b"Caf\xe9 cures.\n")
    proc, outputs = run_step(tmp_path, paths="site")
    assert proc.returncode == 2 and outputs["exit-code"] == "2"
    results = json.loads((tmp_path / "lintmed.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    assert "unreadable-file" in {r["ruleId"] for r in results} and "rt-cure" in {r["ruleId"] for r in results}

    # A run that stops before reporting (a broken config): still a valid SARIF file, saying why.
    (tmp_path / ".lintmed.yaml").write_text("fail-on: sometimes\n", encoding="utf-8")
    (tmp_path / "step-summary.md").unlink()
    proc, outputs = run_step(tmp_path, paths="site", **{"output-file": "broken.sarif"})
    assert proc.returncode == 2 and outputs == {"output-file": "broken.sarif", "exit-code": "2"}
    log = json.loads((tmp_path / "broken.sarif").read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0" and log["runs"][0]["results"] == []
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert "fail-on" in invocation["toolExecutionNotifications"][0]["message"]["text"]
    assert "lintmed stopped: " in (tmp_path / "step-summary.md").read_text(encoding="utf-8")


def test_the_readme_workflow_uses_this_action_with_inputs_it_has():
    import re
    import tomllib

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### 4. CI", 1)[1].split("\n### ", 1)[0]
    workflow = yaml.safe_load(re.search(r"```yaml\n(.*?)```", section, re.S).group(1))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    steps = workflow["jobs"]["claims"]["steps"]
    [ours] = [s for s in steps if s["uses"].split("@")[0] == project["urls"]["Repository"].split("github.com/")[1]]
    assert ours["uses"].split("@")[1] == f"v{project['version']}", "a release tag of this version"
    assert set(ours["with"]) <= set(ACTION["inputs"])
    upload = next(s for s in steps if s["uses"].startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == ours["with"]["output-file"] and upload["if"] == "always()"
