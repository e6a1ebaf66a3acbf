"""A baseline: findings accepted for now, so that only new ones fail a run.

Each entry is keyed on (rule, path, claim text) — not on line numbers, so the
baseline survives edits that move copy around — with a count, so that the
same claim written once more in the same file is new. Paths are stored
relative to the baseline file's folder, so the baseline works from any
working directory. Claim text is compared with its whitespace collapsed
(re-wrapping a paragraph does not make a claim new).

File format (JSON)::

    {"version": 1, "tool": "lintmed",
     "findings": [{"rule": "...", "path": "site/a.md", "text": "...", "count": 1}, ...]}
"""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lintmed.errors import LintmedError
from lintmed.findings import Finding

VERSION = 1
Key = tuple[str, str, str]


class BaselineError(LintmedError):
    """The baseline file is missing or malformed."""


@dataclass(frozen=True)
class Baseline:
    """Findings accepted for now: a count per key, read from the file ``path``."""

    path: str
    accepted: Counter

    def new_findings(self, findings: list[Finding]) -> list[Finding]:
        """Findings beyond what the baseline accepts: per key, the first ``count`` in
        file order are accepted and any further ones are new."""
        base = _base(self.path)
        seen: Counter = Counter()
        out = []
        for f in sorted(findings, key=Finding.sort_key):
            k = key(f, base)
            seen[k] += 1
            if seen[k] > self.accepted.get(k, 0):
                out.append(f)
        return out


def _path_key(path: str, base: Path) -> str:
    if path.startswith("<"):  # <stdin>, <text>
        return path
    rel = os.path.relpath(os.path.abspath(path), base)
    return Path(rel).as_posix()


def key(finding: Finding, base: Path) -> Key:
    return finding.rule, _path_key(finding.path, base), " ".join(finding.text.split())


def _base(baseline_path: str) -> Path:
    return Path(os.path.abspath(baseline_path)).parent


def write(findings: list[Finding], baseline_path: str) -> int:
    """Write the baseline for ``findings``; returns how many entries it has."""
    counts = Counter(key(f, _base(baseline_path)) for f in findings)
    entries = [{"rule": r, "path": p, "text": t, "count": n} for (r, p, t), n in sorted(counts.items())]
    data = {"version": VERSION, "tool": "lintmed", "findings": entries}
    try:
        Path(baseline_path).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise BaselineError(f"cannot write baseline ({exc.strerror or exc.__class__.__name__})",
                            baseline_path) from None
    return len(entries)


def load(baseline_path: str) -> Baseline:
    """The baseline in ``baseline_path``; a missing or malformed file raises BaselineError."""
    try:
        text = Path(baseline_path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError("baseline file not found (create it with --write-baseline)", baseline_path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"cannot read baseline ({exc.__class__.__name__})", baseline_path) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"invalid JSON: {exc.msg}", baseline_path, exc.lineno) from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f'not a lintmed baseline (expected {{"version": {VERSION}, "findings": [...]}})',
                            baseline_path)
    counts: Counter = Counter()
    for i, entry in enumerate(data["findings"]):
        ok = (isinstance(entry, dict)
              and all(isinstance(entry.get(k), str) for k in ("rule", "path", "text"))
              and isinstance(entry.get("count", 1), int) and not isinstance(entry.get("count", 1), bool)
              and entry.get("count", 1) >= 1)
        if not ok:
            raise BaselineError(f"findings[{i}]: expected rule, path and text strings and a count >= 1",
                                baseline_path)
        counts[(entry["rule"], entry["path"], entry["text"])] += entry.get("count", 1)
    return Baseline(baseline_path, counts)
