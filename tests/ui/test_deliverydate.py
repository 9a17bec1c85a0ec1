"""The Posteingangsdatum dialog: today by default, an earlier day only with a reason and within the
configured days, and what it returns is what the store accepts for a new batch."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialogButtonBox

from station.store import Store
from ui.deliverydate import DeliveryDateDialog

TODAY = date(2026, 12, 7)


def _ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_today_needs_no_reason(qtbot, settings):
    dialog = DeliveryDateDialog(settings, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.chosen_day() == TODAY and _ok(dialog).isEnabled() and not dialog.reason.isEnabled()
    assert _ok(dialog).text() == "Stapel beginnen"
    assert dialog.delivery() == (TODAY, None)


def test_an_earlier_day_asks_for_a_reason_in_german_and_stays_within_the_limit(qtbot, settings):
    settings.max_delivery_backdate_days = 5
    dialog = DeliveryDateDialog(settings, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.date_edit.setDate(QDate(2026, 12, 4))
    assert not _ok(dialog).isEnabled() and dialog.reason.isEnabled()
    assert "Begründung" in dialog.message.text()
    qtbot.keyClicks(dialog.reason, "Post vom Freitag")
    assert _ok(dialog).isEnabled() and dialog.message.text() == ""
    assert dialog.delivery() == (date(2026, 12, 4), "Post vom Freitag")
    dialog.date_edit.setDate(QDate(2026, 11, 1))  # before the limit: the editor stops at the earliest day
    assert dialog.chosen_day() == TODAY - timedelta(days=5)
    dialog.date_edit.setDate(QDate(2026, 12, 24))  # no future dates
    assert dialog.chosen_day() == TODAY


def test_what_the_dialog_returns_starts_a_batch_dated_that_day(qtbot, settings):
    from station.store.delivery import mailroom_today

    dialog = DeliveryDateDialog(settings)
    qtbot.addWidget(dialog)
    dialog.date_edit.setDate(dialog.date_edit.date().addDays(-1))
    qtbot.keyClicks(dialog.reason, "Nachlieferung Poststelle")
    day, reason = dialog.delivery()
    with Store.open(settings) as store:
        batch = store.create_batch(delivery_date=day, delivery_reason=reason)
        assert store.delivery_date(batch) == mailroom_today() - timedelta(days=1)


def test_the_desk_view_data_carries_the_delivery_date_and_the_tracking_number(settings):
    import numpy as np

    from station.store import DocumentPlan
    from station.store.delivery import mailroom_today
    from ui import backend

    yesterday = mailroom_today() - timedelta(days=1)
    with Store.open(settings) as store:
        batch = store.create_batch(delivery_date=yesterday, delivery_reason="Post vom Vortag")
        img = np.full((120, 90), 255, np.uint8)
        img[10:20, 10:80] = 0
        page = store.add_page(batch, img)
        (doc,) = store.set_documents(batch, [DocumentPlan([page])])
        store.mark_registered(doc, tracking_number="RR123456785DE")
        item = backend.load_batch(store, batch)
    assert item.delivery_date == yesterday and item.delivery_reason == "Post vom Vortag"
    assert item.documents[0].delivery_date == yesterday
    assert item.documents[0].registered and item.documents[0].tracking_number == "RR123456785DE"
