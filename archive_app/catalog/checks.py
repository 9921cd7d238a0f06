"""Checks of a catalogue: the database itself, the image files, and the evidence.

An archive records what each source says, so contradictions are kept, not corrected; these
checks find them so an archivist can look: a person shown or active after their death, an
execution dated before the trial, a date that ends before it starts, a death date that a dated
death or execution event contradicts. With `fixity`, every file is hashed again and compared
with the SHA-256 taken when it came in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from peewee import SqliteDatabase

from archive_app.catalog.importing.placement import resolve, saved_archive_root
from archive_app.catalog.models import (
    RECORD_TYPES,
    Event,
    Person,
    PersonEvent,
    Photograph,
    PhotoPerson,
    catalog_db,
)

CHUNK = 1 << 20
DEATH_EVENTS = ("death", "execution")


@dataclass
class Finding:
    check: str  # integrity, missing-file, fixity, after-death, before-birth, ...
    severity: str  # error (the catalogue or a file is damaged) or warning (the evidence)
    message: str
    records: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _ref(record_type: str, record_id: int) -> dict[str, Any]:
    return {"type": record_type, "id": record_id}


# --- the database ----------------------------------------------------------------------------


def check_integrity() -> Iterator[Finding]:
    database = catalog_db.obj
    if not isinstance(database, SqliteDatabase):
        return
    for (row,) in database.execute_sql("PRAGMA integrity_check").fetchall():
        if row != "ok":
            yield Finding("integrity", "error", f"SQLite integrity check: {row}")
    for table, rowid, parent, _fk in database.execute_sql("PRAGMA foreign_key_check").fetchall():
        yield Finding(
            "integrity", "error", f"{table} row {rowid} points at a missing {parent} record"
        )


# --- the files ---------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def check_files(fixity: bool, root: Path | None = None) -> Iterator[Finding]:
    """Missing files always; with `fixity`, files whose content changed since import."""
    query = (
        Photograph.select(
            Photograph.id, Photograph.accession_number, Photograph.file_path, Photograph.sha256
        )
        .where(Photograph.file_path.is_null(False))
        .order_by(Photograph.id)
        .tuples()
    )
    root = root or saved_archive_root()
    for photo_id, accession, file_path, expected in query:
        path = resolve(file_path, root)
        ref = [_ref("photo", photo_id)]
        if not path.is_file():
            yield Finding("missing-file", "error", f"{accession}: file {file_path} is missing", ref)
            continue
        if not fixity or not expected:
            continue
        try:
            actual = sha256_of(path)
        except OSError as exc:
            yield Finding(
                "fixity",
                "error",
                f"{accession}: cannot read {file_path}: {exc.strerror or exc}",
                ref,
            )
            continue
        if actual != expected:
            yield Finding(
                "fixity",
                "error",
                f"{accession}: {file_path} has changed since it was catalogued "
                f"(SHA-256 {actual[:12]}…, expected {expected[:12]}…)",
                ref,
            )


# --- the evidence ------------------------------------------------------------------------------


def _label(record: Any) -> str:
    return getattr(record, "title", None) or getattr(record, "name", None) or str(record.id)


def check_dates() -> Iterator[Finding]:
    """A date whose bounds are the wrong way round (possible in data loaded from outside)."""
    for record_type, model in RECORD_TYPES.items():
        for name in model.DATE_FIELDS:
            earliest = getattr(model, f"{name}_earliest")
            latest = getattr(model, f"{name}_latest")
            for record in model.select().where(earliest > latest):
                yield Finding(
                    "date-order",
                    "warning",
                    f"{record_type} “{_label(record)}”: {name} {getattr(record, name)} ends "
                    f"before it starts",
                    [_ref(record_type, record.id)],
                )


def check_people() -> Iterator[Finding]:
    """People shown, or taking part in events, before birth or after death; death dates that
    a death or execution event contradicts; executions dated before the trial."""
    people = {p.id: p for p in Person.select()}
    for link in PhotoPerson.select(PhotoPerson, Photograph).join(Photograph):
        person, photo = people[link.person_id], link.photo
        if (
            person.death_date_latest
            and photo.date_earliest
            and (photo.date_earliest > person.death_date_latest)
        ):
            yield Finding(
                "after-death",
                "warning",
                f"{person.name} (died {person.death_date}) is shown in "
                f"{photo.accession_number} dated {photo.date}",
                [_ref("person", person.id), _ref("photo", photo.id)],
            )
    events_of: dict[int, list[tuple[Event, str | None]]] = {}
    for link in PersonEvent.select(PersonEvent, Event).join(Event):
        events_of.setdefault(link.person_id, []).append((link.event, link.role))
    for person_id, events in events_of.items():
        yield from _person_events(people[person_id], events)


def _person_events(person: Person, events: list[tuple[Event, str | None]]) -> Iterator[Finding]:
    for event, _role in events:
        refs = [_ref("person", person.id), _ref("event", event.id)]
        if event.event_type in DEATH_EVENTS:
            if (
                person.death_date
                and event.date
                and not _overlap(
                    (event.date_earliest, event.date_latest),
                    (person.death_date_earliest, person.death_date_latest),
                )
            ):
                yield Finding(
                    "death-date",
                    "warning",
                    f"{person.name}: the {event.event_type} “{event.title}” is dated "
                    f"{event.date}, but the death date is {person.death_date}",
                    refs,
                )
            continue
        if (
            person.death_date_latest
            and event.date_earliest
            and (event.date_earliest > person.death_date_latest)
        ):
            yield Finding(
                "after-death",
                "warning",
                f"{person.name} (died {person.death_date}) takes part in “{event.title}” "
                f"dated {event.date}",
                refs,
            )
        if (
            person.birth_date_earliest
            and event.date_latest
            and (event.date_latest < person.birth_date_earliest)
        ):
            yield Finding(
                "before-birth",
                "warning",
                f"{person.name} (born {person.birth_date}) takes part in “{event.title}” "
                f"dated {event.date}",
                refs,
            )
    yield from _execution_before_trial(person, [event for event, _ in events])
    yield from _sources_disagree(person, [event for event, _ in events])


#: events that happen once in a life: two of them with different dates are two claims.
ONCE_IN_A_LIFE = ("birth", "death", "execution", "trial", "burial")


def _sources_disagree(person: Person, events: list[Event]) -> Iterator[Finding]:
    """Two dated claims of a once-in-a-life event that do not overlap, cited from different
    sources (the article's execution date beside a better-sourced one, say)."""
    by_type: dict[str, list[Event]] = {}
    for event in events:
        if event.event_type in ONCE_IN_A_LIFE and event.date_earliest:
            by_type.setdefault(event.event_type, []).append(event)
    for event_type, claims in by_type.items():
        for n, first in enumerate(claims):
            for second in claims[n + 1 :]:
                if _overlap(
                    (first.date_earliest, first.date_latest),
                    (second.date_earliest, second.date_latest),
                ):
                    continue
                first_sources = _source_titles(first)
                second_sources = _source_titles(second)
                if first_sources and second_sources and first_sources != second_sources:
                    yield Finding(
                        "sources-disagree",
                        "warning",
                        f"{person.name}: the sources disagree on the {event_type}: "
                        f"{first.date} ({', '.join(sorted(first_sources))}) and "
                        f"{second.date} ({', '.join(sorted(second_sources))})",
                        [
                            _ref("person", person.id),
                            _ref("event", first.id),
                            _ref("event", second.id),
                        ],
                    )


def _source_titles(event: Event) -> set[str]:
    return {citation.source.title for citation in event.citations}


def _execution_before_trial(person: Person, events: list[Event]) -> Iterator[Finding]:
    trials = [e for e in events if e.event_type == "trial" and e.date_earliest]
    deaths = [e for e in events if e.event_type in DEATH_EVENTS and e.date_latest]
    for death in deaths:
        for trial in trials:
            if death.date_latest < trial.date_earliest:
                yield Finding(
                    "execution-before-trial",
                    "warning",
                    f"{person.name}: the {death.event_type} “{death.title}” ({death.date}) is "
                    f"dated before the trial “{trial.title}” ({trial.date})",
                    [_ref("person", person.id), _ref("event", death.id), _ref("event", trial.id)],
                )


def _overlap(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    a_start, a_end = a[0] or "0000", a[1] or "9999"
    b_start, b_end = b[0] or "0000", b[1] or "9999"
    return a_start <= b_end and b_start <= a_end


def run_checks(fixity: bool = False, root: Path | None = None) -> list[Finding]:
    """Every check; fixity re-reads every file and can take a while on a large archive."""
    found: list[Finding] = []
    for check in (check_integrity(), check_files(fixity, root), check_dates(), check_people()):
        found.extend(check)
    return found


def summary(findings: list[Finding]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.check] = counts.get(finding.check, 0) + 1
    return counts
