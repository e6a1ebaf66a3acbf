"""Time and memory of lintmed on hostile input of growing size, one case per row.

    python bench/robustness_scaling.py                  # every case, sizes up to 1,000,000
    python bench/robustness_scaling.py --max 250000 parens html-nested

Each (case, size) runs in a fresh process (``python -c``): the time is one
``Linter.lint`` call (rules only, the rule set already compiled): wall time
(time.perf_counter), CPU time (time.process_time: on a shared machine the wall time
follows the load, the CPU time much less) and the part of it spent in Python's cyclic
garbage collector (gc.callbacks); the memory is the process's peak resident set
(resource.getrusage) minus its peak before the call. A step that is linear shows time/size flat down a case's rows; quadratic
doubles it with every doubling of the size. The inputs are generated here (copy written
for lintmed), so the figures say nothing about real pages; they bound the worst case.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

CLAIM = "Our serum cures arthritis and virtually eliminates pain. "
PLAIN = "Our team answers calls on weekdays and keeps the waiting room quiet. "

# case -> (file suffix, Python expression of the text for size n)
CASES = {
    "long-paragraph": (".txt", f"({CLAIM!r} * (n // {len(CLAIM)} + 1))[:n]"),
    "run-on-line": (".txt", f"({CLAIM.replace('. ', ' ')!r} * (n // {len(CLAIM)} + 1))[:n]"),
    "parens": (".md", f"{CLAIM!r} + ')' * n"),
    "brackets": (".md", f"{CLAIM!r} + '[' * n"),
    "virtually": (".txt", "'It ' + 'virtually ' * (n // 10) + 'eliminates the risk.'"),
    "html-nested": (".html", f"'<div>' * (n // 11) + {CLAIM!r} + '</div>' * (n // 11)"),
    "html-unclosed": (".html", f"'<p><b>' * (n // 6) + {CLAIM!r}"),
    "md-nested-quotes": (".md", f"'> ' * (n // 2) + {CLAIM!r}"),
    "many-paragraphs": (".md", f"({(PLAIN * 3 + chr(10) + chr(10))!r} * (n // {len(PLAIN) * 3 + 2} + 1))[:n]"),
    "paragraphs-with-claims": (".md", f"({(PLAIN + CLAIM + chr(10) + chr(10))!r} * (n // {len(PLAIN + CLAIM) + 2} + 1))[:n]"),
}

RUN = """
import gc, json, os, resource, sys, time
os.environ["LINTMED_NO_CACHE"] = "1"
from lintmed.engine.linter import Linter
from lintmed.rules.load import load_ruleset
n = {n}
text = {expr}
linter = Linter(load_ruleset(), detector=False)
linter.lint("Warm up: our serum cures arthritis.", path="warm{suffix}")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
in_gc = [0.0, 0.0]
def timed(phase, info):
    if phase == "start":
        in_gc[1] = time.process_time()
    else:
        in_gc[0] += time.process_time() - in_gc[1]
gc.callbacks.append(timed)
start, cpu = time.perf_counter(), time.process_time()
result = linter.lint(text, path="page{suffix}")
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
gc.callbacks.remove(timed)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"chars": len(text), "seconds": seconds, "cpu": cpu, "gc": in_gc[0], "findings": len(result.findings),
                  "mb": (peak - before) / 1024, "peak_mb": peak / 1024}}))
"""


def measure(case: str, n: int, timeout: float) -> dict:
    suffix, expr = CASES[case]
    code = RUN.format(n=n, expr=expr, suffix=suffix)
    root = Path(__file__).resolve().parents[1]
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout,
                              cwd=root)
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout:.0f} s"}
    if done.returncode:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1][:60]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", nargs="*", choices=[*CASES, []], help="cases to run (default: all)")
    parser.add_argument("--min", type=int, default=62_500, help="smallest size in characters")
    parser.add_argument("--max", type=int, default=1_000_000, help="largest size in characters")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run")
    args = parser.parse_args()
    sizes = []
    n = args.min
    while n <= args.max:
        sizes.append(n)
        n *= 2
    print(f"{'case':<24} {'chars':>10} {'seconds':>8} {'us/char':>8} {'CPU s':>7} {'CPU us/char':>11} {'in GC':>6} "
          f"{'+MB':>7} {'peak MB':>8} {'findings':>9}")
    for case in args.cases or CASES:
        for n in sizes:
            r = measure(case, n, args.timeout)
            if "error" in r:
                print(f"{case:<24} {n:>10,} {r['error']}")
                break
            print(f"{case:<24} {r['chars']:>10,} {r['seconds']:>8.2f} {r['seconds'] / r['chars'] * 1e6:>8.2f} "
                  f"{r['cpu']:>7.2f} {r['cpu'] / r['chars'] * 1e6:>11.2f} {r['gc'] / max(r['cpu'], 1e-9):>6.0%} "
                  f"{r['mb']:>7.0f} {r['peak_mb']:>8.0f} {r['findings']:>9,}", flush=True)


if __name__ == "__main__":
    main()
