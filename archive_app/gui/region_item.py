"""A person's rectangle on a photograph: labelled, movable, resizable from its corner.

Scene coordinates are the image's pixels; the catalogue stores fractions of the image (0-1), so
a region survives any display size. The item reports a finished move or resize once, on release,
so one drag is one undoable command.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
)

from archive_app.catalog.links import Region

HANDLE = 14.0  # the resize handle's size, in screen pixels
CLICK_SLOP = 3.0  # a press and release closer than this (screen pixels) is a click, not a drag


class RegionItem(QGraphicsRectItem):
    def __init__(
        self,
        link_id: int,
        person_id: int,
        name: str,
        region: Region,
        image_size: tuple[int, int],
        on_changed: Callable[[RegionItem, Region, Region], None],
        on_clicked: Callable[[RegionItem], None],
    ) -> None:
        super().__init__()
        self.link_id = link_id
        self.person_id = person_id
        self.name = name
        self.image_w, self.image_h = image_size
        self.on_changed = on_changed
        self.on_clicked = on_clicked
        self.region = region
        self._press_pos: QPointF | None = None
        #: a region of a read-only catalogue: a click opens its person, it cannot be moved
        self.fixed = False
        self._resizing = False
        self._start_rect = QRectF()
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
        )
        self.setAcceptHoverEvents(True)
        self.setToolTip(name)
        self.setZValue(10)
        pen = QPen(QColor("#ffd54f"), 3)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setBrush(QBrush(QColor(255, 213, 79, 28)))
        self.caption = QGraphicsSimpleTextItem(name, self)
        font = QFont()
        font.setBold(True)
        font.setPointSize(11)
        self.caption.setFont(font)
        self.caption.setBrush(QBrush(QColor("#ffffff")))
        self.caption.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.caption_back = QGraphicsRectItem(self)
        self.caption_back.setBrush(QBrush(QColor(0, 0, 0, 170)))
        self.caption_back.setPen(QPen(Qt.PenStyle.NoPen))
        self.caption_back.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.caption.setParentItem(self.caption_back)
        self.set_region(region)

    # --- geometry ----------------------------------------------------------------------------

    def set_region(self, region: Region) -> None:
        self.region = region
        self.setRect(
            QRectF(
                region.x * self.image_w,
                region.y * self.image_h,
                region.w * self.image_w,
                region.h * self.image_h,
            )
        )
        self._place_caption()

    def _place_caption(self) -> None:
        text = self.caption.boundingRect()
        self.caption_back.setRect(QRectF(0, 0, text.width() + 8, text.height() + 4))
        self.caption.setPos(4, 2)
        self.caption_back.setPos(self.rect().topLeft())

    def region_of_rect(self, rect: QRectF) -> Region:
        return Region(
            rect.x() / self.image_w,
            rect.y() / self.image_h,
            rect.width() / self.image_w,
            rect.height() / self.image_h,
        ).clamped()

    def _handle_size(self) -> float:
        view_scale = self.scene().views()[0].transform().m11() if self.scene().views() else 1.0
        return HANDLE / max(view_scale, 1e-6)

    def _in_handle(self, pos: QPointF) -> bool:
        size = self._handle_size()
        corner = self.rect().bottomRight()
        return corner.x() - size <= pos.x() <= corner.x() + 2 and corner.y() - size <= pos.y()

    # --- interaction -------------------------------------------------------------------------

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        shape = (
            Qt.CursorShape.SizeFDiagCursor
            if self._in_handle(event.pos())
            else Qt.CursorShape.PointingHandCursor
        )
        self.setCursor(shape)
        super().hoverMoveEvent(event)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self._press_pos = event.scenePos()
        self._resizing = self._in_handle(event.pos())
        self._start_rect = QRectF(self.rect())
        self.setSelected(True)
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self._press_pos is None or self.fixed:
            return
        delta = event.scenePos() - self._press_pos
        rect = QRectF(self._start_rect)
        if self._resizing:
            rect.setWidth(max(rect.width() + delta.x(), 4))
            rect.setHeight(max(rect.height() + delta.y(), 4))
        else:
            rect.translate(delta)
            # A moved region slides along the image's edge instead of shrinking.
            rect.moveLeft(min(max(rect.left(), 0.0), self.image_w - rect.width()))
            rect.moveTop(min(max(rect.top(), 0.0), self.image_h - rect.height()))
        self.setRect(_rect_of(self, rect))
        self._place_caption()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self._press_pos is None:
            return
        moved = event.scenePos() - self._press_pos
        scale = self.scene().views()[0].transform().m11() if self.scene().views() else 1.0
        self._press_pos = None
        if self.fixed or (
            abs(moved.x()) * scale < CLICK_SLOP and abs(moved.y()) * scale < CLICK_SLOP
        ):
            self.setRect(self._start_rect)
            self._place_caption()
            self.on_clicked(self)
            return
        before = self.region
        after = self.region_of_rect(self.rect())
        self.set_region(after)
        self.on_changed(self, before, after)


def _rect_of(item: RegionItem, rect: QRectF) -> QRectF:
    """The rectangle pulled inside the image, in scene pixels."""
    inside = item.region_of_rect(rect)
    return QRectF(
        inside.x * item.image_w,
        inside.y * item.image_h,
        inside.w * item.image_w,
        inside.h * item.image_h,
    )
