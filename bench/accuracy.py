"""Accuracy of the default rule set on the labelled corpora beside the repository.

Usage (from the repository root):

    python bench/accuracy.py [--verbose] [--corpus DIR] [FILE ...]

By default it reads ``dev.jsonl`` and ``train.jsonl`` from ``../shared/corpus``
relative to the repository root. Each line is a JSON object with ``text``,
``label`` (``risky`` or ``ok``), ``category`` and ``note``. Every sentence is
linted on its own with the default rules (``lintmed.lint_text(sentence,
path="x.txt", ...)``); a sentence counts as flagged when at least one finding
is reported. Document-level rules are left out: they judge a whole page ("it
never states the FDA status"), and one sentence is no page.

Printed per file: recall on risky sentences, false-positive rate on ok
sentences, false-positive rate on hard negatives (notes starting with
"HARD NEGATIVE"), how many negated or question-form ok sentences were flagged
(notes mentioning "question" or "negat"), and recall per category. With
``--verbose`` the misses and false positives are listed with the rule ids.

The corpora are third-party text: they are read from ``../shared`` and never
copied into the repository. Always exits 0 once the files are read (it is a
measurement, not a gate); a missing corpus exits 2 with a one-line message.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_FILES = ("dev.jsonl", "train.jsonl")


def load_rows(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SystemExit(f"accuracy: {path}:{n}: not valid JSON ({exc.msg})") from None
            if row.get("label") not in ("risky", "ok") or not isinstance(row.get("text"), str):
                raise SystemExit(f"accuracy: {path}:{n}: expected 'text' and label risky/ok")
            rows.append(row)
    return rows


def is_hard_negative(row: dict) -> bool:
    return row["label"] == "ok" and (row.get("note") or "").upper().startswith("HARD NEGATIVE")


def is_negated_or_question(row: dict) -> bool:
    """An ok row whose note calls it negated or a question.

    The "HARD NEGATIVE" prefix itself contains "negat", so it is removed first.
    """
    note = (row.get("note") or "").lower().replace("hard negative", "")
    return row["label"] == "ok" and ("question" in note or "negat" in note)


def ratio(num: int, den: int) -> str:
    return f"{num / den:.3f} ({num}/{den})" if den else "n/a (0/0)"


def evaluate(path: Path, lint, verbose: bool, out=sys.stdout) -> dict:
    rows = load_rows(path)
    started = time.perf_counter()
    results = []
    for row in rows:
        findings = lint(row["text"])
        results.append((row, sorted({f.rule for f in findings})))
    elapsed = time.perf_counter() - started

    risky = [(r, ids) for r, ids in results if r["label"] == "risky"]
    ok = [(r, ids) for r, ids in results if r["label"] == "ok"]
    hard = [(r, ids) for r, ids in ok if is_hard_negative(r)]
    negq = [(r, ids) for r, ids in ok if is_negated_or_question(r)]
    tp = sum(1 for _, ids in risky if ids)
    fp = sum(1 for _, ids in ok if ids)
    hard_fp = sum(1 for _, ids in hard if ids)
    negq_fp = sum(1 for _, ids in negq if ids)

    per_cat_total: Counter = Counter()
    per_cat_hit: Counter = Counter()
    for row, ids in risky:
        cat = row.get("category") or "(none)"
        per_cat_total[cat] += 1
        per_cat_hit[cat] += bool(ids)
    fp_rules: Counter = Counter(rule for _, ids in ok for rule in ids)

    print(f"== {path.name}: {len(rows)} sentences ({len(risky)} risky, {len(ok)} ok) "
          f"in {elapsed:.2f}s", file=out)
    print(f"  recall on risky            {ratio(tp, len(risky))}", file=out)
    print(f"  false-positive rate on ok  {ratio(fp, len(ok))}", file=out)
    print(f"  FPR on hard negatives      {ratio(hard_fp, len(hard))}", file=out)
    print(f"  negated/question ok flagged {negq_fp} of {len(negq)}", file=out)
    print("  recall per category:", file=out)
    for cat in sorted(per_cat_total):
        print(f"    {cat:28s} {ratio(per_cat_hit[cat], per_cat_total[cat])}", file=out)
    if fp_rules:
        top = ", ".join(f"{rule} {n}" for rule, n in fp_rules.most_common(8))
        print(f"  rules behind false positives: {top}", file=out)

    if verbose:
        print("  -- misses (risky, not flagged):", file=out)
        for row, ids in risky:
            if not ids:
                print(f"    [{row.get('category') or '-'}] {row['text']}", file=out)
        print("  -- false positives (ok, flagged):", file=out)
        for row, ids in ok:
            if ids:
                mark = " HARD" if is_hard_negative(row) else ""
                print(f"    {','.join(ids)}{mark}: {row['text']}", file=out)
    print(file=out)
    return {
        "file": path.name, "risky": len(risky), "ok": len(ok), "tp": tp, "fp": fp,
        "hard": len(hard), "hard_fp": hard_fp, "negq": len(negq), "negq_fp": negq_fp,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="JSONL files (default: dev.jsonl and train.jsonl in --corpus)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help=f"folder holding the corpora (default: {DEFAULT_CORPUS})")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and false positives")
    args = parser.parse_args(argv)

    paths = [Path(f) for f in args.files] or [args.corpus / name for name in DEFAULT_FILES]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"accuracy: corpus file not found: {', '.join(missing)} "
              f"(pass the files or --corpus DIR)", file=sys.stderr)
        return 2

    sys.path.insert(0, str(REPO))
    import lintmed
    from lintmed.engine.linter import Linter

    linter = Linter(lintmed.load_ruleset().select(lambda rule: not rule.document))

    def lint(sentence: str):
        return lintmed.lint_text(sentence, path="x.txt", linter=linter)

    for path in paths:
        evaluate(path, lint, args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
