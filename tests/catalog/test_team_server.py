"""A team's catalogue on a PostgreSQL server: each archivist's own role, read-only roles,
passwords from libpq (never from the program), libpq's URL parameters, and other desktops'
changes arriving by notification. Runs on the test run's own server (tests/conftest.py)."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import psycopg
import pytest
from team_roles import READER_GRANTS, WRITER_GRANTS, database_name, make_role

from archive_app.catalog import journal, records
from archive_app.catalog.database import open_catalog, shown_location
from archive_app.catalog.demo import seed_demo
from archive_app.catalog.errors import CatalogOpenError, ReadOnlyCatalog
from archive_app.catalog.search.execute import search
from archive_app.cli import main


@pytest.fixture
def team(postgres_server, server_database):
    """A demo catalogue on the server, and a way to make roles with grants on it."""
    with open_catalog(server_database) as catalog:
        seed_demo(catalog)
    name = database_name(server_database)

    def role(kind: str, grants: str, password: str | None = None) -> str:
        return make_role(postgres_server, server_database, kind, grants, password)

    return postgres_server, name, role


def test_a_read_only_role_reads_and_searches_and_every_change_is_refused(team, capsys):
    server, name, role = team
    reader = role("researcher", READER_GRANTS)
    url = server.url(name, user=reader)
    with open_catalog(url) as catalog:
        assert catalog.read_only
        assert "Andrey Andreyevich Vlasov" in {h.label for h in search("власов").hits}
        with pytest.raises(ReadOnlyCatalog, match="read-only.*researcher"):
            records.create("person", name="A volunteer's guess")
    assert main(["--catalog", url, "add", "person", "name=Nobody"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "read-only" in err


def test_tables_a_later_upgrade_adds_are_granted_without_granting_again(team):
    """The default privileges in the grants reach what the owner creates afterwards, as an
    upgrade of the catalogue's schema does."""
    server, name, role = team
    writer, reader = role("keeper", WRITER_GRANTS), role("reader", READER_GRANTS)
    with psycopg.connect(server.url(name), autocommit=True) as owner:
        owner.execute("CREATE TABLE added_by_an_upgrade (id SERIAL PRIMARY KEY, note TEXT)")
    with psycopg.connect(server.url(name, user=writer), autocommit=True) as keeper:
        keeper.execute("INSERT INTO added_by_an_upgrade (note) VALUES ('written')")
    with psycopg.connect(server.url(name, user=reader), autocommit=True) as visitor:
        assert visitor.execute("SELECT note FROM added_by_an_upgrade").fetchall() == [("written",)]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            visitor.execute("INSERT INTO added_by_an_upgrade (note) VALUES ('refused')")


def test_each_archivist_writes_as_their_own_role_and_the_journal_names_it(team):
    server, name, role = team
    anna = role("anna", WRITER_GRANTS)
    with open_catalog(server.url(name, user=anna)) as catalog:
        assert not catalog.read_only
        person = records.create("person", name="Pavel Ivanov")
        (entry,) = journal.history("person", person.id)
        assert entry.who.endswith(f"(as {anna})")
        assert [h.label for h in search("pavel").hits] == ["Pavel Ivanov"]


def test_a_password_comes_from_libpq_never_from_the_program(team, tmp_path, monkeypatch):
    server, name, role = team
    clerk = role("clerk", WRITER_GRANTS, password="s3cret")
    url = server.url(name, user=clerk, tcp="1")  # password checked over TCP (scram-sha-256)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    with pytest.raises(CatalogOpenError) as refused:
        open_catalog(url)
    assert "\n" not in str(refused.value)
    monkeypatch.setenv("PGPASSWORD", "s3cret")
    with open_catalog(url) as catalog:
        assert not catalog.read_only
    monkeypatch.delenv("PGPASSWORD")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{server.port}:{name}:{clerk}:s3cret\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    with open_catalog(url) as catalog:
        assert records.create("person", name="Written with .pgpass").id


def test_a_password_kept_in_the_system_keyring_opens_the_catalogue(
    team, tmp_path, monkeypatch, capsys
):
    from keyring_memory import MemoryKeyring, keyring_in_use

    server, name, role = team
    clerk = role("keeper", WRITER_GRANTS, password="k3pt")
    url = server.url(name, user=clerk, tcp="1")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    with keyring_in_use(MemoryKeyring()) as memory:
        with pytest.raises(CatalogOpenError):
            open_catalog(url)
        monkeypatch.setattr(sys, "stdin", io.StringIO("k3pt\n"))
        assert main(["--catalog", url, "password", "--stdin"]) == 0
        assert list(memory.kept.values()) == ["k3pt"]
        assert "k3pt" not in capsys.readouterr().out
        with open_catalog(url) as catalog:
            assert not catalog.read_only
            assert records.create("person", name="Written with the keyring").id
        assert main(["--catalog", url, "password", "--forget"]) == 0
        assert memory.kept == {}
        with pytest.raises(CatalogOpenError):
            open_catalog(url)
        assert main(["--catalog", url, "password", "--forget"]) == 1


