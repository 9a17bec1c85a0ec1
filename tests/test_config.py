"""Settings come from TOML files in a fixed order; a typo is an error, not a silent default."""

import stat

import pytest

from station.config import ensure_private_dir, load_settings
from station.errors import ConfigError


def test_defaults_work_without_any_file(tmp_path):
    settings = load_settings()
    assert settings.scanner == "virtual"
    assert settings.profile_named("Briefe s/w duplex").source == "ADF Duplex"
    assert str(settings.data_path) == str(tmp_path / "station-data")


def test_user_file_overrides_defaults(tmp_path, monkeypatch):
    cfg = tmp_path / "c.toml"
    cfg.write_text('station_id = "desk-7"\n[central]\nhost = "db.example"\nport = 6543\n', encoding="utf-8")
    monkeypatch.setenv("STATION_CONFIG", str(cfg))
    settings = load_settings()
    assert settings.station_id == "desk-7"
    assert settings.central.host == "db.example" and settings.central.port == 6543


def test_unknown_key_is_rejected_in_german(tmp_path, monkeypatch):
    cfg = tmp_path / "c.toml"
    cfg.write_text('stationid = "x"\n', encoding="utf-8")
    monkeypatch.setenv("STATION_CONFIG", str(cfg))
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert "Unbekannte Einstellung" in err.value.operator_message()
    assert "Unknown setting" in err.value.operator_message("en")


def test_broken_toml_names_the_file(tmp_path, monkeypatch):
    cfg = tmp_path / "c.toml"
    cfg.write_text("station_id = \n", encoding="utf-8")
    monkeypatch.setenv("STATION_CONFIG", str(cfg))
    with pytest.raises(ConfigError, match="c.toml"):
        load_settings()


def test_unknown_profile_is_a_config_error():
    with pytest.raises(ConfigError):
        load_settings().profile_named("Gibt es nicht")


def test_private_dir_is_0700(tmp_path):
    d = ensure_private_dir(tmp_path / "a" / "b")
    assert stat.S_IMODE(d.stat().st_mode) == 0o700


def test_an_admin_lock_holds_against_the_operators_own_file(tmp_path, monkeypatch, caplog):
    import station.config

    etc = tmp_path / "etc.toml"
    etc.write_text('locked = ["central"]\n[central]\nhost = "zentrale.intern"\n', encoding="utf-8")
    monkeypatch.setattr(station.config, "SYSTEM_CONFIG", etc)
    mine = tmp_path / "mine.toml"
    mine.write_text('locked = []\nstation_id = "desk-7"\n[central]\nhost = "elsewhere.example"\n', encoding="utf-8")
    monkeypatch.setenv("STATION_CONFIG", str(mine))
    settings = load_settings()
    assert settings.central.host == "zentrale.intern", "a locked part keeps the admin's value"
    assert settings.station_id == "desk-7", "what is not locked still comes from the operator's file"
    assert settings.locked == ["central"], "an operator cannot lift the lock"
    assert "central" in caplog.text and "elsewhere" not in caplog.text
