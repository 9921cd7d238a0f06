"""Long bibliographies in author-date styles, in seconds instead of minutes.

Pandoc's citeproc spends time growing with the square (or worse) of the number of items on
disambiguation: 2,000 books by 2,000 different authors take two minutes in APA, though none of
them needs disambiguating. Disambiguation (a year suffix, an added initial or name) only ever
touches items whose citations would otherwise read the same. So a long list is made in two runs:

1. the whole list with a copy of the style that does not disambiguate: the order of the entries,
   and each item's citation, which shows which items could be confused ("(Smith, 2000)" twice);
2. only those items, with the style itself: their entries with the suffixes and names that tell
   them apart, which replace the first run's.

Items in different groups of look-alikes never affect each other, so the result is the text of
one run of the style over the whole list (a test holds the two paths equal).
"""

from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from archive_app.catalog.sources.render import DEFAULT_LANG, Cite, Entry, render
from archive_app.catalog.sources.styles import Style

#: from this many items on, the two-run path is taken.
LARGE = 200

_DISAMBIGUATION = re.compile(
    r"\s(?:disambiguate-add-(?:names|givenname|year-suffix)|givenname-disambiguation-rule)"
    r'="[^"]*"'
)


def disambiguates(style: Style) -> bool:
    return bool(_DISAMBIGUATION.search(style.path.read_text("utf-8")))


@lru_cache(maxsize=16)
def _plain_copy(path: Path, mtime: float) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="archive-app-styles-"))
    copy = folder / path.name
    copy.write_text(_DISAMBIGUATION.sub("", path.read_text("utf-8")), encoding="utf-8")
    return copy


def plain_style(style: Style) -> Style:
    """The style without its disambiguation options (a private temporary copy)."""
    copy = _plain_copy(style.path, style.path.stat().st_mtime)
    return Style(style.id, style.title, copy, style.is_note, style.has_bibliography)


def bibliography_entries(
    items: list[dict[str, Any]], style: Style, lang: str | None = DEFAULT_LANG, force: bool = False
) -> list[Entry]:
    """The bibliography of `items` in `style`, by the two-run path when the list is long."""
    if not force and (len(items) < LARGE or not disambiguates(style)):
        return render(items, style, lang=lang).bibliography
    cites = [Cite(str(item["id"])) for item in items]
    first = render(items, plain_style(style), cites, lang=lang)
    look_alikes: dict[str, list[str]] = defaultdict(list)
    for cite, citation in zip(cites, first.citations, strict=True):
        look_alikes[citation.text].append(cite.item_id)
    ambiguous = {i for group in look_alikes.values() if len(group) > 1 for i in group}
    if not ambiguous:
        return first.bibliography
    subset = [item for item in items if str(item["id"]) in ambiguous]
    better = {e.item_id: e for e in render(subset, style, lang=lang).bibliography}
    return [better.get(entry.item_id, entry) for entry in first.bibliography]
