"""Zotero's item model and its mapping onto CSL, as Zotero itself uses them.

RIS and BibTeX files mostly come from Zotero. To read them as Zotero would read them back, the
readers follow Zotero's own translators (`RIS.js`, `BibTeX.js` in zotero/translators): a file's
tags or fields become a Zotero item (type, fields, creators), which becomes a CSL-JSON item by
Zotero's CSL mappings (the ones behind its "Export as CSL JSON"). Fields without a CSL variable
are not lost: they go to the item's note, labelled, as Zotero keeps them in a note or in Extra.
"""

from __future__ import annotations

import re
from typing import Any

#: Zotero item type -> CSL item type.
CSL_TYPES: dict[str, str] = {
    "artwork": "graphic",
    "audioRecording": "song",
    "bill": "bill",
    "blogPost": "post-weblog",
    "book": "book",
    "bookSection": "chapter",
    "case": "legal_case",
    "computerProgram": "software",
    "conferencePaper": "paper-conference",
    "dataset": "dataset",
    "dictionaryEntry": "entry-dictionary",
    "document": "document",
    "email": "personal_communication",
    "encyclopediaArticle": "entry-encyclopedia",
    "film": "motion_picture",
    "forumPost": "post",
    "hearing": "hearing",
    "instantMessage": "personal_communication",
    "interview": "interview",
    "journalArticle": "article-journal",
    "letter": "personal_communication",
    "magazineArticle": "article-magazine",
    "manuscript": "manuscript",
    "map": "map",
    "newspaperArticle": "article-newspaper",
    "patent": "patent",
    "podcast": "song",
    "presentation": "speech",
    "radioBroadcast": "broadcast",
    "report": "report",
    "statute": "legislation",
    "thesis": "thesis",
    "tvBroadcast": "broadcast",
    "videoRecording": "motion_picture",
    "webpage": "webpage",
}

#: Zotero field -> CSL variable (Zotero's CSL mappings, base fields and their type-specific
#: names alike).
CSL_FIELDS: dict[str, str] = {
    "title": "title",
    "caseName": "title",
    "nameOfAct": "title",
    "subject": "title",
    "abstractNote": "abstract",
    "archive": "archive",
    "archiveLocation": "archive_location",
    "callNumber": "call-number",
    "DOI": "DOI",
    "libraryCatalog": "source",
    "journalAbbreviation": "container-title-short",
    "shortTitle": "title-short",
    "url": "URL",
    "accessDate": "accessed",
    "publicationTitle": "container-title",
    "bookTitle": "container-title",
    "blogTitle": "container-title",
    "code": "container-title",
    "dictionaryTitle": "container-title",
    "encyclopediaTitle": "container-title",
    "forumTitle": "container-title",
    "proceedingsTitle": "container-title",
    "programTitle": "container-title",
    "websiteTitle": "container-title",
    "conferenceName": "event-title",
    "meetingName": "event-title",
    "committee": "section",
    "series": "collection-title",
    "seriesTitle": "collection-title",
    "legislativeBody": "authority",
    "issuingAuthority": "authority",
    "reporter": "container-title",
    "court": "authority",
    "place": "publisher-place",
    "repositoryLocation": "publisher-place",
    "date": "issued",
    "dateEnacted": "issued",
    "dateDecided": "issued",
    "issueDate": "issued",
    "filingDate": "submitted",
    "edition": "edition",
    "session": "chapter-number",
    "versionNumber": "version",
    "version": "version",
    "issue": "issue",
    "numberOfVolumes": "number-of-volumes",
    "language": "language",
    "programmingLanguage": "genre",
    "seriesNumber": "collection-number",
    "billNumber": "number",
    "documentNumber": "number",
    "publicLawNumber": "number",
    "episodeNumber": "number",
    "reportNumber": "number",
    "patentNumber": "number",
    "docketNumber": "number",
    "identifier": "number",
    "applicationNumber": "call-number",
    "type": "genre",
    "genre": "genre",
    "manuscriptType": "genre",
    "mapType": "genre",
    "reportType": "genre",
    "thesisType": "genre",
    "websiteType": "genre",
    "postType": "genre",
    "letterType": "genre",
    "presentationType": "genre",
    "interviewMedium": "medium",
    "artworkMedium": "medium",
    "audioFileType": "medium",
    "audioRecordingFormat": "medium",
    "videoRecordingFormat": "medium",
    "system": "medium",
    "history": "references",
    "references": "references",
    "publisher": "publisher",
    "label": "publisher",
    "distributor": "publisher",
    "institution": "publisher",
    "repository": "publisher",
    "university": "publisher",
    "company": "publisher",
    "studio": "publisher",
    "network": "publisher",
    "section": "section",
    "pages": "page",
    "codePages": "page",
    "firstPage": "page-first",
    "numPages": "number-of-pages",
    "runningTime": "dimensions",
    "artworkSize": "dimensions",
    "volume": "volume",
    "codeNumber": "volume",
    "codeVolume": "volume",
    "reporterVolume": "volume",
    "ISBN": "ISBN",
    "ISSN": "ISSN",
    "scale": "scale",
    "country": "jurisdiction",
    "legalStatus": "status",
    "PMID": "PMID",
    "PMCID": "PMCID",
}

