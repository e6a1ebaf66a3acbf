"""``lintmed init``: a commented starter .lintmed.yaml in a folder."""
from __future__ import annotations

from pathlib import Path

from lintmed.workflow.config import write_starter


def run(folder: Path, force: bool = False) -> str:
    """Write the starter config in ``folder`` (ConfigError if one exists, unless ``force``);
    returns what to say."""
    target = write_starter(folder, force)
    return f"wrote {target.name}; edit it, then run `lintmed check`\n"
