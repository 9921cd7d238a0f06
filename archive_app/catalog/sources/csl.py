"""Sources as CSL-JSON items, and CSL-JSON items as sources.

CSL-JSON is what every citation engine (citeproc-js in Zotero, pandoc's citeproc) is given, so
it is the one shape the exports start from. A source keeps the common CSL variables in columns
and the rest in `extra`; its creators are structured names (family, given, particles, suffix)
or literal names for corporate bodies. A transliteration of a non-Latin name has no place in
CSL-JSON names (the schema allows no extra keys there), so it travels in the item's `custom`
object, which engines ignore and a round trip keeps.
"""

from __future__ import annotations

import json
import re
from typing import Any

from archive_app.catalog.dates import parse_date
from archive_app.catalog.errors import InvalidField
from archive_app.catalog.models import Source, SourceCreator

#: the CSL item types an archive meets most, offered first in editors (CSL 1.0.2 names).
ARCHIVE_TYPES: tuple[str, ...] = (
    "webpage",
    "article-newspaper",
    "article-journal",
    "article-magazine",
    "book",
    "chapter",
    "manuscript",
    "graphic",
    "interview",
    "report",
    "thesis",
    "map",
    "document",
)

#: every item type of the CSL-JSON schema.
CSL_TYPES: frozenset[str] = frozenset(
    """article article-journal article-magazine article-newspaper bill book broadcast chapter
    classic collection dataset document entry entry-dictionary entry-encyclopedia figure graphic
    hearing interview legal_case legislation manuscript map motion_picture musical_score pamphlet
    paper-conference patent performance periodical personal_communication post post-weblog
    regulation report review review-book software song speech standard thesis treaty
    webpage""".split()  # noqa: SIM905 - a word list reads better than 44 quoted strings
)

#: CSL name variables (creator roles), in the order editors offer them.
NAME_ROLES: tuple[str, ...] = (
    "author",
    "editor",
    "translator",
    "interviewer",
    "recipient",
    "container-author",
    "collection-editor",
    "compiler",
    "composer",
    "contributor",
    "curator",
    "director",
    "editorial-director",
    "executive-producer",
    "illustrator",
    "organizer",
    "original-author",
    "performer",
    "producer",
    "reviewed-author",
    "chair",
)

#: CSL date variables kept outside the two date columns (in `extra`, as CSL date objects).
#: source column -> CSL variable, for the plain text columns.
TEXT_COLUMNS: dict[str, str] = {
    "title": "title",
    "container_title": "container-title",
    "publisher": "publisher",
    "publisher_place": "publisher-place",
    "url": "URL",
    "doi": "DOI",
    "isbn": "ISBN",
    "volume": "volume",
    "issue": "issue",
    "page": "page",
    "edition": "edition",
    "archive": "archive",
    "archive_location": "archive_location",
    "note": "note",
}
DATE_COLUMNS: dict[str, str] = {"issued": "issued", "accessed": "accessed"}

#: CSL name fields <-> SourceCreator columns.
NAME_PARTS: dict[str, str] = {
    "family": "family",
    "given": "given",
    "non-dropping-particle": "non_dropping_particle",
    "dropping-particle": "dropping_particle",
    "suffix": "suffix",
    "literal": "literal",
}

_EDTF_DAY = re.compile(r"^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?([?~%]?)$")
_SEASONS = {"21": 1, "22": 2, "23": 3, "24": 4}


def item_id(source_id: int) -> str:
    return f"source-{source_id}"


# --- dates -------------------------------------------------------------------------------------


def _date_parts(text: str) -> tuple[list[int], bool, int | None] | None:
    """[year, month, day] of one EDTF point, whether it is approximate, and a season."""
    match = _EDTF_DAY.match(text)
    if not match:
        return None
    year, month, day, flag = match.groups()
    if month in _SEASONS:
        return [int(year)], bool(flag), _SEASONS[month]
    parts = [int(year)] + [int(p) for p in (month, day) if p]
    return parts, bool(flag), None


def edtf_to_csl(text: str | None) -> dict[str, Any] | None:
    """A CSL date object for EDTF text: exact dates and intervals as `date-parts`, uncertain
    ones with `circa`, seasons with `season`; anything else (`194X`) as a `literal`, which every
    engine prints as written rather than guessing."""
    if not text:
        return None
    ends = text.split("/") if "/" in text else [text]
    if len(ends) > 2:
        return {"literal": text}
    parsed = [_date_parts(end) for end in ends]
    if any(p is None for p in parsed):
        return {"literal": text}
    result: dict[str, Any] = {"date-parts": [p[0] for p in parsed if p]}
    if any(p and p[1] for p in parsed):
        result["circa"] = True
    seasons = [p[2] for p in parsed if p and p[2]]
    if seasons and len(parsed) == 1:
        result["season"] = seasons[0]
    return result


def csl_to_edtf(value: Any, field: str) -> str | None:
    """EDTF text for a CSL date (object with date-parts/literal/raw, or an EDTF string).
    Refuses what it cannot read, naming the field, rather than storing a wrong date."""
    if value in (None, "", {}):
        return None
    if isinstance(value, str):
        return parse_date(value, field).text
    if not isinstance(value, dict):
        raise InvalidField(field, "is not a CSL date")
    parts = value.get("date-parts")
    if parts:
        ends = []
        for point in parts[:2]:
            numbers = [int(str(n)) for n in point if str(n).strip()]
            if not numbers:
                continue
            text = f"{numbers[0]:04d}" + "".join(f"-{n:02d}" for n in numbers[1:3])
            ends.append(text + ("~" if value.get("circa") else ""))
        if not ends:
            return None
        season = value.get("season")
        if season and len(ends) == 1 and len(numbers) == 1 and str(season) in "1234":
            ends = [f"{numbers[0]:04d}-{20 + int(season)}"]
        text = "/".join(dict.fromkeys(ends))
    else:
        text = value.get("edtf") or value.get("raw") or value.get("literal")
        if not text:
            return None
    return parse_date(str(text), field).text


