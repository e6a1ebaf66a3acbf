"""One ``lintmed check`` run, below the command line: typed options in, a typed outcome out.

``run(CheckOptions) -> CheckOutcome`` is the workflow: it decides the order of the
steps below, what goes to stdout and what to stderr, the report file and the exit
code. It prints, exits and knows click not at all: the CLI builds the options, says
the outcome's output in order (writing the report file where it comes) and returns
its code. A step that fails part-way raises ``Stopped``, which carries what the run
had to say before it stopped and the error, so that both are still said, in order.

The steps, each usable on its own:

1. ``gather``: the files to check and their text (stdin too), with notices, and an
   error finding for each file that could not be read;
   ``split_by_config``: the texts by the config nearest to each file, with its rule set
   (steps 2-5 run once per part; ``merge`` joins their results, ``failing`` judges them);
2. ``scope``: which findings the run reports (per-path-ignores, and with
   ``--diff-base`` only those on changed lines);
3. ``make_linter``: the Linter, with the command line's overrides of the config
   (``linter_settings``: what it is built from, which is all ``lint`` needs until a
   file is not in the results cache);
4. ``fix`` (``--fix`` / ``--diff``): fix outcomes per file; writes files unless
   ``diff_only``;
5. ``lint``: sorted findings in scope, less those a baseline accepts, and the
   matches context suppressed.

Imports of the engine (the linter and the runner, which pull in spaCy) stay inside
``build_linter`` and ``lint``: a one-file pre-commit run on a clean page must start
fast and never import spaCy, and a run whose every file's findings are in the results
cache never imports the engine at all. For start-up time too, what only some runs need is
imported where they need it: fixing (``fix``, ``FileFix.diff``) and git's changed
lines (``scope``); about a tenth of a clean run's import time otherwise.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from lintmed.commands.output import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Item, Output, Streamed, Text, joined
from lintmed.commands.setup import ruleset_for
from lintmed.engine.language import describe as language_name
from lintmed.errors import InputError, InternalError, LintmedError
from lintmed.findings import INPUT_CATEGORY, SEVERITY_RANK, UNREADABLE_RULE, Finding
from lintmed.report import get_reporter
from lintmed.report.summary import RunStats, statistics, statistics_text, summary_line
from lintmed.rules.model import RuleSet
from lintmed.storage import cache
from lintmed.workflow.baseline import Baseline, load as load_baseline, write as write_baseline
from lintmed.workflow.config import Config, ConfigFinder, load_config_file
from lintmed.workflow.results import ResultsCache, Settings, cached_results
from lintmed.storage.files import DEFAULT_INCLUDE, STDIN, collect_files, decode, excluded, read_source, wanted

if TYPE_CHECKING:
    from lintmed.engine.linter import Linter
    from lintmed.engine.results import Verdict
    from lintmed.workflow.changed import ChangedLines

STDIN_NAME = "<stdin>"


# ----------------------------------------------------------------------- gather

@dataclass
class Sources:
    """The files of one run and their text."""

    files: list[str] = field(default_factory=list)  # as collected; "-" for stdin
    texts: dict[str, str] = field(default_factory=dict)  # reported name -> text, empty files left out
    checked: list[str] = field(default_factory=list)  # every file's reported name, empty ones too
    notices: list[str] = field(default_factory=list)  # skipped and empty files
    stdin_name: str = STDIN_NAME  # the reported name of text read from "-"
    # Files that could not be read or decoded: one error finding each (the run goes on, exit 2).
    unreadable: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the same, as one line each for stderr

    @property
    def reads_stdin(self) -> bool:
        return STDIN in self.files


def _read_stdin() -> bytes:
    return sys.stdin.buffer.read()


def gather(paths, config: Config, stdin_name: str | None = None,
           read_stdin: Callable[[], bytes] = _read_stdin,
           config_for: Callable[[str], Config] | None = None, force_exclude: bool = False) -> Sources:
    """Collect the files under ``paths`` (config include/exclude) and read them all.

    With ``config_for`` (a file's own config, lintmed.workflow.config.ConfigFinder) a file whose
    nearest config is another one is also held to that config's include and exclude
    (exclude only, for a file named on the command line, and only with force-exclude).

    Everything is read before anything is linted. A file that cannot be read or
    decoded becomes an error finding (``unreadable``) and the others are still
    checked; a missing path stops the run (InputError) before any output.
    """
    force = force_exclude or config.force_exclude
    targets = collect_files(paths or ["."], include=config.include or DEFAULT_INCLUDE,
                            exclude=config.exclude, root=config.root(), force_exclude=force)
    files = targets.files
    if config_for is not None:
        files = [path for path in files if path == STDIN or _kept_by_own_config(
            path, config_for(path), config, path in targets.named, force)]
    sources = Sources(files=files, notices=list(targets.notices), stdin_name=stdin_name or STDIN_NAME)
    for path in files:
        name = sources.stdin_name if path == STDIN else path
        try:
            source = decode(read_stdin(), name) if path == STDIN else read_source(path)
        except InputError as exc:
            sources.unreadable.append(unreadable_finding(name, exc))
            sources.errors.append(str(exc))
            continue
        sources.checked.append(name)
        if not source.strip():
            sources.notices.append(f"{name}: empty file, nothing to check")
            continue
        sources.texts[name] = source
    return sources


def _kept_by_own_config(path: str, own: Config, run: Config, named: bool, force: bool) -> bool:
    if own.path == run.path:
        return True  # collect_files applied it already
    if named:
        return not (force or own.force_exclude) or not excluded(path, own.exclude, own.root())
    return wanted(path, own.include or DEFAULT_INCLUDE, own.exclude, own.root())


def split_by_config(sources: Sources, run: Config, config_for: Callable[[str], Config] | None,
                    ruleset_for: Callable[[Config], RuleSet]) -> list[tuple[Config, RuleSet, dict[str, str]]]:
    """The run's texts by the config that applies to each file, with that config's rule set:
    ``(config, ruleset, texts)``, the run's own config first (it is there even with no texts).
    Without ``config_for`` (an explicit --config) one part. Text from stdin takes the run's."""
    groups: dict[str | None, tuple[Config, dict[str, str]]] = {run.path: (run, {})}
    for name, text in sources.texts.items():
        config = run if config_for is None or name == sources.stdin_name else config_for(name)
        groups.setdefault(config.path, (config, {}))[1][name] = text
    return [(config, ruleset_for(config), texts) for config, texts in groups.values() if texts or config is run]


def report_ruleset(parts) -> RuleSet:
    """One rule set for the reports of a run whose files have different configs: every rule
    any part checks (the first part's version of a rule wins)."""
    rulesets = [ruleset for _, ruleset, _ in parts]
    if len(rulesets) == 1:
        return rulesets[0]
    rules = {}
    for ruleset in reversed(rulesets):
        rules.update(ruleset.rules)
    first = rulesets[0]
    return RuleSet(rules, dict(first.terms), frozenset().union(*(r.ids() for r in rulesets)), first.approved_uses)


def failing(runs: list[tuple[Config, LintRun]], fail_on: str | None = None) -> bool:
    """Whether any part has a finding at or above ``fail_on`` (None: that part's config's fail-on)."""
    for config, lint_run in runs:
        threshold = fail_on or config.fail_on
        if threshold != "never" and any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]
                                        for f in lint_run.findings):
            return True
    return False


