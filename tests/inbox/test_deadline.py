"""The cancellation deadline marker: 14 days from the Berlin day of receipt; near (3 days) or past."""

from __future__ import annotations

from datetime import date, datetime, timezone

from station.inbox.queries import deadline_marker


def test_a_cancellation_gets_a_deadline_from_its_berlin_day_of_receipt():
    late_evening = datetime(2026, 11, 30, 23, 30, tzinfo=timezone.utc)  # already 1 December in Berlin
    m = deadline_marker("kuendigung", late_evening, today=date(2026, 12, 1))
    assert m == {"deadline": date(2026, 12, 15), "deadline_state": "ok"}
    assert deadline_marker("kuendigung", late_evening, today=date(2026, 12, 12))["deadline_state"] == "soon"
    assert deadline_marker("kuendigung", late_evening, today=date(2026, 12, 16))["deadline_state"] == "overdue"


def test_other_mail_has_no_deadline():
    assert deadline_marker("rechnung_reklamation", datetime(2026, 11, 30, tzinfo=timezone.utc)) == {
        "deadline": None, "deadline_state": ""}
