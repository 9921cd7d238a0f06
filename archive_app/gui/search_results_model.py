"""Qt models of a search: the ranked hits across record types, and the facets beside them.

Both hold a finished SearchResult (made in a worker thread) and never run SQL: `data()` reads
what the search already fetched for the page, as Calibre's library view reads its id tuple.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt

from archive_app.catalog.search.execute import Hit, SearchResult
from archive_app.catalog.search.facets import FacetValue
from archive_app.gui.grouped_model import GroupedModel, ParentIndex, column_header

#: record type -> the word shown in the results' first column.
TYPE_NAMES = {
    "photo": "Photograph",
    "person": "Person",
    "event": "Event",
    "place": "Place",
    "source": "Source",
    "citation": "Citation",
    "collection": "Collection",
    "tag": "Tag",
}
#: the role that gives (record type, id) for a hit, and the narrowing term for a facet value.
KeyRole = Qt.ItemDataRole.UserRole + 1


class SearchResultsModel(QAbstractItemModel):
    """A flat, ranked list of hits: type, name, date or detail."""

    HEADERS = ("Type", "Name", "Date or detail")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.hits: tuple[Hit, ...] = ()
        self.total = 0
        self._row_of: dict[tuple[str, int], int] = {}

    def set_result(self, result: SearchResult | None) -> None:
        self.beginResetModel()
        self.hits = tuple(result.hits) if result else ()
        self.total = result.total if result else 0
        self._row_of = {(hit.record_type, hit.record_id): n for n, hit in enumerate(self.hits)}
        self.endResetModel()

    def row_of(self, record_type: str, record_id: int) -> int | None:
        """The row of a record's hit, or None when the result does not hold it."""
        return self._row_of.get((record_type, record_id))

    def holds_any(self, ids_by_type: dict[str, set[int]]) -> bool:
        """Whether a change touched a record this result shows (so it is worth running again)."""
        return any(
            (record_type, rid) in self._row_of
            for record_type, ids in ids_by_type.items()
            for rid in ids
        )

    def key(self, row: int) -> tuple[str, int]:
        hit = self.hits[row]
        return hit.record_type, hit.record_id

    # --- QAbstractItemModel ---------------------------------------------------------------

    def index(self, row: int, column: int, parent: ParentIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: ParentIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def rowCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_header(self.HEADERS, section, orientation, role)

    def data(self, index: ParentIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == KeyRole:
            return (hit.record_type, hit.record_id)
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return TYPE_NAMES.get(hit.record_type, hit.record_type)
            if column == 1:
                return hit.label
            return hit.date or hit.detail or ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(part for part in (hit.label, hit.detail, hit.date) if part)
        if role == Qt.ItemDataRole.FontRole and hit.exact and index.column() == 1:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None


class FacetModel(GroupedModel):
    """Two levels: each facet (Record types, People, …), and under it its values; two columns,
    the value and its count (apart, so a long name elided in a narrow pane keeps its count).
    A value's KeyRole (in either column) is the query term that narrows the search to it."""

    TITLES = {
        "type": "Record types",
        "person": "People",
        "event": "Events",
        "tag": "Tags",
        "collection": "Collections",
        "decade": "Decades",
    }

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.groups: tuple[tuple[str, tuple[FacetValue, ...]], ...] = ()

    def set_facets(self, facets: dict[str, list[FacetValue]] | None) -> None:
        self.beginResetModel()
        self.groups = tuple(
            (name, tuple(values)) for name, values in (facets or {}).items() if values
        )
        self.endResetModel()

    def value(self, index: QModelIndex) -> FacetValue | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self.groups[index.internalId() - 1][1][index.row()]

    def grouped(self) -> tuple[tuple[str, tuple[FacetValue, ...]], ...]:
        return self.groups

    def columnCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 2

    def data(self, index: ParentIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            name, values = self.groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return self.TITLES.get(name, name)
            return None
        value = self.groups[index.internalId() - 1][1][index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return value.label if index.column() == 0 else f"{value.count:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            found = f"{value.label}: {value.count:,} found"
            return f"{found}\nNarrow to {value.term}" if value.term else found
        if role == KeyRole:
            return value.term
        return None

    def flags(self, index: ParentIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == 0:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
