"""Finding a page file by its hash: every suffix, never a temp file, and without listing its folder."""

from __future__ import annotations

import hashlib
import os

from station.store.blobs import BlobStore, find_digest_file


def _digest(n: int) -> str:
    return hashlib.sha256(str(n).encode()).hexdigest()


def test_a_page_file_is_found_whatever_its_suffix(tmp_path):
    for n, suffix in enumerate((".png", ".tif", ".jp2", "")):
        (tmp_path / (_digest(n) + suffix)).write_bytes(b"x")
        assert find_digest_file(tmp_path, _digest(n)) == tmp_path / (_digest(n) + suffix)


def test_a_temp_file_or_a_missing_folder_is_no_page(tmp_path):
    (tmp_path / f"{_digest(1)}.tif.4711.1.tmp").write_bytes(b"half")
    assert find_digest_file(tmp_path, _digest(1)) is None
    assert find_digest_file(tmp_path / "gone", _digest(1)) is None


def test_finding_a_page_file_does_not_list_its_folder(tmp_path, monkeypatch):
    """A shard folder holds thousands of page files after a few months: reading a page must not
    walk them all (a glob per hash did, for every page read)."""
    blobs = BlobStore(tmp_path / "pages")
    digests = [blobs.put(f"page {n}".encode())[0] for n in range(50)]
    listed = []
    real_scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path=".": listed.append(path) or real_scandir(path))
    assert all(blobs.read(d).startswith(b"page") for d in digests)
    assert listed == []
