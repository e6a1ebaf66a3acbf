"""Lint many documents: from the results cache (lintmed.workflow.results), in this process,
or per file across a process pool.

DESIGN.md measured that nlp.pipe(n_process=2) is slower than one process on
2 cores, so parallelism is per file, and only when the work is large enough
to pay for starting workers. A file larger than its share of the work is read
here (``Linter.begin``) and its batches of blocks (``Linter.batches``) go to the
workers, which send back each batch's findings (``BatchResult``); the page is
finished here from them in order (``Linter.finish``): the same result as one
process.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from array import array

from lintmed.errors import InternalError, LintmedError
from lintmed.engine.linter import BatchResult, Linter, LintResult, Page
from lintmed.positions import offset_array
from lintmed.workflow.results import ResultsCache, cached_results

# Below this many characters of input, one process is faster than a pool. Forked
# workers share the parent's pipeline and matchers: starting two costs about 0.02-0.05 s
# and sending results back about 0.15 s per million characters, against about 1.5 s of
# linting per million characters on one core (bench/throughput.py). Spawned workers (where
# the platform cannot fork) each import spaCy and compile the rules, about 1 s each.
POOL_THRESHOLD_CHARS = 200_000
SPAWN_POOL_THRESHOLD_CHARS = 2_000_000
_worker_linter: Linter | None = None
# What forked workers lint, set before the pool forks so that they share it instead of
# receiving it: the run's documents, and the pages split here by their index in them.
_pool_documents: list[tuple[str, str]] = []
_worker_pages: dict[int, Page] = {}
# The pages read ahead (``read_ahead``), by their index in the run's documents.
_worker_read: dict[int, Page] = {}
_worker_batches = 0  # batches a forked worker has read (its first is read outside a memory zone)
# Where a forked worker keeps the results of the whole files it lints (the results cache),
# so that encoding and writing them is spread over the workers, not left to this process
# after the pool: 547 entries took about 0.5 s of a site's first run there.
_worker_store: ResultsCache | None = None


def _init_worker(ruleset, pipeline, inline_suppress, detector, detector_threshold) -> None:
    global _worker_linter
    _worker_linter = Linter(ruleset, pipeline, inline_suppress, detector, detector_threshold)


def _lint_one(item: tuple[str, str]) -> LintResult:
    source, path = item
    return lint_one(_worker_linter, source, path)


def _run_task(task: tuple[int, int | None, array | None]) -> LintResult | BatchResult:
    """A task of a forked pool (``plan``), in a worker. Each batch after the worker's first
    is read in a memory zone, as Linter.lint reads a page's batches: the words it adds to
    spaCy's vocabulary go with it, so that a worker's memory does not grow with the words
    of the batches it reads. The first batch's words stay known (spaCy keeps how it split
    them: a page's common words are not split again in every batch)."""
    global _worker_batches
    zone = task[1] is not None and _worker_batches > 0
    _worker_batches += task[1] is not None
    return run_task(_worker_linter, _pool_documents, _worker_pages, task, _worker_read, zone, _worker_store)


def _stored(store: ResultsCache | None, document: tuple[str, str], result: LintResult) -> LintResult:
    """``result``, put in ``store`` (when given) under its document."""
    if store is not None:
        store.put(*document, result)
    return result


def run_task(linter: Linter, documents: list[tuple[str, str]], pages: dict[int, Page],
             task: tuple[int, int | None, array | None], read: dict[int, Page] | None = None,
             zone: bool = False, store: ResultsCache | None = None) -> LintResult | BatchResult:
    """A task of ``plan``: a whole file (``first`` None; from where ``begin`` left it when
    it is among the pages ``read``; its result put in ``store`` when given), or a batch of
    a page's blocks (with ``zone``, in a memory zone: Linter.lint_batch)."""
    i, first, blocks = task
    if first is None:
        if read and i in read:
            result = _named(documents[i][1], linter.resume, read[i])
        else:
            result = lint_one(linter, *documents[i])
        return _stored(store, documents[i], result)
    page = pages[i]
    return _named(page.path, linter.lint_batch, page, first, unpacked(blocks, page.prose), zone=zone)


def lint_one(linter: Linter, source: str, path: str) -> LintResult:
    """``linter.lint``, with any failure inside it named by the file (InternalError: exit 3)."""
    return _named(path, linter.lint, source, path)


def _named(path: str, call, *args, **kwargs):
    """``call(*args, **kwargs)``, with any failure inside it named by the file (InternalError: exit 3)."""
    try:
        return call(*args, **kwargs)
    except (LintmedError, InternalError):
        raise
    except Exception as exc:  # noqa: BLE001 - a bug on one file is reported as such, never as findings
        raise InternalError.wrap(exc, path) from exc


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def lint_documents(documents: list[tuple[str, str]], linter: Linter, jobs: int = 0,
                   use_cache: bool = True) -> list[LintResult]:
    """One LintResult per (source, path), in order. ``jobs`` 0 means one per core."""
    store = ResultsCache.for_linter(linter) if use_cache else None
    return lint_missing(documents, cached_results(documents, store), linter, jobs, store)


