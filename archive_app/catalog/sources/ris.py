"""RIS: the tagged format reference managers (Zotero, EndNote) exchange, written and read with
the `rispy` library. RIS is line-based, so a newline inside a value would start a bogus tag:
values are written on one line.
"""

from __future__ import annotations

import re
from typing import Any

import rispy

from archive_app.catalog.sources.csljson import FormatError

TYPE_TO_RIS = {
    "webpage": "ELEC",
    "post-weblog": "BLOG",
    "article-newspaper": "NEWS",
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "book": "BOOK",
    "chapter": "CHAP",
    "manuscript": "MANSCPT",
    "graphic": "ART",
    "interview": "GEN",
    "report": "RPRT",
    "thesis": "THES",
    "map": "MAP",
    "pamphlet": "PAMP",
    "paper-conference": "CPAPER",
    "motion_picture": "MPCT",
    "song": "SOUND",
    "document": "GEN",
}
RIS_TO_TYPE = {v: k for k, v in TYPE_TO_RIS.items() if k not in ("interview", "document")}
RIS_TO_TYPE.update({"GEN": "document", "JFULL": "article-journal", "EJOUR": "article-journal"})
RIS_TO_TYPE.update({"EBOOK": "book", "ECHAP": "chapter", "UNPB": "manuscript", "FIGURE": "figure"})


def _line(value: Any) -> str:
    return " ".join(str(value).split())


def _ris_name(name: dict[str, Any]) -> str:
    if name.get("literal"):
        return _line(name["literal"])
    family = " ".join(
        p for p in (name.get("non-dropping-particle"), name.get("family")) if p
    ).strip()
    given = " ".join(p for p in (name.get("given"), name.get("dropping-particle")) if p)
    parts = [family, given] + ([name["suffix"]] if name.get("suffix") else [])
    return _line(", ".join(p for p in parts if p))


def _ris_date(value: dict[str, Any] | None) -> str | None:
    if not value:
        return None
    parts = (value.get("date-parts") or [[]])[0]
    if not parts:
        return _line(value["literal"]) if value.get("literal") else None
    year, month, day = (list(parts) + ["", ""])[:3]
    month = f"{int(month):02d}" if month != "" else ""
    day = f"{int(day):02d}" if day != "" else ""
    return f"{int(year):04d}/{month}/{day}/"


def _entry(item: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {"type_of_reference": TYPE_TO_RIS.get(item.get("type", ""), "GEN")}
    if item.get("author"):
        entry["authors"] = [_ris_name(n) for n in item["author"]]
    secondary = (item.get("editor") or []) + (item.get("interviewer") or [])
    if secondary:
        entry["secondary_authors"] = [_ris_name(n) for n in secondary]
    simple = {
        "title": "title",
        "container-title": "secondary_title",
        "publisher": "publisher",
        "publisher-place": "place_published",
        "volume": "volume",
        "issue": "number",
        "edition": "edition",
        "DOI": "doi",
        "ISBN": "issn",
        "archive": "name_of_database",
        "archive_location": "call_number",
        "genre": "type_of_work",
        "medium": "type_of_work",
        "abstract": "abstract",
        "language": "language",
    }
    for variable, key in simple.items():
        if item.get(variable) not in (None, "") and key not in entry:
            entry[key] = _line(item[variable])
    if item.get("URL"):
        entry["urls"] = [_line(item["URL"])]
    if item.get("note"):
        entry["notes"] = [_line(item["note"])]
    page = str(item.get("page") or "")
    if page:
        pieces = re.split(r"\s*[-–]\s*", page, maxsplit=1)
        entry["start_page"] = _line(pieces[0])
        if len(pieces) > 1 and pieces[1]:
            entry["end_page"] = _line(pieces[1])
    issued = _ris_date(item.get("issued"))
    if issued:
        entry["date"] = issued
        entry["year"] = issued[:4] if issued[:4].isdigit() else issued
    accessed = _ris_date(item.get("accessed"))
    if accessed:
        entry["access_date"] = accessed
    return entry


class _Writer(rispy.RisWriter):
    """rispy's writer without its "1." counter lines, which Zotero's RIS does not have."""

    def set_header(self, count: int) -> str:
        return ""


def dumps(items: list[dict[str, Any]]) -> str:
    return rispy.dumps([_entry(item) for item in items], implementation=_Writer)


# --- reading -----------------------------------------------------------------------------------


def _read_name(text: str) -> dict[str, str]:
    family, _, rest = text.partition(",")
    if not rest.strip():
        return {"literal": family.strip()} if " " in family.strip() else {"family": family.strip()}
    given, _, suffix = rest.partition(",")
    name = {"family": family.strip(), "given": given.strip()}
    if suffix.strip():
        name["suffix"] = suffix.strip()
    return name


def _read_date(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    pieces = [p for p in str(text).strip().split("/")]
    numbers = []
    for piece in pieces[:3]:
        if not piece.strip().isdigit():
            break
        numbers.append(int(piece))
    if not numbers:
        return {"literal": str(text).strip()}
    return {"date-parts": [numbers]}


def _to_item(entry: dict[str, Any], number: int) -> dict[str, Any]:
    csl_type = RIS_TO_TYPE.get(str(entry.get("type_of_reference", "GEN")).upper(), "document")
    item: dict[str, Any] = {"id": entry.get("id") or f"ris-{number}", "type": csl_type}
    title = entry.get("title") or entry.get("primary_title")
    if title:
        item["title"] = title
    authors = (entry.get("authors") or []) + (entry.get("first_authors") or [])
    if authors:
        item["author"] = [_read_name(a) for a in authors]
    if entry.get("secondary_authors"):
        role = "interviewer" if csl_type == "interview" else "editor"
        item[role] = [_read_name(a) for a in entry["secondary_authors"]]
    mapping = {
        "secondary_title": "container-title",
        "journal_name": "container-title",
        "publisher": "publisher",
        "place_published": "publisher-place",
        "volume": "volume",
        "number": "issue",
        "edition": "edition",
        "doi": "DOI",
        "issn": "ISBN",
        "name_of_database": "archive",
        "call_number": "archive_location",
        "type_of_work": "genre",
        "abstract": "abstract",
        "language": "language",
    }
    for key, variable in mapping.items():
        if entry.get(key) and variable not in item:
            item[variable] = entry[key]
    if entry.get("urls"):
        item["URL"] = entry["urls"][0]
    if entry.get("notes"):
        item["note"] = " ".join(entry["notes"])
    if entry.get("start_page"):
        end = entry.get("end_page")
        item["page"] = f"{entry['start_page']}-{end}" if end else entry["start_page"]
    issued = _read_date(entry.get("date") or entry.get("year") or entry.get("publication_year"))
    if issued:
        item["issued"] = issued
    accessed = _read_date(entry.get("access_date"))
    if accessed:
        item["accessed"] = accessed
    return item


def loads(text: str) -> list[dict[str, Any]]:
    """CSL-JSON items for a RIS file."""
    if "TY  -" not in text:
        raise FormatError("not a RIS file (no 'TY  -' line)")
    try:
        entries = rispy.loads(text, skip_unknown_tags=True)
    except Exception as exc:  # rispy raises IOError and friends for malformed files
        raise FormatError(f"not a readable RIS file: {exc}") from exc
    items = []
    for number, entry in enumerate(entries, 1):
        item = _to_item(entry, number)
        if not item.get("title"):
            raise FormatError(f"RIS record {number} has no title; nothing was imported")
        items.append(item)
    return items
