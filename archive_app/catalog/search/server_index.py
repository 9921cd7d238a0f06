"""The search index of a PostgreSQL catalogue: one tsvector per record, kept in step with every
edit in the edit's own transaction.

The documents are the same as on SQLite (documents.py's views, folded by folding.py in Python:
one folding for both backends). PostgreSQL cannot run Python, so its triggers only *mark* the
records an edit touches: into this connection's temporary table `search_pending` when the edit
is archive_app's (every connection of the program makes one), or into the shared `search_dirty`
when another program made it. Before archive_app commits, it rewrites the documents of the
records it marked (database.py's commit calls `before_commit`), so the index commits with the
edit or not at all; another program's marks are caught up before the next search.

A document's words carry their column as a weight (name A, body B, linked C), their positions
for phrases, with a gap between columns so a phrase never spans two, and a word that says the
record's type (so a search of one type reads only that type's documents); a GIN index serves
the matches. A prefix (`portr` as typed) is looked up in the vocabulary of every word the
documents hold and searched as the few words it begins (`portrait | portraits`): GIN matches a
prefix itself by reading the whole posting list of every word it begins, before it can
intersect them (`general portrait` in a million photographs: 200 ms), where it skips through
the posting lists of whole words.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from peewee import Database

from archive_app.catalog.search.dialect import type_word
from archive_app.catalog.search.documents import CODE_TYPES, DOCUMENTS, TYPE_CODES, view_name
from archive_app.catalog.search.folding import tokens
from archive_app.catalog.search.functions import date_words, exact_lines, keywords

PENDING = "pg_temp.search_pending"
#: positions skipped between a document's columns, so that no phrase spans two of them
COLUMN_GAP = 8
#: PostgreSQL's limits: positions up to 16383, 255 of them per word, words up to 2047 bytes
MAX_POSITION = 16383
MAX_POSITIONS = 255
MAX_WORD = 500
#: records rewritten per round trip
CHUNK = 2000


def _tables(dated: Iterable[tuple[str, str]]) -> list[str]:
    statements = [
        "CREATE TABLE IF NOT EXISTS search_document (k BIGINT PRIMARY KEY, doc tsvector NOT NULL)",
        "CREATE INDEX IF NOT EXISTS search_document_doc ON search_document USING gin (doc)",
        "CREATE TABLE IF NOT EXISTS search_name_term (person_id BIGINT NOT NULL, "
        "term TEXT NOT NULL, PRIMARY KEY (term, person_id))",
        "CREATE INDEX IF NOT EXISTS search_name_term_person ON search_name_term (person_id)",
        "CREATE TABLE IF NOT EXISTS search_exact_name (name TEXT NOT NULL, k BIGINT NOT NULL, "
        "PRIMARY KEY (name, k))",
        "CREATE INDEX IF NOT EXISTS search_exact_name_key ON search_exact_name (k)",
        # every folded word of every document, in byte order: a prefix typed is looked up
        # here and searched as the few words it begins (see words.py)
        # (no unique key: two edits adding the same new word at once would wait on each
        # other, an import for as long as it runs; a word twice is harmless)
        'CREATE TABLE IF NOT EXISTS search_word (word TEXT COLLATE "C" NOT NULL)',
        "CREATE INDEX IF NOT EXISTS search_word_word ON search_word (word)",
        "CREATE TABLE IF NOT EXISTS search_dirty (key BIGINT PRIMARY KEY)",
        "CREATE TABLE IF NOT EXISTS search_state (key TEXT PRIMARY KEY, value BIGINT NOT NULL)",
        "INSERT INTO search_state (key, value) VALUES ('names_generation', 0) "
        "ON CONFLICT DO NOTHING",
    ]
    for table, column in dated:
        statements += [
            f"CREATE INDEX IF NOT EXISTS search_{table}_{column} "
            f"ON {table} ({column}_earliest, {column}_latest)",
            f"CREATE INDEX IF NOT EXISTS search_{table}_{column}_open_start "
            f"ON {table} ({column}_latest) WHERE {column}_earliest IS NULL "
            f"AND {column} IS NOT NULL",
            f"CREATE INDEX IF NOT EXISTS search_{table}_{column}_open_end "
            f"ON {table} ({column}_earliest) WHERE {column}_latest IS NULL "
            f"AND {column}_earliest IS NOT NULL",
        ]
    return statements


def view_sql(record_type: str) -> str:
    """documents.py's SELECT of a type's documents in PostgreSQL's words; the keywords of a
    photograph's embedded metadata are read in Python (see _documents)."""
    select = DOCUMENTS[record_type]
    select = select.replace("group_concat(", "string_agg(").replace("char(10)", "chr(10)")
    return select.replace("search_keywords(p.embedded_metadata)", "NULL")


