"""The command line: the only place that prints or exits.

Commands return an exit code; ``main`` is the one place that turns errors
into exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage,
configuration or input error, 3 internal error (a failure inside lintmed,
never findings); 2 and 3 print one line on stderr, no traceback
(``LINTMED_TRACEBACK=1`` adds it, for a bug report).
"""
from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import click

from lintmed import __version__
from lintmed.errors import InternalError, LintmedError
from lintmed.report import FORMATS as OUTPUT_FORMATS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_CODES_HELP = ("Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; "
                   "2 usage, configuration or input error; 3 internal error (lintmed failed, not your content).")
FAIL_ON = ("error", "warning", "info", "never")


def _notice(message: str) -> None:
    from lintmed.report.escape import terminal_message

    click.echo(f"lintmed: {terminal_message(message)}", err=True)  # names in it may hold anything


def _notices(messages) -> None:
    for message in messages:
        _notice(message)


def _names(values) -> list[str]:
    """Rule ids or categories from repeatable, comma-separated options."""
    return [name for value in values for name in value.replace(" ", ",").split(",") if name]


def _load_setup(config_path, rule_files, model, select=(), ignore=()):
    """Config, then the rule set with config and command-line rule files layered on;
    ``select`` replaces the config's select, ``ignore`` adds to its ignore (as in ruff)."""
    from lintmed.workflow.config import find_config, load_config_file

    config = load_config_file(config_path) if config_path else find_config()
    ruleset = _ruleset_for(config, rule_files, select, ignore)
    return config, ruleset, model or config.model


def _ruleset_for(config, rule_files, select=(), ignore=()):
    """The rule set of one config, with the command line's rule files, --select and --ignore."""
    from lintmed.workflow.config import apply_to_ruleset, check_names
    from lintmed.rules.load import load_ruleset

    ruleset = load_ruleset([*config.rules, *rule_files])
    check_names(select, ruleset, "--select")
    check_names(ignore, ruleset, "--ignore")
    if select:
        config.select = list(select)
    config.ignore = [*config.ignore, *ignore]
    return apply_to_ruleset(config, ruleset)


def _colour(choice: str) -> bool | None:
    """Whether to colour: --color always/never, else NO_COLOR, FORCE_COLOR (non-empty), else a terminal."""
    import os

    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return None  # click decides: colour on a terminal only


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES_HELP)
@click.version_option(__version__, prog_name="lintmed")
@click.pass_context
def cli(ctx):
    """lintmed: find risky health and medical claims in marketing copy."""
    ctx.color = _colour("auto")  # subcommands inherit it


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "--output-format", "output_format", type=click.Choice(list(OUTPUT_FORMATS)),
              default="text", show_default=True, help="Output format.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Exit 1 when any finding is at or above this severity [default: warning].")
@click.option("--select", "select", multiple=True, metavar="RULES",
              help="Only these rule ids or categories (comma-separated, repeatable; replaces the config's select).")
@click.option("--ignore", "ignore", multiple=True, metavar="RULES",
              help="Not these rule ids or categories (comma-separated, repeatable; added to the config's ignore).")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(),
              help="Extra rule file layered over the defaults (repeatable).")
@click.option("--config", "config_path", type=click.Path(), default=None,
              help="Config file (default: nearest .lintmed.yaml or [tool.lintmed] in pyproject.toml).")
@click.option("--stdin-filename", default=None, help="Name (and format) for text read from '-'.")
@click.option("--model", default=None, help="A trained spaCy pipeline (name or path) to use instead of the blank one.")
@click.option("--show-suppressed", is_flag=True,
              help="Also list matches that context (negation, question, hedge, reported speech) or a "
                   "lintmed-disable comment suppressed, and why.")
@click.option("--no-source", is_flag=True, help="Do not show the source line under each finding.")
@click.option("--statistics", is_flag=True, help="Count the findings per rule instead of listing them.")
@click.option("--quiet", "-q", is_flag=True, help="Print the findings only: no summary line, no notices.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (2 still means an error).")
@click.option("--force-exclude", is_flag=True,
              help="Apply the config's exclude to files named on the command line too (pre-commit names them).")
