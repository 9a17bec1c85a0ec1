"""The inbox over HTTP (Starlette's TestClient) against a real PostgreSQL: sign-in, CSRF, rate limit,
and that the database alone decides what a clerk sees."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from station.inbox.app import create_app

from .conftest import BILLING, CANCEL


@pytest.fixture
def app(site):
    with TestClient(create_app(site.web_dsn), base_url="https://testserver") as client:
        yield client


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def sign_in(client, user: str, password: str):
    form = client.get("/login")
    return client.post("/login", data={"username": user, "password": password, "csrf": csrf_of(form.text)},
                       follow_redirects=False)


def test_each_department_sees_only_its_own_documents(site, app):
    assert sign_in(app, "kim", site.passwords["kim"]).status_code == 303
    page = app.get("/").text
    for doc_id in site.docs[CANCEL]:
        assert doc_id in page
    assert site.docs[BILLING][0] not in page
    assert app.get(f"/doc/{site.docs[BILLING][0]}").status_code == 404
    assert app.get(f"/doc/{site.docs[BILLING][0]}/page/0").status_code == 404
    assert app.get(f"/doc/{site.docs[CANCEL][0]}").status_code == 200
    assert app.get(f"/doc/{site.docs[CANCEL][0]}/page/0").headers["content-type"] == "image/png"


def test_session_cookie_is_secure_httponly_strict(site, app):
    response = sign_in(app, "kim", site.passwords["kim"])
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "secure" in cookie and "samesite=strict" in cookie


def test_wrong_password_refused_and_audited(site, app):
    assert sign_in(app, "kim", "wrong").status_code == 401
    assert app.get("/", follow_redirects=False).status_code == 303
    with site.admin() as conn:
        assert conn.execute("SELECT action FROM central.inbox_events WHERE username = 'kim'").fetchall() == [("signin_failed",)]


def test_signin_is_rate_limited_per_user_and_address(site, app):
    for _ in range(5):
        assert sign_in(app, "kim", "wrong").status_code == 401
    assert sign_in(app, "kim", site.passwords["kim"]).status_code == 429
    assert sign_in(app, "ben", site.passwords["ben"]).status_code == 303


def test_forged_post_without_csrf_token_is_refused(site, app):
    sign_in(app, "kim", site.passwords["kim"])
    doc = site.docs[CANCEL][0]
    assert app.post(f"/doc/{doc}/take", data={}, follow_redirects=False).status_code == 403
    assert app.post(f"/doc/{doc}/take", data={"csrf": "x" * 43}, follow_redirects=False).status_code == 403
    assert app.post("/login", data={"username": "kim", "password": site.passwords["kim"]}).status_code == 403
    with site.admin() as conn:
        assert conn.execute("SELECT taken_at FROM central.routing WHERE document_id = %s", (doc,)).fetchone()[0] is None


def test_take_done_and_reroute_are_done_as_the_department_and_audited(site, app):
    sign_in(app, "kim", site.passwords["kim"])
    first, second = site.docs[CANCEL]
    token = csrf_of(app.get(f"/doc/{first}").text)
    assert app.post(f"/doc/{first}/take", data={"csrf": token}, follow_redirects=False).status_code == 303
    assert app.post(f"/doc/{first}/done", data={"csrf": token}, follow_redirects=False).status_code == 303
    assert first not in app.get("/").text
    # re-route needs a reason
    assert app.post(f"/doc/{second}/reroute", data={"csrf": token, "target": BILLING, "reason": " "}).status_code == 400
    with site.admin() as listener:
        listener.execute("LISTEN documents_ready")  # every role may listen: the payload is the id alone
        r = app.post(f"/doc/{second}/reroute", data={"csrf": token, "target": BILLING, "reason": "Rechnungsfrage",
                                                     "new_type": "rechnung_reklamation"}, follow_redirects=False)
        assert r.status_code == 303
        [note] = list(listener.notifies(timeout=5, stop_after=1))
    assert note.payload == second
    assert app.get(f"/doc/{second}").status_code == 404  # gone from Kündigungen
    with site.admin() as conn:
        assert conn.execute("SELECT done_by, department FROM central.routing WHERE document_id = %s",
                            (first,)).fetchone() == ("kim", CANCEL)
        assert conn.execute("SELECT from_department, to_department, old_doc_type, new_doc_type, reason"
                            " FROM central.corrections WHERE document_id = %s", (second,)).fetchall() == [
            (CANCEL, BILLING, "kuendigung", "rechnung_reklamation", "Rechnungsfrage")]
        actions = [r[0] for r in conn.execute("SELECT action FROM central.inbox_events WHERE username = 'kim'"
                                              " AND document_id IS NOT NULL AND action <> 'view' ORDER BY id")]
        assert actions == ["take", "done", "reroute"]
    app.cookies.clear()
    sign_in(app, "ben", site.passwords["ben"])
    assert second in app.get("/").text
    assert "Rechnungsfrage" in app.get(f"/doc/{second}").text


def test_search_by_customer_number_iban_phone_and_day(site, app):
    sign_in(app, "kim", site.passwords["kim"])
    first, second = site.docs[CANCEL]
    by_customer = app.get("/rows", params={"q": "4711002"}).text
    assert second in by_customer and first not in by_customer
    by_iban = app.get("/rows", params={"q": "DE89 3704 0044 0532 0130 00"}).text
    assert first in by_iban and second not in by_iban
    by_phone = app.get("/rows", params={"q": "030 123456"}).text
    assert second in by_phone and first not in by_phone
    assert site.docs[BILLING][0] not in app.get("/rows", params={"q": "4711003"}).text


def test_receipt_pdf_from_the_central_copy(site, app):
    sign_in(app, "kim", site.passwords["kim"])
    r = app.get(f"/doc/{site.docs[CANCEL][0]}/receipt.pdf")
    assert r.status_code == 200, r.text
    assert r.content.startswith(b"%PDF")
    assert app.get(f"/doc/{site.docs[BILLING][0]}/receipt.pdf").status_code == 404


def test_reroute_to_an_unknown_department_is_refused_by_the_database(site, app):
    sign_in(app, "kim", site.passwords["kim"])
    doc = site.docs[CANCEL][0]
    token = csrf_of(app.get(f"/doc/{doc}").text)
    r = app.post(f"/doc/{doc}/reroute", data={"csrf": token, "target": "Nirgendwo", "reason": "Test"})
    assert r.status_code == 400
    with site.admin() as conn:
        assert conn.execute("SELECT department FROM central.routing WHERE document_id = %s", (doc,)).fetchone()[0] == CANCEL
        assert conn.execute("SELECT count(*) FROM central.corrections").fetchone()[0] == 0


def test_the_login_role_alone_sees_nothing_and_a_pooled_connection_drops_the_role(site):
    import psycopg

    from station.inbox.db import Database

    with psycopg.connect(site.web_dsn, autocommit=True) as conn:
        for table in ("documents", "routing", "clerks", "inbox_sessions"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT 1 FROM central.{table} LIMIT 1")
    db = Database(site.web_dsn, min_size=1, max_size=1)
    db.open()
    try:
        with db.as_role("dept_kuendigungen") as conn:
            assert conn.execute("SELECT current_user").fetchone()[0] == "dept_kuendigungen"
            assert conn.execute("SELECT count(*) FROM central.routing").fetchone()[0] == 2
        with db.pool.connection() as conn:  # the same (only) connection, back from the pool
            assert conn.execute("SELECT current_user").fetchone()[0] == "inbox_web"
    finally:
        db.close()


def test_german_by_default_english_on_request(site, app):
    assert "Anmelden" in app.get("/login").text
    sign_in(app, "kim", site.passwords["kim"])
    assert "Kündigung: <b>2</b>" in app.get("/").text
    app.get("/lang/en")
    page = app.get("/").text
    assert "Cancellation: <b>2</b>" in page and "Sign out" in page
    assert "Document not found" in app.get(f"/doc/{site.docs[BILLING][0]}").text


def test_receipt_is_refused_when_the_central_copy_was_altered(site, app):
    doc = site.docs[CANCEL][0]
    with site.admin() as conn:
        conn.execute("UPDATE central.pages SET content = content || '\\x00'::bytea, size = size + 1"
                     " WHERE document_id = %s", (doc,))
    sign_in(app, "kim", site.passwords["kim"])
    r = app.get(f"/doc/{doc}/receipt.pdf")
    assert r.status_code == 409
    assert "Keine Eingangsbestätigung" in r.text
