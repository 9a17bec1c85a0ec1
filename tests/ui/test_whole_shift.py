"""A whole shift from the operator's hands (issue #16): the real main window, key presses only, the
virtual scanner feeding six letters with printed separator sheets between them (one letter of two
pages, where the operator will split and merge).

F5 scans; a jam after the third sheet opens the fault dialog; Enter continues the same batch; Esc
stops after a sheet and the batch is ready to validate (never left "wird verarbeitet"); F5 asks
once and Enter scans the rest into the same batch; every document is validated by keyboard with
the page on screen checked at each step; S splits the two-page letter (both parts classified and
read afresh), M merges it back; Ctrl+Enter closes; the batch syncs to a real central PostgreSQL.
The same stack through ``station scan``, ``station batches --close`` and ``station sync`` gives the
same documents and types."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from flows.conftest import ADDRESS, BANK, CANCEL, write_stack
from station.cli import main
from station.config import ScanProfile, load_settings
from station.store import Store
from station.sync.worker import sync_once
from sync.conftest import central  # noqa: F401 - the fixture
from test_shift_keyboard import check_screen, press

DPI = 200
REVOKE = ("Sehr geehrte Damen und Herren,\nhiermit widerrufe ich den am 02.11.2026 geschlossenen Vertrag.\n"
          "Kundennummer 3534547090\nMit freundlichen Grüßen\nAnna Weber")
CANCEL_2 = ("Sehr geehrte Damen und Herren,\nhiermit kündige ich meinen Mobilfunkvertrag fristgerecht.\n"
            "Kundennummer 4256643836\nMit freundlichen Grüßen\nKarl Brandt")
# six letters; the third has two pages (a move notice and, without a sheet between, a cancellation)
STACK = [CANCEL, "SEPARATOR", BANK, "SEPARATOR", ADDRESS, CANCEL_2, "SEPARATOR", REVOKE, "SEPARATOR", BANK,
         "SEPARATOR", CANCEL]
LETTERS = 6
JAM_AFTER = 3
CTRL = Qt.KeyboardModifier.ControlModifier


def configure(settings, folder: Path) -> None:
    settings.virtual_scanner_dir = str(write_stack(folder, STACK))
    settings.profiles.append(ScanProfile(name="Test", source="ADF Front", mode="Gray", resolution=DPI))
    settings.profile = "Test"
    settings.workers = 2


@pytest.fixture
def settings(tmp_path, central):  # noqa: F811 - the fixture imported above
    settings = load_settings()
    configure(settings, tmp_path / "stack")
    settings.virtual_scanner_faults = f"jammed@{JAM_AFTER}"
    settings.virtual_scanner_ipm = 60.0  # a sheet a second: time to press Esc mid-stack (one feeder: never changed)
    settings.station_id, settings.operator = "desk-a", "anna"
    settings.central = central.add_station("desk-a")
    return settings


def stored(settings):
    with Store.open(settings) as store:
        return [(b.id, b.state, b.page_count) for b in store.list_batches()]


def active(window, name) -> bool:
    box = getattr(window, name, None)
    return box is not None and box.isVisible() and QApplication.activeWindow() is box


def recent_line(window, qtbot, batch_id: str) -> str:
    """The batch's line in the start screen's list of recent batches, as read from the store now."""
    window.refresh_recent()
    lines: list[str] = []

    def found() -> bool:
        recent = window.start_screen.recent
        lines[:] = [recent.item(n).text() for n in range(recent.count())
                    if recent.item(n).data(Qt.ItemDataRole.UserRole) == batch_id]
        return bool(lines)

    qtbot.waitUntil(found, timeout=5000)
    return lines[0]


def ready(window) -> bool:
    return window.batch is not None and window.batch.separated() and not window.session.scanning


def test_a_whole_shift_by_keyboard_then_sync(window, settings, central, qtbot, tmp_path):  # noqa: F811
    window.start_screen.scan_button.setFocus()
    press(qtbot, Qt.Key.Key_F5)

    # a jam after the third sheet: one batch, the same page count everywhere, nothing separated
    qtbot.waitUntil(lambda: active(window, "problem_box"), timeout=30_000)
    batch_id = window.batch.id
    assert f"{JAM_AFTER} Seiten sind gesichert" in window.problem_box.text()
    assert window.batch.page_count() == JAM_AFTER
    assert window.status.counts.text().startswith(f"{JAM_AFTER} Seiten")
    assert stored(settings) == [(batch_id, "scanning", JAM_AFTER)]
    assert f"{JAM_AFTER} Seiten" in recent_line(window, qtbot, batch_id)
    press(qtbot, Qt.Key.Key_Return)  # "Weiter"
    qtbot.waitUntil(lambda: window.session.scanning, timeout=10_000)
    assert window.batch.id == batch_id and QApplication.activeWindow() is window

    # Esc after the seventh sheet: the batch is finished, separated, ready to validate
    qtbot.waitUntil(lambda: window.batch.page_count() >= 7, timeout=60_000)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: ready(window), timeout=120_000)
    [(_, state, first_pages)] = stored(settings)
    assert state == "to_validate" and 7 <= first_pages < len(STACK)
    assert window.batch.id == batch_id and window.batch.page_count() == first_pages
    assert "wird verarbeitet" not in recent_line(window, qtbot, batch_id)
    first_docs = [d.id for d in window.batch.documents]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.panel.type_box, timeout=5000)

    # F5: into the same batch (Enter on the question), the rest of the stack
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: active(window, "continue_box"), timeout=5000)
    press(qtbot, Qt.Key.Key_Return)  # "In diesen Stapel weiterscannen"
    qtbot.waitUntil(lambda: window.batch.state != "to_validate", timeout=10_000)
    qtbot.waitUntil(lambda: ready(window) and len(window.batch.documents) > len(first_docs), timeout=180_000)
    assert stored(settings) == [(batch_id, "to_validate", len(STACK))], "one stack, one batch, every sheet once"
    batch = window.batch
    assert [d.id for d in batch.documents][:len(first_docs)] == first_docs
    assert len(batch.documents) == LETTERS, "the sheets split the stack into its letters"
    assert all(d.doc_type for d in batch.documents), "every letter is classified"
    types_before = [d.doc_type for d in batch.documents]
    assert window.batch.page_count() == len(STACK)
    assert window.status.counts.text().startswith(f"{len(STACK)} Seiten, {LETTERS} Dokumente")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.panel.type_box, timeout=5000)

    # validate every document by keyboard; on the two-page letter: S, then M
    seen, split_done = [], False
    for step in range(LETTERS):
        check_screen(window, f"document {step + 1}")
        doc = window.doc
        if len(doc.content_pages()) == 2 and not split_done:
            split_done = True
            second = doc.content_pages()[1]
            press(qtbot, Qt.Key.Key_Right, CTRL)
            assert window.view.page_id == second.id and QApplication.focusWidget() is window.panel.type_box
            press(qtbot, Qt.Key.Key_S)
            qtbot.waitUntil(lambda: len(window.batch.documents) == LETTERS + 1, timeout=60_000)
            parts = [d for d in window.batch.documents if {p.id for p in d.pages} & {doc.pages[0].id, second.id}]
            assert len(parts) == 2, "S made two documents of the letter"
            assert [d.doc_type for d in parts] == ["adressaenderung", "kuendigung"], "both parts classified afresh"
            assert parts[1].fields.get("customer_number") == "4256643836", "the second part's fields are read"
            assert window.doc is parts[1] and window.view.page_id == second.id
            assert window.panel.type_box.currentText() == parts[1].type_label
            press(qtbot, Qt.Key.Key_M)
            qtbot.waitUntil(lambda: len(window.batch.documents) == LETTERS, timeout=60_000)
            doc = window.doc
            assert [p.id for p in doc.content_pages()][-1] == second.id, "M merged the parts back"
            assert doc.doc_type, "the merged letter is classified"
            qtbot.waitUntil(lambda: QApplication.focusWidget() is window.panel.type_box, timeout=5000)
            check_screen(window, "after the merge")
        seen.append(doc.id)
        for name in [n for n in window.panel.edits if window.panel.field_error(n)]:
            edit = window.panel.edits[name]  # a reading the checks refuse: the operator empties it
            while QApplication.focusWidget() is not edit:
                press(qtbot, Qt.Key.Key_Tab)
            press(qtbot, Qt.Key.Key_A, CTRL)
            press(qtbot, Qt.Key.Key_Backspace)
        press(qtbot, Qt.Key.Key_Return)
    assert split_done, "the two-page letter was there to split"
    assert len(set(seen)) == LETTERS and window.status.counts.text().endswith("· 0 zu prüfen")

    press(qtbot, Qt.Key.Key_Return, CTRL)  # close the batch
    qtbot.waitUntil(lambda: window.stack.currentIndex() == 0, timeout=20_000)
    assert stored(settings) == [(batch_id, "closed", len(STACK))]

    # sync: the central store holds the batch once, every document and page
    with Store.open(settings) as store:
        report = sync_once(settings, store)
        local = store.load_batch(batch_id)
        assert store.query("SELECT synced_at FROM outbox WHERE batch_id = ?", (batch_id,))[0]["synced_at"], report
    with central.admin() as conn:
        assert conn.execute("SELECT count(*) FROM central.batches WHERE id = %s", (batch_id,)).fetchone()[0] == 1
        docs = conn.execute("SELECT id::text, doc_type, fields FROM central.documents WHERE batch_id = %s"
                            " ORDER BY position", (batch_id,)).fetchall()
        pages = conn.execute("SELECT id::text, sha256, content IS NOT NULL OR reference IS NOT NULL"
                             " FROM central.pages WHERE batch_id = %s", (batch_id,)).fetchall()
        duplicates = conn.execute("SELECT (SELECT count(*) - count(DISTINCT id) FROM central.documents)"
                                  " + (SELECT count(*) - count(DISTINCT id) FROM central.pages)").fetchone()[0]
    assert [(d[0], d[1], d[2]) for d in docs] == [(d.id, d.doc_type, d.fields) for d in local.documents]
    assert len(docs) == LETTERS and duplicates == 0
    assert sorted((p[0], p[1]) for p in pages) == sorted((p.id, p.blob_hash) for d in local.documents for p in d.pages)
    assert all(p[2] for p in pages), "every central page has its image"
    assert [d.doc_type for d in local.documents] == types_before, "split and merge back changed no type"

    # the same stack through the station commands: the same documents and types
    cli_types, cli_pages = through_the_commands(tmp_path, central)
    assert cli_types == types_before
    assert cli_pages == [sorted(p.sheet for p in d.pages) for d in local.documents]


def through_the_commands(tmp_path: Path, central_db) -> tuple[list[str], list[list[int]]]:
    """``station scan`` (Enter at the jam), ``station batches --close``, ``station sync``, in a
    second station's own data directory."""
    import os
    import sys

    station = central_db.add_station("desk-b")
    folder = write_stack(tmp_path / "cli-stack", STACK)
    config = tmp_path / "cli.toml"
    config.write_text(
        f'virtual_scanner_dir = "{folder}"\nvirtual_scanner_faults = "jammed@{JAM_AFTER}"\nprofile = "Test"\n'
        f'workers = 2\nstation_id = "desk-b"\noperator = "bernd"\n'
        f'[[profiles]]\nname = "Test"\nsource = "ADF Front"\nmode = "Gray"\nresolution = {DPI}\n'
        f'[central]\nhost = "{station.host}"\nport = {station.port}\ndbname = "{station.dbname}"\n'
        f'user = "{station.user}"\npassword_file = "{station.password_file}"\nsslmode = "disable"\n')
    env = {"STATION_CONFIG": str(config), "STATION_DATA_DIR": str(tmp_path / "cli-data")}
    saved = {k: os.environ.get(k) for k in env}
    stdin = sys.stdin
    os.environ.update(env)
    try:
        sys.stdin = io.StringIO("\n")  # the operator clears the jam and presses Enter
        sys.stdin.isatty = lambda: True  # type: ignore[method-assign]
        assert main(["scan"]) == 0
        with Store.open(load_settings()) as store:
            [batch] = store.list_batches()
        assert main(["batches", "--close", batch.id, "--force"]) == 0
        assert main(["sync"]) == 0
        with Store.open(load_settings()) as store:
            local = store.load_batch(batch.id)
            assert store.batch_row(batch.id)["state"] == "synced"
    finally:
        sys.stdin = stdin
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    with central_db.admin() as conn:
        central_types = [r[0] for r in conn.execute(
            "SELECT doc_type FROM central.documents WHERE batch_id = %s ORDER BY position", (batch.id,))]
    assert central_types == [d.doc_type for d in local.documents]
    return central_types, [sorted(p.sheet for p in d.pages) for d in local.documents]
