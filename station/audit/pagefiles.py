"""Page image files on disk against the SHA-256 the audit events recorded for them.

The store keeps page images content-addressed (the file name is the hash of its bytes), so a
file edited in place still carries its old name: hashing the bytes again is what catches it.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from station.audit.report import Problem

_HEX64 = re.compile(r"^([0-9a-f]{64})")


def sha256_file(path: Path) -> str:
    """Stream the file so a 50 MB colour scan never sits in memory twice."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def index_blobs(blobs_dir: Path | None) -> dict[str, Path]:
    """Map each hash-named file under ``blobs_dir`` (any sharding, any extension) to its path."""
    found: dict[str, Path] = {}
    if blobs_dir is None or not Path(blobs_dir).is_dir():
        return found
    for root, _dirs, files in os.walk(blobs_dir):
        for name in files:
            match = _HEX64.match(name)
            if match and not name.endswith((".tmp", ".part")):
                found.setdefault(match.group(1), Path(root) / name)
    return found


def check_page_files(
    events: Iterable[Mapping[str, Any]],
    blobs: Mapping[str, Path],
    counts: dict[str, int],
    only: set[str] | None = None,
) -> Iterator[Problem]:
    """Every page hash named by an event must exist on disk with exactly those bytes.

    A page whose hash a later ``purged`` event names may be gone: retention removed it on purpose,
    and the purge itself is in the chain.
    """
    first_named: dict[str, Mapping[str, Any]] = {}
    purged: set[str] = set()
    for row in events:
        hashes = _hash_list(row.get("page_hashes"))
        if row.get("kind") == "purged":
            purged.update(hashes)
            continue
        for h in hashes:
            if only is None or h in only:
                first_named.setdefault(h, row)
    seen: dict[str, str] = {}
    for h, row in first_named.items():
        path = blobs.get(h)
        if path is None:
            if h not in purged:
                yield _page_problem(row, h, "page_missing",
                                    f"Die Seitendatei {h[:16]}… fehlt auf der Platte.",
                                    f"The page file {h[:16]}… is missing from disk.")
            continue
        counts["pages"] = counts.get("pages", 0) + 1
        actual = seen.get(h) or sha256_file(path)
        seen[h] = actual
        if actual != h:
            yield _page_problem(row, h, "page_altered",
                                f"Die Seitendatei {path.name} wurde verändert: ihr SHA-256 ist {actual[:16]}…, "
                                f"das Ereignis nennt {h[:16]}….",
                                f"The page file {path.name} was altered: its SHA-256 is {actual[:16]}…, "
                                f"the event names {h[:16]}….",
                                found=actual)


def _hash_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (str, bytes)):
        import json

        value = json.loads(value)
    return [str(h) for h in value]


def _page_problem(row: Mapping[str, Any], h: str, what: str, de: str, en: str, found: Any = None) -> Problem:
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
