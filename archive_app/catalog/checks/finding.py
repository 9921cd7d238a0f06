"""A finding and the evidence on each side of it.

A finding names a rule, a severity, one line for the archivist, the records it is about and, for
findings about the evidence, each side of the contradiction: the claim, its date as given, and
the citations behind it (filled in by `evidence.attach`). Its `key` is stable across runs (the
rule and the records), so a review can be kept against it.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import Any

#: severities, the most serious first
SEVERITIES = ("error", "warning", "info")


@dataclass
class Dated:
    """One dated claim: a record's date field, as given, with its day bounds."""

    record_type: str
    record_id: int
    field: str
    label: str
    date: str | None
    earliest: str | None
    latest: str | None
    kind: str = ""  # the event type, or the fact a person's date field gives (birth, death)
    via: tuple[str, int] | None = None  # the link that ties it to the person (person_event ...)

    def ends_before(self, other: Dated) -> bool:
        """True when this claim certainly ends before the other one starts."""
        return bool(self.latest and other.earliest and self.latest < other.earliest)

    def disjoint(self, other: Dated) -> bool:
        return self.ends_before(other) or other.ends_before(self)


@dataclass
class Side:
    """One side of a finding: the claim and the citations that support it."""

    claim: str
    record: dict[str, Any]
    field: str | None = None
    date: str | None = None
    earliest: str | None = None
    latest: str | None = None
    via: dict[str, Any] | None = None
    citations: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    @classmethod
    def of(cls, claim: str, dated: Dated) -> Side:
        return cls(
            claim=claim,
            record=ref(dated.record_type, dated.record_id),
            field=dated.field,
            date=dated.date,
            earliest=dated.earliest,
            latest=dated.latest,
            via=ref(*dated.via) if dated.via else None,
        )


@dataclass
class Finding:
    check: str  # the rule: order-of-life, after-death, fixity ...
    severity: str  # error (the catalogue or a file is damaged), warning (the evidence), info
    message: str
    records: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    sides: list[Side] = dataclasses.field(default_factory=list)
    key: str = ""
    fingerprint: str = ""
    review: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if not self.key:
            self.key = finding_key(self.check, self.records, self.message)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "check": self.check,
            "severity": self.severity,
            "message": self.message,
            "records": self.records,
            "sides": [vars(side) for side in self.sides],
            "review": self.review,
        }


def ref(record_type: str, record_id: int) -> dict[str, Any]:
    return {"type": record_type, "id": record_id}


def finding_key(rule: str, records: list[dict[str, Any]], message: str = "") -> str:
    """`order-of-life:event-15,event-16,person-1`: the rule and its records, in a fixed order
    (a finding about no record, such as the database's own, is told apart by its message)."""
    names = sorted({f"{r['type']}-{r['id']}" for r in records})
    if names:
        return f"{rule}:{','.join(names)}"
    return f"{rule}:{hashlib.sha1(message.encode('utf-8')).hexdigest()[:10]}"
