"""Reporters, one module per output format, each with
``render(findings, files_checked, ruleset, options) -> str``."""
from __future__ import annotations

import importlib
from typing import Protocol


class Reporter(Protocol):
    def render(self, findings, files_checked: int, ruleset, options: dict) -> str: ...


FORMATS = {"text": "text", "json": "json", "sarif": "sarif", "github": "github", "junit": "junit",
           "rdjson": "rdjson", "html": "html", "markdown": "markdown"}


def get_reporter(name: str) -> Reporter:
    return importlib.import_module(f"lintmed.report.{FORMATS[name]}")
