"""What the source editor asks for, type by type: readable names for the CSL item types an
archive meets, the fields that matter for each, and what each field is called there.

A newspaper's title is not a "container title" to an archivist, and an archival document needs
its archive and its place in it (box, folder) where a web page needs its URL and the day it was
read, so the editor shows each type's own fields under its own names. A field that already holds
a value is always shown, whatever the type, so switching the type never hides what was typed.

Some CSL variables have no column of their own (genre, medium, number, the archive's collection
...): the editor offers the ones archives use as fields and keeps them in the source's `extra`
object, as the catalogue's CSL-JSON conversion expects.
"""

from __future__ import annotations

from archive_app.catalog.sources.csl import ARCHIVE_TYPES, CSL_TYPES, NAME_ROLES

#: readable names of the item types archives meet, in the order the editor offers them.
TYPE_LABELS: dict[str, str] = {
    "webpage": "Web page or web article",
    "article-newspaper": "Newspaper article",
    "article-journal": "Journal article",
    "article-magazine": "Magazine article",
    "book": "Book",
    "chapter": "Chapter in a book",
    "manuscript": "Archival document or manuscript",
    "graphic": "Photograph or other image",
    "interview": "Interview",
    "report": "Report",
    "thesis": "Thesis",
    "map": "Map",
    "document": "Document (other)",
}

#: CSL variables without a column that the editor offers as fields (kept in `extra`).
EXTRA_VARIABLES: tuple[str, ...] = (
    "genre",
    "medium",
    "number",
    "section",
    "collection-title",
    "archive_collection",
    "dimensions",
    "scale",
)

#: every field the editor can show, in the order it shows them (title and creators come first).
FIELD_ORDER: tuple[str, ...] = (
    "container_title",
    "genre",
    "medium",
    "section",
    "collection-title",
    "edition",
    "volume",
    "issue",
    "number",
    "page",
    "publisher",
    "publisher_place",
    "issued",
    "archive",
    "archive_collection",
    "archive_location",
    "dimensions",
    "scale",
    "url",
    "accessed",
    "doi",
    "isbn",
)

FIELD_LABELS: dict[str, str] = {
    "container_title": "Published in",
    "genre": "Genre",
    "medium": "Medium",
    "section": "Section",
    "collection-title": "Series",
    "edition": "Edition",
    "volume": "Volume",
    "issue": "Issue",
    "number": "Number",
    "page": "Pages",
    "publisher": "Publisher",
    "publisher_place": "Place of publication",
    "issued": "Date (EDTF)",
    "archive": "Archive",
    "archive_collection": "Collection or fonds",
    "archive_location": "Archive location",
    "dimensions": "Dimensions",
    "scale": "Scale",
    "url": "URL",
    "accessed": "Accessed (EDTF)",
    "doi": "DOI",
    "isbn": "ISBN",
}

