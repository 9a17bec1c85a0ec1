"""A re-route in the inbox goes back to the desk that scanned the letter as training data:
fetched idempotently through the central store, recorded there, and only by its own station."""

from __future__ import annotations

from station.classify.train import corrections_from_central
from station.inbox import queries
from station.inbox.db import Database
from station.sync.corrections import fetch_corrections, label_for

from .conftest import BILLING, CANCEL, mail_batch

TEXT = "Hiermit widerspreche ich Ihrer Rechnung vom 3. November und bitte um Korrektur."


def _reroute(site, doc_id: str, new_type: str | None) -> str:
    db = Database(site.web_dsn, min_size=1, max_size=1)
    db.open()
    try:
        with site.admin() as conn:
            role = conn.execute("SELECT role_name FROM central.departments WHERE department = %s", (CANCEL,)).fetchone()[0]
        with db.as_role(role) as conn:
            return queries.reroute(conn, doc_id, BILLING, "ist eine Rechnungsfrage", "kim", new_type)
    finally:
        db.close()


def _read(site, doc_id: str, text: str) -> None:
    """What OCR left in the local store for the letter's pages."""
    with site.store.tx() as conn:
        conn.execute("UPDATE pages SET ocr_text = ? WHERE document_id = ?", (text, doc_id))


def test_a_reroute_is_fetched_once_as_training_data_and_recorded(site):
    doc = site.docs[CANCEL][0]
    _read(site, doc, TEXT)
    correction = _reroute(site, doc, "rechnung_reklamation")
    assert correction
    first = fetch_corrections(site.settings, site.store)
    assert [(c.id, c.document_id, c.doc_type, c.old_doc_type) for c in first] == [
        (correction, doc, "rechnung_reklamation", "kuendigung")]
    assert first[0].text == TEXT
    assert fetch_corrections(site.settings, site.store) == first  # idempotent
    with site.admin() as conn:
        assert conn.execute("SELECT correction_id::text, station_id FROM central.correction_fetches").fetchall() == [
            (correction, "desk-a")]
    samples = corrections_from_central(site.settings)
    assert [(s.text, s.label) for s in samples] == [(TEXT, "rechnung_reklamation")]


def test_another_station_does_not_get_this_desks_corrections(site, central, tmp_path):
    doc = site.docs[CANCEL][0]
    _read(site, doc, TEXT)
    assert _reroute(site, doc, "rechnung_reklamation")
    from station.store import Store
    from sync.conftest import station_settings

    other = station_settings(central, "desk-b")
    other.data_dir = str(tmp_path / "desk-b")  # its own local store
    store = Store.open(other)
    try:
        mail_batch(store, [("kuendigung", CANCEL, {})])
        assert fetch_corrections(other, store) == []
        with central.connect_as(other.central) as conn:  # RLS, not the missing text, keeps it out
            assert conn.execute("SELECT count(*) FROM central.corrections").fetchone()[0] == 0
        with central.connect_as(site.settings.central) as conn:
            assert conn.execute("SELECT count(*) FROM central.corrections").fetchone()[0] == 1
    finally:
        store.close()


def test_the_label_is_the_target_departments_only_type_or_none():
    assert label_for(None, "Rechnungsklärung") == "rechnung_reklamation"
    assert label_for(None, "Vertragsmanagement") is None  # two types there: the clerk must say which
    assert label_for("widerruf", "Vertragsmanagement") == "widerruf"
