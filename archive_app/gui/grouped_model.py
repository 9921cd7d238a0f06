"""The two-level Qt item model shared by the History pane and the search facets: groups, and
under each group its items. A group's internal id is 0, an item's is its group's row + 1. And
the column headers of a model that names its columns in a tuple (History, search hits)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

ParentIndex = QModelIndex | QPersistentModelIndex


def column_header(
    headers: Sequence[str], section: int, orientation: Qt.Orientation, role: int
) -> Any:
    """headerData for a model whose columns are named by `headers`: no row headers."""
    horizontal = orientation == Qt.Orientation.Horizontal
    if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(headers):
        return headers[section]
    return None


class GroupedModel(QAbstractItemModel):
    """Indexes, parents and row counts for groups of items; a subclass says what the groups are
    (pairs of a group and its items) and supplies columnCount and data."""

    def grouped(self) -> Sequence[tuple[Any, Sequence[Any]]]:
        raise NotImplementedError

    def index(self, row: int, column: int, parent: ParentIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1 if parent.isValid() else 0)

    def parent(self, child: ParentIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        if not parent.isValid():
            return len(self.grouped())
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.grouped()[parent.row()][1])
        return 0
