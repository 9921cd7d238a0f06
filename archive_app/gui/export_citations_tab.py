"""The Citations tab of the export dialog: a citation list in any CSL style, in the style's own
language or one chosen, previewed as it will be saved, copied to the clipboard or saved as text,
HTML, RTF, DOCX, BibTeX, RIS or CSL-JSON.

Every change of list, style or format restarts a short timer; when it runs out the list is made
in a pool thread (pandoc runs in a subprocess and a long list takes seconds). Results carry a
serial number and only the latest is shown, so Copy and Save always give what the preview shows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, QMimeData, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from archive_app.catalog.errors import CatalogError
from archive_app.catalog.sources.styles import LOCALES, default_locale, find_style
from archive_app.gui.background_job import BackgroundJob, first_line
from archive_app.gui.export_worker import (
    CITATION_FORMATS,
    CitationOutput,
    CitationRequest,
    Scope,
    format_citations,
    write_file,
)
from archive_app.gui.style_picker import StylePicker

DEBOUNCE_MS = 250
ERROR_STYLE = "color: #b3261e;"
LIST_LABELS = {
    "bibliography": "Bibliography of the sources cited",
    "by-record": "By record: each record with its citations as notes",
    "photos": "The photographs as archival items",
}
FORMAT_LABELS = {
    "text": "Plain text",
    "html": "HTML",
    "rtf": "RTF (word processors)",
    "docx": "Word document (DOCX)",
    "bibtex": "BibTeX",
    "ris": "RIS",
    "csl-json": "CSL-JSON",
}
OWN_LOCALE = "The style's own"


def locale_label(code: str) -> str:
    """`de-DE — Deutsch (Deutschland)`: the code and the language's own name for itself."""
    locale = QLocale(code.replace("-", "_"))
    if locale.language() == QLocale.Language.C:
        return code
    name = locale.nativeLanguageName()
    if "-" in code and locale.nativeTerritoryName():
        name = f"{name} ({locale.nativeTerritoryName()})"
    return f"{code} — {name}" if name else code


EMPTY = {
    "bibliography": "Nothing to list: the records in scope cite no sources.",
    "by-record": "Nothing to list: the records in scope carry no citations.",
    "photos": "Nothing to list: there are no photographs in scope.",
}


