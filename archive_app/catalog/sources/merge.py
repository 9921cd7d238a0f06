"""Merging two sources that are one work (a possible duplicate the import reported).

The source kept takes every citation of the other, and whatever the other knows that it does not
(an empty column filled, the other's names when it has none); then the other is deleted. Nothing
cited is lost: a citation only changes the source it points at. The merge is one change of the
write path (one transaction, one journal entry), so it is undone as every change is, by reverting
that entry (`journal.revert`, the desktop program's Undo).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from archive_app.catalog import records
from archive_app.catalog.changes import change
from archive_app.catalog.errors import InvalidField
from archive_app.catalog.models import Citation, Source, SourceCreator
from archive_app.catalog.serialize import get_record

#: the columns a merge may fill in the source kept (never its id, version or dates' bounds).
MERGED_COLUMNS = tuple(
    name
    for name in Source._meta.sorted_field_names
    if name not in ("id", "version", "created", "modified", "csl_type")
    and not name.endswith(("_earliest", "_latest"))
)


@dataclass
class MergeResult:
    """What a merge did (the journal entry holds enough to undo it)."""

    kept: int
    merged: int
    citations: list[int] = field(default_factory=list)
    filled: dict[str, Any] = field(default_factory=dict)  # column -> its value before


def merge_sources(kept_id: int, merged_id: int) -> MergeResult:
    """Move every citation of source `merged_id` to `kept_id`, fill the kept source's empty
    columns (and names, when it has none) from the other, and delete the other."""
    if kept_id == merged_id:
        raise InvalidField("source", "a source cannot be merged with itself")
    with change("Merge sources") as ch:
        kept = get_record("source", kept_id)
        merged = get_record("source", merged_id)
        result = MergeResult(kept_id, merged_id)
        for citation in Citation.select().where(Citation.source == merged_id):
            records.update("citation", citation.id, citation.version, source=kept_id)
            result.citations.append(citation.id)
        filled = {
            name: getattr(merged, name)
            for name in MERGED_COLUMNS
            if getattr(kept, name) in (None, "") and getattr(merged, name) not in (None, "")
        }
        if filled:
            result.filled = {name: getattr(kept, name) for name in filled}
            records.update("source", kept_id, kept.version, **filled)
        if not kept.creators.count():
            creators = [c.id for c in merged.creators]
            ch.update(SourceCreator, creators, {"source": kept_id})
        records.delete("source", merged_id)
    return result
