"""Checks of the image files: missing files always; with fixity, every file hashed again (in
parallel, each read once) and compared with the SHA-256 taken when it came in."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

from archive_app.catalog import locations
from archive_app.catalog.checks.finding import Finding, ref
from archive_app.catalog.checks.hashing import Progress, hash_files
from archive_app.catalog.importing.placement import resolve, saved_archive_root
from archive_app.catalog.models import Photograph


def _catalogued() -> list[tuple[int, str, str, str | None]]:
    return list(
        Photograph.select(
            Photograph.id, Photograph.accession_number, Photograph.file_path, Photograph.sha256
        )
        .where(Photograph.file_path.is_null(False))
        .order_by(Photograph.id)
        .tuples()
    )


def _missing(photo_id: int, accession: str, file_path: str) -> Finding:
    return Finding(
        "missing-file",
        "error",
        f"{accession}: file {file_path} is missing",
        [ref("photo", photo_id)],
    )


def check_files(
    fixity: bool,
    root: Path | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    workers: int | None = None,
) -> Iterator[Finding]:
    """Missing files; with `fixity`, files whose content changed since import (Cancelled is
    raised when `cancel` is set)."""
    root = root or saved_archive_root()
    rows = _catalogued()
    used = {parts[0] for _, _, file_path, _ in rows if (parts := locations.split(file_path))}
    for line in locations.unavailable(used):  # one finding for a share not mounted here
        yield Finding("storage-location", "error", line, [])
    away = {name for name in used if not locations.reachable(name)}
    if away:  # their files are not missing, only out of reach: said once above
        rows = [r for r in rows if (locations.split(r[2]) or ("",))[0] not in away]
    paths = [resolve(file_path, root) for _, _, file_path, _ in rows]
    if not fixity:
        for (photo_id, accession, file_path, _), path in zip(rows, paths, strict=True):
            if not path.is_file():
                yield _missing(photo_id, accession, file_path)
        return
    for index, result in hash_files(paths, progress, cancel, workers):
        photo_id, accession, file_path, expected = rows[index]
        if isinstance(result, FileNotFoundError | IsADirectoryError | NotADirectoryError):
            yield _missing(photo_id, accession, file_path)
        elif isinstance(result, OSError):
            yield Finding(
                "fixity",
                "error",
                f"{accession}: cannot read {file_path}: {result.strerror or result}",
                [ref("photo", photo_id)],
            )
        elif not expected:
            yield Finding(
                "fixity",
                "error",
                f"{accession}: {file_path} has no recorded SHA-256, so its fixity cannot be "
                "checked (import the file again to catalogue its hash)",
                [ref("photo", photo_id)],
            )
        elif result != expected:
            yield Finding(
                "fixity",
                "error",
                f"{accession}: {file_path} has changed since it was catalogued "
                f"(SHA-256 {result[:12]}…, expected {expected[:12]}…)",
                [ref("photo", photo_id)],
            )