def unreadable_finding(name: str, error: InputError) -> Finding:
    """An error finding for a file that could not be read, at the line where decoding failed."""
    line = error.line or 1
    return Finding(path=name, line=line, column=1, end_line=line, end_column=1, rule=UNREADABLE_RULE,
                   category=INPUT_CATEGORY, severity="error", message=f"File not checked: {error.message}",
                   text="")


# ------------------------------------------------------------------------ scope

@dataclass(frozen=True)
class Scope:
    """Which findings a run reports: not dropped by per-path-ignores, and with
    ``--diff-base`` only those that touch a line added or changed since the base."""

    config: Config
    changed: ChangedLines | None = None

    def keeps(self, finding: Finding) -> bool:
        if self.changed is not None and not self.changed.touches(finding.path, finding.line, finding.end_line):
            return False
        return not self.config.ignores(finding)

    def filter(self, findings) -> list[Finding]:
        return [f for f in findings if self.keeps(f)]


def scope(config: Config, names, diff_base: str | None = None) -> Scope:
    """The run's Scope; with ``diff_base``, asks git what changed in ``names`` (InputError if it cannot)."""
    if diff_base is None:
        return Scope(config)
    from lintmed.workflow.changed import changed_lines  # lazy: start-up (only --diff-base runs git)

    return Scope(config, changed_lines(diff_base, list(names)))


# ----------------------------------------------------------------------- linter

