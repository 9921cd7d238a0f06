"""Restore never loses the catalogue it replaces, takes the backup's whole state, and says in one
line when a backup is damaged."""

from __future__ import annotations

import random

import pytest

from archive_app.catalog import backup, records, sqlite_copy
from archive_app.catalog.database import open_catalog
from archive_app.catalog.errors import CatalogError
from archive_app.catalog.models import Person
from archive_app.cli import main


def _names(path) -> list[str]:
    with open_catalog(path):
        return sorted(p.name for p in Person.select())


def _make(path, *names) -> None:
    with open_catalog(path):
        for name in names:
            records.create("person", name=name)


def test_two_restores_in_the_same_second_keep_both_replaced_catalogues(tmp_path, monkeypatch):
    def same_second(path, label):
        return path.with_name(f"{path.name}.{label}-20261202T000000")

    monkeypatch.setattr(sqlite_copy, "stamped_sibling", same_second)
    catalog, first, second = tmp_path / "c.db", tmp_path / "one.db", tmp_path / "two.db"
    _make(catalog, "The original")
    _make(first, "First backup")
    _make(second, "Second backup")
    kept_one = backup.restore(catalog, first)
    kept_two = backup.restore(catalog, second)
    assert kept_one != kept_two
    assert _names(kept_one) == ["The original"]
    assert _names(kept_two) == ["First backup"]
    assert _names(catalog) == ["Second backup"]


def test_restore_takes_the_rows_still_in_the_backups_write_ahead_log(tmp_path):
    catalog, copy = tmp_path / "c.db", tmp_path / "copy.db"
    _make(catalog, "Current")
    _make(copy, "In the file")
    with open_catalog(copy):  # while it is open, the new row is only in copy.db-wal
        records.create("person", name="Only in the log")
        assert (tmp_path / "copy.db-wal").stat().st_size > 0
        backup.restore(catalog, copy)
    assert _names(catalog) == ["In the file", "Only in the log"]


def test_an_interrupted_restore_leaves_no_partial_copy_behind(tmp_path, monkeypatch):
    catalog, copy = tmp_path / "c.db", tmp_path / "copy.db"
    _make(catalog, "Current")
    _make(copy, "Backed up")
    before = sorted(p.name for p in tmp_path.iterdir())

    def interrupted(original, made):
        raise KeyboardInterrupt

    monkeypatch.setattr(sqlite_copy, "verify_copy", interrupted)
    with pytest.raises(KeyboardInterrupt):
        backup.restore(catalog, copy)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert _names(catalog) == ["Current"]


def test_a_restore_clears_what_a_killed_restore_left(tmp_path):
    catalog, copy = tmp_path / "c.db", tmp_path / "copy.db"
    _make(catalog, "Current")
    _make(copy, "Backed up")
    leftover = sqlite_copy.temporary_sibling(catalog, "restoring")
    leftover.write_bytes(b"\0" * 4096)
    kept = backup.restore(catalog, copy)
    assert not leftover.exists()
    assert {p.name for p in tmp_path.iterdir()} == {"c.db", "copy.db", kept.name}


def test_a_kept_copy_that_does_not_match_the_original_stops_the_restore(tmp_path, monkeypatch):
    catalog, copy = tmp_path / "c.db", tmp_path / "copy.db"
    _make(catalog, "Current")
    _make(copy, "Backed up")
    monkeypatch.setattr(sqlite_copy, "table_counts", lambda path: {"person": id(path)})
    with pytest.raises(CatalogError, match="not changed"):
        backup.restore(catalog, copy)
    assert _names(catalog) == ["Current"]
    assert {p.name for p in tmp_path.iterdir()} == {"c.db", "copy.db"}


@pytest.mark.parametrize("seed", range(12))
def test_a_damaged_backup_is_one_line_from_restore_and_check(tmp_path, capsys, seed):
    catalog, copy = tmp_path / "c.db", tmp_path / "copy.db"
    assert main(["--catalog", str(catalog), "demo"]) == 0
    assert main(["--catalog", str(catalog), "backup", str(copy)]) == 0
    data = bytearray(copy.read_bytes())
    rng = random.Random(seed)
    for _ in range(40):
        data[rng.randrange(100, len(data))] ^= 1 << rng.randrange(8)
    copy.write_bytes(bytes(data))
    capsys.readouterr()
    before = catalog.read_bytes()
    status = main(["--catalog", str(catalog), "restore", str(copy)])
    err = capsys.readouterr().err.strip().splitlines()
    if status != 0:
        assert len(err) == 1 and err[0].startswith("archive-app: ")
        assert catalog.read_bytes() == before
    status = main(["--catalog", str(copy), "check"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert len(captured.err.strip().splitlines()) <= 1
