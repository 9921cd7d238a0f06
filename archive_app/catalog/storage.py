"""Where a catalogue keeps files that are not in the database: managed copies of images, the demo's
stand-in image and (with the import issue) the thumbnail cache.

For a SQLite catalogue `archive/catalog.db` that is the folder `archive/catalog-files/`, so that
the catalogue and its files move together; for a server catalogue it is the user's data folder.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path

from archive_app.catalog.database import Catalog


def files_dir(catalog: Catalog) -> Path:
    if catalog.path is not None:
        return catalog.path.resolve().parent / f"{catalog.path.stem}-files"
    return user_data_path("archive_app", appauthor=False) / "files"
