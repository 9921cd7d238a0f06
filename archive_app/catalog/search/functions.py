"""The Python functions the index's triggers call inside SQLite.

SQLite cannot transliterate Власов to vlasov, so the triggers that keep the index in step call
these functions, registered on every connection the catalogue opens (as Calibre registers its
`title_sort()`). They never raise: an exception inside a trigger would refuse the archivist's
edit, and a record whose text cannot be folded is still better saved and found by its other text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from archive_app.catalog.search.folding import fold, tokens

#: embedded-metadata keys (EXIF, IPTC, XMP, any case) whose values describe the picture.
_DESCRIPTIVE_KEYS = (
    "keyword",
    "subject",
    "caption",
    "description",
    "headline",
    "title",
    "personinimage",
    "location",
    "sublocation",
    "city",
    "state",
    "country",
    "event",
    "objectname",
)
_MAX_METADATA = 200_000  # characters of JSON read for keywords; the rest is not descriptive


def _descriptive_values(value: Any, key: str = "", depth: int = 0) -> Iterator[str]:
    if depth > 8:
        return
    if isinstance(value, dict):
        for child_key, child in value.items():
            yield from _descriptive_values(child, str(child_key), depth + 1)
    elif isinstance(value, list):
        for child in value[:500]:
            yield from _descriptive_values(child, key, depth + 1)
    elif isinstance(value, str) and any(k in key.lower() for k in _DESCRIPTIVE_KEYS):
        yield value


def keywords(metadata_json: object) -> str:
    """The descriptive values (keywords, subjects, headline, location ...) of a photograph's
    embedded metadata, from its JSON text; '' for missing or broken JSON."""
    if not isinstance(metadata_json, str) or not metadata_json:
        return ""
    try:
        data = json.loads(metadata_json[:_MAX_METADATA])
    except (ValueError, RecursionError):
        return ""
    try:
        return " ".join(_descriptive_values(data))
    except RecursionError:  # pragma: no cover - depth is capped above
        return ""


def _safe(function: Callable[[str], str]) -> Callable[[object], str]:
    def wrapped(value: object) -> str:
        if value is None:
            return ""
        try:
            return function(str(value))
        except Exception:  # noqa: BLE001 - see the module docstring
            return ""

    wrapped.__name__ = function.__name__
    return wrapped


def exact_lines(text: str) -> str:
    """Each line (a whole name) folded, so `= ?` on a line is an exact-name test."""
    return "\n".join(line for line in (fold(part) for part in text.split("\n")) if line)


def lines_json(text: str) -> str:
    """The non-empty lines of a text as a JSON array, for json_each()."""
    return json.dumps([line for line in text.split("\n") if line])


def name_terms(text: str) -> str:
    """The distinct folded words of a person's names, as a JSON array for json_each()."""
    return json.dumps(sorted(set(tokens(text))))


#: SQL name -> one-argument function.
SQL_FUNCTIONS: dict[str, Callable[[object], str]] = {
    "search_fold": _safe(fold),
    "search_exact": _safe(exact_lines),
    "search_terms": _safe(name_terms),
    "search_lines": _safe(lines_json),
    "search_keywords": _safe(keywords),
}
