"""The centre: one page, large, with zoom, pan and fit, and the found fields outlined on it.

Outlines come from the classifier's FieldHit boxes (in the cleaned page's pixels), so the operator
sees at a glance where a customer number or IBAN was read and can judge it against the paper.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)

from ui.icons import FIELD_OUTLINE
from ui.thumbs import load_qimage
from ui.viewdata import FieldMark, PageItem
from ui.words import word

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.05, 8.0


class PageView(QGraphicsView):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("pageView")
        self.setAccessibleName(self.tr("Seite"))
        self.setScene(QGraphicsScene(self))
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QColor("#5a5a5a"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pixmap: QGraphicsPixmapItem | None = None
        self._fit = True
        self.page_id: str | None = None
        self.zoom = 1.0

    def show_page(self, page: PageItem | None, marks: list[FieldMark] | None = None) -> None:
        """Show ``page`` (cleaned image if processed, else the raw one) with field outlines."""
        scene = self.scene()
        scene.clear()
        self._pixmap = None
        self.page_id = page.id if page else None
        if page is None:
            return
        image = load_qimage(page.image_path) if page.image_path else QImage()
        if image.isNull() and isinstance(page.thumb, QImage):
            image = page.thumb
        if image.isNull():
            text = scene.addSimpleText(self.tr("Seite wird noch verarbeitet …"))
            text.setBrush(QColor("white"))
            return
        self._pixmap = scene.addPixmap(QPixmap.fromImage(image))
        self._pixmap.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        scale = image.width() / page.result.width if page.result and page.result.width else 1.0
        for mark in marks or []:
            self._outline(mark, scale)
        self._pixmap.setTransformOriginPoint(self._pixmap.boundingRect().center())
        self._pixmap.setRotation(page.rotation)
        for child in self._pixmap.childItems():
            child.setRotation(0)
        scene.setSceneRect(self._pixmap.sceneBoundingRect())
        if self._fit:
            self.fit()
        else:
            self._apply_zoom()

    def _outline(self, mark: FieldMark, scale: float) -> None:
        rect = QGraphicsRectItem(
            QRectF(mark.x * scale, mark.y * scale, mark.width * scale, mark.height * scale).adjusted(-4, -4, 4, 4),
            self._pixmap,
        )
        pen = QPen(FIELD_OUTLINE, 3)
        pen.setCosmetic(True)
        rect.setPen(pen)
        rect.setBrush(QColor(0, 80, 200, 40))
        rect.setData(0, mark.name)
        label = QGraphicsSimpleTextItem(word(mark.name))
        label.setBrush(QColor("white"))
        tag = QGraphicsRectItem(label.boundingRect().adjusted(-3, -1, 3, 1), rect)
        tag.setBrush(FIELD_OUTLINE)
        tag.setPen(QPen(Qt.PenStyle.NoPen))
        label.setParentItem(tag)
        tag.setPos(rect.rect().left(), rect.rect().top() - tag.rect().height() - 1)
        tag.setOpacity(0.8)  # the line above stays legible through the tag
        tag.setData(0, "label")

    def field_outlines(self) -> list[str]:
        """Names of the fields outlined on the page now shown (tests, accessibility)."""
        if self._pixmap is None:
            return []
        return [c.data(0) for c in self._pixmap.childItems() if isinstance(c, QGraphicsRectItem) and c.data(0) != "label"]

    # -- zoom ------------------------------------------------------------------------------
    def zoom_in(self) -> None:
        self._set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self.zoom / ZOOM_STEP)

    def fit(self) -> None:
        """Fit the page's width to the view (letters are read top-down)."""
        self._fit = True
        if self._pixmap is None:
            return
        rect = self._pixmap.sceneBoundingRect()
        width = max(1, self.viewport().width() - 8)
        self.zoom = max(ZOOM_MIN, min(ZOOM_MAX, width / max(1.0, rect.width())))
        self._apply_zoom()
        self.centerOn(rect.center().x(), rect.top())

    def _set_zoom(self, zoom: float) -> None:
        self._fit = False
        self.zoom = max(ZOOM_MIN, min(ZOOM_MAX, zoom))
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        self.resetTransform()
        self.scale(self.zoom, self.zoom)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._fit:
            self.fit()

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            (self.zoom_in if event.angleDelta().y() > 0 else self.zoom_out)()
        else:
            super().wheelEvent(event)

