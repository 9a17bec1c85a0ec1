"""Columns other parts may add to the central rows (a delivery date, a tracking number) are used when
they are there: the queue orders by the delivery date, the search finds the tracking number. And the
department's view of the station audit trail holds only its own documents' events."""

from __future__ import annotations

from starlette.testclient import TestClient

from station.inbox.app import create_app

from .conftest import BILLING, CANCEL
from .test_http import sign_in


def test_delivery_date_orders_the_queue_and_tracking_number_is_searchable(site):
    first, second = site.docs[CANCEL]
    with site.admin() as conn:
        conn.execute("ALTER TABLE central.documents ADD COLUMN IF NOT EXISTS delivery_date date,"
                     " ADD COLUMN IF NOT EXISTS tracking_number text")
        conn.execute("UPDATE central.documents SET delivery_date = '2026-11-02', tracking_number = 'RR123456785DE'"
                     " WHERE id = %s", (second,))
        conn.execute("UPDATE central.documents SET delivery_date = '2026-11-05' WHERE id = %s", (first,))
    with TestClient(create_app(site.web_dsn), base_url="https://testserver") as app:
        sign_in(app, "kim", site.passwords["kim"])
        page = app.get("/").text
        assert page.index(second) < page.index(first)  # delivered earlier, listed first
        assert "02.11.2026" in page
        found = app.get("/rows", params={"q": "RR 123456785 DE"}).text
        assert second in found and first not in found
        assert "Sendungsnummer" in app.get("/").text


def test_a_department_reads_only_its_own_documents_audit_events(site):
    with site.admin() as conn:
        role = conn.execute("SELECT role_name FROM central.departments WHERE department = %s", (CANCEL,)).fetchone()[0]
        conn.execute(f"SET ROLE {role}")
        seen = {r[0] for r in conn.execute("SELECT document_id::text FROM central.audit_events WHERE document_id IS NOT NULL")}
        received = conn.execute("SELECT count(*) FROM central.audit_events WHERE kind = 'received'").fetchone()[0]
        conn.execute("RESET ROLE")
        all_received = conn.execute("SELECT count(*) FROM central.audit_events WHERE kind = 'received'").fetchone()[0]
    assert seen == set(site.docs[CANCEL])
    assert site.docs[BILLING][0] not in seen
    assert received == 2 and all_received == 3  # one page per letter: the billing letter's page stays hidden


def test_column_names_are_recognised_by_their_stem_and_type():
    from station.inbox.db import _pick

    cols = {"id": "uuid", "delivery_note": "text", "postal_delivery_day": "date", "dhl_tracking_code": "text"}
    assert _pick(cols, ("delivery_date",), "deliver", ("date", "timestamp")) == "postal_delivery_day"
    assert _pick(cols, ("tracking_number",), "tracking", ("text", "character")) == "dhl_tracking_code"
    assert _pick({"id": "uuid"}, ("tracking_number",), "tracking", ("text",)) is None
