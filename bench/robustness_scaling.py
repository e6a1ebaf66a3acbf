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

    python bench/robustness_scaling.py --memory [--paragraphs 50000,100000,200000,400000] [--api]

Memory over the number of paragraphs: one Markdown file of N short paragraphs (each with a
new word, its number; a claim every 20th; numbers that repeat, so no new word after the
first 1,000 paragraphs), checked by ``lintmed check --no-cache --jobs 1 --format json -o FILE`` (and
with ``--api`` by ``lintmed.lint_paths``) in a new process under ``/usr/bin/time -v``: its
peak resident set, and how much it grows per paragraph and per finding over the smallest
size. ``--runs`` repeats the CLI runs and gives each size's median CPU time. ``--jobs N``
runs the CLI with ``--jobs N`` (the file's batches over N forked workers): the peak is then
that of the largest process (GNU time reports the largest of a process and its children).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import ROOT, time_v  # noqa: E402

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
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout,
                              cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout:.0f} s"}
    if done.returncode:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1][:60]}
    return json.loads(done.stdout.strip().splitlines()[-1])


# --memory: short paragraphs, and every CLAIM_EVERY-th one a claim (one finding each).
CLAIM_EVERY = 20
API = "import sys, lintmed; print(len(lintmed.lint_paths([sys.argv[1]])))"


# --memory file kinds: a new word in every paragraph (its number), a claim every
# CLAIM_EVERY-th paragraph, and numbers that repeat (no new word past the first
# REPEAT_EVERY paragraphs: spaCy's vocabulary stops growing).
KINDS = ("plain", "claims", "repeat")
REPEAT_EVERY = 1_000


def paragraphs_file(path: Path, n: int, kind: str) -> int:
    """A Markdown file of ``n`` short paragraphs of ``kind`` (KINDS); its characters."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            claim = kind == "claims" and i % CLAIM_EVERY == CLAIM_EVERY - 1
            out.write(f"Paragraph {i % REPEAT_EVERY if kind == 'repeat' else i}: "
                      + ("our serum cures arthritis in days." if claim else "the waiting room is quiet on weekdays.")
                      + "\n\n")
    return path.stat().st_size


def memory(counts: list[int], runs: int, api: bool, kinds=KINDS, jobs: int = 1) -> None:
    """Peak RSS of a whole run over the number of paragraphs (see the module's docstring)."""
    env = {**os.environ, "LINTMED_NO_CACHE": "1"}
    print(f"{'file':<8} {'paragraphs':>10} {'MB file':>7} {'findings':>8} {'CLI MB':>7} {'CPU s':>7} "
          f"{'B/para':>7} {'B/finding':>9}" + (f" {'API MB':>7} {'B/para':>7}" if api else ""))
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            first = None
            for n in counts:
                path = Path(tmp) / f"{kind}-{n}.md"
                size = paragraphs_file(path, n, kind)
                report = Path(tmp) / "report.json"
                cmd = [sys.executable, "-m", "lintmed", "check", "--no-cache", "--jobs", str(jobs), "--format", "json",
                       "-o", str(report), str(path)]
                cli = [time_v(cmd, env) for _ in range(runs)]
                rss, cpu = max(r["rss"] for r in cli), statistics.median(r["cpu"] for r in cli)
                found = len(json.loads(report.read_text(encoding="utf-8"))["findings"])
                row = {"n": n, "rss": rss, "found": found}
                if api:
                    row["api"] = time_v([sys.executable, "-c", API, str(path)], env)["rss"]
                first = first or row
                grow = n - first["n"]
                per_para = (rss - first["rss"]) * 2**20 / grow if grow else float("nan")
                per_finding = (rss - first["rss"]) * 2**20 / (found - first["found"]) if found > first["found"] else \
                    float("nan")
                line = (f"{kind:<8} {n:>10,} {size / 1e6:>7.1f} {found:>8,} {rss:>7.0f} "
                        f"{cpu:>7.1f} {per_para:>7.0f} {per_finding:>9.0f}")
                if api:
                    api_per = (row["api"] - first["api"]) * 2**20 / grow if grow else float("nan")
                    line += f" {row['api']:>7.0f} {api_per:>7.0f}"
                print(line, flush=True)
                path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", nargs="*", choices=[*CASES, []], help="cases to run (default: all)")
    parser.add_argument("--min", type=int, default=62_500, help="smallest size in characters")
    parser.add_argument("--max", type=int, default=1_000_000, help="largest size in characters")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run")
    parser.add_argument("--memory", action="store_true", help="peak memory over the number of paragraphs instead")
    parser.add_argument("--paragraphs", default="50000,100000,200000,400000", help="with --memory: paragraph counts")
    parser.add_argument("--api", action="store_true", help="with --memory: the Python API too")
    parser.add_argument("--kinds", default=",".join(KINDS), help="with --memory: file kinds (%(default)s)")
    parser.add_argument("--runs", type=int, default=1, help="runs per size (medians of CPU time)")
    parser.add_argument("--jobs", type=int, default=1, help="with --memory: the CLI's --jobs")
    args = parser.parse_args()
    if args.memory:
        memory([int(float(n)) for n in args.paragraphs.split(",")], args.runs, args.api, args.kinds.split(","),
               args.jobs)
        return
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