@click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the text report (auto: on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="Worker processes for large runs (0: one per core; used only when the input is large).")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write the report to this file instead of the terminal, which gets the summary line.")
@click.option("--diff-base", default=None, metavar="REF",
              help="Report only findings on lines added or changed since git REF (untracked files: all lines).")
@click.option("--no-inline-suppress", is_flag=True,
              help="Ignore lintmed-disable comments in the files (for audits).")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), default=None,
              help="Report (and fail on) only findings that are not in this baseline file.")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(dir_okay=False), default=None,
              help="Record the current findings in this baseline file and exit 0.")
@click.option("--detector/--no-detector", default=None,
              help="The learned claim detector (rule learned-claim, and `confidence` on findings) [default: on].")
@click.option("--detector-threshold", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=None,
              help="Score (0-1) at which the detector reports a sentence no rule flags [default: the model's].")
@click.option("--fix", is_flag=True, help="Apply safe fixes (each rule's first suggestion) in place; report what remains.")
@click.option("--fix-only", is_flag=True,
              help="Apply safe fixes and report nothing else; exit 0 (say what changed, if anything).")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff: also apply fixes marked unsafe.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print the fixes as a unified diff and change nothing; exit 1 if there would be changes.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache (rule set, prefilter, results).")
@click.pass_context
def check(ctx, paths, output_format, fail_on, select, ignore, rule_files, config_path, stdin_filename, model,
          show_suppressed, no_source, statistics, quiet, exit_zero, force_exclude, color, jobs, output_file, diff_base,
          no_inline_suppress, baseline_path, write_baseline_path, detector, detector_threshold,
          fix=False, fix_only=False, unsafe_fixes=False, show_diff=False, no_cache=False):
    """Check files and folders (default: the current folder); '-' reads stdin."""
    from lintmed.commands import check as run
    from lintmed.report import get_reporter
    from lintmed.report.summary import RunStats, summary_line

    if no_cache:
        from lintmed.workflow.cache import disable

        disable()
    ctx.color = _colour(color)
    select, ignore = _names(select), _names(ignore)
    from lintmed.workflow.config import ConfigFinder, load_config_file

    finder = None if config_path else ConfigFinder()  # --config: one config for every file
    config = load_config_file(config_path) if config_path else finder.for_folder(Path.cwd().resolve())
    if baseline_path and write_baseline_path:
        raise click.UsageError("--baseline and --write-baseline cannot be used together")
    # A bad baseline stops the run before any output.
    accepted = run.Baseline.load(baseline_path) if baseline_path else None
    sources = run.gather(paths, config, stdin_filename, read_stdin=lambda: sys.stdin.buffer.read(),
                         config_for=finder.for_file if finder else None, force_exclude=force_exclude)
    if not quiet:
        _notices(sources.notices)
    _notices(f"error: {error}" for error in sources.errors)  # bad input: one line each, the run goes on
    # Each file is checked with the config nearest to it (a site/.lintmed.yaml for site/...).
    parts = run.split_by_config(sources, config, finder.for_file if finder else None,
                                lambda part_config: _ruleset_for(part_config, rule_files, select, ignore))
    ruleset = run.report_ruleset(parts)
    report_err = False  # stdin fixed: stdout carries the fixed text, the report goes to stderr
    texts: dict[str, str] = {}
    runs = []
    fix_runs = []
    for part_config, part_rules, part_texts in parts:
        scope = run.scope(part_config, part_texts, diff_base)
        linter = run.make_linter(part_rules, part_config, model, inline_suppress=not no_inline_suppress,
                                 detector=detector, detector_threshold=detector_threshold)
        if fix or fix_only or show_diff:
            fixes = run.fix(part_texts, linter, keep=scope.keeps, unsafe=unsafe_fixes, diff_only=show_diff,
                            stdin_name=sources.stdin_name if sources.reads_stdin else None)
            _print_fixes(fixes)
            fix_runs.append(fixes)
            if show_diff or fix_only:
                continue
            part_texts = fixes.texts(part_texts)
            report_err = sources.reads_stdin
        texts.update(part_texts)
        runs.append((part_config, run.lint(part_texts, linter, scope, jobs=jobs, baseline=accepted)))
    fixed_any = any(f.files_changed for f in fix_runs)
    if fix_runs and not quiet and not (fix_only and not fixed_any):  # the fix hook is quiet when nothing changed
        _print_fix_summary(fix_runs)
    if show_diff:
        return EXIT_FINDINGS if fixed_any else EXIT_CLEAN
    if fix_only:  # the pre-commit fix hook: changed files fail the hook, not the exit code
        return EXIT_ERROR if sources.unreadable else EXIT_CLEAN
    result = run.merge([lint_run for _, lint_run in runs])
    if write_baseline_path:
        entries = run.write_baseline(result.findings, write_baseline_path)
        _notice(f"wrote {len(result.findings)} findings ({entries} entries) to the baseline {write_baseline_path}")
        return EXIT_ERROR if sources.unreadable else EXIT_CLEAN
    # Files that could not be read are findings too: every report shows them.
    findings = sorted([*result.findings, *sources.unreadable], key=lambda f: f.sort_key())
    stats = RunStats(files=len(sources.checked), not_checked=result.not_checked, baselined=result.baselined,
                     inline_suppressed=len(result.inline_suppressed), pre_commit=_under_pre_commit())
    summary = summary_line(findings, stats)
    if not quiet:
        _notices(f"{path}: not checked: the page is in {_language(lang)}; lintmed checks English only"
                 for path, lang in sorted(result.not_checked.items()))
    options = {"sources": texts, "show_source": not no_source, "files": sources.checked,
               "not_checked": result.not_checked, "inline_suppressed": result.inline_suppressed,
               "show_suppressed": show_suppressed, "summary": summary}
    if statistics:
        output, text_like = _statistics(findings, ruleset, output_format)
    else:
        # On the terminal, the text report leaves unreadable files to their line on stderr.
        listed = result.findings if output_format == "text" and not output_file else findings
        output = get_reporter(output_format).render(listed, len(sources.files), ruleset, options)
        text_like = output_format == "text"
    if text_like and not quiet:
        output += summary + "\n"
    if output_file:
        _write_report(output_file, output)
        if not quiet:
            _notice(f"wrote the {output_format} report to {output_file}")
    elif output:
        click.echo(output, nl=False, err=report_err)
    if not quiet and (output_file or not text_like):
        click.echo(summary, err=True)  # stdout holds the report (or nothing): the summary goes beside it
    if show_suppressed:
        _print_suppressed(result)
    if sources.unreadable:
        return EXIT_ERROR
    if exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if run.failing(runs, fail_on) else EXIT_CLEAN


