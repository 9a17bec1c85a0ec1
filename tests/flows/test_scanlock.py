"""A scan job's lock file says "being scanned" only while a live process holds it; a scan killed
after its batch was finished leaves the file behind, and recovery sweeps it."""

from __future__ import annotations

import multiprocessing

from station.flows.scanlock import ScanLock, being_scanned, sweep_scan_locks


def _hold_and_die(root: str, batch_id: str, ready) -> None:  # noqa: ANN001 - a child process
    from pathlib import Path

    ScanLock(Path(root), batch_id)
    ready.set()
    import os

    os._exit(0)  # killed: the lock file stays, its lock goes with the process


def test_a_dead_scans_lock_file_is_swept_and_a_live_one_is_kept(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Event()
    child = ctx.Process(target=_hold_and_die, args=(str(tmp_path), "dead", ready))
    child.start()
    child.join(30)
    assert (tmp_path / "work" / "dead.scanning").exists()
    assert not being_scanned(tmp_path, "dead")
    live = ScanLock(tmp_path, "live")
    assert sweep_scan_locks(tmp_path) == ["dead"]
    assert not (tmp_path / "work" / "dead.scanning").exists()
    assert being_scanned(tmp_path, "live")
    live.release()
    assert not being_scanned(tmp_path, "live")
