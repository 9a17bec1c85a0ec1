"""Where the local store keeps its database and page files, as the audit commands find them.

Mirrors ``station.store.Store.open(settings)`` (``<data>/store/station.db`` and the page files
under ``<data>/store/pages``) without opening the store: opening migrates and recovers, and a
verifier must not change what it checks.
"""

from __future__ import annotations

from pathlib import Path

from station.config import Settings


def local_store_paths(settings: Settings) -> tuple[Path, Path]:
    """(database file, page file directory) of this station's local store."""
    root = settings.data_path / "store"
    return root / "station.db", root / "pages"
