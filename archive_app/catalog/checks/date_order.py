"""Rule: a date that ends before it starts. The catalogue refuses such a date when it is typed;
it can still arrive in data loaded from outside or written by another tool."""

from __future__ import annotations

from collections.abc import Iterator

from archive_app.catalog.checks.facts import Facts
from archive_app.catalog.checks.finding import Finding, Side, ref
from archive_app.catalog.models import RECORD_TYPES
from archive_app.catalog.serialize import label


def date_order(_facts: Facts) -> Iterator[Finding]:
    for record_type, model in RECORD_TYPES.items():
        for name in model.DATE_FIELDS:
            earliest = getattr(model, f"{name}_earliest")
            latest = getattr(model, f"{name}_latest")
            for record in model.select().where(earliest > latest):
                text = getattr(record, name)
                side = Side(
                    f"{record_type} “{label(record)}”: {name} {text}",
                    ref(record_type, record.id),
                    name,
                    text,
                    getattr(record, f"{name}_earliest"),
                    getattr(record, f"{name}_latest"),
                )
                yield Finding(
                    "date-order",
                    "warning",
                    f"{record_type} “{label(record)}”: {name} {text} ends before it starts",
                    [ref(record_type, record.id)],
                    [side],
                )
