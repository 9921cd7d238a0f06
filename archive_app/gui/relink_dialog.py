"""Tools > Relink missing files…: choose a folder; the missing photographs' files are found in
it by content (size first), in the background with progress and cancel, and relinked in one
change; the dialog then says what was relinked, what is ambiguous and what is still missing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from archive_app.catalog.relink import RelinkReport, relink
from archive_app.gui.cancellable_job import CancellableJob
from archive_app.gui.write_guard import WriteButton


def report_text(report: RelinkReport) -> str:
    lines = [f"Relinked {m.accession}: {new}" for m, new in report.relinked]
    lines += [f"Ambiguous {m.accession}: {', '.join(found)}" for m, found in report.ambiguous]
    lines += [f"Still missing {m.accession}: {m.file_path}" for m in report.still_missing]
    return "\n".join(lines)


class RelinkDialog(QDialog):
    relinked = Signal()
    finished_relink = Signal()

    def __init__(self, parent: QWidget | None = None, folder: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Relink missing files")
        self.folder = QLabel(folder or "Choose the folder the files were moved to.")
        self.choose = QPushButton("Choose folder…")
        self.start_button = WriteButton("Relink")
        self.start_button.setEnabled(folder is not None)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        top = QHBoxLayout()
        top.addWidget(self.folder, 1)
        top.addWidget(self.choose)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.report, 1)
        layout.addLayout(buttons)
        self.chosen = folder
        self.job: CancellableJob | None = None
        self.pool = QThreadPool(self)
        self.choose.clicked.connect(self._choose)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.resize(640, 380)

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder the files were moved to")
        if folder:
            self.chosen = folder
            self.folder.setText(folder)
            self.start_button.setEnabled(True)

    def start(self) -> None:
        if not self.chosen:
            return
        folder = Path(self.chosen)
        self.job = CancellableJob(lambda progress, cancel: relink(folder, progress, cancel))
        self.job.signals.progress.connect(self._progress)
        self.job.signals.done.connect(self._done)
        self.job.signals.failed.connect(self._stopped)
        self.job.signals.cancelled.connect(lambda _m: self._stopped("Cancelled; nothing changed."))
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setText("Looking for the missing files…")
        self.pool.start(self.job)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel.set()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _stopped(self, message: str) -> None:
        self.status.setText(message)
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.finished_relink.emit()

    def _done(self, report: RelinkReport) -> None:
        self.status.setText(
            f"{len(report.relinked)} relinked, {len(report.ambiguous)} ambiguous, "
            f"{len(report.still_missing)} still missing ({report.files_hashed:,} of "
            f"{report.files_seen:,} files hashed)."
        )
        self.report.setPlainText(report_text(report))
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if report.relinked:
            self.relinked.emit()
        self.finished_relink.emit()
