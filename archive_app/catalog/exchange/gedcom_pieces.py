"""Reading the small pieces of GEDCOM into the catalogue's terms: names, dates, citations'
pages and quality, regions, places' coordinates. No writing here; gedcom_import writes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gedcom7.types import GedcomStructure

from archive_app.catalog.exchange.gedcom_dates import NotADate, from_gedcom
from archive_app.catalog.exchange.gedcom_export import KIND_OF_NAME_TYPE
from archive_app.catalog.exchange.gedcom_read import first, text_of
from archive_app.catalog.links import Region
from archive_app.catalog.sources.render import LOCATOR_LABELS

#: GEDCOM QUAY (0-3) as our confidence (0-4), as Gramps reads it; no QUAY is "normal" (2).
CONFIDENCE_OF_QUAY = {"0": 0, "1": 1, "2": 3, "3": 4}

#: individual events and attributes, as the event type they become.
INDI_EVENTS = {
    "BIRT": "birth", "CHR": "christening", "DEAT": "death", "BURI": "burial",
    "CREM": "cremation", "ADOP": "adoption", "BAPM": "baptism", "BARM": "bar mitzvah",
    "BASM": "bat mitzvah", "BLES": "blessing", "CHRA": "adult christening",
    "CONF": "confirmation", "FCOM": "first communion", "ORDN": "ordination",
    "NATU": "naturalization", "EMIG": "emigration", "IMMI": "immigration", "CENS": "census",
    "PROB": "probate", "WILL": "will", "GRAD": "graduation", "RETI": "retirement",
    "EVEN": "event", "RESI": "residence", "OCCU": "occupation", "EDUC": "education",
    "RELI": "religion", "NATI": "nationality", "TITL": "title", "PROP": "property",
    "DSCR": "physical description", "FACT": "fact", "CAST": "caste", "IDNO": "identity number",
    "SSN": "social security number", "NCHI": "number of children", "NMR": "number of marriages",
}  # fmt: skip
FAMILY_EVENTS = {
    "MARR": "marriage", "DIV": "divorce", "ENGA": "engagement", "ANUL": "annulment",
    "MARB": "marriage banns", "MARC": "marriage contract", "MARL": "marriage licence",
    "MARS": "marriage settlement", "DIVF": "divorce filed", "CENS": "census", "EVEN": "event",
    "RESI": "residence",
}  # fmt: skip


@dataclass
class ReadDate:
    edtf: str | None
    unread: str | None  # the GEDCOM text, when it is not a date the catalogue can hold


def read_date(item: GedcomStructure | None) -> ReadDate:
    found = first(item, "DATE") if item is not None else None
    if found is None:
        return ReadDate(None, None)
    phrase = text_of(found, "PHRASE") or text_of(found, "_EDTF")
    if not found.text.strip() and not phrase:
        return ReadDate(None, None)
    try:
        return ReadDate(from_gedcom(found.text, phrase), None)
    except NotADate:
        shown = found.text.strip() + (f" ({phrase})" if phrase else "")
        return ReadDate(None, shown)


def read_direct_date(item: GedcomStructure, tag: str) -> ReadDate:
    """A date written straight under a record as `tag` (our _DATE on a photograph)."""
    found = first(item, tag)
    if found is None:
        return ReadDate(None, None)
    return read_date(GedcomStructure(tag="X", children=[GedcomStructure(
        tag="DATE", text=found.text, children=list(found.children))]))  # fmt: skip


@dataclass
class ReadName:
    name: str
    sort_name: str | None


def read_name(item: GedcomStructure) -> ReadName:
    payload = item.text.strip()
    surname_in_slashes = re.search(r"/([^/]*)/", payload)
    name = " ".join(payload.replace("/", " ").split())
    surname = text_of(item, "SURN") or (
        surname_in_slashes.group(1).strip() if surname_in_slashes else None
    )
    given = text_of(item, "GIVN")
    if given is None and surname_in_slashes:
        given = " ".join(payload[: surname_in_slashes.start()].split()) or None
    sort = text_of(item, "_SORT")
    if sort is None and surname:
        sort = f"{surname}, {given}" if given else surname
    return ReadName(name or (surname or ""), sort)


def read_variant_kind(item: GedcomStructure) -> str | None:
    kind = first(item, "TYPE")
    if kind is None:
        return None
    phrase = text_of(kind, "PHRASE")
    if phrase:
        return phrase
    word = kind.text.strip()
    return KIND_OF_NAME_TYPE.get(word.upper(), word) if word else None


def split_language(tag: str | None) -> tuple[str | None, str | None]:
    if not tag:
        return None, None
    parts = tag.split("-")
    language = None if parts[0].lower() == "und" else parts[0]
    script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    return language, script


def read_page(page: str | None) -> tuple[str | None, str | None]:
    """(locator label, locator) for a citation's PAGE: `paragraph 8` -> (paragraph, 8)."""
    if not page:
        return None, None
    word, _, rest = page.partition(" ")
    if word.lower() in LOCATOR_LABELS and rest.strip():
        return word.lower(), rest.strip()
    return None, page


def read_confidence(item: GedcomStructure) -> int:
    return CONFIDENCE_OF_QUAY.get(text_of(item, "QUAY") or "", 2)


def read_region(
    link: GedcomStructure, width: int | None, height: int | None
) -> tuple[Region | None, str | None]:
    """The rectangle of a person on a photograph: our exact fractions when the file has them,
    else GEDCOM 7's CROP in pixels of the image. (region, why it was not read)."""
    exact = text_of(link, "_REGION")
    if exact:
        try:
            x, y, w, h = (float(v) for v in exact.split())
            return Region(x, y, w, h).validate(), None
        except ValueError:
            return None, f"_REGION {exact!r} is not four numbers"
        except Exception as exc:  # InvalidField
            return None, f"_REGION {exact!r}: {exc}"
    crop = first(link, "CROP") or first(link, "_CROP")
    if crop is None:
        return None, None
    if not width or not height:
        return None, "a CROP on an image of unknown size"
    try:
        top = int(text_of(crop, "TOP") or 0)
        left = int(text_of(crop, "LEFT") or 0)
        crop_h = int(text_of(crop, "HEIGHT") or height - top)
        crop_w = int(text_of(crop, "WIDTH") or width - left)
    except ValueError:
        return None, "a CROP whose values are not whole numbers"
    region = Region(left / width, top / height, crop_w / width, crop_h / height)
    try:
        return region.validate(), None
    except Exception:
        return region.clamped().validate(), "a CROP reaching past the image, pulled inside it"


def read_coordinates(place: GedcomStructure) -> tuple[float | None, float | None]:
    found = first(place, "MAP")
    if found is None:
        return None, None

    def degrees(text: str | None, positive: str) -> float | None:
        if not text:
            return None
        sign = -1.0 if text[0].upper() not in (positive, "+") and text[0].isalpha() else 1.0
        number = text[1:] if text[0].isalpha() or text[0] in "+-" else text
        try:
            value = float(number)
        except ValueError:
            return None
        return -value if text[0] == "-" else sign * value

    return degrees(text_of(found, "LATI"), "N"), degrees(text_of(found, "LONG"), "E")
