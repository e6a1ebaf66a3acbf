"""Item: memory flat in the number of paragraphs. The Markdown reader parses a file's block
structure a chunk of lines at a time (lintmed.readers.markdown.CHUNK_LINES) and each
paragraph's inline tokens only while it reads that paragraph, so that markdown-it's tokens
for the whole file (about 1.2 KB a paragraph, 2.4 KB with the rest of the parse) never
exist at once; what it reads is exactly what one parse of the whole file gives, wherever the
chunks fall. (bench/robustness_scaling.py --memory measures whole runs.)"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lintmed.engine import language
from lintmed.engine.linter import Linter
from lintmed.engine.nlp import get_nlp
from lintmed.readers import markdown
from lintmed.rules.load import load_ruleset

# Blocks whose end depends on lines after their start, or that hold blank lines: the cases
# where a chunk's end falls inside a block (the chunk then ends before it).
BLOCKS = [
    "Our serum cures arthritis.", "A paragraph\nwrapped over\nthree lines.", "Heading\n=======",
    "# Heading *one*", "- item one\n- item two\n\n  still item two\n- item three", "1. first\n\n2. second",
    "> quoted\nlazy continuation\n\n> > nested quote", "```\ncode\n\nmore code\n```",
    "    indented code\n\n    more", "<div>\n\nraw html, then a blank line\n\n</div>", "<!--\ncomment\n\nstill\n-->",
    "| a | b |\n| --- | --- |\n| cures | arthritis |", "[ref link][r] and [r]",
    "[r]: http://example.com\n  \"title on its own line\"", "Text with &amp; and \\* and `code` and ![alt](x.png)",
    "<b>inline</b> html and <img alt=\"alt text\">", "---", "* * *", "- a\n  - b\n    - c\n      > d\n      > e",
    "> " * 25 + "deep", "Line with trailing spaces  \nhard break", "\n", "\n\n\n", "\x00NUL",
]
UNCLOSED = ["```\nunclosed fence", "<!-- unclosed comment", "<script>\nunclosed\n\nscript"]  # hide what follows
documents = st.lists(st.sampled_from(BLOCKS + UNCLOSED), max_size=25).map("\n\n".join) | \
    st.lists(st.sampled_from(BLOCKS + UNCLOSED), max_size=25).map("\n".join)


def read_in_chunks(text: str, lines: int):
    saved = markdown.CHUNK_LINES
    markdown.CHUNK_LINES = lines
    try:
        return markdown.read(text)
    finally:
        markdown.CHUNK_LINES = saved


def same(a, b) -> bool:
    return (a.text, list(a.offsets), a.widths, a.blocks) == (b.text, list(b.offsets), b.widths, b.blocks)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.integers(1, 7))
def test_reading_in_chunks_reads_what_one_parse_of_the_file_reads(text, lines):
    assert same(read_in_chunks(text, lines), read_in_chunks(text, 10**9))


@pytest.mark.parametrize("lines", [1, 2, 3, 5])
def test_every_kind_of_block_read_in_chunks_of_any_size(lines):
    text = "\n\n".join(BLOCKS * 2 + UNCLOSED[:1] + BLOCKS)
    whole = read_in_chunks(text, 10**9)
    assert "cures arthritis" in whole.text and "deep" in whole.text and "alt text" in whole.text
    assert whole.text.count("Our serum cures arthritis.") == 2  # the third is in the open fence: code
    assert same(read_in_chunks(text, lines), whole)


def test_a_link_defined_after_its_use_in_a_later_chunk_is_still_a_link():
    text = "See [our results][r] today.\n\n" + "Filler paragraph.\n\n" * 50 + "[r]: http://example.com\n"
    got = read_in_chunks(text, 4)
    assert "See our results today." in got.text and "http" not in got.text  # the link's text only


def test_the_reader_holds_no_tokens_of_the_whole_file():
    paragraphs = 20_000
    text = "".join(f"Paragraph {i}: the waiting room is quiet on weekdays.\n\n" for i in range(paragraphs))
    markdown.read("warm up")
    tracemalloc.start()
    try:
        extracted = markdown.read(text)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(extracted.blocks) == paragraphs
    # One parse of the whole file held about 1,800 bytes a paragraph above what the reader
    # keeps (its tokens); in chunks, the paragraphs' contents and lines (about 450).
    assert (peak - kept) / paragraphs < 800


def test_guessing_the_language_of_a_large_page_reads_a_sample_not_a_list_of_every_word():
    prose = "The waiting room is quiet on weekdays. " * 30_000  # 210,000 words
    language.guess(prose)
    tracemalloc.start()
    try:
        assert language.guess(prose) is None  # English
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 200_000  # a list of every word took about 12 MB


MANY_BATCHES = """
import sys
from lintmed.engine.linter import Linter
from lintmed.engine.nlp import get_nlp
from lintmed.rules.load import load_ruleset
page = "".join(f"Paragraph {i}: the zq{i}x room is quiet.\\n\\n" if i % 100 else
               f"Paragraph {i}: our zq{i}x serum cures arthritis.\\n\\n" for i in range(3_000))