def make_linter(ruleset: RuleSet, config: Config, model: str | None = None, inline_suppress: bool = True,
                detector: bool | None = None, detector_threshold: float | None = None) -> Linter:
    """The Linter for a run; ``None`` takes the config's value (``model`` too)."""
    return build_linter(linter_settings(ruleset, config, model, inline_suppress, detector, detector_threshold))


def linter_settings(ruleset: RuleSet, config: Config, model: str | None = None, inline_suppress: bool = True,
                    detector: bool | None = None, detector_threshold: float | None = None) -> Settings:
    """What ``make_linter`` builds the Linter from, without building it (nor importing the engine)."""
    return Settings(ruleset, model or config.model, inline_suppress,
                    config.detector if detector is None else detector,
                    config.detector_threshold if detector_threshold is None else detector_threshold)


def build_linter(settings: Settings) -> Linter:
    from lintmed.engine.linter import Linter  # lazy: the engine pulls in spaCy (see the module's docstring)

    return Linter(settings.ruleset, settings.pipeline, inline_suppress=settings.inline_suppress,
                  detector=settings.detector, detector_threshold=settings.detector_threshold)


# -------------------------------------------------------------------------- fix

@dataclass(frozen=True)
class FileFix:
    """What fixing one file did. ``fixed`` is ``source`` when nothing changed or the file was left alone."""

    name: str
    source: str
    fixed: str
    applied: int = 0  # claims rewritten
    is_stdin: bool = False
    notice: str | None = None  # why the file was left alone
    skipped: tuple[str, ...] = ()  # why each claim left unfixed was left (lintmed.suggest.fix reasons)

    @property
    def changed(self) -> bool:
        return self.fixed != self.source

    def diff(self) -> str:
        """The change as a unified diff ("" when nothing changed)."""
        from lintmed.suggest.fix import unified_diff  # lazy: start-up (only --fix and --diff get here)

        return unified_diff(self.name, self.source, self.fixed) if self.changed else ""


@dataclass(frozen=True)
class FixRun:
    files: list[FileFix]
    diff_only: bool
    unsafe: bool

    @property
    def files_changed(self) -> int:
        return sum(f.changed for f in self.files)

    @property
    def claims_fixed(self) -> int:
        return sum(f.applied for f in self.files)

    def skipped(self) -> list[tuple[str, int]]:
        """(reason, how many claims) for the claims left unfixed, most frequent first."""
        counts: dict[str, int] = {}
        for f in self.files:
            for reason in f.skipped:
                counts[reason] = counts.get(reason, 0) + 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def texts(self, texts: dict[str, str]) -> dict[str, str]:
        """``texts`` with each file's text as fixed."""
        fixed = {f.name: f.fixed for f in self.files}
        return {name: fixed.get(name, text) for name, text in texts.items()}


def fix(texts: dict[str, str], linter: Linter, keep: Callable[[Finding], bool] | None = None,
        unsafe: bool = False, diff_only: bool = False, stdin_name: str | None = STDIN_NAME) -> FixRun:
    """Fix each text (lintmed.suggest.fix) as far as its safe (or, with ``unsafe``, all) fixes go.

    Only findings that ``keep`` keeps are fixed. Files are rewritten atomically,
    and only if they still hold the text that was read; with ``diff_only`` no
    file is touched. The text named ``stdin_name`` (None: nothing read from stdin) is never written.
    """
    # Lazy: start-up; a run without --fix or --diff never needs difflib, html or ctypes.
    from lintmed.suggest.fix import fix_text
    from lintmed.storage.safe_write import NotWritten, Snapshot, encode_like, write_atomic

    files = []
    for name, source in texts.items():
        is_stdin = name == stdin_name
        snapshot = None
        if not is_stdin and not diff_only:
            try:
                snapshot = Snapshot.take(name)
                same = snapshot.text() == source
            except (OSError, LintmedError):
                same = False
            if not same:
                files.append(FileFix(name, source, source, notice=f"{name}: not fixed: the file changed on disk "
                                                                  "since it was read"))
                continue
        try:
            result = fix_text(source, name, linter, unsafe=unsafe, keep=keep)
        except (LintmedError, InternalError):
            raise
        except Exception as exc:  # noqa: BLE001 - a bug on one file is named as such (exit 3)
            raise InternalError.wrap(exc, name) from exc
        skipped = tuple(result.skipped.values())
        if not result.changed:
            files.append(FileFix(name, source, source, is_stdin=is_stdin, skipped=skipped))
            continue
        if snapshot is not None:
            try:
                write_atomic(snapshot, encode_like(result.fixed, snapshot))
            except NotWritten as exc:
                files.append(FileFix(name, source, source, notice=f"{name}: {exc.message}"))
                continue
        files.append(FileFix(name, source, result.fixed, len(result.applied), is_stdin, skipped=skipped))
    return FixRun(files, diff_only, unsafe)


