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
    env["GITHUB_OUTPUT"] = str(tmp_path / "github-output")
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
