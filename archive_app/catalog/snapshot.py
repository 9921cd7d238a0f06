"""Whole-record snapshots, so that a delete can be undone exactly.

Deleting a photograph also deletes its regions, links and citations (ON DELETE CASCADE) and
clears references to it elsewhere (ON DELETE SET NULL). A snapshot taken before the delete holds
every one of those rows, with their ids, and the references that will be cleared; restoring it
puts them all back in one transaction, as Gramps's transaction log does for its undo.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from peewee import Model

from archive_app.catalog.changes import joined


@dataclass
class Snapshot:
    rows: list[tuple[type[Model], dict[str, Any]]] = field(default_factory=list)
    cleared: list[tuple[type[Model], int, str, int]] = field(default_factory=list)

    def describe(self) -> dict[str, int]:
        """How many rows of each table the snapshot holds (for 'what else goes with it')."""
        counts: dict[str, int] = {}
        for model, _row in self.rows[1:]:
            name = model._meta.table_name
            counts[name] = counts.get(name, 0) + 1
        return counts


def _capture_into(snapshot: Snapshot, instance: Model, seen: set[tuple[str, int]]) -> None:
    key = (instance._meta.table_name, instance.get_id())
    if key in seen:
        return
    seen.add(key)
    snapshot.rows.append((type(instance), dict(instance.__data__)))
    for backref_field, referencing in instance._meta.backrefs.items():
        action = (backref_field.on_delete or "").upper()
        query = referencing.select().where(backref_field == instance.get_id())
        if action == "CASCADE":
            for child in query.order_by(referencing._meta.primary_key):
                _capture_into(snapshot, child, seen)
        elif action == "SET NULL":
            for child in query:
                snapshot.cleared.append(
                    (referencing, child.get_id(), backref_field.name, instance.get_id())
                )


def capture(instance: Model) -> Snapshot:
    """Everything a delete of `instance` would take or change."""
    snapshot = Snapshot()
    _capture_into(snapshot, instance, set())
    return snapshot


def restore(snapshot: Snapshot) -> None:
    """Put back what the snapshot holds, with the same ids, in one change."""
    with joined("Restore deleted rows") as ch:
        for model, row in snapshot.rows:
            model.insert(row).execute()
            ch.made(model, [row[model._meta.primary_key.name]])
        for model, row_id, field_name, target_id in snapshot.cleared:
            ch.update(model, [row_id], {field_name: target_id})
