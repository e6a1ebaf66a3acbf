"""Speed and memory of lintmed, measured (never asserted in the test suite).

    python bench/perf.py [--words 450000] [--jobs N]

Prints three figures against DESIGN.md's budgets:
- cold start: one Markdown page through `python -m lintmed check` in a new process
  (median of 5), next to the cost of `import spacy` alone;
- throughput: a synthetic site of ~450k words (~16k paragraphs) built from the
  repository's example pages (and ../shared/corpus/seeds when present), linted
  file by file on one core with the Python API, in words per second;
- peak memory (max RSS) of a process that lints that site.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time

from speed import PAGE, ROOT, lintmed_check, run_python, synthetic_site, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=450_000)
    parser.add_argument("--jobs", type=int, default=0, help="also time the CLI with --jobs N")
    args = parser.parse_args()

    spacy_import = timed([sys.executable, "-c", "import spacy"])
    cold = timed(lintmed_check(PAGE))
    print(f"cold start, one page: {cold:.2f} s  (import spacy alone: {spacy_import:.2f} s; "
          f"budget: +0.30 s, measured +{cold - spacy_import:.2f} s)")

    with synthetic_site(args.words) as site:
        code = (
            "import sys, time, resource, lintmed\n"
            "from lintmed.engine.linter import default_linter\n"
            "linter = default_linter(); linter.lint('Warm up.', 'w.md')\n"
            "files = sys.argv[1:]; t = time.perf_counter(); n = 0\n"
            "for f in files:\n"
            "    n += len(linter.lint(open(f, encoding='utf-8').read(), f).findings)\n"
            "dt = time.perf_counter() - t\n"
            "print(dt, n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
        )
        out = run_python(code, site.files)
        seconds, findings, max_rss_kb = float(out[0]), int(out[1]), int(out[2])
        words = site.words
        print(f"site: {len(site.files)} files, {words} words, {findings} findings")
        print(f"throughput, one core: {words / seconds:,.0f} words/s ({seconds:.2f} s; budget >= 100,000)")
        print(f"peak memory: {max_rss_kb / 1024:.0f} MB (budget < 300 MB)")
        if args.jobs:
            t = time.perf_counter()
            subprocess.run(lintmed_check("--jobs", str(args.jobs), "--fail-on", "never", "--format", "json",
                                         str(site.folder)),
                           stdout=subprocess.DEVNULL, cwd=ROOT, check=True)
            dt = time.perf_counter() - t
            print(f"CLI --jobs {args.jobs} (whole process): {words / dt:,.0f} words/s ({dt:.2f} s)")
        print(f"(cores: {os.cpu_count()}; python {sys.version.split()[0]}; "
              f"this process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB)")


if __name__ == "__main__":
    main()
