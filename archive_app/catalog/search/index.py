"""The full-text index over every record, kept in step with every edit by triggers.

One FTS5 table, `search_index`, holds a document per record (documents.py says what is in it);
its rowid is `record id * 8 + type code`, so a record's document is found without a scan. SQL
triggers on every base table refresh the documents an edit touches inside the edit's own
transaction, whoever makes it: records.create/update/delete, links, batch edits, the demo, an
import, an undo restoring a snapshot, or a cascade. A rolled-back edit rolls its index changes
back with it, so the index can never disagree with the catalogue.

A bulk load (an import of thousands of photographs) can `with bulk():` to only mark the touched
records during the load and refresh each of them once at its end, still in the same transaction.

A PostgreSQL catalogue has its own index behind the same functions (server_index.py): a tsvector
per record over the same folded documents, whose triggers mark what an edit touches and whose
documents are rewritten before the edit commits.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from peewee import Database, SqliteDatabase

from archive_app.catalog.errors import CatalogLocked
from archive_app.catalog.models import catalog_db
from archive_app.catalog.search import server_index
from archive_app.catalog.search.documents import DOCUMENTS, TYPE_CODES, view_name
from archive_app.catalog.search.functions import SQL_FUNCTIONS

FTS_TABLE = "search_index"
#: the tables and date columns that `date:` filters, each with (earliest, latest) columns
DATED_COLUMNS = (
    ("photograph", "date"),
    ("event", "date"),
    ("citation", "date"),
    ("source", "issued"),
)
#: a date range longer than this many days is "long"; see long_span() and compiler.date_keys
SHORT_SPAN_DAYS = 400


def long_span(column: str) -> str:
    """The condition of a long date range, written the same way in the partial index and in the
    queries (SQLite uses a partial index only for a query that repeats its WHERE term)."""
    return (
        f"coalesce(julianday({column}_latest) - julianday({column}_earliest), 0) "
        f"> {SHORT_SPAN_DAYS}"
    )


def partial_date_indexes(table: str, column: str) -> list[str]:
    """The few records a date filter must read apart, each in its own small index: those with
    a long date range (`1942/1945`, `194X`), whose start may lie far before the filter's, and
    those with an open end (`../1945`), which the main (earliest, latest) index cannot narrow.
    Each WHERE is repeated word for word by the queries of compiler.date_keys."""
    return [
        f"CREATE INDEX IF NOT EXISTS search_{table}_{column}_long "
        f"ON {table} ({column}_earliest, {column}_latest) WHERE {long_span(column)}",
        f"CREATE INDEX IF NOT EXISTS search_{table}_{column}_open_start "
        f"ON {table} ({column}_latest) WHERE {column}_earliest IS NULL AND {column} IS NOT NULL",
        f"CREATE INDEX IF NOT EXISTS search_{table}_{column}_open_end "
        f"ON {table} ({column}_earliest) WHERE {column}_latest IS NULL "
        f"AND {column}_earliest IS NOT NULL",
    ]


INDEX_COLUMNS = ("name", "body", "linked")

#: Every whole name of every record (the `exact` lines of its document), so that the exact-name
#: test of a search is an index lookup instead of a read of each candidate's stored text.
EXACT_NAME_TABLES = (
    """CREATE TABLE IF NOT EXISTS search_exact_name (
        name TEXT NOT NULL, k INTEGER NOT NULL, PRIMARY KEY (name, k)) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS search_exact_name_key ON search_exact_name (k)",
)


def _exact_names_sql(keys: str) -> str:
    """Copy the exact lines of the documents whose keys `keys` selects (all when empty)."""
    where = f" WHERE f.rowid IN ({keys})" if keys else ""
    return (
        "INSERT OR IGNORE INTO search_exact_name (name, k) SELECT j.value, f.rowid "
        f"FROM {FTS_TABLE} f, json_each(search_lines(f.exact)) j{where}"
    )


