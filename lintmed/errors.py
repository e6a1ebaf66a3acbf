"""Errors that the CLI turns into one line on stderr: exit code 2 for what the user can
fix (``LintmedError``), 3 for a failure inside lintmed (``InternalError``)."""
from __future__ import annotations


class LintmedError(Exception):
    """A user-facing error: bad input, bad rules or config. Never a bug."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class InputError(LintmedError):
    """A file named on the command line cannot be read as text."""


class RulesError(LintmedError):
    """The rule file is malformed."""


class ConfigError(LintmedError):
    """The configuration is malformed."""


class InternalError(Exception):
    """Something failed inside lintmed while it worked on ``path``: a bug or a case it
    does not handle, never a finding. The CLI says it in one line and exits 3, so that
    CI never mistakes a crash for failing content (exit 1)."""

    def __init__(self, path: str | None, cause: str):
        super().__init__(path, cause)  # both in args, so it crosses a process pool intact
        self.path = path
        self.cause = cause

    @classmethod
    def wrap(cls, exc: BaseException, path: str | None = None) -> "InternalError":
        return cls(path, describe(exc))

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}internal error: {self.cause}"


def describe(exc: BaseException, limit: int = 300) -> str:
    """``Type: message`` on one line, cut to ``limit`` characters."""
    text = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."
