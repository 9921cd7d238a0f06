"""Folding text so that every spelling and script of a name meets in the index.

The index and the queries go through the same `fold()`: lower case, diacritics taken off
(Hénri = Henri), every other script transliterated to Latin letters (Власов = vlasov,
Σωκράτης = sokratis), punctuation turned into spaces. Because both sides are folded the same way,
`vlasov` finds Власов and `власов` finds Vlasov without the index holding two copies of the text.

Spelling variants of one name across transliteration systems (Vlasov, Wlassow, Vlassov) do not
fold to one string; `name_key()` gives a rougher skeleton of a name token that the fuzzy match
of people's names compares (see fuzzy.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

#: characters that are part of a word; everything else separates words.
_WORD = re.compile(r"[a-z0-9]+")
#: apostrophes that transliteration makes for soft and hard signs (Ильич -> Il'ich).
_TRANSLIT_MARKS = str.maketrans("", "", "'`\u02b9\u02ba\u2019")


@lru_cache(maxsize=4096)
def _latin(char: str) -> str:
    """One non-ASCII character in Latin letters; ideographs become separate words."""
    decomposed = unicodedata.normalize("NFKD", char)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    if stripped.isascii():
        return stripped
    # transliterate the whole character: й is not и with a mark, it is y
    latin = anyascii(char).translate(_TRANSLIT_MARKS)
    if unicodedata.category(char) == "Lo" and "CJK" in unicodedata.name(char, ""):
        return f" {latin} "
    return latin


def to_ascii(text: str) -> str:
    """Text in ASCII: diacritics off, other scripts transliterated, case kept."""
    if text.isascii():
        return text
    return "".join(c if c.isascii() else _latin(c) for c in text)


def tokens(text: str | None) -> list[str]:
    """The words of a text as the index holds them: folded, in order."""
    if not text:
        return []
    return _WORD.findall(to_ascii(str(text)).lower())


def fold(text: str | None) -> str:
    """The folded form of a text: its tokens joined by single spaces."""
    return " ".join(tokens(text))


# --- name skeletons for fuzzy matching ------------------------------------------------------

#: spellings that transliteration systems (English, German, French, Polish, scholarly) give for
#: the same sound, reduced to one; applied in order to a folded token.
_SKELETON_RULES: tuple[tuple[str, str], ...] = (
    ("tsch", "ch"),
    ("tch", "ch"),
    ("sch", "sh"),
    ("zh", "sh"),
    ("kh", "h"),
    ("ph", "f"),
    ("ck", "k"),
    ("w", "v"),
    ("ff", "v"),
    ("j", "i"),
    ("y", "i"),
    ("ii", "i"),
)
_REPEAT = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def name_key(token: str) -> str:
    """A rough skeleton of one folded name token: Wlassow, Vlassov and Vlasov all give
    `vlasov`, Tschaikowski and Chaikovsky both give `chaikovski`."""
    key = token
    for old, new in _SKELETON_RULES:
        key = key.replace(old, new)
    key = _REPEAT.sub(r"\1", key)
    if key.endswith("of"):
        key = key[:-1] + "v"
    return key
