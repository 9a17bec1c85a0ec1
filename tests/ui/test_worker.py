"""The worker helper runs core functions off the UI thread and reports back in the UI thread."""

from __future__ import annotations

import threading
import time

import numpy as np
from PySide6.QtCore import QTimer

from station.errors import ScannerError
from station.progress import ProgressEvent
from ui.worker import Task, run_task


def counting(n: int, progress, cancel):
    """A core-style generator: reports progress, honours the cancel token, yields items."""
    for i in range(n):
        cancel.raise_if_cancelled()
        time.sleep(0.01)
        progress(ProgressEvent("scan", i + 1, n))
        yield i


def test_items_and_progress_arrive_in_order_in_the_ui_thread(qtbot):
    ui_thread = threading.get_ident()
    seen: list[tuple[str, int, bool]] = []
    task = Task(counting, 3)
    task.yielded.connect(lambda i: seen.append(("item", i, threading.get_ident() == ui_thread)))
    task.progress.connect(lambda e: seen.append(("progress", e.done, threading.get_ident() == ui_thread)))
    with qtbot.waitSignal(task.done, timeout=5000):
        task.start()
    assert [s[:2] for s in seen if s[0] == "item"] == [("item", 0), ("item", 1), ("item", 2)]
    assert [s[1] for s in seen if s[0] == "progress"] == [1, 2, 3]
    assert all(s[2] for s in seen), "every slot ran in the UI thread"


def test_cancel_stops_a_generator_and_reports_cancelled(qtbot):
    items: list[int] = []
    task = Task(counting, 1000)
    task.yielded.connect(items.append)
    task.yielded.connect(lambda i: task.cancel() if i == 2 else None)
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        task.start()
    qtbot.waitUntil(lambda: not task.running)
    assert 3 <= len(items) < 10


def test_a_core_error_arrives_as_a_value_not_a_crash(qtbot):
    def jam():
        raise ScannerError("Papierstau im Einzug.", "Paper jam in the feeder.", kind="jammed")

    errors: list[BaseException] = []
    with qtbot.waitSignal(run_task(jam, on_error=errors.append).done, timeout=5000):
        pass
    assert isinstance(errors[0], ScannerError) and errors[0].kind == "jammed"


def test_return_value_of_a_plain_function(qtbot):
    results: list[int] = []
    task = run_task(lambda a, b: a + b, 2, 3, on_done=results.append)
    qtbot.waitUntil(lambda: results == [5], timeout=5000)
    assert not task.running


def test_event_loop_answers_within_100ms_while_a_task_computes(qtbot):
    """Heavy numeric work in a worker (numpy releases the GIL) never freezes the screen."""

    def crunch(seconds: float) -> float:
        rng = np.random.default_rng(0)
        end, total = time.perf_counter() + seconds, 0.0
        while time.perf_counter() < end:
            a = rng.random((300, 300))
            total += float((a @ a).sum())
        return total

    gaps: list[float] = []
    busy: list[float] = []  # UI-thread CPU between ticks: our own work, whatever the machine's load
    last = [time.perf_counter(), time.thread_time()]

    def tick() -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        gaps.append(now - last[0])
        busy.append(cpu - last[1])
        last[0], last[1] = now, cpu

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    task = run_task(crunch, 1.0)
    with qtbot.waitSignal(task.done, timeout=10000):
        pass
    timer.stop()
    assert len(gaps) > 20
    assert max(busy) < 0.1, f"the UI thread worked {max(busy) * 1000:.0f} ms at a stretch"
    assert sorted(gaps)[len(gaps) // 2] < 0.1, "the event loop answers within 100 ms"


def test_functions_without_progress_or_cancel_are_called_plainly(qtbot):
    got: list[object] = []
    with qtbot.waitSignal(run_task(lambda x=1: x * 2, on_done=got.append).done, timeout=5000):
        pass
    assert got == [2]


def test_emitting_keeps_the_interpreters_reference_counts_whole(qtbot):
    """PySide6 6.12.0 drops a reference of True on every Python-side emit; a desk emits
    thousands per hour, and CPython 3.11 aborts when True's count reaches zero."""
    import sys

    from PySide6.QtCore import QObject, Signal

    from ui.qtcompat import emit

    class Source(QObject):
        ping = Signal(object)

    source = Source()
    received: list[int] = []
    source.ping.connect(received.append)
    before = sys.getrefcount(True)
    for i in range(2000):
        emit(source.ping, i)
    assert len(received) == 2000
    assert abs(sys.getrefcount(True) - before) < 50

    task = Task(counting, 200)
    before = sys.getrefcount(True)
    with qtbot.waitSignal(task.done, timeout=20000):
        task.start()
    assert abs(sys.getrefcount(True) - before) < 50


def test_the_qt_binding_keeps_reference_counts_of_none_whole(qapp):
    """PySide6 6.12.0 dropped a reference to None on every void call (setText, show, ...): a desk
    would abort with "deallocating None" within minutes. pyproject pins a binding without it."""
    import sys

    from PySide6.QtWidgets import QLabel

    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
        qapp.processEvents()
    assert sys.getrefcount(None) - before > -50
