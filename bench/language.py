"""How often lintmed.engine.language takes an English page for another language's (so leaves it
unchecked), on the real corpus beside the repository; optionally, how often it recognises
pages in other languages.

Usage (from the repository root):

    python bench/language.py [--corpus DIR] [--foreign FILE]

Every document of ``pages.jsonl``, ``dev.jsonl``, ``train.jsonl`` and ``letters.jsonl``
(sentences joined by their ``doc``, or ``source`` where there is none) and every seed page
is guessed as a whole, and each sentence on its own (the worst case: a one-paragraph page).
All of them are English, so every guess other than English is a page lintmed would wrongly
leave unchecked. Also printed: the highest share of another language's function words in
an English document, to set beside the threshold (``lintmed.engine.language.MIN_SHARE``).

``--foreign FILE``: JSON lines of ``{"lang": "es", "text": ...}``, real pages in other
languages (kept outside the repository, like the corpus); printed: how many are recognised
as their language.

The corpus is third-party text: read from ``../shared``, never copied into the repository.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from lintmed.engine import language
FILES = ("pages.jsonl", "dev.jsonl", "train.jsonl", "letters.jsonl")


def documents(corpus: Path) -> dict[str, list[str]]:
    docs: dict[str, list[str]] = defaultdict(list)
    for name in FILES:
        for line in (corpus / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            docs[f"{name}:{row.get('doc') or row['source']}"].append(row["text"])
    for seed in sorted((corpus / "seeds").glob("*")):
        docs[f"seeds:{seed.name}"] = [seed.read_text(encoding="utf-8")]
    return docs


def highest_other_share(text: str) -> float:
    words = [w.lower() for w in language._WORD.findall(text)[:language.SAMPLE_WORDS]]
    if len(words) < language.MIN_WORDS:
        return 0.0
    return max(sum(w in vocab for w in words) for lang, vocab in language._WORDS.items()
               if lang != language.ENGLISH) / len(words)


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=root.parent / "shared" / "corpus")
    parser.add_argument("--foreign", type=Path, default=None)
    args = parser.parse_args()
    try:
        docs = documents(args.corpus)
    except OSError as exc:
        print(f"bench/language.py: cannot read the corpus: {exc}", file=sys.stderr)
        return 2
    wrong_docs = [key for key, texts in docs.items() if language.guess(" ".join(texts))]
    sentences = [t for texts in docs.values() for t in texts]
    wrong_sentences = [t for t in sentences if language.guess(t)]
    worst = max(highest_other_share(" ".join(texts)) for texts in docs.values())
    print(f"English documents taken for another language: {len(wrong_docs)} of {len(docs)}")
    print(f"English sentences taken for another language: {len(wrong_sentences)} of {len(sentences)}")
    print(f"highest share of another language's function words in an English document: {worst:.3f} "
          f"(threshold {language.MIN_SHARE})")
    if args.foreign:
        rows = [json.loads(line) for line in args.foreign.read_text(encoding="utf-8").splitlines() if line.strip()]
        right = sum(language.guess(r["text"]) == r["lang"] for r in rows)
        print(f"pages in other languages recognised: {right} of {len(rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
