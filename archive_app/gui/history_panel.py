"""A record's History tab: every change to it and to what hangs on it (its links, name variants,
citations), newest first: when, by whom, what, and each field from what to what. "Revert this
change" undoes one of them as a new change, refused with the catalogue's reason when a later
change touched the same fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from archive_app.catalog import journal
from archive_app.catalog.changes import ChangeSet, shown_time
from archive_app.catalog.errors import CatalogError
from archive_app.catalog.fields import label_for
from archive_app.gui.catalog_events import CatalogEvents
from archive_app.gui.grouped_model import GroupedModel, ParentIndex, column_header
from archive_app.gui.journal_undo import JournalUndo
from archive_app.gui.write_guard import WriteButton

#: the most changes a History tab reads at once (a record edited daily for years stays quick)
LIMIT = 500
ACTIONS = {"created": "added", "changed": "changed", "deleted": "deleted"}


@dataclass(frozen=True)
class HistoryLine:
    """One line of the tab: one field of one row of one change (or the row, when it was added or
    deleted as a whole)."""

    change_id: int
    at: str
    who: str
    label: str
    what: str
    before: str
    after: str


def _value(value: Any) -> str:
    if value in (None, ""):
        return "—"
    text = str(value)
    return text if len(text) <= 200 else text[:200] + " …"


def _what(record_type: str, owner: tuple[str, int], row: journal.RowChange) -> str:
    """`Biography`, or `person–event link 12 added` for a row that is not the record itself."""
    if (record_type, row.record_id) == owner:
        return ""
    return f"{record_type.replace('_', '–')} {row.record_id} {ACTIONS.get(row.action, row.action)}"


def history_lines(record_type: str, record_id: int, limit: int = LIMIT) -> list[HistoryLine]:
    """The lines of a record's History tab, newest change first."""
    lines: list[HistoryLine] = []
    owner = (record_type, record_id)
    for entry in journal.history(record_type, record_id, limit=limit):
        for row in entry.rows:
            where = _what(row.record_type, owner, row)
            if row.action == "changed":
                for name in row.fields:
                    what = f"{where}: {label_for(name)}" if where else label_for(name)
                    before = (row.before or {}).get(name)
                    after = (row.after or {}).get(name)
                    lines.append(
                        HistoryLine(
                            entry.id,
                            entry.at,
                            entry.who,
                            entry.label,
                            what,
                            _value(before),
                            _value(after),
                        )
                    )
            else:
                values = row.after if row.action == "created" else row.before
                summary = "; ".join(
                    f"{label_for(n)}: {_value((values or {}).get(n))}" for n in row.fields[:4]
                )
                what = where or f"the {record_type} {ACTIONS.get(row.action, row.action)}"
                before = summary if row.action == "deleted" else "—"
                after = summary if row.action == "created" else "—"
                lines.append(
                    HistoryLine(entry.id, entry.at, entry.who, entry.label, what, before, after)
                )
    return lines


class HistoryModel(GroupedModel):
    """Two levels, to fit the narrow detail pane: each change (when, who, what it was) and under
    it its lines, a field from what to what. A change's internal id is 0, a line's is its
    change's row + 1."""

    HEADERS = ("What", "From", "To")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lines: list[HistoryLine] = []
        self.changes: list[tuple[HistoryLine, list[HistoryLine]]] = []

    def set_lines(self, lines: list[HistoryLine]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.changes = []
        for line in lines:
            if not self.changes or self.changes[-1][0].change_id != line.change_id:
                self.changes.append((line, []))
            self.changes[-1][1].append(line)
        self.endResetModel()

    def change_id(self, index: ParentIndex) -> int | None:
        if not index.isValid():
            return None
        row = index.row() if index.internalId() == 0 else index.internalId() - 1
        return self.changes[row][0].change_id

    def grouped(self) -> list[tuple[HistoryLine, list[HistoryLine]]]:
        return self.changes

    def columnCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_header(self.HEADERS, section, orientation, role)

    def data(self, index: ParentIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.FontRole,
        ):
            return None
        if index.internalId() == 0:
            first = self.changes[index.row()][0]
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if index.column() != 0:
                return None
            return (
                f"{shown_time(first.at)} · {first.who} · {first.label} (change {first.change_id})"
            )
        if role == Qt.ItemDataRole.FontRole:
            return None
        line = self.changes[index.internalId() - 1][1][index.row()]
        return (line.what, line.before, line.after)[index.column()]


class HistoryPanel(QWidget):
    """The History tab of the record on show."""

    def __init__(self, undo: JournalUndo, events: CatalogEvents) -> None:
        super().__init__()
        self.setObjectName("history_panel")
        self.undo = undo
        self.record_type: str | None = None
        self.record_id: int | None = None
        self._stale = False
        self.model = HistoryModel(self)
        self.table = QTreeView()
        self.table.setObjectName("history")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setUniformRowHeights(False)
        self.table.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.header().setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.revert_button = WriteButton("Revert this change")
        self.revert_button.setObjectName("revert_change")
        self.revert_button.setEnabled(False)
        self.revert_button.clicked.connect(lambda: self.revert_selected())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.revert_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        events.change_set.connect(self._change_arrived)

    def set_record(self, record_type: str | None, record_id: int | None) -> None:
        """Show a record's history; read from the journal only while the tab is on show."""
        self.record_type, self.record_id = record_type, record_id
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        if self.record_type is None or self.record_id is None:
            self.model.set_lines([])
            self.summary.setText("")
        else:
            lines = history_lines(self.record_type, self.record_id)
            self.model.set_lines(lines)
            changes = len({line.change_id for line in lines})
            self.summary.setText(
                f"{changes} change(s) in the journal" if lines else "No changes in the journal yet"
            )
            for row in range(self.model.rowCount()):  # a change's heading spans the columns
                self.table.setFirstColumnSpanned(row, QModelIndex(), True)
            self.table.expandAll()
            width = max(self.table.viewport().width(), 360)
            self.table.setColumnWidth(0, int(width * 0.3))
            self.table.setColumnWidth(1, int(width * 0.35))
        self._selection_changed()

    def _change_arrived(self, change_set: ChangeSet) -> None:
        if self.record_type is None or self.record_id is None:
            return
        if change_set.touches(self.record_type, self.record_id):
            self._stale = True
            if self.isVisible():
                self.refresh()

    def selected_change(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.change_id(rows[0]) if rows else None

    def _selection_changed(self, *_args: object) -> None:
        self.revert_button.setEnabled(self.selected_change() is not None)

    def select_change(self, change_id: int) -> None:
        """Select the first line of a change (what a click on it does)."""
        for row, (first, _lines) in enumerate(self.model.changes):
            if first.change_id == change_id:
                self.table.setCurrentIndex(self.model.index(row, 0))
                return

    def revert_selected(self, warn: bool = True) -> str | None:
        """Revert the selected change as a new change (Edit > Undo takes the revert back);
        returns the catalogue's refusal, shown in a message box unless `warn` is False."""
        change_id = self.selected_change()
        if change_id is None:
            return None
        try:
            done = journal.revert(change_id)
        except CatalogError as exc:
            if warn:
                QMessageBox.warning(self, "Revert", str(exc))
            return str(exc)
        self.undo.record(done)
        return None
