"""Reviews of findings: an archivist's note that a finding was looked at and why it stands.

A reviewed finding stays quiet while the records and citations under it are as they were when
it was reviewed (its fingerprint); when one of them changes, it returns, with the old note."""

from __future__ import annotations

from archive_app.catalog import changes
from archive_app.catalog.checks.finding import Finding
from archive_app.catalog.errors import InvalidField
from archive_app.catalog.models import FindingReview, utc_now


def reviewer() -> str:
    """Who reviews: the Preferences name, else $ARCHIVE_APP_USER, else the account's name."""
    return changes.current_user()


def reviews() -> dict[str, FindingReview]:
    return {review.key: review for review in FindingReview.select()}


def review_finding(key: str, fingerprint: str, note: str) -> FindingReview:
    """Mark the finding `key`, as it is now (`fingerprint`), reviewed with `note`, in one change
    that the journal keeps in the history of every record the finding is about; a second review
    of the same finding replaces the first."""
    note = " ".join(note.split()) if note else ""
    if not note:
        raise InvalidField("note", "say why the finding stands (the note cannot be blank)")
    values = {"fingerprint": fingerprint, "note": note, "who": reviewer(), "at": utc_now()}
    with changes.joined(f"Review finding {key}") as ch:
        existing = FindingReview.get_or_none(FindingReview.key == key)
        if existing is None:
            return ch.insert(FindingReview, key=key, **values)
        ch.update(FindingReview, [existing.id], values)
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
