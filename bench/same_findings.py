"""Show that a change left lintmed's behaviour alone: the same findings, byte for byte.

Usage (from the repository root, with lintmed installed):

    python bench/same_findings.py snapshot BEFORE.json    # on the old commit
    python bench/same_findings.py snapshot AFTER.json     # on the new one
    python bench/same_findings.py compare BEFORE.json AFTER.json

A snapshot holds, for every input, the exact output lintmed gives for it:

- every row of the real corpus (``../shared/corpus/*.jsonl``, when present), linted alone
  through the Python API (``lintmed.lint_partition``: the fields of ``--format json``);
- every row of the repository's own data sets (``datasets/*.jsonl``, or ``bench/*.jsonl``
  before they moved), the same way;
- the seed pages, ``examples/`` and ``datasets/pages/`` through the CLI in every output format,
  with ``--show-suppressed``, ``--fix --diff`` and ``--no-detector``;
- ``lintmed rules`` in every format and ``lintmed explain`` for every rule.

Only public interfaces are used (the CLI and ``lintmed.lint_partition``), so the same script
runs unchanged on both sides of a renovation. ``compare`` prints each input whose output
differs and exits 1 if any does.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
FORMATS = ("text", "json", "sarif", "github", "junit", "rdjson", "html", "markdown")


def _rows(path: Path) -> list[str]:
    texts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            if isinstance(row.get("text"), str):
                texts.append(row["text"])
    return texts


def _row_sets() -> dict[str, list[str]]:
    sets = {}
    for path in sorted(CORPUS.glob("*.jsonl")) if CORPUS.is_dir() else []:
        sets[f"corpus/{path.name}"] = _rows(path)
    data_dir = REPO / "datasets" if (REPO / "datasets").is_dir() else REPO / "bench"
    for path in sorted(data_dir.glob("*.jsonl")):
        sets[f"repo/{path.name}"] = _rows(path)
    return sets


def _cli(args: list[str], cwd: Path) -> str:
    done = subprocess.run(["lintmed", *args], cwd=cwd, capture_output=True, text=True,
                          env=_env())
    return f"exit {done.returncode}\n--stdout--\n{done.stdout}--stderr--\n{done.stderr}"


def _env() -> dict:
    import os

    env = dict(os.environ)
    env.update({"NO_COLOR": "1", "COLUMNS": "100", "LINTMED_NO_CACHE": "1"})
    env.pop("FORCE_COLOR", None)
    env.pop("GITHUB_ACTIONS", None)
    return env


def _page_outputs(page: Path) -> dict[str, str]:
    """The CLI's outputs for one page, run in the page's folder so that no output holds
    the folder's path (the same page gives the same output wherever it is kept)."""
    runs = {fmt: ["--format", fmt] for fmt in FORMATS}
    runs.update({"suppressed": ["--show-suppressed"], "no-detector": ["--no-detector", "--format", "json"],
                 "diff": ["--diff"], "unsafe-diff": ["--diff", "--unsafe-fixes"], "statistics": ["--statistics"]})
    return {f"cli:{page.name}:{name}": _cli(["check", "--no-cache", *args, page.name], page.parent)
            for name, args in runs.items()}


def _first_dir(*dirs: Path) -> Path:
    return next((d for d in dirs if d.is_dir()), dirs[-1])


def snapshot(out: Path) -> None:
    import lintmed

    results: dict[str, str] = {}
    for name, texts in _row_sets().items():
        for i, text in enumerate(texts):
            records = lintmed.lint_partition([(f"row{i}.md", text)])
            results[f"{name}#{i}"] = json.dumps(records, sort_keys=True, ensure_ascii=False)
        print(f"{name}: {len(texts)} rows", file=sys.stderr)

    pages = sorted((REPO / "examples").glob("*.md")) + sorted(_first_dir(REPO / "datasets" / "pages", REPO / "bench" / "pages").glob("*.md"))
    seeds = sorted((CORPUS / "seeds").glob("*.txt")) if CORPUS.is_dir() else []
    for page in pages + seeds:
        results.update(_page_outputs(page))
    print(f"cli: {len(pages + seeds)} pages", file=sys.stderr)

    for fmt in ("text", "json", "markdown"):
        results[f"rules:{fmt}"] = _cli(["rules", "--format", fmt], REPO)
    for rule in json.loads(_cli(["rules", "--format", "json"], REPO).split("--stdout--\n", 1)[1].rsplit("--stderr--", 1)[0]):
        rule_id = rule["id"] if isinstance(rule, dict) else rule
        results[f"explain:{rule_id}"] = _cli(["explain", rule_id], REPO)
    out.write_text(json.dumps(results, indent=0, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    digest = hashlib.sha256(out.read_bytes()).hexdigest()[:16]
    print(f"{len(results)} outputs written to {out} (sha256 {digest})", file=sys.stderr)


def compare(before: Path, after: Path) -> int:
    old = json.loads(before.read_text(encoding="utf-8"))
    new = json.loads(after.read_text(encoding="utf-8"))
    differ = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    for key in differ[:50]:
        print(f"differs: {key}")
    print(f"{len(old)} outputs before, {len(new)} after, {len(differ)} differ")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot")
    snap.add_argument("out", type=Path)
    comp = sub.add_parser("compare")
    comp.add_argument("before", type=Path)
    comp.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "snapshot":
        snapshot(args.out)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
