"""Text as metadata blocks hold it, made fit for a record: decoded, cut where the file says the
text ends, and rid of control characters.

EXIF ASCII values end at their first NUL (EXIF 2.32, 4.6.2): a camera that writes "ION230\\0F"
means "ION230", and the rest is padding or leftovers. Control characters (other than line breaks
and tabs) never belong in a caption; they come from bad writers and would break a CSV export.
Text is never cut silently: a value longer than MAX_TEXT is cut with a warning that says so.
"""

from __future__ import annotations

import re

#: longest text kept from any one metadata value (a caption of a hundred thousand characters is
#: a mistake or an attack, not a description); cutting one is reported as a warning.
MAX_TEXT = 100_000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode(value: bytes, utf8: bool = False) -> str:
    """Bytes from a metadata block as text: UTF-8 when they are valid UTF-8 (what most writers
    use whatever the standard says), else Windows-1252, the usual 8-bit code page of old tools."""
    if utf8:
        return value.decode("utf-8", "replace")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("cp1252", "replace")


def exif_text(value: str) -> str:
    """An EXIF ASCII value as Pillow gives it (Latin-1 of the bytes): up to the first NUL,
    re-read as UTF-8 when those bytes are UTF-8."""
    value = value.split("\x00", 1)[0]
    try:
        return decode(value.encode("latin-1"))
    except UnicodeEncodeError:  # already decoded text (an XMP or IPTC value)
        return value


def clean_text(value: str, warnings: list[str] | None = None, what: str = "a value") -> str | None:
    """Stripped text without control characters; None when nothing is left. Given a list of
    warnings, text longer than MAX_TEXT is cut and the cut is reported there (an XMP value is
    bounded by its packet's size and kept whole)."""
    text = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if warnings is not None and len(text) > MAX_TEXT:
        warnings.append(
            f"{what} is {len(text):,} characters long; only the first {MAX_TEXT:,} were kept"
        )
        text = text[:MAX_TEXT]
    return text or None
