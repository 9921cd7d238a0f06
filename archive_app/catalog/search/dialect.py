"""The two backends of the one search compiler: SQLite's FTS5 and PostgreSQL's full-text search.

compiler.py decides what a query finds (which sets, which predicates, which driver); a Dialect
says how its backend writes the few things that differ: a word or phrase match, a match
restricted to some columns, the relevance score, the index table's key column, temporary tables,
and the placeholder of a bound parameter. Both index the same folded text (folding.py), so a
query finds the same records on both.

FTS5 keeps a document's columns apart; PostgreSQL keeps one tsvector per record whose words are
labelled by column (weights: name A, body B, linked C), so a column filter there labels each
word of the match (`'vlasov':*A`), and ts_rank with the same 10:2:1 weighing as bm25 ranks them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from peewee import Database, SqliteDatabase

_SAFE_TOKEN = re.compile(r"^[a-z0-9]+$")
_MARK = re.compile(r"^\u00fe[a-z0-9]+$")
#: FTS5 column filters of the link filters -> the tsvector weights of those columns
_COLUMN_WEIGHTS = {"name": "A", "{name body}": "AB", "{name body linked}": "ABC"}
#: ts_rank's weights of D, C, B, A: linked names 1, body 2, names 10, as bm25's; D, the weight
#: of the words of record types and dates, nothing
_RANK_WEIGHTS = "'{0, 0.1, 0.2, 1.0}'"
_QUOTED = re.compile(r"('(?:[^']|'')*')")


def quoted_token(word: str) -> str:
    """A folded word as it may appear in a match expression: letters and digits only."""
    if not _SAFE_TOKEN.match(word):  # folding guarantees this; refuse rather than trust it
        raise ValueError(f"unsafe search token {word!r}")
    return word


class Dialect:
    """What differs between the backends; the SQLite (FTS5) one."""

    #: the index table's key column (record id * 8 + type code)
    key = "rowid"
    table = "search_index"
    #: a SELECT of no keys
    nothing = "SELECT CAST(NULL AS BIGINT) AS k WHERE false"
    #: whether a search is one statement (server_search.py) instead of filling temporary tables
    searches_at_once = False
    #: how match expressions join alternatives and requirements
    either = " OR "
    both = " AND "
    #: whether a prefix is searched as the words it begins (words.py)
    completes_prefixes = True
    #: whether the candidates of a match narrowed by date words have their days checked one
    #: by one: on PostgreSQL, whose planner takes the set of every record of those years for
    #: a few hundred and reads the documents of each (`army date:1941..1943` at a million
    #: photographs: 270 ms, 114 ms by row); SQLite reads that set faster than the rows
    checks_candidates_by_row = False

    # --- match expressions ------------------------------------------------------------------

    def term(
        self,
        words: Sequence[str],
        prefix: bool,
        columns: str | None = None,
        completions: Sequence[str] | None = None,
    ) -> str:
        """A word or phrase, its last word a prefix when `prefix`: matched as a prefix, or as
        one of the words it begins (`completions`, see completes())."""
        if prefix and completions is not None and len(words) == 1:
            # none: the word itself, which no document holds either
            whole = [f'"{quoted_token(w)}"' for w in completions or words]
            return whole[0] if len(whole) == 1 else "(" + " OR ".join(whole) + ")"
        phrase = " ".join(quoted_token(w) for w in words)
        return f'"{phrase}"' + ("*" if prefix else "")

    def mark(self, word: str) -> str:
        """A match of one of the index's own words (a date word), which folding never makes."""
        if not _MARK.match(word):
            raise ValueError(f"unsafe index mark {word!r}")
        return f'"{word}"'

    def completes(self, words: int) -> bool:
        """Whether a prefix ending a phrase of this many words is searched as the words it
        begins: FTS5 has no alternatives within a phrase, so only a word on its own."""
        return self.completes_prefixes and words == 1

    def any_of(self, parts: Sequence[str]) -> str:
        return "(" + self.either.join(f"({part})" for part in parts) + ")"

    def all_of(self, parts: Sequence[str]) -> str:
        return "(" + self.both.join(f"({part})" for part in parts) + ")"

    def excluding(self, expression: str, excluded: str) -> str:
        return f"({expression} NOT ({excluded}))"

    def restrict(self, columns: str, expression: str) -> str:
        """A match of `expression` in the named columns only (FTS5 column filter syntax)."""
        return f"{columns} : ({expression})"

    # --- SQL --------------------------------------------------------------------------------

    def match_set(self, score: bool, codes: str | None = None) -> tuple[str, int]:
        """A SELECT of the keys (`k`, and `score` when asked) of the documents that match the
        expression, and how many times the expression is bound in it; only those of the
        record types whose codes are listed in `codes` ("1, 3") when given."""
        columns = f"{self.key} AS k" + (f", {bm25()} AS score" if score else "")
        where = f" AND ({self.key} & 7) IN ({codes})" if codes else ""
        return f"SELECT {columns} FROM {self.table} WHERE {self.table} MATCH ?{where}", 1

    def match_probe(self, column: str) -> str:
        """A condition: the document of the key in `column` matches the expression (bound
        once), looked up by that key."""
        return (
            f"EXISTS (SELECT 1 FROM {self.table} WHERE {self.table} MATCH ? "
            f"AND {self.key} = {column})"
        )

    def also_matches(self, match_set: str) -> str:
        """A condition on a row of a scored match set (`match_set(score=True)`): the row also
        matches another expression (bound once), whose own match set is `match_set`."""
        return f"+k IN ({match_set})"

    def indexed_by(self, index: str) -> str:
        return f" INDEXED BY {index}"

    def unindexed(self, column: str) -> str:
        """The key column where a condition must not probe the full-text index with it: a
        probe per key costs SQLite more than reading the index once."""
        return f"+{column}"

    def fenced(self, select: str) -> str:
        """A SELECT the query around it reads as it is: its columns computed once."""
        return select

    def reaching(self, select: str) -> str:
        """relations.py's SELECT of the records a link filter's matched ids (the CTE `t`)
        reach, as this backend plans it best."""
        return select

    def splits_long_ranges(self) -> bool:
        """Whether date filters read long date ranges from their own partial index."""
        return True

    def sql(self, text: str) -> str:
        """SQL as the driver takes it (placeholders)."""
        return text

    def run(self, database: Database, text: str, params: Sequence[Any] = ()) -> Any:
        return database.execute_sql(self.sql(text), list(params))


