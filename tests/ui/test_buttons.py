"""The scanner's own buttons start a scan from the desk application: a worker polls them while
the scanner is idle (never the UI thread), lets go of the device while scanning, and polls
again afterwards. Real parts: the virtual scanner's button folder, SANE's ``test`` backend."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from station.capture import open_source
from station.config import ScanProfile, load_settings
from station.errors import ScannerError
from station.synth.render import render_text_page


@pytest.fixture
def settings(tmp_path):
    stack = tmp_path / "stack"
    stack.mkdir()
    letter = "Sehr geehrte Damen und Herren,\nhiermit kündige ich meinen Vertrag.\nKundennummer 1234567897"
    render_text_page(letter, dpi=200).save(stack / "01.png", dpi=(200, 200))
    settings = load_settings()
    settings.virtual_scanner_dir = str(stack)
    settings.profiles.append(ScanProfile(name="Test grau", source="ADF Front", mode="Gray", resolution=200))
    settings.buttons = {"email": "Test grau"}
    settings.workers = 1
    return settings


def press(settings, button: str) -> None:
    """What a demo does from a shell: a file named after the button in the scanner's button folder."""
    folder = Path(settings.data_path) / "virtual-scanner" / "buttons"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / button).touch()


def test_a_mapped_button_on_the_virtual_scanner_scans_with_its_profile(window, settings, qtbot):
    assert window.start_screen.buttons_hint.text() == "Oder am Scanner drücken – Taste „email“: Test grau"
    qtbot.waitUntil(lambda: window.buttons.running, timeout=5000)  # watched while idle, in a worker
    arrived = []
    window.session.pageArrived.connect(arrived.append)
    press(settings, "email")
    qtbot.waitUntil(lambda: len(arrived) == 1, timeout=20_000)
    assert window.profile_box.currentText() == "Test grau"
    assert window.batch is not None and window.batch.profile == "Test grau"
    assert window.stack.currentIndex() == 1
    # not polled while the scan runs; polled again once the feeder is empty
    qtbot.waitUntil(lambda: not window.session.scanning, timeout=20_000)
    qtbot.waitUntil(lambda: window.buttons.running, timeout=5000)
    qtbot.waitUntil(lambda: window.batch.state == "to_validate", timeout=60_000)  # processed, separated


def test_an_unmapped_button_is_ignored(window, settings, qtbot):
    qtbot.waitUntil(lambda: window.buttons.running, timeout=5000)
    press(settings, "file")
    folder = Path(settings.data_path) / "virtual-scanner" / "buttons"
    qtbot.waitUntil(lambda: not (folder / "file").exists(), timeout=5000)  # read by the watch
    qtbot.wait(300)  # a mapped press would have started a scan within a poll or two
    assert window.batch is None and window.buttons.running


@pytest.fixture
def sane_settings(settings):
    settings.scanner = "test:0"
    settings.profiles.append(ScanProfile(name="Test SANE", source="ADF Front", mode="Gray", resolution=50,
                                         page_size="80x100"))
    settings.buttons = {"bool-hard-select-soft-detect": "Test SANE"}
    settings.profile = "Test SANE"
    return settings


def test_a_sane_scanner_is_polled_while_idle_and_released_for_the_scan(qtbot, sane_settings, monkeypatch):
    from ui.app import build_window
    from conftest import drain
    import station.capture.buttons as buttons

    polling = threading.Event()
    poll = buttons.wait_for_button

    def polling_now(*args, **kwargs):
        polling.set()  # the watch's worker has opened the device
        return poll(*args, **kwargs)

    monkeypatch.setattr(buttons, "wait_for_button", polling_now)
    window = build_window(sane_settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        # keys go to the active window, and a window shown right after another closed becomes
        # active a moment later
        qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=5_000)
        qtbot.waitUntil(lambda: window.buttons.running and polling.is_set(), timeout=10_000)
        # the watch holds the real device open: a second opener is refused as busy (asked until then:
        # the watch may start over once, when the scanner list arrives from its worker)
        refusals: list[str] = []

        def refused() -> bool:
            try:
                open_source(sane_settings, "test:0").close()
            except ScannerError as err:
                refusals.append(err.kind)
                return True
            return False

        qtbot.waitUntil(refused, timeout=10_000)
        assert refusals == ["busy"]
        arrived = []
        window.session.pageArrived.connect(arrived.append)
        qtbot.keyClick(window, Qt.Key.Key_F5)  # F5 stops the watch first, then scans
        qtbot.waitUntil(lambda: len(arrived) == 10, timeout=30_000)  # the test backend's feeder holds 10
        assert window.problem_box is None
        qtbot.waitUntil(lambda: not window.session.scanning and window.buttons.running, timeout=20_000)
        qtbot.waitUntil(lambda: window.batch.state == "to_validate", timeout=60_000)
    finally:
        window.close()
        drain()


def _flaky_open(monkeypatch, fail_times: int) -> list[int]:
    """``ui.scanning.wait_for_button`` as a device that refuses its first ``fail_times`` opens."""
    import ui.scanning as scanning

    calls: list[int] = []

    def opening(settings, device, cancel=None):
        calls.append(1)
        if len(calls) <= fail_times:
            raise ScannerError("Der Scanner ist belegt.", "The scanner is busy.", kind="busy")
        return "email", "Test grau"

    monkeypatch.setattr(scanning, "wait_for_button", opening)
    return calls


def test_a_scanner_refusing_its_first_open_is_tried_again_soon_without_alarming_the_operator(
        qtbot, settings, monkeypatch):
    from ui.buttonwatch import ButtonWatch

    calls = _flaky_open(monkeypatch, fail_times=1)
    watch = ButtonWatch(settings)
    problems: list = []
    watch.problem.connect(problems.append)
    with qtbot.waitSignal(watch.pressed, timeout=5_000) as pressed:  # well before the 10 s retry
        watch.watch("test:0")
    assert pressed.args == ["email", "Test grau"]
    assert len(calls) == 2 and problems == []
    watch.shutdown()


def test_a_scanner_that_keeps_refusing_is_reported_once(qtbot, settings, monkeypatch):
    from ui.buttonwatch import ButtonWatch

    calls = _flaky_open(monkeypatch, fail_times=10)
    watch = ButtonWatch(settings)
    problems: list = []
    watch.problem.connect(problems.append)
    with qtbot.waitSignal(watch.problem, timeout=5_000):
        watch.watch("test:0")
    assert len(calls) == 2  # the quick retry failed too: now the operator hears of it
    assert problems[0].kind == "busy"
    watch.shutdown()
