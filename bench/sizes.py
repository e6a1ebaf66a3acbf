"""Time per word over file sizes, beside proselint on the same files in the same run.

    python bench/sizes.py [--sizes 1e3,1e4,1e5,1e6,1e7,5e7] [--no-proselint] [--jobs N]

One Markdown file per size (bytes), made of generated clinic pages (bench/sitegen.py:
every sentence made afresh) one after another. Each file is checked by
`lintmed check --no-cache --format json` and by `proselint check` in a new process under
`/usr/bin/time -v`: wall time, CPU time, peak RSS, and microseconds per word. Small files
are dominated by start-up (both tools); the figure that shows whether any step is worse
than linear is lintmed's time per word from 1 MB up (target: within 1.5x between 1 MB and
50 MB). proselint stops producing results at its `max_errors` (1,000 per file), so above
about 1 MB of this copy its time covers only part of the file: compare from there on
lintmed's own figures across sizes. ``--jobs`` is lintmed's ``--jobs`` (default 0: a file
larger than one worker's share of the work is spread over one worker per core; 1: one
process).
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import time_v  # noqa: E402
from sitegen import markdown, page_text  # noqa: E402


def make_file(path: Path, size: int, seed: int = 5) -> int:
    """A Markdown file of about ``size`` bytes; returns its words."""
    rng = random.Random(seed)
    words = written = 0
    with path.open("w", encoding="utf-8") as out:
        while written < size:
            text = markdown(*page_text(rng))
            text = text[:size - written] if written + len(text) > size else text
            out.write(text + "\n\n")
            written += len(text.encode("utf-8")) + 2
            words += len(text.split())
    return words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e3,1e4,1e5,1e6,1e7,5e7")
    parser.add_argument("--no-proselint", action="store_true")
    parser.add_argument("--jobs", type=int, default=0, help="lintmed --jobs (0: one per core when large enough)")
    args = parser.parse_args()
    proselint = str(Path(sys.executable).with_name("proselint"))
    print(f"{'size':>8} {'words':>9} | {'lintmed s':>9} {'CPU s':>7} {'us/word':>8} {'RSS MB':>7} | "
          f"{'proselint s':>11} {'us/word':>8} | ratio")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(float(s)) for s in args.sizes.split(",")):
            path = Path(tmp) / f"page-{size}.md"
            words = make_file(path, size)
            mine = time_v([sys.executable, "-m", "lintmed", "check", "--no-cache", "--jobs", str(args.jobs),
                           "--format", "json", str(path)])
            line = (f"{size:>8.0e} {words:>9} | {mine['wall']:>9.2f} {mine['cpu']:>7.2f} "
                    f"{mine['wall'] / words * 1e6:>8.1f} {mine['rss']:>7.0f} | ")
            if not args.no_proselint:
                theirs = time_v([proselint, "check", str(path)])
                line += f"{theirs['wall']:>11.2f} {theirs['wall'] / words * 1e6:>8.1f} | {mine['wall'] / theirs['wall']:.2f}x"
            print(line, flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