_TABLES = (
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        name, body, linked, dated, exact UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3')""",
    # The distinct folded words of people's names: the vocabulary of the fuzzy name match.
    """CREATE TABLE IF NOT EXISTS search_name_term (
        person_id INTEGER NOT NULL, term TEXT NOT NULL, PRIMARY KEY (term, person_id))
        WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS search_name_term_person ON search_name_term (person_id)",
    *EXACT_NAME_TABLES,
    # Every folded word of every document: prefixes as typed are searched as the words they
    # begin (words.py).
    "CREATE TABLE IF NOT EXISTS search_word (word TEXT PRIMARY KEY) WITHOUT ROWID",
    # Records touched during a bulk load, refreshed once at its end.
    "CREATE TABLE IF NOT EXISTS search_dirty (key INTEGER PRIMARY KEY)",
    # 'paused' exists only inside a bulk load; 'names_generation' counts edits of people's names.
    "CREATE TABLE IF NOT EXISTS search_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    "INSERT OR IGNORE INTO search_state (key, value) VALUES ('names_generation', 0)",
    # date: filters read (earliest, latest) from the index alone
    *(
        f"CREATE INDEX IF NOT EXISTS search_{table}_{column} "
        f"ON {table} ({column}_earliest, {column}_latest)"
        for table, column in DATED_COLUMNS
    ),
    *(sql for table, column in DATED_COLUMNS for sql in partial_date_indexes(table, column)),
)


@dataclass(frozen=True)
class Watch:
    """A base table whose edits change documents: which columns matter on an update, and for
    each affected record type the SQL of the affected ids, written over `{row}` (NEW or OLD)."""

    table: str
    columns: tuple[str, ...]
    affects: tuple[tuple[str, str], ...]


def _people_links(person_id: str) -> tuple[tuple[str, str], ...]:
    return (
        ("person", f"SELECT {person_id} AS id"),
        ("photo", f"SELECT photo_id AS id FROM photo_person WHERE person_id = {person_id}"),
        ("event", f"SELECT event_id AS id FROM person_event WHERE person_id = {person_id}"),
    )


def _place_links(place_id: str) -> tuple[tuple[str, str], ...]:
    return (
        (
            "place",
            f"SELECT {place_id} AS id UNION SELECT id FROM place WHERE parent_id = {place_id}",
        ),
        ("event", f"SELECT id FROM event WHERE place_id = {place_id}"),
        ("photo", f"SELECT id FROM photograph WHERE place_id = {place_id}"),
    )


#: a date column and its two bounds: what a record's date words are made of
_DATE_OF = {name: (name, f"{name}_earliest", f"{name}_latest") for name in ("date", "issued")}

WATCHES = (
    Watch(
        "photograph",
        ("accession_number", "title", "caption", "description", "credit_line", "creator",
         "date_note", "original_filename", "embedded_metadata", "place_id", *_DATE_OF["date"]),
        (("photo", "SELECT {row}.id AS id"),),
    ),
    Watch("person", ("name", "sort_name", "biography"), _people_links("{row}.id")),
    Watch("person_name", ("person_id", "name"), _people_links("{row}.person_id")),
    Watch(
        "person_identifier", ("person_id", "value"), (("person", "SELECT {row}.person_id AS id"),)
    ),
    Watch("photo_person", ("photo_id", "person_id"), (("photo", "SELECT {row}.photo_id AS id"),)),
    Watch("photo_event", ("photo_id", "event_id"), (("photo", "SELECT {row}.photo_id AS id"),)),
    Watch("person_event", ("person_id", "event_id"), (("event", "SELECT {row}.event_id AS id"),)),
    Watch("photo_tag", ("photo_id", "tag_id"), (("photo", "SELECT {row}.photo_id AS id"),)),
    Watch(
        "tag",
        ("name",),
        (
            ("tag", "SELECT {row}.id AS id"),
            ("photo", "SELECT photo_id AS id FROM photo_tag WHERE tag_id = {row}.id"),
        ),
    ),
    Watch(
        "event",
        ("title", "event_type", "description", "place_id", *_DATE_OF["date"]),
        (
            ("event", "SELECT {row}.id AS id"),
            ("photo", "SELECT photo_id AS id FROM photo_event WHERE event_id = {row}.id"),
        ),
    ),
    Watch("place", ("name", "place_type", "description", "parent_id"), _place_links("{row}.id")),
    Watch("place_name", ("place_id", "name"), _place_links("{row}.place_id")),
    Watch(
        "source",
        ("title", "container_title", "publisher", "publisher_place", "archive",
         "archive_location", "note", "doi", "isbn", "url", *_DATE_OF["issued"]),
        (("source", "SELECT {row}.id AS id"),),
    ),
    Watch(
        "source_creator",
        ("source_id", "family", "given", "non_dropping_particle", "dropping_particle", "suffix",
         "literal", "transliteration"),
        (("source", "SELECT {row}.source_id AS id"),),
    ),
    Watch(
        "citation",
        ("text", "note", "locator", *_DATE_OF["date"]),
        (("citation", "SELECT {row}.id AS id"),),
    ),
    Watch(
        "collection",
        ("name", "identifier", "level", "description"),
        (("collection", "SELECT {row}.id AS id"),),
    ),
)  # fmt: skip


def refresh_sql(record_type: str, ids: str, vocabulary: bool = True) -> list[str]:
    """Statements that rewrite the documents of the records of a type whose ids `ids` selects
    (and add their words to the vocabulary, unless the caller reads it anew afterwards)."""
    code = TYPE_CODES[record_type]
    keys = f"SELECT id * 8 + {code} FROM ({ids})"
    statements = [
        f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({keys})",
        f"DELETE FROM search_exact_name WHERE k IN ({keys})",
        f"INSERT INTO {FTS_TABLE} (rowid, name, body, linked, dated, exact) "
        f"SELECT id * 8 + {code}, search_fold(name), search_fold(body), search_fold(linked), "
        f"search_dates(dated), search_exact(exact) FROM {view_name(record_type)} "
        f"WHERE id IN ({ids})",
        _exact_names_sql(keys),
    ]
    if vocabulary:
        # not OR IGNORE: inside a trigger, the conflict clause of the edit's own statement
        # (an upsert's) would stand in for it
        words = "search_words(f.name || ' ' || f.body || ' ' || f.linked)"
        statements.append(
            f"INSERT INTO search_word (word) SELECT DISTINCT j.value FROM {FTS_TABLE} f, "
            f"json_each({words}) j WHERE f.rowid IN ({keys}) "
            "AND NOT EXISTS (SELECT 1 FROM search_word w WHERE w.word = j.value)"
        )
    if record_type == "person":
        statements += [
            f"DELETE FROM search_name_term WHERE person_id IN ({ids})",
            "INSERT OR IGNORE INTO search_name_term (person_id, term) "
            f"SELECT d.id, j.value FROM {view_name('person')} d, json_each(search_terms(d.name)) j "
            f"WHERE d.id IN ({ids})",
            "UPDATE search_state SET value = value + 1 WHERE key = 'names_generation'",
        ]
    return statements


def _mark_sql(record_type: str, ids: str) -> list[str]:
    code = TYPE_CODES[record_type]
    return [f"INSERT OR IGNORE INTO search_dirty (key) SELECT id * 8 + {code} FROM ({ids})"]


_PAUSED = "EXISTS (SELECT 1 FROM search_state WHERE key = 'paused')"
#: true in a connection that did not register the folding functions: another program's.
_FOREIGN = "NOT EXISTS (SELECT 1 FROM pragma_function_list WHERE name = 'search_fold')"


def _trigger_sql(watch: Watch, event: str, live: bool) -> str:
    """The trigger that keeps documents in step with one kind of edit of one table.

    A *live* trigger is a TEMP trigger that archive_app creates on each of its own connections
    (where the folding functions exist): it rewrites the touched documents at once. The other,
    stored in the catalogue, is plain SQL that any program can run: in another program's
    connection (or during a bulk load) it only marks the touched records, and archive_app
    refreshes them before its next search."""
    rows = {"INSERT": ("NEW",), "DELETE": ("OLD",), "UPDATE": ("NEW", "OLD")}[event]
    timing = f"UPDATE OF {', '.join(watch.columns)}" if event == "UPDATE" else event
    body: list[str] = []
    for record_type, template in watch.affects:
        ids = " UNION ".join(template.format(row=row) for row in rows)
        body += (refresh_sql if live else _mark_sql)(record_type, ids)
    statements = "".join(f"    {statement};\n" for statement in body)
    if live:
        head = (
            f"CREATE TEMP TRIGGER IF NOT EXISTS {trigger_name(watch, event, live)} "
            f"AFTER {timing} ON main.{watch.table} WHEN NOT {_PAUSED}"
        )
    else:
        head = (
            f"CREATE TRIGGER {trigger_name(watch, event, live)} AFTER {timing} ON {watch.table} "
            f"WHEN {_PAUSED} OR {_FOREIGN}"
        )
    return f"{head}\nBEGIN\n{statements}END"


def trigger_name(watch: Watch, event: str, live: bool) -> str:
    return f"search_{'live' if live else 'mark'}_{watch.table}_{event.lower()}"


def _triggers(live: bool) -> Iterator[tuple[str, str]]:
    for watch in WATCHES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            yield trigger_name(watch, event, live), _trigger_sql(watch, event, live)


def _has_index(connection: sqlite3.Connection) -> bool:
    found = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (FTS_TABLE,)
    ).fetchone()
    return found is not None


def add_live_triggers(connection: sqlite3.Connection) -> None:
    """Create this connection's live triggers (see _trigger_sql), once the index exists."""
    if _has_index(connection):
        for _name, sql in _triggers(live=True):
            connection.execute(sql)


def register_functions(database: Database) -> None:
    """Make the folding functions and the live triggers part of every connection of
    `database`, those open now and those a thread opens later."""
    if not isinstance(database, SqliteDatabase):
        return
    for name, function in SQL_FUNCTIONS.items():
        database.register_function(function, name, 1, deterministic=True)
    if not getattr(database, "_search_hooked", False):
        original = database._initialize_connection

        def initialize(connection: sqlite3.Connection) -> None:
            original(connection)
            add_live_triggers(connection)

        database._initialize_connection = initialize  # type: ignore[method-assign]
        database._search_hooked = True  # type: ignore[attr-defined]
    if not database.is_closed():
        add_live_triggers(database.connection())


# Every catalogue bound to the models gets the functions, however it was opened.
catalog_db.attach_callback(lambda database: database and register_functions(database))


def is_supported(database: Database) -> bool:
    """Whether this is a SQLite catalogue (FTS5); a server catalogue has server_index.py."""
    return isinstance(database, SqliteDatabase)


def require_index(database: Database) -> None:
    """Every catalogue can be searched: SQLite through FTS5, PostgreSQL through tsvector."""


def install_on_server(database: Database) -> None:
    """The upgrade to schema version 7: a PostgreSQL catalogue gets its search index (SQLite
    catalogues have had theirs since version 2)."""
    if not is_supported(database):
        install(database)


def add_date_words(database: Database) -> None:
    """The upgrade to schema version 11: every document gains the words of its dates (see
    functions.date_words), and the triggers watch the dates; on a server, the word of a record's
    type is spelt anew (`type_1`, which the prefixes `t` and `type` reached, is `~type1`). The
    index is made again from the records."""
    if is_supported(database):
        database.execute_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    install(database)


def add_partial_date_indexes(database: Database) -> None:
    """The upgrade to schema version 3 (SQLite catalogues; others have no search index yet)."""
    if is_supported(database):
        for table, column in DATED_COLUMNS:
            for statement in partial_date_indexes(table, column):
                database.execute_sql(statement)


def add_exact_names(database: Database) -> None:
    """The upgrade to schema version 4: the table of whole names, filled from the index."""
    if is_supported(database):
        register_functions(database)
        for statement in EXACT_NAME_TABLES:
            database.execute_sql(statement)
        database.execute_sql("DELETE FROM search_exact_name")
        database.execute_sql(_exact_names_sql(""))


def install(database: Database) -> None:
    """Create (or re-create) the index, its views and triggers, and fill it from the records.

    Called for a new catalogue and by the upgrade to schema version 2; safe to call again
    when the documents change in a later version."""
    from archive_app.catalog.search.saved import SavedSearch

    database.create_tables([SavedSearch], safe=True)
    if not is_supported(database):
        server_index.install(database, WATCHES, DATED_COLUMNS)
        return
    register_functions(database)
    with database.atomic():
        for statement in _TABLES:
            database.execute_sql(statement)
        for record_type, select in DOCUMENTS.items():
            database.execute_sql(f"DROP VIEW IF EXISTS {view_name(record_type)}")
            database.execute_sql(f"CREATE VIEW {view_name(record_type)} AS {select}")
        for name, sql in _triggers(live=False):
            database.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
            database.execute_sql(sql)
        for name, _sql in _triggers(live=True):
            database.execute_sql(f"DROP TRIGGER IF EXISTS temp.{name}")
        add_live_triggers(database.connection())
        rebuild(database)


def rebuild(database: Database) -> int:
    """Write every record's document anew, in one transaction; returns how many were written."""
    if not is_supported(database):
        return server_index.rebuild(database)
    with database.atomic():
        database.execute_sql(f"DELETE FROM {FTS_TABLE}")
        database.execute_sql("DELETE FROM search_exact_name")
        database.execute_sql("DELETE FROM search_name_term")
        database.execute_sql("DELETE FROM search_dirty")
        for record_type in DOCUMENTS:
            every = f"SELECT id FROM {view_name(record_type)}"
            for statement in refresh_sql(record_type, every, vocabulary=False):
                if not statement.startswith("DELETE"):
                    database.execute_sql(statement)
        read_vocabulary(database)
        return database.execute_sql(f"SELECT count(*) FROM {FTS_TABLE}").fetchone()[0]


#: a bulk load refreshing more documents than this reads the vocabulary anew from the index
#: once (8 s at a million photographs) instead of adding each document's words (about 50 µs a
#: document: 90 s for the same million)
VOCABULARY_REREAD = 100_000


def read_vocabulary(database: Database) -> None:
    """The vocabulary made anew from the full-text index's own list of its words (SQLite)."""
    database.execute_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms "
        f"USING fts5vocab(main, {FTS_TABLE}, row)"
    )
    database.execute_sql("DELETE FROM search_word")
    # the index's own date words (þ1942) are no word a person types
    database.execute_sql(
        "INSERT INTO search_word (word) SELECT term FROM temp.search_terms "
        "WHERE term GLOB '[a-z0-9]*'"
    )


