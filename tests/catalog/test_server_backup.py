"""`backup` and `restore` of a server catalogue: pg_dump and pg_restore, the catalogue as it was
kept beside the backup, and a clear line when a file or a program is wrong or missing."""

from __future__ import annotations

import pytest

from archive_app.catalog import records, server_backup
from archive_app.catalog.database import open_catalog
from archive_app.catalog.demo import seed_demo
from archive_app.catalog.errors import CatalogError, CatalogOpenError
from archive_app.catalog.models import Person
from archive_app.catalog.search.execute import search
from archive_app.cli import main


def test_backup_then_restore_brings_back_the_server_catalogue(server_database, tmp_path, capsys):
    with open_catalog(server_database) as catalog:
        seed_demo(catalog)
    dump = tmp_path / "team.dump"
    assert main(["--catalog", server_database, "backup", str(dump)]) == 0
    assert dump.stat().st_size > 0
    with open_catalog(server_database):
        records.create("person", name="Added after the backup")
        vlasov = Person.get(Person.name == "Andrey Andreyevich Vlasov")
        records.delete("person", vlasov.id)
    assert main(["--catalog", server_database, "restore", str(dump)]) == 0
    assert "kept" in capsys.readouterr().out
    with open_catalog(server_database):
        names = {p.name for p in Person.select()}
        assert "Andrey Andreyevich Vlasov" in names and "Added after the backup" not in names
        assert "Andrey Andreyevich Vlasov" in {h.label for h in search("vlasov").hits}
        records.create("person", name="Written after the restore")
    (kept,) = tmp_path.glob("team.dump.before-restore-*")
    server_backup.check_backup(kept)


def test_a_file_that_is_not_a_dump_is_refused_and_nothing_changes(server_database, tmp_path):
    bad = tmp_path / "notes.dump"
    bad.write_text("not a dump")
    with pytest.raises(CatalogOpenError, match="not a server catalogue's backup"):
        server_backup.restore(server_database, bad)
    with pytest.raises(CatalogError, match="already exists"):
        server_backup.backup(server_database, bad)


def test_a_missing_program_is_named_with_how_to_get_it(server_database, tmp_path, monkeypatch):
    monkeypatch.setattr(server_backup, "find_program", lambda name: None)
    with pytest.raises(CatalogError, match="pg_dump was not found.*apt-get install"):
        server_backup.backup(server_database, tmp_path / "x.dump")
