"""The citations on one record or link: add, edit, remove, and jump to the source.

A citation says which source supports the statement, where in it (the locator: para. 8,
p. 12, fol. 3r), what it says (paraphrase or transcription) and how far to trust it (0-4)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from archive_app.catalog import records
from archive_app.catalog.changes import ChangeSet
from archive_app.catalog.models import Citation, Source
from archive_app.catalog.serialize import label
from archive_app.gui.catalog_events import CatalogEvents
from archive_app.gui.journal_undo import JournalUndo
from archive_app.gui.row_list_model import RowListModel
from archive_app.gui.write_guard import WriteButton

LOCATOR_LABELS = (
    "paragraph",
    "page",
    "folio",
    "figure",
    "section",
    "chapter",
    "line",
    "column",
    "volume",
    "issue",
    "note",
    "part",
    "timestamp",
)
CONFIDENCE = ("0 very low", "1 low", "2 normal", "3 high", "4 very high")
CITATION_FIELDS = ("source", "locator_label", "locator", "text", "text_kind", "confidence")


def citation_text(citation: Citation) -> str:
    """`para. 8 (confidence 1): what it says — Source title`, for one line of a list."""
    locator = " ".join(p for p in (citation.locator_label, citation.locator) if p)
    text = " ".join((citation.text or "").split())
    short = text if len(text) < 120 else text[:118] + "…"
    return (
        f"{locator or 'no locator'} (confidence {citation.confidence}): {short}\n"
        f"    — {label(citation.source)}"
    )


class CitationDialog(QDialog):
    """Asks for one citation's fields; `values()` gives them for the catalogue."""

    def __init__(self, parent: QWidget | None = None, citation: Citation | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Citation")
        self.source = QComboBox()
        self.source.setObjectName("citation_source")
        for source in Source.select().order_by(Source.title):
            self.source.addItem(label(source), source.id)
        self.locator_label = QComboBox()
        self.locator_label.setEditable(True)
        self.locator_label.addItems(LOCATOR_LABELS)
        self.locator = QLineEdit()
        self.locator.setObjectName("citation_locator")
        self.text = QPlainTextEdit()
        self.text.setObjectName("citation_text")
        self.kind = QComboBox()
        self.kind.addItems(["paraphrase", "transcription"])
        self.confidence = QComboBox()
        self.confidence.addItems(CONFIDENCE)
        self.confidence.setCurrentIndex(2)
        form = QFormLayout()
        form.addRow("Source", self.source)
        form.addRow("Locator label", self.locator_label)
        form.addRow("Locator", self.locator)
        form.addRow("What it says", self.text)
        form.addRow("Kind", self.kind)
        form.addRow("Confidence", self.confidence)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        if citation is not None:
            self.source.setCurrentIndex(max(self.source.findData(citation.source_id), 0))
            self.locator_label.setCurrentText(citation.locator_label or "")
            self.locator.setText(citation.locator or "")
            self.text.setPlainText(citation.text or "")
            self.kind.setCurrentText(citation.text_kind)
            self.confidence.setCurrentIndex(citation.confidence)

    def values(self) -> dict[str, Any]:
        return {
            "source": self.source.currentData(),
            "locator_label": self.locator_label.currentText().strip() or None,
            "locator": self.locator.text().strip() or None,
            "text": self.text.toPlainText().strip() or None,
            "text_kind": self.kind.currentText(),
            "confidence": self.confidence.currentIndex(),
        }


class CitationsPanel(QWidget):
    """Lists and edits the citations of one target (a record or a link)."""

    open_record = Signal(str, int)

    def __init__(self, undo: JournalUndo, events: CatalogEvents, title: str = "") -> None:
        super().__init__()
        self.undo = undo
        self.events = events
        self.target: tuple[str, int] | None = None
        self.title = QLabel(title)
        self.model = RowListModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setObjectName("citations")
        self.add_button = WriteButton("Add…")
        self.edit_button = WriteButton("Edit…")
        self.remove_button = WriteButton("Remove")
        self.source_button = QPushButton("Go to source")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button, self.source_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(lambda: self.add())
        self.edit_button.clicked.connect(lambda: self.edit())
        self.remove_button.clicked.connect(self.remove)
        self.source_button.clicked.connect(self.go_to_source)
        self.list.doubleClicked.connect(lambda _index: self.edit())
        self.events.change_set.connect(self._change_arrived)
        self.set_target(None, None)

    def set_target(self, target_type: str | None, target_id: int | None, title: str = "") -> None:
        self.target = (target_type, target_id) if target_type and target_id else None
        if title:
            self.title.setText(title)
        self.refresh()

    def citations(self) -> list[Citation]:
        if self.target is None:
            return []
        target_type, target_id = self.target
        column = getattr(Citation, target_type)
        return list(
            Citation.select(Citation, Source)
            .join(Source)
            .where(column == target_id)
            .order_by(Citation.id)
        )

    def refresh(self) -> None:
        self.model.set_rows([(c.id, citation_text(c)) for c in self.citations()])
        enabled = self.target is not None
        self.add_button.setEnabled(enabled)
        for button in (self.edit_button, self.remove_button, self.source_button):
            button.setEnabled(enabled and self.model.rowCount() > 0)

    def _current(self) -> Citation | None:
        index = self.list.currentIndex()
        row = index.row() if index.isValid() else (0 if self.model.rowCount() == 1 else -1)
        if row < 0:
            return None
        return Citation.get_or_none(Citation.id == self.model.key(row))

    def add(self, values: dict[str, Any] | None = None) -> bool:
        """Add a citation (asking for it when `values` is not given)."""
        if self.target is None:
            return False
        if values is None:
            if not Source.select().exists():
                QMessageBox.information(self, "Citation", "Add a source first (Sources).")
                return False
            dialog = CitationDialog(self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            values = dialog.values()
        target_type, target_id = self.target
        fields = dict(values)
        source = Source.get_by_id(fields.pop("source"))
        return self._perform(
            "Add citation", lambda: records.cite(source, target_type, target_id, **fields)
        )

    def edit(self, values: dict[str, Any] | None = None) -> bool:
        citation = self._current()
        if citation is None:
            return False
        if values is None:
            dialog = CitationDialog(self, citation)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            values = dialog.values()
        before = {
            name: getattr(citation, name if name != "source" else "source_id")
            for name in CITATION_FIELDS
        }
        after = {k: v for k, v in values.items() if before.get(k) != v}
        if not after:
            return False
        citation_id, version = citation.id, citation.version  # as the dialog showed it
        return self._perform(
            "Edit citation", lambda: records.update("citation", citation_id, version, **after)
        )

    def remove(self) -> bool:
        citation = self._current()
        if citation is None:
            return False
        citation_id = citation.id
        return self._perform("Remove citation", lambda: records.delete("citation", citation_id))

    def _change_arrived(self, change_set: ChangeSet) -> None:
        """A citation of this record or link written, or a source renamed (its title shows)."""
        if self.target is not None and (
            change_set.touches(*self.target) or "source" in change_set.types()
        ):
            self.refresh()

    def go_to_source(self) -> None:
        citation = self._current()
        if citation is not None:
            self.open_record.emit("source", citation.source_id)

    def _perform(self, text: str, action: Callable[[], Any]) -> bool:
        return self.undo.perform_or_warn(text, action, self, "Citation")
