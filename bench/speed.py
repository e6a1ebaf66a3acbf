"""What the speed benchmarks share (bench/perf.py, bench/detector_perf.py).

- a synthetic site: copies of the repository's example pages (and of
  ../shared/corpus/seeds when present) up to a number of words, in a
  temporary folder;
- timing a command in a new process, as a writer's pre-commit hook runs it;
- running a Python snippet in a new process over the site's files and reading
  the figures it prints.

A measurement helper, never a test: nothing here asserts a budget.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
PAGE = str(ROOT / "examples" / "exosome-clinic.md")  # the one page of the cold-start figures


def page_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.md"))]
    if SEEDS.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return texts


def build_site(folder: Path, words: int) -> int:
    """Write pages into ``folder`` until they hold at least ``words`` words; returns how many."""
    texts = page_texts()
    total, i = 0, 0
    while total < words:
        text = texts[i % len(texts)]
        (folder / f"page-{i:05d}.md").write_text(text, encoding="utf-8")
        total += len(text.split())
        i += 1
    return total


@dataclass(frozen=True)
class Site:
    folder: Path
    files: list[str]  # in the order they were written
    words: int


@contextmanager
def synthetic_site(words: int) -> Iterator[Site]:
    """A site of about ``words`` words in a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        total = build_site(folder, words)
        yield Site(folder, sorted(str(p) for p in folder.glob("*.md")), total)


def time_once(cmd: list[str]) -> float:
    """Seconds that ``cmd`` takes in a new process (from the repository root, output discarded)."""
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t


def timed(cmd: list[str], runs: int = 5) -> float:
    """The median of ``runs`` timings of ``cmd``."""
    return statistics.median(time_once(cmd) for _ in range(runs))


def lintmed_check(*args: str) -> list[str]:
    """The command line of ``python -m lintmed check ARGS`` with this interpreter."""
    return [sys.executable, "-m", "lintmed", "check", *args]


def run_python(code: str, args: list[str]) -> list[str]:
    """Run ``python -c code ARGS`` in a new process (from the repository root); the words it prints."""
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          check=True, cwd=ROOT).stdout.split()
