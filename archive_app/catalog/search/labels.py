"""What a search hit shows: the record's name and a detail line (date, accession number ...).

Fetched for one page of hits at a time, one query per record type, so a result list never runs
SQL per row.
"""

from __future__ import annotations

from collections.abc import Iterable

from peewee import Database

from archive_app.catalog.search.dialect import dialect_for
from archive_app.catalog.sources.csl import shown_date

#: record type -> SELECT of (id, label, detail, date text[, source's extra]) for `id IN (...)`.
_LABEL_SQL = {
    "photo": "SELECT id, coalesce(nullif(title, ''), accession_number), accession_number, date "
    "FROM photograph",
    "person": "SELECT id, name, "
    "CASE WHEN birth_date IS NULL AND death_date IS NULL THEN NULL "
    "ELSE coalesce(birth_date, '?') || ' – ' || coalesce(death_date, '?') END, NULL FROM person",
    "event": "SELECT id, title, event_type, date FROM event",
    "place": "SELECT id, name, place_type, NULL FROM place",
    # with `extra`, for a date no EDTF holds (see shown_date)
    "source": "SELECT id, coalesce(nullif(title, ''), '[untitled]'), container_title, issued, "
    "extra FROM source",
    "citation": "SELECT c.id, coalesce(nullif(s.title, ''), '[untitled]') "
    "|| coalesce(', ' || c.locator_label || ' ' || c.locator, "
    "', ' || c.locator, ''), substr(c.text, 1, 120), c.date FROM citation c "
    "JOIN source s ON s.id = c.source_id",
    "collection": "SELECT id, name, level, NULL FROM collection",
    "tag": "SELECT id, name, NULL, NULL FROM tag",
}
_ID_COLUMN = {"citation": "c.id"}
_CHUNK = 500


def fetch_labels(
    database: Database, wanted: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], tuple[str, str | None, str | None]]:
    """(record type, id) -> (label, detail, date text) for every wanted record that exists."""
    by_type: dict[str, list[int]] = {}
    for record_type, record_id in wanted:
        by_type.setdefault(record_type, []).append(record_id)
    found: dict[tuple[str, int], tuple[str, str | None, str | None]] = {}
    dialect = dialect_for(database)
    for record_type, ids in by_type.items():
        column = _ID_COLUMN.get(record_type, "id")
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            sql = f"{_LABEL_SQL[record_type]} WHERE {column} IN ({marks})"
            for record_id, label, detail, date, *extra in dialect.run(database, sql, chunk):
                if extra:
                    date = shown_date(date, extra[0])
                found[(record_type, record_id)] = (
                    label or f"{record_type} {record_id}",
                    detail,
                    date,
                )
    return found
