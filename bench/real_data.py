"""The real labelled corpus in ``../shared/corpus``: loading, grouped splits, scoring.

Usage (from the repository root):

    python bench/real_data.py [--corpus DIR] [--extra FILE ...] [--no-detector] [--split all|tune|test]

Prints how the default engine (``lintmed check`` as shipped) does on real text, each row
linted on its own, reported separately for page copy (``pages.jsonl`` + ``dev.jsonl``) and for
regulator-cited claims (``train.jsonl`` + ``letters.jsonl``); borderline rows are scored apart.
The shipped detector was trained on these rows, so the default engine's figures here are
in-sample for it; ``bench/detector_accuracy.py`` gives them out of fold (``--no-detector``,
the rules alone, learns nothing from the rows).

Every row belongs to a source document (``doc``, or ``source`` where there is none). Sentences
of one page or letter share wording, so every split here holds out whole documents:

- ``split_of(row)`` puts each document, by a stable hash of its id, in ``tune`` (70 %: read it,
  change rules after it) or ``test`` (30 %: measure on it, do not read it);
- ``group_folds(rows, k)`` gives k folds of whole documents for training learned models.

``--extra FILE`` (repeatable, every script that reads the corpus takes it) adds more labelled
page copy in the corpus's format kept outside the repository (e.g. ``../labels/extra.jsonl``):
its rows are grouped by their ``doc`` and counted with page copy, split and folded like the
rest.

The corpus is third-party text: it is read from ``../shared`` and never copied here.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
PAGE_FILES = ("pages.jsonl", "dev.jsonl")
REGULATOR_FILES = ("train.jsonl", "letters.jsonl")
TEST_SHARE = 0.30


EXTRA_PREFIX = "extra:"  # the ``file`` of rows read with --extra: page copy


def _read(path: Path, name: str) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            row["file"] = name
            row["group"] = f"{name}:{row.get('doc') or row.get('source') or ''}"
            rows.append(row)
    return rows


def load(corpus: Path = DEFAULT_CORPUS, files=PAGE_FILES + REGULATOR_FILES, extra=()) -> list[dict]:
    """Rows of the named files, then of each ``extra`` file (more page copy, kept outside the
    repository), each with ``file`` and ``group`` (its document id) added."""
    rows = []
    for name in files:
        rows += _read(corpus / name, name)
    for path in extra:
        rows += _read(Path(path), EXTRA_PREFIX + Path(path).name)
    return rows


def is_page(row: dict) -> bool:
    """Page copy: the corpus's page files and every --extra file."""
    return row["file"] in PAGE_FILES or row["file"].startswith(EXTRA_PREFIX)


def is_regulator(row: dict) -> bool:
    return row["file"] in REGULATOR_FILES


PARTS = (("page copy", is_page), ("regulator-cited", is_regulator))


def add_data_arguments(parser: argparse.ArgumentParser) -> None:
    """--corpus and --extra, as every script that reads the real data takes them."""
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--extra", type=Path, action="append", default=[], metavar="FILE",
                        help="more labelled page copy (JSON lines, grouped by `doc`), repeatable")


def load_args(args: argparse.Namespace) -> list[dict]:
    return load(args.corpus, extra=args.extra)


def is_borderline(row: dict) -> bool:
    return "borderline" in (row.get("note") or "").lower()


def is_hard_negative(row: dict) -> bool:
    return row["label"] == "ok" and "hard negative" in (row.get("note") or "").lower()


def split_of(row: dict) -> str:
    """``tune`` or ``test``, fixed for the row's whole document."""
    digest = hashlib.sha256(row["group"].encode("utf-8")).digest()
    return "test" if digest[0] / 256 < TEST_SHARE else "tune"


