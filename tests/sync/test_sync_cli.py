"""The ``station central`` and ``station sync`` commands: thin layers over the same functions."""

from __future__ import annotations

import os
import stat

from station.cli import main
from station.store import Store

from .conftest import assert_central_matches_local, closed_batch


def test_an_admin_sets_up_the_central_and_a_desk_syncs_with_the_cli(pg_server, tmp_path, capsys, monkeypatch):
    dsn = pg_server.create_database("central_cli")
    assert main(["central", "--dsn", dsn, "migrate"]) == 0
    from station.sync.schema import migrations

    assert f"Schema auf Stand {migrations()[-1].version:03d}" in capsys.readouterr().out
    assert main(["central", "--dsn", dsn, "migrate"]) == 0
    assert "jetzt eingespielt: nichts" in capsys.readouterr().out
    pw = tmp_path / "desk.pw"
    assert main(["central", "--dsn", dsn, "add-station", "desk-cli", "--password-file", str(pw)]) == 0
    assert stat.S_IMODE(os.stat(pw).st_mode) == 0o600
    assert main(["central", "--dsn", dsn, "add-department", "inkasso", "--password-file", str(tmp_path / "d.pw")]) == 0

    config = tmp_path / "config.toml"
    config.write_text(
        'station_id = "desk-cli"\n[central]\n'
        f'host = "127.0.0.1"\nport = {pg_server.port}\ndbname = "central_cli"\nuser = "station_desk-cli"\n'
        f'password_file = "{pw}"\nsslmode = "disable"\n'
    )
    monkeypatch.setenv("STATION_CONFIG", str(config))
    from station.config import load_settings

    settings = load_settings()
    with Store.open(settings) as store:
        closed_batch(store, docs=2, pages=1, department="inkasso")
    assert main(["sync", "status"]) == 0
    assert "1 Stapel warten auf Übertragung" in capsys.readouterr().out
    assert main(["sync"]) == 0
    assert "1 Stapel übertragen (2 Dokumente, 2 Seiten)" in capsys.readouterr().out
    assert main(["sync", "status"]) == 0
    assert "Alles übertragen." in capsys.readouterr().out

    class _Central:  # the admin view for the shared checker
        admin_dsn = dsn

        def admin(self):
            import psycopg

            return psycopg.connect(dsn, autocommit=True)

    with Store.open(settings) as store:
        assert assert_central_matches_local(_Central(), store) == 1


def test_a_sync_that_cannot_reach_the_central_exits_with_a_german_message(tmp_path, capsys, monkeypatch):
    pw = tmp_path / "pw"
    pw.write_text("x\n")
    pw.chmod(0o644)
    config = tmp_path / "config.toml"
    config.write_text(f'[central]\nhost = "127.0.0.1"\nport = 1\nuser = "station_x"\npassword_file = "{pw}"\nsslmode = "disable"\n')
    monkeypatch.setenv("STATION_CONFIG", str(config))
    assert main(["sync"]) == 2
    assert "für andere lesbar (Rechte 0644)" in capsys.readouterr().err
    pw.chmod(0o600)
    assert main(["sync"]) == 2
    assert "ist nicht erreichbar" in capsys.readouterr().err
