"""Where the time of a pooled site run goes, by CPU time: for a machine whose cores are
shared, where the wall time of bench/throughput.py follows the load.

    python bench/pool_timeline.py [--words 450000] [--runs 3] [--other TREE]

Each run is ``lintmed check --no-cache --format json`` over a generated site (bench/sitegen.py,
as bench/throughput.py makes it), in a new process that records, by CPU time: the parent up
to the pool (start-up, reading the files, the rule set, spaCy's import, the pipeline and
the matchers: ``Linter.warm_up``), how many pages the forked reader read meanwhile
(``lintmed.workflow.runner.ReadAhead``), each pool worker's tasks, and the parent after the
pool (results, report). On free cores the wall time is about

    parent up to the pool + workers' CPU / workers + parent after the pool

(the "path" printed; add the tail of the pool, when one worker has work left and the
others none). With ``--other TREE`` (a checkout or ``git archive`` of another build) the
runs alternate between that build (run with ``PYTHONPATH=TREE``) and this one, and the
paths are compared within each round.
"""
from __future__ import annotations

import argparse
import glob
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sitegen import generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

# Run in the child: the CLI, with the parent's phases and each pool task timed.
CHILD = r'''
import os, sys, time
CPU = time.process_time
LOG = sys.argv[1]
from lintmed.engine import linter as engine
from lintmed.workflow import runner

run_task = runner._run_task
def timed(task):
    cpu = CPU()
    result = run_task(task)
    with open(f"{LOG}.{os.getpid()}", "a") as f:
        f.write(f"{CPU() - cpu:.5f}\n")
    return result
runner._run_task = timed

def say_after(owner, name, line):
    real = getattr(owner, name)
    def wrapped(*args, **kwargs):
        result = real(*args, **kwargs)
        print(line(result), file=sys.stderr)
        return result
    setattr(owner, name, wrapped)
say_after(engine.Linter, "warm_up", lambda _: f"warm {CPU():.4f}")
say_after(runner, "_fork_pool", lambda _: f"pool {CPU():.4f}")
if hasattr(runner, "ReadAhead"):
    say_after(runner.ReadAhead, "collect", lambda pages: f"read {len(pages)}")
from lintmed.cli import main
try:
    main(["check", "--no-cache", "--format", "json", *sys.argv[2:]])
finally:
    print(f"end {CPU():.4f}", file=sys.stderr)
'''


def one(site: Path, log: str, tree: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if tree:
        env["PYTHONPATH"] = tree
    for old in glob.glob(log + ".*"):
        os.remove(old)
    err = subprocess.run([sys.executable, "-c", CHILD, log, str(site)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, env=env, cwd=site.parent).stderr
    figures = dict(re.findall(r"^(warm|pool|end|read) ([\d.]+)$", err, re.M))
    workers = [sum(float(x) for x in Path(f).read_text().split()) for f in sorted(glob.glob(log + ".*"))]
    if "pool" not in figures or not workers:
        sys.exit(f"no pool ran:\n{err}")
    before, after = float(figures["warm"]), float(figures["end"]) - float(figures["pool"])
    return {"before": before, "workers": workers, "after": after, "read": int(figures.get("read", 0)),
            "path": before + sum(workers) / len(workers) + after}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=450_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--other", help="another build's tree, run with PYTHONPATH in alternate turns")
    args = parser.parse_args()
    builds = {"this": None} if not args.other else {"other": str(Path(args.other).resolve()), "this": None}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        files, words = generate(site, args.words)
        print(f"site: {len(files)} files, {words} words; load {os.getloadavg()[0]:.1f}")
        runs: dict[str, list[dict]] = {name: [] for name in builds}
        for k in range(args.runs):
            for name in (list(builds) if k % 2 == 0 else list(reversed(builds))):
                r = one(site, str(Path(tmp) / "tasks"), builds[name])
                runs[name].append(r)
                print(f"{name:5s} parent to the pool {r['before']:.2f} s (reader: {r['read']} pages), workers "
                      f"{' + '.join(f'{w:.2f}' for w in r['workers'])} s, after {r['after']:.2f} s: path {r['path']:.2f} s "
                      f"(load {os.getloadavg()[0]:.1f})", flush=True)
        for name, rows in runs.items():
            print(f"{name:5s} median: parent to the pool {statistics.median(r['before'] for r in rows):.2f} s, workers "
                  f"{statistics.median(sum(r['workers']) for r in rows):.2f} s together, after "
                  f"{statistics.median(r['after'] for r in rows):.2f} s; path {statistics.median(r['path'] for r in rows):.2f} s")
        if args.other:
            ratios = [o["path"] / t["path"] for o, t in zip(runs["other"], runs["this"])]
            print(f"path other / this, per round: {', '.join(f'{x:.3f}' for x in ratios)}")


if __name__ == "__main__":
    main()
