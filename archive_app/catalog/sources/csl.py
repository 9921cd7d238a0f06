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
from collections import Counter
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
    ones with `circa`, a season with `season` (on a range's ends as months 21-24, which both
    engines print as seasons), an open end (`1999/..`) as `[0]`; anything else (`194X`) as a
    `literal`, which every engine prints as written rather than guessing."""
    if not text:
        return None
    ends = text.split("/") if "/" in text else [text]
    if len(ends) > 2 or ends[0] == "..":
        return {"literal": text}
    parsed = [None if end == ".." and index else _date_parts(end) for index, end in enumerate(ends)]
    if any(p is None for p in parsed[:1]) or len(ends) == 2 and ends[1] != ".." and not parsed[1]:
        return {"literal": text}
    points: list[list[int]] = []
    for point in parsed:
        if point is None:
            points.append([0])
        elif point[2] and len(parsed) == 2:
            points.append([point[0][0], 20 + point[2]])
        else:
            points.append(point[0])
    result: dict[str, Any] = {"date-parts": points}
    if any(p and p[1] for p in parsed):
        result["circa"] = True
    if len(parsed) == 1 and parsed[0] and parsed[0][2]:
        result["season"] = parsed[0][2]
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
        text = _parts_to_edtf(value, parts, field)
        if text is None:
            return None
    else:
        text = value.get("edtf") or value.get("raw") or value.get("literal")
        if not text:
            return None
    return parse_date(str(text), field).text


def _point(point: Any, field: str) -> list[int]:
    if not isinstance(point, list):
        raise InvalidField(field, "date-parts must be lists of numbers")
    try:
        return [int(str(n).strip()) for n in point[:3] if str(n).strip()]
    except ValueError as exc:
        raise InvalidField(field, f"{point!r} is not a list of numbers") from exc


def _year(number: int) -> str:
    return f"-{-number:04d}" if number < 0 else f"{number:04d}"


def _parts_to_edtf(value: dict[str, Any], parts: Any, field: str) -> str | None:
    """EDTF for `date-parts`: one point or a range of two, with `circa` as `~` and a season
    (a `season` key, or 21-24 as the month) as EDTF's season months; an open end (`[0]` or
    `[]` as the second point) as `..`."""
    if not isinstance(parts, list):
        raise InvalidField(field, "date-parts must be a list")
    points = [_point(point, field) for point in parts[:2]]
    if not points or not points[0] or points[0][0] == 0 and len(points[0]) == 1:
        return None
    seasons = _seasons(value.get("season"), len(points))
    ends = []
    for index, numbers in enumerate(points):
        if not numbers or numbers == [0]:
            ends.append("..")
            continue
        numbers = numbers[:1] + list(_leading_positive(numbers[1:]))
        text = _year(numbers[0]) + "".join(f"-{n:02d}" for n in numbers[1:3])
        if len(numbers) == 1 and seasons[index]:
            text += f"-{20 + seasons[index]}"
        ends.append(text + ("~" if _true(value.get("circa")) else ""))
    if len(ends) == 2 and ends[0] == ends[1]:
        ends = ends[:1]
    return "/".join(ends)


def _leading_positive(numbers: list[int]) -> list[int]:
    """Month and day up to the first missing one (0 is "not given" in CSL)."""
    result = []
    for number in numbers:
        if number <= 0:
            break
        result.append(number)
    return result


def _true(flag: Any) -> bool:
    return flag not in (None, False, 0, "", "0", "false", "False")


def _seasons(season: Any, count: int) -> list[int | None]:
    """The season of each end: one `season` number (1-4, or a word) applies to a single date
    or, in a range, to its start."""
    words = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}
    number = None
    if isinstance(season, int) and 1 <= season <= 4:
        number = season
    elif isinstance(season, str):
        text = season.strip().casefold()
        number = int(text) if text in ("1", "2", "3", "4") else words.get(text)
    return [number] + [None] * (count - 1)


def read_csl_date(value: Any, field: str) -> tuple[str | None, Any]:
    """(EDTF for the date column, the source's own date to keep) of a CSL date.

    EDTF takes what it can express (BC years, seasons, open and uncertain ranges); when the
    date the source gave would not be written back the same from that EDTF (a `literal`, a
    `raw` text, a reversed range, a season on a range's end, `{"date-parts": []}`), the source's
    own date is kept beside it, to be written out unchanged. A date no EDTF can hold leaves the
    column empty and keeps the source's date alone, instead of refusing the item.
    """
    if value in (None, ""):
        return None, None
    try:
        text = csl_to_edtf(value, field)
    except InvalidField:
        text = _reversed_range(value, field)
    if text is not None and edtf_to_csl(text) == value:
        return text, None
    if isinstance(value, str) and text == value.strip():
        return text, None
    return text, value


def _reversed_range(value: Any, field: str) -> str | None:
    """A range given end first is stored start first (for searching); the source's own
    order is kept for writing it out."""
    if isinstance(value, dict) and isinstance(value.get("date-parts"), list):
        parts = value["date-parts"]
        if len(parts) == 2:
            try:
                return csl_to_edtf({**value, "date-parts": parts[::-1]}, field)
            except InvalidField:
                return None
    return None


def kept_date_text(column: str | None, kept: Any) -> str | None:
    """The date the source gave, in words for an editor, while it is the one written out (a
    `literal` or `raw` text as it is, other forms as their JSON); None when there is none."""
    if kept is None or written_date(column, kept) is not kept:
        return None
    if isinstance(kept, str):
        return kept
    if isinstance(kept, dict) and (kept.get("literal") or kept.get("raw")):
        return str(kept.get("literal") or kept.get("raw"))
    return json.dumps(kept, ensure_ascii=False)


def shown_date(column: str | None, extra: Any, variable: str = "issued") -> str | None:
    """A source's date as a list or a search hit shows it: its EDTF column, else the date the
    source's file gave when no EDTF could hold it (`Spring 1999-Summer 2001`, kept in `extra`).
    `extra` is the source's `extra` column (JSON text, as read with its row)."""
    if column:
        return column
    if isinstance(extra, str):
        try:
            extra = json.loads(extra)
        except ValueError:
            return None
    kept = extra.get(variable) if isinstance(extra, dict) else None
    return kept_date_text(column, kept) if kept not in (None, "", {}) else None


def written_date(column: str | None, kept: Any) -> Any:
    """The CSL date to write: the source's own when the column still says what was read from
    it (an edit in the catalogue wins), else the column's EDTF as CSL."""
    if kept is not None:
        try:
            derived = csl_to_edtf(kept, "date")
        except InvalidField:
            derived = _reversed_range(kept, "date")
        if derived == (column or None):
            return kept
    return edtf_to_csl(column)


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


#: CSL name keys that are not parts of the name but say how to print it; kept in the item's
#: `custom` object (see `name_options`), since a creator row holds only the parts.
NAME_OPTIONS: tuple[str, ...] = ("comma-suffix", "isInstitution", "static-ordering", "parse-names")


def plain_text(value: Any, variable: str) -> str:
    """A CSL text or number variable as text; an object or a list where text belongs is refused
    (it would otherwise be stored as Python's picture of it, "{'x': 1}")."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidField(variable, "must be text")
    return str(value).strip()


def name_to_creator_fields(name: Any, role: str) -> dict[str, Any]:
    """SourceCreator columns for a CSL name, by the catalogue's one rule for creators (a mononym
    is kept as a literal; a name with no part to print is refused)."""
    if not isinstance(name, dict):
        raise InvalidField(role, "is not a CSL name")
    fields = {
        column: plain_text(name[key], f"{role} {key}")
        for key, column in NAME_PARTS.items()
        if name.get(key) not in (None, "")
    }
    from archive_app.catalog.creators import clean_creator  # the editor's rule, one for both

    return clean_creator({**fields, "role": role}, field=role)


# --- items -------------------------------------------------------------------------------------


def _extra(source: Source) -> dict[str, Any]:
    if not source.extra:
        return {}
    value = json.loads(source.extra) if isinstance(source.extra, str) else source.extra
    return value if isinstance(value, dict) else {}


def source_to_csl(source: Source, creators: list[SourceCreator] | None = None) -> dict[str, Any]:
    """The CSL-JSON item of a source, with the id `source-N` (the id the source came with, if
    any, is in `custom["original-id"]`; see `written_ids`)."""
    item: dict[str, Any] = {"id": item_id(source.id), "type": source.csl_type or "document"}
    people = creators if creators is not None else list(source.creators.order_by("position"))
    extra = _extra(source)
    custom = dict(extra.get("custom") or {}) if isinstance(extra.get("custom"), dict) else {}
    options = custom.pop("name-options", None)
    if custom.get("original-id") == item_id(source.id):
        del custom["original-id"]
    transliterations: list[dict[str, Any]] = []
    for creator in sorted(people, key=lambda c: (c.position, c.id or 0)):
        names = item.setdefault(creator.role or "author", [])
        names.append(creator_to_name(creator))
        if creator.transliteration:
            transliterations.append(
                {"role": creator.role, "index": len(names) - 1, "text": creator.transliteration}
            )
    _restore_name_options(item, options)
    for column, variable in TEXT_COLUMNS.items():
        value = getattr(source, column)
        if value not in (None, ""):
            item[variable] = value
    for column, variable in DATE_COLUMNS.items():
        date = written_date(getattr(source, column), extra.get(variable))
        if date is not None:
            item[variable] = date
    for variable, value in extra.items():
        if variable not in item and variable not in ("id", "type", "custom", *DATE_COLUMNS):
            item[variable] = value
    if transliterations:
        custom["transliterations"] = transliterations
    if custom:
        item["custom"] = custom
    return item


def _restore_name_options(item: dict[str, Any], options: Any) -> None:
    """Put back the printing options of names (comma-suffix, isInstitution ...), each on the
    name it came with: the same role and place, and the same parts (a name edited or moved
    since loses its options rather than giving them to another)."""
    if not isinstance(options, list):
        return
    for entry in options:
        if not isinstance(entry, dict) or not isinstance(entry.get("options"), dict):
            continue
        names = item.get(str(entry.get("role")))
        index = entry.get("index")
        if not isinstance(names, list) or not isinstance(index, int):
            continue
        if 0 <= index < len(names) and names[index] == entry.get("name"):
            names[index] = {**names[index], **entry["options"]}


def written_ids(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items as a file is written: each with the id it came with (when no other item of
    the list has that id, as its own or as the one it came with), else its `source-N` id: a
    file exported from another catalogue brings `source-N` ids of its own."""
    originals = [_original_id(item) for item in items]
    counts = Counter(o for o in originals if o) + Counter(str(item.get("id")) for item in items)
    result = []
    for item, original in zip(items, originals, strict=True):
        changed = dict(item)
        custom = dict(changed.pop("custom", None) or {})
        custom.pop("original-id", None)
        if custom:
            changed["custom"] = custom
        if original and counts[original] == 1:
            changed["id"] = original
        result.append(changed)
    return result


def _original_id(item: dict[str, Any]) -> str | None:
    custom = item.get("custom")
    original = custom.get("original-id") if isinstance(custom, dict) else None
    return str(original) if original not in (None, "") else None


def csl_to_source(item: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Source columns and creator rows for a CSL-JSON item (the reverse of source_to_csl).
    Variables without a column go to `extra`; an unknown item type becomes `document`. An item
    without a title is kept (CSL requires none, and Zotero allows untitled items)."""
    if not isinstance(item, dict):
        raise InvalidField("item", "is not a CSL-JSON object")
    csl_type = str(item.get("type") or "document")
    fields: dict[str, Any] = {"csl_type": csl_type if csl_type in CSL_TYPES else "document"}
    extra: dict[str, Any] = {}
    custom: dict[str, Any] = {}
    by_variable = {v: c for c, v in TEXT_COLUMNS.items()}
    by_date = {v: c for c, v in DATE_COLUMNS.items()}
    creators: list[dict[str, Any]] = []
    name_options: list[dict[str, Any]] = []
    for variable, value in item.items():
        if variable in ("id", "type", "custom"):
            continue
        if variable in NAME_ROLES:
            if not isinstance(value, list):
                raise InvalidField(variable, "must be a list of names")
            for index, name in enumerate(value):
                creators.append(name_to_creator_fields(name, variable))
                options = {k: name[k] for k in NAME_OPTIONS if k in name}
                if options:
                    row = {k: v for k, v in name.items() if k not in NAME_OPTIONS}
                    entry = {"role": variable, "index": index, "options": options}
                    name_options.append({**entry, "name": _printed_name(row, variable)})
        elif variable in by_variable:
            text = plain_text(value, variable)
            if text:
                fields[by_variable[variable]] = text
        elif variable in by_date:
            fields[by_date[variable]], kept = read_csl_date(value, variable)
            if kept is not None:
                extra[variable] = kept
        elif value not in (None, "", [], {}):
            extra[variable] = value
    given_custom = item.get("custom")
    if isinstance(given_custom, dict):
        for entry in given_custom.get("transliterations", []) or []:
            _attach_transliteration(creators, entry)
        custom.update({k: v for k, v in given_custom.items() if k != "transliterations"})
    if name_options:
        custom["name-options"] = name_options
    if item.get("id") not in (None, ""):
        custom["original-id"] = str(item["id"])
    if custom:
        extra["custom"] = custom
    fields["title"] = fields.get("title") or ""
    if extra:
        fields["extra"] = json.dumps(extra, ensure_ascii=False, sort_keys=True)
    return fields, creators


def _printed_name(name: dict[str, Any], role: str) -> dict[str, str]:
    """The name as source_to_csl will write it from its creator row."""
    fields = name_to_creator_fields(name, role)
    if fields.get("literal"):
        return {"literal": fields["literal"]}
    return {k: fields[c] for k, c in NAME_PARTS.items() if k != "literal" and fields.get(c)}


def _attach_transliteration(creators: list[dict[str, Any]], entry: Any) -> None:
    if not isinstance(entry, dict):
        return
    same_role = [c for c in creators if c["role"] == entry.get("role")]
    index = entry.get("index")
    if isinstance(index, int) and 0 <= index < len(same_role) and entry.get("text"):
        same_role[index]["transliteration"] = str(entry["text"])
