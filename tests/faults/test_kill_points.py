"""SIGKILL at points spread over an import, a batch edit, a load, a restore, an upgrade and a
transfer into a new catalogue: each
time the catalogue passes SQLite's integrity and foreign-key checks and the search index's own
check, holds no half records (each action is all there or not there at all), and the same
command run again completes."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest
from faultkit import (
    POINTS,
    command,
    copy_folder,
    database_problems,
    kill_moment,
    python,
    run_and_kill,
    scalar,
    timed_run,
)
from PIL import Image, ImageDraw

from archive_app.catalog.database import open_catalog
from archive_app.catalog.migrations import SCHEMA_VERSION
from archive_app.catalog.models import Person, Photograph, catalog_db

pytestmark = pytest.mark.faults

PEOPLE = 1000
PHOTOS = 400
SCANS = 10


def _people(count: int, prefix: str) -> None:
    with catalog_db.atomic():
        Person.insert_many(
            [
                {"name": f"{prefix} {n}", "biography": f"{prefix} life {n} " * 20}
                for n in range(count)
            ]
        ).execute()


def _photos(count: int) -> None:
    with catalog_db.atomic():
        Photograph.insert_many(
            [{"accession_number": f"F-{n:05}", "title": f"Photograph {n}"} for n in range(count)]
        ).execute()


def _scan(path: Path, seed: int) -> None:
    image = Image.new("RGB", (800, 600), (seed * 37 % 256, seed * 91 % 256, 90))
    draw = ImageDraw.Draw(image)
    for step in range(0, 900, 9):
        draw.line([(step, 0), (900 - step, 700)], fill=(step % 256, seed % 256, 40), width=3)
    image.save(path, "JPEG", quality=92)


def _build_import(folder: Path) -> list[str]:
    (folder / "scans").mkdir()
    for seed in range(SCANS):
        _scan(folder / "scans" / f"scan-{seed:02}.jpg", seed)
    open_catalog(folder / "c.db").close()
    return command("--catalog", "c.db", "import", "scans", "--workers", "2")


def _build_batch(folder: Path) -> list[str]:
    with open_catalog(folder / "c.db"):
        _photos(PHOTOS * 4)
    return python(
        "from archive_app.catalog.database import open_catalog\n"
        "from archive_app.catalog import batch\n"
        "from archive_app.catalog.models import Photograph\n"
        "with open_catalog('c.db'):\n"
        "    ids = [p.id for p in Photograph.select(Photograph.id)]\n"
        "    batch.set_fields(ids, rights='Edited in one batch')\n"
    )


def _build_load(folder: Path) -> list[str]:
    source = folder / "source.db"
    with open_catalog(source):
        _people(PEOPLE, "Loaded")
        _photos(PHOTOS)
    from archive_app.cli import main

    assert (
        main(
            [
                "--catalog",
                str(source),
                "export",
                "catalog",
                "--format",
                "json",
                "-o",
                str(folder / "big.json"),
            ]
        )
        == 0
    )
    for leftover in folder.glob("source*"):
        leftover.unlink() if leftover.is_file() else None
    open_catalog(folder / "c.db").close()
    return command("--catalog", "c.db", "load", "big.json")


def _build_restore(folder: Path) -> list[str]:
    with open_catalog(folder / "c.db"):
        _people(PEOPLE, "Current")
    with open_catalog(folder / "b.db"):
        _people(PEOPLE - 300, "Backup")
    return command("--catalog", "c.db", "restore", "b.db")


def _build_upgrade(folder: Path) -> list[str]:
    with open_catalog(folder / "c.db"):
        _people(PEOPLE, "Kept")
    with sqlite3.connect(folder / "c.db") as connection:
        connection.execute("UPDATE catalog_meta SET value = '1' WHERE key = 'schema_version'")
    connection.close()
    return command("--catalog", "c.db", "search", "kept")


def _build_transfer(folder: Path) -> list[str]:
    with open_catalog(folder / "c.db"):
        _people(PEOPLE, "Moved")
        _photos(PHOTOS)
    return command("--catalog", "c.db", "transfer", "--to", "t.db")


BUILDERS = {
    "import": _build_import,
    "batch-edit": _build_batch,
    "load": _build_load,
    "restore": _build_restore,
    "upgrade": _build_upgrade,
    "transfer": _build_transfer,
}


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    """Per operation: a folder to copy for each kill, the command, and how long it takes."""
    made = {}
    for name, build in BUILDERS.items():
        folder = tmp_path_factory.mktemp(f"template-{name}")
        argv = build(folder)
        trial = copy_folder(folder, tmp_path_factory.mktemp(f"trial-{name}") / "run")
        made[name] = (folder, argv, timed_run(argv, trial))
    return made


def _check_import(folder: Path, rerun) -> None:
    db = folder / "c.db"
    assert (
        scalar(db, "SELECT count(*) FROM photograph WHERE sha256 IS NULL OR file_path IS NULL") == 0
    )
    rerun()
    assert scalar(db, "SELECT count(*) FROM photograph") == SCANS


def _check_batch(folder: Path, rerun) -> None:
    db = folder / "c.db"
    assert scalar(db, "SELECT count(DISTINCT coalesce(rights, '')) FROM photograph") == 1
    rerun()
    assert scalar(db, "SELECT count(*) FROM photograph WHERE rights IS NULL") == 0


def _check_load(folder: Path, rerun) -> None:
    db = folder / "c.db"
    people, photos = (scalar(db, f"SELECT count(*) FROM {t}") for t in ("person", "photograph"))
    assert (people, photos) in {(0, 0), (PEOPLE, PHOTOS)}
    if people == 0:
        rerun()
    assert scalar(db, "SELECT count(*) FROM person") == PEOPLE


def _state(db: Path) -> tuple[int, str]:
    count = scalar(db, "SELECT count(*) FROM person")
    prefixes = scalar(db, "SELECT group_concat(DISTINCT substr(name, 1, 6)) FROM person")
    return count, prefixes


def _check_restore(folder: Path, rerun) -> None:
    db = folder / "c.db"
    assert _state(db) in {(PEOPLE, "Curren"), (PEOPLE - 300, "Backup")}
    for kept in folder.glob("c.db.before-restore-*"):
        if ".partial-" not in kept.name:  # a kept copy under its name is whole
            assert database_problems(kept) == []
            assert _state(kept) == (PEOPLE, "Curren")
    rerun()
    assert _state(db) == (PEOPLE - 300, "Backup")
    assert not list(folder.glob("*.partial-*"))


def _check_upgrade(folder: Path, rerun) -> None:
    db = folder / "c.db"
    version = int(scalar(db, "SELECT value FROM catalog_meta WHERE key = 'schema_version'"))
    assert version in {1, SCHEMA_VERSION}
    assert scalar(db, "SELECT count(*) FROM person") == PEOPLE
    rerun()
    assert int(scalar(db, "SELECT value FROM catalog_meta WHERE key = 'schema_version'")) == (
        SCHEMA_VERSION
    )
    with open_catalog(db):
        from archive_app.catalog.search.execute import search

        assert search("kept").total == PEOPLE


def _check_transfer(folder: Path, rerun) -> None:
    source, target = folder / "c.db", folder / "t.db"
    assert scalar(source, "SELECT count(*) FROM person") == PEOPLE
    tables = "SELECT count(*) FROM sqlite_master WHERE name IN ('person', 'photograph')"
    if target.exists() and scalar(target, tables) == 2:  # killed before its schema: still new
        assert database_problems(target) == []
        people, photos = (
            scalar(target, f"SELECT count(*) FROM {t}") for t in ("person", "photograph")
        )
        assert (people, photos) in {(0, 0), (PEOPLE, PHOTOS)}
        if people == PEOPLE:
            return
    rerun()
    assert scalar(target, "SELECT count(*) FROM person") == PEOPLE
    assert scalar(target, "SELECT count(*) FROM photograph") == PHOTOS


CHECKS = {
    "import": _check_import,
    "batch-edit": _check_batch,
    "load": _check_load,
    "restore": _check_restore,
    "upgrade": _check_upgrade,
    "transfer": _check_transfer,
}


@pytest.mark.parametrize("point", range(POINTS))
@pytest.mark.parametrize("operation", list(BUILDERS))
def test_a_kill_leaves_a_whole_catalogue_and_the_rerun_completes(
    templates, tmp_path, operation, point
):
    template, argv, duration = templates[operation]
    folder = copy_folder(template, tmp_path / "run")
    run_and_kill(argv, folder, kill_moment(point, POINTS, duration))
    db = folder / "c.db"
    assert database_problems(db) == []

    def rerun() -> None:
        done = subprocess.run(argv, cwd=folder, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert database_problems(db) == []

    CHECKS[operation](folder, rerun)
