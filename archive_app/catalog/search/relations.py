"""Which records a linked-record filter (`person:`, `event:`, `place:` …) reaches.

`person:vlasov` first finds the people whose names match `vlasov` (by the index, so folding,
variants and fuzzy spellings all apply), then every record linked to one of them: the person, the
photographs that depict them, the events they took part in, and the citations on any of those
links. Each filter names, per record type, the SQL that turns the matched ids (the CTE `t`) into
index keys (`id * 8 + type code`, see documents.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from archive_app.catalog.search.documents import TYPE_CODES


@dataclass(frozen=True)
class LinkField:
    #: the record type the value is matched against.
    target: str
    #: the FTS5 column filter the value is matched in.
    columns: str
    #: the target's own table when its hierarchy should be followed down (fonds > series).
    hierarchy: str | None
    #: record type -> SELECTs of the ids of that type linked to an id in `t`.
    reaches: dict[str, tuple[str, ...]]


#: the ids the filter's value matched (the CTE `t`)
_T = "(SELECT id FROM t)"


def _citations_on(*columns: str) -> tuple[str, ...]:
    return tuple(
        f"SELECT id FROM citation WHERE {column} IN (SELECT id FROM t)" for column in columns
    )


_PHOTO_PERSON = "(SELECT id FROM photo_person WHERE person_id IN (SELECT id FROM t))"
_PERSON_EVENT_P = "(SELECT id FROM person_event WHERE person_id IN (SELECT id FROM t))"
_PHOTO_EVENT = "(SELECT id FROM photo_event WHERE event_id IN (SELECT id FROM t))"
_PERSON_EVENT_E = "(SELECT id FROM person_event WHERE event_id IN (SELECT id FROM t))"


def _cited(column: str) -> str:
    """The ids in `column` of the citations of the sources in `t`. The test for a value is
    written so that no index serves it: PostgreSQL, guessing a few sources' citations in the
    thousands, intersected them with the index of every citation of a photograph (250,000 at
    a million photographs: `source:elhassan` 42 ms, 28 of them there)."""
    return f"SELECT {column} FROM citation WHERE source_id IN {_T} AND {column} + 0 IS NOT NULL"


def _link_end(end: str, link_table: str) -> str:
    """One end (`photo_id` ...) of the links in `link_table` that cited citations support."""
    return f"SELECT {end} FROM {link_table} WHERE id IN ({_cited(link_table + '_id')})"


LINK_FIELDS: dict[str, LinkField] = {
    "person": LinkField(
        "person",
        "name",
        None,
        {
            "person": ("SELECT id FROM t",),
            "photo": ("SELECT photo_id FROM photo_person WHERE person_id IN (SELECT id FROM t)",),
            "event": ("SELECT event_id FROM person_event WHERE person_id IN (SELECT id FROM t)",),
            "citation": (
                "SELECT id FROM citation WHERE person_id IN (SELECT id FROM t)",
                f"SELECT id FROM citation WHERE photo_person_id IN {_PHOTO_PERSON}",
                f"SELECT id FROM citation WHERE person_event_id IN {_PERSON_EVENT_P}",
            ),
        },
    ),
    "event": LinkField(
        "event",
        "{name body}",
        None,
        {
            "event": ("SELECT id FROM t",),
            "photo": ("SELECT photo_id FROM photo_event WHERE event_id IN (SELECT id FROM t)",),
            "person": ("SELECT person_id FROM person_event WHERE event_id IN (SELECT id FROM t)",),
            "citation": (
                "SELECT id FROM citation WHERE event_id IN (SELECT id FROM t)",
                f"SELECT id FROM citation WHERE photo_event_id IN {_PHOTO_EVENT}",
                f"SELECT id FROM citation WHERE person_event_id IN {_PERSON_EVENT_E}",
            ),
        },
    ),
    "place": LinkField(
        "place",
        "name",
        "place",
        {
            "place": ("SELECT id FROM t",),
            "event": ("SELECT id FROM event WHERE place_id IN (SELECT id FROM t)",),
            "photo": ("SELECT id FROM photograph WHERE place_id IN (SELECT id FROM t)",),
            "citation": _citations_on("place_id"),
        },
    ),
    "tag": LinkField(
        "tag",
        "name",
        None,
        {
            "tag": ("SELECT id FROM t",),
            "photo": ("SELECT photo_id FROM photo_tag WHERE tag_id IN (SELECT id FROM t)",),
        },
    ),
    "collection": LinkField(
        "collection",
        "name",
        "collection",
        {
            "collection": ("SELECT id FROM t",),
            "photo": ("SELECT id FROM photograph WHERE collection_id IN (SELECT id FROM t)",),
            "citation": _citations_on("collection_id"),
        },
    ),
    "source": LinkField(
        "source",
        "{name body linked}",
        None,
        {
            "source": ("SELECT id FROM t",),
            "citation": ("SELECT id FROM citation WHERE source_id IN (SELECT id FROM t)",),
            # the records the source's citations support, and the ends of cited links
            "photo": (
                _cited("photo_id"),
                _link_end("photo_id", "photo_person"),
                _link_end("photo_id", "photo_event"),
            ),
            "person": (
                _cited("person_id"),
                _link_end("person_id", "photo_person"),
                _link_end("person_id", "person_event"),
            ),
            "event": (
                _cited("event_id"),
                _link_end("event_id", "photo_event"),
                _link_end("event_id", "person_event"),
            ),
            "place": (_cited("place_id"),),
            "collection": (_cited("collection_id"),),
        },
    ),
}  # fmt: skip


def reached_keys_sql(field: str, types: frozenset[str]) -> str:
    """The SELECT of the index keys of every record of `types` that `field`'s matched ids (in
    the CTE `t`) reach. A key may come more than once: whoever reads the set either inserts
    it into a table keyed by it or asks whether a key is in it, so no sort removes repeats."""
    spec = LINK_FIELDS[field]
    parts = [
        # each SELECT names one id column first: turn it into the key of its record type
        select.replace(" FROM ", f" * 8 + {TYPE_CODES[record_type]} AS k FROM ", 1)
        for record_type, selects in spec.reaches.items()
        if record_type in types
        for select in selects
    ]
    return " UNION ALL ".join(parts) if parts else "SELECT CAST(NULL AS BIGINT) AS k WHERE false"
