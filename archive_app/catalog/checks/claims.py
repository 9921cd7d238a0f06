"""Rules: two claims of one fact that cannot both be true.

`conflicting-claims`: a fact that happens once in a life (a birth, a death, a burial) given
dates that cannot overlap: a death date of 1946 beside an execution on 1 August 1945.
`sources-disagree`: the same event (one type, one title, one person) given dates that cannot
overlap by different sources, as when two accounts of one battle are catalogued side by side.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import combinations

from archive_app.catalog.checks.facts import Facts, Life
from archive_app.catalog.checks.finding import Dated, Finding, Side, ref
from archive_app.catalog.checks.vocabulary import EVENT_TYPES, event_type
from archive_app.catalog.folding import fold
from archive_app.catalog.models import Citation, Source

SINGLE_FACTS = sorted({kind.claim_of for kind in EVENT_TYPES.values() if kind.claim_of})


def _describe(claim: Dated) -> str:
    if claim.record_type == "person":
        return f"the {claim.kind} date {claim.date} of the person's record"
    return f"the {claim.kind} “{claim.label}” dated {claim.date}"


def _records(life: Life, *claims: Dated) -> list[dict]:
    records = [ref("person", life.person_id)]
    records += [ref(c.record_type, c.record_id) for c in claims if c.record_type != "person"]
    return records


def conflicting_claims(facts: Facts) -> Iterator[Finding]:
    for life in facts.lives.values():
        for fact in SINGLE_FACTS:
            for a, b in combinations(life.claims_of(fact), 2):
                if a.disjoint(b):
                    yield Finding(
                        "conflicting-claims",
                        "warning",
                        f"{life.name} has one {fact}, but {_describe(a)} and {_describe(b)} "
                        f"cannot both be true",
                        _records(life, a, b),
                        [Side.of(f"{life.name}: {_describe(c)}", c) for c in (a, b)],
                    )


def _same_fact_pairs(life: Life) -> Iterator[tuple[Dated, Dated]]:
    groups: dict[tuple[str, str], list[Dated]] = defaultdict(list)
    for event in life.events:
        kind = event_type(event.kind)
        if event.kind and not (kind and kind.claim_of):
            groups[(event.kind, " ".join((fold(event.label) or "").split()))].append(event)
    for claims in groups.values():
        for a, b in combinations(claims, 2):
            if a.record_id != b.record_id and a.disjoint(b):
                yield a, b


def _sources_of(event_ids: set[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    query = (
        Citation.select(Citation.event, Source.title)
        .join(Source)
        .where(Citation.event.in_(sorted(event_ids)))
        .tuples()
    )
    for event_id, title in query:
        found[event_id].add(title)
    return found


def sources_disagree(facts: Facts) -> Iterator[Finding]:
    pairs = [(life, a, b) for life in facts.lives.values() for a, b in _same_fact_pairs(life)]
    if not pairs:
        return
    sources = _sources_of({c.record_id for _, a, b in pairs for c in (a, b)})
    for life, a, b in pairs:
        first, second = sources.get(a.record_id, set()), sources.get(b.record_id, set())
        if not first or not second or first == second:
            continue
        yield Finding(
            "sources-disagree",
            "warning",
            f"{life.name}: the sources disagree on “{a.label}”: {a.date} "
            f"({'; '.join(sorted(first))}) and {b.date} ({'; '.join(sorted(second))})",
            _records(life, a, b),
            [Side.of(f"{life.name}: {_describe(c)}", c) for c in (a, b)],
        )