#: Zotero creator type -> CSL name variable.
CSL_CREATORS: dict[str, str] = {
    "author": "author",
    "artist": "author",
    "cartographer": "author",
    "inventor": "author",
    "programmer": "author",
    "podcaster": "author",
    "interviewee": "author",
    "sponsor": "author",
    "presenter": "author",
    "editor": "editor",
    "seriesEditor": "collection-editor",
    "bookAuthor": "container-author",
    "translator": "translator",
    "composer": "composer",
    "director": "director",
    "producer": "producer",
    "performer": "performer",
    "castMember": "performer",
    "recipient": "recipient",
    "interviewer": "interviewer",
    "reviewedAuthor": "reviewed-author",
    "contributor": "contributor",
    "cosponsor": "contributor",
    "counsel": "contributor",
    "attorneyAgent": "contributor",
    "commenter": "contributor",
    "wordsBy": "contributor",
    "guest": "contributor",
    "scriptwriter": "contributor",
}

#: fields whose several values are joined (tags as CSL keywords, notes as one note).
_JOINED = {"keyword": ", ", "note": "\n"}
_CSL_EXTRA_LINE = re.compile(r"^\s*([A-Za-z][\w-]*)\s*:\s*(.+?)\s*$")


class ZoteroItem:
    """A Zotero item being read: its type, fields (Zotero names), creators and note lines."""

    def __init__(self, item_type: str) -> None:
        self.item_type = item_type
        self.fields: dict[str, Any] = {}
        self.creators: list[tuple[str, dict[str, str]]] = []
        self.notes: list[str] = []
        self.tags: list[str] = []

    def set(self, field: str, value: Any, replace: bool = True) -> None:
        if value in (None, ""):
            return
        if replace or field not in self.fields:
            self.fields[field] = value

    def unsupported(self, label: str, value: str) -> None:
        """A value with no Zotero field: kept, labelled, in the note (as Zotero does)."""
        if value.strip():
            self.notes.append(f"{label}: {value.strip()}")

    def to_csl(self, item_id: str) -> dict[str, Any]:
        """The CSL-JSON item Zotero would export for this item."""
        item: dict[str, Any] = {"id": item_id, "type": CSL_TYPES.get(self.item_type, "document")}
        for creator_type, name in self.creators:
            item.setdefault(CSL_CREATORS.get(creator_type, "contributor"), []).append(name)
        notes = list(self.notes)
        for field, value in self.fields.items():
            if field == "extra":
                notes.extend(_read_extra(item, str(value)))
                continue
            variable = CSL_FIELDS.get(field)
            if variable is None:
                notes.append(f"{field}: {value}")
            elif variable not in item:
                item[variable] = value
        if self.tags:
            item["keyword"] = _JOINED["keyword"].join(self.tags)
        if notes:
            existing = [item["note"]] if item.get("note") else []
            item["note"] = _JOINED["note"].join(existing + notes)
        return item


def _read_extra(item: dict[str, Any], extra: str) -> list[str]:
    """Zotero's Extra field: `variable: value` lines naming a CSL variable become that
    variable (as Zotero's CSL export does); the other lines stay as note text."""
    rest = []
    for line in extra.splitlines():
        match = _CSL_EXTRA_LINE.match(line)
        variable = match.group(1).lower().replace("_", "-") if match else None
        known = variable in CSL_FIELDS.values() if variable else False
        if match and known and variable not in item and variable not in ("issued", "accessed"):
            item[variable] = match.group(2)
        elif line.strip():
            rest.append(line.strip())
    return rest
