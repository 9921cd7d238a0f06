"""A person's life on a timeline, in a window of its own beside the catalogue: hover an item for
its citations and findings, click it to open its record, export the picture as SVG or PNG."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QImageReader, QMouseEvent, QPainter, QPixmap
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QFileDialog,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from archive_app.catalog.importing.placement import resolve
from archive_app.catalog.importing.thumbnails import ThumbnailCache
from archive_app.catalog.timeline import TimelineItem, person_timeline
from archive_app.gui.timeline_scene import THUMB, build_scene


class TimelineView(QGraphicsView):
    """Emits `open_record(type, id)` when an item is clicked."""

    open_record = Signal(str, int)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        for item in self.items(event.position().toPoint()):
            record = item.data(0)
            if record:
                self.open_record.emit(record[0], int(record[1]))
                return
        super().mousePressEvent(event)


def export_svg(scene: QGraphicsScene, path: Path, title: str) -> None:
    rect = scene.sceneRect()
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(int(rect.width()), int(rect.height())))
    generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
    generator.setTitle(title)
    painter = QPainter(generator)
    scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
    painter.end()


def export_png(scene: QGraphicsScene, path: Path, scale: float = 2.0) -> bool:
    rect = scene.sceneRect()
    image = QImage(
        int(rect.width() * scale), int(rect.height() * scale), QImage.Format.Format_ARGB32
    )
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(image.rect()), rect)
    painter.end()
    return image.save(str(path))


class TimelineWindow(QWidget):
    open_record = Signal(str, int)

    def __init__(self, person_id: int, cache: ThumbnailCache | None = None) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.cache = cache
        self.timeline = person_timeline(person_id)
        self.setWindowTitle(f"Timeline: {self.timeline.name}")
        self.scene = build_scene(self.timeline, self.thumbnail)
        self.view = TimelineView(self.scene)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setBackgroundBrush(QColor("white"))
        self.view.open_record.connect(self.open_record)
        self.status = QLabel("Hover an item for its sources; click it to open its record.")
        svg = QPushButton("Export SVG…")
        png = QPushButton("Export PNG…")
        svg.clicked.connect(lambda: self.export("svg"))
        png.clicked.connect(lambda: self.export("png"))
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(svg)
        bar.addWidget(png)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        self.resize(1500, 640)

    def thumbnail(self, item: TimelineItem) -> QPixmap | None:
        cached = self.cache.path_for(item.sha256) if self.cache and item.sha256 else None
        path = cached or (resolve(item.file_path) if item.file_path else None)
        if path is None:
            return None
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid():
            reader.setScaledSize(size.scaled(int(THUMB) * 2, int(THUMB) * 2,
                                             Qt.AspectRatioMode.KeepAspectRatio))  # fmt: skip
        image = reader.read()
        return None if image.isNull() else QPixmap.fromImage(image)

    def export(self, kind: str, target: str | None = None) -> bool:
        if target is None:
            name = f"{self.timeline.name}-timeline.{kind}".replace(" ", "-")
            target, _ = QFileDialog.getSaveFileName(
                self, f"Export timeline as {kind.upper()}", name, f"{kind.upper()} (*.{kind})"
            )
            if not target:
                return False
        path = Path(target)
        if kind == "svg":
            export_svg(self.scene, path, f"Timeline: {self.timeline.name}")
            done = path.is_file()
        else:
            done = export_png(self.scene, path)
        self.status.setText(f"Exported {path.name}." if done else f"Could not write {path}.")
        return done