class CitationsTab(QWidget):
    """`formatted` is emitted when the preview shows the latest list (or its error)."""

    formatted = Signal()

    def __init__(self, scope: Callable[[], Scope], archive_name: str) -> None:
        super().__init__()
        self.scope = scope
        self.list_kind = QComboBox()
        self.list_kind.setObjectName("list_kind")
        for kind, text in LIST_LABELS.items():
            self.list_kind.addItem(text, kind)
        self.format = QComboBox()
        self.format.setObjectName("citation_format")
        for fmt, text in FORMAT_LABELS.items():
            self.format.addItem(text, fmt)
        self.locale = QComboBox()
        self.locale.setObjectName("citation_locale")
        self.locale.setToolTip("The language of the style's terms and dates")
        self.locale.addItem(OWN_LOCALE, "")
        for code in LOCALES:
            self.locale.addItem(locale_label(code), code)
        self.archive_name = QLineEdit(archive_name)
        self.archive_name.setObjectName("citation_archive_name")
        self.archive_name.setPlaceholderText("the archive's name, printed in each citation")
        self.picker = StylePicker()
        self.preview = QTextBrowser()
        self.preview.setObjectName("citation_preview")
        self.preview.setOpenLinks(False)
        self.status = QLabel()
        self.status.setObjectName("citation_status")
        self.status.setWordWrap(True)
        self.copy_button = QPushButton("Copy to clipboard")
        self.copy_button.setObjectName("copy_citations")
        self.save_button = QPushButton("Save…")
        self.save_button.setObjectName("save_citations")

        options = QFormLayout()
        options.addRow("List", self.list_kind)
        options.addRow("Format", self.format)
        options.addRow("Language", self.locale)
        options.addRow("Archive", self.archive_name)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(options)
        left_layout.addWidget(QLabel("<b>Citation style</b>"))
        left_layout.addWidget(self.picker, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel("<b>Preview</b>"))
        right_layout.addWidget(self.preview, 1)
        right_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._start)
        self.serial = 0
        self.shown_serial = -1
        self.output: CitationOutput | None = None
        self.error: str | None = None
        self.list_kind.currentIndexChanged.connect(self._options_changed)
        self.format.currentIndexChanged.connect(self._options_changed)
        self.locale.currentIndexChanged.connect(self.schedule)
        self.archive_name.textChanged.connect(self.schedule)
        self.picker.style_chosen.connect(self._style_chosen)
        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(lambda: self.save())
        self._style_chosen(self.picker.current_style())
        self._options_changed()

    # --- formatting --------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True until the preview shows the list for the options as they stand."""
        return self.timer.isActive() or self.shown_serial != self.serial

    def request(self) -> CitationRequest:
        return CitationRequest(
            scope=self.scope(),
            list_kind=self.list_kind.currentData(),
            style=self.picker.current_style(),
            fmt=self.format.currentData(),
            archive_name=" ".join(self.archive_name.text().split()),
            locale=self.locale.currentData() or "",
        )

    def _style_chosen(self, name: str) -> None:
        """Name the chosen style's own language in the first entry of the Language list."""
        try:
            own = default_locale(find_style(name))
        except CatalogError:
            own = None
        self.locale.setItemText(0, f"{OWN_LOCALE} ({own or 'en-US'})")
        self.schedule()

    def _options_changed(self) -> None:
        machine = self.format.currentData() in ("bibtex", "ris", "csl-json")
        self.list_kind.setEnabled(not machine)
        self.picker.setEnabled(not machine)
        self.locale.setEnabled(not machine)
        self.archive_name.setEnabled(not machine and self.list_kind.currentData() == "photos")
        self.schedule()

    def schedule(self) -> None:
        """Format again once the options stop changing."""
        self.copy_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.timer.start()

    def _start(self) -> None:
        self.serial += 1
        request = self.request()
        self.status.setText("Formatting…")
        self.status.setStyleSheet("")
        job = BackgroundJob(self.serial, lambda: format_citations(request))
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        self.pool.start(job)

    def _done(self, serial: int, output: CitationOutput) -> None:
        if serial != self.serial:
            return
        self.output, self.error = output, None
        if output.empty:
            self.preview.setPlainText("")
            kind = "bibliography" if self.format.currentData() in ("bibtex", "ris") else None
            self.status.setText(EMPTY[kind or self.list_kind.currentData()])
        else:
            if self.format.currentData() == "html" and output.html is not None:
                self.preview.setHtml(output.html)
            else:
                self.preview.setPlainText(output.text)
            self.status.setText(self._describe(output))
        self.copy_button.setEnabled(not output.empty)
        self.save_button.setEnabled(not output.empty)
        self.shown_serial = serial
        self.formatted.emit()

    def _describe(self, output: CitationOutput) -> str:
        size = len(output.content)
        unit = "bytes" if isinstance(output.content, bytes) else "characters"
        return f"{FORMAT_LABELS[self.format.currentData()]}, {size:,} {unit}"

    def _failed(self, serial: int, message: str) -> None:
        if serial != self.serial:
            return
        self.output, self.error = None, message
        self.preview.clear()
        self.status.setText(message)
        self.status.setStyleSheet(ERROR_STYLE)
        self.shown_serial = serial
        self.formatted.emit()

    # --- handing it out ----------------------------------------------------------------------

    def copy(self) -> bool:
        """Put the list on the clipboard: plain text always; for HTML, RTF and DOCX also the
        formatted list (HTML, and RTF for RTF) that word processors paste with its italics."""
        output = self.output
        if output is None or self.busy:
            return False
        data = QMimeData()
        data.setText(output.text)
        fmt = self.format.currentData()
        if fmt in ("html", "rtf", "docx") and output.html:
            data.setHtml(output.html)
        if fmt == "rtf" and isinstance(output.content, bytes):
            data.setData("text/rtf", output.content)
            data.setData("application/rtf", output.content)
        QApplication.clipboard().setMimeData(data)
        self.status.setText("Copied to the clipboard.")
        return True

    def save(self, path: str | None = None) -> bool:
        """Write the list to a file (asking where when `path` is not given)."""
        output = self.output
        if output is None or self.busy:
            return False
        suffix = CITATION_FORMATS[self.format.currentData()]
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Save citations", f"citations{suffix}", f"*{suffix};;All files (*)"
            )
        if not path:
            return False
        target = Path(path)
        try:
            write_file(target, output.content)
        except Exception as exc:  # one line in the dialog, never a crash
            self.status.setText(first_line(f"Not saved: {getattr(exc, 'strerror', None) or exc}"))
            self.status.setStyleSheet(ERROR_STYLE)
            return False
        self.status.setText(f"Saved {target}")
        self.status.setStyleSheet("")
        return True
