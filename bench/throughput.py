"""Throughput and peak memory on a generated site, beside proselint in the same run, and
an unchanged re-run with the results cache.

    python bench/throughput.py [--words 450000] [--runs 3] [--jobs 0]

The site (bench/sitegen.py: Markdown and HTML pages, every sentence generated afresh)
is linted as a whole folder by `lintmed check --no-cache` (the default engine: rules and
the learned detector; a process pool when the work is large enough), by `lintmed check`
with its cache on as it is by default, on a machine that has run lintmed before but never on
this site (a private cache folder that a one-line page filled with the rule set, the lemma
table and the prefilter, copied afresh for each run, so that no finding is ever read from
it), and by `proselint check` with every file named, each under `/usr/bin/time -v` for wall
time, CPU time and the peak resident memory of the largest process (the parent, or one pool
worker). Rounds alternate the tools; figures are medians, ratios are taken within a round.
Then, with a fresh private cache folder, `lintmed check` twice over the unchanged site: the
second run reads every file's findings from the results cache.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sitegen import generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed programs run


def time_v(cmd: list[str], env=None) -> dict[str, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of ``cmd``, from GNU time -v."""
    out = subprocess.run(["/usr/bin/time", "-v", *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True, cwd=ROOT, env=env or ENV).stderr

    def field(name: str) -> str:
        return re.search(rf"{re.escape(name)}: (.+)", out).group(1).strip()

    clock = [float(x) for x in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")]
    wall = clock[-1] + 60 * clock[-2] + (3600 * clock[-3] if len(clock) > 2 else 0)
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    return {"wall": wall, "cpu": cpu, "rss": int(field("Maximum resident set size (kbytes)")) / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=450_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0, help="lintmed --jobs (0: one per core when large enough)")
    args = parser.parse_args()
    proselint = str(Path(sys.executable).with_name("proselint"))
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        files, words = generate(site, args.words)
        print(f"site: {len(files)} files ({sum(f.suffix == '.html' for f in files)} HTML), {words} words, "
              f"{sum(f.stat().st_size for f in files) / 1e6:.1f} MB")
        lint = [sys.executable, "-m", "lintmed", "check", "--no-cache", "--jobs", str(args.jobs),
                "--format", "json", str(site)]
        cached = [a for a in lint if a != "--no-cache"]
        prose = [proselint, "check", *map(str, files)]
        primed = Path(tmp) / "primed-cache"
        page = Path(tmp) / "one-line.md"
        page.write_text("Our clinic is open on Mondays.\n", encoding="utf-8")
        subprocess.run([*cached[:-1], str(page)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       cwd=ROOT, env={**ENV, "LINTMED_CACHE_DIR": str(primed)})

        def first_run_with_cache() -> dict[str, float]:
            folder = Path(tmp) / "run-cache"
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(primed, folder)
            return time_v(cached, {**ENV, "LINTMED_CACHE_DIR": str(folder)})

        runs = {"lintmed": [], "lintmed, cache on": [], "proselint": []}
        for _ in range(args.runs):
            runs["lintmed"].append(time_v(lint))
            runs["lintmed, cache on"].append(first_run_with_cache())
            runs["proselint"].append(time_v(prose))
        for name, rows in runs.items():
            wall = statistics.median(r["wall"] for r in rows)
            cpu = statistics.median(r["cpu"] for r in rows)
            rss = max(r["rss"] for r in rows)
            print(f"{name:17s} {words / wall:9,.0f} words/s wall ({wall:.2f} s), CPU {cpu:.2f} s, "
                  f"peak RSS {rss:.0f} MB")
        for name in ("lintmed", "lintmed, cache on"):
            ratio = statistics.median(p["wall"] / m["wall"] for m, p in zip(runs[name], runs["proselint"]))
            flag = "--no-cache" if name == "lintmed" else "cache on, first run over the site"
            print(f"lintmed ({flag}) / proselint words/s: {ratio:.2f}x (target >= 2x); "
                  f"peak RSS {max(r['rss'] for r in runs[name]):.0f} MB (target < 300 MB)")

        cache_env = {**ENV, "LINTMED_CACHE_DIR": str(Path(tmp) / "cache")}
        first = time_v(cached, cache_env)
        again = [time_v(cached, cache_env) for _ in range(args.runs)]
        second = statistics.median(r["wall"] for r in again)
        print(f"results cache: first run {first['wall']:.2f} s, unchanged re-run {second:.2f} s: "
              f"{first['wall'] / second:.1f}x faster (target >= 10x)")


if __name__ == "__main__":
    main()
