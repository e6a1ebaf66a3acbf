"""Per-rule precision on the real corpus in ``../shared/corpus``, by document-grouped split.

Usage (from the repository root):

    python bench/real_data.py            # the engine as a whole
    python bench/rule_precision.py [--corpus DIR] [--extra FILE ...] [--no-detector] [--min N] [--include-borderline]

For every rule, how many rows of real text it reports a finding on, and how many of those
rows are labelled risky: its precision. Page copy (``pages.jsonl`` + ``dev.jsonl``) is shown
apart from regulator-cited claims (``train.jsonl`` + ``letters.jsonl``), and each on the
``tune`` split (whose rows may be read to change rules) and the ``test`` split (which is only
measured), as ``bench/real_data.py`` fixes them by document. Borderline rows are left out
unless asked for.

``alone`` counts the false alarms where the rule is the row's only finding: narrowing that
rule is what takes the row off the false-alarm list. A rule that is wrong more often than
right on real page copy (precision below 0.5 on enough rows) is marked ``<`` in the last
column; the README's rules section says what was done about each.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from real_data import (IN_SAMPLE, PARTS, add_data_arguments, engine_findings, is_borderline,  # noqa: E402
                       load_args, split_of)

SPLITS = ("tune", "test")


def rule_counts(rows: list[dict], findings: list[list]) -> dict:
    """counts[(part, split)][rule] = [on risky rows, on ok rows, ok rows where it is alone]."""
    counts: dict = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for row, found in zip(rows, findings):
        part = next(name for name, in_part in PARTS if in_part(row))
        rules = {f.rule for f in found}
        for rule in rules:
            cell = counts[(part, split_of(row))][rule]
            if row["label"] == "risky":
                cell[0] += 1
            else:
                cell[1] += 1
                cell[2] += len(rules) == 1
    return counts


def precision(right: int, wrong: int) -> float | None:
    return right / (right + wrong) if right + wrong else None


def _cell(counts: list[int] | None) -> str:
    if not counts or not counts[0] + counts[1]:
        return "–"
    right, wrong, alone = counts
    return f"{precision(right, wrong):.2f} ({right}/{right + wrong}; {alone} alone)"


def table(counts: dict, rules, severity: dict, min_rows: int) -> list[str]:
    lines = ["| rule | severity | " + " | ".join(f"{p}, {s}" for p, _ in PARTS for s in SPLITS)
             + " | page copy, tune+test | wrong > right |",
             "| --- | --- | " + " | ".join("---" for _ in PARTS for _ in SPLITS) + " | --- | --- |"]
    for rule in rules:
        cells = [counts[(p, s)].get(rule) for p, _ in PARTS for s in SPLITS]
        if not any(c and c[0] + c[1] for c in cells):
            continue
        page = [sum(c[i] for c in cells[:2] if c) for i in range(3)]
        shown = precision(page[0], page[1])
        worse = "<" if shown is not None and page[0] + page[1] >= min_rows and shown < 0.5 else ""
        lines.append(f"| {rule} | {severity.get(rule, '?')} | " + " | ".join(_cell(c) for c in cells)
                     + f" | {_cell(page)} | {worse} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    from lintmed.rules.load import load_ruleset

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_arguments(parser)
    parser.add_argument("--no-detector", action="store_true", help="rules only")
    parser.add_argument("--min", type=int, default=4, dest="min_rows",
                        help="rows a rule must flag on page copy before it is judged (default 4)")
    parser.add_argument("--include-borderline", action="store_true")
    args = parser.parse_args(argv)
    rows = [r for r in load_args(args) if args.include_borderline or not is_borderline(r)]
    findings = engine_findings(rows, detector=not args.no_detector)
    counts = rule_counts(rows, findings)
    ruleset = load_ruleset()
    severity = {r.id: r.severity for r in ruleset}
    # Most false alarms on page copy first: the rules to narrow next.
    order = sorted({rule for c in counts.values() for rule in c},
                   key=lambda r: (-sum(counts[(PARTS[0][0], s)].get(r, [0, 0])[1] for s in SPLITS), r))
    engine = "rules only" if args.no_detector else IN_SAMPLE
    print(f"Per-rule precision on real text, {engine}: rows flagged by the rule that are labelled "
          f"risky / all rows it flags ({'with' if args.include_borderline else 'without'} borderline rows)\n")
    print("\n".join(table(counts, order, severity, args.min_rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
