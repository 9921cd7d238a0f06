"""The dated facts the consistency rules read, loaded in a few queries for the whole catalogue.

A person's life is read once: the person's own birth and death dates, the events they take part
in (through which link) and the photographs that show them, each as a `Dated` claim with its
bounds. The rules then work in memory, so a catalogue of 100,000 photographs is read in seconds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from archive_app.catalog.checks.finding import Dated
from archive_app.catalog.checks.vocabulary import PERSON_DATE_CLAIMS, event_type, normal_type
from archive_app.catalog.models import Event, Person, PersonEvent, Photograph, PhotoPerson


@dataclass
class Life:
    """One person and every dated claim about them."""

    person_id: int
    name: str
    own: list[Dated] = field(default_factory=list)  # the person's birth and death dates
    events: list[Dated] = field(default_factory=list)
    photos: list[tuple[Dated, str]] = field(default_factory=list)  # (the photo, the role)

    def claims_of(self, fact: str) -> list[Dated]:
        """Every claim of one single fact (`death`: the death date, deaths, executions)."""
        own = [d for d in self.own if d.kind == fact]
        return own + [
            e for e in self.events if (kind := event_type(e.kind)) and kind.claim_of == fact
        ]

    def bounds(self, fact: str) -> tuple[str | None, str | None]:
        """The widest bounds any claim of `fact` allows: only what every claim rules out is
        impossible (a conflict between the claims is a finding of its own)."""
        claims = [c for c in self.claims_of(fact) if c.earliest or c.latest]
        if not claims:
            return None, None
        earliest = (
            None
            if any(c.earliest is None for c in claims)
            else min(c.earliest for c in claims if c.earliest)
        )
        latest = (
            None
            if any(c.latest is None for c in claims)
            else max(c.latest for c in claims if c.latest)
        )
        return earliest, latest


class Facts:
    """The catalogue's lives, read on first use; `people` limits them to some persons."""

    def __init__(self, people: Iterable[int] | None = None) -> None:
        self.only = set(people) if people is not None else None

    def _limit(self, query, column):  # noqa: ANN001, ANN202
        return query.where(column.in_(sorted(self.only))) if self.only is not None else query

    @cached_property
    def lives(self) -> dict[int, Life]:
        lives: dict[int, Life] = {}
        query = Person.select(
            Person.id,
            Person.name,
            Person.birth_date,
            Person.birth_date_earliest,
            Person.birth_date_latest,
            Person.death_date,
            Person.death_date_earliest,
            Person.death_date_latest,
        )
        for pid, name, birth, b_early, b_late, death, d_early, d_late in self._limit(
            query, Person.id
        ).tuples():
            life = lives[pid] = Life(pid, name)
            for (text, early, late), name_of_field in (
                ((birth, b_early, b_late), "birth_date"),
                ((death, d_early, d_late), "death_date"),
            ):
                if text:
                    kind = PERSON_DATE_CLAIMS[name_of_field]
                    life.own.append(
                        Dated("person", pid, name_of_field, name, text, early, late, kind)
                    )
        self._add_events(lives)
        self._add_photos(lives)
        return lives

    def _add_events(self, lives: dict[int, Life]) -> None:
        query = (
            PersonEvent.select(
                PersonEvent.id,
                PersonEvent.person,
                Event.id,
                Event.title,
                Event.event_type,
                Event.date,
                Event.date_earliest,
                Event.date_latest,
            )
            .join(Event)
            .where(Event.date.is_null(False))
        )
        for link, pid, eid, title, kind, date, early, late in self._limit(
            query, PersonEvent.person
        ).tuples():
            if pid in lives:
                lives[pid].events.append(
                    Dated(
                        "event",
                        eid,
                        "date",
                        title,
                        date,
                        early,
                        late,
                        normal_type(kind),
                        ("person_event", link),
                    )
                )

    def _add_photos(self, lives: dict[int, Life]) -> None:
        dated = {
            pid for pid, life in lives.items() if life.claims_of("birth") or life.claims_of("death")
        }
        if not dated:
            return
        query = (
            PhotoPerson.select(
                PhotoPerson.id,
                PhotoPerson.person,
                PhotoPerson.role,
                Photograph.id,
                Photograph.accession_number,
                Photograph.date,
                Photograph.date_earliest,
                Photograph.date_latest,
            )
            .join(Photograph)
            .where(Photograph.date.is_null(False))
        )
        for link, pid, role, photo_id, accession, date, early, late in self._limit(
            query, PhotoPerson.person
        ).tuples():
            if pid in dated:
                photo = Dated(
                    "photo",
                    photo_id,
                    "date",
                    accession,
                    date,
                    early,
                    late,
                    "photograph",
                    ("photo_person", link),
                )
                lives[pid].photos.append((photo, normal_type(role)))