def lint_missing(documents: list[tuple[str, str]], results: list[LintResult | None], linter: Linter,
                 jobs: int = 0, store: ResultsCache | None = None) -> list[LintResult]:
    """``results`` (per document, None where it is still to be linted) with the missing
    ones linted, and put in ``store`` when given."""
    results = list(results)
    todo = [i for i, result in enumerate(results) if result is None]
    for i, result in zip(todo, _lint([documents[i] for i in todo], linter, jobs, store)):
        results[i] = result
    return results


def _lint(documents: list[tuple[str, str]], linter: Linter, jobs: int,
          store: ResultsCache | None = None) -> list[LintResult]:
    """A LintResult per document, each put in ``store`` (when given) where it was made."""
    jobs = jobs or default_jobs()
    size = sum(len(source) for source, _ in documents)
    forks = "fork" in multiprocessing.get_all_start_methods()
    if jobs <= 1 or size < (POOL_THRESHOLD_CHARS if forks else SPAWN_POOL_THRESHOLD_CHARS):
        return [_stored(store, document, lint_one(linter, *document)) for document in documents]
    if forks:
        return _lint_forked(documents, linter, jobs, size, store)
    if len(documents) < 2:  # a spawned worker would need the page sent to it: one file stays here
        return [_stored(store, document, lint_one(linter, *document)) for document in documents]
    from concurrent.futures import ProcessPoolExecutor  # lazy: start-up time; most runs start no pool

    with ProcessPoolExecutor(min(jobs, len(documents)), initializer=_init_worker,
                             initargs=(linter.ruleset, linter.pipeline, linter.inline_suppress,
                                       linter.detector, linter.detector_threshold)) as pool:
        done = pool.map(_lint_one, documents, chunksize=_chunksize(len(documents), jobs))
        return [_stored(store, document, result) for document, result in zip(documents, done)]


def split_here(source: str, size: int, jobs: int) -> bool:
    """Whether a file of the run (``size`` characters over all, ``jobs`` workers) is read
    here and its batches spread over the workers: when it is more than one worker's share
    of the work (it alone would keep one worker busy while the others wait) and large
    enough to pay for a pool by itself."""
    return len(source) >= POOL_THRESHOLD_CHARS and len(source) * jobs > size


def plan(documents: list[tuple[str, str]], linter: Linter, jobs: int, size: int):
    """The pool's tasks, in order: (index, None, None) for a whole file, (index, first, where)
    for each batch of a file split here (``where``: its blocks' places in the page's prose,
    ``packed``); the pages split here by index; and the results already known (a split
    file that the passes before the batches finished, by index)."""
    tasks, pages, known = [], {}, {}
    for i, (source, path) in enumerate(documents):
        if not split_here(source, size, jobs):
            tasks.append((i, None, None))
            continue
        page = _named(path, linter.begin, source, path)
        if page.done:  # not in English, or cleared by the prefilter
            known[i] = page.result
            continue
        pages[i] = page
        tasks.extend((i, first, packed(blocks, len(page.prose))) for first, blocks in linter.batches(page))
    return tasks, pages, known


def packed(blocks: list[tuple[int, str]], most: int) -> array:
    """A batch's blocks (offset in the prose, text) as the offset and length of each, in one
    array (8 bytes a block): the tasks of a page are made before the pool starts and every
    forked worker inherits them, and as strings cut from the prose (about 180 bytes a
    paragraph) they were the largest thing a run with ``--jobs`` held beside the page."""
    where = offset_array(most)
    for offset, text in blocks:
        where.extend((offset, len(text)))
    return where


def unpacked(where: array, prose: str) -> list[tuple[int, str]]:
    """The blocks ``packed`` packed, cut again from the page's ``prose``."""
    return [(offset, prose[offset:offset + length]) for offset, length in zip(where[::2], where[1::2])]


def _lint_forked(documents: list[tuple[str, str]], linter: Linter, jobs: int, size: int,
                 store: ResultsCache | None = None) -> list[LintResult]:
    """Files, and the batches of the files too large for one worker, over forked workers;
    a whole file's result is put in ``store`` by the worker that made it, the rest here."""
    tasks, pages, known = plan(documents, linter, jobs, size)
    if len(tasks) < 2:
        done = [run_task(linter, documents, pages, task, store=store) for task in tasks]
    else:
        done = _fork_pool(tasks, documents, pages, linter, jobs, store)
    results: list[LintResult | None] = [known.get(i) for i in range(len(documents))]
    for i in known:
        _stored(store, documents[i], known[i])
    parts: dict[int, list[BatchResult]] = {i: [] for i in pages}
    for (i, first, _), out in zip(tasks, done):
        if first is None:
            results[i] = out
        else:
            parts[i].append(out)
    for i, page in pages.items():
        results[i] = _stored(store, documents[i], _named(page.path, linter.finish, page, parts[i]))
    return results


