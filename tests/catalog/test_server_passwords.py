"""The system keyring as a place for a server catalogue's password: how an entry is named, and
what a machine without a keyring says (the server itself is in test_team_server.py)."""

from __future__ import annotations

import io
import sys

import pytest
from keyring.backends import fail
from keyring_memory import MemoryKeyring, keyring_in_use

from archive_app.catalog import server_passwords
from archive_app.cli import main


def test_an_entry_is_named_by_role_server_port_and_database(monkeypatch):
    for name in ("PGUSER", "PGHOST", "PGPORT", "PGDATABASE"):
        monkeypatch.delenv(name, raising=False)
    account = server_passwords.account
    assert account("postgresql://anna@db.example:5433/archive?sslmode=require") == (
        "anna@db.example:5433/archive"
    )
    assert account("postgresql://anna@db.example/archive") == "anna@db.example:5432/archive"
    assert account("postgres://anna@/archive?host=/var/run/postgresql") == (
        "anna@/var/run/postgresql:5432/archive"
    )


def test_a_password_in_the_url_or_the_environment_wins_over_the_keyring(monkeypatch):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    with keyring_in_use(MemoryKeyring()):
        server_passwords.keep_password("postgresql://anna@db/archive", "kept")
        assert server_passwords.stored_password("postgresql://anna@db/archive") == "kept"
        assert server_passwords.stored_password("postgresql://anna:typed@db/archive") is None
        monkeypatch.setenv("PGPASSWORD", "from the environment")
        assert server_passwords.stored_password("postgresql://anna@db/archive") is None


def test_without_a_keyring_keeping_a_password_says_where_else_to_put_it(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("s3cret\n"))
    with keyring_in_use(fail.Keyring()):
        status = main(["--catalog", "postgresql://anna@db/archive", "password", "--stdin"])
        assert server_passwords.stored_password("postgresql://anna@db/archive") is None
    err = capsys.readouterr().err
    assert status != 0 and len(err.strip().splitlines()) == 1
    assert "keyring" in err and ".pgpass" in err


@pytest.mark.parametrize("given", ["", "\n"])
def test_an_empty_password_is_refused_and_a_file_catalogue_has_none(monkeypatch, capsys, given):
    monkeypatch.setattr(sys, "stdin", io.StringIO(given))
    with keyring_in_use(MemoryKeyring()) as memory:
        assert main(["--catalog", "postgresql://anna@db/archive", "password", "--stdin"]) != 0
        assert main(["--catalog", "catalog.db", "password", "--stdin"]) != 0
        assert memory.kept == {}
    err = capsys.readouterr().err.splitlines()
    assert "empty" in err[0] and "server catalogue" in err[1]
