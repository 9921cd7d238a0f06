"""BibTeX: sources written for LaTeX users, and BibTeX files (as Zotero exports them) read
into CSL-JSON items.

Writing escapes what TeX would run or swallow (`{ } % & $ # _ ^ ~ \\`), turns accented Latin
letters into TeX accents (`{\\'e}`) so an 8-bit BibTeX reads them, and keeps other scripts
(Cyrillic, Arabic, Hebrew, CJK) as UTF-8, which biber and bibtexu read and no TeX macro spells.
Reading uses bibtexparser with its LaTeX decoding, so what was written comes back as it was.
"""

from __future__ import annotations

import contextlib
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from typing import Any

from archive_app.catalog.errors import InvalidField
from archive_app.catalog.sources.csl import csl_to_edtf, edtf_to_csl, written_ids
from archive_app.catalog.sources.csljson import FormatError
from archive_app.catalog.text_rules import printable

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}

TYPE_TO_BIBTEX = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "book": "book",
    "chapter": "incollection",
    "manuscript": "unpublished",
    "report": "techreport",
    "thesis": "phdthesis",
    "paper-conference": "inproceedings",
    "pamphlet": "booklet",
}
#: BibTeX and BibLaTeX entry types as Zotero's BibTeX.js reads them (bibtex2zoteroTypeMap),
#: in CSL's names.
BIBTEX_TO_TYPE = {
    "article": "article-journal",
    "book": "book",
    "booklet": "book",
    "manual": "book",
    "proceedings": "book",
    "collection": "book",
    "mvbook": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "unpublished": "manuscript",
    "techreport": "report",
    "report": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "patent": "patent",
    "misc": "document",
    "online": "webpage",
    "electronic": "webpage",
    "letter": "personal_communication",
    "movie": "motion_picture",
    "video": "motion_picture",
    "artwork": "graphic",
    "legislation": "bill",
    "jurisdiction": "legal_case",
    "audio": "song",
    "software": "software",
    "inreference": "entry-encyclopedia",
}
#: the fields that hold names (Zotero writes creators of other roles as `collaborator`).
NAME_FIELDS = ("author", "editor", "translator", "collaborator")
#: the thesis type BibTeX.js gives a thesis by its entry type.
THESIS_TYPES = {"mastersthesis": "Master's Thesis", "phdthesis": "PhD Thesis"}
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _latin_to_tex(char: str) -> str:
    from pylatexenc.latexencode import unicode_to_latex

    encoded = unicode_to_latex(char, non_ascii_only=True, unknown_char_policy="keep")
    return encoded if encoded.startswith("{") else "{" + encoded + "}"


def escape(text: str) -> str:
    """A field value safe inside BibTeX braces."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", " ".join(str(text).split())):
        if char in _SPECIALS:
            out.append(_SPECIALS[char])
        elif "\u00c0" <= char <= "\u024f" and char not in "×÷":
            out.append(_latin_to_tex(char))
        else:
            out.append(char)
    return "".join(out)


def _name(name: dict[str, Any]) -> str:
    if name.get("literal"):
        return "{" + escape(name["literal"]) + "}"
    family = " ".join(
        p for p in (name.get("non-dropping-particle"), name.get("family")) if p
    ).strip()
    von_family = " ".join(p for p in (name.get("dropping-particle"), family) if p)
    parts = [escape(von_family)]
    if name.get("suffix"):
        parts.append(escape(name["suffix"]))
    if name.get("given"):
        parts.append(escape(name["given"]))
    text = ", ".join(parts)
    return "{" + text + "}" if re.search(r"\band\b", text) else text


def _names(names: list[dict[str, Any]]) -> str:
    return " and ".join(_name(n) for n in names)


def _key(item: dict[str, Any], used: set[str]) -> str:
    names = item.get("author") or item.get("editor") or [{"literal": "anon"}]
    first = names[0].get("family") or names[0].get("literal") or "anon"
    ascii_name = unicodedata.normalize("NFKD", first).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9]", "", ascii_name).lower() or "source"
    year = _year(item) or "nd"
    key = f"{stem}{year}"
    candidate, suffix = key, 0
    while candidate in used:
        suffix += 1
        candidate = f"{key}{chr(96 + suffix) if suffix <= 26 else suffix}"
    used.add(candidate)
    return candidate


def _start(value: Any) -> list[int]:
    """Year, month and day of a CSL date's (first) point, as far as they are numbers in range
    (a season, 21-24, is not a month); empty for a date without date-parts."""
    parts = value.get("date-parts") if isinstance(value, dict) else None
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        return []
    numbers: list[int] = []
    for index, part in enumerate(parts[0][:3]):
        try:
            number = int(str(part))
        except ValueError:
            break
        if index and not 1 <= number <= (12 if index == 1 else 31):
            break
        numbers.append(number)
    return numbers


def _date_text(value: Any) -> str | None:
    """A date without numbers to write, as the source gave it (a literal or raw text)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        text = value.get("literal") or value.get("raw")
        return str(text) if text else None
    return None


