"""The event types the consistency rules know, and what each rule needs to know of them.

An archivist may type any event type; the rules only reason about the ones declared here
(matched without regard to case or surrounding spaces). The order of a life is
birth < … < trial < sentence < execution ≤ death < burial: a rank per type, where types of one
rank may fall on the same day. Some events happen once in a life, so two dated claims of one of
them are two claims of the same fact; a death and an execution are both claims of the death.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventType:
    """What the rules know about one event type."""

    name: str
    #: place in the order of a life (lower comes first); None: anywhere within the life
    rank: int | None = None
    #: the single fact this event is a claim of (`death` for an execution); None: not single
    claim_of: str | None = None
    #: the dead take part in it (a burial, a commemoration): no "after death" finding
    after_death: bool = False


EVENT_TYPES: dict[str, EventType] = {
    kind.name: kind
    for kind in (
        EventType("birth", rank=0, claim_of="birth"),
        EventType("trial", rank=10),
        EventType("sentence", rank=20),
        EventType("execution", rank=30, claim_of="death"),
        EventType("death", rank=30, claim_of="death"),
        EventType("burial", rank=40, claim_of="burial", after_death=True),
        EventType("funeral", after_death=True),
        EventType("cremation", after_death=True),
        EventType("exhumation", after_death=True),
        EventType("reburial", after_death=True),
        EventType("commemoration", after_death=True),
        EventType("memorial", after_death=True),
        EventType("rehabilitation", after_death=True),
        EventType("probate", after_death=True),
    )
}

#: roles in which a dead person may be shown in a photograph (post-mortem photography, a grave)
ROLES_AFTER_DEATH = frozenset({"post-mortem", "remains", "grave", "memorial", "portrait shown"})

#: a person's own date fields, as the claims they make
PERSON_DATE_CLAIMS = {"birth_date": "birth", "death_date": "death"}


def event_type(text: str | None) -> EventType | None:
    """The declared type of an event's type text, or None for a type the rules do not know."""
    if not text:
        return None
    return EVENT_TYPES.get(" ".join(text.lower().split()))


def normal_type(text: str | None) -> str:
    return " ".join((text or "").lower().split())
