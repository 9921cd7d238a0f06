"""Rules on the support of statements: a statement whose only citations have confidence 0
(`weak-support`, on by default), and a link with no citation at all (`uncited-link`, an
info-level finding that is off by default: most catalogues have many)."""

from __future__ import annotations

from collections.abc import Iterator

from peewee import fn

from archive_app.catalog.checks.facts import Facts
from archive_app.catalog.checks.finding import Finding, Side, ref
from archive_app.catalog.links import LINK_MODELS
from archive_app.catalog.models import (
    CITABLE,
    Citation,
    Event,
    Person,
    PersonEvent,
    PhotoEvent,
    Photograph,
    PhotoPerson,
)
from archive_app.catalog.serialize import label, model_for

LINKS = LINK_MODELS  # the three kinds of link a citation can support


def describe(record_type: str, record_id: int) -> str:
    """A record's or a link's name for a finding's line."""
    if record_type in LINKS:
        link = LINKS[record_type].get_or_none(LINKS[record_type].id == record_id)
        if link is None:
            return f"{record_type} {record_id}"
        if record_type == "photo_person":
            return f"{link.person.name} in {link.photo.accession_number}"
        if record_type == "photo_event":
            return f"{link.photo.accession_number} showing “{link.event.title}”"
        return f"{link.person.name} in “{link.event.title}”"
    record = model_for(record_type).get_or_none(id=record_id)
    return f"{record_type} “{label(record)}”" if record else f"{record_type} {record_id}"


def weak_support(_facts: Facts) -> Iterator[Finding]:
    for target in CITABLE:
        column = getattr(Citation, f"{target}_id")
        query = (
            Citation.select(column)
            .where(column.is_null(False))
            .group_by(column)
            .having(fn.MAX(Citation.confidence) == 0)
            .tuples()
        )
        for (target_id,) in query:
            what = describe(target, target_id)
            yield Finding(
                "weak-support",
                "warning",
                f"{what} is supported only by citations of confidence 0 (very low)",
                [ref(target, target_id)],
                [Side(what, ref(target, target_id))],
            )


def _uncited(target: str) -> list[tuple[int, str]]:
    """(link id, what it says) of every link of one kind that no citation supports, read in one
    query with the names of both ends."""
    model = LINKS[target]
    column = getattr(Citation, f"{target}_id")
    cited = Citation.select(column).where(column.is_null(False))
    if target == "photo_person":
        query = (
            PhotoPerson.select(PhotoPerson.id, Person.name, Photograph.accession_number)
            .join(Person).switch(PhotoPerson).join(Photograph)
        )  # fmt: skip
        shown = "{1} in {2}"
    elif target == "photo_event":
        query = (
            PhotoEvent.select(PhotoEvent.id, Photograph.accession_number, Event.title)
            .join(Photograph).switch(PhotoEvent).join(Event)
        )  # fmt: skip
        shown = "{1} showing “{2}”"
    else:
        query = (
            PersonEvent.select(PersonEvent.id, Person.name, Event.title)
            .join(Person).switch(PersonEvent).join(Event)
        )  # fmt: skip
        shown = "{1} in “{2}”"
    rows = query.where(model.id.not_in(cited)).order_by(model.id).tuples()
    return [(row[0], shown.format(*row)) for row in rows]


def uncited_link(_facts: Facts) -> Iterator[Finding]:
    for target in LINKS:
        for link_id, what in _uncited(target):
            yield Finding(
                "uncited-link",
                "info",
                f"{what}: no citation supports this link",
                [ref(target, link_id)],
                [Side(what, ref(target, link_id))],
            )
