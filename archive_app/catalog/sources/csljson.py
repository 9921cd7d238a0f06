"""CSL-JSON: the catalogue's sources as the items every citation engine is given, and a
CSL-JSON file (Zotero's "Export as CSL JSON") read back into items.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from archive_app.catalog.errors import CatalogError
from archive_app.catalog.models import Source, SourceCreator
from archive_app.catalog.sources.csl import source_to_csl, written_ids

MAX_ITEMS = 200_000


class FormatError(CatalogError):
    """A bibliography file cannot be read; the message names the file's problem."""


def source_items(source_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """CSL-JSON items of the given sources (all when None), in id order, with two queries
    whatever their number (creators are fetched at once, not per source)."""
    query = Source.select().order_by(Source.id)
    creators = SourceCreator.select().order_by(SourceCreator.position, SourceCreator.id)
    if source_ids is not None:
        wanted = sorted(set(source_ids))
        query = query.where(Source.id.in_(wanted))
        creators = creators.where(SourceCreator.source.in_(wanted))
    by_source: dict[int, list[SourceCreator]] = defaultdict(list)
    for creator in creators:
        by_source[creator.source_id].append(creator)
    return [source_to_csl(source, by_source[source.id]) for source in query]


def dumps(items: list[dict[str, Any]]) -> str:
    """A CSL-JSON file of the items, each with the id it came with (see `written_ids`)."""
    return json.dumps(written_ids(items), ensure_ascii=False, indent=2) + "\n"


def loads(text: str) -> list[dict[str, Any]]:
    """Items of a CSL-JSON document: an array of items (or one item, or `{"items": [...]}`);
    an entry that is not an item is left for the import to refuse alone."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(f"not valid JSON (line {exc.lineno}, column {exc.colno})") from exc
    except RecursionError:
        raise FormatError("not CSL-JSON: nested too deeply") from None
    if isinstance(data, dict):
        data = data.get("items", [data]) if "items" in data or "type" in data else None
    if not isinstance(data, list):
        raise FormatError("a CSL-JSON file holds an array of items")
    if len(data) > MAX_ITEMS:
        raise FormatError(f"more than {MAX_ITEMS} items in one file")
    return data
