"""The Catalogue health panel (Tools > Check catalogue…): a dock beside the records that lists
the checks' findings grouped by severity and rule, with each side's citations. A click opens the
record with the finding's fields marked; a finding can be marked reviewed with a note; the list
can be handed on as CSV or JSON. It re-judges only what a change touched, and fixity runs in the
background with progress and cancel."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from archive_app.catalog.changes import ChangeSet, subscribe
from archive_app.catalog.checks import Finding, review_finding, run_checks
from archive_app.catalog.checks.export import findings_csv, findings_json
from archive_app.catalog.checks.run import recheck
from archive_app.catalog.errors import CatalogError
from archive_app.catalog.journal import ExternalChanges
from archive_app.gui.cancellable_job import CancellableJob
from archive_app.gui.findings_model import FindingsModel, side_html
from archive_app.gui.write_guard import WriteButton

if TYPE_CHECKING:
    from archive_app.gui.main_window import MainWindow


class HealthPanel(QDockWidget):
    """Emits `finished_checks` whenever a run or a re-judgement has come back."""

    finished_checks = Signal()
    #: a change set committed in this process (from whichever thread committed it)
    change_arrived = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__("Catalogue health", window)
        self.setObjectName("health_dock")
        self.window_ = window
        self.findings: list[Finding] = []
        self.job: CancellableJob | None = None
        self.pending: dict[str, set[int]] = {}
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)

        self.rule_filter = QComboBox()
        self.rule_filter.setObjectName("rule_filter")
        self.fixity = QCheckBox("Fixity (re-hash every file)")
        self.run_button = QPushButton("Check")
        self.run_button.setObjectName("run_checks")
        self.cancel_button = QPushButton("Cancel")
        self.export_button = QPushButton("Export…")
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel("The database, the image files and the evidence.")
        self.status.setWordWrap(True)
        self.model = FindingsModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("findings")
        self.tree.setHeaderHidden(True)
        self.tree.setModel(self.model)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Why the finding stands (e.g. the source errs; …)")
        self.review_button = WriteButton("Mark reviewed")

        top = QHBoxLayout()
        top.addWidget(self.rule_filter, 1)
        top.addWidget(self.fixity)
        top.addWidget(self.run_button)
        top.addWidget(self.cancel_button)
        top.addWidget(self.export_button)
        review = QHBoxLayout()
        review.addWidget(self.note, 1)
        review.addWidget(self.review_button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.details)
        lower_layout.addLayout(review)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(lower)
        split.setSizes([150, 250])
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        self.setWidget(body)

        self.run_button.clicked.connect(lambda: self.start())
        self.cancel_button.clicked.connect(self.cancel)
        self.export_button.clicked.connect(lambda: self.export())
        self.rule_filter.currentIndexChanged.connect(self._filter)
        self.tree.clicked.connect(self.open_finding)
        self.tree.selectionModel().currentChanged.connect(self._show_details)
        self.details.anchorClicked.connect(self._open_anchor)
        self.review_button.clicked.connect(lambda: self.review())
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(400)
        self.debounce.timeout.connect(self._recheck)
        self._set_running(False)
        self.change_arrived.connect(self._change_set)
        self._unsubscribe = subscribe(self._announce)
        # other programs' changes (a second window, the command line) come from the journal
        self.external = ExternalChanges()
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(1000)
        self.poll_timer.timeout.connect(self._poll_external)
        self.poll_timer.start()
        self.destroyed.connect(self.external.close)

    def _poll_external(self) -> None:
        if not self.isVisible() or self.job is None:
            return
        try:
            if not self.external.anything_new():
                return
            arrived = self.external.poll()
        except CatalogError:
            return  # the catalogue is busy or gone for a moment: try at the next tick
        for change_set in arrived:
            self._change_set(change_set)

    def _announce(self, change_set: ChangeSet) -> None:
        try:
            self.change_arrived.emit(change_set)
        except RuntimeError:  # the panel is gone: stop listening
            self._unsubscribe()

    def _change_set(self, change_set: ChangeSet) -> None:
        touched: dict[str, set[int]] = {}
        for part in (change_set.created, change_set.changed, change_set.deleted,
                     change_set.related):  # fmt: skip
            for record_type, ids in part.items():
                touched.setdefault(record_type, set()).update(ids)
        if touched:
            self.changed(touched)

    # --- running -----------------------------------------------------------------------------

    def _set_running(self, running: bool, fixity: bool = False) -> None:
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.progress.setVisible(running and fixity)

    def _launch(self, job: CancellableJob, fixity: bool = False) -> None:
        self.job = job
        job.signals.progress.connect(self._progress)
        job.signals.done.connect(self._show)
        job.signals.failed.connect(lambda m: self._stopped(f"The checks could not run: {m}"))
        job.signals.cancelled.connect(lambda m: self._stopped(f"Fixity check {m}."))
        self._set_running(True, fixity)
        self.pool.start(job)

    def start(self, fixity: bool | None = None) -> None:
        """Run every check (fixity too when ticked) in the background."""
        fixity = self.fixity.isChecked() if fixity is None else fixity
        self.status.setText("Hashing every file…" if fixity else "Checking…")
        self.progress.setValue(0)
        self._launch(
            CancellableJob(lambda progress, cancel: run_checks(fixity, progress=progress,
                                                              cancel=cancel)),
            fixity,
        )  # fmt: skip

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel.set()

    def changed(self, touched: dict[str, set[int]]) -> None:
        """A change touched these records (type -> ids, from its change set): re-judge the
        lives under them, soon, in the background, if the panel has findings to keep current."""
        if not self.isVisible() or self.job is None:
            return
        for record_type, ids in touched.items():
            self.pending.setdefault(record_type, set()).update(ids)
        self.debounce.start()

    def _recheck(self) -> None:
        if not self.run_button.isEnabled():  # something is running: try again after it
            self.debounce.start()
            return
        touched, self.pending = self.pending, {}
        previous = list(self.findings)
        self.status.setText("Re-judging what changed…")
        self._launch(CancellableJob(lambda _p, _c: recheck(previous, touched)))

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.status.setText(f"Fixity: {done:,} of {total:,} files")

    def _stopped(self, message: str) -> None:
        self.status.setText(message)
        self._set_running(False)
        self.finished_checks.emit()

    def _show(self, findings: list[Finding]) -> None:
        self.findings = findings
        self._fill_filter()
        self._filter()
        self._set_running(False)
        self.status.setText(
            "No problems found."
            if not findings
            else f"{len(findings)} finding(s). Click one to open its record; hover for its sources."
        )
        self.finished_checks.emit()

    # --- the list ----------------------------------------------------------------------------

    def _fill_filter(self) -> None:
        current = self.rule_filter.currentData()
        self.rule_filter.blockSignals(True)
        self.rule_filter.clear()
        self.rule_filter.addItem(f"All rules ({len(self.findings)})", None)
        for rule, count in self.model.counts_of(self.findings).items():
            self.rule_filter.addItem(f"{rule} ({count})", rule)
        found = self.rule_filter.findData(current)
        self.rule_filter.setCurrentIndex(max(found, 0))
        self.rule_filter.blockSignals(False)

    def _filter(self) -> None:
        self.model.set_findings(self.findings, self.rule_filter.currentData())
        self.tree.expandAll()
        self.details.clear()

    def current_finding(self) -> Finding | None:
        return self.model.finding(self.tree.currentIndex())

    def _show_details(self, index: QModelIndex) -> None:
        finding = self.model.finding(index)
        if finding is None:
            self.details.clear()
            return
        links = "".join(
            f"<p><a href='open:{s.record['type']}:{s.record['id']}:{s.field or ''}'>"
            f"Open {html.escape(s.record['type'])} {s.record['id']}</a> "
            f"({html.escape(s.field or '')})</p>"
            for s in finding.sides
        )
        self.details.setHtml(side_html(finding) + links + f"<p><small>key: {finding.key}</small>")

    def open_finding(self, index: QModelIndex) -> None:
        """Open the record of the finding's first side, with its fields marked."""
        finding = self.model.finding(index)
        if finding is None:
            return
        if finding.sides:
            first = finding.sides[0].record
            fields = [s.field for s in finding.sides if s.record == first and s.field]
        else:
            first, fields = finding.records[0], []
        self.open_record(first["type"], first["id"], fields)

    def _open_anchor(self, url: QUrl) -> None:
        _, record_type, record_id, field = url.toString().split(":", 3)
        self.open_record(record_type, int(record_id), [field] if field else [])

    def open_record(self, record_type: str, record_id: int, fields: list[str]) -> None:
        if record_type not in ("photo", "person", "event", "place", "source", "citation"):
            return  # a link: its ends are among the finding's records
        self.window_.open_record(record_type, record_id)
        editor = self.window_.detail.editor
        if hasattr(editor, "highlight"):
            editor.highlight(fields)

    # --- review and export -------------------------------------------------------------------

    def review(self, note: str | None = None) -> bool:
        finding = self.current_finding()
        note = self.note.text() if note is None else note
        if finding is None:
            self.status.setText("Choose a finding to mark reviewed.")
            return False
        try:
            review_finding(finding.key, finding.fingerprint, note)
        except CatalogError as exc:
            self.status.setText(str(exc))
            return False
        self.note.clear()
        self.findings = [f for f in self.findings if f.key != finding.key]
        self._fill_filter()
        self._filter()
        self.status.setText("Reviewed: it stays quiet until a record under it changes.")
        return True

    def export(self, target: str | None = None) -> bool:
        if target is None:
            target, _ = QFileDialog.getSaveFileName(
                self, "Export findings", "findings.csv", "CSV (*.csv);;JSON (*.json)"
            )
            if not target:
                return False
        path = Path(target)
        text = (
            findings_json(self.findings)
            if path.suffix.lower() == ".json"
            else findings_csv(self.findings)
        )
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            QMessageBox.warning(self, "Export findings", f"Cannot write {path}: {exc.strerror}")
            return False
        self.status.setText(f"Exported {len(self.findings)} finding(s) to {path.name}.")
        return True
