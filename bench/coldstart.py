"""Cold start: one page through `lintmed check` in a new process, beside proselint and
beside `import spacy`, in the same run.

    python bench/coldstart.py [--runs 7]

Pages: datasets/pages/visiting-us.md (a clean 536-word clinic page: hours, directions,
privacy) and examples/exosome-clinic.md (541 words, about 50 claims). Each round runs
every command once, in turn, so that load on the machine falls on all of them alike;
figures are medians over the rounds, and ratios are taken within a round. Before every
run the page is copied afresh with a line of its own at the end, so lintmed's results
cache never holds it (the rule-set and prefilter cache stay warm, as on a writer's
machine). The first round warms those caches and is not counted.

Also prints, for the page with claims, where lintmed's time goes: spaCy's import as lintmed
does it (lintmed.engine.nlp.import_spacy: without spaCy's command line), the pipeline, the lemma table, the rule set, the matchers, the detector, the first
lint), measured with time.perf_counter in a new process. Commands run with Python
allowed to write bytecode, as installed programs do.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# As installed programs run: Python may write bytecode (an environment that forbids it
# would recompile lintmed's modules on every run; installed proselint has its own).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
CLEAN = ROOT / "datasets" / "pages" / "visiting-us.md"
CLAIMS = ROOT / "examples" / "exosome-clinic.md"

STAGES = """
import sys, time
page = sys.argv[1]
t0 = time.perf_counter()
from lintmed.engine.nlp import get_nlp, import_spacy
import_spacy()
t1 = time.perf_counter()
from lintmed.lemmas import lemma_table
nlp = get_nlp(); t2 = time.perf_counter()
lemma_table(); t3 = time.perf_counter()
from lintmed.rules.load import load_ruleset
rules = load_ruleset(); t4 = time.perf_counter()
from lintmed.engine.linter import Linter
linter = Linter(rules, detector=True); linter.compiled; t5 = time.perf_counter()
linter._claim_detector(); t6 = time.perf_counter()
linter.lint(open(page, encoding="utf-8").read(), page); t7 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t7 - t6)
"""
STAGE_NAMES = ("import spacy (lintmed's way)", "blank English pipeline", "lemma table (cache)", "rule set (cache)",
               "matchers compiled", "detector loaded", "first lint of the page")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(cmd: list[str], page: Path, folder: Path, n: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds) for ``cmd`` on a fresh copy of ``page`` (``{page}`` in
    cmd is replaced). CPU time (user + system) moves less than wall time when other
    work shares the machine."""
    copy = folder / f"{n}{page.suffix}"
    copy.write_text(page.read_text(encoding="utf-8") + f"\n\nCopy {n} for the benchmark.\n", encoding="utf-8")
    cmd = [str(copy) if part == "{page}" else part for part in cmd]
    cpu, t = _cpu(), time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=ENV)
    return time.perf_counter() - t, _cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    proselint = str(Path(sys.executable).with_name("proselint"))
    commands = {
        "import spacy": ([sys.executable, "-c", "import spacy"], CLEAN),
        "lintmed, clean page": ([sys.executable, "-m", "lintmed", "check", "{page}"], CLEAN),
        "proselint, clean page": ([proselint, "check", "{page}"], CLEAN),
        "lintmed, page with claims": ([sys.executable, "-m", "lintmed", "check", "{page}"], CLAIMS),
        "proselint, page with claims": ([proselint, "check", "{page}"], CLAIMS),
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as tmp:
        n = 0
        for round_number in range(args.runs + 1):
            for name, (cmd, page) in commands.items():
                n += 1
                wall, used = run_once(cmd, page, Path(tmp), n)
                if round_number:  # the first round fills the caches
                    times[name].append(wall)
                    cpu[name].append(used)
    for name in commands:
        print(f"{name:30s} wall {statistics.median(times[name]):6.3f} s   CPU {statistics.median(cpu[name]):6.3f} s"
              f"  (medians of {args.runs})")

    for label, data in (("wall", times), ("CPU", cpu)):
        def ratio(a: str, b: str) -> float:
            return statistics.median(x / y for x, y in zip(data[a], data[b]))

        def over(a: str, b: str) -> float:
            return statistics.median(x - y for x, y in zip(data[a], data[b]))

        print(f"{label}: clean page, lintmed / proselint = {ratio('lintmed, clean page', 'proselint, clean page'):.2f}x"
              f" (target <= 2x); page with claims, lintmed / proselint = "
              f"{ratio('lintmed, page with claims', 'proselint, page with claims'):.2f}x, lintmed - import spacy = "
              f"{over('lintmed, page with claims', 'import spacy'):+.2f} s (target <= +0.30 s)")
    stages = [[float(x) for x in subprocess.run([sys.executable, "-c", STAGES, str(CLAIMS)], capture_output=True,
                                                 text=True, check=True, cwd=ROOT, env=ENV).stdout.split()]
              for _ in range(args.runs)]
    print("where the time goes on the page with claims (median of runs, new process each):")
    for k, name in enumerate(STAGE_NAMES):
        print(f"  {name:30s} {statistics.median(s[k] for s in stages):.3f} s")


if __name__ == "__main__":
    main()
