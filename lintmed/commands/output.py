"""What a command has to say, as data: text for stdout or stderr, in order, and a report
file to write; the CLI prints and writes it. Also the exit codes every command returns."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Union

from lintmed.report.escape import terminal_message

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3


@dataclass(frozen=True)
class Said:
    """Text as printed (its newline included), on stdout or, with ``err``, stderr."""

    text: str
    err: bool = False


@dataclass(frozen=True)
class ReportFile:
    """The report, for the file ``--output-file`` names."""

    path: str
    text: str


Item = Union[Said, ReportFile]


def notice_line(message: str) -> str:
    """A notice as stderr shows it: ``lintmed: ...`` (names in it may hold anything)."""
    return f"lintmed: {terminal_message(message)}\n"


class Output:
    """The items of a command's output, in the order they arose."""

    def __init__(self) -> None:
        self.items: list[Item] = []

    def out(self, text: str) -> None:
        if text:
            self.items.append(Said(text))

    def err(self, text: str) -> None:
        if text:
            self.items.append(Said(text, err=True))

    def notice(self, message: str) -> None:
        self.err(notice_line(message))

    def notices(self, messages: Iterable[str]) -> None:
        for message in messages:
            self.notice(message)

    def report(self, path: str, text: str) -> None:
        self.items.append(ReportFile(path, text))


def joined(items: Iterable[Item], err: bool) -> str:
    """All that ``items`` print on stdout (or, with ``err``, stderr)."""
    return "".join(item.text for item in items if isinstance(item, Said) and item.err == err)