# ------------------------------------------------------------------------- lint

@dataclass(frozen=True)
class LintRun:
    findings: list[Finding]  # sorted by path, line, column; in scope; not accepted by the baseline
    suppressed: list[Verdict]  # matches that context suppressed, in file order
    # Findings hidden by lintmed-disable comments (in scope), for reviewers (--show-suppressed, reports).
    inline_suppressed: list[Finding] = field(default_factory=list)
    baselined: int = 0  # findings in scope that the baseline accepted
    not_checked: dict[str, str] = field(default_factory=dict)  # path -> language of a page not in English


def merge(runs: list[LintRun]) -> LintRun:
    """One LintRun from the runs of a run's parts (files grouped by their config)."""
    if len(runs) == 1:
        return runs[0]
    return LintRun(sorted((f for r in runs for f in r.findings), key=lambda f: f.sort_key()),
                   [v for r in runs for v in r.suppressed],
                   sorted((f for r in runs for f in r.inline_suppressed), key=lambda f: f.sort_key()),
                   sum(r.baselined for r in runs), {k: v for r in runs for k, v in r.not_checked.items()})


def lint(texts: dict[str, str], linter: Linter | Settings, in_scope: Scope | None = None, jobs: int = 0,
         baseline: Baseline | None = None) -> LintRun:
    """Lint every text (in a process pool when large; ``jobs`` 0: one worker per core).
    Given the linter's Settings, the Linter is built only for a text whose findings are
    not in the results cache: a run with all of them there never imports the engine."""
    documents = [(source, name) for name, source in texts.items()]
    store = ResultsCache.for_settings(linter if isinstance(linter, Settings) else Settings.of(linter))
    results = cached_results(documents, store)
    if any(result is None for result in results):
        from lintmed.workflow.runner import lint_missing  # lazy: the runner imports the engine (spaCy)

        built = build_linter(linter) if isinstance(linter, Settings) else linter
        results = lint_missing(documents, results, built, jobs, store)
    findings = sorted((f for r in results for f in r.findings), key=lambda f: f.sort_key())
    hidden = sorted((f for r in results for f in r.disabled), key=lambda f: f.sort_key())
    if in_scope is not None:
        findings, hidden = in_scope.filter(findings), in_scope.filter(hidden)
    in_scope_count = len(findings)
    if baseline is not None:
        findings = baseline.new_findings(findings)
    not_checked = {name: r.not_checked_language for name, r in zip(texts, results) if r.not_checked_language}
    return LintRun(findings, [v for r in results for v in r.suppressed], hidden,
                   in_scope_count - len(findings), not_checked)


# -------------------------------------------------------------------------- run

@dataclass(frozen=True)
class CheckOptions:
    """``lintmed check``'s options, as the command line gave them (``select`` and
    ``ignore`` already split into names)."""

    paths: tuple[str, ...] = ()  # none: the current folder; "-": stdin
    output_format: str = "text"
    fail_on: str | None = None  # None: each config's fail-on
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rule_files: tuple[str, ...] = ()
    config_path: str | None = None  # None: the config nearest to each file
    stdin_filename: str | None = None
    model: str | None = None
    show_suppressed: bool = False
    show_source: bool = True
    statistics: bool = False
    quiet: bool = False
    exit_zero: bool = False
    force_exclude: bool = False
    jobs: int = 0
    output_file: str | None = None
    diff_base: str | None = None
    inline_suppress: bool = True
    baseline_path: str | None = None
    write_baseline_path: str | None = None
    detector: bool | None = None  # None: the config's
    detector_threshold: float | None = None
    fix: bool = False
    fix_only: bool = False
    unsafe_fixes: bool = False
    show_diff: bool = False
    use_cache: bool = True


@dataclass(frozen=True)
class CheckOutcome:
    """What a run has to say, in order (``Said`` on stdout or stderr, and the ``ReportFile``
    where the report is written), and its exit code."""

    output: tuple[Item, ...]
    code: int

    @property
    def stdout(self) -> str:
        return joined(self.output, err=False)

    @property
    def stderr(self) -> str:
        return joined(self.output, err=True)


class OptionConflict(Exception):
    """Two options that cannot go together (the CLI says it as a usage error)."""


