"""Named storage locations: where a team's photographs live, as each desktop reaches them.

A team keeps its files on a shared folder that every desktop mounts somewhere else
(`/mnt/archive`, `Z:\\`, `/Volumes/Archive`). The catalogue therefore stores a file inside a
storage location as `@NAME/path/inside` (`@scans/1942/PH-000042.tif`), and declares the names it
uses; each desktop maps each name to its own folder, in its own settings file (Preferences, or
`archive-app location NAME PATH`), or for one run with `--location NAME=PATH`. A location that
is not mapped or not mounted on this desktop is reported (the checks say so once, by name) and
its files are missing here, but nothing else stops working. Thumbnails stay in each desktop's
own cache (storage.py), never on the shared folder.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_path

from archive_app.catalog.errors import InvalidField
from archive_app.catalog.models import CatalogMeta

PREFIX = "@"
META_PREFIX = "storage_location:"
CONFIG_VARIABLE = "ARCHIVE_APP_LOCATIONS"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

#: NAME=PATH given for this run (`--location`), ahead of the desktop's settings file
_overrides: dict[str, Path] = {}


@dataclass(frozen=True)
class Location:
    name: str
    folder: Path | None  # where this desktop reaches it; None when not mapped here
    declared: bool  # the catalogue names it

    @property
    def available(self) -> bool:
        return self.folder is not None and self.folder.is_dir()


def check_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise InvalidField(
            "location", f"{name!r} is not a location name (letters, digits, '.', '_', '-')"
        )
    return name


def settings_file() -> Path:
    """This desktop's map of location names to folders ($ARCHIVE_APP_LOCATIONS overrides)."""
    if os.environ.get(CONFIG_VARIABLE):
        return Path(os.environ[CONFIG_VARIABLE])
    return user_config_path("archive_app", appauthor=False) / "locations.json"


def _saved_map() -> dict[str, str]:
    try:
        data = json.loads(settings_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def override(spec: str) -> tuple[str, Path]:
    """Map a location for this run only, from `NAME=PATH` (the CLI's --location)."""
    name, separator, folder = spec.partition("=")
    if not separator or not folder:
        raise InvalidField("location", f"{spec!r} is not NAME=PATH")
    _overrides[check_name(name)] = Path(folder).expanduser()
    return name, _overrides[name]


def clear_overrides() -> None:
    _overrides.clear()


def map_here(name: str, folder: Path) -> Path:
    """Remember on this desktop where the location is (written atomically)."""
    check_name(name)
    folder = Path(folder).expanduser().resolve()
    saved = _saved_map()
    saved[name] = str(folder)
    target = settings_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.write_text(json.dumps(saved, indent=2, sort_keys=True), encoding="utf-8")
    partial.replace(target)
    return folder


def folder_of(name: str) -> Path | None:
    if name in _overrides:
        return _overrides[name]
    saved = _saved_map().get(name)
    return Path(saved) if saved else None


def reachable(name: str) -> bool:
    folder = folder_of(name)
    return folder is not None and folder.is_dir()


def declared_names() -> list[str]:
    rows = CatalogMeta.select(CatalogMeta.key).where(CatalogMeta.key.startswith(META_PREFIX))
    return sorted(row.key[len(META_PREFIX) :] for row in rows)


def declare(name: str) -> None:
    """Name a storage location in the catalogue (inside the caller's change)."""
    from archive_app.catalog.changes import joined, set_meta

    with joined(f"Declare storage location {check_name(name)}"):
        set_meta(META_PREFIX + name, "")


def all_locations() -> list[Location]:
    """The catalogue's locations and this desktop's mapped ones, with where each is here."""
    declared = set(declared_names())
    names = sorted(declared | set(_saved_map()) | set(_overrides))
    return [Location(name, folder_of(name), name in declared) for name in names]


def split(stored: str) -> tuple[str, str] | None:
    """(name, path inside) of a stored `@NAME/path`, else None."""
    if not stored.startswith(PREFIX):
        return None
    name, _, inside = stored[len(PREFIX) :].partition("/")
    return (name, inside) if _NAME.match(name) else None


def resolve(stored: str) -> Path | None:
    """The file a stored `@NAME/path` names on this desktop; None for another form of path.
    An unmapped location gives a path under `@NAME` that does not exist: its file is missing
    here, and the checks name the location (unavailable())."""
    parts = split(stored)
    if parts is None:
        return None
    name, inside = parts
    folder = folder_of(name)
    return (folder / inside) if folder is not None else Path(stored)


def stored_form(path: Path) -> str | None:
    """`@NAME/path` when `path` lies in a location mapped on this desktop, else None."""
    absolute = Path(os.path.abspath(path))
    mapped = {name: Path(folder) for name, folder in _saved_map().items()} | _overrides
    for name, folder in sorted(mapped.items()):
        try:
            inside = absolute.relative_to(Path(os.path.abspath(folder)))
        except ValueError:
            continue
        return f"{PREFIX}{name}/{inside.as_posix()}"
    return None


def unavailable(used: set[str]) -> list[str]:
    """One line for each location the catalogue's files use that this desktop cannot reach."""
    lines = []
    for name in sorted(used):
        folder = folder_of(name)
        if folder is None:
            lines.append(
                f"storage location {name!r} is not mapped on this desktop: map it in "
                f"Preferences or with 'archive-app location {name} FOLDER' (or --location "
                f"{name}=FOLDER)"
            )
        elif not folder.is_dir():
            lines.append(
                f"storage location {name!r} is not available here: {folder} is not mounted"
            )
    return lines
