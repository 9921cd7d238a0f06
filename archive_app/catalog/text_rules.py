"""What text a catalogue may hold, decided once, and what each writer does with the rest.

At the edge (every text column, however the value arrives: `add`, `edit`, the editors, `load`,
an import of sources): a NUL character is refused, since PostgreSQL cannot store it and C
programs reading a SQLite file stop at it; so is a lone surrogate (what Python makes of bytes
that are not UTF-8 in a command-line argument or file name, which no database can store) and the
noncharacters U+FFFE and U+FFFF. Other control characters (a bell, a backspace) are kept, as the
archivist gave them: they are evidence of the source.

In the writers (HTML, RTF, plain text, BibTeX, RIS, CSV, XML): a control character other than
tab, line feed and carriage return becomes a space, since XML cannot hold it at all and the
others print it as garbage or break on it (`printable`).
"""

from __future__ import annotations

import re
from typing import Any

_REFUSED = re.compile("[\x00\ud800-\udfff\ufffe\uffff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def refusal(text: str) -> str | None:
    """Why a catalogue cannot hold `text`, or None when it can."""
    found = _REFUSED.search(text)
    if found is None:
        return None
    char = found.group()
    where = f"at character {found.start() + 1}"
    if char == "\x00":
        return f"holds a NUL character (U+0000) {where}, which a catalogue cannot store"
    if "\ud800" <= char <= "\udfff":
        return f"holds bytes that are not UTF-8 text {where}"
    return f"holds the noncharacter U+{ord(char):04X} {where}"


def printable(value: Any) -> Any:
    """`value` (text, or lists and objects holding text) with each control character other than
    tab, line feed and carriage return replaced by a space."""
    if isinstance(value, str):
        return _CONTROL.sub(" ", value)
    if isinstance(value, list):
        return [printable(item) for item in value]
    if isinstance(value, tuple):
        return tuple(printable(item) for item in value)
    if isinstance(value, dict):
        return {key: printable(item) for key, item in value.items()}
    return value