class Stopped(Exception):
    """A step failed part-way: ``output`` is what the run had to say before (to be said
    first), ``error`` what stopped it."""

    def __init__(self, output: tuple[Item, ...], error: BaseException):
        super().__init__(str(error))
        self.output = output
        self.error = error


def run(options: CheckOptions, read_stdin: Callable[[], bytes] = _read_stdin) -> CheckOutcome:
    """One ``lintmed check``; raises ``Stopped`` when a step fails."""
    output = Output()
    try:
        code = _run(options, output, read_stdin)
    except BaseException as exc:  # noqa: BLE001 - re-raised, with what was said before it
        raise Stopped(tuple(output.items), exc) from exc
    return CheckOutcome(tuple(output.items), code)


def _run(o: CheckOptions, output: Output, read_stdin: Callable[[], bytes]) -> int:
    if not o.use_cache:
        cache.disable()
    finder = None if o.config_path else ConfigFinder()  # --config: one config for every file
    config = load_config_file(o.config_path) if o.config_path else finder.for_folder(Path.cwd().resolve())
    config_for = finder.for_file if finder else None
    if o.baseline_path and o.write_baseline_path:
        raise OptionConflict("--baseline and --write-baseline cannot be used together")
    # A bad baseline stops the run before any output.
    accepted = load_baseline(o.baseline_path) if o.baseline_path else None
    sources = gather(o.paths, config, o.stdin_filename, read_stdin=read_stdin, config_for=config_for,
                     force_exclude=o.force_exclude)
    if not o.quiet:
        output.notices(sources.notices)
    output.notices(f"error: {error}" for error in sources.errors)  # bad input: one line each, the run goes on
    # Each file is checked with the config nearest to it (a site/.lintmed.yaml for site/...).
    parts = split_by_config(sources, config, config_for,
                            lambda part_config: ruleset_for(part_config, o.rule_files, o.select, o.ignore))
    ruleset = report_ruleset(parts)
    report_err = False  # stdin fixed: stdout carries the fixed text, the report goes to stderr
    texts: dict[str, str] = {}
    runs = []
    fix_runs = []
    for part_config, part_rules, part_texts in parts:
        part_scope = scope(part_config, part_texts, o.diff_base)
        settings = linter_settings(part_rules, part_config, o.model, inline_suppress=o.inline_suppress,
                                   detector=o.detector, detector_threshold=o.detector_threshold)
        linter: Linter | Settings = settings  # built when a file is not in the results cache (lint)
        if o.fix or o.fix_only or o.show_diff:
            linter = build_linter(settings)
            fixes = fix(part_texts, linter, keep=part_scope.keeps, unsafe=o.unsafe_fixes, diff_only=o.show_diff,
                        stdin_name=sources.stdin_name if sources.reads_stdin else None)
            _say_fixes(fixes, output)
            fix_runs.append(fixes)
            if o.show_diff or o.fix_only:
                continue
            part_texts = fixes.texts(part_texts)
            report_err = sources.reads_stdin
        texts.update(part_texts)
        runs.append((part_config, lint(part_texts, linter, part_scope, jobs=o.jobs, baseline=accepted)))
    fixed_any = any(f.files_changed for f in fix_runs)
    if fix_runs and not o.quiet and not (o.fix_only and not fixed_any):  # the fix hook is quiet when nothing changed
        _say_fix_summary(fix_runs, output)
    if o.show_diff:
        return EXIT_FINDINGS if fixed_any else EXIT_CLEAN
    if o.fix_only:  # the pre-commit fix hook: changed files fail the hook, not the exit code
        return EXIT_ERROR if sources.unreadable else EXIT_CLEAN
    result = merge([lint_run for _, lint_run in runs])
    if o.write_baseline_path:
        entries = write_baseline(result.findings, o.write_baseline_path)
        output.notice(f"wrote {len(result.findings)} findings ({entries} entries) to the baseline "
                      f"{o.write_baseline_path}")
        return EXIT_ERROR if sources.unreadable else EXIT_CLEAN
    # Files that could not be read are findings too: every report shows them.
    findings = sorted([*result.findings, *sources.unreadable], key=lambda f: f.sort_key())
    stats = RunStats(files=len(sources.checked), not_checked=result.not_checked, baselined=result.baselined,
                     inline_suppressed=len(result.inline_suppressed), pre_commit=_under_pre_commit())
    summary = summary_line(findings, stats)
    if not o.quiet:
        output.notices(f"{path}: not checked: the page is in {language_name(lang)}; lintmed checks English only"
                       for path, lang in sorted(result.not_checked.items()))
    report_options = {"sources": texts, "show_source": o.show_source, "files": sources.checked,
                      "not_checked": result.not_checked, "inline_suppressed": result.inline_suppressed,
                      "show_suppressed": o.show_suppressed, "summary": summary}
    if o.statistics:
        report, text_like = _statistics(findings, ruleset, o.output_format)
    else:
        # On the terminal, the text report leaves unreadable files to their line on stderr.
        listed = result.findings if o.output_format == "text" and not o.output_file else findings
        report = _report(o.output_format, listed, len(sources.files), ruleset, report_options)
        text_like = o.output_format == "text"
    if text_like and not o.quiet:
        report += summary + "\n"
    if o.output_file:
        output.report(o.output_file, report)
        if not o.quiet:
            output.notice(f"wrote the {o.output_format} report to {o.output_file}")
    elif report_err:
        output.err(report)
    else:
        output.out(report)
    if not o.quiet and (o.output_file or not text_like):
        output.err(summary + "\n")  # stdout holds the report (or nothing): the summary goes beside it
    if o.show_suppressed:
        output.err("".join(line + "\n" for line in suppressed_lines(result)))
    if sources.unreadable:
        return EXIT_ERROR
    if o.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if failing(runs, o.fail_on) else EXIT_CLEAN