#: per type: the fields that matter, and the names they go by there.
TYPE_FIELDS: dict[str, dict[str, str]] = {
    "webpage": {
        "container_title": "Website",
        "genre": "Kind of page",
        "publisher": "Publisher",
        "issued": "Published (EDTF)",
        "url": "URL",
        "accessed": "Accessed (EDTF)",
    },
    "article-newspaper": {
        "container_title": "Newspaper",
        "section": "Section",
        "edition": "Edition",
        "page": "Pages",
        "publisher_place": "Place of publication",
        "issued": "Published (EDTF)",
        "url": "URL",
        "accessed": "Accessed (EDTF)",
    },
    "article-journal": {
        "container_title": "Journal",
        "volume": "Volume",
        "issue": "Issue",
        "page": "Pages",
        "issued": "Published (EDTF)",
        "doi": "DOI",
        "url": "URL",
        "accessed": "Accessed (EDTF)",
    },
    "article-magazine": {
        "container_title": "Magazine",
        "volume": "Volume",
        "issue": "Issue",
        "page": "Pages",
        "issued": "Published (EDTF)",
        "url": "URL",
        "accessed": "Accessed (EDTF)",
    },
    "book": {
        "collection-title": "Series",
        "edition": "Edition",
        "volume": "Volume",
        "publisher": "Publisher",
        "publisher_place": "Place of publication",
        "issued": "Published (EDTF)",
        "isbn": "ISBN",
        "doi": "DOI",
        "url": "URL",
    },
    "chapter": {
        "container_title": "Book title",
        "collection-title": "Series",
        "edition": "Edition",
        "volume": "Volume",
        "page": "Pages",
        "publisher": "Publisher",
        "publisher_place": "Place of publication",
        "issued": "Published (EDTF)",
        "isbn": "ISBN",
        "doi": "DOI",
    },
    "manuscript": {
        "genre": "Kind of document (letter, order …)",
        "number": "Document number",
        "publisher_place": "Place written",
        "issued": "Date (EDTF)",
        "archive": "Archive",
        "archive_collection": "Collection or fonds",
        "archive_location": "Archive location (box, folder, item)",
        "url": "URL",
        "accessed": "Accessed (EDTF)",
    },
    "graphic": {
        "medium": "Medium (gelatin silver print …)",
        "dimensions": "Dimensions",
        "container_title": "Published in",
        "issued": "Date (EDTF)",
        "archive": "Archive",
        "archive_collection": "Collection or fonds",
        "archive_location": "Archive location (accession number …)",
        "url": "URL",
        "accessed": "Accessed (EDTF)",
    },
    "interview": {
        "medium": "Medium (audio recording …)",
        "container_title": "Programme or publication",
        "publisher": "Publisher or broadcaster",
        "publisher_place": "Place",
        "issued": "Date (EDTF)",
        "archive": "Archive",
        "archive_location": "Archive location",
        "url": "URL",
        "accessed": "Accessed (EDTF)",
    },
    "report": {
        "genre": "Kind of report",
        "number": "Report number",
        "collection-title": "Series",
        "publisher": "Institution",
        "publisher_place": "Place",
        "page": "Pages",
        "issued": "Date (EDTF)",
        "doi": "DOI",
        "url": "URL",
        "accessed": "Accessed (EDTF)",
    },
    "thesis": {
        "genre": "Kind of thesis (PhD diss. …)",
        "publisher": "University",
        "publisher_place": "Place",
        "issued": "Date (EDTF)",
        "archive": "Archive",
        "url": "URL",
        "doi": "DOI",
    },
    "map": {
        "genre": "Kind of map",
        "scale": "Scale",
        "edition": "Edition",
        "publisher": "Publisher",
        "publisher_place": "Place of publication",
        "issued": "Date (EDTF)",
        "archive": "Archive",
        "archive_location": "Archive location",
        "url": "URL",
    },
    "document": {
        "genre": "Kind of document",
        "container_title": "Published in",
        "publisher": "Publisher",
        "publisher_place": "Place",
        "issued": "Date (EDTF)",
        "archive": "Archive",
        "archive_location": "Archive location",
        "url": "URL",
        "accessed": "Accessed (EDTF)",
    },
}

#: readable names of the creator roles (CSL name variables).
ROLE_LABELS: dict[str, str] = {
    "author": "Author",
    "editor": "Editor",
    "translator": "Translator",
    "interviewer": "Interviewer",
    "recipient": "Recipient",
    "container-author": "Author of the book",
    "collection-editor": "Series editor",
    "compiler": "Compiler",
    "contributor": "Contributor",
    "illustrator": "Illustrator",
    "original-author": "Original author",
    "director": "Director",
    "producer": "Producer",
    "curator": "Curator",
}


def type_label(csl_type: str) -> str:
    """The readable name of an item type; types archives rarely meet go by their CSL name."""
    return TYPE_LABELS.get(csl_type, csl_type.replace("-", " ").replace("_", " ").capitalize())


def offered_types() -> list[str]:
    """The archive types first, then every other CSL type by name."""
    rest = sorted(t for t in CSL_TYPES if t not in ARCHIVE_TYPES)
    return [*ARCHIVE_TYPES, *rest]


def fields_for(csl_type: str) -> dict[str, str]:
    """The fields that matter for a type with their names; every field for a rare type."""
    return TYPE_FIELDS.get(csl_type, {name: FIELD_LABELS[name] for name in FIELD_ORDER})


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role.replace("-", " ").capitalize())


def offered_roles() -> list[str]:
    """The roles archives use first (author, editor, translator, interviewer …), then the rest."""
    first = [r for r in ROLE_LABELS if r in NAME_ROLES]
    return first + [r for r in NAME_ROLES if r not in first]
