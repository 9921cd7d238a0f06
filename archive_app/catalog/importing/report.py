"""What became of each file of an import: imported, a duplicate of a record, or refused.

The same report feeds the command line's text and JSON output and the GUI's summary, so the two
faces can never disagree about what happened. Paths are stored as display text (see
`scan.display_path`): JSON can carry them, and the text output prints them with repr() so a
newline in a file name cannot forge a second line of the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Outcome = Literal["imported", "duplicate", "refused"]


@dataclass
class FileOutcome:
    path: str
    outcome: Outcome
    id: int | None = None
    accession_number: str | None = None
    duplicate_of: str | None = None
    reason: str | None = None
    #: the decoder's own words behind a refusal (for --json; the reason says it plainly)
    detail: str | None = None
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "path": self.path,
            "outcome": self.outcome,
            "id": self.id,
            "accession_number": self.accession_number,
            "duplicate_of": self.duplicate_of,
            "reason": self.reason,
        }
        if self.detail:
            document["detail"] = self.detail
        if self.warnings:
            document["warnings"] = self.warnings
        return document

    def line(self) -> str:
        """One line for a person: the outcome, the file (repr-escaped) and what it became."""
        name = repr(self.path)
        if self.outcome == "imported":
            extra = f" ({'; '.join(self.warnings)})" if self.warnings else ""
            return f"imported  {name} as {self.accession_number} (id {self.id}){extra}"
        if self.outcome == "duplicate":
            return f"duplicate {name} of {self.duplicate_of}"
        return f"refused   {name}: {self.reason}"


@dataclass
class ImportReport:
    files: list[FileOutcome] = field(default_factory=list)
    cancelled: bool = False
    #: remarks on the import as a whole (sheet rows that matched no file).
    notes: list[str] = field(default_factory=list)

    def add(self, outcome: FileOutcome) -> None:
        self.files.append(outcome)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for item in self.files if item.outcome == outcome)

    @property
    def imported_ids(self) -> list[int]:
        return [item.id for item in self.files if item.outcome == "imported" and item.id]

    def as_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "imported": self.count("imported"),
            "duplicates": self.count("duplicate"),
            "refused": self.count("refused"),
            "files": [item.as_json() for item in self.files],
        }
        if self.cancelled:
            document["cancelled"] = True
        if self.warned:
            document["with_warnings"] = len(self.warned)
        if self.notes:
            document["notes"] = self.notes
        return document

    @property
    def warned(self) -> list[FileOutcome]:
        """Files imported with warnings (metadata skipped, a damaged later page)."""
        return [item for item in self.files if item.outcome == "imported" and item.warnings]

    def summary(self) -> str:
        text = (
            f"{self.count('imported')} imported, {self.count('duplicate')} duplicate(s), "
            f"{self.count('refused')} refused"
        )
        if self.warned:
            text += f" ({len(self.warned)} imported with warnings)"
        return f"{text} (cancelled)" if self.cancelled else text
