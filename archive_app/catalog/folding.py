"""Comparing text as a person reads it: case and diacritics folded, in any script.

SQLite's LIKE and lower() fold ASCII only, so `влас` would not find `Власов` and `henri` would
not find `Hénri`. The catalogue registers `fold()` with every SQLite connection as the SQL
function `archive_fold`; `folded(column)` gives the matching SQL expression for the database
in use. PostgreSQL does the same steps itself: lower(), which folds case in every script
(under a UTF-8 locale), then NFKD normalisation with the combining marks taken off."""

from __future__ import annotations

import unicodedata
from typing import Any

from peewee import SQL, NodeList, SqliteDatabase, fn

from archive_app.catalog.models import catalog_db

SQL_FUNCTION = "archive_fold"
#: the combining marks of Latin, Greek and Cyrillic letters (what NFKD splits off them)
COMBINING_MARKS = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"


def fold(text: str | None) -> str | None:
    """Case-folded text without combining marks: 'Hénri' -> 'henri', 'Власов' -> 'власов'."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def register(database: SqliteDatabase) -> None:
    database.register_function(fold, SQL_FUNCTION, 1, deterministic=True)


def folded(column: Any) -> Any:
    """The SQL expression of a column's folded text, for the open catalogue's database."""
    if isinstance(catalog_db.obj, SqliteDatabase):
        return fn.archive_fold(column)
    decomposed = NodeList((SQL("normalize("), fn.lower(column), SQL(", NFKD)")), glue="")
    return fn.regexp_replace(decomposed, COMBINING_MARKS, "", "g")


def contains(column: Any, *more: Any, text: str) -> Any:
    """A condition: the folded text of the column (or of several, joined) contains the folded
    text. Joining columns folds each row once instead of once per column."""
    if more:
        parts = [fn.COALESCE(c, "") for c in (column, *more)]
        joined = parts[0]
        for part in parts[1:]:
            joined = joined.concat("\n").concat(part)
        column = joined
    return folded(column).contains(fold(text))
