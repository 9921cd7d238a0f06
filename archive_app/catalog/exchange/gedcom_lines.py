"""GEDCOM's line format: writing GEDCOM 5.5.1 lines, and reading any GEDCOM file into a tree.

GEDCOM 7 is written and (when it conforms) read by the `gedcom7` library. GEDCOM 5.5.1 differs
in the details that matter for writing: lines of at most 255 characters (longer text goes on in
CONC lines), every `@` in a text doubled, and a header that names a submitter and a character
set. Reading is tolerant, because most GEDCOM files in the wild come from programs that bend
the standard: the character set from the byte-order mark or the header (UTF-8, UTF-16, ANSEL,
ANSI), CONT/CONC joined, and a line that cannot be read reported and skipped, never guessed at.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from gedcom7.types import GedcomStructure

MAX_PAYLOAD = 200  # 255 minus room for the level, the tag and an xref
_LINE = re.compile(r"\s*(\d{1,2})\s+(?:(@[^@\s]+@)\s+)?([A-Za-z0-9_]+)(?: (.*))?")
_POINTER = re.compile(r"@[^@#\s][^@]*@")
_CHARSETS = {
    "UTF-8": "utf-8",
    "UTF8": "utf-8",
    "UNICODE": "utf-16",
    "UTF-16": "utf-16",
    "ASCII": "ascii",
    "ANSI": "cp1252",
    "IBMPC": "cp437",
    "IBM WINDOWS": "cp1252",
    "ANSEL": "ansel",
}


# --- writing 5.5.1 -----------------------------------------------------------------------------


def _chunks(text: str) -> list[str]:
    """Pieces of at most MAX_PAYLOAD characters, never cut next to a space (readers trim)."""
    pieces: list[str] = []
    while len(text) > MAX_PAYLOAD:
        cut = MAX_PAYLOAD
        while cut > 1 and (text[cut - 1] == " " or text[cut] == " "):
            cut -= 1
        pieces.append(text[:cut])
        text = text[cut:]
    pieces.append(text)
    return pieces


def _lines_551(item: GedcomStructure, level: int) -> Iterator[str]:
    head = f"{level} {item.xref + ' ' if item.xref else ''}{item.tag}"
    if item.pointer:
        yield f"{head} {item.pointer}"
    else:
        for number, line in enumerate(item.text.replace("\r\n", "\n").split("\n")):
            pieces = _chunks(line.replace("@", "@@"))
            prefix = head if number == 0 else f"{level + 1} CONT"
            yield f"{prefix} {pieces[0]}".rstrip() if pieces[0] else prefix
            for piece in pieces[1:]:
                yield f"{level + 1} CONC {piece}"
    for child in item.children:
        yield from _lines_551(child, level + 1)


def dumps_551(records: Iterable[GedcomStructure]) -> str:
    return "".join(line + "\n" for record in records for line in _lines_551(record, 0))


# --- reading ---------------------------------------------------------------------------------


class NotGedcom(ValueError):
    """The file is not GEDCOM at all (its first line is not `0 HEAD`)."""


@dataclass
class ParsedGedcom:
    records: list[GedcomStructure]
    version: str
    warnings: list[str] = field(default_factory=list)


def decode(data: bytes) -> str:
    """The text of a GEDCOM file in whatever character set it declares."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if data[:2] in (b"0\x00", b"\x000"):
        return data.decode("utf-16-le" if data[1] == 0 else "utf-16-be", errors="replace")
    head = data[:4096].decode("latin-1")
    declared = re.search(r"^\s*1\s+CHAR\s+(.+?)\s*$", head, re.MULTILINE)
    codec = _CHARSETS.get(declared.group(1).upper(), "utf-8") if declared else "utf-8"
    if codec == "ansel":
        try:
            import ansel

            ansel.register()
        except ImportError:  # pragma: no cover - ged4py brings it in
            codec = "latin-1"
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return data.decode("utf-8", errors="replace")


def _unescape(payload: str, version7: bool) -> str:
    if version7:
        return payload[1:] if payload.startswith("@@") else payload
    return payload.replace("@@", "@")


def read_tree(text: str) -> ParsedGedcom:
    """Every record of a GEDCOM text as a tree; lines that cannot be read are named in the
    warnings and skipped."""
    lines = text.lstrip("\ufeff").splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not re.fullmatch(r"\s*0\s+HEAD\s*", first):
        raise NotGedcom("not a GEDCOM file (it does not begin with '0 HEAD')")
    version = _version(lines)
    version7 = version.startswith("7")
    records: list[GedcomStructure] = []
    stack: list[GedcomStructure] = []
    warnings: list[str] = []
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        match = _LINE.fullmatch(raw)
        if match is None:
            warnings.append(f"line {number}: not a GEDCOM line, skipped: {raw[:60]!r}")
            continue
        level, xref, tag, payload = (
            int(match.group(1)),
            match.group(2),
            match.group(3),
            match.group(4),
        )
        payload = payload or ""
        if tag in ("CONT", "CONC") and stack and level == len(stack):
            parent = stack[-1]
            addition = _unescape(payload, version7)
            parent.text += ("\n" + addition) if tag == "CONT" else addition
            continue
        if level > len(stack):
            warnings.append(f"line {number}: level {level} skips a level, skipped")
            continue
        del stack[level:]
        item = GedcomStructure(tag=tag.upper(), xref=xref)
        if _POINTER.fullmatch(payload.strip()):
            item.pointer = payload.strip()
        else:
            item.text = _unescape(payload, version7)
        if stack:
            stack[-1].append_child(item)
        else:
            records.append(item)
        stack.append(item)
    return ParsedGedcom(records, version, warnings)


def _version(lines: list[str]) -> str:
    for index, line in enumerate(lines[:200]):
        if re.fullmatch(r"\s*1\s+GEDC\s*", line):
            for follower in lines[index + 1 : index + 4]:
                found = re.fullmatch(r"\s*2\s+VERS\s+(\S+)\s*", follower)
                if found:
                    return found.group(1)
    return "5.5.1"
