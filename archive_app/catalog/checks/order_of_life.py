"""Rule: the events of one person out of the order of a life (birth < … < trial < sentence <
execution ≤ death < burial), judged pair by pair on their bounds: flagged only when the one that
must come later certainly ends before the other begins."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from archive_app.catalog.checks.facts import Facts, Life
from archive_app.catalog.checks.finding import Dated, Finding, Side, ref
from archive_app.catalog.checks.vocabulary import EVENT_TYPES, event_type


def _rank(claim: Dated) -> int | None:
    kind = event_type(claim.kind) or EVENT_TYPES.get(claim.kind)
    return kind.rank if kind else None


def _describe(claim: Dated) -> str:
    if claim.record_type == "person":
        return f"the {claim.kind} date {claim.date}"
    return f"the {claim.kind} “{claim.label}” ({claim.date})"


def _ranked(life: Life) -> list[tuple[int, Dated]]:
    ranked = []
    for claim in [*life.own, *life.events]:
        rank = _rank(claim)
        if rank is not None and (claim.earliest or claim.latest):
            ranked.append((rank, claim))
    return ranked


def _out_of_order(life: Life) -> Iterator[Finding]:
    for (rank_a, a), (rank_b, b) in combinations(_ranked(life), 2):
        if rank_a == rank_b:
            continue  # one fact's claims (an execution, a death): the claims rule judges them
        first, later = (a, b) if rank_a < rank_b else (b, a)
        if not later.ends_before(first):
            continue
        records = [ref("person", life.person_id)]
        for claim in (first, later):
            if claim.record_type != "person":
                records.append(ref(claim.record_type, claim.record_id))
        yield Finding(
            "order-of-life",
            "warning",
            f"{life.name}: {_describe(later)} is dated before {_describe(first)}, which must "
            f"come first",
            records,
            [
                Side.of(f"{life.name}: {_describe(first)}", first),
                Side.of(f"{life.name}: {_describe(later)}", later),
            ],
        )


def order_of_life(facts: Facts) -> Iterator[Finding]:
    for life in facts.lives.values():
        yield from _out_of_order(life)
