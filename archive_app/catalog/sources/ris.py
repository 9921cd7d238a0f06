"""RIS: the tagged format reference managers (Zotero, EndNote) exchange, written and read with
the `rispy` library. RIS is line-based, so a newline inside a value would start a bogus tag:
values are written on one line.
"""

from __future__ import annotations

import re
from typing import Any

import rispy

from archive_app.catalog.sources.csljson import FormatError
from archive_app.catalog.sources.zotero import ZoteroItem
from archive_app.catalog.text_rules import printable

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
    "bill": "BILL",
    "legal_case": "CASE",
    "software": "COMP",
    "entry-dictionary": "DICT",
    "entry-encyclopedia": "ENCYC",
    "dataset": "DATA",
    "hearing": "HEAR",
    "personal_communication": "PCOMM",
    "patent": "PAT",
    "speech": "SLIDE",
    "legislation": "STAT",
    "broadcast": "MPCT",
}


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


def _ris_date(value: Any) -> str | None:
    """`YYYY/MM/DD/other` as Zotero writes a date, the season or "circa" as the other part; a
    date without date-parts as the source gave it."""
    if not value:
        return None
    if isinstance(value, str):
        return _line(value)
    parts = (value.get("date-parts") or [[]])[0] if isinstance(value, dict) else []
    if not parts or not isinstance(parts, list):
        text = value.get("literal") or value.get("raw") if isinstance(value, dict) else None
        return _line(text) if text else None
    try:
        numbers = [int(str(p)) for p in parts[:3]]
    except ValueError:
        return None
    year, month, day = (numbers + [0, 0])[:3]
    other = ""
    season = value.get("season")
    if len(numbers) == 1 and str(season) in ("1", "2", "3", "4"):
        other = ("Spring", "Summer", "Autumn", "Winter")[int(str(season)) - 1]
    elif value.get("circa"):
        other = "circa"
    written = f"{month:02d}" if month > 0 else "", f"{day:02d}" if day > 0 else ""
    year_text = f"-{-year:04d}" if year < 0 else f"{year:04d}"
    return f"{year_text}/{written[0]}/{written[1]}/{other}"


#: where Zotero's RIS.js reads each name role back from, by item type: (tag key, types).
_SERIES_TYPES = ("book", "report", "map", "software")


def _name_keys(csl_type: str) -> dict[str, str]:
    """rispy's key for each CSL name role, so that Zotero reads the role back (A2 is a book's
    series editor but a chapter's editor; A3 a book's editor)."""
    book = csl_type in ("book", "report")
    return {
        "author": "authors",
        "editor": "tertiary_authors" if csl_type == "book" else "secondary_authors",
        "collection-editor": "secondary_authors" if book else "tertiary_authors",
        "interviewer": "secondary_authors",
        "recipient": "secondary_authors",
        "translator": "subsidiary_authors",
    }


def _entry(item: dict[str, Any]) -> dict[str, Any]:
    csl_type = str(item.get("type", ""))
    entry: dict[str, Any] = {"type_of_reference": TYPE_TO_RIS.get(csl_type, "GEN")}
    for role, key in _name_keys(csl_type).items():
        if item.get(role):
            entry.setdefault(key, []).extend(_ris_name(n) for n in item[role])
    series = "secondary_title" if csl_type in _SERIES_TYPES else "tertiary_title"
    serial = csl_type.startswith("article")
    simple = {
        "title": "title",
        "container-title": "secondary_title",
        "collection-title": series,
        "container-title-short": "alternate_title1",
        "title-short": "short_title",
        "publisher": "publisher",
        "publisher-place": "place_published",
        "volume": "volume",
        "issue": "number",
        "edition": "edition",
        "DOI": "doi",
        "ISSN" if serial else "ISBN": "issn",
        "ISBN" if serial else "ISSN": "issn",
        "archive": "name_of_database",
        "archive_location": "accession_number",
        "call-number": "call_number",
        "source": "database_provider",
        "collection-number": "note",
        "genre": "type_of_work",
        "medium": "type_of_work",
        "abstract": "abstract",
        "language": "language",
    }
    for variable, key in simple.items():
        if item.get(variable) not in (None, "") and key not in entry:
            entry[key] = _line(item[variable])
    if item.get("keyword"):
        entry["keywords"] = [_line(k) for k in str(item["keyword"]).split(",") if k.strip()]
    if item.get("URL"):
        entry["urls"] = [_line(item["URL"])]
    if item.get("note"):
        entry["notes"] = [_line(item["note"])]
    page = str(item.get("page") or item.get("number-of-pages") or "")
    if page:
        pieces = re.split(r"\s*[-–]\s*", page, maxsplit=1)
        entry["start_page"] = _line(pieces[0])
        if len(pieces) > 1 and pieces[1]:
            entry["end_page"] = _line(pieces[1])
    issued = _ris_date(item.get("issued"))
    if issued:
        entry["date"] = issued
        year = issued.split("/")[0]
        entry["year"] = year if re.fullmatch(r"-?\d{4}", year) else issued
    accessed = _ris_date(item.get("accessed"))
    if accessed:
        entry["access_date"] = accessed
    return entry


