"""The command line: the only place that prints or exits.

Commands return an exit code; ``main`` is the one place that turns errors
into exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage,
configuration or input error (one line on stderr, no traceback).
"""
from __future__ import annotations

import sys

import click

from lintmed import __version__
from lintmed.errors import LintmedError
from lintmed.report import FORMATS as OUTPUT_FORMATS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FAIL_ON = ("error", "warning", "info", "never")


def _notice(message: str) -> None:
    click.echo(f"lintmed: {message}", err=True)


def _notices(messages) -> None:
    for message in messages:
        _notice(message)


def _load_setup(config_path, rule_files, model):
    """Config, then the rule set with config and command-line rule files layered on."""
    from lintmed.config import apply_to_ruleset, find_config, load_config_file
    from lintmed.rules import load_ruleset

    config = load_config_file(config_path) if config_path else find_config()
    ruleset = load_ruleset([*config.rules, *rule_files])
    ruleset = apply_to_ruleset(config, ruleset)
    return config, ruleset, model or config.model


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lintmed")
def cli():
    """lintmed: find risky health and medical claims in marketing copy."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(list(OUTPUT_FORMATS)), default="text",
              show_default=True, help="Output format.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Exit 1 when any finding is at or above this severity [default: warning].")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(),
              help="Extra rule file layered over the defaults (repeatable).")
@click.option("--config", "config_path", type=click.Path(), default=None,
              help="Config file (default: nearest .lintmed.yaml or [tool.lintmed] in pyproject.toml).")
@click.option("--stdin-filename", default=None, help="Name (and format) for text read from '-'.")
@click.option("--model", default=None, help="A trained spaCy pipeline (name or path) to use instead of the blank one.")
@click.option("--show-suppressed", is_flag=True,
              help="Also list matches that context (negation, question, hedge, reported speech) suppressed, and why.")
@click.option("--no-source", is_flag=True, help="Do not show the source line under each finding.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="Worker processes for large runs (0: one per core; used only when the input is large).")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write the --format report to this file; the terminal still gets the text report.")
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
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff: also apply fixes marked unsafe.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print the fixes as a unified diff and change nothing; exit 1 if there would be changes.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache (rule set, prefilter, results).")
def check(paths, output_format, fail_on, rule_files, config_path, stdin_filename, model,
          show_suppressed, no_source, jobs, output_file, diff_base,
          no_inline_suppress, baseline_path, write_baseline_path, detector, detector_threshold,
          fix=False, unsafe_fixes=False, show_diff=False, no_cache=False):
    """Check files and folders (default: the current folder); '-' reads stdin."""
    from lintmed import check as run
    from lintmed.model import SEVERITY_RANK
    from lintmed.report import get_reporter

    if no_cache:
        from lintmed.cache import disable

        disable()

    config, ruleset, model = _load_setup(config_path, rule_files, model)
    fail_on = fail_on or config.fail_on
    if baseline_path and write_baseline_path:
        raise click.UsageError("--baseline and --write-baseline cannot be used together")
    # A bad baseline stops the run before any output.
    accepted = run.Baseline.load(baseline_path) if baseline_path else None
    sources = run.gather(paths, config, stdin_filename, read_stdin=lambda: sys.stdin.buffer.read())
    _notices(sources.notices)
    scope = run.scope(config, sources.texts, diff_base)
    linter = run.make_linter(ruleset, config, model, inline_suppress=not no_inline_suppress,
                             detector=detector, detector_threshold=detector_threshold)
    texts = sources.texts
    report_err = False  # stdin fixed: stdout carries the fixed text, the report goes to stderr
    if fix or show_diff:
        fixes = run.fix(texts, linter, keep=scope.keeps, unsafe=unsafe_fixes, diff_only=show_diff,
                        stdin_name=sources.stdin_name if sources.reads_stdin else None)
        _print_fixes(fixes)
        if show_diff:
            return EXIT_FINDINGS if fixes.files_changed else EXIT_CLEAN
        texts = fixes.texts(texts)
        report_err = sources.reads_stdin
    result = run.lint(texts, linter, scope, jobs=jobs, baseline=accepted)
    findings = result.findings
    if write_baseline_path:
        entries = run.write_baseline(findings, write_baseline_path)
        _notice(f"wrote {len(findings)} findings ({entries} entries) to the baseline {write_baseline_path}")
        return EXIT_CLEAN

    reporter = get_reporter(output_format)
    options = {"sources": texts, "show_source": not no_source, "files": sources.checked}
    output = reporter.render(findings, len(sources.files), ruleset, options)
    if output_file:
        _write_report(output_file, output)
        _notice(f"wrote the {output_format} report to {output_file}")
        output = get_reporter("text").render(findings, len(sources.files), ruleset, options)
    if output:
        click.echo(output, nl=False, err=report_err)
    if show_suppressed:
        for verdict in sorted(result.suppressed, key=lambda v: v.finding.sort_key()):
            f = verdict.finding
            cues = ", ".join(f"{t.kind} by {t.text!r}" for t in verdict.context.triggers
                             if t.kind in verdict.suppressed_by)
            click.echo(f"{f.path}:{f.line}:{f.column}: suppressed {f.rule} {f.text!r}: {cues}", err=True)
    if fail_on == "never":
        return EXIT_CLEAN
    threshold = SEVERITY_RANK[fail_on]
    failing = any(SEVERITY_RANK[f.severity] >= threshold for f in findings)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _print_fixes(fixes) -> None:
    """Per file, in order: why it was left alone, its diff (--diff), or stdin's text as fixed; then a summary."""
    for f in fixes.files:
        if f.notice:
            _notice(f.notice)
        elif fixes.diff_only:
            click.echo(f.diff(), nl=False)
        elif f.is_stdin:
            click.echo(f.fixed, nl=False)
    applied, changed = fixes.claims_fixed, fixes.files_changed
    verb = "would fix" if fixes.diff_only else "fixed"
    _notice(f"{verb} {applied} claim{'s' if applied != 1 else ''} in {changed} "
            f"file{'s' if changed != 1 else ''}" + ("" if fixes.unsafe else " (safe fixes only; --unsafe-fixes for more)"))