def _trigger_function(watch: Any, event: str) -> tuple[str, str]:
    """The trigger function and trigger that mark what one kind of edit of a table touches."""
    rows = {"INSERT": ("NEW",), "DELETE": ("OLD",), "UPDATE": ("NEW", "OLD")}[event]
    name = f"search_mark_{watch.table}_{event.lower()}"
    local: list[str] = []
    shared: list[str] = []
    for record_type, template in watch.affects:
        ids = " UNION ".join(template.format(row=row) for row in rows)
        select = (
            f"SELECT a.id * 8 + {TYPE_CODES[record_type]} FROM ({ids}) AS a "
            "WHERE a.id IS NOT NULL ON CONFLICT DO NOTHING;"
        )
        local.append(f"INSERT INTO {PENDING} (key) {select}")
        shared.append(f"INSERT INTO search_dirty (key) {select}")
    function = (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $body$\n"
        f"BEGIN\n  IF to_regclass('{PENDING}') IS NOT NULL THEN\n    "
        + "\n    ".join(local)
        + "\n  ELSE\n    "
        + "\n    ".join(shared)
        + "\n  END IF;\n  RETURN NULL;\nEND\n$body$"
    )
    timing = f"UPDATE OF {', '.join(watch.columns)}" if event == "UPDATE" else event
    trigger = (
        f"CREATE TRIGGER {name} AFTER {timing} ON {watch.table} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}()"
    )
    return function, f"DROP TRIGGER IF EXISTS {name} ON {watch.table}; {trigger}"


def prepare_connection(connection: Any) -> None:
    """Make this connection's table of pending marks (see the module docstring)."""
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS search_pending (key BIGINT PRIMARY KEY)")


def install(database: Database, watches: Iterable[Any], dated: Iterable[tuple[str, str]]) -> None:
    """Create the index's tables, views, trigger functions and triggers, and fill it."""
    with database.atomic():
        for statement in _tables(dated):
            database.execute_sql(statement)
        for record_type in DOCUMENTS:
            database.execute_sql(f"DROP VIEW IF EXISTS {view_name(record_type)}")
            database.execute_sql(f"CREATE VIEW {view_name(record_type)} AS {view_sql(record_type)}")
        for watch in watches:
            for event in ("INSERT", "UPDATE", "DELETE"):
                function, trigger = _trigger_function(watch, event)
                database.execute_sql(function)
                database.execute_sql(trigger)
        rebuild(database)


def rebuild(database: Database) -> int:
    """Write every record's document anew, in one transaction; returns how many were written."""
    with database.atomic():
        if _may_truncate(database):
            # a fresh, compact GIN index: rewritten row by row in place, the index kept both
            # the old and the new entries and came out twice the size and slow to read
            # (`PH-004242` at a million photographs: 36 ms, against 0.2 once reindexed)
            database.execute_sql(f"TRUNCATE {', '.join(_REBUILT)}")
        else:
            for table in _REBUILT:
                database.execute_sql(f"DELETE FROM {table}")
        database.execute_sql("DELETE FROM search_dirty")
        database.execute_sql(f"DELETE FROM {PENDING}")
        for record_type, code in TYPE_CODES.items():
            database.execute_sql(
                f"INSERT INTO {PENDING} (key) SELECT id * 8 + {code} FROM {view_name(record_type)}"
            )
        flush(database)
        return database.execute_sql("SELECT count(*) FROM search_document").fetchone()[0]