class _Writer(rispy.RisWriter):
    """rispy's writer without its "1." counter lines, which Zotero's RIS does not have."""

    def set_header(self, count: int) -> str:
        return ""


def dumps(items: list[dict[str, Any]]) -> str:
    return rispy.dumps([_entry(item) for item in printable(items)], implementation=_Writer)


# --- reading (as Zotero's RIS.js reads) --------------------------------------------------------

#: RIS type -> Zotero item type (RIS.js importTypeMap with its export map reversed).
IMPORT_TYPES: dict[str, str] = {
    "ART": "artwork", "SOUND": "audioRecording", "BILL": "bill", "BLOG": "blogPost",
    "BOOK": "book", "CHAP": "bookSection", "CASE": "case", "COMP": "computerProgram",
    "CONF": "conferencePaper", "DICT": "dictionaryEntry", "ENCYC": "encyclopediaArticle",
    "ICOMM": "email", "DATA": "dataset", "MPCT": "film", "HEAR": "hearing",
    "JOUR": "journalArticle", "PCOMM": "letter", "MGZN": "magazineArticle",
    "MANSCPT": "manuscript", "MAP": "map", "NEWS": "newspaperArticle", "PAT": "patent",
    "SLIDE": "presentation", "RPRT": "report", "STAT": "statute", "THES": "thesis",
    "VIDEO": "videoRecording", "ELEC": "webpage", "ABST": "journalArticle", "ADVS": "film",
    "AGGR": "document", "ANCIENT": "document", "CHART": "artwork", "CLSWK": "book",
    "CPAPER": "conferencePaper", "CTLG": "magazineArticle", "DBASE": "dataset",
    "EBOOK": "book", "ECHAP": "bookSection", "EDBOOK": "book", "EJOUR": "journalArticle",
    "EQUA": "document", "FIGURE": "artwork", "GEN": "journalArticle", "GOVDOC": "report",
    "GRNT": "document", "INPR": "manuscript", "JFULL": "journalArticle", "LEGAL": "case",
    "MULTI": "videoRecording", "MUSIC": "audioRecording", "PAMP": "manuscript", "SER": "book",
    "STAND": "report", "UNBILL": "manuscript", "UNPD": "manuscript", "UNPB": "manuscript",
    "WEB": "webpage",
}  # fmt: skip

_AUTHORS = {
    "*": "creators/author", "artwork": "creators/artist", "map": "creators/cartographer",
    "audioRecording": "creators/composer", "film": "creators/director",
    "radioBroadcast": "creators/director", "tvBroadcast": "creators/director",
    "videoRecording": "creators/director", "interview": "creators/interviewee",
    "patent": "creators/inventor", "podcast": "creators/podcaster",
    "computerProgram": "creators/programmer",
}  # fmt: skip


def _for(field: str, *types: str) -> dict[str, str]:
    return dict.fromkeys(types, field)