def group_folds(rows: list[dict], k: int = 5) -> list[int]:
    """A fold number per row; a document's rows share one fold (balanced by row count)."""
    sizes: dict[str, int] = {}
    for row in rows:
        sizes[row["group"]] = sizes.get(row["group"], 0) + 1
    # Largest documents first, each to the currently smallest fold; ties broken by hash so
    # the assignment is stable across runs.
    order = sorted(sizes, key=lambda g: (-sizes[g], hashlib.sha256(g.encode()).hexdigest()))
    load_per_fold = [0] * k
    fold_of = {}
    for group in order:
        fold = min(range(k), key=lambda f: (load_per_fold[f], f))
        fold_of[group] = fold
        load_per_fold[fold] += sizes[group]
    return [fold_of[row["group"]] for row in rows]


@dataclass
class Rates:
    risky: int
    caught: int
    ok: int
    false_alarms: int
    hard: int
    hard_alarms: int

    @property
    def recall(self) -> float:
        return self.caught / self.risky if self.risky else 0.0

    @property
    def fpr(self) -> float:
        return self.false_alarms / self.ok if self.ok else 0.0

    @property
    def fpr_hard(self) -> float:
        return self.hard_alarms / self.hard if self.hard else 0.0

    @property
    def precision(self) -> float:
        flagged = self.caught + self.false_alarms
        return self.caught / flagged if flagged else 0.0

    def row(self, name: str) -> str:
        return (f"| {name} | {self.recall:.3f} ({self.caught}/{self.risky}) | {self.fpr:.3f} "
                f"({self.false_alarms}/{self.ok}) | {self.fpr_hard:.3f} ({self.hard_alarms}/{self.hard}) "
                f"| {self.precision:.3f} |")


HEADER = ("| rows | recall on risky | FPR on ok | FPR on hard negatives | precision |\n"
          "| --- | --- | --- | --- | --- |")


def rates(rows: list[dict], flagged: list[bool]) -> Rates:
    risky = [f for r, f in zip(rows, flagged) if r["label"] == "risky"]
    ok = [f for r, f in zip(rows, flagged) if r["label"] == "ok"]
    hard = [f for r, f in zip(rows, flagged) if is_hard_negative(r)]
    return Rates(len(risky), sum(risky), len(ok), sum(ok), len(hard), sum(hard))


def report(rows: list[dict], flagged: list[bool], title: str) -> None:
    """Page copy and regulator-cited claims apart, borderline rows apart from the rest."""
    print(f"\n{title}\n")
    print(HEADER)
    for name, in_part in PARTS:
        for part, keep in (("", lambda r: not is_borderline(r)), (", borderline", is_borderline)):
            picked = [(r, f) for r, f in zip(rows, flagged) if in_part(r) and keep(r)]
            if picked:
                print(rates([r for r, _ in picked], [f for _, f in picked]).row(name + part))


# The shipped detector was trained on the corpus (bench/train_detector.py): what the default
# engine finds on its rows is in-sample for the detector. Out-of-fold figures, a model trained
# without the rows it scores, are bench/detector_accuracy.py's.
IN_SAMPLE = ("default engine (the shipped detector was trained on these rows: in-sample; "
             "out of fold: bench/detector_accuracy.py)")


def engine_findings(rows: list[dict], detector: bool = True) -> list[list]:
    """The findings of the shipped engine on each row, linted on its own as a text file."""
    from lintmed.engine.linter import Linter
    from lintmed.rules.load import load_ruleset

    # As `lintmed check` builds it with no config: the detector is on by default.
    linter = Linter(load_ruleset(), detector=detector)
    return [linter.lint(row["text"], path="row.txt").findings for row in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_arguments(parser)
    parser.add_argument("--no-detector", action="store_true", help="rules only")
    parser.add_argument("--split", choices=("all", "tune", "test"), default="all")
    args = parser.parse_args(argv)
    rows = [r for r in load_args(args) if args.split == "all" or split_of(r) == args.split]
    findings = engine_findings(rows, detector=not args.no_detector)
    engine = "rules only" if args.no_detector else IN_SAMPLE
    report(rows, [bool(f) for f in findings], f"{engine}, split {args.split}: any finding")
    report(rows, [any(x.severity != "info" for x in f) for f in findings],
           f"{engine}, split {args.split}: a warning or error")
    return 0


if __name__ == "__main__":
    sys.exit(main())
