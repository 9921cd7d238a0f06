"""Rules: a person in an event or a photograph dated wholly after their death or before their
birth. Only what every claim of the birth or death rules out is flagged; the events that have a
place in the order of a life (trial, execution, burial …) are the order rule's to judge."""

from __future__ import annotations

from collections.abc import Iterator

from archive_app.catalog.checks.facts import Facts, Life
from archive_app.catalog.checks.finding import Dated, Finding, Side, ref
from archive_app.catalog.checks.vocabulary import ROLES_AFTER_DEATH, event_type


def _judged_here(event: Dated) -> bool:
    kind = event_type(event.kind)
    return kind is None or (kind.rank is None and kind.claim_of is None)


def _dead_may_attend(event: Dated) -> bool:
    kind = event_type(event.kind)
    return bool(kind and kind.after_death)


def _what(item: Dated) -> str:
    if item.record_type == "photo":
        return f"is shown in {item.label} dated {item.date}"
    return f"takes part in “{item.label}” dated {item.date}"


def _finding(rule: str, life: Life, fact: str, item: Dated) -> Finding:
    claims = life.claims_of(fact)
    verb = "died" if fact == "death" else "born"
    given = ", ".join(c.date or "" for c in claims)
    sides = [Side.of(f"{life.name}: {c.kind} {c.date}", c) for c in claims]
    sides.append(Side.of(f"{life.name} {_what(item)}", item))
    records = [ref("person", life.person_id), ref(item.record_type, item.record_id)]
    return Finding(rule, "warning", f"{life.name} ({verb} {given}) {_what(item)}", records, sides)


def _items(life: Life, after_death: bool) -> Iterator[Dated]:
    for event in life.events:
        if _judged_here(event) and not (after_death and _dead_may_attend(event)):
            yield event
    for photo, role in life.photos:
        if not (after_death and role in ROLES_AFTER_DEATH):
            yield photo


def after_death(facts: Facts) -> Iterator[Finding]:
    for life in facts.lives.values():
        _, died_by = life.bounds("death")
        if died_by is None:
            continue
        for item in _items(life, after_death=True):
            if item.earliest and item.earliest > died_by:
                yield _finding("after-death", life, "death", item)


def before_birth(facts: Facts) -> Iterator[Finding]:
    for life in facts.lives.values():
        born_from, _ = life.bounds("birth")
        if born_from is None:
            continue
        for item in _items(life, after_death=False):
            if item.latest and item.latest < born_from:
                yield _finding("before-birth", life, "birth", item)
