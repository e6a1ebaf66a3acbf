"""What a command has to say, as data: text for stdout or stderr, in order, and a report
file to write; the CLI prints and writes it. Also the exit codes every command returns.

A report may be ``Streamed``: text made a piece at a time as the CLI writes it (a
reporter's ``pieces``), so that a report of many findings is never held whole."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Callable, Iterable, Iterator, Union

from lintmed.report.escape import terminal_message

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3


class Streamed:
    """Text made a piece at a time, each time it is read (``make()`` gives the pieces): a
    report written as it is rendered. ``str()`` gives it whole."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[], Iterable[str]]):
        self._make = make

    def __iter__(self) -> Iterator[str]:
        return iter(self._make())

    def __str__(self) -> str:
        return "".join(self)

    def __add__(self, tail: str) -> Streamed:
        return Streamed(lambda: chain(self, (tail,)))


Text = Union[str, Streamed]


def chunks(text: Text, size: int = 1 << 16) -> Iterator[str]:
    """``text`` in strings of about ``size`` characters or more (whole pieces, joined; a
    str as it is): what is written at a time."""
    if isinstance(text, str):
        yield text
        return
    run: list[str] = []
    held = 0
    for piece in text:
        run.append(piece)
        held += len(piece)
        if held >= size:
            yield "".join(run)
            run.clear()
            held = 0
    if run:
        yield "".join(run)


@dataclass(frozen=True)
class Said:
    """Text as printed (its newline included), on stdout or, with ``err``, stderr."""

    text: Text
    err: bool = False


@dataclass(frozen=True)
class ReportFile:
    """The report, for the file ``--output-file`` names."""

    path: str
    text: Text


Item = Union[Said, ReportFile]


def notice_line(message: str) -> str:
    """A notice as stderr shows it: ``lintmed: ...`` (names in it may hold anything)."""
    return f"lintmed: {terminal_message(message)}\n"


class Output:
    """The items of a command's output, in the order they arose."""

    def __init__(self) -> None:
        self.items: list[Item] = []

    def out(self, text: Text) -> None:
        if text:
            self.items.append(Said(text))

    def err(self, text: Text) -> None:
        if text:
            self.items.append(Said(text, err=True))

    def notice(self, message: str) -> None:
        self.err(notice_line(message))

    def notices(self, messages: Iterable[str]) -> None:
        for message in messages:
            self.notice(message)

    def report(self, path: str, text: Text) -> None:
        self.items.append(ReportFile(path, text))


def joined(items: Iterable[Item], err: bool) -> str:
    """All that ``items`` print on stdout (or, with ``err``, stderr)."""
    return "".join(str(item.text) for item in items if isinstance(item, Said) and item.err == err)
