"""One ``lintmed check`` run, below the command line: plain values in, plain results out.

The CLI parses options, calls these steps in order, prints what each returns and
turns the outcome into an exit code; nothing here prints, exits or knows click.

1. ``gather``: the files to check and their text (stdin too), with notices, and an
   error finding for each file that could not be read;
   ``split_by_config``: the texts by the config nearest to each file, with its rule set
   (steps 2-5 run once per part; ``merge`` joins their results, ``failing`` judges them);
2. ``scope``: which findings the run reports (per-path-ignores, and with
   ``--diff-base`` only those on changed lines);
3. ``make_linter``: the Linter, with the command line's overrides of the config;
4. ``fix`` (``--fix`` / ``--diff``): fix outcomes per file; writes files unless
   ``diff_only``;
5. ``lint``: sorted findings in scope, less those a baseline accepts, and the
   matches context suppressed.

Notices (what the CLI says on stderr as ``lintmed: ...``) are returned as data,
in the order they arose. When a step fails part-way, the ``LintmedError`` it
raises carries the notices it had gathered before (``error.notices``), so that
they are still said, before the error.

Imports of spaCy (through the linter) stay inside functions: a one-file
pre-commit run must start fast.
"""
from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from lintmed.errors import InputError, InternalError, LintmedError
from lintmed.workflow.files import DEFAULT_INCLUDE, STDIN, collect_files, decode, excluded, read_source, wanted

if TYPE_CHECKING:
    from lintmed.workflow.changed import ChangedLines
    from lintmed.workflow.config import Config
    from lintmed.engine.linter import Linter, Verdict
    from lintmed.findings import Finding
    from lintmed.rules.model import RuleSet

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
    from lintmed.rules.model import RuleSet

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
    from lintmed.findings import SEVERITY_RANK

    for config, lint_run in runs:
        threshold = fail_on or config.fail_on
        if threshold != "never" and any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]
                                        for f in lint_run.findings):
            return True
    return False


def unreadable_finding(name: str, error: InputError) -> Finding:
    """An error finding for a file that could not be read, at the line where decoding failed."""
    from lintmed.findings import INPUT_CATEGORY, UNREADABLE_RULE, Finding

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
    from lintmed.workflow.changed import changed_lines

    return Scope(config, changed_lines(diff_base, list(names)))


# ----------------------------------------------------------------------- linter

def make_linter(ruleset: RuleSet, config: Config, model: str | None = None, inline_suppress: bool = True,
                detector: bool | None = None, detector_threshold: float | None = None) -> Linter:
    """The Linter for a run; ``None`` takes the config's value (``model`` too)."""
    from lintmed.engine.linter import Linter

    return Linter(ruleset, model or config.model, inline_suppress=inline_suppress,
                  detector=config.detector if detector is None else detector,
                  detector_threshold=config.detector_threshold if detector_threshold is None else detector_threshold)


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
        from lintmed.suggest.fix import unified_diff

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
    from lintmed.suggest.fix import fix_text
    from lintmed.workflow.safe_write import NotWritten, Snapshot, encode_like, write_atomic

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
class Baseline:
    """Findings accepted for now (lintmed.workflow.baseline), read from ``path``."""

    path: str
    accepted: Counter

    @classmethod
    def load(cls, path: str) -> Baseline:
        """A missing or malformed file raises BaselineError."""
        from lintmed.workflow import baseline
        return cls(path, baseline.load(path))

    def new_findings(self, findings) -> list[Finding]:
        from lintmed.workflow import baseline
        return baseline.new_findings(findings, self.accepted, self.path)


def write_baseline(findings, path: str) -> int:
    """Record ``findings`` as the baseline in ``path``; returns how many entries it has."""
    from lintmed.workflow import baseline
    return baseline.write(findings, path)


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


def lint(texts: dict[str, str], linter: Linter, in_scope: Scope | None = None, jobs: int = 0,
         baseline: Baseline | None = None) -> LintRun:
    """Lint every text (in a process pool when large; ``jobs`` 0: one worker per core)."""
    from lintmed.workflow.runner import lint_documents

    results = lint_documents([(source, name) for name, source in texts.items()], linter, jobs)
    findings = sorted((f for r in results for f in r.findings), key=lambda f: f.sort_key())
    hidden = sorted((f for r in results for f in r.inline_suppressed), key=lambda f: f.sort_key())
    if in_scope is not None:
        findings, hidden = in_scope.filter(findings), in_scope.filter(hidden)
    in_scope_count = len(findings)
    if baseline is not None:
        findings = baseline.new_findings(findings)
    not_checked = {name: r.not_checked_language for name, r in zip(texts, results) if r.not_checked_language}
    return LintRun(findings, [v for r in results for v in r.suppressed], hidden,
                   in_scope_count - len(findings), not_checked)
