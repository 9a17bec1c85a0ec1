"""Which batches are being scanned right now, by any process on this desk.

A scan job holds an advisory lock (``flock``) on ``<store>/work/<batch>.scanning`` from its first
sheet until the batch is finished or the job is dropped; the kernel lets go of it when the process
dies. So "stranded" means "in capture, and nobody holds its lock": a restart's recovery, or
``station batches --resume`` run beside a scan, never finishes a batch whose jam dialog is open.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from station.config import ensure_private_dir


def _path(store_root: Path, batch_id: str) -> Path:
    return ensure_private_dir(store_root / "work") / f"{batch_id}.scanning"


class ScanLock:
    """Held while a batch is being scanned (``release`` when it is finished or given up)."""

    def __init__(self, store_root: Path, batch_id: str) -> None:
        self.path = _path(store_root, batch_id)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self._file: IO[bytes] | None = os.fdopen(fd, "r+b")
            try:
                fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError: someone scans it
            except BlockingIOError:
                self._file.close()
                raise
            # a sweep may have removed the file between open and flock: lock the file that is there
            try:
                if os.stat(self.path).st_ino == os.fstat(fd).st_ino:
                    return
            except FileNotFoundError:
                pass
            self._file.close()

    def release(self) -> None:
        if self._file is not None:
            self.path.unlink(missing_ok=True)
            self._file.close()  # closing lets go of the lock
            self._file = None


def being_scanned(store_root: Path, batch_id: str) -> bool:
    """Whether a live process holds the batch's scan lock."""
    path = store_root / "work" / f"{batch_id}.scanning"
    if not path.exists():
        return False
    try:
        with open(path, "rb") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except FileNotFoundError:
        return False
    return False


def forget_scan_lock(store_root: Path, batch_id: str) -> None:
    """Remove the lock file a dead scan left (its batch has been finished)."""
    if not being_scanned(store_root, batch_id):
        (store_root / "work" / f"{batch_id}.scanning").unlink(missing_ok=True)


def sweep_scan_locks(store_root: Path) -> list[str]:
    """Remove every lock file no live process holds (a scan killed after its batch was finished
    leaves one behind); returns the batch ids whose files went."""
    gone = []
    for path in (store_root / "work").glob("*.scanning"):
        batch_id = path.name.removesuffix(".scanning")
        if not being_scanned(store_root, batch_id):
            path.unlink(missing_ok=True)
            gone.append(batch_id)
    return gone


__all__ = ["ScanLock", "being_scanned", "forget_scan_lock", "sweep_scan_locks"]
