"""What an export covers: the whole catalogue, or the records a search finds.

A selection is a set of record ids by type. The exports ask it for the records they show and the
sources those records cite, so "export what I found" and "export everything" share one path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archive_app.catalog.models import (
    CITABLE,
    Citation,
    Collection,
    Event,
    Person,
    Photograph,
    Place,
    Source,
)

#: record types a selection can hold, in the order lists by record show them.
SELECTABLE = {
    "photo": Photograph,
    "person": Person,
    "event": Event,
    "place": Place,
    "collection": Collection,
    "source": Source,
}


@dataclass
class Selection:
    """Record ids by type; `everything` stands for the whole catalogue without listing it."""

    ids: dict[str, list[int]] = field(default_factory=dict)
    everything: bool = False
    query: str | None = None

    def ids_of(self, record_type: str) -> list[int]:
        if self.everything:
            model = SELECTABLE[record_type]
            return [row for (row,) in model.select(model.id).order_by(model.id).tuples()]
        return sorted(set(self.ids.get(record_type, [])))

    def cited_source_ids(self) -> list[int]:
        """Sources cited by the selected records and their links; with the whole catalogue or
        a selection of sources, those sources too (an uncited source is still in the list)."""
        if self.everything:
            return [row for (row,) in Source.select(Source.id).order_by(Source.id).tuples()]
        found = set(self.ids.get("source", []))
        for citation in citations_of(self):
            found.add(citation.source_id)
        return sorted(found)


def whole_catalogue() -> Selection:
    return Selection(everything=True)


def _search_ids(query: str) -> dict[str, list[int]]:
    """Every record the catalogue's query language finds (not only the first page a person
    sees), grouped by type. A malformed query raises the search's QueryError."""
    from archive_app.catalog.search.execute import MAX_LIMIT, search

    grouped: dict[str, list[int]] = {}
    offset = 0
    while True:
        result = search(query, limit=MAX_LIMIT, offset=offset, with_facets=False, whole=True)
        for hit in result.hits:
            grouped.setdefault(hit.record_type, []).append(hit.record_id)
        offset += MAX_LIMIT
        if offset >= result.total:
            return grouped


def from_query(query: str | None) -> Selection:
    if query is None or not query.strip():
        return whole_catalogue()
    return Selection(ids=_search_ids(query), query=query)


def citations_of(selection: Selection) -> list[Citation]:
    """Every citation on the selected records and on their links, in catalogue order."""
    from archive_app.catalog.sources.citation_lists import record_citations

    result: list[Citation] = []
    for record_type in ("photo", "person", "event", "place", "collection"):
        for record_id in selection.ids_of(record_type):
            result.extend(record_citations(record_type, record_id))
    return result


__all__ = ["CITABLE", "Selection", "citations_of", "from_query", "whole_catalogue"]
