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


#: the first letter of a document's date words: a letter folding never makes (it gives letters
#: a-z and digits only), so no word a person types, nor a prefix of one, reaches them
DATE_MARK = "\u00fe"
#: a date range spanning more years than this gets the one word DATE_LONG, not a word a year
DATE_WORD_YEARS = 10
DATE_LONG = f"{DATE_MARK}long"
#: a date with an open or unknown end (`../1945`): a candidate of every date filter
DATE_OPEN = f"{DATE_MARK}open"


def date_word(year: int) -> str:
    return f"{DATE_MARK}{year}"


def _year(day: str) -> int | None:
    head = day[:4]
    return int(head) if len(day) >= 4 and head.isdigit() else None


def date_words(dated: str) -> str:
    """The date words of a record from its date text, earliest and latest day (one per line):
    a word for each year its range touches, DATE_LONG for a range of more than DATE_WORD_YEARS
    years (or one outside years 0-9999), DATE_OPEN for an open or unknown end, none when
    undated. A `date:` filter of a few years narrows a text search with these words before it
    checks each candidate's days (compiler.date_words)."""
    text, earliest, latest = ([*dated.split("\n"), "", ""])[:3]
    if not text.strip():
        return ""
    if not earliest or not latest:
        return DATE_OPEN
    first, last = _year(earliest), _year(latest)
    if first is None or last is None or last < first or last - first > DATE_WORD_YEARS:
        return DATE_LONG
    return " ".join(date_word(year) for year in range(first, last + 1))


def distinct_words(folded: str) -> str:
    """The distinct words of folded text, as a JSON array for json_each()."""
    return json.dumps(sorted(set(folded.split())))


#: SQL name -> one-argument function.
SQL_FUNCTIONS: dict[str, Callable[[object], str]] = {
    "search_fold": _safe(fold),
    "search_exact": _safe(exact_lines),
    "search_terms": _safe(name_terms),
    "search_lines": _safe(lines_json),
    "search_keywords": _safe(keywords),
    "search_dates": _safe(date_words),
    "search_words": _safe(distinct_words),
}