rules = load_ruleset()
zoned = Linter(rules, batch_chars=2_000)
zoned.lint("Warm up: our serum cures arthritis.", path="warm.md")
strings = get_nlp().vocab.strings
before = len(strings)
first = zoned.lint(page, path="page.md")
grew = len(strings) - before
same = zoned.lint(page, path="page.md") == first == Linter(rules).lint(page, path="page.md")
print(len(first.findings), grew, same)
"""


def test_a_page_of_many_batches_leaves_its_new_words_out_of_spacys_vocabulary():
    """Each batch but the first and the last runs in a memory zone: the words it adds to
    spaCy's vocabulary (about 500 bytes each, one or more new words a paragraph on a large
    page) go with it, and the page is linted as in one batch, again and again. In a new
    process: zones open only in a process of one thread (a test runner may have more)."""
    done = subprocess.run([sys.executable, "-c", MANY_BATCHES], capture_output=True, text=True,
                          env={**os.environ, "LINTMED_NO_CACHE": "1"}, check=True)
    found, grew, same = done.stdout.split()
    assert int(found) == 30
    # about 55 paragraphs a batch: the first and last batches' words stay; a word a paragraph had 6,000
    assert int(grew) < 400
    assert same == "True"  # the lemma cache holds nothing of a zone; one batch, no zone, gives the same


def test_with_another_thread_no_zone_is_opened():
    """spaCy's vocabulary is shared by threads (Dask's threaded scheduler): with another
    thread alive, no zone frees words that it may be reading."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        rules = load_ruleset()
        linter = Linter(rules, batch_chars=2_000)
        strings = get_nlp().vocab.strings
        assert not any(f"yq{i}x" in strings for i in range(600))
        page = "".join(f"Paragraph {i}: the yq{i}x room is quiet.\n\n" for i in range(600))
        result = linter.lint(page + "Our serum cures arthritis.\n", path="page.md")
        assert len(result.findings) == 1
        # Every new word kept: no zone. (Counted by the page's own words: the numbers may
        # be known already from another test in this process.)
        assert all(f"yq{i}x" in strings for i in range(600))
    finally:
        stop.set()
        other.join()


WORKER_BATCHES = """
from lintmed.engine.linter import Linter
from lintmed.engine.nlp import get_nlp
from lintmed.rules.load import load_ruleset
from lintmed.workflow import runner
text = "".join(f"Paragraph {i}: the wq{i}x room is quiet.\\n\\n" if i % 100 else
               f"Paragraph {i}: our wq{i}x serum cures arthritis.\\n\\n" for i in range(3_000))
rules = load_ruleset()
linter = Linter(rules, batch_chars=2_000).warm_up()
page = linter.begin(text, path="page.md")
tasks = [(0, first, runner.packed(blocks, len(page.prose))) for first, blocks in linter.batches(page)]  # as plan()
# As the pool leaves them in a forked worker (lintmed.workflow.runner._fork_pool).
runner._worker_linter, runner._worker_pages, runner._pool_documents = linter, {0: page}, [(text, "page.md")]
strings = get_nlp().vocab.strings
grew, parts = [], []
for task in tasks:
    before = len(strings)
    parts.append(runner._run_task(task))
    grew.append(len(strings) - before)
same = linter.finish(page, parts) == Linter(rules).lint(text, path="page.md")
print(len(tasks), grew[0], max(grew[1:]), same, page.batch is None)
"""


def test_a_pool_worker_reads_each_batch_after_its_first_in_a_memory_zone():
    """With --jobs > 1 a large page's batches go to forked workers (one thread each): each
    batch after a worker's first runs in a memory zone, so that the worker's vocabulary
    does not grow with the words of the batches it reads, and the page's findings are those
    of one process. In a new process, as a worker is."""
    done = subprocess.run([sys.executable, "-c", WORKER_BATCHES], capture_output=True, text=True,
                          env={**os.environ, "LINTMED_NO_CACHE": "1"}, check=True)
    batches, first, most, same, dropped = done.stdout.split()
    assert int(batches) > 40
    assert int(first) > 50  # the first batch's new words are kept ...
    assert int(most) == 0  # ... no later batch's
    assert same == "True" and dropped == "True"  # the same findings; the zone's Docs are not held