def _fork_pool(tasks, documents, pages, linter: Linter, jobs: int,
               store: ResultsCache | None = None) -> list[LintResult | BatchResult]:
    from concurrent.futures import ProcessPoolExecutor  # lazy: start-up time; most runs start no pool

    # Forked workers share the parent's spaCy, matchers and detector (copy on write)
    # instead of each importing and compiling them again (about 1 s of CPU each), and
    # the documents and pages they lint.
    global _worker_linter, _worker_pages, _pool_documents, _worker_read, _worker_store
    # Largest first, so that the last chunks are the small tasks and the workers end together.
    order = sorted(range(len(tasks)), key=lambda k: -_task_size(tasks[k], documents))
    # While this process imports spaCy and builds the matchers, the other cores are idle:
    # a forked reader reads files meanwhile, in the order the pool takes them.
    ahead = None if linter.warm else ReadAhead([tasks[k][0] for k in order if tasks[k][1] is None], documents, linter)
    try:
        _worker_linter, _worker_pages, _pool_documents, _worker_store = linter.warm_up(), pages, documents, store
    finally:  # stopped and joined even when building the linter fails
        _worker_read = ahead.collect() if ahead else {}
    # What the workers inherit is never garbage in them: frozen, the collector leaves it out
    # of every collection (and so never writes to its pages, which stay shared).
    gc.freeze()
    try:
        with ProcessPoolExecutor(min(jobs, len(tasks)), mp_context=multiprocessing.get_context("fork")) as pool:
            done = pool.map(_run_task, [tasks[k] for k in order], chunksize=_chunksize(len(tasks), jobs))
            results: list = [None] * len(tasks)
            for k, result in zip(order, done):
                results[k] = result
            return results
    finally:
        gc.unfreeze()
        _worker_pages, _pool_documents, _worker_read, _worker_store = {}, [], {}, None


class ReadAhead:
    """A forked process that runs the passes before the batches (``Linter.begin``: the
    readers, the language check, the prefilter, none of which needs spaCy) over files,
    in a given order, while this process builds the linter (``Linter.warm_up``: spaCy's
    import, the pipeline, the matchers, about 1 s with one core idle). ``collect`` stops
    it and returns the pages it read by then, by index: ``Linter.resume`` finishes each as
    ``Linter.lint`` would have. A file it could not read is left out (its task reads it
    again and names the failure), and so is everything if the reader fails."""

    def __init__(self, indexes: list[int], documents: list[tuple[str, str]], linter: Linter):
        context = multiprocessing.get_context("fork")
        self._conn, there = context.Pipe()
        self._process = context.Process(target=_read_ahead, args=(indexes, documents, linter, there), daemon=True)
        self._process.start()
        there.close()

    def collect(self) -> dict[int, Page]:
        try:
            self._conn.send(None)  # stop after the page in hand
        except OSError:
            pass  # it read every page and ended: what it sent is still to be received
        try:
            pages = self._conn.recv()
        except (EOFError, OSError):
            pages = {}
        self._conn.close()
        self._process.join()
        return pages


def _read_ahead(indexes: list[int], documents: list[tuple[str, str]], linter: Linter, conn) -> None:
    """In ReadAhead's process: ``linter.begin`` over ``documents[i]`` for each of ``indexes``
    in turn until asked to stop; then the pages read, by index, sent back. The prefilter
    comes only from the cache (``Linter.read_only``): building it would import spaCy here too."""
    pages = {}
    linter.read_only()
    for i in indexes:
        if conn.poll():
            break
        source, path = documents[i]
        try:
            pages[i] = linter.begin(source, path)
        except Exception:  # noqa: BLE001 - the file's task reads it again and names the failure
            continue
    conn.send(pages)
    conn.close()


def _task_size(task: tuple[int, int | None, array | None], documents: list[tuple[str, str]]) -> int:
    """Characters a task of ``plan`` reads: its file's, or its batch's blocks'."""
    i, first, where = task
    return len(documents[i][0]) if first is None else sum(where[1::2])


def _chunksize(tasks: int, jobs: int) -> int:
    """Tasks per chunk of the pool: small chunks, since a worker that takes the last one
    while the others have none left keeps them waiting for as long as it takes (the last
    chunks hold the smallest tasks: largest first); sending a chunk costs well under a
    millisecond."""
    return max(1, tasks // (jobs * 32))
