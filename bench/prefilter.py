"""What the prefilter (lintmed.engine.prefilter) skips, and what skipping would lose, on real text.

    python bench/prefilter.py [--corpus ../shared/corpus]

For every page of pages.jsonl (its sentences joined, one paragraph each, as a whole
document) and every sentence of each corpus file on its own, lints with the default
engine (rules + learned detector) and asks the prefilter. Prints, per set, how many
texts the prefilter would skip (and how many the linter skips: with the detector on, a
text under DETECTOR_MIN_WORDS words is always read), how many of those hold a rule match
(must be 0: the prefilter only skips texts where no rule can match) and how many learned
findings, and risky rows, the skipped texts hold (what the detector would lose without
the length gate). A measurement,
never a test: the corpus is not in the repository.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from lintmed.engine.linter import DETECTOR_MIN_WORDS, Linter
from lintmed.engine.prefilter import build
from lintmed.rules.load import load_ruleset

ROOT = Path(__file__).resolve().parents[1]


def measure(texts, prefilter, linter) -> Counter:
    """``texts``: (text, the labels of its rows, one row per paragraph)."""
    counts = Counter()
    for text, labels in texts:
        result = linter.lint(text, "page.txt")
        ruled = [f for f in [*result.findings, *(v.finding for v in result.suppressed)] if f.rule != "learned-claim"]
        learned = [f for f in result.findings if f.rule == "learned-claim"]
        # Rows are joined by blank lines and hold no line break: row k is on line 2k + 1.
        learned_on_risky = sum(labels[(f.line - 1) // 2] == "risky" for f in learned)
        counts["texts"] += 1
        counts["learned findings"] += len(learned)
        counts["learned findings on risky rows"] += learned_on_risky
        if prefilter.may_match(text):
            continue
        counts["skipped"] += 1
        # As the linter runs with the detector on: a text under DETECTOR_MIN_WORDS is always read.
        counts["skipped by the linter"] += len(text.split()) >= DETECTOR_MIN_WORDS
        counts["skipped with a rule match (must be 0)"] += bool(ruled)
        counts["learned findings lost"] += len(learned)
        counts["learned findings lost on risky rows"] += learned_on_risky
        counts["risky rows skipped"] += labels.count("risky")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    args = parser.parse_args()
    corpus = Path(args.corpus)
    ruleset = load_ruleset()
    prefilter = build(ruleset)
    linter = Linter(ruleset, detector=True)
    pages = defaultdict(list)
    for line in (corpus / "pages.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        pages[row["doc"]].append(row)
    sets = {"pages.jsonl, whole pages": [("\n\n".join(" ".join(r["text"].split()) for r in rows),
                                          [r["label"] for r in rows]) for rows in pages.values()]}
    for name in ("pages.jsonl", "dev.jsonl", "train.jsonl", "letters.jsonl"):
        rows = [json.loads(line) for line in (corpus / name).open(encoding="utf-8")]
        sets[f"{name}, each sentence a file"] = [(" ".join(r["text"].split()), [r["label"]]) for r in rows]
    for name, texts in sets.items():
        print(f"{name}: {dict(measure(texts, prefilter, linter))}")


if __name__ == "__main__":
    main()