def _year(item: dict[str, Any]) -> str | None:
    numbers = _start(item.get("issued"))
    return str(numbers[0]) if numbers else None


def _fields(item: dict[str, Any]) -> list[tuple[str, str]]:
    csl_type = item.get("type", "document")
    fields: list[tuple[str, str]] = []
    for role in ("author", "editor", "translator"):
        if item.get(role):
            fields.append((role, _names(item[role])))
    fields.append(("title", escape(item.get("title", ""))))
    container = item.get("container-title")
    if container:
        field = {"chapter": "booktitle", "paper-conference": "booktitle"}.get(csl_type)
        if csl_type.startswith("article"):
            field = "journal"
        fields.append((field or "howpublished", escape(container)))
    publisher = item.get("publisher")
    if publisher:
        field = {"thesis": "school", "report": "institution"}.get(csl_type, "publisher")
        fields.append((field, escape(publisher)))
    simple = (
        ("publisher-place", "address"),
        ("volume", "volume"),
        ("issue" if csl_type.startswith("article") else "number", "number"),
        ("edition", "edition"),
        ("genre", "type"),
        ("ISBN", "isbn"),
        ("DOI", "doi"),
        ("archive", "archive"),
        ("archive_location", "archive_location"),
        ("note", "note"),
    )
    for variable, field in simple:
        if item.get(variable) not in (None, ""):
            fields.append((field, escape(str(item[variable]))))
    if item.get("page"):
        fields.append(("pages", escape(re.sub(r"\s*[-–]\s*", "--", str(item["page"])))))
    if item.get("URL"):
        fields.append(("url", escape(item["URL"])))
    point = _start(item.get("issued"))
    if point:
        fields.append(("year", str(point[0])))
        if len(point) > 1:
            fields.append(("month", _MONTHS[point[1] - 1]))
        if len(point) > 2:
            fields.append(("day", str(point[2])))
    elif _date_text(item.get("issued")):
        fields.append(("year", escape(_date_text(item.get("issued")))))
    accessed = _accessed_text(item.get("accessed"))
    if accessed:
        fields.append(("urldate", escape(accessed)))
    return fields


def _accessed_text(value: Any) -> str | None:
    if not value:
        return None
    try:
        return csl_to_edtf(value, "accessed")
    except InvalidField:
        return _date_text(value)


_CITE_KEY = re.compile(r"[A-Za-z0-9_:.+/-]{1,100}")


def _own_keys(items: list[dict[str, Any]]) -> list[str | None]:
    """The citation key each source came with (a BibTeX key, a Zotero or CSL-JSON id) when it
    can be a key and no other entry has it, so a manuscript citing it keeps working."""
    ids = [str(item.get("id") or "") for item in items]
    counts = Counter(ids)
    return [
        key
        if _CITE_KEY.fullmatch(key) and not re.fullmatch(r"source-\d+", key) and counts[key] == 1
        else None
        for key in ids
    ]


def dumps(items: list[dict[str, Any]]) -> str:
    """A BibTeX file for CSL-JSON items."""
    written = written_ids(printable(items))  # no control character reaches the file
    own = _own_keys(written)
    used = {key for key in own if key}
    chunks = ["% Encoding: UTF-8\n"]
    for item, key in zip(written, own, strict=True):
        entry_type = TYPE_TO_BIBTEX.get(item.get("type", ""), "misc")
        if entry_type == "phdthesis" and "master" in str(item.get("genre", "")).lower():
            entry_type = "mastersthesis"
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in _fields(item))
        chunks.append(f"@{entry_type}{{{key or _key(item, used)},\n{body}\n}}\n")
    return "\n".join(chunks)


# --- reading -----------------------------------------------------------------------------------


#: the LaTeX decoder reads \textasciicircum as U+02C6; a placeholder keeps it a caret.
_CARET = "\ue0ff"