def _under_pre_commit() -> bool:
    """pre-commit sets PRE_COMMIT=1 for its hooks, and may split the files into batches."""
    import os

    return os.environ.get("PRE_COMMIT") == "1"


def _language(lang: str) -> str:
    from lintmed.engine.language import describe

    return describe(lang)


def _statistics(findings, ruleset, output_format: str) -> tuple[str, bool]:
    """--statistics: findings per rule, as JSON with --format json, else as text."""
    import json

    from lintmed.report.summary import statistics, statistics_text

    rows = statistics(findings, ruleset)
    if output_format == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n", False
    return statistics_text(rows), True


def _print_suppressed(result) -> None:
    """--show-suppressed: what context and lintmed-disable comments hid, and why, on stderr."""
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
    for _, line in sorted(lines, key=lambda kv: kv[0]):
        click.echo(line, err=True)


def _print_fixes(fixes) -> None:
    """Per file, in order: why it was left alone, its diff (--diff), or stdin's text as fixed."""
    for f in fixes.files:
        if f.notice:
            _notice(f.notice)
        elif fixes.diff_only:
            click.echo(f.diff(), nl=False)
        elif f.is_stdin:
            click.echo(f.fixed, nl=False)


def _print_fix_summary(fix_runs) -> None:
    """One line for the run's fixes, whatever number of config parts they came from."""
    fixes = fix_runs[0]
    applied = sum(f.claims_fixed for f in fix_runs)
    changed = sum(f.files_changed for f in fix_runs)
    verb = "would fix" if fixes.diff_only else "fixed"
    _notice(f"{verb} {applied} claim{'s' if applied != 1 else ''} in {changed} "
            f"file{'s' if changed != 1 else ''}" + ("" if fixes.unsafe else " (safe fixes only; --unsafe-fixes for more)"))
    for reason, count in fixes.skipped():  # what was offered, not applied, and why
        _notice(f"not fixed: {count} claim{'s' if count != 1 else ''}: {reason}")


