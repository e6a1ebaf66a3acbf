"""The command line: click parsing only, and the one place that prints or exits.

Each command builds its options, calls its function in lintmed.commands (which
returns what to say and the exit code), prints that and returns the code. ``main``
is the one place that turns errors into exit codes: 0 clean, 1 findings at or above
--fail-on, 2 usage, configuration or input error, 3 internal error (a failure inside
lintmed, never findings); 2 and 3 print one line on stderr, no traceback
(``LINTMED_TRACEBACK=1`` adds it, for a bug report).
"""
from __future__ import annotations

import gc
import os
import sys
import traceback
from pathlib import Path

import click

from lintmed._version import __version__
from lintmed.commands import check as cmd_check, clean as cmd_clean, explain as cmd_explain, init as cmd_init
from lintmed.commands import rules as cmd_rules
from lintmed.commands.output import EXIT_CLEAN, EXIT_ERROR, EXIT_INTERNAL, ReportFile, Text, chunks, notice_line
from lintmed.commands.output import EXIT_FINDINGS  # noqa: F401  (the exit codes, for callers of main)
from lintmed.errors import InternalError, LintmedError
from lintmed.report import FORMATS as OUTPUT_FORMATS

EXIT_CODES_HELP = ("Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; "
                   "2 usage, configuration or input error; 3 internal error (lintmed failed, not your content).")
FAIL_ON = ("error", "warning", "info", "never")
# The garbage collector's thresholds for a run (gc.set_threshold): a young collection every
# 200,000 allocations, not every 700. Start-up (spaCy's import and pipeline, the rule set,
# the matchers) makes hundreds of thousands of long-lived objects, and at Python's
# defaults the collector walked all of them again and again: about a fifth of a one-page
# run after `import spacy`. Garbage in cycles is still collected, only later.
GC_THRESHOLDS = (200_000, 30, 30)


def _notice(message: str) -> None:
    click.echo(notice_line(message), nl=False, err=True)


def _names(values) -> tuple[str, ...]:
    """Rule ids or categories from repeatable, comma-separated options."""
    return tuple(name for value in values for name in value.replace(" ", ",").split(",") if name)


def _colour(choice: str) -> bool | None:
    """Whether to colour: --color always/never, else NO_COLOR, FORCE_COLOR (non-empty), else a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return None  # click decides: colour on a terminal only


def _say(output) -> None:
    """A command's output, in order: text on stdout or stderr, the report into its file
    (a Streamed report as it is made, a large piece at a time)."""
    for item in output:
        if isinstance(item, ReportFile):
            _write_report(item.path, item.text)
        else:
            for chunk in chunks(item.text):
                click.echo(chunk, nl=False, err=item.err)


def _write_report(path: str, output: Text) -> None:
    try:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            try:
                for chunk in chunks(output):
                    click.echo(chunk, file=fh, nl=False, color=False)  # never colours in a file
            except Exception:
                fh.truncate(0)  # a report that failed part-way is no report: never fewer findings read as all
                raise
    except OSError as exc:
        raise LintmedError(f"cannot write report: {exc.strerror}", path) from None


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
    ctx.color = _colour(color)
    options = cmd_check.CheckOptions(
        paths=tuple(paths), output_format=output_format, fail_on=fail_on, select=_names(select),
        ignore=_names(ignore), rule_files=tuple(rule_files), config_path=config_path, stdin_filename=stdin_filename,
        model=model, show_suppressed=show_suppressed, show_source=not no_source, statistics=statistics,
        quiet=quiet, exit_zero=exit_zero, force_exclude=force_exclude, jobs=jobs, output_file=output_file,
        diff_base=diff_base, inline_suppress=not no_inline_suppress, baseline_path=baseline_path,
        write_baseline_path=write_baseline_path, detector=detector, detector_threshold=detector_threshold,
        fix=fix, fix_only=fix_only, unsafe_fixes=unsafe_fixes, show_diff=show_diff, use_cache=not no_cache)
    try:
        outcome = cmd_check.run(options)
    except cmd_check.Stopped as stopped:
        _say(stopped.output)  # what the run said before it stopped, then the error
        error = stopped.error
    else:
        _say(outcome.output)
        return outcome.code
    if isinstance(error, cmd_check.OptionConflict):
        raise click.UsageError(str(error))
    raise error


@cli.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="markdown: the full catalogue, as committed in docs/rules.md.")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(), help="Extra rule file (repeatable).")
@click.option("--config", "config_path", type=click.Path(), default=None)
def rules_command(output_format, rule_files, config_path):
    """List the rule catalogue."""
    click.echo(cmd_rules.run(output_format, rule_files, config_path), nl=False)
    return EXIT_CLEAN


@cli.command()
@click.argument("rule_id")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(), help="Extra rule file (repeatable).")
@click.option("--config", "config_path", type=click.Path(), default=None)
def explain(rule_id, rule_files, config_path):
    """Rationale, references, context policy, examples and suggested wording of a rule."""
    click.echo(cmd_explain.run(rule_id, rule_files, config_path), nl=False)
    return EXIT_CLEAN


@cli.command()
@click.option("--force", is_flag=True, help="Overwrite an existing .lintmed.yaml.")
def init(force):
    """Write a commented starter .lintmed.yaml in the current folder."""
    click.echo(cmd_init.run(Path.cwd(), force), nl=False)
    return EXIT_CLEAN


@cli.command()
def clean():
    """Remove lintmed's cache entries (rule sets and findings kept between runs)."""
    click.echo(cmd_clean.run(), nl=False)
    return EXIT_CLEAN


def run() -> None:
    """The ``lintmed`` command (and ``python -m lintmed``): ``main``, then ``exit_now``."""
    exit_now(main())


def exit_now(code: int) -> None:
    """End the process with ``code`` once its output is out, without tearing the interpreter
    down: freeing spaCy's and the rule set's objects one by one took about 0.2 s of a
    one-page run, work nobody sees (as mypy does, with os._exit). Nothing is left to do at
    that point: reports and cache entries are written and closed, pools joined; the atexit
    hooks that would run (logging's flush, multiprocessing's join of children, blis and
    certifi freeing their own) have nothing to do. Where the output cannot be flushed (a
    closed pipe) or coverage is measuring the run, Python exits as it always does."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None
    if "coverage" in sys.modules:
        raise SystemExit(code)
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    previous = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        return _main(argv)
    finally:
        gc.set_threshold(*previous)  # a caller in the same process (tests) keeps its own


def _main(argv: list[str] | None) -> int:
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
