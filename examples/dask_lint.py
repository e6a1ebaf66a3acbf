"""Lint a folder of pages with Dask: one linter per worker, plain data in and out.

    pip install lintmed dask
    python examples/dask_lint.py SITE_FOLDER [--scheduler processes|threads|synchronous] [--partitions 8]

Each partition of (path, text) pairs goes to ``lintmed.lint_partition``, which builds the
linter once per worker process (spaCy pipeline, compiled rules, detector) and returns
the findings as dicts with the fields of ``lintmed check --format json``. The same
function serves a Dask cluster (``dask.distributed``): the files must then be readable
where the workers run, or read into the bag from shared storage.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import dask.bag as db

import lintmed

SUFFIXES = {".md", ".markdown", ".mdx", ".html", ".htm", ".txt"}


def read(path: str) -> tuple[str, str]:
    return path, Path(path).read_text(encoding="utf-8", errors="replace")


def lint_folder(folder: str, scheduler: str = "processes", partitions: int = 8) -> list[dict]:
    """Findings of every page under ``folder``, sorted as lintmed sorts them."""
    paths = sorted(str(p) for p in Path(folder).rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
    bag = db.from_sequence(paths, npartitions=max(1, min(partitions, len(paths)))).map(read)
    findings = bag.map_partitions(lintmed.lint_partition).compute(scheduler=scheduler)
    return sorted(findings, key=lambda f: (f["path"], f["line"], f["column"], f["rule"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--scheduler", default="processes", choices=["processes", "threads", "synchronous"])
    parser.add_argument("--partitions", type=int, default=8)
    args = parser.parse_args()
    for finding in lint_folder(args.folder, args.scheduler, args.partitions):
        print(json.dumps(finding, ensure_ascii=False))


if __name__ == "__main__":
    main()
