"""Text from files (their names and contents) made safe to print.

A file name is bytes: one that is not UTF-8 reaches Python with "surrogate escapes"
that no report can encode. A name or a line of copy may also hold control characters:
an escape sequence that recolours or clears the terminal, a line break that starts a
new line which a CI log reads as a command (GitHub's ``::error ...``, ``##[...]``), or a
bidirectional override that shows text in another order than it is stored.

- ``display_path``: for every format, each byte of a name that is not UTF-8 as
  ``\\xNN`` (JSON, SARIF, JUnit and the others then escape the rest by their own rules).
- ``terminal_path``: for the text report and lintmed's messages: also control and
  invisible format characters as ``\\xNN`` / ``\\uNNNN``, and never a name that opens a
  line with a CI command.
- ``terminal_text``: a file's copy, one character for one (so that the ``^^^`` marker
  stays under its claim): control and invisible format characters become U+FFFD.
"""
from __future__ import annotations

import re

# C0 controls but tab, DEL, C1 controls, bidi embeddings/overrides/isolates, the marks,
# and line/paragraph separators: none has a place in a line of terminal output.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_CONTROL_BUT_BREAKS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_SURROGATE = re.compile("[\udc80-\udcff]")  # a byte that was not UTF-8 (surrogateescape)
_ANY_SURROGATE = re.compile("[\ud800-\udfff]")
# "##[warning]" or "##vso[task...]" anywhere in a line: the runners' legacy command syntax.
_LEGACY_COMMAND = re.compile(r"#(?=#[A-Za-z]*\[)")
REPLACEMENT = "\ufffd"
_SHARP = "\uff03"  # FULLWIDTH NUMBER SIGN: looks like "#", is not one


def display_path(path: str) -> str:
    """``path`` with every byte that was not UTF-8 shown as ``\\xNN``."""
    if not _ANY_SURROGATE.search(path):
        return path
    path = _SURROGATE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", path)
    return _ANY_SURROGATE.sub(REPLACEMENT, path)  # a lone surrogate from elsewhere


def _escape_char(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_path(path: str, keep_line_breaks: bool = False) -> str:
    """``path`` as the text report and lintmed's messages print it (see the module).
    ``keep_line_breaks``: for a format that escapes CR and LF its own way (github)."""
    control = _CONTROL_BUT_BREAKS if keep_line_breaks else _CONTROL
    path = control.sub(lambda m: _escape_char(m.group()), display_path(path))
    path = _LEGACY_COMMAND.sub(_SHARP, path)
    return "./" + path if path.startswith(":") else path  # never "::command" at a line's start


def terminal_text(text: str, keep_line_breaks: bool = False) -> str:
    """A file's text for the terminal, one character for one (see the module)."""
    text = (_CONTROL_BUT_BREAKS if keep_line_breaks else _CONTROL).sub(REPLACEMENT, text)
    text = _ANY_SURROGATE.sub(REPLACEMENT, text)
    return _LEGACY_COMMAND.sub(_SHARP, text)


def terminal_message(message: str) -> str:
    """A message of lintmed's that may quote names or text: made printable, not aligned."""
    text = _CONTROL.sub(lambda m: _escape_char(m.group()), display_path(message))
    return _LEGACY_COMMAND.sub(_SHARP, text)
