"""Checks of a catalogue: the database, the image files, and the evidence.

An archive records what each source says, so contradictions are kept, not corrected; the rules
here find them so an archivist can look, with the citations on both sides. Each rule is a small
function over the dated facts of the catalogue (`rules.RULES`), reasoning from the declared event
types (`vocabulary`) and flagging only what the dates' bounds prove impossible.
"""

from archive_app.catalog.checks.finding import Finding, Side
from archive_app.catalog.checks.hashing import Cancelled, sha256_of
from archive_app.catalog.checks.reviews import review_finding
from archive_app.catalog.checks.rules import RULES
from archive_app.catalog.checks.run import run_checks, summary

__all__ = [
    "RULES",
    "Cancelled",
    "Finding",
    "Side",
    "review_finding",
    "run_checks",
    "sha256_of",
    "summary",
]
