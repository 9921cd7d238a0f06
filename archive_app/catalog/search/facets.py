"""Facets of a search result: how many of the records found are of each type, show or concern
each person, event, tag and collection, and fall in each decade.

Each value carries the query term that narrows the search to it (`person:"heinrich himmler"`,
`date:1940..1949`), so clicking a facet only adds text to the query the archivist can read, edit
and save. All facets are counted in one statement over the result's keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from peewee import Database

from archive_app.catalog.search.compiler import Sql
from archive_app.catalog.search.dialect import dialect_for
from archive_app.catalog.search.documents import CODE_TYPES
from archive_app.catalog.search.folding import fold

FACET_NAMES = ("type", "person", "event", "tag", "collection", "decade")
#: values listed per facet (the most frequent first); a record type facet lists them all.
MAX_VALUES = 12

TYPE_LABELS = {
    "photo": "Photographs",
    "person": "People",
    "event": "Events",
    "place": "Places",
    "source": "Sources",
    "citation": "Citations",
    "collection": "Collections",
    "tag": "Tags",
}


@dataclass(frozen=True)
class FacetValue:
    facet: str
    value: str  # the record type, the id of the person/event/tag/collection, or the decade
    label: str
    count: int
    term: str  # the query term that narrows the search to this value


#: the most frequent values labelled and ordered by name (counts tied past these go by id): a
#: label for each of the thousands of people a large result shows would cost more than the count
CANDIDATES = 100


def _top(select: str, label_sql: str) -> str:
    """The MAX_VALUES most frequent values of a (value, hit key) SELECT, with their labels."""
    return (
        f"SELECT v, ({label_sql}) AS label, n FROM (SELECT v, count(DISTINCT hk) AS n "
        f"FROM ({select}) AS pairs GROUP BY v ORDER BY n DESC, v LIMIT {CANDIDATES}) AS top "
        f"ORDER BY n DESC, label LIMIT {MAX_VALUES}"
    )


FACET_SQL = {
    "type": "SELECT k & 7 AS v, NULL AS label, count(*) AS n FROM every GROUP BY k & 7",
    "person": _top(
        "SELECT l.person_id AS v, h.k AS hk FROM hits h CROSS JOIN photo_person l "
        "ON l.photo_id = h.k >> 3 WHERE h.k & 7 = 1 "
        "UNION ALL SELECT l.person_id, h.k FROM hits h CROSS JOIN person_event l "
        "ON l.event_id = h.k >> 3 WHERE h.k & 7 = 3 "
        "UNION ALL SELECT h.k >> 3, h.k FROM hits h WHERE h.k & 7 = 2",
        "SELECT name FROM person WHERE id = v",
    ),
    "event": _top(
        "SELECT l.event_id AS v, h.k AS hk FROM hits h CROSS JOIN photo_event l "
        "ON l.photo_id = h.k >> 3 WHERE h.k & 7 = 1 "
        "UNION ALL SELECT h.k >> 3, h.k FROM hits h WHERE h.k & 7 = 3",
        "SELECT title FROM event WHERE id = v",
    ),
    "tag": _top(
        "SELECT l.tag_id AS v, h.k AS hk FROM hits h CROSS JOIN photo_tag l "
        "ON l.photo_id = h.k >> 3 WHERE h.k & 7 = 1 "
        "UNION ALL SELECT h.k >> 3, h.k FROM hits h WHERE h.k & 7 = 0",
        "SELECT name FROM tag WHERE id = v",
    ),
    "collection": _top(
        "SELECT p.collection_id AS v, h.k AS hk FROM hits h CROSS JOIN photograph p "
        "ON p.id = h.k >> 3 WHERE h.k & 7 = 1 AND p.collection_id IS NOT NULL "
        "UNION ALL SELECT h.k >> 3, h.k FROM hits h WHERE h.k & 7 = 7",
        "SELECT name FROM collection WHERE id = v",
    ),
    "decade": _top(
        " UNION ALL ".join(
            f"SELECT substr(r.{column}_earliest, 1, 3) AS v, h.k AS hk FROM hits h "
            f"CROSS JOIN {table} r ON r.id = h.k >> 3 WHERE h.k & 7 = {code} "
            f"AND r.{column}_earliest IS NOT NULL"
            for table, column, code in (
                ("photograph", "date", 1),
                ("event", "date", 3),
                ("citation", "date", 6),
                ("source", "issued", 5),
            )
        ),
        "SELECT v || '0s'",
    ),
}


def _term(facet: str, value: str, label: str) -> str:
    if facet == "type":
        return f"type:{value}"
    if facet == "decade":
        return f"date:{value}0..{value}9"
    folded = fold(label)
    return f'{facet}:"{folded}"' if folded else ""


def count_facets(
    database: Database, every: Sql, best: Sql | None = None
) -> dict[str, list[FacetValue]]:
    """Every facet of a result: record types over all its keys (`every`, column `k`), the
    others over `best` (the best-ranked part of a large result; all of it when None)."""
    best = best or every
    ctes = f"WITH every(k) AS ({every.text}), hits(k) AS MATERIALIZED ({best.text}) "
    dialect = dialect_for(database)
    rows = [
        (name, *row)
        for name, sql in FACET_SQL.items()
        # one statement per facet: SQLite plans each small one well, the union of all badly
        for row in dialect.run(database, ctes + sql, every.params + best.params)
    ]
    return facet_values(rows)


def facet_values(rows: Iterable[tuple[str, Any, Any, int]]) -> dict[str, list[FacetValue]]:
    """The facets from rows of (facet name, value, label, count) as FACET_SQL counts them."""
    found: dict[str, list[FacetValue]] = {name: [] for name in FACET_NAMES}
    for facet, value, label, count in rows:
        if facet == "type":
            value = CODE_TYPES[int(value)]
            label = TYPE_LABELS[value]
        elif label is None:
            continue
        value = str(value)
        found[facet].append(FacetValue(facet, value, str(label), count, _term(facet, value, label)))
    found["type"].sort(key=lambda v: (-v.count, v.label))
    return found