#: the tables a rebuild writes anew
_REBUILT = ("search_document", "search_exact_name", "search_name_term", "search_word")


def _may_truncate(database: Database) -> bool:
    """Whether this role may empty the index's tables at once (the owner, who upgrades the
    catalogue; a writing role may only delete their rows)."""
    checks = " AND ".join(f"has_table_privilege('{t}', 'TRUNCATE')" for t in _REBUILT)
    return database.execute_sql(f"SELECT {checks}").fetchone()[0]


def has_pending(database: Database) -> bool:
    return database.execute_sql(f"SELECT EXISTS (SELECT 1 FROM {PENDING})").fetchone()[0]


def before_commit(database: Database) -> None:
    """Rewrite the documents this transaction's edits marked, before it commits."""
    if has_pending(database):
        flush(database)


def catch_up(database: Database) -> bool:
    """Index what other programs' edits (and this connection's edits outside a transaction)
    marked, in one transaction; returns whether there was anything. One cheap query when not."""
    row = database.execute_sql(
        f"SELECT EXISTS (SELECT 1 FROM search_dirty) OR EXISTS (SELECT 1 FROM {PENDING})"
    ).fetchone()
    if not row[0]:
        return False
    with database.atomic():
        database.execute_sql(
            f"INSERT INTO {PENDING} (key) SELECT key FROM search_dirty ON CONFLICT DO NOTHING"
        )
        database.execute_sql("DELETE FROM search_dirty")
        flush(database)
    return True


#: the most marks a read-only role folds for each of its searches (see overlay: a few
#: milliseconds for a handful); past this many, it searches the index as it is until a writing
#: role catches it up
OVERLAY_LIMIT = 500
#: this connection's documents of what other programs changed (read through
#: dialect.POSTGRES_OVERLAID in place of the stale ones; a deleted record's doc is NULL)
OVERLAY = "pg_temp.search_overlay"


def overlay(database: Database) -> bool:
    """For a role that may not write the index: fold the documents of what other programs
    changed (marked in search_dirty) into this connection's own temporary table, which its
    searches read in place of the stale documents. Returns whether there is an overlay to read.
    One cheap query when nothing is marked."""
    keys = [
        key
        for (key,) in database.execute_sql(
            f"SELECT key FROM search_dirty ORDER BY key LIMIT {OVERLAY_LIMIT + 1}"
        )
    ]
    if not keys or len(keys) > OVERLAY_LIMIT:
        return False
    database.execute_sql(
        "CREATE TEMP TABLE IF NOT EXISTS search_overlay (k BIGINT PRIMARY KEY, doc tsvector)"
    )
    database.execute_sql(f"DELETE FROM {OVERLAY}")
    written = dict.fromkeys(keys)
    for record_type, ids in _ids_by_type(keys).items():
        code = TYPE_CODES[record_type]
        for record_id, name, body, linked, _whole, dated in _documents(database, record_type, ids):
            written[record_id * 8 + code] = document(name, body, linked, code, dated)[0]
    database.execute_sql(
        f"INSERT INTO {OVERLAY} (k, doc) SELECT * FROM unnest(%s::bigint[], %s::tsvector[])",
        (list(written), list(written.values())),
    )
    return True


def flush(database: Database) -> None:
    """Rewrite the documents of every pending record (in the caller's transaction)."""
    keys = [key for (key,) in database.execute_sql(f"SELECT key FROM {PENDING}")]
    for start in range(0, len(keys), CHUNK):
        _rewrite(database, keys[start : start + CHUNK])
    database.execute_sql(f"DELETE FROM {PENDING}")


def _ids_by_type(keys: Iterable[int]) -> dict[str, list[int]]:
    """Index keys (id * 8 + type code) as the ids of each record type."""
    by_type: dict[str, list[int]] = {}
    for key in keys:
        by_type.setdefault(CODE_TYPES[key & 7], []).append(key >> 3)
    return by_type


