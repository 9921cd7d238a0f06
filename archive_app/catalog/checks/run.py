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
