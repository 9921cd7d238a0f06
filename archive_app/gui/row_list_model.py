"""A small list model over (key, text) rows: a record's links or citations, a picker's matches.

These lists are short (what one record links to), but they are catalogue data, so they are a
model over keys rather than a QListWidget holding copies."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

ParentIndex = QModelIndex | QPersistentModelIndex


class RowListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[Any, str]] = []
        self._row_of: dict[Any, int] = {}

    def set_rows(self, rows: list[tuple[Any, str]]) -> None:
        """Show these rows. When the keys are the ones shown, in the same order, only the rows
        whose text changed are repainted: the view keeps its selection and scroll position."""
        rows = list(rows)
        if [key for key, _ in rows] == [key for key, _ in self.rows]:
            changed = [
                n for n, (old, new) in enumerate(zip(self.rows, rows, strict=True)) if old != new
            ]
            self.rows = rows
            for row in changed:
                self.dataChanged.emit(self.index(row, 0), self.index(row, 0))
            return
        self.beginResetModel()
        self.rows = rows
        self._row_of = {key: row for row, (key, _) in enumerate(rows)}
        self.endResetModel()

    def row_of(self, key: Any) -> int | None:
        return self._row_of.get(key)

    def key(self, row: int) -> Any:
        return self.rows[row][0]

    def rowCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: ParentIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        return self.rows[index.row()][1]
