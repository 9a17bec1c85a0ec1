"""The right panel: the current document's type, department, confidence and index fields.

Fields are validated as the operator types (``station.fields.validate``: check digit, IBAN,
phone number) and a wrong value says why in plain German next to the field; the panel only
reports edits and decisions, the window stores them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from station.fields import tracking
from ui.icons import GREEN, RED
from ui.viewdata import FIELD_NAMES, DocItem, DocTypeChoice, FieldMark
from ui.words import word
from ui.qtcompat import emit

TRACKING = "tracking_number"  # registered mail's S10 number: not a classifier field, its own row
Validator = Callable[[str, str], tuple[str | None, str | None]]
# keys that act on the document even while a field has the keyboard (a field's text has other ways)
DOCUMENT_KEYS = {
    (Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier), (Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier), (Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier),
    # Einschreiben (on X11 a line edit would take Ctrl+E as "end of line"; End does that)
    (Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier),
}


KEY_ROLE = Qt.ItemDataRole.UserRole + 7


class TypeKeyDelegate(QStyledItemDelegate):
    """The open type list shows each entry's number key at its right edge (the text itself starts
    with the type's name, so typing its first letters finds it)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().paint(painter, option, index)
        key = index.data(KEY_ROLE)
        if key:
            painter.save()
            painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(option.rect.adjusted(0, 0, -8, 0),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), f"[{key}]")
            painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt override
        size = super().sizeHint(option, index)
        return QSize(size.width() + option.fontMetrics.horizontalAdvance("  [0]") + 8, size.height())


class FieldEdit(QLineEdit):
    """An index field: typing is the field's, page and batch keys (Ctrl+arrows, Ctrl+Enter) are not;
    it says when it gets the keyboard so the page view can zoom to where the value stands."""

    focused = Signal(str)

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if (Qt.Key(event.key()), mods) in DOCUMENT_KEYS:
                event.ignore()  # let the window's shortcut have it
                return True
        return super().event(event)

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        emit(self.focused, self.name)


