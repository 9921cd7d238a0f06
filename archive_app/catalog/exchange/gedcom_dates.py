"""Dates between EDTF (what the catalogue keeps) and GEDCOM date values (what genealogy
programs read): `1944~` is `ABT 1944`, `[1942..1945]` is `BET 1942 AND 1945`, `[..1942]` is
`BEF 1942`, `1942/1945` is `FROM 1942 TO 1945`.

A date GEDCOM has no words for (`194X`, `1946-22` for summer 1946, `1944%`) is written as the
range of days it means (`BET 1940 AND 1949`), so any genealogy program reads the same meaning;
in GEDCOM 7 the EDTF text itself rides along as the date's PHRASE, and reading the file back
takes the phrase when it means the same days, so our own round trip keeps the text exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive_app.catalog.dates import parse_date
from archive_app.catalog.errors import InvalidField

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")

_CORE = re.compile(r"(-?)(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?")
_QUALIFIED = re.compile(rf"({_CORE.pattern})([?~%]?)")
_QUALIFIER_WORD = {"~": "ABT", "?": "EST", "%": "ABT"}


@dataclass(frozen=True)
class GedcomDate:
    """A GEDCOM date value and, when it cannot say everything, the EDTF text as a phrase."""

    value: str
    phrase: str | None = None


def _core_to_gedcom(text: str) -> str | None:
    match = _CORE.fullmatch(text)
    if match is None:
        return None
    minus, year, month, day = match.groups()
    parts = []
    if day:
        parts.append(str(int(day)))
    if month:
        parts.append(MONTHS[int(month) - 1])
    parts.append(_year(int(year), bool(minus)))
    return " ".join(parts)


def _year(number: int, minus: bool) -> str:
    """GEDCOM counts 1 BCE, 2 BCE ...; EDTF (ISO 8601) counts 0, -1 ..."""
    if minus or number == 0:
        return f"{number + 1} BCE"
    return str(number)


def _day_to_gedcom(iso: str, part: str = "day") -> str:
    minus = iso.startswith("-")
    year, month, day = iso.lstrip("-").split("-")
    words = _year(int(year), minus)
    if part in ("day", "month"):
        words = f"{MONTHS[int(month) - 1]} {words}"
    if part == "day":
        words = f"{int(day)} {words}"
    return words


def _range_words(earliest: str, latest: str) -> tuple[str, str]:
    """The two ends of a range, as coarse as they allow (whole years, whole months)."""
    if earliest.endswith("-01-01") and latest.endswith("-12-31"):
        part = "year"
    elif earliest.endswith("-01") and _last_day_of_month(latest):
        part = "month"
    else:
        part = "day"
    return _day_to_gedcom(earliest, part), _day_to_gedcom(latest, part)


def _last_day_of_month(iso: str) -> bool:
    year, month, day = (int(p) for p in iso.lstrip("-").split("-"))
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return day == (29 if leap else 28)
    return day == (30 if month in (4, 6, 9, 11) else 31)


def _simple(text: str) -> str | None:
    """The GEDCOM words for EDTF that has them exactly, or None."""
    qualified = _QUALIFIED.fullmatch(text)
    if qualified and qualified.group(6) != "%":
        core = _core_to_gedcom(qualified.group(1))
        mark = qualified.group(6)
        return f"{_QUALIFIER_WORD[mark]} {core}" if mark else core
    return _ranges(text)


def _ranges(text: str) -> str | None:
    if text.startswith("[") and text.endswith("]") and text.count("..") == 1:
        start, end = (_core_to_gedcom(p) if p else "" for p in text[1:-1].split(".."))
        if start is None or end is None or (not start and not end):
            return None
        if start and end:
            return f"BET {start} AND {end}"
        return f"AFT {start}" if start else f"BEF {end}"
    if "/" in text and text.count("/") == 1:
        first, second = text.split("/")
        start = "" if first == ".." else _core_to_gedcom(first)
        end = "" if second == ".." else _core_to_gedcom(second)
        if start is None or end is None or (not start and not end):
            return None
        if start and end:
            return f"FROM {start} TO {end}"
        return f"FROM {start}" if start else f"TO {end}"
    return None


def to_gedcom(edtf_text: str) -> GedcomDate:
    """The GEDCOM date value for EDTF text (already valid in the catalogue)."""
    text = edtf_text.strip()
    simple = _simple(text)
    if simple is not None:
        return GedcomDate(simple)
    qualified = _QUALIFIED.fullmatch(text)
    if qualified:  # `%`: uncertain and approximate; GEDCOM says only "about"
        return GedcomDate(f"ABT {_core_to_gedcom(qualified.group(1))}", text)
    bounds = parse_date(text)
    if bounds.earliest and bounds.latest:
        if bounds.earliest == bounds.latest:
            return GedcomDate(_day_to_gedcom(bounds.earliest), text)
        start, end = _range_words(bounds.earliest, bounds.latest)
        return GedcomDate(start if start == end else f"BET {start} AND {end}", text)
    if bounds.earliest:
        return GedcomDate(f"AFT {_day_to_gedcom(bounds.earliest)}", text)
    if bounds.latest:
        return GedcomDate(f"BEF {_day_to_gedcom(bounds.latest)}", text)
    return GedcomDate("", text)


# --- reading -------------------------------------------------------------------------------

_MONTH_NUMBER = {name: index + 1 for index, name in enumerate(MONTHS)}
_GEDCOM_DATE = re.compile(
    r"(?:(?P<day>\d{1,2})\s+)?(?:(?P<month>[A-Z]{3})\s+)?(?P<year>\d{1,4})"
    r"(?:/(?P<dual>\d{1,2}))?(?:\s*(?P<bce>BCE|BC|B\.C\.))?",
    re.IGNORECASE,
)
_CALENDAR = re.compile(r"^(?:@#D(?P<old>[A-Z ]+)@|(?P<new>GREGORIAN|JULIAN|FRENCH_R|HEBREW))\s*")


class NotADate(ValueError):
    """The GEDCOM date cannot be read as a Gregorian date; the text is kept as it is."""


def _edtf_day(text: str) -> str:
    text = text.strip()
    calendar = _CALENDAR.match(text.upper())
    if calendar:
        name = (calendar.group("old") or calendar.group("new")).strip()
        if name != "GREGORIAN":
            raise NotADate(f"the {name.lower()} calendar is not converted")
        text = text[calendar.end() :]
    match = _GEDCOM_DATE.fullmatch(text)
    if match is None:
        raise NotADate(f"{text!r} is not a GEDCOM date")
    year = int(match.group("year"))
    if match.group("dual"):  # 1750/51: the old style's year; the new style's is 1751
        year += 1
    if match.group("bce"):
        year = -(year - 1)  # 1 BCE is year 0 in ISO 8601 and EDTF
    result = f"{'-' if year < 0 else ''}{abs(year):04d}"
    month_name = match.group("month")
    if month_name:
        month = _MONTH_NUMBER.get(month_name.upper())
        if month is None:
            raise NotADate(f"{month_name!r} is not a month")
        result += f"-{month:02d}"
    if match.group("day"):
        if not month_name:
            raise NotADate(f"{text!r} has a day without a month")
        result += f"-{int(match.group('day')):02d}"
    return result


def _value_to_edtf(value: str) -> str:
    words = value.strip()
    upper = words.upper()
    for word, mark in (("ABT ", "~"), ("CAL ", "~"), ("EST ", "?")):
        if upper.startswith(word):
            return _edtf_day(words[4:]) + mark
    for word, template in (("BEF ", "[..{}]"), ("AFT ", "[{}..]"), ("TO ", "../{}")):
        if upper.startswith(word):
            return template.format(_edtf_day(words[len(word) :]))
    between = re.fullmatch(r"BET\s+(.+?)\s+AND\s+(.+)", words, re.IGNORECASE)
    if between:
        return f"[{_edtf_day(between.group(1))}..{_edtf_day(between.group(2))}]"
    period = re.fullmatch(r"FROM\s+(.+?)(?:\s+TO\s+(.+))?", words, re.IGNORECASE)
    if period:
        end = _edtf_day(period.group(2)) if period.group(2) else ".."
        return f"{_edtf_day(period.group(1))}/{end}"
    return _edtf_day(words)


def from_gedcom(value: str, phrase: str | None = None) -> str:
    """EDTF text for a GEDCOM date value (and its phrase). A phrase that is itself EDTF meaning
    the same days as the value wins; a date that cannot be read raises NotADate."""
    text = value.strip()
    interpreted = re.fullmatch(r"INT\s+(.+?)\s*\((.*)\)", text, re.IGNORECASE)
    if interpreted:
        text, phrase = interpreted.group(1), interpreted.group(2)
    elif text.startswith("(") and text.endswith(")"):
        text, phrase = "", text[1:-1]
    edtf_value = _value_to_edtf(text) if text else None
    if phrase:
        try:
            from_phrase = parse_date(phrase.strip())
        except InvalidField:
            from_phrase = None
        if from_phrase is not None:
            if edtf_value is None:
                return from_phrase.text
            if _same_days(parse_date(edtf_value).earliest, from_phrase.earliest) and _same_days(
                parse_date(edtf_value).latest, from_phrase.latest
            ):
                return from_phrase.text
    if edtf_value is None:
        raise NotADate(f"{value!r} is a phrase, not a date")
    try:
        return parse_date(edtf_value).text
    except InvalidField as exc:
        raise NotADate(f"{value!r}: {exc}") from exc


def _same_days(first: str | None, second: str | None) -> bool:
    return first == second
