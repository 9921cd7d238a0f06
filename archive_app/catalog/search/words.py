"""The vocabulary of the index: every folded word its documents hold, for prefixes as typed.

A prefix (`portr`) is searched as the few words it begins (`portrait`, `portraits`) when there
are at most MAX_COMPLETIONS of them. Both backends match a bare prefix by merging the lists of
every word it begins, with their positions, before they can intersect them with the other
words of the query or rank a hit; a list of whole words they read as they go (`general
portrait` at a million photographs: 67 ms to 30 on SQLite, 265 to 77 on PostgreSQL).

The vocabulary (`search_word`) is written with the documents (index.refresh_sql,
server_index._rewrite) and made again with the index; it may hold a word no document holds
any more, which matches nothing.
"""

from __future__ import annotations

from peewee import Database

from archive_app.catalog.search.dialect import Dialect

#: a prefix beginning more words than this is searched as a prefix
MAX_COMPLETIONS = 32


def completions(database: Database, dialect: Dialect, prefix: str) -> list[str] | None:
    """The words of the documents that begin with `prefix` (a folded word), or None when
    there are more than MAX_COMPLETIONS of them."""
    # folded words are letters a-z and digits, all before "{" in byte order
    rows = dialect.run(
        database,
        "SELECT DISTINCT word FROM search_word WHERE word >= ? AND word < ? ORDER BY word LIMIT ?",
        (prefix, prefix + "{", MAX_COMPLETIONS + 1),
    ).fetchall()
    return None if len(rows) > MAX_COMPLETIONS else [word for (word,) in rows]
