"""Where an imported file lives, and the path its record keeps.

By default a record refers to the file where it is (absolute path, or relative to an archive root
when one is given and the file lies inside it, so the whole archive can move to another disk or
machine). With `copy`, the file is copied into the catalogue's managed folder
(`<catalogue>-files/originals/`) under its SHA-256, and the copy is checked against the hash the
worker computed: a file that changed during the import is refused, not half-trusted.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from archive_app.catalog import locations
from archive_app.catalog.changes import joined, set_meta
from archive_app.catalog.errors import CatalogError
from archive_app.catalog.importing.probe import CHUNK
from archive_app.catalog.models import CatalogMeta
from archive_app.catalog.settings import ARCHIVE_ROOT_KEY

#: the catalogue remembers its archive root, so every later import and every reader of
#: `file_path` resolves relative paths against the same folder.


class PlacementError(CatalogError):
    """The file cannot be kept where the catalogue needs it; the message is the reason."""


def saved_archive_root() -> Path | None:
    """The archive root this catalogue's relative file paths start from, if one was set."""
    row = CatalogMeta.get_or_none(CatalogMeta.key == ARCHIVE_ROOT_KEY)
    return Path(row.value) if row and row.value else None


def save_archive_root(folder: Path) -> Path:
    """Make `folder` the catalogue's archive root (it must exist)."""
    if not folder.is_dir():
        raise PlacementError(f"archive root {str(folder)!r} is not a folder")
    resolved = folder.resolve()
    with joined("Set the archive root"):
        set_meta(ARCHIVE_ROOT_KEY, str(resolved))
    return resolved


def is_utf8_name(path: str) -> bool:
    """A path the catalogue can store as text and find again (no undecodable bytes)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def stored_path(path: str, archive_root: Path | None) -> str:
    """The path to keep in the record: `@NAME/…` inside a storage location mapped on this
    desktop (locations.py), else relative to the archive root when inside it."""
    absolute = Path(os.path.abspath(path))
    in_location = locations.stored_form(absolute)
    if in_location is not None:
        return in_location
    if archive_root is not None:
        try:
            return absolute.relative_to(archive_root.resolve()).as_posix()
        except ValueError:
            pass
    return str(absolute)


def resolve(stored: str, archive_root: Path | None = None) -> Path:
    """The file a record's `file_path` names (the inverse of `stored_path`); the catalogue's
    saved archive root is used when none is given."""
    in_location = locations.resolve(stored)
    if in_location is not None:
        return in_location
    path = Path(stored)
    if path.is_absolute():
        return path
    root = archive_root or saved_archive_root()
    return root / path if root is not None else path


def managed_copy(source: str, sha256: str, originals: Path) -> tuple[Path, bool]:
    """Copy a file into the managed folder under its hash; (copy, made by this call).

    The copy is written under a temporary name, verified against the hash, then renamed, so a
    crash never leaves a half-copied original under a real name.
    """
    suffix = Path(source).suffix.lower()
    target = originals / sha256[:2] / f"{sha256}{suffix}"
    if target.is_file():
        return target, False
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        digest = hashlib.sha256()
        with open(source, "rb") as src, os.fdopen(handle, "wb") as out:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != sha256:
            raise PlacementError("changed while it was being imported; import it again")
        shutil.copystat(source, temporary)
        os.replace(temporary, target)
    except OSError as exc:
        raise PlacementError(
            f"could not be copied into the managed folder ({exc.strerror or exc})"
        ) from None
    finally:
        Path(temporary).unlink(missing_ok=True)
    return target, True