def flush(database: Database) -> None:
    """Refresh the documents of the records marked during a bulk load or by another program."""
    if not is_supported(database):
        server_index.flush(database)
        return
    marked = database.execute_sql("SELECT count(*) FROM search_dirty").fetchone()[0]
    reread = marked > VOCABULARY_REREAD
    for record_type, code in TYPE_CODES.items():
        ids = f"SELECT key >> 3 AS id FROM search_dirty WHERE key & 7 = {code}"
        for statement in refresh_sql(record_type, ids, vocabulary=not reread):
            database.execute_sql(statement)
    database.execute_sql("DELETE FROM search_dirty")
    if reread:
        read_vocabulary(database)


def catch_up(database: Database) -> bool:
    """Refresh what another program's edits marked (they could not fold the text), in one
    transaction; returns whether there was anything. Cheap when there is nothing to do. While
    another program writes, nothing is refreshed (the next search catches up). A read-only
    role may not write the index: on a server it folds what was marked into an overlay of its
    own connection that its searches read (server_index.overlay); on SQLite it searches the
    index as it is until a writer's search catches it up."""
    if getattr(database, "read_only", False):
        if not is_supported(database):  # its own overlay of what others changed
            database.search_overlay = server_index.overlay(database)
        return False
    if not is_supported(database):
        return server_index.catch_up(database)
    pending = database.execute_sql("SELECT EXISTS (SELECT 1 FROM search_dirty)").fetchone()[0]
    paused = database.execute_sql(f"SELECT {_PAUSED}").fetchone()[0]
    if not pending or paused:
        return False
    with _without_waiting(database):
        try:
            with database.atomic():
                flush(database)
        except CatalogLocked:
            return False  # another program is writing: search what the index holds meanwhile
    return True


@contextmanager
def _without_waiting(database: Database) -> Iterator[None]:
    """Searching never waits for another program's write: the catch-up is skipped instead."""
    if not isinstance(database, SqliteDatabase):
        yield
        return
    waited = database.execute_sql("PRAGMA busy_timeout").fetchone()[0]
    database.execute_sql("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA busy_timeout = {int(waited)}")


@contextmanager
def bulk(database: Database | None = None) -> Iterator[None]:
    """One transaction in which edits only mark the records they touch; each marked record's
    document is refreshed once at the end, before the transaction commits."""
    database = database or catalog_db.obj
    if not is_supported(database):  # PostgreSQL's triggers only ever mark (server_index.py)
        with database.atomic():
            yield
        return
    with database.atomic():
        database.execute_sql("INSERT OR IGNORE INTO search_state (key, value) VALUES ('paused', 1)")
        yield
        database.execute_sql("DELETE FROM search_state WHERE key = 'paused'")
        flush(database)


def names_generation(database: Database) -> int:
    """A number that changes whenever a person's names change (for the fuzzy-match cache)."""
    row = database.execute_sql(
        "SELECT value FROM search_state WHERE key = 'names_generation'"
    ).fetchone()
    return int(row[0]) if row else 0
