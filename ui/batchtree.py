"""The left panel: the batch as a tree of documents with their page thumbnails.

Each document row shows its number, type and a state icon (✓ ? !, shape and glyph as well as
colour); page rows show the thumbnail, blank pages greyed and hatched, separator sheets as a thin
divider. Dragging a page onto another document asks the window to move it (through the store);
the tree itself never changes the batch, it only redraws it.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDropEvent, QIcon, QImage, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem

from ui.icons import blank_overlay, framed, placeholder_thumb, state_icon
from ui.viewdata import BatchItem, DocItem, PageItem
from ui.qtcompat import emit

KIND = Qt.ItemDataRole.UserRole
ID = Qt.ItemDataRole.UserRole + 1
DELETED = Qt.ItemDataRole.UserRole + 2


class BatchTree(QTreeWidget):
    pageSelected = Signal(str)  # page id
    documentSelected = Signal(str)  # document id
    pageDropped = Signal(str, str, int)  # page id, target document id, position in it

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("batchTree")
        self.setHeaderHidden(True)
        self.setIconSize(QSize(48, 68))
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName(self.tr("Stapel"))
        self._items: dict[str, QTreeWidgetItem] = {}
        self._thumbs: dict[tuple[str, str | None, bool, bool], QIcon] = {}
        self.currentItemChanged.connect(self._on_current)

    # -- drawing -----------------------------------------------------------------------------
    def show_batch(self, batch: BatchItem, current_page: str | None = None) -> None:
        """Redraw the whole batch, keeping the selection on ``current_page`` if given."""
        self.blockSignals(True)
        self.clear()
        self._items.clear()
        for n, doc in enumerate(batch.documents, start=1):
            separators = [p for p in doc.pages if p.separator and not p.deleted]
            if separators:  # both sides of a separator sheet: one divider
                self._add_divider(separators[0])
            item = QTreeWidgetItem(self, [self._doc_label(n, doc)])
            item.setData(0, KIND, "doc")
            item.setData(0, ID, doc.id)
            item.setIcon(0, state_icon(doc.state))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled)
            self._items[doc.id] = item
            number = 0
            for page in (p for p in doc.pages if not p.separator):
                number += 0 if page.deleted else 1
                self._add_page(item, number, page)
            item.setExpanded(True)
        if current_page and current_page in self._items:  # a redraw: the page shown stays, no new selection
            self.setCurrentItem(self._items[current_page])
        self.blockSignals(False)

    def add_page(self, doc: DocItem, number: int, page: PageItem) -> None:
        """Append one page that just arrived, without redrawing the rest."""
        parent = self._items.get(doc.id)
        if parent is None:
            parent = QTreeWidgetItem(self, [self._doc_label(self.topLevelItemCount() + 1, doc)])
            parent.setData(0, KIND, "doc")
            parent.setData(0, ID, doc.id)
            parent.setIcon(0, state_icon(doc.state))
            parent.setExpanded(True)
            self._items[doc.id] = parent
        self._add_page(parent, number, page)

    def rename_page(self, old_id: str, page: PageItem) -> None:
        """A page shown under a provisional name is stored: its row takes the store's id."""
        item = self._items.pop(old_id, None)
        if item is None:
            return
        item.setData(0, ID, page.id)
        self._items[page.id] = item
        self.update_page(page)

    def update_page(self, page: PageItem) -> None:
        item = self._items.get(page.id)
        if item is not None:
            item.setIcon(0, self._thumb_icon(page))
            item.setText(0, self._page_label(item.parent().indexOfChild(item) + 1, page))

    def _add_divider(self, page: PageItem) -> None:
        item = QTreeWidgetItem(self, ["── " + self.tr("Trennblatt") + " ──"])
        item.setData(0, KIND, "separator")
        item.setData(0, ID, page.id)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setSizeHint(0, QSize(10, 14))

    def _add_page(self, parent: QTreeWidgetItem, number: int, page: PageItem) -> None:
        item = QTreeWidgetItem(parent, [self._page_label(number, page)])
        item.setData(0, KIND, "page")
        item.setData(0, ID, page.id)
        item.setIcon(0, self._thumb_icon(page))
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        item.setFlags(flags if page.deleted else flags | Qt.ItemFlag.ItemIsDragEnabled)
        if page.blank or page.deleted:
            item.setForeground(0, Qt.GlobalColor.darkGray)
        if page.deleted:  # struck out as well as grey: readable without telling colours apart
            font = item.font(0)
            font.setStrikeOut(True)
            item.setFont(0, font)
        item.setData(0, DELETED, page.deleted)
        self._items[page.id] = item

    def _doc_label(self, n: int, doc: DocItem) -> str:
        label = self.tr("Dok %1").replace("%1", str(n))
        if doc.doc_type:
            label += f" · {doc.type_label or doc.doc_type}"
        if doc.registered:  # a glyph and a word, never colour alone
            label += " · ✉ " + self.tr("Einschreiben")
        return label

    def _page_label(self, n: int, page: PageItem) -> str:
        if page.deleted:
            return self.tr("Gelöscht (Einfg)")
        text = self.tr("Seite %1").replace("%1", str(n))
        if page.envelope:  # kept as evidence, left out of the classification
            text += " · ✉ " + self.tr("Umschlag")
        if page.blank:
            text += " · " + self.tr("Leerseite")
        if page.error:
            text += " · " + self.tr("Fehler")
        elif not page.stored:
            text += " · " + self.tr("wird gespeichert …")
        elif not page.processed:
            text += " …"
        return text

    def _thumb_icon(self, page: PageItem) -> QIcon:
        key = (page.id, page.image_path, page.blank, page.deleted)  # a turned or deleted page is drawn anew
        if key in self._thumbs:
            return self._thumbs[key]
        image = page.thumb if isinstance(page.thumb, QImage) else None  # made in a worker
        if image is None or image.isNull():
            image = placeholder_thumb()
        size = self.iconSize()
        image = image.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        image = blank_overlay(image) if page.blank or page.deleted else framed(image)
        icon = QIcon(QPixmap.fromImage(image))
        self._thumbs[key] = icon
        return icon

    def needed_width(self) -> int:
        """Room for every label in full (icon, indentation, text, scroll bar), in this font and scale."""
        widest = 0
        metrics = self.fontMetrics()
        for item in self._items.values():
            depth = 1 if item.parent() is not None else 0
            icon = self.iconSize().width() + 8 if not item.icon(0).isNull() else 4
            widest = max(widest, self.indentation() * (depth + 1) + icon + metrics.horizontalAdvance(item.text(0)))
        return widest + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth() + 12

    def current_document_id(self) -> str | None:
        """The document the selected row belongs to (tests, accessibility)."""
        item = self.currentItem()
        while item is not None and item.data(0, KIND) != "doc":
            item = item.parent()
        return item.data(0, ID) if item is not None else None

    # -- selection and drag --------------------------------------------------------------------
    def select_id(self, item_id: str) -> None:
        item = self._items.get(item_id)
        if item is not None and item is not self.currentItem():
            self.setCurrentItem(item)

    def _on_current(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if current is None:
            return
        kind, item_id = current.data(0, KIND), current.data(0, ID)
        if kind == "page":
            emit(self.pageSelected, item_id)
        elif kind == "doc":
            emit(self.documentSelected, item_id)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        """Turn a drop into a request; the window moves the page and redraws the tree."""
        source = self.currentItem()
        target = self.itemAt(event.position().toPoint())
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if source is None or target is None or source.data(0, KIND) != "page" or source.data(0, DELETED):
            return
        if target.data(0, KIND) == "page":
            doc_item, position = target.parent(), target.parent().indexOfChild(target)
        elif target.data(0, KIND) == "doc":
            doc_item, position = target, target.childCount()
        else:
            return
        emit(self.pageDropped, source.data(0, ID), doc_item.data(0, ID), position)
