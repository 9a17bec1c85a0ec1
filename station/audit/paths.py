"""Where the local store keeps its database and page files, as the audit commands find them.

Uses the store's own ``store_paths`` (no opening: ``Store.open`` migrates and recovers, and a
verifier must not change what it checks).
"""

from __future__ import annotations

from pathlib import Path

from station.config import Settings


def local_store_paths(settings: Settings) -> tuple[Path, Path]:
    """(database file, page file directory) of this station's local store."""
    from station.store.local import store_paths

    return store_paths(settings)
