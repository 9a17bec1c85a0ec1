"""Content-addressed page files: the bytes of every page image, named by their SHA-256.

A page has "reached the disk" once its file is renamed into place: it is written to a temp file,
fsynced, renamed atomically and the directory fsynced, all BEFORE the database row that names it
commits. Identical bytes share one file, so a page added twice (a replay after a crash) costs no
space. Directories are 0700 and files 0600: page images are personal data.
"""

from __future__ import annotations

import errno
import hashlib
import os
import threading
from pathlib import Path

from station.config import ensure_private_dir
from station.errors import StoreError

# Magic numbers of the formats a page file may hold, so readers can pick a decoder by suffix.
_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"II*\x00", ".tif"),
    (b"MM\x00*", ".tif"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"%PDF", ".pdf"),
    (b"P5", ".pgm"),
    (b"P6", ".ppm"),
    (b"P4", ".pbm"),
]
# Every suffix a page file may carry, the common ones first ("" last: a file named by its hash alone).
SUFFIXES = (*dict.fromkeys(suffix for _, suffix in _MAGIC), ".bin", "")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def suffix_for(data: bytes) -> str:
    """The file suffix for encoded image bytes (``.bin`` if the format is unknown)."""
    for magic, suffix in _MAGIC:
        if data.startswith(magic):
            return suffix
    return ".bin"


def find_digest_file(folder: Path | str, digest: str) -> Path | None:
    """The file named ``digest`` (whatever its suffix) in ``folder``, or None.

    Probes the usual suffixes with plain stat calls and lists the folder only for anything else.
    A shard folder holds thousands of page files after a few months (3.5 million documents a year
    over 256 folders), and ``folder.glob(f"{digest}.*")`` lists all of them for every page read; it
    also leaves a compiled pattern per digest in pathlib's and re's caches."""
    stem = os.path.join(folder, digest)
    for suffix in SUFFIXES:
        if os.path.isfile(stem + suffix):
            return Path(stem + suffix)
    prefix = digest + "."
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(prefix) and not entry.name.endswith(".tmp") and entry.is_file():
                    return Path(entry.path)
    except (FileNotFoundError, NotADirectoryError):
        pass
    return None


def fsync_dir(path: Path) -> None:
    """Make a rename or unlink in ``path`` durable (POSIX needs the directory itself fsynced)."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def disk_error(exc: OSError, what: str) -> StoreError:
    """Map an OS error while writing to an operator message that says what to do."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return StoreError(
            "Der Datenträger der Scanstation ist voll. Es wurde nichts verloren: bitte Speicher "
            "freigeben (alte Stapel exportieren und löschen) und den Vorgang wiederholen.",
            "The station's disk is full. Nothing was lost: free some space (export and purge old "
            "batches) and try again.",
            detail=f"{what}: {exc}",
        )
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StoreError(
            "Der Speicher der Scanstation ist schreibgeschützt oder nicht zugänglich. Bitte die IT verständigen.",
            "The station's storage is read-only or not accessible. Please call IT.",
            detail=f"{what}: {exc}",
        )
    return StoreError(
        "Speichern auf der Scanstation fehlgeschlagen. Bitte den Vorgang wiederholen oder die IT verständigen.",
        "Writing to the station's storage failed. Please retry or call IT.",
        detail=f"{what}: {exc}",
    )


def write_synced(path: Path, data: bytes, tmp: Path) -> None:
    """Write via ``tmp`` (0600), fsync, rename into ``path``, fsync the directory.

    Raises the ``OSError`` as it is (callers word it for their operator) and leaves no temp file.
    """
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def write_durable(path: Path, data: bytes, tmp_dir: Path) -> None:
    """Write ``data`` to ``path`` so that after return it survives a power cut, never half-written."""
    tmp = tmp_dir / f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        write_synced(path, data, tmp)
    except OSError as exc:
        raise disk_error(exc, str(path)) from exc


class BlobStore:
    """Page files under ``root/ab/abcdef….png``; a temp dir on the same file system for renames."""

    def __init__(self, root: Path) -> None:
        self.root = ensure_private_dir(root)
        self.tmp = ensure_private_dir(root / "tmp")

    def path_for(self, digest: str, suffix: str) -> Path:
        return self.root / digest[:2] / f"{digest}{suffix}"

    def put(self, data: bytes) -> tuple[str, Path]:
        """Store ``data`` durably; returns (sha256 hex, path). Existing identical files are kept."""
        digest = sha256_hex(data)
        path = self.path_for(digest, suffix_for(data))
        if path.exists() and path.stat().st_size == len(data):
            return digest, path
        try:
            new_dir = not path.parent.exists()
            ensure_private_dir(path.parent)
            if new_dir:
                fsync_dir(self.root)
        except OSError as exc:
            raise disk_error(exc, str(path.parent)) from exc
        write_durable(path, data, self.tmp)
        return digest, path

    def find(self, digest: str) -> Path | None:
        """The file holding ``digest`` (whatever its suffix), or None if it is gone."""
        return find_digest_file(self.root / digest[:2], digest)

    def read(self, digest: str) -> bytes:
        path = self.find(digest)
        if path is None:
            raise StoreError(
                f"Die Bilddatei einer Seite fehlt im Speicher ({digest[:12]}…).",
                f"A page's image file is missing from the store ({digest[:12]}…).",
            )
        return path.read_bytes()

    def remove(self, digest: str) -> bool:
        path = self.find(digest)
        if path is None:
            return False
        path.unlink()
        return True

    def clean_temp(self) -> int:
        """Delete temp files left by a killed writer: they never reached the disk as pages."""
        count = 0
        for leftover in self.tmp.glob("*.tmp"):
            leftover.unlink(missing_ok=True)
            count += 1
        return count
