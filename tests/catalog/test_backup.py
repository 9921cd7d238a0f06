"""Backup and restore: consistent copies, refused bad files, and a restore that can be undone."""

from __future__ import annotations

import pytest

from archive_app.catalog import backup, records
from archive_app.catalog.database import open_catalog
from archive_app.catalog.errors import CatalogError
from archive_app.catalog.models import Person
from archive_app.cli import main


def test_backup_then_restore_brings_back_the_catalogue_as_it_was(catalog_path, tmp_path):
    with open_catalog(catalog_path) as catalog:
        records.create("person", name="Before the backup")
        copy = backup.backup(catalog, tmp_path / "copy.db")
        records.create("person", name="After the backup")
    kept = backup.restore(catalog_path, copy)
    with open_catalog(catalog_path):
        assert [p.name for p in Person.select()] == ["Before the backup"]
    with open_catalog(kept):  # the catalogue before the restore is kept, whole
        assert Person.select().count() == 2


@pytest.mark.sqlite_only  # file backups of a SQLite catalogue
def test_a_backup_never_overwrites_a_file(catalog, tmp_path):
    existing = tmp_path / "exists.db"
    existing.write_text("precious")
    with pytest.raises(CatalogError):
        backup.backup(catalog, existing)
    assert existing.read_text() == "precious"
    with pytest.raises(CatalogError):
        backup.backup(catalog, tmp_path / "no" / "such" / "folder.db")


@pytest.mark.sqlite_only
@pytest.mark.parametrize("content", [b"", b"not a database", b"SQLite format 3\x00" + b"\x00" * 90])
def test_restoring_something_that_is_not_a_catalogue_is_refused_untouched(
    catalog, catalog_path, tmp_path, content
):
    records.create("person", name="Mine")
    catalog.close()
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    with pytest.raises(CatalogError):
        backup.restore(catalog_path, bad)
    with open_catalog(catalog_path):
        assert [p.name for p in Person.select()] == ["Mine"]


def test_backup_and_restore_commands(tmp_path, capsys):
    path, copy = str(tmp_path / "c.db"), str(tmp_path / "copy.db")
    assert main(["--catalog", path, "demo"]) == 0
    assert main(["--catalog", path, "backup", copy]) == 0
    assert main(["--catalog", path, "backup", copy]) == 1
    assert main(["--catalog", path, "restore", copy]) == 0
    assert main(["--catalog", path, "restore", str(tmp_path / "missing.db")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("archive-app: ") for line in err)
