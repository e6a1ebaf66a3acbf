"""Errors that the CLI turns into one line on stderr and exit code 2."""
from __future__ import annotations


class LintmedError(Exception):
    """A user-facing error: bad input, bad rules or config. Never a bug."""

    # Notices a run had gathered but not yet said when it stopped (lintmed.check):
    # the CLI says them before the error, in order.
    notices: tuple[str, ...] = ()

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