class PostgresDialect(Dialect):
    key = "k"
    searches_at_once = True
    checks_candidates_by_row = True
    either = " | "
    both = " & "

    def __init__(self, documents: str = "search_document", completes: bool = True) -> None:
        #: what the documents are read from: the index, or the index under a read-only
        #: role's overlay (server_index.overlay), whose documents may hold words the
        #: vocabulary does not yet
        self.table = documents
        self.completes_prefixes = completes

    def term(
        self,
        words: Sequence[str],
        prefix: bool,
        columns: str | None = None,
        completions: Sequence[str] | None = None,
    ) -> str:
        label = _COLUMN_WEIGHTS[columns] if columns else ""
        suffix = f":{label}" if label else ""
        last = len(words) - 1
        labelled = []
        for i, word in enumerate(words):
            if prefix and i == last and completions is not None:
                # none: the word itself, which no document holds either
                whole = [f"'{quoted_token(w)}'{suffix}" for w in completions or [word]]
                labelled.append("(" + " | ".join(whole) + ")")
                continue
            star = "*" if prefix and i == last else ""
            mark = f":{star}{label}" if star or label else ""
            labelled.append(f"'{quoted_token(word)}'{mark}")
        return " <-> ".join(labelled)

    def completes(self, words: int) -> bool:
        return self.completes_prefixes  # a tsquery phrase may hold alternatives

    def mark(self, word: str) -> str:
        super().mark(word)
        return f"'{word}'"

    def excluding(self, expression: str, excluded: str) -> str:
        return f"({expression} & !({excluded}))"

    def restrict(self, columns: str, expression: str) -> str:
        return expression  # each word of it was labelled by term()

    def match_set(self, score: bool, codes: str | None = None) -> tuple[str, int]:
        query = "CAST(? AS tsquery)"
        # a document holds its record type as a word no text folds to (server_index.py), so
        # the GIN index finds the matches of the types asked for without reading the others
        quoted = [f"''{type_word(int(c))}''" for c in codes.split(",")] if codes else []
        types = "(" + " | ".join(quoted) + ")"
        match = f"({query} && CAST('{types}' AS tsquery))" if codes else query
        # a scored set brings the document along, so also_matches() tests it in place
        # instead of scanning the index a second time
        columns = "k AS k" + (
            f", -ts_rank({_RANK_WEIGHTS}, doc, {query}) AS score, doc" if score else ""
        )
        text = f"SELECT {columns} FROM {self.table} WHERE doc @@ {match}"
        return text, 2 if score else 1

    def match_probe(self, column: str) -> str:
        match = "doc @@ CAST(? AS tsquery)"
        return f"EXISTS (SELECT 1 FROM {self.table} WHERE k = {column} AND {match})"

    def also_matches(self, match_set: str) -> str:
        return "doc @@ CAST(? AS tsquery)"

    def indexed_by(self, index: str) -> str:
        return ""

    def unindexed(self, column: str) -> str:
        return column  # PostgreSQL's planner weighs a lookup of each key by its primary key

    def fenced(self, select: str) -> str:
        # the planner would copy a column (a ts_rank) into each place the query above reads it
        return f"{select} OFFSET 0"

    def reaching(self, select: str) -> str:
        # the planner guesses a CTE's size (a few collections or people) at hundreds and
        # reads the whole photograph table for them; an array of the ids is looked up in the
        # link's index instead (collection:"fonds 3" 40 ms to 12 at 100,000 photographs)
        return select.replace(" IN (SELECT id FROM t)", " = ANY(ARRAY(SELECT id FROM t))")

    def splits_long_ranges(self) -> bool:
        return False

    def sql(self, text: str) -> str:
        return _pyformat(text)


