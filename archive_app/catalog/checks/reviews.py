"""Reviews of findings: an archivist's note that a finding was looked at and why it stands.

A reviewed finding stays quiet while the records and citations under it are as they were when
it was reviewed (its fingerprint); when one of them changes, it returns, with the old note."""

from __future__ import annotations

import getpass
import os

from archive_app.catalog.checks.finding import Finding
from archive_app.catalog.errors import InvalidField
from archive_app.catalog.models import FindingReview, catalog_db, utc_now


def reviewer() -> str:
    """Who reviews: $ARCHIVE_APP_USER, else the account's name."""
    try:
        return os.environ.get("ARCHIVE_APP_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def reviews() -> dict[str, FindingReview]:
    return {review.key: review for review in FindingReview.select()}


def review_finding(key: str, fingerprint: str, note: str) -> FindingReview:
    """Mark the finding `key`, as it is now (`fingerprint`), reviewed with `note`; a second
    review of the same finding replaces the first."""
    note = " ".join(note.split()) if note else ""
    if not note:
        raise InvalidField("note", "say why the finding stands (the note cannot be blank)")
    with catalog_db.atomic():
        values = {"fingerprint": fingerprint, "note": note, "who": reviewer(), "at": utc_now()}
        existing = FindingReview.get_or_none(FindingReview.key == key)
        if existing is None:
            return FindingReview.create(key=key, **values)
        FindingReview.update(version=FindingReview.version + 1, modified=utc_now(), **values).where(
            FindingReview.id == existing.id
        ).execute()
    return FindingReview.get_by_id(existing.id)


def apply_reviews(findings: list[Finding]) -> None:
    """Tell each finding its review, if any: `current` False when something under it changed
    since (then the finding is back)."""
    known = reviews()
    for finding in findings:
        review = known.get(finding.key)
        if review is not None:
            finding.review = {
                "note": review.note,
                "who": review.who,
                "at": review.at,
                "current": review.fingerprint == finding.fingerprint,
            }


def is_quiet(finding: Finding) -> bool:
    return bool(finding.review and finding.review["current"])
