"""lintmed.workflow.runner: a process pool when the work is large enough, with the same results, in
the same order, as one process; forked workers use the parent's compiled linter."""
from __future__ import annotations

import concurrent.futures

import pytest

from lintmed.workflow import runner
from lintmed.engine.linter import Linter
from lintmed.rules.load import load_ruleset

PAGES = [
    ("# Clinic {n}\n\nOur serum cures acne in {n} days. Is it FDA-approved? No.\n", "page-{n}.md"),
    ("<html><body><p>Book now, only {n} places left! The best clinic in town.</p></body></html>", "page-{n}.html"),
    ("Opening hours: 9:00 to 17:{n}0 on weekdays.\n", "page-{n}.txt"),
]


@pytest.fixture(scope="module")
def documents():
    return [(text.format(n=n), path.format(n=n)) for n in range(1, 7) for text, path in PAGES]


@pytest.fixture(scope="module")
def linter():
    return Linter(load_ruleset())


@pytest.fixture
def started(monkeypatch):
    """The number of workers of each process pool started (a pool that ran)."""
    sizes = []

    class Counting(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            sizes.append(args[0] if args else kwargs.get("max_workers"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Counting)
    return sizes


def test_a_pool_gives_what_one_process_gives(documents, linter, monkeypatch, started):
    alone = runner.lint_documents(documents, linter, jobs=1, use_cache=False)
    monkeypatch.setattr(runner, "POOL_THRESHOLD_CHARS", 1)
    monkeypatch.setattr(runner, "SPAWN_POOL_THRESHOLD_CHARS", 1)
    pooled = runner.lint_documents(documents, linter, jobs=2, use_cache=False)
    assert started == [2]  # the pool ran
    assert pooled == alone
    assert any(r.findings for r in pooled) and not pooled[2].findings


def test_small_work_stays_in_one_process(documents, linter, monkeypatch):
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", lambda *a, **k: pytest.fail("pool started"))
    assert len(runner.lint_documents(documents, linter, jobs=2, use_cache=False)) == len(documents)


def _large_page(chars: int) -> str:
    """A Markdown page of about ``chars`` characters: claims, negated and hedged ones, plain
    copy, a product whose status is stated near the top and one first named near the end."""
    paragraphs = ["# Our clinics", "Stem cell treatments are not FDA-approved."]
    n = 0
    while sum(len(p) + 2 for p in paragraphs) < chars:
        n += 1
        paragraphs += [f"Clinic {n} opens at {7 + n % 3}:00 and parking is free behind building {n}.",
                       f"Our serum {n} cures arthritis in {n % 9 + 2} days, guaranteed.",
                       f"Our cream does not cure eczema, and patient {n} may see less redness.",
                       f"Book a consultation for stem cell therapy at clinic {n}."]
    return "\n\n".join(paragraphs + ["Ask about our exosome therapy, only at clinic 1."]) + "\n"


def test_a_large_file_is_split_over_the_pool_and_gives_what_one_process_gives(started):
    """A file over its share of the work goes to the workers in batches of blocks; the
    result is the one process's, finding for finding, in the same order."""
    linter = Linter(load_ruleset(), detector=True)
    big = _large_page(runner.POOL_THRESHOLD_CHARS + 20_000)
    documents = [("Our serum cures acne in 3 days.\n", "small.md"), (big, "big.md")]
    size = sum(len(source) for source, _ in documents)
    tasks, pages, known = runner.plan(documents, linter, 2, size)
    assert [i for i, first, _ in tasks if first is None] == [0]  # the small file goes whole
    assert list(pages) == [1] and [i for i, first, _ in tasks if first is not None] == [1, 1, 1]
    assert known == {}
    alone = runner.lint_documents(documents, linter, jobs=1, use_cache=False)
    pooled = runner.lint_documents(documents, linter, jobs=2, use_cache=False)
    assert started == [2]
    assert pooled == alone
    rules = [f.rule for f in alone[1].findings]
    assert rules.count("missing-fda-status-disclosure") == 1  # exosomes, named in the last batch
    assert len(alone[1].findings) > 1000 and alone[1].suppressed


def test_a_split_files_batches_are_kept_as_places_in_its_prose_until_a_worker_reads_them():
    """Every worker inherits the pool's tasks: a batch's blocks are kept as their offsets and
    lengths (8 bytes a block), never as strings, and are cut again from the page's prose."""
    linter = Linter(load_ruleset(), batch_chars=20_000)
    big = _large_page(runner.POOL_THRESHOLD_CHARS + 20_000)
    tasks, pages, _ = runner.plan([(big, "big.md")], linter, 2, len(big))
    batches = list(linter.batches(pages[0]))
    assert len(tasks) == len(batches) > 5
    for (i, first, where), (want_first, blocks) in zip(tasks, batches):
        assert (i, first) == (0, want_first) and where.itemsize == 4 and len(where) == 2 * len(blocks)
        assert runner.unpacked(where, pages[0].prose) == blocks
        assert runner._task_size((i, first, where), [(big, "big.md")]) == sum(len(text) for _, text in blocks)


def test_a_split_file_that_the_passes_before_its_batches_finish_has_its_result_at_once():
    spanish = '<html lang="es"><body><p>' + "Cura la artritis. " * 12_000 + "</p></body></html>"
    tasks, pages, known = runner.plan([(spanish, "es.html")], Linter(load_ruleset()), 2, len(spanish))
    assert tasks == [] and pages == {} and known[0].not_checked_language == "es"


def test_a_file_of_no_more_than_its_share_goes_whole():
    assert runner.split_here("x" * 300_000, 300_000, 2)
    assert not runner.split_here("x" * 300_000, 600_000, 2)  # two such files: one each
    assert not runner.split_here("x" * 150_000, 150_000, 2)  # too little to pay for a pool


def test_pages_read_ahead_are_finished_as_lint_would_finish_them(documents):
    """The reader of ReadAhead runs the passes before the batches in its own process; a page
    it sends back, resumed, gives what linting the file gives."""
    import multiprocessing

    linter = Linter(load_ruleset(), detector=True)
    here, there = multiprocessing.get_context("fork").Pipe()
    runner._read_ahead([4, 0, 2], documents, linter, there)  # not asked to stop: reads all three
    pages = here.recv()
    assert list(pages) == [4, 0, 2]
    for i, page in pages.items():
        assert linter.resume(page) == linter.lint(*documents[i])
    assert any(linter.lint(*documents[i]).findings for i in pages)


def test_the_reader_takes_a_stored_prefilter_and_never_builds_one(documents, cache_folder):
    """Building the prefilter imports spaCy, which the linter warming up beside the reader
    does anyway: the reader uses a stored one, and without it reads pages unfiltered (the
    batches find the same)."""
    import multiprocessing

    cold = Linter(load_ruleset(), detector=True)
    here, there = multiprocessing.get_context("fork").Pipe()
    runner._read_ahead([0, 1], documents, cold, there)
    pages = here.recv()
    assert list(pages) == [0, 1]
    assert cold._loaded_prefilter is None
    assert not list(cache_folder.glob("prefilter-*"))  # nothing built

    Linter(load_ruleset()).warm_up()  # the warm linter builds and stores it
    assert len(list(cache_folder.glob("prefilter-*"))) == 1
    assert Linter(load_ruleset()).read_only()._loaded_prefilter is not None
    filtered = Linter(load_ruleset(), detector=True)
    for i, page in pages.items():
        assert cold.resume(page) == filtered.lint(*documents[i])


def test_a_reader_asked_to_stop_sends_what_it_read(documents):
    import multiprocessing

    here, there = multiprocessing.get_context("fork").Pipe()
    here.send(None)
    runner._read_ahead([0, 1], documents, Linter(load_ruleset()), there)
    assert here.recv() == {}


def test_a_page_the_reader_cannot_read_is_left_to_its_task(documents, monkeypatch):
    import multiprocessing

    linter = Linter(load_ruleset())
    real = linter.begin
    monkeypatch.setattr(linter, "begin", lambda source, path: 1 / 0 if path == documents[1][1] else real(source, path))
    here, there = multiprocessing.get_context("fork").Pipe()
    runner._read_ahead([0, 1, 2], documents, linter, there)
    assert list(here.recv()) == [0, 2]


def test_a_cold_linter_reads_ahead_and_the_pool_gives_what_one_process_gives(documents, monkeypatch, started):
    """Before the pool starts, a forked reader reads files while the linter warms up; the
    workers finish the pages it read. Whatever it read by then, the results are one process's."""
    alone = runner.lint_documents(documents, Linter(load_ruleset(), detector=True), jobs=1, use_cache=False)
    monkeypatch.setattr(runner, "POOL_THRESHOLD_CHARS", 1)
    collected = []
    real = runner.ReadAhead.collect

    def collect(self):
        collected.append(real(self))
        return collected[-1]

    monkeypatch.setattr(runner.ReadAhead, "collect", collect)
    cold = Linter(load_ruleset(), detector=True)
    assert not cold.warm
    pooled = runner.lint_documents(documents, cold, jobs=2, use_cache=False)
    assert started == [2] and len(collected) == 1
    assert pooled == alone
    assert cold.warm  # warm now: a second run starts no reader
    runner.lint_documents(documents, cold, jobs=2, use_cache=False)
    assert len(collected) == 1


def test_the_reader_is_stopped_when_the_linter_cannot_be_built(documents, monkeypatch):
    """A failure while the parent warms up still stops and joins the reader: no process is
    left behind, and the failure is the run's."""
    import multiprocessing

    def broken(self):
        raise RuntimeError("no pipeline")

    monkeypatch.setattr(runner, "POOL_THRESHOLD_CHARS", 1)
    monkeypatch.setattr(Linter, "warm_up", broken)
    with pytest.raises(RuntimeError, match="no pipeline"):
        runner.lint_documents(documents, Linter(load_ruleset()), jobs=2, use_cache=False)
    assert multiprocessing.active_children() == []


def test_pooled_workers_keep_the_results_they_make(documents, linter, monkeypatch, started, tmp_path):
    """With the results cache on, each whole file's result is put in the cache by the worker
    that linted it (not by this process after the pool), and reads back as it was made."""
    from lintmed.workflow.results import ResultsCache

    monkeypatch.setenv("LINTMED_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("LINTMED_NO_CACHE", raising=False)
    monkeypatch.setattr(runner, "POOL_THRESHOLD_CHARS", 1)
    monkeypatch.setattr(runner, "SPAWN_POOL_THRESHOLD_CHARS", 1)
    here = []
    real_put = ResultsCache.put
    monkeypatch.setattr(ResultsCache, "put", lambda self, *a: (here.append(a[1]), real_put(self, *a)))
    pooled = runner.lint_documents(documents, linter, jobs=2)
    assert started == [2]
    assert here == []  # every put happened in a worker
    store = ResultsCache.for_linter(linter)
    assert [store.get(source, path) for source, path in documents] == pooled
    assert pooled == runner.lint_documents(documents, linter, jobs=1, use_cache=False)