def _write_report(path: str, output: str) -> None:
    try:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            click.echo(output, file=fh, nl=False)  # a file is no terminal: colours are stripped
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
    if output_format == "json":
        records = [{"id": r.id, "category": r.category, "severity": r.severity, "message": r.message,
                    "references": list(r.references)} for r in ruleset]
        click.echo(json.dumps(records, indent=2, ensure_ascii=False))
        return EXIT_CLEAN
    width = max((len(r.id) for r in ruleset), default=10)
    for rule in sorted(ruleset, key=lambda r: (r.category, r.id)):
        click.echo(f"{rule.id:<{width}}  {rule.category:<19}  {rule.severity:<7}  {rule.message}")
    click.echo(f"\n{len(ruleset)} rules. `lintmed explain RULE` shows one in full.")
    return EXIT_CLEAN


@cli.command()
@click.argument("rule_id")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(), help="Extra rule file (repeatable).")
@click.option("--config", "config_path", type=click.Path(), default=None)
def explain(rule_id, rule_files, config_path):
    """Rationale, references, context policy, examples and suggested wording of a rule."""
    import difflib
    import textwrap

    from lintmed.rules import POLICY_ORDER
    from lintmed.suggest import describe

    _, ruleset, _ = _load_setup(config_path, rule_files, None)
    if rule_id not in ruleset.rules:
        close = difflib.get_close_matches(rule_id, list(ruleset.rules), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else "; `lintmed rules` lists them"
        raise LintmedError(f"unknown rule id {rule_id!r}{hint}")
    rule = ruleset.get(rule_id)
    wrap = lambda text: textwrap.fill(text, width=88, initial_indent="  ", subsequent_indent="  ")  # noqa: E731
    policy = ", ".join(f"{k}: {rule.policy(k)}" for k in POLICY_ORDER)
    lines = [
        click.style(rule.id, bold=True) + f"  ({rule.category}, {rule.severity})",
        "", wrap(rule.message), "", "Why:", wrap(rule.why), "", "References:",
        *[f"  - {ref}" for ref in rule.references],
        "", "Context (what a sentence may do to leave the claim alone):", f"  {policy}",
    ]
    if rule.replacements:
        lines += ["", f"Suggested wording ({'safe' if rule.fix_safety == 'safe' else 'review before use'}):",
                  *[f"  - {describe(r)}" for r in rule.replacements]]
    lines += ["", "Flagged:", *[f"  - {e}" for e in rule.examples_flag],
              "", "Not flagged:", *[f"  - {e}" for e in rule.examples_pass]]
    click.echo("\n".join(lines))
    return EXIT_CLEAN


@cli.command()
@click.option("--force", is_flag=True, help="Overwrite an existing .lintmed.yaml.")
def init(force):
    """Write a commented starter .lintmed.yaml in the current folder."""
    from pathlib import Path

    from lintmed.config import write_starter

    target = write_starter(Path.cwd(), force)
    click.echo(f"wrote {target.name}; edit it, then run `lintmed check`")
    return EXIT_CLEAN


def main(argv: list[str] | None = None) -> int:
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
    return code if isinstance(code, int) else EXIT_CLEAN
