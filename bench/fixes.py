"""Do the suggested rewrites clear the claims they replace? Measured on the labelled corpora.

Usage (from the repository root):

    python bench/fixes.py [--verbose] [--show] [--corpus DIR] [FILE ...]

For every risky sentence of ``dev.jsonl`` and ``train.jsonl`` (read from
``../shared/corpus``; never copied into the repository) that lintmed flags,
each finding that offers a suggestion gets its first suggestion applied on its
own (as ``lintmed check --fix --unsafe-fixes`` would, article agreement
included), and the sentence is linted again. A fix *clears* when the rule no
longer flags the rewritten span and the sentence is unchanged outside the
edited span.

Printed per file: the share of flagged sentences with at least one suggestion,
the share of those whose fixes all clear, and the same per finding. With
``--verbose`` the failures are listed; with ``--show`` every rewrite is
printed (to read whether it reads right). Always exits 0 once the files are
read (a measurement, not a gate); a missing corpus exits 2.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

from accuracy import DEFAULT_CORPUS, DEFAULT_FILES, load_rows  # noqa: E402


def make_linter():
    from lintmed.linter import Linter
    from lintmed.rules import load_ruleset

    return Linter(load_ruleset(), detector=False)  # rules only: the detector offers no rewrites


def check_fix(linter, sentence: str, finding) -> tuple[bool, str, str]:
    """(cleared, fixed sentence, why not) for ``finding``'s first suggestion applied alone."""
    from lintmed.fix import Edit, _edit_for, apply_edits

    edit = _edit_for(finding, sentence, linter.ruleset, unsafe=True, fmt="text")
    if not isinstance(edit, Edit):
        return False, sentence, edit
    fixed = apply_edits(sentence, [edit])
    new_end = edit.start + len(edit.replacement)
    if fixed[:edit.start] != sentence[:edit.start] or fixed[new_end:] != sentence[edit.end:]:
        return False, fixed, "text outside the span changed"
    again = linter.lint(fixed, path="x.txt").findings
    if any(f.rule == finding.rule and f.start < new_end and f.end > edit.start for f in again):
        return False, fixed, "still flagged"
    return True, fixed, ""


def run(path: Path, linter, verbose: bool, show: bool) -> None:
    rows = [r for r in load_rows(path) if r["label"] == "risky"]
    flagged = suggested = cleared = 0
    f_total = f_cleared = 0
    failures = []
    for row in rows:
        sentence = row["text"]
        findings = [f for f in linter.lint(sentence, path="x.txt").findings
                    if not getattr(linter.ruleset.rules.get(f.rule), "document", None)]
        if not findings:
            continue
        flagged += 1
        with_fix = [f for f in findings if f.suggestions]
        if not with_fix:
            continue
        suggested += 1
        ok_all = True
        for f in with_fix:
            ok, fixed, why = check_fix(linter, sentence, f)
            f_total += 1
            f_cleared += ok
            ok_all &= ok
            if show:
                print(f"  {'ok ' if ok else 'BAD'} {f.rule}: {f.text!r} -> {f.suggestions[0].replacement!r}\n"
                      f"      {fixed}")
            if not ok:
                failures.append((f.rule, why, f.text, f.suggestions[0].replacement, fixed))
        cleared += ok_all
    share = lambda a, b: f"{a / b:.3f}" if b else "n/a"  # noqa: E731
    print(f"{path.name}: {len(rows)} risky sentences, {flagged} flagged (rule findings)")
    print(f"  with a suggestion:    {suggested}/{flagged} = {share(suggested, flagged)}")
    print(f"  every fix clears:     {cleared}/{suggested} = {share(cleared, suggested)}")
    print(f"  findings cleared:     {f_cleared}/{f_total} = {share(f_cleared, f_total)}")
    if verbose and failures:
        print("  failures:")
        for rule, why, text, rep, fixed in sorted(failures):
            print(f"    {rule} ({why}): {text!r} -> {rep!r}\n      {fixed}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args(argv)
    paths = [Path(f) for f in args.files] or [args.corpus / name for name in DEFAULT_FILES]
    for p in paths:
        if not p.is_file():
            print(f"fixes: corpus file not found: {p}", file=sys.stderr)
            return 2
    linter = make_linter()
    for p in paths:
        run(p, linter, args.verbose, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
