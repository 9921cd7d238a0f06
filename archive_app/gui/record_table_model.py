"""A table of catalogue records that stays fast at 100,000 rows.

As in Calibre, the model holds only the ordered tuple of record ids. Cells are read a page of rows
at a time (one SQL query per page) and cached, so `data()` never runs a query per cell and rows the
user never scrolls to are never read. Sorting asks SQL for the ids in a new order; dates sort by
their earliest day, so `1942` comes before `1942-06`, and uncertain dates sort where they can fall.

Opening and sorting read the first HEAD ids in order and count the rest, so a list of a million
photographs shows its first screen without reading a million ids; the rest are read once, the
first time anything needs a row past the head (scrolling there, a change to a record the head
does not hold, keeping a selection through a sort).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from peewee import JOIN, SQL, Field, fn
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from archive_app.catalog.models import BaseModel, Event, Person, Photograph, Place, Source
from archive_app.catalog.narrowing import ids_in_order
from archive_app.catalog.serialize import UNTITLED
from archive_app.catalog.sources.csl import shown_date

PAGE_SIZE = 200
#: ids read at once when a list opens or is sorted: screens of rows, not the whole catalogue
HEAD = 2000
#: ids at the end of a long list read apart when asked for (a grid view measures its last item)
TAIL = 200
ParentIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    header: str
    value: Field
    sort: Field | None = None  # defaults to `value`


@dataclass(frozen=True)
class TableSpec:
    model: type[BaseModel]
    columns: tuple[Column, ...]
    default_sort: Field
    joins: tuple[type[BaseModel], ...] = ()
    extra: tuple[Field, ...] = ()  # read with each row but not shown as a column
    #: column -> column whose value is shown when it is empty (an untitled photograph shows
    #: its accession number under its thumbnail)
    fallback: dict[int, int] | None = None
    #: column -> text shown when it is empty (an untitled source shows "[untitled]")
    placeholder: dict[int, str] | None = None
    #: column -> the text shown, from every value read for the row (the column's own first)
    shown: dict[int, Callable[[tuple[Any, ...]], Any]] | None = None


#: The record types the window lists, with their columns.
TABLES: dict[str, TableSpec] = {
    "photo": TableSpec(
        Photograph,
        (
            Column("Accession number", Photograph.accession_number),
            Column("Title", Photograph.title),
            Column("Date", Photograph.date, Photograph.date_earliest),
            Column("Creator", Photograph.creator),
        ),
        Photograph.accession_number,
        extra=(Photograph.file_path, Photograph.sha256),
        fallback={1: 0},
    ),
    "person": TableSpec(
        Person,
        (
            Column("Name", Person.name, Person.sort_name),
            Column("Born", Person.birth_date, Person.birth_date_earliest),
            Column("Died", Person.death_date, Person.death_date_earliest),
        ),
        Person.sort_name,
    ),
    "event": TableSpec(
        Event,
        (
            Column("Date", Event.date, Event.date_earliest),
            Column("Title", Event.title),
            Column("Type", Event.event_type),
            Column("Place", Place.name),
        ),
        Event.date_earliest,
        joins=(Place,),
    ),
    "place": TableSpec(
        Place,
        (Column("Name", Place.name), Column("Type", Place.place_type)),
        Place.name,
    ),
    "source": TableSpec(
        Source,
        (
            Column("Title", Source.title),
            Column("Type", Source.csl_type),
            Column("Issued", Source.issued, Source.issued_earliest),
        ),
        Source.title,
        extra=(Source.extra,),
        placeholder={0: UNTITLED},
        # a date no EDTF holds shows as the source's file gave it, as search hits show it
        shown={2: lambda cells: shown_date(cells[2], cells[3])},
    ),
}


class RecordTableModel(QAbstractTableModel):
    """The records of one type, as ids in display order with a page cache of their cells."""

    def __init__(self, record_type: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.record_type = record_type
        self.spec = TABLES[record_type]
        self._ids: tuple[int, ...] = ()  # in order: all of them, or the first HEAD
        self._row_of: dict[int, int] = {}  # id -> row, kept with _ids
        self._total = 0  # how many rows the list has (more than _ids until they are all read)
        self._tail: tuple[int, ...] = ()  # the last ids of a long list, when asked for
        self._rows: dict[int, tuple[Any, ...]] = {}
        self._order: tuple[Field, bool] = (self.spec.default_sort, False)
        self._filter: Any = None  # a peewee expression narrowing the records, or None
        #: (row) -> icon for the grid view; set by the window for photographs
        self.decorate: Any = None
        self.reload()

    # --- reading the catalogue ---------------------------------------------------------------

    def _query(self, *selected: Any) -> Any:
        model = self.spec.model
        query = model.select(*selected)
        for joined in self.spec.joins:
            query = query.join(joined, JOIN.LEFT_OUTER)
        if self._filter is not None:
            query = query.where(self._filter)
        return query

    def set_filter(self, condition: Any) -> None:
        """Show only the records matching a peewee condition (None: all of them)."""
        self._filter = condition
        self.reload()

    def _ordered_ids(
        self, field: Field, descending: bool = False, limit: int | None = None
    ) -> tuple[int, ...]:
        """The ids in order of `field` (ties by id), the records without a value last either
        way; the first `limit` of them when given. The valued and the empty are read apart,
        so each part is read along an index on the field (PostgreSQL cannot read one for
        `DESC NULLS LAST`, and sorted a million rows to show the first screen)."""
        model = self.spec.model
        valued = self._query(model.id).where(field.is_null(False))
        valued = valued.order_by(field.desc() if descending else field.asc(), model.id)
        ids = ids_in_order(valued if limit is None else valued.limit(limit))
        if limit is not None and len(ids) >= limit:
            return ids
        empty = self._query(model.id).where(field.is_null()).order_by(model.id)
        return ids + ids_in_order(empty if limit is None else empty.limit(limit - len(ids)))

    def _head(self, total: int | None = None) -> tuple[tuple[int, ...], int]:
        """The first HEAD ids in the current order, and how many rows there are (counted,
        unless the caller knows: a sort moves rows, it neither adds nor removes any)."""
        head = self._ordered_ids(*self._order, limit=HEAD)
        if len(head) < HEAD:
            return head, len(head)
        return head, self._count() if total is None else total

    def _count(self) -> int:
        """How many rows the list holds: count(*) over the list's own FROM and WHERE (peewee's
        count() wraps the query in a subquery, which SQLite then reads row by row: 13 ms at a
        million photographs, against under 1 ms for its own count of the smallest index)."""
        return self._query(fn.COUNT(SQL("*"))).scalar()

    def _read_head(self) -> None:
        self._set_ids(*self._head())

    def _read_all(self) -> None:
        """Every id in the current order, once: past the head, a row needs them."""
        if len(self._ids) < self._total:
            self._set_ids(self._ordered_ids(*self._order))

    def _fetch_page(self, row: int) -> None:
        if self._in_tail(row):
            self._fetch_ids(self._tail)
            return
        first = row - row % PAGE_SIZE
        if row >= len(self._ids):
            self._read_all()
        self._fetch_ids(self._ids[first : first + PAGE_SIZE])

    def _in_tail(self, row: int) -> bool:
        """Whether a row past the head is one of the last TAIL of a long list: those are read
        from the end of the order, so a view that measures its last item reads 200 ids, not a
        million."""
        if row < len(self._ids) or row < self._total - TAIL:
            return False
        if not self._tail:
            self._tail = self._last_ids(min(TAIL, self._total - len(self._ids)))
        return True

    def _last_ids(self, count: int) -> tuple[int, ...]:
        """The last `count` ids in the current order (the empty ones come last, by id)."""
        field, descending = self._order
        model = self.spec.model
        empty = self._query(model.id).where(field.is_null()).order_by(model.id.desc())
        ids = list(ids_in_order(empty.limit(count)))
        if len(ids) < count:
            valued = self._query(model.id).where(field.is_null(False))
            valued = valued.order_by(field.asc() if descending else field.desc(), model.id.desc())
            ids += ids_in_order(valued.limit(count - len(ids)))
        return tuple(reversed(ids))

    def _fetch_ids(self, page_ids: Any) -> None:
        model = self.spec.model
        values = [column.value for column in self.spec.columns] + list(self.spec.extra)
        query = model.select(model.id, *values)
        for joined in self.spec.joins:
            query = query.join(joined, JOIN.LEFT_OUTER)
        query = query.where(model.id.in_(page_ids)).tuples()
        self._rows.update({found[0]: tuple(found[1:]) for found in query})

    def _set_ids(self, ids: tuple[int, ...], total: int | None = None) -> None:
        """The ids in order: all of them, or the first of `total`."""
        self._ids = ids
        self._tail = ()
        self._row_of = {record_id: row for row, record_id in enumerate(ids)}
        self._total = len(ids) if total is None else total

    def reload(self) -> None:
        """Read the ids again in the current order, forgetting the selection."""
        self.beginResetModel()
        self._read_head()
        self._rows.clear()
        self.endResetModel()

    def narrowed(self) -> bool:
        """Whether a filter (a collection, a tag) narrows the list."""
        return self._filter is not None

    def row_of(self, record_id: int) -> int | None:
        """The row showing a record, or None when the list does not hold it."""
        if record_id not in self._row_of:
            self._read_all()
        return self._row_of.get(record_id)

    def apply_changes(self, created: set[int], changed: set[int], deleted: set[int]) -> bool:
        """Show what one change did to records of this list's type, touching only their rows:
        a changed row is read again (one query for all of them) and repainted, a deleted one
        leaves, and one that left or entered the list's filter goes or comes. Only when records
        come into the list are the ids read again, to put them in order. True when rows came
        or went (the view may have lost its selection)."""
        if not (created or changed or deleted):
            return False
        self._read_all()  # which rows the records are in, wherever they are
        held_changed = {rid for rid in changed if rid in self._row_of}
        if self._filter is not None and (held_changed or changed):
            still = self._matching(changed | created)
            deleted = deleted | (held_changed - still)
            created = (created | changed) & still
        created = {rid for rid in created if rid not in self._row_of}
        gone = sorted((self._row_of[rid] for rid in deleted if rid in self._row_of), reverse=True)
        for row in gone:  # from the bottom up, so the rows above keep their numbers
            self.beginRemoveRows(QModelIndex(), row, row)
            record_id = self._ids[row]
            self._ids = self._ids[:row] + self._ids[row + 1 :]
            self._total -= 1
            self._rows.pop(record_id, None)
            self.endRemoveRows()
        if gone:
            self._set_ids(self._ids)
        repaint = [rid for rid in held_changed - deleted if rid in self._row_of]
        if repaint:
            self._fetch_ids(repaint)
            last = len(self.spec.columns) - 1
            for rid in repaint:
                row = self._row_of[rid]
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        if created:
            self._insert_in_order()
        return bool(gone or created)

    def repaint_all(self) -> None:
        """Read the cells again (a joined record, say an event's place, changed): the ids stay."""
        self._rows.clear()
        if self._total:
            last = self.index(self._total - 1, len(self.spec.columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def _matching(self, ids: set[int]) -> set[int]:
        if not ids:
            return set()
        model = self.spec.model
        return {row[0] for row in self._query(model.id).where(model.id.in_(list(ids))).tuples()}

    def _insert_in_order(self) -> None:
        """New records: read the ids in order and tell the view where rows were inserted, so
        the rows that stay keep their selection."""
        ids = self._ordered_ids(*self._order)  # apply_changes read every id already
        self.layoutAboutToBeChanged.emit()
        old_ids = self._ids
        self._set_ids(ids)
        old_indexes = self.persistentIndexList()
        new_indexes = [
            self.index(self._row_of[old_ids[i.row()]], i.column())
            if i.row() < len(old_ids) and old_ids[i.row()] in self._row_of
            else QModelIndex()
            for i in old_indexes
        ]
        self.changePersistentIndexList(old_indexes, new_indexes)
        self.layoutChanged.emit()

    def refresh(self) -> bool:
        """After an edit: re-read the cells; re-read the ids too (as far as they were read) and
        return True when the set or order of records changed (the view then loses its
        selection and the caller restores it)."""
        if len(self._ids) < self._total:
            ids, total = self._head()
        else:
            ids = self._ordered_ids(*self._order)
            total = len(ids)
        self._rows.clear()
        if (ids, total) == (self._ids[: len(ids)], self._total):
            self._set_ids(ids, total)
            if total:
                last = self.index(total - 1, len(self.spec.columns) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            return False
        self.beginResetModel()
        self._set_ids(ids, total)
        self.endResetModel()
        return True

    def record_id(self, row: int) -> int:
        if row >= len(self._ids):
            if self._in_tail(row):
                return self._tail[row - (self._total - len(self._tail))]
            self._read_all()
        return self._ids[row]

    def row_values(self, row: int) -> tuple[Any, ...] | None:
        """Every value read for a row, shown columns first, then the spec's extras."""
        record_id = self.record_id(row)
        if record_id not in self._rows:
            self._fetch_page(row)
        return self._rows.get(record_id)

    def ids(self) -> tuple[int, ...]:
        self._read_all()
        return self._ids

    # --- Qt's model interface ----------------------------------------------------------------

    def rowCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.spec.columns)

    def data(self, index: ParentIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.DecorationRole,
        ):
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            # The thumbnail goes with the title, the column the grid view shows.
            if self.decorate is None or index.column() != 1:
                return None
            return self.decorate(index.row())
        cells = self.row_values(index.row())
        if cells is None:  # deleted since the ids were read
            return None
        value = cells[index.column()]
        if self.spec.shown and index.column() in self.spec.shown:
            value = self.spec.shown[index.column()](cells)
        if value in (None, "") and self.spec.fallback and index.column() in self.spec.fallback:
            value = cells[self.spec.fallback[index.column()]]
        if value in (None, "") and self.spec.placeholder:
            value = self.spec.placeholder.get(index.column(), value)
        return "" if value is None else str(value)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.spec.columns):
                return self.spec.columns[section].header
            return None
        return str(section + 1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.spec.columns):
            return
        spec = self.spec.columns[column]
        descending = order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        old_indexes = self.persistentIndexList()
        kept = {i.row() for i in old_indexes}
        old_ids = {row: self.record_id(row) for row in kept if 0 <= row < self._total}
        self._order = (spec.sort or spec.value, descending)
        self._set_ids(*self._head(self._total))
        new_indexes = [
            self.index(new_row, i.column())
            if i.row() in old_ids and (new_row := self.row_of(old_ids[i.row()])) is not None
            else QModelIndex()
            for i in old_indexes
        ]
        self.changePersistentIndexList(old_indexes, new_indexes)
        self.layoutChanged.emit()
