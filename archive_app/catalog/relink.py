"""Relink missing files: find photographs whose files have moved by their content.

A folder of photographs moved to another disk leaves every record pointing at nothing. `relink`
walks a folder once, keeps only the files whose size matches a missing photograph's (a cheap
first filter), hashes those in parallel, each once, and points every photograph whose SHA-256
matches exactly one file at that file, all in one transaction. A photograph whose content is
found in several files is reported as ambiguous and left alone; one not found stays missing.
"""

from __future__ import annotations

import os
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from archive_app.catalog import changes
from archive_app.catalog.checks.hashing import Progress, hash_files
from archive_app.catalog.errors import CatalogError
from archive_app.catalog.importing.placement import resolve, saved_archive_root, stored_path
from archive_app.catalog.models import Photograph


class RelinkError(CatalogError):
    """The folder cannot be searched; the message says why."""


@dataclass
class Missing:
    photo_id: int
    accession: str
    file_path: str
    sha256: str | None
    size: int | None
    version: int


@dataclass
class RelinkReport:
    relinked: list[tuple[Missing, str]] = field(default_factory=list)
    ambiguous: list[tuple[Missing, list[str]]] = field(default_factory=list)
    still_missing: list[Missing] = field(default_factory=list)
    files_seen: int = 0
    files_hashed: int = 0

    def as_dict(self) -> dict:
        def one(m: Missing) -> dict:
            return {"id": m.photo_id, "accession_number": m.accession, "file_path": m.file_path}

        return {
            "relinked": [{**one(m), "new_path": new} for m, new in self.relinked],
            "ambiguous": [{**one(m), "candidates": found} for m, found in self.ambiguous],
            "still_missing": [one(m) for m in self.still_missing],
            "files_seen": self.files_seen,
            "files_hashed": self.files_hashed,
        }


def missing_photographs(root: Path | None = None) -> list[Missing]:
    root = root or saved_archive_root()
    query = Photograph.select(
        Photograph.id,
        Photograph.accession_number,
        Photograph.file_path,
        Photograph.sha256,
        Photograph.file_size,
        Photograph.version,
    ).where(Photograph.file_path.is_null(False))
    return [Missing(*row) for row in query.tuples() if not resolve(row[2], root).is_file()]


def _files_by_size(folder: Path) -> dict[int, list[Path]]:
    found: dict[int, list[Path]] = defaultdict(list)
    for directory, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(directory, name)
            try:
                if path.is_file():
                    found[path.stat().st_size].append(path)
            except OSError:
                continue
    return found


def find_moved(
    folder: Path,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> tuple[RelinkReport, list[tuple[Missing, Path]]]:
    """What relinking would do, without writing: (the report, the moves to make)."""
    if not folder.is_dir():
        raise RelinkError(f"{str(folder)!r} is not a folder")
    report = RelinkReport()
    missing = missing_photographs()
    if not missing:
        return report, []
    by_size = _files_by_size(folder)
    report.files_seen = sum(len(paths) for paths in by_size.values())
    wanted = {m.sha256 for m in missing if m.sha256}
    any_size = any(m.size is None for m in missing if m.sha256)
    sizes = {m.size for m in missing if m.sha256 and m.size is not None}
    candidates = [p for size, paths in by_size.items() if any_size or size in sizes for p in paths]
    report.files_hashed = len(candidates)
    by_hash: dict[str, list[Path]] = defaultdict(list)
    for index, digest in hash_files(candidates, progress, cancel):
        if isinstance(digest, str) and digest in wanted:
            by_hash[digest].append(candidates[index])
    moves: list[tuple[Missing, Path]] = []
    for photo in missing:
        found = sorted(by_hash.get(photo.sha256 or "", []))
        if len(found) == 1:
            moves.append((photo, found[0]))
        elif found:
            report.ambiguous.append((photo, [str(p) for p in found]))
        else:
            report.still_missing.append(photo)
    return report, moves


def relink(
    folder: Path,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> RelinkReport:
    """Find missing files in `folder` by content and point their records at them, in one change
    (one journal entry; a photograph edited meanwhile is left as it is, reported still missing)."""
    report, moves = find_moved(folder, progress, cancel)
    if not moves:
        return report
    root = saved_archive_root()
    with changes.joined("Relink missing files") as ch:
        current = dict(
            Photograph.select(Photograph.id, Photograph.version)
            .where(Photograph.id.in_([photo.photo_id for photo, _ in moves]))
            .tuples()
        )
        for photo, path in moves:
            if current.get(photo.photo_id) != photo.version:
                report.still_missing.append(photo)  # edited or deleted meanwhile: left alone
                continue
            new = stored_path(str(path), root)
            ch.update(Photograph, [photo.photo_id], {"file_path": new})
            report.relinked.append((photo, new))
    return report
