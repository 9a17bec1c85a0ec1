"""Pages are durable the moment they leave the scanner; buttons start batches."""

from __future__ import annotations

import errno
import os
import stat
import threading

import pytest

from station.capture.buttons import ButtonWatcher, wait_for_button
from station.capture.durable import write_durably
from station.capture.session import BatchScan, DirectorySink
from station.capture.virtual_source import VirtualSource
from station.config import Settings
from station.errors import ConfigError, ScannerError, StoreError
from station.progress import CancelToken, Cancelled


def test_pages_are_private_files_with_their_resolution(small_stack, profile, tmp_path):
    events = []
    batch = BatchScan(VirtualSource(small_stack), profile(source="ADF Front", mode="Lineart"),
                      DirectorySink(tmp_path / "out"), progress=events.append)
    pages = batch.run()
    assert len(pages) == 5 and [e.done for e in events] == [1, 2, 3, 4, 5]
    assert stat.S_IMODE(os.stat(tmp_path / "out").st_mode) == 0o700
    from PIL import Image

    for page in pages:
        assert stat.S_IMODE(os.stat(page.path).st_mode) == 0o600
        with Image.open(page.path) as im:
            assert im.mode == "1" and round(im.info["dpi"][0]) == 100
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_full_disk_is_a_clear_error_and_leaves_no_half_file(tmp_path, monkeypatch):
    def no_space(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", no_space)
    with pytest.raises(StoreError) as err:
        write_durably(tmp_path / "p.png", b"x" * 10)
    assert "Datenträger voll" in err.value.operator_message()
    assert list(tmp_path.iterdir()) == []


class FlakyDisk(DirectorySink):
    """A folder whose disk is full exactly once, at the Nth page."""

    def __init__(self, out_dir, full_at: int) -> None:
        super().__init__(out_dir)
        self.full_at = full_at

    def accept(self, raw, seq):
        if seq == self.full_at:
            self.full_at = -1
            raise StoreError("Datenträger voll", "Disk full")
        return super().accept(raw, seq)


def test_page_read_while_the_disk_was_full_is_saved_when_the_batch_continues(small_stack, profile, tmp_path):
    batch = BatchScan(VirtualSource(small_stack), profile(source="ADF Duplex"), FlakyDisk(tmp_path / "out", 3))
    with pytest.raises(StoreError):
        batch.run()
    assert len(batch.pages) == 3 and batch.pending  # read from the scanner, kept in memory
    assert batch.pages[-1].path.name == "page-00002-sheet0001-front.png"
    batch.run()
    assert [(p.sheet, p.side) for p in batch.pages] == [(s, side) for s in range(5) for side in ("front", "back")]


def test_cancel_stops_after_the_current_sheet_and_keeps_it(small_stack, profile, tmp_path):
    cancel = CancelToken()
    source = VirtualSource(small_stack)
    scan = source.scan

    def operator_presses_esc_during_the_second_sheet(*args, **kwargs):
        for n, page in enumerate(scan(*args, **kwargs), 1):
            if n == 3:
                cancel.cancel()
            yield page

    source.scan = operator_presses_esc_during_the_second_sheet
    batch = BatchScan(source, profile(source="ADF Duplex"), DirectorySink(tmp_path / "o"), cancel=cancel)
    assert [(p.sheet, p.side) for p in batch.run()] == [(0, "front"), (0, "back"), (1, "front"), (1, "back")]


def test_a_pressed_button_starts_its_profile(small_stack):
    settings = Settings(buttons={"scan": "Briefe s/w duplex", "email": "Farbe einseitig"})
    src = VirtualSource(small_stack)
    threading.Timer(0.05, src.press, args=("email",)).start()
    button, prof = wait_for_button(src, settings, timeout_s=5, interval_s=0.01)
    assert button == "email" and prof.name == "Farbe einseitig" and prof.mode == "Color"


def test_a_button_file_presses_the_virtual_button(small_stack, tmp_path):
    settings = Settings(buttons={"file": "Briefe grau duplex"})
    src = VirtualSource(small_stack, button_dir=tmp_path / "buttons")
    (tmp_path / "buttons").mkdir()
    (tmp_path / "buttons" / "file").touch()
    assert wait_for_button(src, settings, timeout_s=2, interval_s=0.01)[0] == "file"
    assert not (tmp_path / "buttons" / "file").exists()


def test_unmapped_buttons_are_ignored_and_waiting_can_be_cancelled(small_stack):
    settings = Settings(buttons={"scan": "Briefe s/w duplex"})
    src = VirtualSource(small_stack)
    src.press("email")
    with pytest.raises(TimeoutError):
        wait_for_button(src, settings, timeout_s=0.05, interval_s=0.01)
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        wait_for_button(src, settings, cancel=cancel)


def test_button_mapped_to_a_missing_profile_fails_before_waiting(small_stack):
    with pytest.raises(ConfigError) as err:
        wait_for_button(VirtualSource(small_stack), Settings(buttons={"scan": "Gibt es nicht"}), timeout_s=0)
    assert "Gibt es nicht" in err.value.operator_message()


class HeldButton:
    """A sensor that reads 'pressed' for as long as it is held down, like a real scanner's."""

    def __init__(self, readings):
        self.readings = iter(readings)

    def poll_buttons(self):
        return next(self.readings)


def test_a_held_button_counts_once():
    watcher = ButtonWatcher(HeldButton([{"scan"}, {"scan"}, {"scan"}, set(), {"scan"}]))
    assert [watcher.presses() for _ in range(5)] == [{"scan"}, set(), set(), set(), {"scan"}]


def test_virtual_scanner_has_only_its_own_buttons(small_stack):
    with pytest.raises(ScannerError):
        VirtualSource(small_stack).press("copy")
