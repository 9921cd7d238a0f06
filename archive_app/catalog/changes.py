"""The one write path: every change to the catalogue is a `change`, one transaction and one
journal entry, announced afterwards as a ChangeSet.

    with change("Edit person", expect={("person", 7): 3}) as ch:
        records.update("person", 7, 3, biography="...")
    ch.change_set   # ids created, changed and deleted per record type

A change takes the write lock at its start (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction
advisory lock), so two programs never interleave their writes, then checks every version the user
saw (`expect`). Catalogue functions register each row before they touch it (`will_change`,
`will_delete`, `made`); at the end the change reads those rows again, bumps the version of every
record whose values moved, writes one journal entry with each row's values before and after, and
commits once. A change opened inside another joins it: one transaction, one entry, one ChangeSet.
After the commit, the callbacks given to `subscribe` receive the ChangeSet (in the committing
thread). This is Gramps's DbTxn: old and new values of every write, kept in the data layer.
"""

from __future__ import annotations

import functools
import getpass
import json
import logging
import os
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from peewee import (
    ForeignKeyField,
    Model,
    OperationalError,
    PostgresqlDatabase,
    SqliteDatabase,
    __exception_wrapper__,
)

from archive_app.catalog import models
from archive_app.catalog.dates import bounds_or_none
from archive_app.catalog.errors import (
    CatalogError,
    ReadOnlyCatalog,
    RecordNotFound,
    StaleEdit,
    storage_error,
)
from archive_app.catalog.models import (
    ALL_MODELS,
    BaseModel,
    CatalogMeta,
    JournalEntry,
    JournalRow,
    catalog_db,
    utc_now,
)

log = logging.getLogger(__name__)

USER_ENV_VARIABLE = "ARCHIVE_APP_USER"
#: the PostgreSQL advisory lock every change takes, so writers take turns as on SQLite
_PG_WRITE_LOCK = 0x41524348  # "ARCH"
_CHUNK = 500
#: columns that change with every write and say nothing about what the archivist changed
_NOISE = frozenset({"modified"})

Key = tuple[str, int]


# --- who -------------------------------------------------------------------------------------

_user_name: str | None = None


def set_user_name(name: str | None) -> None:
    """The name the journal records for this program's changes (the desktop program passes the
    name set in Preferences; empty or None falls back to $ARCHIVE_APP_USER, then the OS user)."""
    global _user_name
    _user_name = " ".join((name or "").split()) or None


def current_user() -> str:
    """Preferences name, else $ARCHIVE_APP_USER, else the operating-system user."""
    if _user_name:
        return _user_name
    from_env = " ".join(os.environ.get(USER_ENV_VARIABLE, "").split())
    if from_env:
        return from_env
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _who() -> str:
    name = current_user()
    database = catalog_db.obj
    if isinstance(database, PostgresqlDatabase):
        role = database.execute_sql("SELECT current_user").fetchone()[0]
        if role and role != name:
            return f"{name} (as {role})"
    return name


# --- record types ----------------------------------------------------------------------------


def type_name(model: type[Model]) -> str:
    """The journal's name of a table: the record type (`photo`, `photo_person`) or the table."""
    return getattr(model, "RECORD_TYPE", "") or model._meta.table_name


def journalled_models() -> dict[str, type[BaseModel]]:
    """Every table the journal keeps: journal type name -> model."""
    from archive_app.catalog.search.saved import SavedSearch  # registers with BaseModel

    found: dict[str, type[BaseModel]] = {}
    for model in [*ALL_MODELS, SavedSearch]:
        if isinstance(model, type) and issubclass(model, BaseModel):
            found[type_name(model)] = model
    return found


def model_of(name: str) -> type[BaseModel]:
    try:
        return journalled_models()[name]
    except KeyError:
        raise CatalogError(f"unknown record type {name!r}") from None


def _fields(model: type[Model]) -> list[Any]:
    return list(model._meta.sorted_fields)


