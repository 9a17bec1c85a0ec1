"""The inbox in a real browser: Debian's chromium driven by Playwright, against the server started
here on 127.0.0.1 over a real PostgreSQL. What a clerk sees and does, clicked."""

from __future__ import annotations

import shutil
import threading
import time

import pytest

from pgserver import free_port

from .conftest import BILLING, CANCEL

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def server(site):
    import uvicorn

    from station.inbox.app import create_app

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(site.web_dsn), host="127.0.0.1", port=port, log_level="warning",
                                       timeout_graceful_shutdown=1))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


def signed_in(browser, base: str, user: str, password: str):
    page = browser.new_context(base_url=base).new_page()
    page.set_default_timeout(10_000)
    page.goto("/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    return page


def test_two_departments_each_see_only_their_own_mail(site, server, browser):
    kim = signed_in(browser, server, "kim", site.passwords["kim"])
    ben = signed_in(browser, server, "ben", site.passwords["ben"])
    kim_rows = kim.locator("tr[data-doc]").evaluate_all("rows => rows.map(r => r.dataset.doc)")
    ben_rows = ben.locator("tr[data-doc]").evaluate_all("rows => rows.map(r => r.dataset.doc)")
    assert sorted(kim_rows) == sorted(site.docs[CANCEL])
    assert ben_rows == site.docs[BILLING]
    assert "Kündigung: 2" in kim.locator(".counts").inner_text()
    assert kim.locator(".deadline").count() == 2  # cancellations carry their deadline


def test_a_clerk_cannot_open_another_departments_document_by_url(site, server, browser):
    ben = signed_in(browser, server, "ben", site.passwords["ben"])
    response = ben.goto(f"/doc/{site.docs[CANCEL][0]}")
    assert response.status == 404
    assert "nicht gefunden" in ben.content()
    assert ben.request.get(f"/doc/{site.docs[CANCEL][0]}/page/0").status == 404
    assert ben.request.get(f"/doc/{site.docs[BILLING][0]}/page/0").status == 200


def test_take_done_and_reroute_with_reason(site, server, browser):
    kim = signed_in(browser, server, "kim", site.passwords["kim"])
    first, second = site.docs[CANCEL]
    kim.click(f"tr[data-doc='{first}'] a")
    kim.locator("img.page").first.click()
    assert "zoomed" in kim.locator("img.page").first.get_attribute("class")
    kim.click("#take")
    assert kim.locator("#status").inner_text() == "in Bearbeitung"
    kim.click("#done")
    kim.wait_for_url(server + "/")
    assert kim.locator(f"tr[data-doc='{first}']").count() == 0
    kim.goto(f"/doc/{second}")
    kim.select_option("select[name=target]", BILLING)
    kim.select_option("select[name=new_type]", "rechnung_reklamation")
    kim.fill("input[name=reason]", "Einspruch gegen Rechnung")
    kim.click("#reroute")
    kim.wait_for_url(server + "/")
    assert kim.locator(f"tr[data-doc='{second}']").count() == 0
    ben = signed_in(browser, server, "ben", site.passwords["ben"])
    ben.click(f"tr[data-doc='{second}'] a")
    assert "Einspruch gegen Rechnung" in ben.locator("ol.trail").inner_text()
    assert ben.locator("#doc-type").inner_text() == "Rechnungsreklamation"


def test_new_mail_appears_without_reload(site, server, browser):
    kim = signed_in(browser, server, "kim", site.passwords["kim"])
    kim.wait_for_selector("body[data-live=on]")
    kim.evaluate("window.__same_page = true")
    [new] = site.mail([("kuendigung", CANCEL, {"customer_number": "4711009"})], seed=7)
    kim.wait_for_selector(f"tr[data-doc='{new}']", timeout=15_000)
    assert kim.evaluate("window.__same_page") is True  # the rows came in; the page was not reloaded
    assert "Kündigung: 3" in kim.locator(".counts").inner_text()


def test_a_forged_form_without_csrf_token_is_refused(site, server, browser):
    kim = signed_in(browser, server, "kim", site.passwords["kim"])
    doc = site.docs[CANCEL][0]
    with kim.expect_response(lambda r: r.url.endswith(f"/doc/{doc}/take")) as info:  # a form without the token
        kim.evaluate("""doc => { const f = document.createElement('form'); f.method = 'post';
                                 f.action = '/doc/' + doc + '/take'; document.body.appendChild(f); f.submit(); }""", doc)
    assert info.value.status == 403
    with site.admin() as conn:
        assert conn.execute("SELECT taken_at FROM central.routing WHERE document_id = %s", (doc,)).fetchone()[0] is None
