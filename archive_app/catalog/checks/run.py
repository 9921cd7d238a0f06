"""Running the checks: the database, the files, then the rules of the evidence; each finding
gets the citations on each side, its fingerprint and its review, if any."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from archive_app.catalog.checks.evidence import attach
from archive_app.catalog.checks.facts import Facts
from archive_app.catalog.checks.files import check_files
from archive_app.catalog.checks.finding import SEVERITIES, Finding
from archive_app.catalog.checks.hashing import Progress
from archive_app.catalog.checks.integrity import check_integrity
from archive_app.catalog.checks.reviews import apply_reviews, is_quiet
from archive_app.catalog.checks.rules import FILE_CHECKS, RULES, Rule, selected

_ORDER = {name: n for n, name in enumerate([*FILE_CHECKS, *(rule.name for rule in RULES)])}


def _sort_key(finding: Finding) -> tuple[int, int, str]:
    return SEVERITIES.index(finding.severity), _ORDER.get(finding.check, 99), finding.key


def judge(rules: Iterable[Rule], people: Iterable[int] | None = None) -> list[Finding]:
    """The findings of the rules of the evidence; with `people`, only the rules that read lives,
    for those people alone (to re-judge what a change touched)."""
    facts = Facts(people)
    found: list[Finding] = []
    for rule in rules:
        if people is None or rule.per_person:
            found.extend(rule.find(facts))
    return found


def finish(findings: list[Finding], include_reviewed: bool = False) -> list[Finding]:
    """Attach evidence and reviews, sort, and leave out the quiet ones unless asked."""
    attach(findings)
    apply_reviews(findings)
    findings.sort(key=_sort_key)
    return [f for f in findings if include_reviewed or not is_quiet(f)]


def run_checks(
    fixity: bool = False,
    root: Path | None = None,
    rules: Iterable[str] | None = None,
    include_reviewed: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    workers: int | None = None,
) -> list[Finding]:
    """Every check; fixity re-reads every file (in parallel) and can take a while."""
    found = list(check_integrity())
    found.extend(check_files(fixity, root, progress, cancel, workers))
    found.extend(judge(selected(rules)))
    return finish(found, include_reviewed)


def summary(findings: list[Finding]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.check] = counts.get(finding.check, 0) + 1
    return counts


#: above this many records touched (a batch edit of a whole series), re-judging every life is
#: as quick as finding the lives touched, and stays within SQLite's limit of query parameters
RECHECK_LIMIT = 5000


def _people_touched(touched: dict[str, set[int]], previous: list[Finding]) -> set[int]:
    """The people whose lives a change may have altered: those changed, those linked to a
    changed event, photograph, link or citation, and those of earlier findings about them."""
    from archive_app.catalog.models import Citation, PersonEvent, PhotoPerson

    people = set(touched.get("person", ()))
    events, photos = set(touched.get("event", ())), set(touched.get("photo", ()))
    links = {"person_event": set(touched.get("person_event", ())),
             "photo_person": set(touched.get("photo_person", ()))}  # fmt: skip
    citations = sorted(touched.get("citation", ()))
    for row in Citation.select().where(Citation.id.in_(citations)):
        target, target_id = row.target()
        {"person": people, "event": events, "photo": photos}.get(
            target, links.get(target, set())
        ).add(target_id)
    for model, column, ids in (
        (PersonEvent, PersonEvent.event, events),
        (PhotoPerson, PhotoPerson.photo, photos),
        (PersonEvent, PersonEvent.id, links["person_event"]),
        (PhotoPerson, PhotoPerson.id, links["photo_person"]),
    ):
        if ids:
            query = model.select(model.person).where(column.in_(sorted(ids))).tuples()
            people.update(person for (person,) in query)
    keys = {(t, i) for t, ids in touched.items() for i in ids}
    for finding in previous:
        refs = {(r["type"], r["id"]) for r in finding.records}
        refs |= {(s.record["type"], s.record["id"]) for s in finding.sides}
        refs |= {(s.via["type"], s.via["id"]) for s in finding.sides if s.via}
        if refs & keys:
            people.update(i for t, i in refs if t == "person")
    return people


def recheck(
    previous: list[Finding], touched: dict[str, set[int]], rules: Iterable[str] | None = None
) -> list[Finding]:
    """The findings after a change that touched `touched` (record type -> ids), re-judging only
    the lives it touched; the file checks' findings are kept as they were. A type given with no
    ids (a change not told in detail) re-judges every life."""
    chosen = selected(rules)
    large = sum(len(ids) for ids in touched.values()) > RECHECK_LIMIT
    if large or any(not ids for ids in touched.values()):
        kept = [f for f in previous if f.check in FILE_CHECKS]
        return finish(kept + judge(chosen))
    people = _people_touched(touched, previous)
    if len(people) > RECHECK_LIMIT:
        return finish([f for f in previous if f.check in FILE_CHECKS] + judge(chosen))
    per_person = {rule.name for rule in chosen if rule.per_person}

    def still_true(finding: Finding) -> bool:
        if finding.check in FILE_CHECKS:
            return True
        if finding.check not in per_person:
            return False
        return not any(r["type"] == "person" and r["id"] in people for r in finding.records)

    kept = [f for f in previous if still_true(f)]
    new = judge([r for r in chosen if r.per_person], people) if people else []
    new += judge([r for r in chosen if not r.per_person])
    return finish(kept + new)
