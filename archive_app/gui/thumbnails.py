"""Thumbnails for the lists, made off the GUI thread, for the rows on screen only.

The views ask for a row's icon only when they paint it, so only visible rows are requested. A
request returns a placeholder at once and queues the decoding; the most recently requested
image is decoded first (what the user scrolled to last is what they are looking at), a few at a
time on a thread pool, and each finished thumbnail is announced with `ready(key)`. Decoded
thumbnails are kept in a bounded in-memory cache.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QImageReader, QPainter, QPixmap

from archive_app.gui.pillow_images import pillow_image

THUMBNAIL_EDGE = 160
CACHE_ITEMS = 2000
CONCURRENT_JOBS = 4


def decode_thumbnail(path: str, edge: int = THUMBNAIL_EDGE) -> QImage:
    """A small image of the file, decoded at reduced size where the format allows it."""
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > edge:
        scaled = size.scaled(QSize(edge, edge), Qt.AspectRatioMode.KeepAspectRatio)
        reader.setScaledSize(scaled)
    image = reader.read()
    if image.isNull():
        image = pillow_image(path, edge)
    if not image.isNull() and max(image.width(), image.height()) > edge:
        image = image.scaled(
            edge,
            edge,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return image


def placeholder(text: str = "", edge: int = THUMBNAIL_EDGE) -> QPixmap:
    pixmap = QPixmap(edge, int(edge * 0.75))
    pixmap.fill(QColor("#d9d4c7"))
    if text:
        painter = QPainter(pixmap)
        painter.setPen(QColor("#6b6455"))
        painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
    return pixmap


class _Signals(QObject):
    done = Signal(object, QImage)


class _Job(QRunnable):
    def __init__(self, key: object, path: str) -> None:
        super().__init__()
        self.key = key
        self.path = path
        self.signals = _Signals()

    def run(self) -> None:
        image = decode_thumbnail(self.path) if Path(self.path).is_file() else QImage()
        self.signals.done.emit(self.key, image)


class ThumbnailLoader(QObject):
    ready = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(CONCURRENT_JOBS)
        self.cache: OrderedDict[object, QIcon] = OrderedDict()
        self.pending: OrderedDict[object, str] = OrderedDict()  # newest last
        self.running: set[object] = set()
        self.failed: set[object] = set()
        self.loading_icon = QIcon(placeholder("…"))
        self.missing_icon = QIcon(placeholder("no image"))

    def icon(self, key: object, path: Callable[[], str | None]) -> QIcon:
        """The thumbnail of `key`, or a placeholder while it is made; `path` is asked for the
        file to decode only when the thumbnail is not cached yet."""
        if key in self.cache:
            self.cache.move_to_end(key)
            return self.cache[key]
        if key in self.failed:
            return self.missing_icon
        if key in self.running or key in self.pending:
            return self.loading_icon
        source = path()
        if not source:
            self.failed.add(key)
            return self.missing_icon
        return self._queue(key, source)

    def _queue(self, key: object, path: str) -> QIcon:
        if key not in self.running:
            self.pending.pop(key, None)
            self.pending[key] = path
            self._start_more()
        return self.loading_icon

    def _start_more(self) -> None:
        while self.pending and len(self.running) < CONCURRENT_JOBS:
            key, path = self.pending.popitem(last=True)  # the most recent request first
            job = _Job(key, path)
            job.signals.done.connect(self._done)
            self.running.add(key)
            self.pool.start(job)

    def _done(self, key: object, image: QImage) -> None:
        self.running.discard(key)
        if image.isNull():
            self.failed.add(key)
        else:
            self.cache[key] = QIcon(QPixmap.fromImage(image))
            while len(self.cache) > CACHE_ITEMS:
                self.cache.popitem(last=False)
        self.ready.emit(key)
        self._start_more()

    def forget(self) -> None:
        """Drop what is queued (the list changed); keep what is cached."""
        self.pending.clear()

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)