class DocumentPanel(QWidget):
    typeChosen = Signal(str)  # doc type id
    fieldEdited = Signal(str, str)  # field name, value (normalised when valid)
    acceptRequested = Signal()
    skipRequested = Signal()
    closeRequested = Signal()
    fieldFocused = Signal(str)  # field name: the view zooms to it

    def __init__(self, validator: Validator | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("documentPanel")
        self.validator = validator
        self.doc: DocItem | None = None
        self._types: list[DocTypeChoice] = []
        self._loading = False

        self.title = QLabel()
        self.title.setObjectName("docTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.type_box = QComboBox()
        self.type_box.setObjectName("docType")
        self.type_box.setItemDelegate(TypeKeyDelegate(self.type_box))
        self.department = QLabel()
        self.confidence = QLabel()
        self.confidence.setObjectName("confidence")
        self.received = QLabel()
        self.received.setObjectName("receivedAt")
        self.received.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.edits: dict[str, FieldEdit] = {}
        self.raws: dict[str, QLabel] = {}
        self.checks: dict[str, QLabel] = {}
        self.accept_button = QPushButton()
        self.accept_button.setObjectName("acceptButton")
        self.skip_button = QPushButton()
        self.skip_button.setObjectName("skipButton")

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.type_label, self.dept_label, self.conf_label, self.recv_label = QLabel(), QLabel(), QLabel(), QLabel()
        self.type_label.setBuddy(self.type_box)
        self.form.addRow(self.type_label, self.type_box)
        self.form.addRow(self.dept_label, self.department)
        self.form.addRow(self.conf_label, self.confidence)
        self.field_labels: dict[str, QLabel] = {}
        for name in FIELD_NAMES:
            edit = FieldEdit(name)
            edit.setObjectName(f"field_{name}")
            edit.textEdited.connect(lambda text, n=name: self._on_edit(n, text))
            edit.focused.connect(self.fieldFocused)
            check = QLabel()
            check.setObjectName(f"check_{name}")
            check.setWordWrap(True)
            raw = QLabel()
            raw.setObjectName(f"raw_{name}")
            raw.setWordWrap(True)
            raw.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(edit)
            box.addWidget(raw)
            box.addWidget(check)
            self.raws[name] = raw
            label = QLabel()
            label.setBuddy(edit)
            self.form.addRow(label, box)
            self.edits[name], self.checks[name], self.field_labels[name] = edit, check, label
        self._add_tracking_rows()
        self.form.addRow(self.recv_label, self.received)

        self.prompt = QLabel()
        self.prompt.setObjectName("panelPrompt")
        self.prompt.setWordWrap(True)
        self.close_button = QPushButton()
        self.close_button.setObjectName("closeBatchButton")
        self.close_button.clicked.connect(self.closeRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.skip_button)
        self.details = QWidget()  # the document's type and fields: hidden when there is no document
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.addLayout(self.form)
        details.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.prompt)
        layout.addWidget(self.close_button)
        layout.addWidget(self.details)
        layout.addStretch(1)

        self.setTabOrder(self.edits[FIELD_NAMES[-1]], self.edits[TRACKING])  # after the IBAN
        self.type_box.activated.connect(self._on_type)
        self.accept_button.clicked.connect(self.acceptRequested)
        self.skip_button.clicked.connect(self.skipRequested)
        self.retranslate()
        self.show_document(None, 0, 0)

    def _add_tracking_rows(self) -> None:
        """A registered letter (Einschreiben): a mark saying so (glyph and words, not colour) and its
        tracking number, validated as typed like the index fields; both hidden for other letters."""
        self.registered_mark = QLabel()
        self.registered_mark.setObjectName("registeredMark")
        self.registered_mark.setWordWrap(True)
        edit = FieldEdit(TRACKING)
        edit.setObjectName(f"field_{TRACKING}")
        edit.textEdited.connect(lambda text: self._on_edit(TRACKING, text))
        edit.focused.connect(self.fieldFocused)
        check = QLabel()
        check.setObjectName(f"check_{TRACKING}")
        check.setWordWrap(True)
        self.tracking_box = QWidget()
        box = QVBoxLayout(self.tracking_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(self.registered_mark)
        box.addWidget(edit)
        box.addWidget(check)
        self.tracking_label = QLabel()
        self.tracking_label.setBuddy(edit)
        self.form.addRow(self.tracking_label, self.tracking_box)
        self.edits[TRACKING], self.checks[TRACKING] = edit, check

    def retranslate(self) -> None:
        self.type_label.setText(self.tr("Dokument&art"))
        self.tracking_label.setText(self.tr("Sendungsnummer"))
        self.edits[TRACKING].setToolTip(
            self.tr("Sendungsnummer des Einschreibens vom Etikett, z. B. RR 12345678 5 DE (Prüfziffer wird geprüft)"))
        if self.doc is not None:
            self._show_registered(self.doc)
        self.dept_label.setText(self.tr("Abteilung"))
        self.conf_label.setText(self.tr("Sicherheit"))
        self.recv_label.setText(word("received_at"))
        for name, label in self.field_labels.items():
            label.setText(word(name))
        self.accept_button.setText(self.tr("Freigeben ⏎"))
        self.accept_button.setToolTip(self.tr("Dokument freigeben, weiter zum nächsten (Enter)"))
        self.skip_button.setText(self.tr("Überspringen"))
        self.close_button.setText(self.tr("Stapel abschließen (Strg+Enter)"))
        self.type_box.setToolTip(
            self.tr("Dokumentart: Tasten 1–9, 0; Liste öffnen mit F4, dann Anfangsbuchstaben tippen"))
        self.set_types(self._types)

    # -- filling ---------------------------------------------------------------------------
    def set_types(self, types: list[DocTypeChoice]) -> None:
        """The type list; the n-th entry is picked with key n (1–9, then 0 for the tenth)."""
        self._types = list(types)
        self.type_box.blockSignals(True)
        self.type_box.clear()
        for i, choice in enumerate(self._types):
            # the label first, so typing its first letters in the open list finds it (all types);
            # the number key after it (the first ten)
            self.type_box.addItem(choice.label, choice.id)
            if i < 10:
                self.type_box.setItemData(i, str((i + 1) % 10), KEY_ROLE)
                self.type_box.setItemData(i, self.tr("Taste %1").replace("%1", str((i + 1) % 10)),
                                          Qt.ItemDataRole.ToolTipRole)
        self.type_box.blockSignals(False)
        if self.doc is not None:
            self._select_type(self.doc.doc_type)
            self.department.setText(self._department_text(self.doc.department))

    def show_document(self, doc: DocItem | None, number: int, total: int) -> None:
        self._loading = True
        self.doc = doc
        enabled = doc is not None
        for w in (self.type_box, self.accept_button, self.skip_button, *self.edits.values()):
            w.setEnabled(enabled)
        self.prompt.setVisible(not enabled)
        self.close_button.setVisible(False)
        self.details.setVisible(enabled)
        if doc is None:
            self.title.setText(self.tr("Kein Dokument"))
            self.type_box.setCurrentIndex(-1)  # no stale type of the document before
            self.department.clear()
            self.confidence.clear()
            self.received.clear()
            for name in FIELD_NAMES:
                self.edits[name].clear()
                self.checks[name].clear()
                self.raws[name].clear()
            self.edits[TRACKING].clear()
            self.checks[TRACKING].clear()
            self._loading = False
            return
        self.title.setText(self.tr("Dokument %1 von %2").replace("%1", str(number)).replace("%2", str(total)))
        self._select_type(doc.doc_type)
        self.department.setText(self._department_text(doc.department))
        self.confidence.setText(self._confidence_text(doc))
        self.received.setText(self._received_text(doc))
        for name in FIELD_NAMES:
            value = doc.fields.get(name) or ""
            self.edits[name].setText(value)
            self._show_check(name, value)
        self._show_registered(doc)
        self.show_marks(doc.marks)
        self._loading = False

    def _show_registered(self, doc: DocItem) -> None:
        """The Einschreiben rows: shown (and the number editable) for registered letters only."""
        self.tracking_label.setVisible(doc.registered)
        self.tracking_box.setVisible(doc.registered)
        edit = self.edits[TRACKING]
        edit.setEnabled(doc.registered)
        if not doc.registered:
            edit.clear()
            self.checks[TRACKING].clear()
            return
        own = [p for p in doc.step_pages() if not p.deleted]
        envelope = next((n for n, p in enumerate(own, start=1) if p.envelope), None)
        text = "✉ " + self.tr("Einschreiben")
        if envelope is not None:
            text += " · " + self.tr("Umschlag: Seite %1 (Beleg, nicht klassifiziert)").replace("%1", str(envelope))
        self.registered_mark.setText(text)
        number = tracking.formatted(doc.tracking_number) if tracking.is_valid(doc.tracking_number or "") \
            else (doc.tracking_number or "")
        if edit.text() != number:
            edit.setText(number)
        self._show_check(TRACKING, number)

    def show_prompt(self, text: str, closing: bool = False) -> None:
        """Instead of a document: what the batch needs now (wait, or close it with Ctrl+Enter)."""
        self.prompt.setText(text)
        self.prompt.setVisible(bool(text))
        self.close_button.setVisible(closing)
        if closing:
            self.title.setText(self.tr("Alles geprüft"))

    def show_marks(self, marks: list[FieldMark]) -> None:
        """The text as read on the paper beside the kept value, where it differs."""
        for name in FIELD_NAMES:
            raw = next((m.raw for m in marks if m.name == name and m.raw), "")
            self.raws[name].setText(self.tr("gelesen: %1").replace("%1", raw) if raw else "")
            self.raws[name].setVisible(bool(raw))

    def _received_text(self, doc: DocItem) -> str:
        """The legal date of receipt is the day the post reached the mailroom (its batch's
        Posteingangsdatum); the scan time is shown beside it, as on the receipt certificate."""
        scanned = doc.received_at.astimezone().strftime("%d.%m.%Y %H:%M") if doc.received_at else "–"
        if doc.delivery_date is None:
            return scanned
        text = doc.delivery_date.strftime("%d.%m.%Y") + " · " + self.tr("gescannt %1").replace("%1", scanned)
        return text + (" · " + self.tr("Einschreiben") if doc.registered else "")

    def _department_text(self, department: str | None) -> str:
        """The routing key is German; show it in the operator's language where the taxonomy names it."""
        for choice in self._types:
            if choice.department == department and choice.department_label:
                return choice.department_label
        return department or "–"

    def _confidence_text(self, doc: DocItem) -> str:
        if doc.confidence is None:
            return self.tr("noch nicht klassifiziert")
        text = f"{round(doc.confidence * 100)} %"
        if doc.needs_review:
            text += " — " + self.tr("prüfen")
            reason = {"unreadable": self.tr("Text unlesbar"),
                      "cancellation_only_mentioned": self.tr("Kündigung nur erwähnt, nicht erklärt"),
                      "cancellation_of_something_else": self.tr("Kündigung von etwas anderem"),
                      "possible_withdrawal": self.tr("vielleicht ein Widerruf"),
                      "cancellation_declared": self.tr("erklärt auch eine Kündigung"),
                      "low_confidence": self.tr("Typ unsicher")}.get(doc.review_reason)
            if reason:
                text += ": " + reason
        return text

    def _select_type(self, doc_type: str | None) -> None:
        index = self.type_box.findData(doc_type) if doc_type else -1
        self.type_box.setCurrentIndex(index)

    # -- operator input ----------------------------------------------------------------------
    def choose_type_number(self, key: int) -> bool:
        """Key 1–9 picks entries 1–9, key 0 the tenth; False when there is no such entry."""
        index = 9 if key == 0 else key - 1
        if self.doc is None or index >= len(self._types):
            return False
        self.type_box.setCurrentIndex(index)
        self._on_type(index)
        return True

    def _on_type(self, index: int) -> None:
        if index >= 0 and not self._loading:
            choice = self._types[index]
            self.department.setText(self._department_text(choice.department))
            emit(self.typeChosen, choice.id)

    def _on_edit(self, name: str, text: str) -> None:
        normalised = self._show_check(name, text)
        if not self._loading and normalised is not None:
            emit(self.fieldEdited, name, normalised)

    def _show_check(self, name: str, text: str) -> str | None:
        """Validate one field and show the verdict; returns the value to store or None."""
        check = self.checks[name]
        if not text.strip():
            check.setText("")
            return ""
        if self.validator is None:
            check.setText("")
            return text.strip()
        normalised, error = self.validator(name, text)
        if error:
            check.setText("! " + error)
            check.setStyleSheet(f"color: {RED.name()}; font-weight: bold")
            self.edits[name].setAccessibleDescription(error)
            return None
        shown = tracking.formatted(normalised) if name == TRACKING and normalised else normalised
        check.setText("✓ " + (shown or ""))
        check.setStyleSheet(f"color: {GREEN.name()}")
        self.edits[name].setAccessibleDescription("")
        return normalised

    def field_error(self, name: str) -> str:
        text = self.checks[name].text()
        return text[2:] if text.startswith("! ") else ""

    def has_errors(self) -> bool:
        """A field (the tracking number of a registered letter too) holds a value that is refused."""
        return any(self.field_error(n) for n, edit in self.edits.items() if edit.isEnabled())
