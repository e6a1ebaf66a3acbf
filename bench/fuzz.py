"""The robustness properties of tests/robustness/test_robust_properties.py, run longer.

    python bench/fuzz.py                 # 2,000 examples per property
    python bench/fuzz.py --examples 20000 --seed 7

CI runs the same properties with 40 examples each (under 30 s for the suite); this runs
as many as asked and prints how many inputs were tried, how many had findings, and the
first failure if any (Hypothesis shrinks it to a minimal input).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings, seed as fixed_seed
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "robustness"))
from test_robust_properties import ODD, check, documents  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=2000, help="examples per property")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    failures = 0
    for name, strategy, paths in (("text", documents, ["page.txt"]), ("markdown", documents, ["page.md"]),
                                  ("html", documents, ["page.html"]),
                                  ("any characters", st.text(ODD, max_size=400), ["page.txt", "page.md", "page.html"])):
        tried, with_findings = [0], [0]

        @fixed_seed(args.seed)
        @settings(max_examples=args.examples, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(strategy)
        def prop(source):
            tried[0] += 1
            found = False
            for path in paths:
                found |= bool(check(source, path))
            with_findings[0] += found

        start = time.perf_counter()
        try:
            prop()
            outcome = "ok"
        except Exception as exc:  # noqa: BLE001 - report, then go on with the next property
            failures += 1
            outcome = f"FAILED: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
        print(f"{name:<15} {tried[0]:>7,} inputs tried, {with_findings[0]:>6,} with findings, "
              f"{time.perf_counter() - start:7.1f} s  {outcome}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