def _report(output_format: str, findings: list[Finding], files: int, ruleset: RuleSet, options: dict) -> Text:
    """The report: ``Streamed`` (made as the CLI writes it, a finding at a time, so that it is
    never held whole) where the format's reporter has ``pieces`` and there are findings;
    else its text."""
    reporter = get_reporter(output_format)
    if findings and hasattr(reporter, "pieces"):
        return Streamed(lambda: reporter.pieces(findings, files, ruleset, options))
    return reporter.render(findings, files, ruleset, options)


def _under_pre_commit() -> bool:
    """pre-commit sets PRE_COMMIT=1 for its hooks, and may split the files into batches."""
    return os.environ.get("PRE_COMMIT") == "1"


def _statistics(findings, ruleset, output_format: str) -> tuple[str, bool]:
    """--statistics: findings per rule, as JSON with --format json, else as text."""
    rows = statistics(findings, ruleset)
    if output_format == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n", False
    return statistics_text(rows), True


def suppressed_lines(result: LintRun) -> list[str]:
    """--show-suppressed: what context and lintmed-disable comments hid, and why, in file order."""
    lines = []
    for verdict in result.suppressed:
        f = verdict.finding
        cues = ", ".join(f"{t.kind} by {t.text!r}" for t in verdict.context.triggers
                         if t.kind in verdict.suppressed_by)
        lines.append((f.sort_key(), f"{f.path}:{f.line}:{f.column}: suppressed {f.rule} {f.text!r}: {cues}"))
    for f in result.inline_suppressed:
        hid = f.suppression
        why = f"reason: {hid.reason}" if hid.reason else "no reason given"
        lines.append((f.sort_key(), f"{f.path}:{f.line}:{f.column}: suppressed {f.rule} {f.text!r}: "
                                    f"lintmed-disable comment on line {hid.line}, {why}"))
    return [line for _, line in sorted(lines, key=lambda kv: kv[0])]


def _say_fixes(fixes: FixRun, output: Output) -> None:
    """Per file, in order: why it was left alone, its diff (--diff), or stdin's text as fixed."""
    for f in fixes.files:
        if f.notice:
            output.notice(f.notice)
        elif fixes.diff_only:
            output.out(f.diff())
        elif f.is_stdin:
            output.out(f.fixed)


def _say_fix_summary(fix_runs: list[FixRun], output: Output) -> None:
    """One line for the run's fixes, whatever number of config parts they came from."""
    fixes = fix_runs[0]
    applied = sum(f.claims_fixed for f in fix_runs)
    changed = sum(f.files_changed for f in fix_runs)
    verb = "would fix" if fixes.diff_only else "fixed"
    output.notice(f"{verb} {applied} claim{'s' if applied != 1 else ''} in {changed} "
                  f"file{'s' if changed != 1 else ''}"
                  + ("" if fixes.unsafe else " (safe fixes only; --unsafe-fixes for more)"))
    for reason, count in fixes.skipped():  # what was offered, not applied, and why
        output.notice(f"not fixed: {count} claim{'s' if count != 1 else ''}: {reason}")
