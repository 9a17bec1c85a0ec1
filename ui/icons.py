"""State icons and page thumbnails drawn in code: crisp at any scale factor, no files to lose.

Colour is never the only signal: accepted is a green circle with ✓, to-check an amber diamond with
?, error a red triangle with !. The colours pass WCAG contrast against white text and a light
background. Blank pages are drawn greyed with a hatch so they read as "dropped" without colour.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QImage, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from station.model import DocState

# High-contrast state colours (dark enough for white glyphs: contrast ≥ 4.5:1).
GREEN = QColor("#1b6e20")
AMBER = QColor("#8a5a00")
RED = QColor("#b00020")
FIELD_OUTLINE = QColor("#0050c8")


def _shape(state: DocState, rect: QRectF) -> QPainterPath:
    path = QPainterPath()
    if state is DocState.ACCEPTED:
        path.addEllipse(rect)
    elif state is DocState.TO_CHECK:
        c = rect.center()
        path.addPolygon(
            QPolygonF([QPointF(c.x(), rect.top()), QPointF(rect.right(), c.y()),
                       QPointF(c.x(), rect.bottom()), QPointF(rect.left(), c.y())])
        )
    else:
        path.addPolygon(
            QPolygonF([QPointF(rect.center().x(), rect.top()), rect.bottomRight(), rect.bottomLeft()])
        )
    path.closeSubpath()
    return path


GLYPHS = {DocState.ACCEPTED: "✓", DocState.TO_CHECK: "?", DocState.ERROR: "!"}
COLOURS = {DocState.ACCEPTED: GREEN, DocState.TO_CHECK: AMBER, DocState.ERROR: RED}


@lru_cache(maxsize=8)
def state_icon(state: DocState, size: int = 32) -> QIcon:
    """The document state as icon: shape, glyph and colour all say the same thing."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = QRectF(1, 1, size - 2, size - 2)
    p.fillPath(_shape(state, rect), COLOURS[state])
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * (0.5 if state is DocState.ERROR else 0.6)))
    p.setFont(font)
    p.setPen(QColor("white"))
    text_rect = rect.adjusted(0, size * 0.15, 0, 0) if state is DocState.ERROR else rect
    p.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, GLYPHS[state])
    p.end()
    return QIcon(pix)


def blank_overlay(image: QImage) -> QImage:
    """A greyed, hatched copy of a blank page's thumbnail."""
    out = image.convertToFormat(QImage.Format.Format_ARGB32)
    p = QPainter(out)
    p.fillRect(out.rect(), QColor(128, 128, 128, 110))
    p.fillRect(out.rect(), QBrush(QColor(60, 60, 60, 160), Qt.BrushStyle.BDiagPattern))
    p.setPen(QPen(QColor(40, 40, 40), 1))
    p.drawRect(out.rect().adjusted(0, 0, -1, -1))
    p.end()
    return out


def framed(image: QImage) -> QImage:
    """A thumbnail with a thin dark frame, so a white page stands out from a white list."""
    out = image.convertToFormat(QImage.Format.Format_ARGB32)
    p = QPainter(out)
    p.setPen(QPen(QColor(90, 90, 90), 1))
    p.drawRect(out.rect().adjusted(0, 0, -1, -1))
    p.end()
    return out


def placeholder_thumb(width: int = 90, height: int = 127) -> QImage:
    """A page not yet on screen: a light sheet with a border."""
    img = QImage(width, height, QImage.Format.Format_RGB32)
    img.fill(QColor("#f4f4f4"))
    p = QPainter(img)
    p.setPen(QPen(QColor("#707070"), 1))
    p.drawRect(0, 0, width - 1, height - 1)
    p.end()
    return img


SCANNER_STATES = {  # colour, glyph: the glyph and the words beside it say it without colour too
    "ready": (GREEN, "✓"),
    "running": (QColor("#0050c8"), "▶"),
    "stopping": (AMBER, "‖"),
    "fault": (RED, "!"),
}


def scanner_dot(state: str, size: int) -> QImage:
    """A round scanner-state badge: colour plus glyph."""
    colour, glyph = SCANNER_STATES.get(state, (AMBER, "?"))
    size = max(12, size)
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    font = QFont()
    font.setPixelSize(int(size * 0.62))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, glyph)
    painter.end()
    return image
