"""Labelled pages that nobody tuning lintmed has read, linted as ``lintmed check`` reads a page.

Usage (from the repository root):

    python bench/blind_pages.py FILE [FILE ...] [--alone] [--no-detector]

Each FILE is page copy in the corpus's format (JSON lines with ``text``, ``label``, ``doc``,
``note``; ``../shared/corpus/README.md``), kept outside the repository. A page's rows, in file
order, are joined a row a paragraph into one Markdown page and linted whole with the default
engine, as ``lintmed check`` builds it with no config; a row counts as flagged when a finding
starts inside it. Document-level findings (a whole page's omission, such as
``missing-fda-status-disclosure``) belong to no row and are counted apart. With ``--alone``
each row is linted on its own instead, as ``bench/real_data.py`` does.

Prints recall, FPR and precision on the rows that are not borderline, and the borderline rows
apart. To compare builds, run it with ``PYTHONPATH=<an unpacked build>``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import real_data as RD  # noqa: E402  (bench/ is not a package)


def read_pages(paths: list[Path]) -> dict[str, list[dict]]:
    """Rows grouped by page (their ``group``: file and ``doc``), each page's rows in file order."""
    pages: dict[str, list[dict]] = {}
    for row in RD.load(files=(), extra=paths):
        pages.setdefault(row["group"], []).append(row)
    return pages


def flag_rows(pages: dict[str, list[dict]], alone: bool, detector: bool):
    """(rows, flagged, document findings): every row of every page, whether a finding starts
    in it, and how many document-level findings the pages drew."""
    from lintmed.engine.linter import Linter
    from lintmed.rules.load import load_ruleset

    ruleset = load_ruleset()
    document_rules = {r.id for r in ruleset if r.document}
    rows = [row for page_rows in pages.values() for row in page_rows]
    if alone:
        found = RD.engine_findings(rows, detector)
        return (rows, [any(f.rule not in document_rules for f in fs) for fs in found],
                sum(f.rule in document_rules for fs in found for f in fs))
    linter = Linter(ruleset, detector=detector)
    flagged, document = [], 0
    for page_rows in pages.values():
        spans, text = [], ""
        for row in page_rows:
            spans.append((len(text), len(text) + len(row["text"])))
            text += row["text"] + "\n\n"
        found = linter.lint(text, path="page.md").findings
        document += sum(f.rule in document_rules for f in found)
        starts = [f.start for f in found if f.rule not in document_rules]
        flagged += [any(lo <= s < hi for s in starts) for lo, hi in spans]
    return rows, flagged, document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--alone", action="store_true", help="lint each row on its own")
    parser.add_argument("--no-detector", action="store_true", help="rules only")
    args = parser.parse_args(argv)
    pages = read_pages(args.files)
    rows, flagged, document = flag_rows(pages, args.alone, not args.no_detector)
    how = "each row alone" if args.alone else "each page whole, a row a paragraph"
    print(f"{len(pages)} pages, {len(rows)} rows; {how}; "
          f"{'rules only' if args.no_detector else 'default engine'}\n")
    print(RD.HEADER)
    for name, keep in (("pages", lambda r: not RD.is_borderline(r)), ("pages, borderline", RD.is_borderline)):
        picked = [(r, f) for r, f in zip(rows, flagged) if keep(r)]
        if picked:
            print(RD.rates([r for r, _ in picked], [f for _, f in picked]).row(name))
    print(f"\ndocument-level findings (no row): {document}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
