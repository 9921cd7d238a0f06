"""Tools > Check catalogue: runs the checks off the GUI thread (fixity re-reads every file, which
takes minutes on a large archive) and lists what they found; a finding opens its record."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from archive_app.catalog.checks import Finding, run_checks
from archive_app.catalog.models import catalog_db
from archive_app.gui.row_list_model import RowListModel


class _Signals(QObject):
    done = Signal(list)
    failed = Signal(str)


class _CheckJob(QRunnable):
    def __init__(self, fixity: bool) -> None:
        super().__init__()
        self.fixity = fixity
        self.signals = _Signals()

    def run(self) -> None:
        try:
            findings = run_checks(fixity=self.fixity)
        except Exception as exc:  # reported in the dialog, never a crash of the program
            self.signals.failed.emit(str(exc))
        else:
            self.signals.done.emit(findings)
        finally:
            if not catalog_db.is_closed():
                catalog_db.close()  # this thread's own connection


class ChecksDialog(QDialog):
    open_record = Signal(str, int)
    finished_checks = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Check catalogue")
        self.findings: list[Finding] = []
        self.fixity = QCheckBox("Also re-hash every file (fixity; slow on a large archive)")
        self.run_button = QPushButton("Run checks")
        self.run_button.setObjectName("run_checks")
        self.status = QLabel("The database, the image files and the evidence.")
        self.model = RowListModel(self)
        self.list = QListView()
        self.list.setObjectName("findings")
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.fixity)
        top.addStretch(1)
        top.addWidget(self.run_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.list)
        self.run_button.clicked.connect(self.start)
        self.list.doubleClicked.connect(self._open)
        self.resize(720, 420)
        self.pool = QThreadPool(self)

    def start(self) -> None:
        self.run_button.setEnabled(False)
        self.status.setText("Checking…")
        job = _CheckJob(self.fixity.isChecked())
        job.signals.done.connect(self._show)
        job.signals.failed.connect(self._failed)
        self.pool.start(job)

    def _show(self, findings: list[Finding]) -> None:
        self.findings = findings
        self.model.set_rows([(n, f"{f.severity}: {f.message}") for n, f in enumerate(findings)])
        self.status.setText(
            "No problems found."
            if not findings
            else f"{len(findings)} finding(s); double-click one to open its record."
        )
        self.run_button.setEnabled(True)
        self.finished_checks.emit()

    def _failed(self, message: str) -> None:
        self.status.setText(f"The checks could not run: {message}")
        self.run_button.setEnabled(True)
        self.finished_checks.emit()

    def _open(self, index) -> None:  # noqa: ANN001
        finding = self.findings[self.model.key(index.row())]
        if finding.records:
            first = finding.records[0]
            self.open_record.emit(first["type"], first["id"])
