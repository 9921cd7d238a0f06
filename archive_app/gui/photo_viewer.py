"""The photo viewer: zoom (fit, 100 %, wheel), pan, and people's regions on the image.

A large scan opens at once: a preview of at most PREVIEW_EDGE pixels is decoded first (Qt's
image reader decodes JPEG at a reduced size directly), stretched over the image's full pixel
size; the full-resolution image is decoded in a worker thread only when the user zooms past what
the preview can show, and swapped in when ready. The GUI thread never decodes a full scan.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QPointF, QRectF, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter, QPen, QPixmap, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
)

from archive_app.catalog.links import Region
from archive_app.gui.pillow_images import pillow_image, pillow_size
from archive_app.gui.region_item import RegionItem

PREVIEW_EDGE = 2048
ZOOM_STEP = 1.25
MIN_SCALE, MAX_SCALE = 0.01, 16.0


def read_image(path: str, max_edge: int | None) -> QImage:
    """Decode an image, scaled so its longer edge is at most `max_edge` (None: full size)."""
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    size = reader.size()
    if max_edge and size.isValid() and max(size.width(), size.height()) > max_edge:
        factor = max_edge / max(size.width(), size.height())
        reader.setScaledSize(
            QSize(max(1, int(size.width() * factor)), max(1, int(size.height() * factor)))
        )
    image = reader.read()
    return image if not image.isNull() else pillow_image(path, max_edge)


class _FullImageSignals(QObject):
    done = Signal(str, QImage)


class _FullImageJob(QRunnable):
    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.signals = _FullImageSignals()

    def run(self) -> None:
        self.signals.done.emit(self.path, read_image(self.path, None))


class PhotoViewer(QGraphicsView):
    """Shows one photograph with its regions. Signals carry what the user did; the owner turns
    them into undoable catalogue commands."""

    region_drawn = Signal(object)  # Region
    region_changed = Signal(int, object, object)  # link id, before, after
    region_clicked = Signal(int, int)  # link id, person id
    region_delete_requested = Signal(int)  # link id
    full_image_loaded = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("photo_viewer")
        self.scene_ = QGraphicsScene(self)
        #: whether regions may be drawn, moved and deleted (not in a read-only catalogue)
        self.editable = True
        self.setScene(self.scene_)
        self.setRenderHints(
            QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing
        )
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setBackgroundBrush(QColor("#2b2b2b"))
        self.pixmap_item = QGraphicsPixmapItem()
        self.pixmap_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene_.addItem(self.pixmap_item)
        self.path: str | None = None
        self.image_size = (0, 0)
        self.preview_scale = 1.0  # image pixels per preview pixel
        self.full_loaded = False
        self._full_requested = False
        self.regions: dict[int, RegionItem] = {}
        self.drawing = False
        self._draw_start: QPointF | None = None
        self._rubber: QGraphicsRectItem | None = None
        self.message = ""
        self.pool = QThreadPool.globalInstance()

    # --- the image ---------------------------------------------------------------------------

    def show_photo(self, path: str | None, size_hint: tuple[int, int] | None = None) -> bool:
        """Show a file (a preview first); False, with `message` set, when it cannot be read."""
        self.clear_regions()
        self.path, self.full_loaded, self._full_requested = path, False, False
        self.pixmap_item.setPixmap(QPixmap())
        if not path or not Path(path).is_file():
            self.message = "The image file is missing." if path else "No image file."
            self.image_size = size_hint or (0, 0)
            return False
        reader = QImageReader(path)
        reader.setAutoTransform(True)
        if not reader.canRead():
            return self._show_through_pillow(path, reader.errorString())
        full = reader.size()
        preview = read_image(path, PREVIEW_EDGE)
        if preview.isNull():
            self.message = f"The image cannot be read: {reader.errorString()}"
            return False
        width, height = (
            (full.width(), full.height()) if full.isValid() else (preview.width(), preview.height())
        )
        if (preview.width() > preview.height()) != (width > height) and width != height:
            width, height = height, width  # EXIF rotation swapped the edges
        self.image_size = (width, height)
        self.preview_scale = width / preview.width()
        self.full_loaded = self.preview_scale <= 1.0
        self.pixmap_item.setPixmap(QPixmap.fromImage(preview))
        self.pixmap_item.setScale(self.preview_scale)
        self.scene_.setSceneRect(QRectF(0, 0, width, height))
        self.message = ""
        self.fit()
        return True

    def _show_through_pillow(self, path: str, qt_said: str) -> bool:
        """A file Qt has no plugin for (HEIC): its size from the header at once, its pixels
        decoded by Pillow in the pool (a phone's photo takes a second: not on the GUI thread)."""
        shown = pillow_size(path)
        if shown is None:
            self.message = f"The image cannot be read: {qt_said}"
            return False
        self.image_size = shown
        self.preview_scale = 1.0
        self.scene_.setSceneRect(QRectF(0, 0, *shown))
        self.message = ""
        self.fit()
        self._full_requested = True
        job = _FullImageJob(path)
        job.signals.done.connect(self._full_ready)
        self.pool.start(job)
        return True

    def _maybe_load_full(self) -> None:
        if self.full_loaded or self._full_requested or self.path is None:
            return
        # Screen pixels per image pixel; past 1/preview_scale the preview is being magnified.
        if self.transform().m11() * self.preview_scale <= 1.05:
            return
        self._full_requested = True
        job = _FullImageJob(self.path)
        job.signals.done.connect(self._full_ready)
        self.pool.start(job)

    def _full_ready(self, path: str, image: QImage) -> None:
        if path != self.path or image.isNull():
            return
        self.pixmap_item.setPixmap(QPixmap.fromImage(image))
        self.pixmap_item.setScale(self.image_size[0] / image.width())
        self.full_loaded = True
        self.full_image_loaded.emit()

    # --- zoom and pan ------------------------------------------------------------------------

    def fit(self) -> None:
        if self.image_size[0]:
            self.fitInView(self.scene_.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def actual_size(self) -> None:
        self.resetTransform()
        self._maybe_load_full()

    def zoom(self, factor: float) -> None:
        current = self.transform().m11()
        target = min(max(current * factor, MIN_SCALE), MAX_SCALE)
        self.scale(target / current, target / current)
        self._maybe_load_full()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(ZOOM_STEP**steps)
        event.accept()

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001
        super().resizeEvent(event)
        if self.image_size[0] and not self.full_loaded and self.transform().m11() < 1:
            self.fit()

    # --- regions -----------------------------------------------------------------------------

    def clear_regions(self) -> None:
        for item in self.regions.values():
            self.scene_.removeItem(item)
        self.regions.clear()

    def set_regions(self, regions: list[tuple[int, int, str, Region]]) -> None:
        """(link id, person id, name, region) for each person with a rectangle."""
        self.clear_regions()
        if not self.image_size[0]:
            return
        for link_id, person_id, name, region in regions:
            item = RegionItem(
                link_id,
                person_id,
                name,
                region,
                self.image_size,
                self._item_changed,
                self._item_clicked,
            )
            item.fixed = not self.editable
            self.scene_.addItem(item)
            self.regions[link_id] = item

    def _item_changed(self, item: RegionItem, before: Region, after: Region) -> None:
        self.region_changed.emit(item.link_id, before, after)

    def _item_clicked(self, item: RegionItem) -> None:
        self.region_clicked.emit(item.link_id, item.person_id)

    def set_drawing(self, drawing: bool) -> None:
        """In drawing mode a drag on the image draws a new rectangle instead of panning."""
        drawing = drawing and self.editable
        self.drawing = drawing
        self.setDragMode(
            QGraphicsView.DragMode.NoDrag if drawing else QGraphicsView.DragMode.ScrollHandDrag
        )
        self.viewport().setCursor(
            Qt.CursorShape.CrossCursor if drawing else Qt.CursorShape.OpenHandCursor
        )

    def mousePressEvent(self, event) -> None:  # noqa: N802, ANN001
        if self.drawing and event.button() == Qt.MouseButton.LeftButton and self.image_size[0]:
            self._draw_start = self.mapToScene(event.position().toPoint())
            pen = QPen(QColor("#4fc3f7"), 2, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
            self._rubber = self.scene_.addRect(QRectF(self._draw_start, self._draw_start), pen)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802, ANN001
        if self._rubber is not None and self._draw_start is not None:
            here = self.mapToScene(event.position().toPoint())
            self._rubber.setRect(QRectF(self._draw_start, here).normalized())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802, ANN001
        if self._rubber is not None:
            rect = self._rubber.rect()
            self.scene_.removeItem(self._rubber)
            self._rubber, self._draw_start = None, None
            width, height = self.image_size
            region = Region(
                rect.x() / width, rect.y() / height, rect.width() / width, rect.height() / height
            ).clamped()
            if region.w * width >= 4 and region.h * height >= 4:
                self.region_drawn.emit(region)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802, ANN001
        if self.editable and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            for item in self.scene_.selectedItems():
                if isinstance(item, RegionItem):
                    self.region_delete_requested.emit(item.link_id)
                    event.accept()
                    return
        super().keyPressEvent(event)
