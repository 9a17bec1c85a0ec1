"""The settings dialog: profiles, scanner buttons, blank sensitivity, central store (with
"Verbindung testen"), fax hot folder and language. Saved to the operator's config file."""

from __future__ import annotations

import copy
import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSlider,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station.config import ScanProfile, Settings
from ui import backend
from ui.errors import explain
from ui.i18n import apply_language
from ui.settingsfile import admin_locks, save_settings
from ui.worker import run_task

log = logging.getLogger(__name__)
BUTTONS = ("scan", "email", "file", "copy")


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Einstellungen"))
        self.settings = settings
        self.draft = copy.deepcopy(settings)
        self.locked = admin_locks()  # parts the admin's /etc file keeps read-only for operators
        self.tabs = QTabWidget()
        self.tabs.addTab(self._profiles_tab(), self.tr("Profile"))
        self.tabs.addTab(self._buttons_tab(), self.tr("Scannertasten"))
        self.tabs.addTab(self._blank_tab(), self.tr("Leerseiten"))
        self.tabs.addTab(self._central_tab(), self.tr("Zentrale"))
        self.tabs.addTab(self._general_tab(), self.tr("Eingangsordner und Sprache"))
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(box)
        self.resize(620, 440)
        self._apply_locks()

    def _apply_locks(self) -> None:
        """Locked parts are shown, read-only, with the reason (the connection test still works)."""
        note = self.tr("Vom Administrator festgelegt (nur lesbar).")
        if "central" in self.locked:
            for w in (self.c_host, self.c_port, self.c_db, self.c_user, self.c_pw, self.c_ssl, self.c_ca, self.c_ca_browse):
                w.setEnabled(False)
            self.central_lock.setText("🔒 " + note)
            self.central_lock.show()
        if "profiles" in self.locked:
            for w in (self.p_name, self.p_source, self.p_mode, self.p_res, self.p_add, self.p_remove):
                w.setEnabled(False)
            self.profiles_lock.setText("🔒 " + note)
            self.profiles_lock.show()

    # -- tabs --------------------------------------------------------------------------------------
    def _profiles_tab(self) -> QWidget:
        page = QWidget()
        self.profile_list = QListWidget()
        self.profile_list.setObjectName("profileList")
        self.p_name, self.p_source, self.p_mode = QLineEdit(), QComboBox(), QComboBox()
        self.p_source.addItems(["ADF Duplex", "ADF Front", "Flatbed"])
        self.p_mode.addItems(["Lineart", "Gray", "Color"])
        self.p_res = QSpinBox()
        self.p_res.setRange(100, 1200)
        self.p_res.setSingleStep(50)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.p_name)
        form.addRow(self.tr("Einzug"), self.p_source)
        form.addRow(self.tr("Farbmodus"), self.p_mode)
        form.addRow(self.tr("Auflösung (dpi)"), self.p_res)
        add, remove = QPushButton(self.tr("Neues Profil")), QPushButton(self.tr("Profil entfernen"))
        self.p_add, self.p_remove = add, remove
        self.profiles_lock = QLabel()
        self.profiles_lock.setObjectName("profilesLocked")
        self.profiles_lock.setWordWrap(True)
        self.profiles_lock.hide()
        add.clicked.connect(self._add_profile)
        remove.clicked.connect(self._remove_profile)
        for w in (self.p_name, self.p_source, self.p_mode, self.p_res):
            signal = w.textEdited if isinstance(w, QLineEdit) else (
                w.currentTextChanged if isinstance(w, QComboBox) else w.valueChanged)
            signal.connect(self._store_profile)
        right = QVBoxLayout()
        right.addWidget(self.profiles_lock)
        right.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        right.addLayout(row)
        right.addStretch(1)
        layout = QHBoxLayout(page)
        layout.addWidget(self.profile_list, 1)
        layout.addLayout(right, 2)
        self.profile_list.addItems([p.name for p in self.draft.profiles])
        self.profile_list.currentRowChanged.connect(self._show_profile)
        self.profile_list.setCurrentRow(0)
        return page

    def _show_profile(self, row: int) -> None:
        if not 0 <= row < len(self.draft.profiles):
            return
        p = self.draft.profiles[row]
        self._loading = True
        self.p_name.setText(p.name)
        self.p_source.setCurrentText(p.source)
        self.p_mode.setCurrentText(p.mode)
        self.p_res.setValue(p.resolution)
        self._loading = False

    def _store_profile(self, *_args: object) -> None:
        row = self.profile_list.currentRow()
        if getattr(self, "_loading", False) or not 0 <= row < len(self.draft.profiles):
            return
        p = self.draft.profiles[row]
        p.name, p.source, p.mode = self.p_name.text().strip(), self.p_source.currentText(), self.p_mode.currentText()
        p.resolution = self.p_res.value()
        self.profile_list.item(row).setText(p.name)

    def _add_profile(self) -> None:
        self.draft.profiles.append(ScanProfile(name=self.tr("Neues Profil")))
        self.profile_list.addItem(self.draft.profiles[-1].name)
        self.profile_list.setCurrentRow(len(self.draft.profiles) - 1)

    def _remove_profile(self) -> None:
        row = self.profile_list.currentRow()
        if len(self.draft.profiles) > 1 and row >= 0:
            del self.draft.profiles[row]
            self.profile_list.takeItem(row)

    def _buttons_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.button_boxes: dict[str, QComboBox] = {}
        names = [""] + [p.name for p in self.draft.profiles]
        for button in BUTTONS:
            combo = QComboBox()
            combo.setObjectName(f"button_{button}")
            combo.addItems(names)
            combo.setCurrentText(self.draft.buttons.get(button, ""))
            form.addRow(self.tr("Taste „%1“ startet").replace("%1", button), combo)
            self.button_boxes[button] = combo
        return page

    def _blank_tab(self) -> QWidget:
        page = QWidget()
        self.blank = QSlider(Qt.Orientation.Horizontal)
        self.blank.setObjectName("blankSensitivity")
        self.blank.setRange(0, 100)
        self.blank.setValue(round(self.draft.blank_sensitivity * 100))
        value = QLabel()
        self.blank.valueChanged.connect(lambda v: value.setText(f"{v} %"))
        value.setText(f"{self.blank.value()} %")
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr(
            "Wie leicht eine Seite als leer gilt: niedrig = nur ganz weiße Seiten, hoch = auch Seiten mit Flecken.")))
        layout.addWidget(self.blank)
        layout.addWidget(value)
        layout.addStretch(1)
        return page

    def _central_tab(self) -> QWidget:
        page = QWidget()
        c = self.draft.central
        self.c_host, self.c_db, self.c_user = QLineEdit(c.host), QLineEdit(c.dbname), QLineEdit(c.user)
        self.c_host.setObjectName("centralHost")
        self.c_port = QSpinBox()
        self.c_port.setRange(1, 65535)
        self.c_port.setValue(c.port)
        self.c_pw = QLineEdit(c.password_file)
        self.c_ssl = QComboBox()
        self.c_ssl.addItems(["verify-full", "require", "disable"])
        self.c_ssl.setCurrentText(c.sslmode)
        self.c_ca = QLineEdit(c.sslrootcert)  # the CA that signed the server's certificate (verify-full)
        self.c_ca.setObjectName("centralCA")
        self.c_ca_browse = QPushButton(self.tr("Auswählen …"))
        self.c_ca_browse.clicked.connect(self._browse_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.c_ca, 1)
        ca_row.addWidget(self.c_ca_browse)
        self.central_lock = QLabel()
        self.central_lock.setObjectName("centralLocked")
        self.central_lock.setWordWrap(True)
        self.central_lock.hide()
        self.test_button = QPushButton(self.tr("Verbindung testen"))
        self.test_button.setObjectName("testConnection")
        self.test_result = QLabel()
        self.test_result.setObjectName("testResult")
        self.test_result.setWordWrap(True)
        self.test_button.clicked.connect(self.test_connection)
        form = QFormLayout(page)
        form.addRow(self.central_lock)
        form.addRow(self.tr("Server"), self.c_host)
        form.addRow(self.tr("Port"), self.c_port)
        form.addRow(self.tr("Datenbank"), self.c_db)
        form.addRow(self.tr("Benutzer"), self.c_user)
        form.addRow(self.tr("Passwortdatei"), self.c_pw)
        form.addRow(self.tr("Verschlüsselung"), self.c_ssl)
        form.addRow(self.tr("CA-Zertifikat"), ca_row)
        form.addRow(self.test_button, self.test_result)
        return page

    def _general_tab(self) -> QWidget:
        page = QWidget()
        self.hotfolder = QLineEdit(self.draft.hotfolder)
        self.hotfolder.setObjectName("hotfolder")
        browse = QPushButton(self.tr("Auswählen …"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.hotfolder, 1)
        row.addWidget(browse)
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.addItem("Deutsch", "de")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(self.draft.language)))
        form = QFormLayout(page)
        form.addRow(self.tr("Fax-Eingangsordner"), row)
        form.addRow(self.tr("Sprache"), self.language)
        return page

    def _browse_ca(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("CA-Zertifikat"), self.c_ca.text(),
                                                    self.tr("Zertifikate (*.crt *.pem *.cer);;Alle Dateien (*)"))
        if path:
            self.c_ca.setText(path)

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Fax-Eingangsordner"), self.hotfolder.text())
        if path:
            self.hotfolder.setText(path)

    # -- actions ---------------------------------------------------------------------------------------
    def collect(self) -> Settings:
        """The draft with every widget's value (what Save writes)."""
        d = self.draft
        d.buttons = {b: c.currentText() for b, c in self.button_boxes.items() if c.currentText()}
        d.blank_sensitivity = self.blank.value() / 100
        c = d.central
        c.host, c.port, c.dbname = self.c_host.text().strip(), self.c_port.value(), self.c_db.text().strip()
        c.user, c.password_file, c.sslmode = self.c_user.text().strip(), self.c_pw.text().strip(), self.c_ssl.currentText()
        c.sslrootcert = self.c_ca.text().strip()
        d.hotfolder = self.hotfolder.text().strip()
        d.language = self.language.currentData()
        return d

    def test_connection(self) -> None:
        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("Verbindung wird geprüft …"))
        run_task(backend.check_central, copy.deepcopy(self.collect()), on_done=self._tested, on_error=self._test_failed)

    def _tested(self, message: str) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setText("✓ " + message)

    def _test_failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        problem = explain(exc)
        self.test_result.setText("! " + problem.message)

    def save(self) -> None:
        new = self.collect()
        try:
            save_settings(new, before=self.settings)
        except OSError as exc:
            self.test_result.setText("! " + explain(exc).message)
            return
        language_changed = new.language != self.settings.language
        self.settings.__dict__.update(copy.deepcopy(new).__dict__)
        if language_changed:
            apply_language(new.language)
        self.accept()
