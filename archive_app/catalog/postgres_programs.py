"""Finding PostgreSQL's own programs (pg_dump, pg_restore, initdb, pg_ctl) on this machine.

Debian and Ubuntu keep them in /usr/lib/postgresql/<version>/bin, outside PATH, with only a few
wrappers on PATH; other systems put them on PATH. $ARCHIVE_APP_PG_BIN names a folder to use first.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

BIN_VARIABLE = "ARCHIVE_APP_PG_BIN"
DEBIAN_ROOT = Path("/usr/lib/postgresql")
HOW_TO_GET = (
    "install PostgreSQL's programs (Debian/Ubuntu: apt-get install postgresql "
    "postgresql-contrib; macOS: brew install postgresql) or name their folder in "
    f"${BIN_VARIABLE}"
)


def _version_key(folder: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", folder.parent.name)) or (0,)


def candidate_folders() -> list[Path]:
    """Where to look, in order: $ARCHIVE_APP_PG_BIN, the newest Debian version, then PATH."""
    folders: list[Path] = []
    if os.environ.get(BIN_VARIABLE):
        folders.append(Path(os.environ[BIN_VARIABLE]))
    if DEBIAN_ROOT.is_dir():
        versions = [p / "bin" for p in DEBIAN_ROOT.iterdir() if (p / "bin").is_dir()]
        folders += sorted(versions, key=_version_key, reverse=True)
    return folders


def find_program(name: str) -> Path | None:
    """The path of one of PostgreSQL's programs, or None when this machine has none."""
    for folder in candidate_folders():
        candidate = folder / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which(name)
    return Path(found) if found else None


def missing_message(name: str) -> str:
    """One line saying which program is missing and how to get it."""
    return f"PostgreSQL's {name} was not found on this machine: {HOW_TO_GET}"
