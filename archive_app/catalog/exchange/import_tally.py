"""What an import from another program made and matched, by record type, as its report counts it
(GEDCOM and Tropy alike)."""

from __future__ import annotations


class ImportTally:
    """Mixed into an import's report dataclass, which holds `created` and `matched`."""

    created: dict[str, list[int]]
    matched: dict[str, list[int]]

    def add(self, outcome: str, record_type: str, record_id: int) -> None:
        if outcome != "created" and record_id in self.created.get(record_type, []):
            return  # made by this import and met again: not a match with the catalogue
        bucket = self.created if outcome == "created" else self.matched
        ids = bucket.setdefault(record_type, [])
        if record_id not in ids:
            ids.append(record_id)

    def counted(self, outcome: str) -> str:
        """What was "created" or "matched", counted by record type: "2 person, 1 photo"."""
        bucket = self.created if outcome == "created" else self.matched
        return ", ".join(f"{len(ids)} {kind}" for kind, ids in bucket.items())
