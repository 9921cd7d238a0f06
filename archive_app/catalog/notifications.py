"""Changes travelling between desktops on a PostgreSQL server: LISTEN/NOTIFY.

Every journal entry a change commits raises a notification on the channel `archive_app_changes`
(a trigger on the journal, so a change made by any program counts; PostgreSQL delivers it only
when the change commits, and never for one rolled back). A `Listener` holds a connection of its
own that listens on the channel: `pending()` says at once, without a query, whether another
desktop has committed since the last look, and `wait(seconds)` sleeps until one does, so a
desktop learns of an edit within a fraction of a second instead of at its next poll of the
journal. What changed is then read from the journal (journal.changes_since), as on SQLite.
"""

from __future__ import annotations

import contextlib
from typing import Any

from peewee import Database, PostgresqlDatabase

CHANNEL = "archive_app_changes"

_FUNCTION = f"""CREATE OR REPLACE FUNCTION archive_app_announce_change() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
  PERFORM pg_notify('{CHANNEL}', NEW.id::text);
  RETURN NULL;
END
$body$"""
_TRIGGER = (
    "DROP TRIGGER IF EXISTS archive_app_announce_change ON journal_entry; "
    "CREATE TRIGGER archive_app_announce_change AFTER INSERT ON journal_entry "
    "FOR EACH ROW EXECUTE FUNCTION archive_app_announce_change()"
)


def install(database: Database) -> None:
    """Make a server catalogue's journal announce each committed entry (no-op on SQLite)."""
    if isinstance(database, PostgresqlDatabase) and "journal_entry" in database.get_tables():
        database.execute_sql(_FUNCTION)
        database.execute_sql(_TRIGGER)


class Listener:
    """A connection of its own, listening for other desktops' committed changes."""

    def __init__(self, database: PostgresqlDatabase) -> None:
        import psycopg

        params = dict(database.connect_params)
        params.pop("prefer_psycopg3", None)
        target = database.database
        if target.startswith("postgresql://"):
            self._connection: Any = psycopg.connect(target, autocommit=True, **params)
        else:
            self._connection = psycopg.connect(dbname=target, autocommit=True, **params)
        self._connection.execute(f"LISTEN {CHANNEL}")
        self.received: list[int] = []

    def _collect(self, timeout: float) -> list[int]:
        found = []
        for notify in self._connection.notifies(timeout=timeout, stop_after=1):
            with contextlib.suppress(ValueError):
                found.append(int(notify.payload))
        self.received += found
        return found

    def pending(self) -> bool:
        """Whether a change was committed since the last `take()` (does not wait)."""
        if not self.received:
            self._collect(0.0)
        return bool(self.received)

    def wait(self, seconds: float) -> bool:
        """Sleep until a change is committed or `seconds` pass; whether one was."""
        if not self.received:
            self._collect(seconds)
        return bool(self.received)

    def take(self) -> list[int]:
        """The journal entry ids announced since the last take, and forget them."""
        self._collect(0.0)
        taken, self.received = self.received, []
        return taken

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._connection.close()
