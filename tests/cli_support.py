"""What the CLI tests share: a run's result, files written into a test's folder, and the
rule file of our own that tests of mechanisms use (the fixtures are in conftest.py)."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import NamedTuple

# The summary line that ends every run (lintmed.report.summary).
SUMMARY = re.compile(r"^(?:Found \d+ claims? \(|\d+ files? checked)")

# A rule file of our own, for tests of mechanisms rather than of the default rules.
TEST_RULES = """\
rules:
  - id: test-cures-arthritis
    category: cure-claim
    severity: error
    message: Test rule for cure claims about arthritis.
    why: A rule written for the CLI tests.
    references: ["Test reference 1"]
    match:
      phrases: [cures arthritis]
    context: {negated: suppress, question: suppress, reported: suppress, hedged: keep}
    fix:
      safety: unsafe
      replacements: ["is being studied for arthritis"]
    examples:
      flag: [Our stem cell therapy cures arthritis.]
      pass: [Our stem cell therapy does not cure arthritis.]
  - id: test-ozone-sauna
    category: testimonial
    severity: warning
    message: Test rule for the ozone sauna.
    why: Another rule written for the CLI tests.
    references: ["Test reference 2"]
    match:
      phrases: [ozone sauna]
    examples:
      flag: [Try our ozone sauna.]
      pass: [Try our cedar sauna.]
"""
TEST_IDS = ("test-cures-arthritis", "test-ozone-sauna")


class Result(NamedTuple):
    """One run of ``lintmed.cli.main``: exit code, stdout, stderr."""

    code: int
    out: str
    err: str

    @property
    def json(self):
        return json.loads(self.out)

    @property
    def notices(self) -> list[str]:
        """stderr's lines but the run's summary line (which machine formats put there)."""
        return [line for line in self.err.splitlines() if line.strip() and not SUMMARY.match(line)]

    @property
    def summary(self) -> str:
        """The run's one-line summary: the last line of stdout (text) or of stderr (other formats)."""
        [line] = [line for line in (self.out + self.err).splitlines() if SUMMARY.match(line)]
        return line

    def error_line(self) -> str:
        """The one-line message an error must produce (and nothing else on stderr but the summary)."""
        lines = self.notices
        assert len(lines) == 1, f"expected one line on stderr, got: {self.err!r}"
        assert "Traceback" not in self.err
        return lines[0]


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
