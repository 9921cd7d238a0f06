"""Reading the journal: a record's history, reverting a change, pruning old entries, and the
changes other programs committed (for live refresh).

Every change (catalog/changes.py) wrote one journal entry with each row's values before and after,
so a record's history is its rows in the journal, and reverting a change is a new change that puts
the "before" values back. A revert is refused when a later change touched the same fields or rows:
it would silently take someone's later work back.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from peewee import IntegrityError, PostgresqlDatabase, SqliteDatabase, fn

from archive_app.catalog import changes, notifications
from archive_app.catalog.changes import ChangeSet, Key, model_of, parse_refs
from archive_app.catalog.errors import CatalogError, InvalidField, RecordNotFound
from archive_app.catalog.models import JournalEntry, JournalRow, catalog_db

log = logging.getLogger(__name__)

#: columns a history shows nothing for (bookkeeping, or kept in step with a date field)
HIDDEN_FIELDS = frozenset({"id", "version", "created", "modified"})


class RevertConflict(CatalogError):
    """A later change touched what a revert would put back; the message says which and by whom."""


@dataclass
class RowChange:
    """One row of a journal entry: what a change did to one record, link or name variant."""

    record_type: str
    record_id: int
    action: str  # created, changed, deleted
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def fields(self) -> list[str]:
        """The fields the change set (all of a created or deleted row's), without bookkeeping
        columns and the derived date bounds."""
        values = self.before if self.action == "deleted" else self.after
        names = [
            k
            for k in (values or {})
            if k not in HIDDEN_FIELDS and not k.endswith(("_earliest", "_latest"))
        ]
        return sorted(names)

    def as_json(self) -> dict[str, Any]:
        return {
            "type": self.record_type,
            "id": self.record_id,
            "action": self.action,
            "fields": self.fields,
            "before": self.before,
            "after": self.after,
        }


@dataclass
class Entry:
    """One change as the journal keeps it."""

    id: int
    at: str
    who: str
    label: str
    rows: list[RowChange] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "change": self.id,
            "at": self.at,
            "who": self.who,
            "label": self.label,
            "rows": [row.as_json() for row in self.rows],
        }


def _loads(text: str | None) -> dict[str, Any] | None:
    return json.loads(text) if text else None


def _since_text(since: str | date | datetime | None) -> str | None:
    """An ISO date or time to compare `at` with; a bad one is refused."""
    if since is None:
        return None
    if isinstance(since, datetime):
        return since.isoformat(timespec="seconds")
    if isinstance(since, date):
        return since.isoformat()
    text = str(since).strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidField("since", f"{text!r} is not a date (YYYY-MM-DD)") from None
    return parsed.isoformat(timespec="seconds") if "T" in text or " " in text else text


def _row_filter(record_type: str | None, record_id: int | None) -> Any:
    if record_type is None:
        return None
    model_of(record_type)  # refuses an unknown type
    if record_id is None:
        return JournalRow.record_type == record_type
    itself = (JournalRow.record_type == record_type) & (JournalRow.record_id == record_id)
    return itself | JournalRow.refs.contains(f"|{record_type}:{record_id}|")


def history(
    record_type: str | None = None,
    record_id: int | None = None,
    since: str | date | datetime | None = None,
    limit: int | None = None,
) -> list[Entry]:
    """Journal entries, newest first. With a record type and id: the changes to that record and
    to the rows that point at it (its links, name variants, citations), with only those rows."""
    condition = _row_filter(record_type, record_id)
    since_text = _since_text(since)
    entries_query = JournalEntry.select().order_by(JournalEntry.id.desc())
    if condition is not None:
        matching = JournalRow.select(JournalRow.entry).where(condition)
        entries_query = entries_query.where(JournalEntry.id.in_(matching))
    if since_text is not None:
        entries_query = entries_query.where(JournalEntry.at >= since_text)
    if limit is not None:
        entries_query = entries_query.limit(limit)
    entries = {e.id: Entry(e.id, e.at, e.who, e.label) for e in entries_query}
    if not entries:
        return []
    rows_query = JournalRow.select().where(JournalRow.entry.in_(list(entries)))
    if condition is not None:
        rows_query = rows_query.where(condition)
    for row in rows_query.order_by(JournalRow.id):
        entries[row.entry_id].rows.append(
            RowChange(
                row.record_type, row.record_id, row.action, _loads(row.before), _loads(row.after)
            )
        )
    return list(entries.values())


def entry(change_id: int) -> Entry:
    """One journal entry with all its rows."""
    found = JournalEntry.get_or_none(JournalEntry.id == change_id)
    if found is None:
        raise RecordNotFound(f"no change {change_id} in the journal")
    result = Entry(found.id, found.at, found.who, found.label)
    for row in JournalRow.select().where(JournalRow.entry == change_id).order_by(JournalRow.id):
        result.rows.append(
            RowChange(
                row.record_type, row.record_id, row.action, _loads(row.before), _loads(row.after)
            )
        )
    return result


# --- revert ----------------------------------------------------------------------------------


def _later_rows(change_id: int, keys: set[Key]) -> list[tuple[JournalRow, JournalEntry]]:
    found = []
    types = {t for t, _ in keys}
    query = (
        JournalRow.select(JournalRow, JournalEntry)
        .join(JournalEntry)
        .where((JournalRow.entry > change_id) & JournalRow.record_type.in_(list(types)))
        .order_by(JournalRow.id)
    )
    for row in query:
        if (row.record_type, row.record_id) in keys:
            found.append((row, row.entry))
    return found


def _conflict(change_id: int, what: str, later: JournalEntry | None) -> RevertConflict:
    by = f" by {later.who} at {later.at} (change {later.id}: {later.label})" if later else ""
    return RevertConflict(
        f"cannot revert change {change_id}: {what}{by}; nothing was changed"
        + ("; revert the later change first" if later else "")
    )


def _check_later_changes(original: Entry, skip: Collection[int] = ()) -> None:
    mine = {(r.record_type, r.record_id): r for r in original.rows}
    for row, later in _later_rows(original.id, set(mine)):
        if later.id in skip:
            continue
        ours = mine[(row.record_type, row.record_id)]
        name = f"{row.record_type} {row.record_id}"
        if ours.action == "changed" and row.action == "changed":
            theirs = set(_loads(row.after) or {}) - HIDDEN_FIELDS
            common = sorted(theirs & (set(ours.after or {}) - HIDDEN_FIELDS))
            if common:
                raise _conflict(original.id, f"{name}'s {', '.join(common)} changed again", later)
        elif ours.action != "deleted" and row.action == "deleted":
            raise _conflict(original.id, f"{name} was deleted since", later)
        elif ours.action == "created" and row.action == "changed":
            raise _conflict(original.id, f"{name} was edited since", later)
        elif ours.action == "deleted" and row.action == "created":
            raise _conflict(original.id, f"{name} was created again since", later)


def _check_current_state(original: Entry) -> None:
    """What the journal cannot show (writes from before the journal existed): the rows must
    still hold what the change left."""
    for row in original.rows:
        model = model_of(row.record_type)
        current = changes.read_rows(model, [row.record_id]).get(row.record_id)
        name = f"{row.record_type} {row.record_id}"
        if row.action == "deleted" and current is not None:
            raise _conflict(original.id, f"{name} exists again", None)
        if row.action != "deleted" and current is None:
            raise _conflict(original.id, f"{name} no longer exists", None)
        if row.action == "changed":
            moved = [
                k
                for k, v in (row.after or {}).items()
                if k not in HIDDEN_FIELDS and current.get(k) != v
            ]
            if moved:
                raise _conflict(original.id, f"{name}'s {', '.join(moved)} changed since", None)


def _check_nothing_else_hangs_on(original: Entry) -> None:
    """A record the change created may since have got links or citations from later changes;
    deleting it would take them, so the revert is refused."""
    created = {(r.record_type, r.record_id) for r in original.rows if r.action == "created"}
    in_entry = {(r.record_type, r.record_id) for r in original.rows}
    for record_type, record_id in created:
        model = model_of(record_type)
        for backref, referencing in model._meta.backrefs.items():
            query = referencing.select(referencing._meta.primary_key).where(backref == record_id)
            for (other_id,) in query.tuples():
                other = (changes.type_name(referencing), other_id)
                if other not in in_entry:
                    raise _conflict(
                        original.id,
                        f"{record_type} {record_id} is now used by {other[0]} {other[1]}",
                        None,
                    )


def revert(change_id: int, skip: Collection[int] = ()) -> ChangeSet:
    """Undo one change as a new change (journalled like any other); RevertConflict when a later
    change touched the same fields or rows."""
    original = entry(change_id)
    label = f"Revert change {change_id} ({original.label})"
    with changes.change(label) as ch:
        _check_later_changes(original, skip)
        _check_current_state(original)
        _check_nothing_else_hangs_on(original)
        try:
            with catalog_db.atomic():
                _put_back(original, ch)
        except IntegrityError as exc:
            raise _conflict(change_id, f"the rows cannot be put back ({exc})", None) from exc
    assert ch.change_set is not None
    return ch.change_set


def _parents_first(rows: list[RowChange]) -> list[RowChange]:
    """Rows ordered so that each comes after the rows it points at: tables in the schema's
    creation order, and within a table (places, collections) a parent before its children."""
    rank = {changes.type_name(m): i for i, m in enumerate(changes.journalled_models().values())}
    pending = sorted(rows, key=lambda r: (rank.get(r.record_type, len(rank)), r.record_id))
    ordered: list[RowChange] = []
    while pending:
        waiting = {(r.record_type, r.record_id) for r in pending}
        ready = [
            r
            for r in pending
            if not any(
                ref in waiting and ref != (r.record_type, r.record_id)
                for ref in changes.row_refs(model_of(r.record_type), r.before)
            )
        ]
        ready = ready or pending[:1]  # a cycle cannot be stored; the database will say so
        ordered.extend(ready)
        pending = [r for r in pending if r not in ready]
    return ordered


def _put_back(original: Entry, ch: changes.Change) -> None:
    deleted = [r for r in original.rows if r.action == "deleted" and r.before is not None]
    for row in _parents_first(deleted):
        model = model_of(row.record_type)
        model.insert(row.before).execute()
        ch.made(model, [row.record_id])
    for row in original.rows:
        if row.action == "changed" and row.before is not None:
            values = {k: v for k, v in row.before.items() if k != "version"}
            ch.update(model_of(row.record_type), [row.record_id], values)
    created = [r for r in original.rows if r.action == "created"]
    for row in reversed(_parents_first(created)):
        ch.delete(model_of(row.record_type), [row.record_id])


# --- pruning ---------------------------------------------------------------------------------


def prune(before: str | date | datetime) -> int:
    """Forget journal entries older than `before` (their history and revert go with them);
    returns how many entries went. The records themselves are not touched."""
    cutoff = _since_text(before)
    with changes.change("Prune journal"):
        old = JournalEntry.select(JournalEntry.id).where(JournalEntry.at < cutoff)
        JournalRow.delete().where(JournalRow.entry.in_(old)).execute()
        return JournalEntry.delete().where(JournalEntry.at < cutoff).execute()


def size() -> dict[str, Any]:
    """How much the journal holds: entries, rows, oldest and newest entry time."""
    entries, oldest, newest = JournalEntry.select(
        fn.COUNT(JournalEntry.id), fn.MIN(JournalEntry.at), fn.MAX(JournalEntry.at)
    ).scalar(as_tuple=True)
    rows = JournalRow.select(fn.COUNT(JournalRow.id)).scalar()
    return {"entries": entries, "rows": rows, "oldest": oldest, "newest": newest}


# --- other programs' changes -----------------------------------------------------------------


def latest_entry_id() -> int:
    return JournalEntry.select(fn.MAX(JournalEntry.id)).scalar() or 0


def data_version() -> int:
    """A number that moves when another connection commits: SQLite's `PRAGMA data_version`
    (costs no read of the catalogue); on PostgreSQL the newest journal entry's id."""
    database = catalog_db.obj
    if isinstance(database, SqliteDatabase):
        return database.execute_sql("PRAGMA data_version").fetchone()[0]
    return latest_entry_id()


def changes_since(entry_id: int, include_own: bool = False) -> list[ChangeSet]:
    """The ChangeSets of journal entries after `entry_id`, oldest first; without `include_own`,
    those this process committed are left out (it announced them itself)."""
    query = JournalEntry.select().where(JournalEntry.id > entry_id).order_by(JournalEntry.id)
    entries = [e for e in query if include_own or e.id not in changes.own_entries()]
    if not entries:
        return []
    by_entry: dict[int, list[tuple[str, int, str, set[Key]]]] = {e.id: [] for e in entries}
    rows = (
        JournalRow.select(
            JournalRow.entry,
            JournalRow.record_type,
            JournalRow.record_id,
            JournalRow.action,
            JournalRow.refs,
        )
        .where(JournalRow.entry.in_(list(by_entry)))
        .tuples()
    )
    for entry_ref, record_type, record_id, action, refs in rows:
        by_entry[entry_ref].append((record_type, record_id, action, parse_refs(refs)))
    return [
        changes.change_set_from_rows(
            e.id, e.label, e.who, e.at, by_entry[e.id], external=e.id not in changes.own_entries()
        )
        for e in entries
    ]


class ExternalChanges:
    """Polls for changes other programs (a second window, the CLI, a script) committed:
    `anything_new()` is cheap enough to call every second; `poll()` returns their ChangeSets.

    On PostgreSQL it listens (notifications.py): the server tells it when another desktop
    commits, so `anything_new()` runs no query and `wait()` sleeps until a change arrives."""

    def __init__(self) -> None:
        self.last_entry = latest_entry_id()
        self._listener = _listener()
        self._token = data_version()

    def anything_new(self) -> bool:
        if self._listener is not None:
            return self._listener.pending()
        return data_version() != self._token

    def wait(self, seconds: float) -> bool:
        """Return as soon as another program commits a change (True), or after `seconds`."""
        if self._listener is not None:
            return self._listener.wait(seconds)
        deadline = time.monotonic() + seconds
        while not self.anything_new():
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        return True

    def poll(self) -> list[ChangeSet]:
        if not self.anything_new():
            return []
        if self._listener is not None:
            self._listener.take()
        self._token = data_version()
        found = changes_since(self.last_entry, include_own=True)
        if found:
            self.last_entry = max(c.change_id or 0 for c in found)
        return [c for c in found if c.external]

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None


def _listener() -> notifications.Listener | None:
    """A listening connection on a server catalogue; None on SQLite, or when the server
    refuses a second connection (then the journal is polled as on SQLite)."""
    database = catalog_db.obj
    if not isinstance(database, PostgresqlDatabase):
        return None
    try:
        return notifications.Listener(database)
    except Exception:  # noqa: BLE001 - polling the journal still works
        log.warning("cannot listen for other desktops' changes; polling the journal instead")
        return None
