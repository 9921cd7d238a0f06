"""A live preview of one source as a style prints it: its bibliography entry and its note (or
in-text citation), as the archivist types.

Formatting runs pandoc in a subprocess, a tenth of a second or more, so it never runs on the GUI
thread: each change restarts a short timer, and when it runs out the CSL item (built on the GUI
thread, where the catalogue is read) goes to a worker in a thread pool with a serial number. A
result whose serial is no longer the latest is dropped, so a slow run never overwrites a newer
one. The worker only runs the engine; it never touches the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QThreadPool, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from archive_app.catalog.sources.render import Cite, render
from archive_app.catalog.sources.styles import TOP_STYLES, available_styles, find_style
from archive_app.gui.background_job import BackgroundJob, first_line

DEBOUNCE_MS = 300
ERROR_STYLE = "color: #b3261e;"


class PreviewText:
    """What the style made of the item: (text, html) of the bibliography entry and the note."""

    def __init__(self, entry: tuple[str, str], note: tuple[str, str], note_label: str) -> None:
        self.entry_text, self.entry_html = entry
        self.note_text, self.note_html = note
        self.note_label = note_label


def preview_text(item: dict[str, Any], style_name: str) -> PreviewText:
    """The item's bibliography entry and note in a style (runs in a pool thread: the engine
    only, never the catalogue)."""
    style = find_style(style_name)
    rendered = render([item], style, [Cite(str(item["id"]))])
    entry = rendered.bibliography[0] if rendered.bibliography else None
    note = rendered.citations[0] if rendered.citations else None
    return PreviewText(
        (entry.text, entry.html) if entry else ("", ""),
        (note.text, note.html) if note else ("", ""),
        "Note" if style.is_note else "In the text",
    )


class CitationPreview(QWidget):
    """The preview box of the source editor: a style chooser (the five top styles) and the
    formatted entry and note. Call `request(make_item)` whenever the source changes: `make_item`
    is called on the GUI thread once the typing pauses, and gives the CSL item (or None)."""

    updated = Signal()  # a result (or an error) is on show

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.style = QComboBox()
        self.style.setObjectName("preview_style")
        # Style titles are long; sized to them the box would widen the whole editor.
        self.style.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.style.setMinimumContentsLength(16)
        titles = dict(available_styles())
        for style_id in TOP_STYLES:
            self.style.addItem(titles.get(style_id, style_id), style_id)
        self.view = QTextBrowser()
        self.view.setObjectName("source_preview")
        self.view.setOpenLinks(False)
        self.view.setMaximumHeight(150)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("preview_status")
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>Preview</b>"))
        top.addWidget(self.style, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view)
        layout.addWidget(self.status)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._start)
        self.style.currentIndexChanged.connect(lambda _index: self.timer.start())
        self.make_item: Callable[[], dict[str, Any] | None] | None = None
        self.serial = 0
        self.shown_serial = 0
        self.result: PreviewText | None = None
        self.error: str | None = None

    @property
    def busy(self) -> bool:
        """True until the latest item's preview is on show."""
        return self.timer.isActive() or self.shown_serial != self.serial

    def request(self, make_item: Callable[[], dict[str, Any] | None]) -> None:
        self.make_item = make_item
        self.timer.start()

    def clear(self) -> None:
        self.timer.stop()
        self.serial += 1
        self.shown_serial = self.serial
        self.result, self.error = None, None
        self.view.clear()
        self.status.clear()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        # A hidden preview formats nothing: a closing window must not read a catalogue that
        # is about to be closed when the typing pause runs out.
        if self.timer.isActive():
            self.timer.stop()
            self.shown_serial = self.serial
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.make_item is not None and self.shown_serial == self.serial:
            self.timer.start()  # the form may have changed while the preview was away

    def _start(self) -> None:
        try:
            item = self.make_item() if self.make_item is not None else None
        except Exception as exc:  # the catalogue went away under the form: say so, keep going
            self._failed(self.serial, first_line(f"the preview failed: {exc}"))
            return
        if item is None:
            self.clear()
            return
        self.serial += 1
        self.status.setText("Formatting…")
        self.status.setStyleSheet("")
        style_name = self.style.currentData()
        job = BackgroundJob(self.serial, lambda: preview_text(item, style_name))
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        self.pool.start(job)

    def _done(self, serial: int, result: PreviewText) -> None:
        if serial != self.serial:
            return
        self.result, self.error = result, None
        parts = []
        if result.entry_html:
            parts.append(f"<p><b>Bibliography</b><br>{result.entry_html}</p>")
        if result.note_html:
            parts.append(f"<p><b>{escape(result.note_label)}</b><br>{result.note_html}</p>")
        self.view.setHtml("".join(parts))
        self.status.clear()
        self.shown_serial = serial
        self.updated.emit()

    def _failed(self, serial: int, message: str) -> None:
        if serial != self.serial:
            return
        self.result, self.error = None, message
        self.view.clear()
        self.status.setText(message)
        self.status.setStyleSheet(ERROR_STYLE)
        self.shown_serial = serial
        self.updated.emit()
