"""The evidence behind findings: each side's citations (source, locator, confidence, what the
source says) and a fingerprint of the versions of every record and citation under a finding, so
that a reviewed finding returns when any of them changes. Read in a few queries for all findings."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from archive_app.catalog.checks.finding import Finding
from archive_app.catalog.models import CITABLE, RECORD_TYPES, BaseModel, Citation, Source

_BATCH = 900
Key = tuple[str, int]


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), _BATCH):
        yield ordered[start : start + _BATCH]


def _model(record_type: str) -> type[BaseModel] | None:
    return RECORD_TYPES.get(record_type) or CITABLE.get(record_type)


def _refs(finding: Finding) -> set[Key]:
    keys = {(r["type"], r["id"]) for r in finding.records}
    for side in finding.sides:
        keys.add((side.record["type"], side.record["id"]))
        if side.via:
            keys.add((side.via["type"], side.via["id"]))
    return keys


def citation_dict(citation_id: int, *row: Any) -> dict[str, Any]:
    source_id, title, label, locator, confidence, text, version = row
    return {
        "id": citation_id,
        "source": title,
        "source_id": source_id,
        "locator_label": label,
        "locator": locator,
        "confidence": confidence,
        "text": text,
        "version": version,
    }


def citations_of(keys: set[Key]) -> dict[Key, list[dict[str, Any]]]:
    """The citations on each record or link, with their sources' titles."""
    found: dict[Key, list[dict[str, Any]]] = defaultdict(list)
    by_type: dict[str, list[int]] = defaultdict(list)
    for record_type, record_id in keys:
        if record_type in CITABLE:
            by_type[record_type].append(record_id)
    for record_type, ids in by_type.items():
        column = getattr(Citation, f"{record_type}_id")
        for chunk in _chunks(ids):
            query = (
                Citation.select(
                    column,
                    Citation.id,
                    Source.id,
                    Source.title,
                    Citation.locator_label,
                    Citation.locator,
                    Citation.confidence,
                    Citation.text,
                    Citation.version,
                )
                .join(Source)
                .where(column.in_(chunk))
                .order_by(Citation.id)
                .tuples()
            )
            for target_id, *row in query:
                found[(record_type, target_id)].append(citation_dict(*row))
    return found


def versions_of(keys: set[Key]) -> dict[Key, int]:
    found: dict[Key, int] = {}
    by_type: dict[str, list[int]] = defaultdict(list)
    for record_type, record_id in keys:
        by_type[record_type].append(record_id)
    for record_type, ids in by_type.items():
        model = _model(record_type)
        if model is None:
            continue
        for chunk in _chunks(ids):
            for record_id, version in (
                model.select(model.id, model.version).where(model.id.in_(chunk)).tuples()
            ):
                found[(record_type, record_id)] = version
    return found


def fingerprint(
    keys: set[Key], versions: dict[Key, int], citations: dict[Key, list[dict[str, Any]]]
) -> str:
    parts = []
    for key in sorted(keys):
        parts.append(f"{key[0]}-{key[1]}@{versions.get(key, 0)}")
        parts += [f"citation-{c['id']}@{c['version']}" for c in citations.get(key, [])]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def attach(findings: list[Finding]) -> None:
    """Fill in each side's citations and each finding's fingerprint."""
    per_finding = [_refs(finding) for finding in findings]
    every = set().union(*per_finding) if per_finding else set()
    citations = citations_of(every)
    versions = versions_of(every)
    for finding, keys in zip(findings, per_finding, strict=True):
        for side in finding.sides:
            side.citations = list(citations.get((side.record["type"], side.record["id"]), []))
            if side.via:
                side.citations += citations.get((side.via["type"], side.via["id"]), [])
        finding.fingerprint = fingerprint(keys, versions, citations)
