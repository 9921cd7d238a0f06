"""Fuzzy matching of people's names: Wlassow and Vlassov meet Vlasov.

Folding brings Власов and Vlasov together, and a person's name variants are indexed with the
person; but the archivist may type a spelling no record carries. Each word of a query is also
compared with the words of every person's names (the index keeps that vocabulary in
`search_name_term`): by their transliteration skeletons (folding.name_key), then by edit
similarity (rapidfuzz). The close ones are added to the query as alternatives of the word, so
the person and everything linked to them is found.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from peewee import Database, SqliteDatabase
from rapidfuzz import fuzz, process

from archive_app.catalog.search.folding import name_key
from archive_app.catalog.search.index import names_generation

#: shortest word that is compared at all: short words match too much by chance.
MIN_LENGTH = 4
#: similarity (0-100) of two name skeletons above which they count as one name.
SCORE_CUTOFF = 84
MAX_ALTERNATIVES = 8


@dataclass(frozen=True)
class _Vocabulary:
    stamp: tuple[object, ...]
    keys: list[str]
    terms_by_key: dict[str, tuple[str, ...]]


_cache: dict[str, _Vocabulary] = {}
_lock = threading.Lock()


def _vocabulary(database: Database) -> _Vocabulary:
    if isinstance(database, SqliteDatabase):  # another program may have changed the terms
        count = database.execute_sql("SELECT count(*) FROM search_name_term").fetchone()[0]
        stamp: tuple[object, ...] = (names_generation(database), count)
    else:  # only server_index.py writes the terms there, and it moves the generation
        stamp = (names_generation(database),)
    where = str(database.database)
    cached = _cache.get(where)
    if cached is not None and cached.stamp == stamp:
        return cached
    grouped: dict[str, list[str]] = {}
    for (term,) in database.execute_sql("SELECT DISTINCT term FROM search_name_term"):
        if len(term) >= MIN_LENGTH - 1 and not term.isdigit():
            grouped.setdefault(name_key(term), []).append(term)
    vocabulary = _Vocabulary(stamp, list(grouped), {k: tuple(v) for k, v in grouped.items()})
    with _lock:
        _cache[where] = vocabulary
    return vocabulary


def alternatives(database: Database, word: str) -> list[str]:
    """Words of people's names that are spelling variants of `word` (not `word` itself, nor
    words it is a prefix of, which the prefix match already finds)."""
    if len(word) < MIN_LENGTH or word.isdigit():
        return []
    vocabulary = _vocabulary(database)
    key = name_key(word)
    matches = process.extract(
        key,
        vocabulary.keys,
        scorer=fuzz.ratio,
        score_cutoff=SCORE_CUTOFF,
        limit=MAX_ALTERNATIVES,
    )
    found: list[str] = []
    for match_key, _score, _index in matches:
        for term in vocabulary.terms_by_key[match_key]:
            if not term.startswith(word) and term not in found:
                found.append(term)
    return found[:MAX_ALTERNATIVES]