def _write_report(path: str, output: str) -> None:
    try:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            click.echo(output, file=fh, nl=False, color=False)  # never colours in a file
    except OSError as exc:
        raise LintmedError(f"cannot write report: {exc.strerror}", path) from None


@cli.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="markdown: the full catalogue, as committed in docs/rules.md.")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(), help="Extra rule file (repeatable).")
@click.option("--config", "config_path", type=click.Path(), default=None)
def rules_command(output_format, rule_files, config_path):
    """List the rule catalogue."""
    import json

    _, ruleset, _ = _load_setup(config_path, rule_files, None)
    if output_format == "markdown":
        from lintmed.report.catalogue import render

        click.echo(render(ruleset), nl=False)
        return EXIT_CLEAN
    from lintmed.report.summary import FIXABLE_MARK, is_fixable

    if output_format == "json":
        records = [{"id": r.id, "category": r.category, "severity": r.severity, "message": r.message,
                    "references": list(r.references), "fixable": is_fixable(r)} for r in ruleset]
        click.echo(json.dumps(records, indent=2, ensure_ascii=False))
        return EXIT_CLEAN
    width = max((len(r.id) for r in ruleset), default=10)
    for rule in sorted(ruleset, key=lambda r: (r.category, r.id)):
        mark = FIXABLE_MARK if is_fixable(rule) else " " * len(FIXABLE_MARK)
        click.echo(f"{rule.id:<{width}}  {mark}  {rule.category:<19}  {rule.severity:<7}  {rule.message}")
    click.echo(f"\n{len(ruleset)} rules; {FIXABLE_MARK} fixable with `lintmed check --fix`. "
               "`lintmed explain RULE` shows one in full.")
    return EXIT_CLEAN


@cli.command()
@click.argument("rule_id")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(), help="Extra rule file (repeatable).")
@click.option("--config", "config_path", type=click.Path(), default=None)
def explain(rule_id, rule_files, config_path):
    """Rationale, references, context policy, examples and suggested wording of a rule."""
    import textwrap

    _, ruleset, _ = _load_setup(config_path, rule_files, None)
    if rule_id not in ruleset.rules:
        from lintmed.workflow.config import selectable_names, unknown_name_problem

        raise LintmedError(unknown_name_problem(rule_id, selectable_names(ruleset)).replace(
            "unknown rule id or category", "unknown rule id"))
    rule = ruleset.get(rule_id)
    wrap = lambda text: textwrap.fill(text, width=88, initial_indent="  ", subsequent_indent="  ")  # noqa: E731
    lines = [
        click.style(rule.id, bold=True) + f"  ({rule.category}, {rule.severity})",
        "", wrap(rule.message), "", "Why:", wrap(rule.why), "", "References:",
        *[f"  - {ref}" for ref in rule.references],
        "", "Context (what a sentence may do to leave the claim alone):",
        *[f"  - {line}" for line in _policy_lines(rule)],
    ]
    rewrites = _example_rewrites(rule, ruleset)
    if rewrites:
        safety = "safe: `lintmed check --fix` applies it" if rule.fix_safety == "safe" else "review before use"
        lines += ["", f"Suggested wording ({safety}), on the rule's own examples:",
                  *[f"  - {before}\n    -> {after}" for before, after in rewrites]]
    lines += ["", "Flagged:", *[f"  - {e}" for e in rule.examples_flag],
              "", "Not flagged:", *[f"  - {e}" for e in rule.examples_pass],
              "", "To accept a reviewed claim:",
              f"  - one place: <!-- lintmed-disable-next-line {rule.id} -- why it is acceptable -->",
              f"    (or `# lintmed-disable-next-line {rule.id} -- ...` in plain text); the reason is shown",
              "    to reviewers (--show-suppressed, the HTML report, SARIF suppressions)",
              f"  - some paths: per-path-ignores: {{\"drafts/**\": [{rule.id}]}} in .lintmed.yaml",
              f"  - everywhere: ignore: [{rule.id}] in .lintmed.yaml, or --ignore {rule.id}"]
    click.echo("\n".join(lines))
    return EXIT_CLEAN