# --- names -------------------------------------------------------------------------------------


def creator_to_name(creator: SourceCreator) -> dict[str, str]:
    """A CSL name for a creator: a literal (corporate) name, or its structured parts."""
    if creator.literal:
        return {"literal": creator.literal}
    return {
        key: getattr(creator, column)
        for key, column in NAME_PARTS.items()
        if key != "literal" and getattr(creator, column)
    }


def plain_text(value: Any, variable: str) -> str:
    """A CSL text or number variable as text; an object or a list where text belongs is refused
    (it would otherwise be stored as Python's picture of it, "{'x': 1}")."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidField(variable, "must be text")
    return str(value).strip()


def name_to_creator_fields(name: Any, role: str) -> dict[str, Any]:
    """SourceCreator columns for a CSL name; refuses a name with no part to print."""
    if not isinstance(name, dict):
        raise InvalidField(role, "is not a CSL name")
    fields = {
        column: plain_text(name[key], f"{role} {key}")
        for key, column in NAME_PARTS.items()
        if name.get(key) not in (None, "")
    }
    if not fields.get("family") and not fields.get("literal"):
        if fields.get("given"):  # a single-part name, such as a mononym: keep it as printed
            fields = {"literal": fields["given"]}
        else:
            raise InvalidField(role, "a name needs a family name or a literal name")
    return {"role": role, **fields}


# --- items -------------------------------------------------------------------------------------


def _extra(source: Source) -> dict[str, Any]:
    if not source.extra:
        return {}
    value = json.loads(source.extra) if isinstance(source.extra, str) else source.extra
    return value if isinstance(value, dict) else {}


def source_to_csl(source: Source, creators: list[SourceCreator] | None = None) -> dict[str, Any]:
    """The CSL-JSON item of a source, with the id `source-N`."""
    item: dict[str, Any] = {"id": item_id(source.id), "type": source.csl_type or "document"}
    people = creators if creators is not None else list(source.creators.order_by("position"))
    transliterations: list[dict[str, Any]] = []
    for creator in sorted(people, key=lambda c: (c.position, c.id or 0)):
        names = item.setdefault(creator.role or "author", [])
        names.append(creator_to_name(creator))
        if creator.transliteration:
            transliterations.append(
                {"role": creator.role, "index": len(names) - 1, "text": creator.transliteration}
            )
    for column, variable in TEXT_COLUMNS.items():
        value = getattr(source, column)
        if value not in (None, ""):
            item[variable] = value
    for column, variable in DATE_COLUMNS.items():
        date = edtf_to_csl(getattr(source, column))
        if date:
            item[variable] = date
    for variable, value in _extra(source).items():
        if variable not in item and variable not in ("id", "type"):
            item[variable] = value
    if transliterations:
        item.setdefault("custom", {})["transliterations"] = transliterations
    return item


def csl_to_source(item: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Source columns and creator rows for a CSL-JSON item (the reverse of source_to_csl).
    Variables without a column go to `extra`; an unknown item type becomes `document`."""
    if not isinstance(item, dict):
        raise InvalidField("item", "is not a CSL-JSON object")
    csl_type = str(item.get("type") or "document")
    fields: dict[str, Any] = {"csl_type": csl_type if csl_type in CSL_TYPES else "document"}
    extra: dict[str, Any] = {}
    by_variable = {v: c for c, v in TEXT_COLUMNS.items()}
    by_date = {v: c for c, v in DATE_COLUMNS.items()}
    creators: list[dict[str, Any]] = []
    for variable, value in item.items():
        if variable in ("id", "type", "custom"):
            continue
        if variable in NAME_ROLES:
            if not isinstance(value, list):
                raise InvalidField(variable, "must be a list of names")
            creators.extend(name_to_creator_fields(name, variable) for name in value)
        elif variable in by_variable:
            text = plain_text(value, variable)
            if text:
                fields[by_variable[variable]] = text
        elif variable in by_date:
            fields[by_date[variable]] = csl_to_edtf(value, variable)
        elif value not in (None, "", [], {}):
            extra[variable] = value
    custom = item.get("custom")
    if isinstance(custom, dict):
        for entry in custom.get("transliterations", []) or []:
            _attach_transliteration(creators, entry)
        rest = {k: v for k, v in custom.items() if k != "transliterations"}
        if rest:
            extra["custom"] = rest
    if not fields.get("title"):
        raise InvalidField("title", "a source needs a title")
    if extra:
        fields["extra"] = json.dumps(extra, ensure_ascii=False, sort_keys=True)
    return fields, creators


def _attach_transliteration(creators: list[dict[str, Any]], entry: Any) -> None:
    if not isinstance(entry, dict):
        return
    same_role = [c for c in creators if c["role"] == entry.get("role")]
    index = entry.get("index")
    if isinstance(index, int) and 0 <= index < len(same_role) and entry.get("text"):
        same_role[index]["transliteration"] = str(entry["text"])