def _rewrite(database: Database, keys: list[int]) -> None:
    documents: list[tuple[int, str]] = []
    words: set[str] = set()
    exact: list[tuple[str, int]] = []
    terms: list[tuple[int, str]] = []
    people: list[int] = []
    for record_type, ids in _ids_by_type(keys).items():
        code = TYPE_CODES[record_type]
        for record_id, name, body, linked, whole, dated in _documents(database, record_type, ids):
            key = record_id * 8 + code
            text, held = document(name, body, linked, code, dated)
            documents.append((key, text))
            words.update(held)
            exact += [(line, key) for line in exact_lines(whole or "").split("\n") if line]
            if record_type == "person":
                terms += [(record_id, term) for term in sorted(set(tokens(name)))]
        if record_type == "person":
            people += ids
    run = database.execute_sql
    run("DELETE FROM search_document WHERE k = ANY(%s)", (keys,))
    run("DELETE FROM search_exact_name WHERE k = ANY(%s)", (keys,))
    if documents:
        run(
            "INSERT INTO search_document (k, doc) SELECT * FROM unnest(%s::bigint[], "
            "%s::tsvector[])",
            ([k for k, _ in documents], [d for _, d in documents]),
        )
    if words:  # the words new to the vocabulary (another edit may add one at the same time)
        run(
            "INSERT INTO search_word (word) SELECT w FROM unnest(%s::text[]) AS w "
            "WHERE NOT EXISTS (SELECT 1 FROM search_word s WHERE s.word = w)",
            (sorted(words),),
        )
    if exact:
        run(
            "INSERT INTO search_exact_name (name, k) SELECT * FROM unnest(%s::text[], "
            "%s::bigint[]) ON CONFLICT DO NOTHING",
            ([n for n, _ in exact], [k for _, k in exact]),
        )
    if people:
        run("DELETE FROM search_name_term WHERE person_id = ANY(%s)", (people,))
        if terms:
            run(
                "INSERT INTO search_name_term (person_id, term) SELECT * FROM "
                "unnest(%s::bigint[], %s::text[]) ON CONFLICT DO NOTHING",
                ([p for p, _ in terms], [t for _, t in terms]),
            )
        run("UPDATE search_state SET value = value + 1 WHERE key = 'names_generation'")


def _documents(
    database: Database, record_type: str, ids: list[int]
) -> Iterator[tuple[int, str, str, str, str, str]]:
    """(id, name, body, linked, exact, dated) of each record that still exists."""
    metadata: dict[int, str] = {}
    if record_type == "photo":
        metadata = dict(
            database.execute_sql(
                "SELECT id, embedded_metadata FROM photograph WHERE id = ANY(%s) "
                "AND embedded_metadata IS NOT NULL",
                (ids,),
            ).fetchall()
        )
    rows = database.execute_sql(
        f"SELECT id, name, body, linked, exact, dated FROM {view_name(record_type)} "
        "WHERE id = ANY(%s)",
        (ids,),
    )
    for record_id, name, body, linked, whole, dated in rows:
        if record_id in metadata:
            body = f"{body or ''} {keywords(metadata[record_id])}"
        yield record_id, name or "", body or "", linked or "", whole or "", dated or ""


def document(
    name: str, body: str, linked: str, code: int, dated: str = ""
) -> tuple[str, list[str]]:
    """A document as tsvector text, and its folded words: each word with its positions and
    column weight, and without a position the word of its record type (dialect.type_word) and
    those of its dates (functions.date_words, from the `dated` column)."""
    positions: dict[str, list[str]] = {}
    position = 0
    for weight, text in (("A", name), ("B", body), ("C", linked)):
        for word in tokens(text):
            position += 1
            if len(word) > MAX_WORD:
                continue
            kept = positions.setdefault(word, [])
            if len(kept) < MAX_POSITIONS:
                kept.append(f"{min(position, MAX_POSITION)}{weight}")
        position += COLUMN_GAP
    words = " ".join(f"'{word}':{','.join(at)}" for word, at in positions.items())
    marks = [type_word(code), *date_words(dated).split()]
    return words + "".join(f" '{mark}'" for mark in marks), list(positions)
