"""Where the local store keeps its database and page files, as the audit commands find them."""

from __future__ import annotations

from pathlib import Path

from station.config import Settings

DB_NAME = "station.db"
BLOBS_NAME = "blobs"


def local_store_paths(settings: Settings) -> tuple[Path, Path]:
    """(database file, blob directory) of this station's local store."""
    root = settings.data_path
    return root / DB_NAME, root / BLOBS_NAME