#: RIS tag -> Zotero field by item type ("*" for any other type; "!" lists types the default
#: does not apply to), after RIS.js's fieldMap and, for tags it does not map, its
#: degenerateImportFieldMap.
TAGS: dict[str, dict[str, Any]] = {
    "AB": {"*": "abstractNote"}, "N2": {"*": "abstractNote"}, "AN": {"*": "archiveLocation"},
    "AV": {"*": "archiveLocation"}, "CN": {"*": "callNumber"}, "DB": {"*": "archive"},
    "DO": {"*": "DOI"}, "DP": {"*": "libraryCatalog"}, "J2": {"*": "journalAbbreviation"},
    "JA": {"*": "journalAbbreviation"}, "KW": {"*": "tags"}, "N1": {"*": "notes"},
    "RN": {"*": "notes"}, "ST": {"*": "shortTitle"}, "UR": {"*": "url"}, "Y2": {"*": "accessDate"},
    "CR": {"*": "rights"}, "ED": {"*": "creators/editor"}, "M2": {"*": "extra"},
    "TI": {"*": "title", "email": "subject", "case": "caseName", "statute": "nameOfAct"},
    "T1": {"*": "title", "email": "subject", "case": "caseName", "statute": "nameOfAct"},
    "CT": {"*": "title"},
    "BT": {"*": "publicationTitle", "book": "title", "manuscript": "title",
           "bookSection": "bookTitle"},
    "T2": {"*": "publicationTitle", **_for("code", "bill", "statute"),
           "bookSection": "bookTitle", "blogPost": "blogTitle",
           "conferencePaper": "conferenceName", "dictionaryEntry": "dictionaryTitle",
           "encyclopediaArticle": "encyclopediaTitle", "hearing": "committee",
           "forumPost": "forumTitle", "webpage": "websiteTitle",
           **_for("programTitle", "radioBroadcast", "tvBroadcast"),
           "presentation": "meetingName",
           **_for("seriesTitle", "computerProgram", "map", "report"), "book": "series"},
    "T3": {**_for("legislativeBody", "hearing", "bill"),
           **_for("series", "bookSection", "conferencePaper", "journalArticle", "book"),
           "audioRecording": "seriesTitle"},
    "JF": {"*": "publicationTitle"},
    "JO": {"*": "journalAbbreviation", "conferencePaper": "conferenceName"},
    "AU": _AUTHORS, "A1": _AUTHORS,
    "A2": {"bill": "creators/sponsor", "audioRecording": "creators/performer",
           "presentation": "creators/presenter", "interview": "creators/interviewer",
           **_for("creators/editor", "journalArticle", "bookSection", "conferencePaper",
                  "dictionaryEntry", "document", "encyclopediaArticle"),
           **_for("creators/seriesEditor", "book", "report"),
           **_for("creators/recipient", "email", "instantMessage", "letter"),
           "case": "reporter", "patent": "issuingAuthority", "*": "creators/contributor"},
    "A3": {"thesis": "creators/contributor", "bill": "creators/cosponsor",
           **_for("creators/producer", "film", "tvBroadcast", "videoRecording",
                  "radioBroadcast"),
           "book": "creators/editor",
           **_for("creators/seriesEditor", "bookSection", "conferencePaper",
                  "dictionaryEntry", "encyclopediaArticle", "map"),
           "*": "creators/contributor"},
    "A4": {"*": "creators/translator", "case": "creators/counsel",
           **_for("creators/contributor", "conferencePaper", "film", "dataset")},
    "C1": {"patent": "filingDate", **_for("creators/castMember", "radioBroadcast",
           "tvBroadcast", "videoRecording"), "map": "scale", "conferencePaper": "place"},
    "C2": {"patent": "issueDate", "bookSection": "creators/bookAuthor",
           "blogPost": "creators/commenter"},
    "C3": {"artwork": "artworkSize", "conferencePaper": "proceedingsTitle",
           "patent": "country"},
    "C4": {"audioRecording": "creators/wordsBy", "patent": "creators/attorneyAgent",
           "film": "genre"},
    "C5": {"patent": "references",
           **_for("audioRecordingFormat", "audioRecording", "radioBroadcast"),
           **_for("videoRecordingFormat", "film", "tvBroadcast", "videoRecording")},
    "C6": {"patent": "legalStatus"},
    "CY": {"*": "place", "dataset": "repositoryLocation"},
    "DA": {"*": "date", "statute": "dateEnacted", "case": "dateDecided", "patent": "issueDate"},
    "PY": {"*": "date", "statute": "dateEnacted", "case": "dateDecided", "patent": "issueDate"},
    "Y1": {"*": "date", "statute": "dateEnacted", "case": "dateDecided", "patent": "issueDate"},
    "ET": {"*": "edition", **_for("session", "bill", "hearing", "statute"),
           **_for("versionNumber", "computerProgram", "dataset")},
    "IS": {"*": "issue", "bookSection": "numberOfVolumes", "dataset": "versionNumber"},
    "LA": {"*": "language", "computerProgram": "programmingLanguage"},
    "M1": {"*": "extra", "book": "seriesNumber", "bill": "billNumber",
           "computerProgram": "system", "hearing": "documentNumber",
           "patent": "applicationNumber", "statute": "publicLawNumber",
           **_for("episodeNumber", "podcast", "radioBroadcast", "tvBroadcast"),
           "journalArticle": "issue", "webpage": "accessDate"},
    "M3": {"*": "DOI", "manuscript": "manuscriptType", "map": "mapType",
           "report": "reportType", "thesis": "thesisType",
           **_for("websiteType", "blogPost", "webpage"), "forumPost": "postType",
           "letter": "letterType", "interview": "interviewMedium",
           "presentation": "presentationType", "artwork": "artworkMedium",
           "podcast": "audioFileType"},
    "NV": {"*": "numberOfVolumes", "dataset": "identifier"},
    "OP": {**_for("history", "hearing", "statute", "bill", "case"),
           "patent": "priorityNumbers"},
    "PB": {"*": "publisher", "audioRecording": "label", "case": "court", "film": "distributor",
           "patent": "assignee", "report": "institution", "dataset": "repository",
           "thesis": "university", "computerProgram": "company", "videoRecording": "studio",
           **_for("network", "radioBroadcast", "tvBroadcast")},
    "SE": {"*": "section"},
    "SN": {"*": "ISBN", **_for("ISSN", "journalArticle", "magazineArticle", "newspaperArticle"),
           "patent": "patentNumber", "report": "reportNumber"},
    "SP": {"*": "pages", "bill": "codePages", **_for("numPages", "book", "thesis", "manuscript"),
           "case": "firstPage", "film": "runningTime"},
    "SV": {"bookSection": "seriesNumber", "case": "docketNumber"},
    "VL": {"*": "volume", "statute": "codeNumber", "bill": "codeVolume",
           "case": "reporterVolume"},
}  # fmt: skip
#: tags RIS.js names but Zotero keeps only in a note, with these labels.
UNSUPPORTED = {
    "AD": "Author Address", "CA": "Caption", "LB": "Label", "TA": "Translated Author",
    "TT": "Translated Title", "RI": "Reviewed Item", "H1": "Library Catalog",
    "H2": "Call Number",
}  # fmt: skip
#: tags that are not data: the record's own id, its end, and files on the exporter's disk.
IGNORED = {"TY", "ER", "ID", "L1", "L2", "L3", "L4", "EP", "UK"}
LIST_TAGS = ["A1", "A2", "A3", "A4", "AU", "ED", "KW", "N1", "RN", "UR", "C2", "C4"]
_SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}


