"""Page image files on disk against the SHA-256 the audit events recorded for them.

The store keeps page images content-addressed (``<root>/ab/abcdef….png``: the file name is the
hash of its bytes), so a file edited in place still carries its old name: hashing the bytes again
is what catches it. Every page enters the store through a ``received`` event, so walking those
events visits every page file once, without holding millions of hashes in memory.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from station.audit.report import Problem
from station.store.blobs import find_digest_file


def sha256_file(path: Path) -> str:
    """Stream the file so a 50 MB colour scan never sits in memory twice."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def find_blob(root: Path, digest: str) -> Path | None:
    """The file named by ``digest`` under ``root`` (sharded by its first two hex digits, or flat)."""
    return find_digest_file(Path(root, digest[:2]), digest) or find_digest_file(root, digest)


def hash_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (str, bytes)):
        value = json.loads(value)
    return [str(h) for h in value]


def check_received_pages(
    received: Iterable[Mapping[str, Any]],
    root: Path,
    purged: Iterable[Mapping[str, Any]],
    counts: dict[str, int],
) -> Iterator[Problem]:
    """Each page a ``received`` event names must be on disk with exactly those bytes.

    A page of a batch that a ``purged`` event names (or a hash it lists) may be gone: retention
    removed it on purpose, and the purge itself is in the chain.
    """
    purged_batches, purged_hashes = set(), set()
    for row in purged:
        if row.get("batch_id"):
            purged_batches.add(str(row["batch_id"]))
        purged_hashes.update(hash_list(row.get("page_hashes")))
    for row in received:
        for h in hash_list(row.get("page_hashes")):
            path = find_blob(root, h)
            if path is None:
                if h not in purged_hashes and str(row.get("batch_id")) not in purged_batches:
                    yield page_problem(row, h, "page_missing",
                                       f"Die Seitendatei {h[:16]}… fehlt auf der Platte.",
                                       f"The page file {h[:16]}… is missing from disk.")
                continue
            counts["pages"] = counts.get("pages", 0) + 1
            actual = sha256_file(path)
            if actual != h:
                yield page_problem(row, h, "page_altered",
                                   f"Die Seitendatei {path.name} wurde verändert: ihr SHA-256 ist {actual[:16]}…, "
                                   f"das Ereignis nennt {h[:16]}….",
                                   f"The page file {path.name} was altered: its SHA-256 is {actual[:16]}…, "
                                   f"the event names {h[:16]}….",
                                   found=actual)


def page_problem(row: Mapping[str, Any], h: str, what: str, de: str, en: str, found: Any = None) -> Problem:
    return Problem(
        what=what,
        message_de=f"Ereignis Nr. {row.get('seq')} ({row.get('kind')}): {de}",
        message_en=f"Event #{row.get('seq')} ({row.get('kind')}): {en}",
        seq=row.get("seq"),
        kind=row.get("kind"),
        event_id=row.get("id"),
        station_id=row.get("station_id"),
        document_id=row.get("document_id"),
        expected=h,
        found=found,
    )
