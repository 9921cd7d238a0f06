"""A full disk during an import, a save and a backup: one line says so, nothing is half-written,
and the catalogue stays whole. The disk is filled for real: the SQLite file is capped at the
pages it has (PRAGMA max_page_count fails exactly as a full disk does), and, where this process
may mount one (root on Linux), a tmpfs of 2 MB runs out of space."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from faultkit import database_problems
from PIL import Image

from archive_app.catalog import backup, records
from archive_app.catalog.database import open_catalog
from archive_app.catalog.errors import CatalogError, StorageError
from archive_app.catalog.importing.run import ImportOptions, import_files
from archive_app.catalog.models import Person, Photograph

pytestmark = pytest.mark.faults


def _scans(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        Image.new("RGB", (320, 240), (n * 40 % 256, 90, 30)).save(folder / f"s{n}.jpg", "JPEG")
    return folder


def _cap(catalog) -> None:
    """No page may be added to the file: the next insert that needs one finds the disk full."""
    pages = catalog.database.execute_sql("PRAGMA page_count").fetchone()[0]
    catalog.database.execute_sql(f"PRAGMA max_page_count = {pages}")


def test_an_import_into_a_full_catalogue_stops_in_one_line_and_keeps_whole_records(tmp_path):
    scans = _scans(tmp_path / "scans", 40)
    path = tmp_path / "c.db"
    with open_catalog(path) as catalog:
        _cap(catalog)
        try:
            report = import_files(catalog, [str(scans)], ImportOptions(workers=1, batch_size=5))
        except StorageError as exc:  # the import stops at the batch that found the disk full
            assert str(exc).startswith("the disk is full") and "\n" not in str(exc)
        else:  # or refuses each file it could not write, saying why
            refused = [f for f in report.files if f.outcome == "refused"]
            assert refused and all("disk is full" in f.reason for f in refused)
        assert Photograph.select().count() < 40
        assert Photograph.select().where(Photograph.sha256.is_null()).count() == 0
    assert database_problems(path) == []


@pytest.fixture
def tiny_disk(tmp_path):
    """A 2 MB tmpfs (skipped where this process cannot mount one)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if sys.platform != "linux":
        pytest.skip("mounts a tmpfs")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_save_on_a_full_disk_is_one_line_and_the_catalogue_stays_whole(tiny_disk):
    path = tiny_disk / "c.db"
    saved = 0
    with open_catalog(path):
        with pytest.raises(StorageError) as caught:
            for _ in range(1000):
                records.create("person", name="Filler", biography="a long life " * 2000)
                saved += 1
        assert "\n" not in str(caught.value)
        assert str(caught.value).startswith(("the disk is full", "the disk could not be"))
        assert Person.select().count() == saved
    assert database_problems(path) == []


def test_a_backup_onto_a_full_disk_is_one_line_and_leaves_no_partial_file(tmp_path, tiny_disk):
    path = tmp_path / "c.db"
    with open_catalog(path) as catalog:
        for _ in range(150):  # 3 MB: more than the disk holds
            records.create("person", name="Big", biography="x" * 20_000)
        with pytest.raises(CatalogError) as caught:
            backup.backup(catalog, tiny_disk / "copy.db")
    assert str(caught.value).startswith("backup failed") and "\n" not in str(caught.value)
    assert list(tiny_disk.iterdir()) == []
    assert database_problems(path) == []
