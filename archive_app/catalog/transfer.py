"""Moving a whole catalogue between SQLite and PostgreSQL (either way), without loss.

Every table of the catalogue is copied row for row with its ids (records, links, citations,
regions, the journal, saved searches, reviews, settings) into an empty catalogue of the current
schema, in one transaction on the target; the search index is not copied but rebuilt there from
the copied records, in the same transaction. A row that points at a later row of its own table
(a place inside a place created after it) is written without that reference first and gets it
back at the end. The copy is then verified: each table's row count and a checksum of its rows
(order-free: the sum of each row's SHA-256, values in one canonical form) must match the
source's, or the transfer says which table differs. A target that already holds records is
refused before anything is written.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from peewee import Database, ForeignKeyField, PostgresqlDatabase

from archive_app.catalog.database import Catalog, open_catalog, shown_location
from archive_app.catalog.errors import CatalogError
from archive_app.catalog.models import ALL_MODELS, CatalogMeta
from archive_app.catalog.search import index

CHUNK = 2000
#: the search index's own tables: rebuilt on the target, never copied
_INDEX_PREFIX = "search_"
_MASK = (1 << 256) - 1


class TransferRefused(CatalogError):
    """The target cannot take the catalogue (it holds records, or the copy did not verify)."""


@dataclass
class TableCopy:
    table: str
    rows: int
    checksum: str


@dataclass
class TransferReport:
    source: str
    target: str
    tables: list[TableCopy] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "verified": True,
            "rows": self.rows,
            "tables": [
                {"table": t.table, "rows": t.rows, "checksum": t.checksum} for t in self.tables
            ],
        }


def _models() -> list[Any]:
    from archive_app.catalog.search.saved import SavedSearch

    return [*ALL_MODELS, SavedSearch]


def copied_tables(database: Database) -> list[tuple[str, list[str], list[str]]]:
    """(table, columns, columns referring to the same table) of every table to copy, parents
    first: the schema's models in creation order, then any other table of the catalogue."""
    present = set(database.get_tables())
    found: list[tuple[str, list[str], list[str]]] = []
    for model in _models():
        table = model._meta.table_name
        if table not in present:
            continue
        columns = [f.column_name for f in model._meta.sorted_fields]
        selfish = [
            f.column_name
            for f in model._meta.sorted_fields
            if isinstance(f, ForeignKeyField) and f.rel_model is model
        ]
        found.append((table, columns, selfish))
    known = {table for table, _, _ in found}
    for table in sorted(present - known):
        if not table.startswith(_INDEX_PREFIX) and not table.startswith("sqlite_"):
            found.append((table, [c.name for c in database.get_columns(table)], []))
    return found


def _canonical(row: tuple[Any, ...]) -> bytes:
    """One row's values in a form both backends give alike (floats by repr, bytes as hex)."""
    values = [v.hex() if isinstance(v, bytes | memoryview) else v for v in row]
    return json.dumps(values, ensure_ascii=False, default=str).encode()


def table_checksum(database: Database, table: str, columns: list[str]) -> tuple[int, str]:
    """(row count, order-free checksum) of a table."""
    names = ", ".join(f'"{c}"' for c in columns)
    total, count = 0, 0
    cursor = database.execute_sql(f'SELECT {names} FROM "{table}"')
    while rows := cursor.fetchmany(CHUNK):
        for row in rows:
            total = (total + int.from_bytes(hashlib.sha256(_canonical(row)).digest())) & _MASK
        count += len(rows)
    return count, f"{total:064x}"


def _holds_records(database: Database) -> list[str]:
    """The tables of a catalogue that hold rows a new catalogue would not have."""
    busy = []
    for table, _columns, _ in copied_tables(database):
        if table == CatalogMeta._meta.table_name:
            continue
        if database.execute_sql(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()[0]:
            busy.append(table)
    return busy


def _copy_table(
    source: Database, target: Database, table: str, columns: list[str], selfish: list[str]
) -> None:
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join([target.param] * len(columns))
    insert = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
    later: list[tuple[Any, ...]] = []
    held = [columns.index(c) for c in selfish]
    cursor = source.execute_sql(f'SELECT {names} FROM "{table}"')
    target_cursor = target.cursor()
    while rows := cursor.fetchmany(CHUNK):
        if held:
            written = []
            for row in rows:
                values = list(row)
                for i in held:
                    if values[i] is not None:
                        later.append((columns[i], values[i], values[0]))
                        values[i] = None
                written.append(tuple(values))
            rows = written
        target_cursor.executemany(insert, rows)
    for column, value, row_id in later:
        target.execute_sql(
            f'UPDATE "{table}" SET "{column}" = {target.param} WHERE id = {target.param}',
            (value, row_id),
        )


def _advance_sequences(target: Database, tables: list[str]) -> None:
    """A PostgreSQL table's id sequence moved past the copied ids."""
    if not isinstance(target, PostgresqlDatabase):
        return
    for table in tables:
        sequence = target.execute_sql(
            "SELECT pg_get_serial_sequence(%s, 'id')", (table,)
        ).fetchone()
        if sequence and sequence[0]:
            target.execute_sql(
                f'SELECT setval(%s, coalesce((SELECT max(id) FROM "{table}"), 0) + 1, false)',
                (sequence[0],),
            )


def transfer(source: Catalog, target_location: str) -> TransferReport:
    """Copy the open catalogue into the (new or empty) catalogue at `target_location`, verify
    it, and return what was copied. The source is read only; the target is closed after."""
    source_db = source.database
    if target_location == source.location:
        raise TransferRefused("the target is the catalogue itself")
    target = open_catalog(target_location)
    report = TransferReport(shown_location(source.location), shown_location(target_location))
    try:
        target_db = target.database
        busy = _holds_records(target_db)
        if busy:
            raise TransferRefused(
                f"{report.target} already holds records ({', '.join(busy[:4])}); a transfer "
                "goes into a new or empty catalogue only"
            )
        tables = copied_tables(source_db)
        missing = [t for t, _, _ in tables if t not in set(target_db.get_tables())]
        if missing:
            raise TransferRefused(f"the target has no table {missing[0]!r}")
        # one transaction: a copy that does not verify leaves the target as empty as it was
        with index.bulk(target_db):  # the documents are written once, at the end
            target_db.execute_sql(f'DELETE FROM "{CatalogMeta._meta.table_name}"')
            for table, columns, selfish in tables:
                _copy_table(source_db, target_db, table, columns, selfish)
            _advance_sequences(target_db, [t for t, c, _ in tables if "id" in c])
            for table, columns, _ in tables:
                copied = table_checksum(target_db, table, columns)
                original = table_checksum(source_db, table, columns)
                if copied != original:
                    raise TransferRefused(
                        f"the copy of {table} does not match the source ({original[0]} rows "
                        f"there, {copied[0]} here, checksums differ); nothing was written"
                    )
                report.tables.append(TableCopy(table, *copied))
    finally:
        target.close()
        # the models are bound to the last catalogue opened: give them back to the source
        from archive_app.catalog.models import catalog_db

        catalog_db.initialize(source_db)
    return report
