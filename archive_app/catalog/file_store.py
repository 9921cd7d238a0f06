"""The boundary of the files a catalogue may name: its own file store (`<catalogue>-files/`), its
archive root, its declared storage locations (`@NAME/path`, locations.py), and folders declared
when a catalogue export is loaded.

A loaded catalogue export is outside input: a photograph's `file_path` in it could name any file
on the machine (`/home/…/secret.txt`, `../../../../etc/hostname`), which a bag or a finding aid
would then copy out. So `load` refuses a path that does not lie inside the boundary (symbolic
links followed), and the bag copies a file only when its content matches the record's SHA-256.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from peewee import SqliteDatabase
from platformdirs import user_data_path

from archive_app.catalog import locations
from archive_app.catalog.importing.placement import saved_archive_root
from archive_app.catalog.models import catalog_db


def store_folder() -> Path:
    """The open catalogue's file store: `archive/catalog-files/` beside `archive/catalog.db`."""
    database = catalog_db.obj
    if isinstance(database, SqliteDatabase):
        path = Path(database.database).resolve()
        return path.parent / f"{path.stem}-files"
    return user_data_path("archive_app", appauthor=False) / "files"


class FileBoundary:
    """The folders inside which a loaded photograph's file may lie."""

    def __init__(self, declared: Iterable[Path] = ()) -> None:
        self.archive_root = saved_archive_root()
        self.locations = set(locations.declared_names())
        mapped = (locations.folder_of(name) for name in sorted(self.locations))
        roots = [store_folder(), *declared, *(folder for folder in mapped if folder is not None)]
        if self.archive_root is not None:
            roots.append(self.archive_root)
        self.roots = [Path(os.path.realpath(root)) for root in roots]

    def refusal(self, file_path: str) -> str | None:
        """Why `file_path` may not be named by this catalogue, or None when it may."""
        path = Path(file_path)
        if "\0" in file_path:
            return "holds a NUL character"
        if locations.split(file_path) is not None:
            return self._location_refusal(file_path)
        if not path.is_absolute():
            if self.archive_root is None:
                return "is relative, and this catalogue has no archive root to read it from"
            path = self.archive_root / path
        real = Path(os.path.realpath(path))
        if any(real.is_relative_to(root) for root in self.roots):
            return None
        places = ", ".join(str(root) for root in self.roots)
        return (
            f"lies outside this catalogue's file store, archive root and storage locations "
            f"({places}); name the folder it is in with --files-in to load it"
        )

    def _location_refusal(self, file_path: str) -> str | None:
        """A `@NAME/path` must name a declared location and stay inside it (links followed
        where the location is mapped here; elsewhere its file is only missing)."""
        name, inside = locations.split(file_path) or ("", "")
        if name not in self.locations:
            return f"names storage location {name!r}, which this catalogue does not declare"
        parts = inside.split("/")
        if not inside or inside.startswith("/") or ".." in parts or "\\" in inside:
            return f"leaves its storage location {name!r}"
        folder = locations.folder_of(name)
        if folder is None:
            return None
        real_folder = Path(os.path.realpath(folder))
        if Path(os.path.realpath(folder / inside)).is_relative_to(real_folder):
            return None
        return f"leaves its storage location {name!r} (a link to a file outside it)"
