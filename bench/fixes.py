"""Suggestions and fixes on real claims: coverage, kinds, what --fix applies, and a sample to read.

Usage (from the repository root):

    python bench/fixes.py [--sample N] [--seed S] [--verbose] [--corpus DIR] [FILE ...]

Reads the risky rows of ``pages.jsonl``, ``dev.jsonl``, ``train.jsonl`` and
``letters.jsonl`` from ``../shared/corpus`` (never copied into the repository),
page copy (pages + dev) and regulator-cited claims (train + letters) reported
apart, borderline rows left out. For every rule finding (the detector off: it
offers no wording of its own):

- the share of findings with a suggestion (a stated removal counts), and the
  kinds of the first suggestions;
- overlapping findings: pairs of findings in one sentence that share a
  character (one finding per claim: the target is 0);
- what ``--fix`` and ``--fix --unsafe-fixes`` apply to the sentence
  (lintmed.suggest.fix.fix_text, with its own re-lint check), and of those edits the
  share that leave no finding on the edited words when the result is linted
  again and change nothing outside their span. ``--sample-fixes N`` prints N of
  the applied edits for reading.

``--sample N`` prints N findings drawn at random (``--seed``) with the
sentence as it was and as each of its first suggestion would make it, for a
reader to judge (grammatical, honest, compliant, sensible). The text is
printed at run time only. Always exits 0 once the files are read (a
measurement, not a gate); a missing corpus exits 2.
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

from accuracy import DEFAULT_CORPUS, load_rows  # noqa: E402

GROUPS = {"page copy": ("pages.jsonl", "dev.jsonl"), "regulator-cited": ("train.jsonl", "letters.jsonl")}


def make_linter():
    from lintmed.engine.linter import Linter
    from lintmed.rules.load import load_ruleset

    return Linter(load_ruleset(), detector=False)


def rewritten(sentence: str, finding, suggestion) -> str:
    from lintmed.findings import ADD_TO_PAGE

    if suggestion.description == ADD_TO_PAGE:  # wording to add to the page, not a replacement
        return f"{sentence} [page gains: {suggestion.replacement}]"
    start, end = suggestion.span(finding)
    return sentence[:start] + suggestion.replacement + sentence[end:]


def applied_edits_clear(linter, sentence: str, unsafe: bool = True) -> tuple[int, int, list]:
    """(edits --fix --unsafe-fixes applies, of them those that clear their words, failures).

    Each edit is re-checked on its own, in the text of its pass: applied alone, the
    sentence must change only inside the edit's span and, linted again, have no finding on
    the new words."""
    from lintmed.suggest.fix import apply_edits, fix_text

    result = fix_text(sentence, "x.txt", linter, unsafe=unsafe)
    applied = good = 0
    failures = []
    text = sentence
    for edits in result.passes:
        for e in edits:
            after = apply_edits(text, [e])
            new_end = e.start + len(e.replacement)
            outside_same = after[:e.start] == text[:e.start] and after[new_end:] == text[e.end:]
            left = [f for f in linter.lint(after, path="x.txt").findings if f.start < new_end and f.end > e.start]
            applied += 1
            if outside_same and not left:
                good += 1
            else:
                failures.append((e.finding.rule, text, after))
            APPLIED.append((e.finding.rule, unsafe, text, after))
        text = apply_edits(text, edits)
    return applied, good, failures


APPLIED: list = []  # (rule, unsafe, before, after) of every edit applied, for --sample-fixes


def measure(rows: list[dict], linter, verbose: bool) -> tuple[dict, list]:
    findings = with_suggestion = overlaps = 0
    kinds: Counter = Counter()
    applied = cleared = safe_applied = safe_cleared = 0
    failures = []
    items = []
    for row in rows:
        sentence = row["text"]
        found = linter.lint(sentence, path="x.txt").findings
        for i, a in enumerate(found):
            findings += 1
            with_suggestion += bool(a.suggestions)
            kinds[a.suggestions[0].kind if a.suggestions else "none"] += 1
            items.append((sentence, a))
            overlaps += sum(a.start < b.end and b.start < a.end for b in found[i + 1:])
        n, good, bad = applied_edits_clear(linter, sentence) if found else (0, 0, [])
        applied += n
        cleared += good
        failures += bad
        n, good, bad = applied_edits_clear(linter, sentence, unsafe=False) if found else (0, 0, [])
        safe_applied += n
        safe_cleared += good
    stats = {"rows": len(rows), "findings": findings, "with_suggestion": with_suggestion, "overlaps": overlaps,
             "kinds": kinds, "applied": applied, "cleared": cleared, "safe_applied": safe_applied,
             "safe_cleared": safe_cleared}
    if verbose:
        for rule, before, after in failures:
            print(f"    not cleared ({rule}):\n      {before}\n      {after}")
    return stats, items


def share(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.3f}" if b else "n/a"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="JSONL files to read instead of the corpus groups")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sample", type=int, default=0, help="print this many random findings with rewrites")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--sample-fixes", type=int, default=0,
                        help="print this many random edits that --fix --unsafe-fixes applies, before and after")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)
    groups = {f: (Path(f),) for f in args.files} if args.files else {
        name: tuple(args.corpus / f for f in files) for name, files in GROUPS.items()}
    for paths in groups.values():
        for p in paths:
            if not p.is_file():
                print(f"fixes: corpus file not found: {p}", file=sys.stderr)
                return 2
    linter = make_linter()
    everything = []
    for name, paths in groups.items():
        rows = [r for p in paths for r in load_rows(p)
                if r["label"] == "risky" and "borderline" not in (r.get("note") or "").lower()]
        stats, items = measure(rows, linter, args.verbose)
        everything += items
        print(f"{name}: {stats['rows']} risky rows (borderline left out), {stats['findings']} findings")
        print(f"  with a suggestion:         {share(stats['with_suggestion'], stats['findings'])}")
        print(f"  first suggestion by kind:  {dict(stats['kinds'].most_common())}")
        print(f"  overlapping finding pairs: {stats['overlaps']}")
        print(f"  edits --fix applies (safe), clearing their words:          {share(stats['safe_cleared'], stats['safe_applied'])}")
        print(f"  edits --fix --unsafe-fixes applies, clearing their words: {share(stats['cleared'], stats['applied'])}")
    if args.sample:
        random.seed(args.seed)
        for i, (sentence, f) in enumerate(random.sample(everything, min(args.sample, len(everything))), 1):
            s = f.suggestions[0]
            also = f" (also: {', '.join(f.related)})" if f.related else ""
            print(f"\n[{i}] {f.rule}{also} [{s.kind}] claim: {f.text!r}")
            print(f"    was: {sentence}")
            print(f"    now: {rewritten(sentence, f, s) or '(sentence removed)'}")
    if args.sample_fixes:
        random.seed(args.seed)
        for i, (rule, unsafe, before, after) in enumerate(
                random.sample([a for a in APPLIED if a[1]], min(args.sample_fixes, sum(a[1] for a in APPLIED))), 1):
            print(f"\n(fix {i}) {rule}\n    was: {before}\n    now: {after or '(nothing left)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