def test_a_password_in_the_url_is_never_shown_or_kept():
    assert shown_location("postgresql://anna:s3cret@db.example/archive?sslmode=require") == (
        "postgresql://anna@db.example/archive?sslmode=require"
    )
    assert shown_location("/home/anna/catalog.db") == "/home/anna/catalog.db"


def test_libpq_parameters_in_the_url_reach_the_server(team):
    server, name, _role = team
    with open_catalog(server.url(name, application_name="archive-desk-3")) as catalog:
        said = catalog.database.execute_sql("SELECT current_setting('application_name')")
        assert said.fetchone()[0] == "archive-desk-3"
    # this server has no TLS: a URL that requires it is refused in one line
    with pytest.raises(CatalogOpenError, match="SSL") as refused:
        open_catalog(server.url(name, tcp="1", sslmode="require"))
    assert "\n" not in str(refused.value)


def test_another_desktops_change_arrives_by_notification(team):
    server, name, _role = team
    url = server.url(name)
    with open_catalog(url):
        watcher = journal.ExternalChanges()
        assert not watcher.wait(0.2) and watcher.poll() == []
        subprocess.run(  # another desktop: the command line, on the same server
            [sys.executable, "-m", "archive_app", "--catalog", url, "add", "person",
             "name=Anna Petrova"],
            env={**os.environ, "ARCHIVE_APP_USER": "desk-2"}, check=True, capture_output=True,
            timeout=120,
        )  # fmt: skip
        assert watcher.wait(30)
        (found,) = watcher.poll()
        assert found.external and found.who.startswith("desk-2") and found.created["person"]
        assert [h.label for h in search("petrova").hits] == ["Anna Petrova"]
        watcher.close()


def test_a_read_only_role_finds_another_programs_edit_without_writing_the_index(team, capsys):
    """Another program's edit leaves marks for the search index to catch up; a read-only role
    may not write the index, so its search folds the marked records into an overlay of its own
    connection: the edit is found at once, the index and its marks stay as they were."""
    server, name, role = team
    reader = role("visitor", READER_GRANTS)
    with psycopg.connect(server.url(name), autocommit=True) as other_program:
        other_program.execute(
            "UPDATE person SET name = 'Edited Elsewhere' WHERE id = "
            "(SELECT min(id) FROM person WHERE name NOT LIKE '%Vlasov%')"
        )
        other_program.execute("DELETE FROM tag WHERE name = 'defector'")
        assert other_program.execute("SELECT count(*) FROM search_dirty").fetchone()[0] > 0
    with open_catalog(server.url(name, user=reader)) as catalog:
        assert catalog.read_only
        assert "Andrey Andreyevich Vlasov" in {h.label for h in search("власов").hits}
        assert "Edited Elsewhere" in {h.label for h in search("elsewhere").hits}
        assert search("defector type:tag").total == 0
        people = catalog.database.execute_sql("SELECT count(*) FROM person").fetchone()[0]
        assert search("type:person").total == people
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""
    with psycopg.connect(server.url(name), autocommit=True) as other_program:
        assert other_program.execute("SELECT count(*) FROM search_dirty").fetchone()[0] > 0
    with open_catalog(server.url(name)) as writer:  # a writing role's search catches up
        assert "Edited Elsewhere" in {h.label for h in search("elsewhere").hits}
        marks = writer.database.execute_sql("SELECT count(*) FROM search_dirty").fetchone()[0]
        assert marks == 0


def test_a_rebuild_of_the_index_by_the_owner_or_a_writer_finds_the_same(team):
    """The owner (who upgrades the catalogue) empties the index's tables at once, for a fresh
    GIN index; a writing role, who may not, deletes their rows."""
    from archive_app.catalog.search import index

    server, name, role = team
    writer = role("keeper", WRITER_GRANTS)
    filenode = "SELECT pg_relation_filenode('search_document')"
    for url, owner in ((server.url(name), True), (server.url(name, user=writer), False)):
        with open_catalog(url) as catalog:
            before = catalog.database.execute_sql(filenode).fetchone()[0]
            index.rebuild(catalog.database)
            after = catalog.database.execute_sql(filenode).fetchone()[0]
            assert (after != before) == owner
            assert "Andrey Andreyevich Vlasov" in {h.label for h in search("власов").hits}
            assert "Andrey Andreyevich Vlasov" in {h.label for h in search("vlaso").hits}
