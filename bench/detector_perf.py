"""What the learned claim detector costs: cold start and whole-site time, on vs off.

    python bench/detector_perf.py [--words 450000] [--runs 7]

- cold start: one Markdown page through ``python -m lintmed check`` in a new
  process, with ``--detector`` and ``--no-detector`` (median of ``--runs``, the two
  interleaved so that machine load hits both alike); budget +0.1 s;
- whole site: the synthetic ~450k-word site of ``bench/perf.py`` (built by
  ``bench/speed.py``), linted file by file in one process with
  ``Linter(detector=True)`` and ``Linter(detector=False)`` (best of 3 passes
  each, alternating); budget +20 %.

A measurement, never a test: it prints and exits 0.
"""
from __future__ import annotations

import argparse
import statistics

from speed import PAGE, lintmed_check, run_python, synthetic_site, time_once

SITE_CODE = """
import sys, time
from lintmed.engine.linter import Linter
from lintmed.rules.load import load_ruleset
ruleset = load_ruleset()
linters = {"on": Linter(ruleset, detector=True), "off": Linter(ruleset, detector=False)}
for linter in linters.values():
    linter.lint("Warm up: say goodbye to pain.", "w.md")
sources = [(open(f, encoding="utf-8").read(), f) for f in sys.argv[1:]]
best = {"on": [], "off": []}
counts = {}
for _ in range(3):
    for name in ("off", "on"):
        t = time.perf_counter()
        n = sum(len(linters[name].lint(s, f).findings) for s, f in sources)
        best[name].append(time.perf_counter() - t)
        counts[name] = n
print(min(best["off"]), min(best["on"]), counts["off"], counts["on"])
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=450_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    times = {"off": [], "on": []}
    for _ in range(args.runs):
        for name, flag in (("off", "--no-detector"), ("on", "--detector")):
            times[name].append(time_once(lintmed_check(PAGE, flag)))
    off, on = statistics.median(times["off"]), statistics.median(times["on"])
    print(f"cold start, one page: {on:.3f} s with the detector, {off:.3f} s with --no-detector "
          f"(+{on - off:.3f} s; budget +0.100 s)")

    with synthetic_site(args.words) as site:
        out = run_python(SITE_CODE, site.files)
        off_s, on_s, off_n, on_n = float(out[0]), float(out[1]), int(out[2]), int(out[3])
        words = site.words
        print(f"whole site: {len(site.files)} files, {words} words: {on_s:.2f} s with the detector "
              f"({words / on_s:,.0f} words/s, {on_n} findings), {off_s:.2f} s without "
              f"({words / off_s:,.0f} words/s, {off_n} findings): +{(on_s / off_s - 1) * 100:.1f} % "
              f"(budget +20 %)")


if __name__ == "__main__":
    main()