def _clean(value: Any) -> str:
    return str(value).replace(_CARET, "^").strip()


def _decode(part: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text

    return _clean(LatexNodes2Text().latex_to_text(part.replace(r"\textasciicircum{}", _CARET)))


def _read_name(parts: Any) -> dict[str, str]:
    """A CSL name from BibTeX name parts; a name wholly in braces is a literal (corporate)
    name, as BibTeX itself reads it."""
    if not parts.first and not parts.von and not parts.jr and len(parts.last) == 1:
        only = parts.last[0]
        if only.startswith("{") and only.endswith("}"):
            return {"literal": _decode(only[1:-1])}
    first = _decode(" ".join(parts.first))
    von = _decode(" ".join(parts.von))
    last = _decode(" ".join(parts.last))
    jr = _decode(" ".join(parts.jr))
    name = {"family": last}
    if first:
        name["given"] = first
    if von:
        name["non-dropping-particle"] = von
    if jr:
        name["suffix"] = jr
    return name


def _date(fields: dict[str, str]) -> dict[str, Any] | None:
    year = fields.get("year", "").strip()
    if not year:
        date = fields.get("date", "").strip()
        return edtf_to_csl(date) if date else None
    if not re.fullmatch(r"-?\d{1,4}", year):
        return {"literal": year}
    parts = [int(year)]
    month = fields.get("month", "").strip().lower()[:3]
    if month in _MONTHS:
        parts.append(_MONTHS.index(month) + 1)
    elif month.isdigit() and 1 <= int(month) <= 12:
        parts.append(int(month))
    day = fields.get("day", "").strip()
    if len(parts) == 2 and day.isdigit() and 1 <= int(day) <= 31:
        parts.append(int(day))
    return {"date-parts": [parts]}


#: BibTeX field -> CSL variable, after BibTeX.js's fieldMap and inputFieldMap and Zotero's
#: CSL mappings of the fields they fill.
_FIELD_TO_VARIABLE = {
    "title": "title",
    "journaltitle": "container-title",
    "booktitle": "container-title",
    "shortjournal": "container-title-short",
    "eventtitle": "event-title",
    "publisher": "publisher",
    "school": "publisher",
    "address": "publisher-place",
    "chapter": "section",
    "series": "collection-title",
    "volume": "volume",
    "edition": "edition",
    "type": "genre",
    "isbn": "ISBN",
    "issn": "ISSN",
    "shorttitle": "title-short",
    "doi": "DOI",
    "abstract": "abstract",
    "language": "language",
    "issue": "issue",
    "pagetotal": "number-of-pages",
    "version": "version",
    "pmid": "PMID",
    "pmcid": "PMCID",
    "archive": "archive",
    "archive_location": "archive_location",
}
#: fields BibTeX.js reads only when the entry has no other value for the same thing.
_BACKUPS = {
    "institution": "publisher",
    "organization": "publisher",
    "location": "publisher-place",
}
#: fields BibTeX.js keeps as the item's notes.
_NOTE_FIELDS = ("note", "annote", "comment", "review", "notes")
#: identifiers BibTeX.js keeps in Extra with these labels.
_EXTRA_IDENTIFIERS = {"lccn": "LCCN", "mrnumber": "MR", "zmnumber": "Zbl"}
_BOOKISH = ("book", "thesis", "manuscript")


def _number_variable(csl_type: str) -> str:
    """Where BibTeX.js puts `number`: a report's or patent's number, a book's series number,
    otherwise the issue."""
    if csl_type in ("report", "patent"):
        return "number"
    if csl_type in ("book", "chapter"):
        return "collection-number"
    return "issue"


def _title(fields: dict[str, str]) -> str | None:
    title = fields.get("title", "").strip()
    subtitle = fields.get("subtitle", "").strip()
    if not subtitle:
        return title or None
    if title and not re.search(r"[-–—:!?.;]$", title) and not re.match(r"[-–—:.;¡¿]", subtitle):
        return f"{title}: {subtitle}"
    return f"{title} {subtitle}".strip()


def _entry_to_item(entry: Any, number: int) -> dict[str, Any]:
    fields = {f.key.lower(): _clean(f.value) for f in entry.fields if isinstance(f.value, str)}
    entry_type = entry.entry_type.lower()
    csl_type = BIBTEX_TO_TYPE.get(entry_type, "document")
    item: dict[str, Any] = {"id": entry.key or f"bibtex-{number}", "type": csl_type}
    title = _title(fields)
    if title:
        item["title"] = title
    journals = [fields[f] for f in ("journal", "fjournal") if fields.get(f)]
    if journals and "journaltitle" not in fields:
        item["container-title"] = journals[-1]
        if len(journals) > 1:
            item["container-title-short"] = journals[0]
    for field, variable in _FIELD_TO_VARIABLE.items():
        if fields.get(field) and variable not in item:
            item[variable] = fields[field]
    for field, variable in _BACKUPS.items():
        if fields.get(field) and variable not in item:
            item[variable] = fields[field]
    if csl_type == "thesis" and "genre" not in item and entry_type in THESIS_TYPES:
        item["genre"] = THESIS_TYPES[entry_type]
    if fields.get("number"):
        item.setdefault(_number_variable(csl_type), fields["number"])
    if fields.get("pages"):
        if csl_type in _BOOKISH:
            item.setdefault("number-of-pages", fields["pages"])
        else:
            item["page"] = re.sub(r"\s*(?:--|–)\s*", "-", fields["pages"])
    howpublished = fields.get("howpublished", "")
    url = fields.get("url") or (howpublished if re.match(r"https?:|mailto:", howpublished) else "")
    if url:
        item["URL"] = url
    elif howpublished:
        item.setdefault("container-title", howpublished)
    keywords = fields.get("keywords") or fields.get("keyword")
    if keywords:
        item["keyword"] = ", ".join(k for k in re.split(r"\s*[,;]\s*", keywords) if k)
    notes = [fields[f] for f in _NOTE_FIELDS if fields.get(f)]
    notes += [f"{label}: {fields[f]}" for f, label in _EXTRA_IDENTIFIERS.items() if fields.get(f)]
    lines = [line for note in notes for line in note.splitlines()]
    for line in list(lines):
        found = re.match(r"^(PMID|PMCID):\s*(\S+)\s*$", line)
        if found and found.group(1) not in item:  # Zotero's Extra holds these as lines
            item[found.group(1)] = found.group(2)
            lines.remove(line)
    if lines:
        item["note"] = "\n".join(lines)
    for role, variable in (
        ("author", "author"),
        ("editor", "editor"),
        ("translator", "translator"),
        ("collaborator", "contributor"),
    ):
        value = next((f.value for f in entry.fields if f.key.lower() == role), None)
        if value:
            item[variable] = [_read_name(parts) for parts in value]
    issued = _date(fields)
    if issued:
        item["issued"] = issued
    accessed = fields.get("urldate") or fields.get("lastchecked")
    if accessed:
        item["accessed"] = _access_date(accessed)
    return item


def _access_date(text: str) -> dict[str, Any]:
    """An access date as Zotero writes it (`2020-01-02`, the time dropped)."""
    day = re.sub(r"[ T]\d+:\d+(:\d+)?.*$", "", text.strip())
    date = edtf_to_csl(day)
    return date if date and "literal" not in date else {"raw": text.strip()}


@contextlib.contextmanager
def _quiet_parser() -> Iterator[None]:
    """The parser logs a paragraph per broken entry to stderr; the refusal below says it in
    one line instead."""
    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def loads(text: str) -> list[dict[str, Any]]:
    """CSL-JSON items for a BibTeX file; refuses a file with broken entries, naming them."""
    import bibtexparser
    from bibtexparser import middlewares

    try:
        with _quiet_parser():
            library = bibtexparser.parse_string(
                text.replace(r"\textasciicircum{}", _CARET),
                append_middleware=[
                    middlewares.SeparateCoAuthors(name_fields=NAME_FIELDS),
                    middlewares.SplitNameParts(name_fields=NAME_FIELDS),
                    middlewares.LatexDecodingMiddleware(),
                ],
            )
    except Exception as exc:  # the parser raises its own types for malformed input
        raise FormatError(f"not a readable BibTeX file: {exc}") from exc
    if library.failed_blocks:
        first = library.failed_blocks[0]
        line = getattr(first, "start_line", None)
        where = f" at line {line + 1}" if isinstance(line, int) else ""
        raise FormatError(
            f"{len(library.failed_blocks)} BibTeX entr(y/ies) cannot be read{where}; "
            f"nothing was imported"
        )
    return [_entry_to_item(entry, number) for number, entry in enumerate(library.entries, 1)]
