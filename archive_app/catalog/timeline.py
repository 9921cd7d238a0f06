"""A person's life laid out in time: the birth and death, the events they take part in and the
photographs that show them, each with the first and last day its date can mean (so an uncertain
date is a range), the citations behind it and the findings of the checks about it.

The GUI draws it (gui/timeline_scene.py); this module only gathers it, so the command line and
tests read the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from archive_app.catalog.checks.evidence import citations_of
from archive_app.catalog.checks.facts import Facts
from archive_app.catalog.checks.finding import Dated, Finding
from archive_app.catalog.checks.rules import RULES
from archive_app.catalog.checks.run import finish, judge
from archive_app.catalog.errors import RecordNotFound
from archive_app.catalog.models import Photograph


@dataclass
class TimelineItem:
    """One thing on the time axis."""

    kind: str  # birth, death, event, photo
    record_type: str
    record_id: int
    label: str
    date: str
    start: dt.date
    end: dt.date
    event_type: str = ""
    citations: list[dict[str, Any]] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)  # the findings' lines
    file_path: str | None = None
    sha256: str | None = None

    @property
    def uncertain(self) -> bool:
        return self.start != self.end


@dataclass
class Timeline:
    person_id: int
    name: str
    start: dt.date
    end: dt.date
    items: list[TimelineItem]
    findings: list[Finding]


def _day(iso: str | None, fallback: dt.date) -> dt.date:
    if not iso:
        return fallback
    try:
        return dt.date.fromisoformat(iso)
    except ValueError:
        return fallback


def _item(kind: str, claim: Dated) -> TimelineItem:
    start = _day(claim.earliest, _day(claim.latest, dt.date(1, 1, 1)))
    end = _day(claim.latest, start)
    label = claim.label if kind in ("event", "photo") else f"{kind} ({claim.date})"
    event_type = claim.kind if kind == "event" else ""
    return TimelineItem(
        kind, claim.record_type, claim.record_id, label, claim.date or "", start, end, event_type
    )


def _marks(items: list[TimelineItem], findings: list[Finding]) -> None:
    about: dict[tuple[str, int, str], list[str]] = {}
    for finding in findings:
        for side in finding.sides:
            key = (side.record["type"], side.record["id"], side.field or "")
            about.setdefault(key, []).append(finding.message)
    for item in items:
        field_name = {"birth": "birth_date", "death": "death_date"}.get(item.kind, "date")
        item.findings = about.get((item.record_type, item.record_id, field_name), [])


def person_timeline(person_id: int) -> Timeline:
    """The life of one person, every dated claim about them in order of its first day."""
    life = Facts([person_id]).lives.get(person_id)
    if life is None:
        raise RecordNotFound(f"person {person_id} does not exist")
    claims: list[tuple[str, Dated]] = [(c.kind, c) for c in life.own]
    claims += [("event", e) for e in life.events]
    claims += [("photo", p) for p, _role in life.photos]
    items = [_item(kind, c) for kind, c in claims if c.earliest or c.latest]
    keys = {(c.record_type, c.record_id) for _, c in claims}
    keys |= {c.via for _, c in claims if c.via}
    citations = citations_of(keys)
    by_key = {(c.record_type, c.record_id, c.field): c for _, c in claims}
    for item in items:
        claim = by_key[(item.record_type, item.record_id, _field(item))]
        item.citations = citations.get((claim.record_type, claim.record_id), [])
        if claim.via:
            item.citations = item.citations + citations.get(claim.via, [])
    _photo_files(items)
    findings = finish(judge([r for r in RULES if r.per_person], [person_id]))
    _marks(items, findings)
    items.sort(key=lambda i: (i.start, i.end, i.kind))
    start = min((i.start for i in items), default=dt.date(1900, 1, 1))
    end = max((i.end for i in items), default=start)
    return Timeline(person_id, life.name, start, end, items, findings)


def _field(item: TimelineItem) -> str:
    return {"birth": "birth_date", "death": "death_date"}.get(item.kind, "date")


def _photo_files(items: list[TimelineItem]) -> None:
    photos = {i.record_id: i for i in items if i.kind == "photo"}
    if not photos:
        return
    query = Photograph.select(
        Photograph.id, Photograph.title, Photograph.file_path, Photograph.sha256
    ).where(Photograph.id.in_(sorted(photos)))
    for photo_id, title, file_path, sha256 in query.tuples():
        item = photos[photo_id]
        item.label = f"{title} ({item.label})" if title else item.label
        item.file_path, item.sha256 = file_path, sha256