@functools.cache
def _select_sql(model: type[Model]) -> tuple[str, tuple[str, ...]]:
    """`SELECT every column FROM the table WHERE id IN (` and the field names, built once per
    table: peewee's query builder took most of an edit's time on a photograph's 30 columns."""
    fields = _fields(model)
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    key = model._meta.primary_key.column_name
    sql = f'SELECT {columns} FROM "{model._meta.table_name}" WHERE "{key}" IN ('
    return sql, tuple(f.name for f in fields)


def read_rows(model: type[Model], ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The rows of `model` with these ids, as {id: {field name: stored value}}."""
    sql, names = _select_sql(model)
    database = catalog_db.obj
    wanted = sorted(set(ids))
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ", ".join([database.param] * len(chunk))
        for values in database.execute_sql(f"{sql}{marks})", chunk).fetchall():
            row = dict(zip(names, values, strict=True))
            found[row["id"]] = row
    return found


def row_refs(model: type[Model], *rows: dict[str, Any] | None) -> set[Key]:
    """The records a row points at (its photo and person, its source ...)."""
    refs: set[Key] = set()
    for field_ in _fields(model):
        if not isinstance(field_, ForeignKeyField):
            continue
        target = type_name(field_.rel_model)
        for row in rows:
            if row is not None and row.get(field_.name) is not None:
                refs.add((target, int(row[field_.name])))
    # a row may name records other than by foreign key (a review names the finding's records)
    named = getattr(model, "journal_refs", None)
    if named is not None:
        for row in rows:
            if row is not None:
                refs |= named(row)
    return refs


# --- ChangeSet -------------------------------------------------------------------------------


def _ids() -> dict[str, set[int]]:
    return {}


@dataclass
class ChangeSet:
    """What one committed change did: ids created, changed and deleted per record type, and
    `related`, the records a created/changed/deleted row points at (the photo and the person of
    a link, the person of a name variant), whose views may show it. `change_id` is the journal
    entry (None when the change wrote nothing); `external` marks another process's change."""

    change_id: int | None
    label: str
    who: str
    at: str
    created: dict[str, set[int]] = field(default_factory=_ids)
    changed: dict[str, set[int]] = field(default_factory=_ids)
    deleted: dict[str, set[int]] = field(default_factory=_ids)
    related: dict[str, set[int]] = field(default_factory=_ids)
    external: bool = False

    def __bool__(self) -> bool:
        return bool(self.created or self.changed or self.deleted)

    def ids(self, record_type: str) -> set[int]:
        """Every id of this type the change created, changed or deleted."""
        return (
            self.created.get(record_type, set())
            | self.changed.get(record_type, set())
            | self.deleted.get(record_type, set())
        )

    def touches(self, record_type: str, record_id: int) -> bool:
        """Whether the record itself, or a row pointing at it, was written."""
        return record_id in self.ids(record_type) or record_id in self.related.get(
            record_type, set()
        )

    def types(self) -> set[str]:
        return set(self.created) | set(self.changed) | set(self.deleted)


def change_set_from_rows(
    change_id: int | None,
    label: str,
    who: str,
    at: str,
    rows: Iterable[tuple[str, int, str, Iterable[Key]]],
    external: bool = False,
) -> ChangeSet:
    """A ChangeSet from journal rows: (record type, id, action, records the row points at)."""
    result = ChangeSet(change_id, label, who, at, external=external)
    for record_type, record_id, action, refs in rows:
        getattr(result, action).setdefault(record_type, set()).add(record_id)
        for target, target_id in refs:
            result.related.setdefault(target, set()).add(target_id)
    return result


def refs_text(refs: Iterable[Key]) -> str | None:
    """`|person:7|photo:3|`: how journal_row.refs keeps them, so LIKE '%|person:7|%' finds."""
    ordered = sorted(set(refs))
    return "|" + "|".join(f"{t}:{i}" for t, i in ordered) + "|" if ordered else None


def parse_refs(text: str | None) -> set[Key]:
    found: set[Key] = set()
    for part in (text or "").strip("|").split("|"):
        if ":" in part:
            record_type, _, record_id = part.partition(":")
            found.add((record_type, int(record_id)))
    return found


# --- listeners -------------------------------------------------------------------------------

_listeners: list[Callable[[ChangeSet], None]] = []
#: journal entries this process committed, per open database (the poller skips them)
_own_entries: weakref.WeakKeyDictionary[Any, set[int]] = weakref.WeakKeyDictionary()


def own_entries() -> set[int]:
    """The journal entries this process committed to the open catalogue."""
    return _own_entries.setdefault(catalog_db.obj, set())


def subscribe(callback: Callable[[ChangeSet], None]) -> Callable[[], None]:
    """Call `callback(change_set)` after every change this process commits; returns a function
    that unsubscribes. Callbacks run in the committing thread (a GUI posts to its own thread)."""
    _listeners.append(callback)

    def unsubscribe() -> None:
        if callback in _listeners:
            _listeners.remove(callback)

    return unsubscribe


def _announce(change_set: ChangeSet) -> None:
    for callback in list(_listeners):
        try:
            callback(change_set)
        except Exception:  # a listener's bug must not look like a failed save
            log.exception("a change listener failed")


# --- stale edits -----------------------------------------------------------------------------


def _changes_since(record_type: str, record_id: int, version: int) -> list[tuple[str, str, list]]:
    """(who, at, fields) of each journalled change that moved the record past `version`."""
    query = (
        JournalRow.select(JournalRow.action, JournalRow.before, JournalRow.after, JournalEntry)
        .join(JournalEntry)
        .where((JournalRow.record_type == record_type) & (JournalRow.record_id == record_id))
        .order_by(JournalRow.id.desc())
        .limit(50)
    )
    found: list[tuple[str, str, list]] = []
    for row in query:
        after = json.loads(row.after) if row.after else None
        before = json.loads(row.before) if row.before else {}
        if after is not None and int(after.get("version") or 0) <= version:
            break
        names = sorted(k for k in (after or before) if k not in ("version", "id", *_NOISE))
        found.append((row.entry.who, row.entry.at, names if row.action == "changed" else []))
    found.reverse()
    return found


def shown_time(at: str) -> str:
    """`2026-12-02 03:41 UTC` for a journal time (`2026-12-02T03:41:13+00:00`)."""
    return at[:16].replace("T", " ") + " UTC" if len(at) >= 16 and at[10] == "T" else at


def stale_edit(record_type: str, record_id: int, expected: int, current: int | None) -> StaleEdit:
    """The StaleEdit for a record that moved from the version the user saw: who changed it,
    when, and which fields, from the journal."""
    by = _changes_since(record_type, record_id, expected)
    if current is None:
        who = f" by {by[-1][0]} at {shown_time(by[-1][1])}" if by else " by someone else"
        message = f"{record_type} {record_id} was deleted{who} since you opened it"
    else:
        parts = [
            f"{who} at {shown_time(at)}" + (f" changed {', '.join(names)}" if names else "")
            for who, at, names in by[-3:]
        ]
        said = f": {'; '.join(parts)}" if parts else ""
        message = (
            f"{record_type} {record_id} was changed by someone else since you opened it{said} "
            f"(version {current}, you had {expected}); reload and edit again"
        )
    error = StaleEdit(message)
    error.record_type, error.record_id = record_type, record_id
    error.expected, error.current, error.changed_by = expected, current, by
    return error


# --- the change ------------------------------------------------------------------------------


class Change:
    """One change in progress. Catalogue write functions register the rows they touch."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.change_set: ChangeSet | None = None
        self._before: dict[tuple[type[Model], int], dict[str, Any] | None] = {}

    # registering rows

    def will_change(self, model: type[Model], ids: Iterable[int]) -> None:
        """Call before updating rows: keeps their values as they were."""
        new = [i for i in set(ids) if (model, i) not in self._before]
        for row_id, row in read_rows(model, new).items():
            self._before[(model, row_id)] = row

    def made(self, model: type[Model], ids: Iterable[int]) -> None:
        """Call after inserting rows."""
        for row_id in ids:
            self._before.setdefault((model, row_id), None)

    def will_delete(self, model: type[Model], ids: Iterable[int]) -> None:
        """Call before deleting rows: keeps them, and what the delete takes with it (rows that
        cascade) or clears (references set to null)."""
        self.will_change(model, ids)
        for backref, referencing in model._meta.backrefs.items():
            action = (backref.on_delete or "").upper()
            if action not in ("CASCADE", "SET NULL"):
                continue
            query = referencing.select(referencing._meta.primary_key).where(backref.in_(list(ids)))
            child_ids = [row_id for (row_id,) in query.tuples()]
            if not child_ids:
                continue
            if action == "CASCADE":
                self.will_delete(referencing, child_ids)
            else:
                self.will_change(referencing, child_ids)

    # writing through the change

    def insert(self, model: type[BaseModel], **values: Any) -> BaseModel:
        """A new row, saved (date bounds filled) and registered."""
        row = model(**values)
        row.save(force_insert=True)
        self.made(model, [row.id])
        return row

    def update(self, model: type[Model], ids: Iterable[int], values: dict[str, Any]) -> int:
        """Set the same values on rows; the version is bumped at the end of the change, and a
        date field given without its bounds gets them (InvalidField for a date that is not
        EDTF)."""
        wanted = list(ids)
        if not wanted or not values:
            return 0
        values = _with_date_bounds(model, values)
        self.will_change(model, wanted)
        written = 0
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            written += model.update(values).where(model._meta.primary_key.in_(chunk)).execute()
        return written

    def delete(self, model: type[Model], ids: Iterable[int]) -> int:
        wanted = list(ids)
        if not wanted:
            return 0
        self.will_delete(model, wanted)
        deleted = 0
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            deleted += model.delete().where(model._meta.primary_key.in_(chunk)).execute()
        return deleted

    # versions

    def expect(self, expected: dict[Key, int], rows: dict[Key, dict] | None = None) -> None:
        """Refuse (StaleEdit) when a record is no longer at the version the user saw. `rows`
        may give records the caller has just read."""
        for (record_type, record_id), version in expected.items():
            given = (rows or {}).get((record_type, record_id))
            if given is not None:
                current = given["version"]
            else:
                found = read_rows(model_of(record_type), [record_id]).get(record_id)
                current = found["version"] if found else None
            if current is None and not _changes_since(record_type, record_id, version):
                raise RecordNotFound(f"no {record_type} with id {record_id}")
            if current != version:
                raise stale_edit(record_type, record_id, version, current)

    # the end

    def _rows(self) -> list[tuple[type[Model], int, str, dict | None, dict | None, set[Key]]]:
        by_model: dict[type[Model], list[int]] = {}
        for model, row_id in self._before:
            by_model.setdefault(model, []).append(row_id)
        after = {model: read_rows(model, ids) for model, ids in by_model.items()}
        rows = []
        to_bump: dict[type[Model], list[int]] = {}
        for (model, row_id), before in self._before.items():
            now = after[model].get(row_id)
            if before is None and now is None:
                continue
            refs = row_refs(model, before, now)
            if before is None:
                rows.append((model, row_id, "created", None, now, refs))
            elif now is None:
                rows.append((model, row_id, "deleted", before, None, refs))
            else:
                names = [k for k in now if k not in _NOISE and now[k] != before.get(k)]
                if not names or names == ["version"]:
                    continue
                if "version" in now and now["version"] == before.get("version"):
                    to_bump.setdefault(model, []).append(row_id)
                    now = {**now, "version": now["version"] + 1}
                kept = [*sorted(set(names) - {"version"}), "version"] if "version" in now else names
                old = {k: before.get(k) for k in kept}
                rows.append((model, row_id, "changed", old, {k: now.get(k) for k in kept}, refs))
        stamp = utc_now()
        for model, ids in to_bump.items():
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                model.update({model.version: model.version + 1, model.modified: stamp}).where(
                    model._meta.primary_key.in_(chunk)
                ).execute()
        return rows

    def _finish(self) -> ChangeSet:
        rows = self._rows()
        at = utc_now()
        who = _who()
        if not rows:
            return ChangeSet(None, self.label, who, at)
        database = catalog_db.obj
        mark = database.param
        entry_id = database.execute_sql(
            f"INSERT INTO journal_entry (at, who, label) VALUES ({mark}, {mark}, {mark}) "
            "RETURNING id",
            (at, who, self.label),
        ).fetchone()[0]
        values = [
            (entry_id, type_name(model), row_id, action, _json(before), _json(after),
             refs_text(refs))
            for model, row_id, action, before, after, refs in rows
        ]  # fmt: skip
        # plain SQL: peewee's statement builder cost more than the write on a small change
        statement = (
            "INSERT INTO journal_row (entry_id, record_type, record_id, action, before, after, "
            f"refs) VALUES ({', '.join([mark] * 7)})"
        )
        try:
            with __exception_wrapper__:  # the driver's errors as peewee's, as execute_sql gives
                database.cursor().executemany(statement, values)
        except OperationalError as exc:
            raise storage_error(exc) from exc
        return change_set_from_rows(
            entry_id,
            self.label,
            who,
            at,
            ((type_name(m), i, action, refs) for m, i, action, _b, _a, refs in rows),
        )


def _with_date_bounds(model: type[Model], values: dict[str, Any]) -> dict[str, Any]:
    for name in getattr(model, "DATE_FIELDS", ()):
        if name in values and f"{name}_earliest" not in values:
            bounds = bounds_or_none(values[name], f"{type_name(model)}.{name}")
            values = {
                **values,
                name: bounds.text if bounds else None,
                f"{name}_earliest": bounds.earliest if bounds else None,
                f"{name}_latest": bounds.latest if bounds else None,
            }
    return values


def _json(row: dict[str, Any] | None) -> str | None:
    return None if row is None else json.dumps(row, ensure_ascii=False, sort_keys=True)


_state = threading.local()


def active() -> Change | None:
    """The change this thread is inside, if any."""
    return getattr(_state, "change", None)


models.active_change = active  # BaseModel.save/delete_instance register with the change


def current() -> Change:
    """The change this thread is inside; catalogue functions that write call it."""
    found = active()
    if found is None:
        raise CatalogError("a catalogue write outside a change (programming error)")
    return found


def _take_write_lock() -> Any:
    database = catalog_db.obj
    if isinstance(database, SqliteDatabase) and database.transaction_depth() == 0:
        return database.atomic(lock_type="IMMEDIATE")
    transaction = database.atomic()
    if isinstance(database, PostgresqlDatabase):

        @contextmanager
        def locked() -> Iterator[None]:
            with transaction:
                database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_PG_WRITE_LOCK,))
                yield

        return locked()
    return transaction


@contextmanager
def change(label: str, expect: dict[Key, int] | None = None) -> Iterator[Change]:
    """One change: one transaction, one journal entry, one ChangeSet (see the module doc)."""
    outer = active()
    if outer is None and getattr(catalog_db.obj, "read_only", False):
        role = catalog_db.obj.execute_sql("SELECT current_user").fetchone()[0]
        raise ReadOnlyCatalog(
            f"this catalogue is open read-only: the database role {role!r} may read it but "
            f"not change it ({label!r} was not done)"
        )
    if outer is not None:
        with catalog_db.atomic():  # a savepoint: a refused inner step leaves the outer intact
            if expect:
                outer.expect(expect)
            yield outer
        return
    ch = Change(label)
    _state.change = ch
    try:
        with _take_write_lock():
            if expect:
                ch.expect(expect)
            yield ch
            ch.change_set = ch._finish()
    finally:
        _state.change = None
    if ch.change_set.change_id is not None:
        own_entries().add(ch.change_set.change_id)
        _announce(ch.change_set)


@contextmanager
def joined(label: str) -> Iterator[Change]:
    """The caller's change, or a new one labelled `label`: how catalogue functions write."""
    with change(label) as ch:
        yield ch


def set_meta(key: str, value: str) -> None:
    """Write a catalogue fact (settings, counters); kept out of the journal, but inside the
    caller's transaction."""
    CatalogMeta.insert(key=key, value=value).on_conflict(
        conflict_target=[CatalogMeta.key], update={CatalogMeta.value: value}
    ).execute()


def require(model: type[Model], record_id: int, name: str) -> None:
    if not model.select().where(model._meta.primary_key == record_id).exists():
        raise RecordNotFound(f"no {name} with id {record_id}")
