"""``station central add-inbox-login`` / ``add-clerk`` / ``serve --help``: the admin's set-up commands."""

from __future__ import annotations

import os
import re

from starlette.testclient import TestClient

from station.cli import main
from station.inbox.app import create_app


def test_admin_sets_up_the_inbox_login_and_a_clerk_who_can_sign_in(pg_server, tmp_path, capsys):
    dsn = pg_server.create_database("inbox_cli")
    assert main(["central", "--dsn", dsn, "migrate"]) == 0
    assert main(["central", "--dsn", dsn, "add-department", "Kündigungen", "--password-file", str(tmp_path / "d")]) == 0
    web_pw, clerk_pw = tmp_path / "web.pw", tmp_path / "kim.pw"
    assert main(["central", "--dsn", dsn, "add-inbox-login", "--password-file", str(web_pw)]) == 0
    assert main(["central", "--dsn", dsn, "add-clerk", "kim", "Kündigungen", "--password-file", str(clerk_pw)]) == 0
    assert os.stat(web_pw).st_mode & 0o077 == 0 and os.stat(clerk_pw).st_mode & 0o077 == 0
    web_dsn = pg_server.dsn(user="inbox_web", password=web_pw.read_text().strip(), dbname="inbox_cli")
    with TestClient(create_app(web_dsn), base_url="https://testserver") as app:
        token = re.search(r'name="csrf" value="([^"]+)"', app.get("/login").text).group(1)
        r = app.post("/login", data={"username": "kim", "password": clerk_pw.read_text().strip(), "csrf": token},
                     follow_redirects=False)
        assert r.status_code == 303
        assert "Kündigungen" in app.get("/").text


def test_a_clerk_needs_an_existing_department(pg_server, tmp_path, capsys):
    dsn = pg_server.create_database("inbox_cli2")
    assert main(["central", "--dsn", dsn, "migrate"]) == 0
    assert main(["central", "--dsn", dsn, "add-clerk", "kim", "Nirgendwo"]) != 0
    assert "nicht eingerichtet" in capsys.readouterr().err


def test_serve_without_a_connection_says_how_to_give_one(monkeypatch, capsys):
    monkeypatch.delenv("STATION_INBOX_DSN", raising=False)
    assert main(["central", "serve"]) != 0
    assert "STATION_INBOX_DSN" in capsys.readouterr().err
