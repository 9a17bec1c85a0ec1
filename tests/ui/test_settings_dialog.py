"""The settings dialog writes what the station reads back; "Verbindung testen" answers in German."""

from __future__ import annotations

import os
import stat

from station.config import load_settings
from ui.settingsdialog import SettingsDialog
from ui.settingsfile import user_config_path


def test_saved_settings_are_read_back_by_the_station(qtbot, settings):
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.blank.setValue(70)
    dialog.c_host.setText("zentrale.example")
    dialog.c_port.setValue(6543)
    dialog.hotfolder.setText("/srv/fax/eingang")
    dialog.button_boxes["email"].setCurrentText("Farbe einseitig")
    dialog.profile_list.setCurrentRow(1)
    dialog.p_res.setValue(200)
    dialog.save()

    path = user_config_path()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, "the file names the central login: private"
    again = load_settings()
    assert again.blank_sensitivity == 0.7
    assert again.central.host == "zentrale.example" and again.central.port == 6543
    assert again.hotfolder == "/srv/fax/eingang"
    assert again.buttons == {"scan": "Briefe s/w duplex", "email": "Farbe einseitig"}
    assert again.profiles[1].resolution == 200 and again.profiles[1].name == "Briefe grau duplex"
    assert settings.blank_sensitivity == 0.7, "the running window uses the new values at once"


def test_cancel_changes_nothing(qtbot, settings):
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.blank.setValue(5)
    dialog.reject()
    assert settings.blank_sensitivity == 0.5
    assert not user_config_path().exists()


def test_connection_test_without_server_says_what_is_missing(qtbot, settings):
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.c_host.setText("")
    dialog.test_connection()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=5000)
    assert dialog.test_result.text().startswith("! Kein Server eingetragen")


def test_language_choice_is_saved(qtbot, settings):
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    try:
        dialog.save()
        assert load_settings().language == "en"
    finally:
        from ui.i18n import apply_language

        apply_language("de")


def test_connection_test_to_a_server_that_is_not_there(qtbot, settings):
    """A real connection attempt (nothing listens on the port): the sync part's German reason."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.c_host.setText("127.0.0.1")
    dialog.c_port.setValue(free_port)
    dialog.c_user.setText("station_desk1")
    dialog.c_ssl.setCurrentText("disable")
    dialog.test_connection()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=20000)
    text = dialog.test_result.text()
    assert text.startswith("! ") and "Traceback" not in text
    assert any(word in text for word in ("Zentrale", "Server", "Verbindung")), text