def _zotero_field(tag: str, item_type: str) -> str | None:
    mapping = TAGS.get(tag)
    if not mapping:
        return None
    return mapping.get(item_type) or mapping.get("*")


def _read_name(text: str) -> dict[str, str]:
    """`Family, Given[, Suffix]` as RIS writes a name; one without a comma is a single field
    (an institution), as Zotero keeps it."""
    family, _, rest = text.partition(",")
    if not rest.strip():
        return {"literal": family.strip()}
    given, _, suffix = rest.partition(",")
    name = {"family": family.strip(), "given": given.strip()}
    if suffix.strip():
        name["suffix"] = suffix.strip()
    return name


def _read_date(text: str | None) -> dict[str, Any] | None:
    """A RIS date: `YYYY/MM/DD/other` as Zotero writes it (the other part may be a season or
    "circa"), or a year; anything else is kept as written (`raw`)."""
    if not text or not str(text).strip():
        return None
    value = str(text).strip()
    pieces = value.split("/")
    if not re.fullmatch(r"-?\d{1,4}", pieces[0].strip()):
        return {"raw": value}
    numbers = [int(pieces[0])]
    for piece in pieces[1:3]:
        if not piece.strip().isdigit() or int(piece) == 0:
            break
        numbers.append(int(piece))
    date: dict[str, Any] = {"date-parts": [numbers]}
    other = "/".join(pieces[3:]).strip().casefold() if len(pieces) > 3 else ""
    if other in _SEASONS and len(numbers) == 1:
        date["season"] = _SEASONS[other]
    elif other in ("circa", "ca.", "c.", "approximately"):
        date["circa"] = True
    elif other and not re.fullmatch(r"[\d:. ]*", other):
        return {"raw": value}
    return date


