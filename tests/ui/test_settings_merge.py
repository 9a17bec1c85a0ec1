"""Saving the settings edits the operator's file: keys the dialog does not show stay, the admin's
/etc values are not copied into it, admin-locked parts are read-only, the CA certificate has a field."""

from __future__ import annotations

import tomllib

import pytest

import station.config
from station.config import load_settings
from ui.settingsdialog import SettingsDialog
from ui.settingsfile import user_config_path


@pytest.fixture
def etc(tmp_path, monkeypatch):
    """An admin's /etc file (the suite points SYSTEM_CONFIG at a file of the test's own)."""
    path = tmp_path / "etc-config.toml"
    monkeypatch.setattr(station.config, "SYSTEM_CONFIG", path)
    return path


def dialog_for(qtbot):
    settings = load_settings()
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    return settings, dialog


def test_keys_the_dialog_does_not_show_survive_a_save(qtbot):
    path = user_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('# my station\nstation_id = "desk-7"\nown_ibans = ["DE89370400440532013000"]\n'
                    'retention_days = 30\n\n[central]\nwarn_unsynced_age_min = 15.0\n', encoding="utf-8")
    _settings, dialog = dialog_for(qtbot)
    dialog.blank.setValue(70)
    dialog.save()
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert text.startswith("# my station"), "the operator's comments stay"
    assert data["station_id"] == "desk-7" and data["retention_days"] == 30
    assert data["own_ibans"] == ["DE89370400440532013000"]
    assert data["central"] == {"warn_unsynced_age_min": 15.0}, "an unchanged central table is left alone"
    assert data["blank_sensitivity"] == 0.7
    assert set(data) == {"station_id", "own_ibans", "retention_days", "central", "blank_sensitivity"}


def test_the_admins_values_are_not_frozen_into_the_operators_file(qtbot, etc):
    etc.write_text('hotfolder = "/srv/fax"\n[central]\nhost = "zentrale.intern"\nport = 6432\n', encoding="utf-8")
    settings, dialog = dialog_for(qtbot)
    assert settings.central.host == "zentrale.intern"
    dialog.language.setCurrentIndex(dialog.language.findData("de"))
    dialog.c_user.setText("station7")
    dialog.save()
    data = tomllib.loads(user_config_path().read_text(encoding="utf-8"))
    assert data == {"central": {"user": "station7"}}, "only what the operator changed"
    etc.write_text('hotfolder = "/srv/fax-neu"\n[central]\nhost = "zentrale2.intern"\nport = 6432\n', encoding="utf-8")
    again = load_settings()
    assert again.hotfolder == "/srv/fax-neu" and again.central.host == "zentrale2.intern", "the admin still decides"


def test_an_admin_lock_makes_central_and_profiles_read_only(qtbot, etc):
    etc.write_text('locked = ["central", "profiles"]\n[central]\nhost = "zentrale.intern"\n', encoding="utf-8")
    _settings, dialog = dialog_for(qtbot)
    assert not dialog.c_host.isEnabled() and not dialog.c_ca.isEnabled() and not dialog.p_res.isEnabled()
    assert "Administrator" in dialog.central_lock.text()
    assert dialog.test_button.isEnabled(), "the connection can still be tested"
    dialog.c_host.setText("anderswo")  # even if a value got changed, it is not written
    dialog.blank.setValue(20)
    dialog.save()
    data = tomllib.loads(user_config_path().read_text(encoding="utf-8"))
    assert "central" not in data and "profiles" not in data and data["blank_sensitivity"] == 0.2


def test_the_ca_certificate_the_connection_test_asks_for_has_a_field(qtbot, tmp_path):
    _settings, dialog = dialog_for(qtbot)
    dialog.c_host.setText("zentrale.example")
    dialog.c_user.setText("station7")
    dialog.c_ssl.setCurrentText("verify-full")
    dialog.test_connection()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=10_000)
    assert "CA-Zertifikat" in dialog.test_result.text()
    ca = tmp_path / "ca.crt"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    dialog.c_ca.setText(str(ca))
    dialog.save()
    assert load_settings().central.sslrootcert == str(ca)
