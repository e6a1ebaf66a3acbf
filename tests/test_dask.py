"""lintmed.lint_partition and examples/dask_lint.py: the Python API on a distributed engine's
partitions (plain data in and out, one linter per worker), run with Dask's local schedulers."""
from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import lintmed
from lintmed.report.records import finding_record

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "knee.md": "# Knee clinic\n\nOur stem cell therapy cures arthritis. Is it FDA-approved? No.\n",
    "offer.html": "<html><head><title>Offer</title></head><body><p>Book now: only 3 places left!</p></body></html>\n",
    "hours.txt": "We are open from 9:00 to 17:00 on weekdays.\n",
    "blog/skin.md": "Our serum is guaranteed to work, with no side effects.\n",
}


@pytest.fixture
def site(tmp_path):
    for name, text in PAGES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _expected(site) -> list[dict]:
    """What lintmed finds there with the detector on, as `lintmed check` runs."""
    from lintmed.engine.linter import Linter

    paths = sorted(str(site / name) for name in PAGES)
    linter = Linter(lintmed.load_ruleset(), detector=True)
    return sorted((finding_record(f) for f in lintmed.lint_paths(paths, linter=linter)),
                  key=lambda f: (f["path"], f["line"], f["column"], f["rule"]))


def test_a_partition_gives_the_json_findings(site):
    pairs = [(str(site / name), text) for name, text in sorted(PAGES.items())]
    records = lintmed.lint_partition(pairs)
    assert sorted(records, key=lambda f: (f["path"], f["line"], f["column"], f["rule"])) == _expected(site)
    assert {r["rule"] for r in records} >= {"disease-treatment-claim", "guaranteed-result-claim"}
    # Dicts in work as pairs do; what comes out is plain data.
    assert lintmed.lint_partition([{"path": p, "text": t} for p, t in pairs]) == records
    assert pickle.loads(pickle.dumps(records)) == records
    assert json.loads(json.dumps(records)) == records


def test_the_linter_is_built_once_per_process_and_settings(monkeypatch):
    import lintmed.engine.linter

    built = []
    real = lintmed.engine.linter.Linter
    monkeypatch.setattr(lintmed, "_PARTITION_LINTERS", {})
    monkeypatch.setattr(lintmed.engine.linter, "Linter", lambda *a, **k: built.append(k) or real(*a, **k))
    for _ in range(3):
        lintmed.lint_partition([("a.md", "Our cream cures acne.")])
    lintmed.lint_partition([("a.md", "Our cream cures acne.")], detector=False)
    assert len(built) == 2  # one per settings, not one per partition


def _example(site, scheduler: str) -> list[dict]:
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "dask_lint.py"), str(site),
                          "--scheduler", scheduler, "--partitions", "2"],
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return [json.loads(line) for line in out.splitlines()]


@pytest.mark.parametrize("scheduler", ["synchronous", "processes"])
def test_the_dask_example_finds_what_lintmed_finds(site, scheduler):
    assert _example(site, scheduler) == _expected(site)
