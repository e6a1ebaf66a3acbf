"""``lintmed clean``: remove lintmed's cache entries (lintmed.storage.cache)."""
from __future__ import annotations

from lintmed.report.escape import terminal_path
from lintmed.storage import cache


def run() -> str:
    """Remove every entry lintmed wrote in its cache folder; returns what to say."""
    folder, removed, freed = cache.clean()
    where = terminal_path(str(folder))
    if not removed:
        return f"no cache entries in {where}\n"
    return f"removed {removed} cache {'entry' if removed == 1 else 'entries'} ({freed / 1e6:.1f} MB) from {where}\n"
