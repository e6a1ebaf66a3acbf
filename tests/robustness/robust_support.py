"""Shared by the robustness suite: write small projects, run the CLI as a process (in this
process, the tests use conftest's ``run`` fixture).

Every page here is copy written for these tests."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for the suite's shared helpers

CLAIM = "Our serum cures arthritis in days."  # an error-level claim at "cures" ...
CLAIM_RULE = "disease-treatment-claim"  # ... by this rule
CLEAN = "Our clinic opens at nine and closes at five."
REPO = Path(__file__).resolve().parents[2]


def run_process(cwd: Path, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """``python -m lintmed ARGV`` in ``cwd`` (bytes out), as CI would run it."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "lintmed", *argv], cwd=cwd, capture_output=True,
                          timeout=timeout, env=env)


def lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# File names and copy that try to forge CI commands, clear the terminal, reverse text, or
# break out of HTML and quotes; and a name whose bytes are not UTF-8 (hostile_site).
HOSTILE_NAMES = ["::warning file=x::forged.md", "a\n::error::forged.md", "##[error]forged.md", "tab\tand \x1b[2J.md",
                 "quote\"<b>&amp;'.md", "rtl\u202eolleh.md"]
HOSTILE_COPY = "Our serum cures arthritis \x1b[31mtoday\x1b[0m \u202e and ::error::forged.\n"
NOT_UTF8_NAME = b"bytes\xfe.md"


def hostile_site(folder: Path, copy: str = HOSTILE_COPY) -> Path:
    """``folder`` with a file of ``copy`` under each of HOSTILE_NAMES and NOT_UTF8_NAME."""
    for name in HOSTILE_NAMES:
        write(folder, name, copy)
    with open(os.fsencode(str(folder)) + b"/" + NOT_UTF8_NAME, "w", encoding="utf-8") as fh:
        fh.write(copy)
    return folder


RULE_HEAD = """\
rules:
  - id: house-rule
    category: hype
    severity: warning
    message: A house rule.
    why: Written for the robustness tests.
    references: ["CAP Code (Edition 12) rule 3.1"]
    match:
"""
RULE_TAIL = """\
    examples: {flag: [], pass: []}
"""


def house_rule_file(folder: Path, match_body: str, name: str = "house.yaml") -> Path:
    """A rule file whose one rule matches with ``match_body`` (YAML under ``match:``)."""
    body = "".join(f"      {line}\n" for line in match_body.strip("\n").splitlines())
    return write(folder, name, RULE_HEAD + body + RULE_TAIL)
