"""The centre: one page, large, with zoom, pan and fit, and the found fields outlined on it.

Outlines come from the classifier's FieldHit boxes (in the cleaned page's pixels), so the operator
sees at a glance where a customer number or IBAN was read and can judge it against the paper.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QPixmap
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
from ui.qtcompat import emit
from ui.worker import run_task

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.05, 8.0
CACHE_PAGES = 6  # decoded pages kept for quick stepping back and forth


FIT_WIDTH, FIT_PAGE = "width", "page"
FIELD_MARGIN = 60  # pixels of the page around a field the view zooms to


def load_for_screen(path: str) -> QImage:
    """Decode a page in a worker, already in the format the screen's pixmaps use, so making the
    pixmap in the UI thread is a copy, not a conversion."""
    image = load_qimage(path)
    if image.isNull():
        return image
    return image.convertToFormat(QImage.Format.Format_RGB32)


class PageView(QGraphicsView):
    drawn = Signal(str, bool)  # page id, whether the full image (not a stand-in) is on screen

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
        self._fit: str | None = FIT_PAGE  # a whole page at first: a letter is judged at a glance
        self._zoom_field: str | None = None
        self.page_id: str | None = None
        self.zoom = 1.0
        self._generation = 0
        self._marks: list[FieldMark] = []
        self._page: PageItem | None = None
        # decoded pages as pixmaps: turning a 300 dpi page into a pixmap costs ~30 ms, done once
        self._cache: OrderedDict[tuple[str, str | None], QPixmap] = OrderedDict()

    def show_page(self, page: PageItem | None, marks: list[FieldMark] | None = None,
                  preview: QImage | None = None) -> None:
        """Show ``page`` with field outlines. The image is decoded in a worker (a 300 dpi page
        takes ~100 ms); meanwhile its thumbnail stands in, or ``preview`` when the caller has
        the page in memory already (a page fresh from the scanner)."""
        if page is None or page.id != self.page_id:
            self._zoom_field = None
        self.page_id = page.id if page else None
        self._generation += 1
        self._marks = list(marks or [])
        self._page = page
        if page is None:
            self.scene().clear()
            self._pixmap = None
            return
        key = (page.id, page.image_path)
        if key in self._cache:
            self._cache.move_to_end(key)
            self._draw(page, self._cache[key], exact=True)
            return
        stand_in = preview if preview is not None else (page.thumb if isinstance(page.thumb, QImage) else None)
        self._draw(page, stand_in, exact=preview is not None)
        if page.image_path and preview is None:
            generation = self._generation
            run_task(load_for_screen, page.image_path,
                     on_done=lambda image, g=generation, k=key: self._loaded(g, k, image))

    def _loaded(self, generation: int, key: tuple[str, str | None], image: QImage) -> None:
        if image.isNull():
            return
        pixmap = self._keep(key, image)
        if generation == self._generation and self._page is not None and (self._page.id, self._page.image_path) == key:
            self._draw(self._page, pixmap, exact=True)

    def _keep(self, key: tuple[str, str | None], image: QImage) -> QPixmap:
        pixmap = QPixmap.fromImage(image)
        self._cache[key] = pixmap
        self._cache.move_to_end(key)
        while len(self._cache) > CACHE_PAGES:
            self._cache.popitem(last=False)
        return pixmap

    def prefetch(self, page: PageItem | None) -> None:
        """Decode a page the operator will likely see next (the next document's first page) in a
        worker, so Enter shows it at once instead of after a decode."""
        if page is None or not page.image_path or (page.id, page.image_path) in self._cache:
            return
        key = (page.id, page.image_path)
        run_task(load_for_screen, page.image_path, on_done=lambda image, k=key: self._keep_prefetched(k, image))

    def _keep_prefetched(self, key: tuple[str, str | None], image: QImage) -> None:
        if image.isNull() or key in self._cache:
            return
        self._keep(key, image)
        if self._page is not None and (self._page.id, self._page.image_path) in self._cache:
            self._cache.move_to_end((self._page.id, self._page.image_path))  # the page shown stays

    def _draw(self, page: PageItem, image: QImage | QPixmap | None, exact: bool) -> None:
        """Put ``image`` on the scene; outlines only on a full-size image (their pixels match)."""
        scene = self.scene()
        scene.clear()
        self._pixmap = None
        if image is None or image.isNull():
            text = scene.addSimpleText(self.tr("Seite wird geladen …"))
            text.setBrush(QColor("white"))
            return
        self._pixmap = scene.addPixmap(image if isinstance(image, QPixmap) else QPixmap.fromImage(image))
        self._pixmap.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        if exact:
            scale = image.width() / page.result.width if page.result and page.result.width else 1.0
            for mark in self._marks:
                self._outline(mark, scale)
        self._pixmap.setTransformOriginPoint(self._pixmap.boundingRect().center())
        self._pixmap.setRotation(page.rotation)
        scene.setSceneRect(self._pixmap.sceneBoundingRect())
        if page.deleted:
            self._deleted_banner()
        if exact and self._zoom_field and self._zoom_to(self._zoom_field):
            pass
        elif self._fit:
            self._fit_now()
        else:
            self._apply_zoom()
        emit(self.drawn, page.id, exact)

    def _deleted_banner(self) -> None:
        """A deleted page says so across its top, in words (not only by colour), with the way back."""
        label = QGraphicsSimpleTextItem(self.tr("Gelöscht – Einfg stellt die Seite wieder her"))
        label.setBrush(QColor("white"))
        font = label.font()
        font.setPixelSize(max(12, int(self._pixmap.boundingRect().width() / 45)))
        font.setBold(True)
        label.setFont(font)
        band = QGraphicsRectItem(label.boundingRect().adjusted(-8, -4, 8, 4))
        band.setBrush(QColor("#b00020"))
        band.setPen(QPen(Qt.PenStyle.NoPen))
        label.setParentItem(band)
        self.scene().addItem(band)
        top_left = self._pixmap.sceneBoundingRect().topLeft()
        band.setPos(top_left.x() + 12, top_left.y() + 12)
        band.setData(0, "deleted")

    def deleted_banner_shown(self) -> bool:
        """Whether the page now shown is marked deleted (tests, accessibility)."""
        return any(item.data(0) == "deleted" for item in self.scene().items())

    def rename(self, old_id: str, new_id: str) -> None:
        """The page shown got its store id (it was shown from memory while being stored)."""
        if self.page_id == old_id:
            self.page_id = new_id

    def forget(self, page_id: str) -> None:
        """Drop cached images of a page whose file changed (turned, rescanned)."""
        for key in [k for k in self._cache if k[0] == page_id]:
            del self._cache[key]

    def _outline(self, mark: FieldMark, scale: float) -> None:
        rect = QGraphicsRectItem(
            QRectF(mark.x * scale, mark.y * scale, mark.width * scale, mark.height * scale).adjusted(-4, -4, 4, 4),
            self._pixmap,
        )
        pen = QPen(FIELD_OUTLINE, 2)
        pen.setCosmetic(True)
        rect.setPen(pen)
        rect.setBrush(QBrush(Qt.BrushStyle.NoBrush))  # an outline: the digits it marks stay readable
        rect.setData(0, mark.name)
        # the field's name as a tooltip, not a tag over the line above: nothing on the paper is covered
        rect.setToolTip(word(mark.name) + (f": {mark.raw}" if mark.raw else ""))

    def field_outlines(self) -> list[str]:
        """Names of the fields outlined on the page now shown (tests, accessibility)."""
        if self._pixmap is None:
            return []
        return [c.data(0) for c in self._pixmap.childItems() if isinstance(c, QGraphicsRectItem)]

    # -- zoom ------------------------------------------------------------------------------
    def zoom_in(self) -> None:
        self._set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self.zoom / ZOOM_STEP)

    def fit(self) -> None:
        """The fit key (UI.md "0"): fit the width (a letter read top-down); again: the whole page."""
        self.set_fit(FIT_PAGE if self._fit == FIT_WIDTH else FIT_WIDTH)

    def set_fit(self, mode: str) -> None:
        self._fit = mode
        self._zoom_field = None
        self._fit_now()

    @property
    def fit_mode(self) -> str | None:
        """``width``, ``page`` or None (zoomed by hand or to a field)."""
        return self._fit

    def _fit_now(self) -> None:
        if self._pixmap is None:
            return
        rect = self._pixmap.sceneBoundingRect()
        width = max(1, self.viewport().width() - 8)
        height = max(1, self.viewport().height() - 8)
        zoom = width / max(1.0, rect.width())
        if self._fit == FIT_PAGE:
            zoom = min(zoom, height / max(1.0, rect.height()))
        self.zoom = max(ZOOM_MIN, min(ZOOM_MAX, zoom))
        self._apply_zoom()
        self.centerOn(rect.center().x(), rect.top() if self._fit == FIT_WIDTH else rect.center().y())

    def whole_page_visible(self) -> bool:
        """Whether the page now shown fits the view entirely (tests, the layout check)."""
        if self._pixmap is None:
            return False
        shown = self.mapToScene(self.viewport().rect()).boundingRect()
        return shown.adjusted(-2, -2, 2, 2).contains(self._pixmap.sceneBoundingRect())

    def zoom_to_field(self, name: str) -> bool:
        """Zoom to where field ``name`` was read on this page (now, or once the page is loaded)."""
        self._zoom_field = name
        return self._zoom_to(name)

    def _zoom_to(self, name: str) -> bool:
        if self._pixmap is None:
            return False
        for child in self._pixmap.childItems():
            if isinstance(child, QGraphicsRectItem) and child.data(0) == name:
                m = FIELD_MARGIN
                area = child.mapRectToScene(child.rect()).adjusted(-m, -m, m, m)
                self._fit = None
                self.fitInView(area, Qt.AspectRatioMode.KeepAspectRatio)
                self.zoom = min(ZOOM_MAX, self.transform().m11())
                self._apply_zoom()
                self.centerOn(area.center())
                return True
        return False

    def _set_zoom(self, zoom: float) -> None:
        self._fit = None
        self._zoom_field = None
        self.zoom = max(ZOOM_MIN, min(ZOOM_MAX, zoom))
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        self.resetTransform()
        self.scale(self.zoom, self.zoom)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._fit:
            self._fit_now()

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            (self.zoom_in if event.angleDelta().y() > 0 else self.zoom_out)()
        else:
            super().wheelEvent(event)