@lru_cache(maxsize=512)
def _pyformat(text: str) -> str:
    """`?` placeholders as psycopg's `%s` (a literal `%` doubled), outside quoted strings, and
    SQLite's CROSS JOIN (a join order it must keep) as a plain join."""
    parts = _QUOTED.split(text.replace("CROSS JOIN", "JOIN"))
    for i in range(0, len(parts), 2):
        parts[i] = parts[i].replace("%", "%%").replace("?", "%s")
    return "".join(parts)


def type_word(code: int) -> str:
    """The word of a PostgreSQL search document that says its record type: folding makes
    words of letters and digits only, so no text of a record ever becomes it, and no word a
    person types is a prefix of it (`t` or `type` as typed would match `type_1`)."""
    return f"~type{code}"


def bm25() -> str:
    """Relevance with a record's names weighing most, its linked names least."""
    return "bm25(search_index, 10.0, 2.0, 1.0, 0.0)"  # date words weigh nothing


SQLITE = Dialect()
POSTGRES = PostgresDialect()
#: a read-only role's searches while other programs' changes wait to be indexed
POSTGRES_OVERLAID = PostgresDialect(
    "(SELECT d.k, d.doc FROM search_document d WHERE NOT EXISTS "
    "(SELECT 1 FROM pg_temp.search_overlay o WHERE o.k = d.k) "
    "UNION ALL SELECT o.k, o.doc FROM pg_temp.search_overlay o WHERE o.doc IS NOT NULL) "
    "AS search_document",
    completes=False,
)


def dialect_for(database: Database) -> Dialect:
    if isinstance(database, SqliteDatabase):
        return SQLITE
    return POSTGRES_OVERLAID if getattr(database, "search_overlay", False) else POSTGRES