# A context kind, in words, with an example sentence shape.
_POLICY_WORDS = {
    "negated": 'a negated claim ("does not cure")',
    "question": 'a question ("Can it cure arthritis?")',
    "reported": 'a claim reported from a regulator or critic ("The FDA warns that clinics claim...")',
    "hedged": 'a hedged claim ("may help")',
    "on-label": "an accurate statement of a listed product's approved use (approved-uses)",
}


def _policy_lines(rule) -> list[str]:
    from lintmed.rules.model import POLICY_ORDER

    return [f"{_POLICY_WORDS.get(kind, kind)}: "
            + ("left alone" if rule.policy(kind) == "suppress" else "still flagged") + f" ({kind}: {rule.policy(kind)})"
            for kind in POLICY_ORDER]


def _example_rewrites(rule, ruleset, most: int = 3) -> list[tuple[str, str]]:
    """The rule's suggested wording applied to its own flagged examples: (before, after),
    or for a page-level rule (example, the sentence to add)."""
    from lintmed.engine.linter import Linter
    from lintmed.findings import ADD_TO_PAGE

    linter = Linter(ruleset.select(lambda r: r.id == rule.id), detector=False, inline_suppress=False)
    out = []
    for example in rule.examples_flag:
        finding = next((f for f in linter.lint(example, "example.txt").findings
                        if f.rule == rule.id and f.suggestions), None)
        if finding is None:
            continue
        s = finding.suggestions[0]
        start, end = s.span(finding)  # a suggestion may replace its sentence, or add after it
        after = (f"add: {s.replacement}" if s.description == ADD_TO_PAGE
                 else (example[:start] + s.replacement + example[end:]).strip() or "(the sentence removed)")
        out.append((example, after))
        if len(out) == most:
            break
    return out


@cli.command()
@click.option("--force", is_flag=True, help="Overwrite an existing .lintmed.yaml.")
def init(force):
    """Write a commented starter .lintmed.yaml in the current folder."""
    from pathlib import Path

    from lintmed.workflow.config import write_starter

    target = write_starter(Path.cwd(), force)
    click.echo(f"wrote {target.name}; edit it, then run `lintmed check`")
    return EXIT_CLEAN


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a name that is not UTF-8 never stops the output
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass
    try:
        code = cli.main(args=argv, prog_name="lintmed", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return EXIT_ERROR
    except click.Abort:
        _notice("aborted")
        return EXIT_ERROR
    except LintmedError as exc:
        _notices(exc.notices)  # what the run had noticed before it stopped
        _notice(f"error: {exc}")
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_CLEAN
    except InternalError as exc:
        return _internal(exc)
    except Exception as exc:  # noqa: BLE001 - a crash must never look like findings (exit 1)
        return _internal(InternalError.wrap(exc))
    return code if isinstance(code, int) else EXIT_CLEAN


def _internal(exc: InternalError) -> int:
    if os.environ.get("LINTMED_TRACEBACK", "").strip() not in ("", "0"):
        traceback.print_exc()
    _notice(f"{exc} (please report it; LINTMED_TRACEBACK=1 shows where)")
    return EXIT_INTERNAL