def _values(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [" ".join(str(v).split()) for v in values if str(v).strip()]


def _to_item(entry: dict[str, Any], number: int) -> dict[str, Any]:
    item_type = IMPORT_TYPES.get(str(entry.get("TY") or "GEN").strip().upper(), "journalArticle")
    zotero = ZoteroItem(item_type)
    for tag, value in entry.items():
        if tag in IGNORED:
            continue
        texts = _values(value)
        field = _zotero_field(tag, item_type)
        if field is None:
            label = UNSUPPORTED.get(tag, tag)
            for text in texts:
                zotero.unsupported(label, text)
        elif field.startswith("creators/"):
            role = field.removeprefix("creators/")
            zotero.creators.extend((role, _read_name(text)) for text in texts)
        elif field == "tags":
            zotero.tags.extend(texts)
        elif field == "notes":
            zotero.notes.extend(texts)
        elif field in ("url",):
            zotero.set(field, texts[0] if texts else None)
            for text in texts[1:]:
                zotero.unsupported("URL", text)
        else:
            zotero.set(field, "; ".join(texts), replace=tag not in ("PY", "Y1", "M3", "JO"))
    for tag in ("DA", "PY", "Y1"):
        if entry.get(tag):
            target = _zotero_field(tag, item_type) or "date"
            zotero.fields[target] = _read_date(entry[tag])
            break
    if entry.get("Y2"):
        zotero.fields["accessDate"] = _read_date(entry["Y2"])
    _pages(zotero, entry)
    for unknown, values in (entry.get("UK") or {}).items():
        for text in _values(values):
            zotero.unsupported(unknown, text)
    return zotero.to_csl(str(entry.get("ID") or f"ris-{number}"))


def _pages(zotero: ZoteroItem, entry: dict[str, Any]) -> None:
    """SP and EP as one page range (a book's SP is its number of pages)."""
    start = " ".join(str(entry.get("SP") or "").split())
    end = " ".join(str(entry.get("EP") or "").split())
    field = _zotero_field("SP", zotero.item_type) or "pages"
    if start and end and field == "pages" and end != start:
        zotero.fields[field] = f"{start}-{end}"
    elif start or end:
        zotero.fields[field] = start or end


def loads(text: str) -> list[dict[str, Any]]:
    """CSL-JSON items for a RIS file, read as Zotero's RIS.js reads it."""
    if "TY  -" not in text:
        raise FormatError("not a RIS file (no 'TY  -' line)")
    try:
        entries = rispy.loads(
            text,
            mapping={tag: tag for tag in rispy.TAG_KEY_MAPPING},
            list_tags=LIST_TAGS,
            skip_unknown_tags=False,
        )
    except Exception as exc:  # rispy raises IOError and friends for malformed files
        raise FormatError(f"not a readable RIS file: {exc}") from exc
    return [_to_item(entry, number) for number, entry in enumerate(entries, 1)]
