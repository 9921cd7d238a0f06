"""`transfer`: a whole catalogue from SQLite to PostgreSQL and back, verified, never into a
catalogue that holds records."""

from __future__ import annotations

import json

import pytest

from archive_app.catalog import journal, records
from archive_app.catalog.database import open_catalog
from archive_app.catalog.demo import seed_demo
from archive_app.catalog.search.execute import search
from archive_app.catalog.search.saved import save_search, saved_searches
from archive_app.catalog.settings import get_setting, set_setting
from archive_app.catalog.transfer import TransferRefused, copied_tables, table_checksum, transfer
from archive_app.cli import main


def _fingerprint(location: str) -> dict[str, tuple[int, str]]:
    with open_catalog(location) as catalog:
        return {
            table: table_checksum(catalog.database, table, columns)
            for table, columns, _ in copied_tables(catalog.database)
        }


@pytest.fixture
def described(tmp_path):
    """A SQLite catalogue with the demo, an edit in the journal, a saved search, a setting and
    a place inside a place created after it."""
    path = str(tmp_path / "desk.db")
    with open_catalog(path) as catalog:
        seed_demo(catalog)
        inner = records.create("place", name="Lubyanka")
        outer = records.create("place", name="Москва")
        records.update("place", inner.id, inner.version, parent=outer.id)
        save_search("Vlasov in 1942", "person:vlasov date:1942")
        set_setting("archive_name", "Archiv Wlassow")
    return path


def test_sqlite_to_postgresql_and_back_loses_nothing(described, postgres_server, tmp_path):
    server_url = postgres_server.url(postgres_server.create_database())
    before = _fingerprint(described)
    with open_catalog(described) as desk:
        report = transfer(desk, server_url)
    assert report.rows == sum(rows for rows, _ in before.values())
    assert _fingerprint(server_url) == before
    with open_catalog(server_url):
        assert "Andrey Andreyevich Vlasov" in {h.label for h in search("власов").hits}
        assert [s.name for s in saved_searches()] == ["Vlasov in 1942"]
        assert get_setting("archive_name") == "Archiv Wlassow"
        assert journal.history("place")
        records.create("person", name="Added on the server")  # the ids go on after the copy
    back = str(tmp_path / "back.db")
    assert main(["--catalog", server_url, "transfer", "--to", back]) == 0
    after = _fingerprint(back)
    assert {
        t: v for t, v in after.items() if t not in ("person", "journal_entry", "journal_row")
    } == {t: v for t, v in before.items() if t not in ("person", "journal_entry", "journal_row")}
    with open_catalog(back):
        assert {h.label for h in search("added server").hits} == {"Added on the server"}


def test_a_target_that_holds_records_is_refused_untouched(described, tmp_path, capsys):
    other = str(tmp_path / "other.db")
    with open_catalog(other):
        records.create("person", name="Someone else's")
    before = _fingerprint(other)
    with open_catalog(described) as desk, pytest.raises(TransferRefused, match="already holds"):
        transfer(desk, other)
    assert _fingerprint(other) == before
    assert main(["--catalog", described, "transfer", "--to", other]) == 1
    assert "already holds records" in capsys.readouterr().err


def test_transfer_json(described, tmp_path, capsys):
    assert main(["--catalog", described, "transfer", "--to", str(tmp_path / "t.db"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["verified"] and {t["table"] for t in report["tables"]} >= {
        "person",
        "photo_person",
        "citation",
        "journal_entry",
        "saved_search",
        "catalog_meta",
    }
