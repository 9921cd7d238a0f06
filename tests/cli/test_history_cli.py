"""`archive-app history`, `revert` and `journal`: every command that writes leaves exactly one
journal entry, says how to undo it, and `revert` takes it back or says why it cannot."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from archive_app.catalog import journal
from archive_app.catalog.database import open_catalog
from archive_app.catalog.models import Person


def _entries(path: str) -> int:
    with open_catalog(path):
        return journal.size()["entries"]


def _person(path: str, name: str) -> Person:
    with open_catalog(path):
        return Person.get(Person.name == name)


def test_an_edit_says_its_change_and_revert_takes_it_back(demo_db, cli):
    vlasov = _person(demo_db, "Andrey Andreyevich Vlasov")
    status, out, err = cli("--catalog", demo_db, "edit", "person", str(vlasov.id), "biography=X")
    assert (status, err) == (0, "")
    change_line = out.splitlines()[-1]
    assert change_line.startswith("change ") and "archive-app revert" in change_line
    change_id = change_line.split()[1].rstrip(":")

    status, out, _ = cli("--catalog", demo_db, "history", "person", str(vlasov.id), "--limit", "1")
    assert status == 0
    assert out.startswith(f"change {change_id}  ") and "Edit person" in out
    assert "    biography: " in out and "→ X" in out

    status, out, err = cli("--catalog", demo_db, "revert", change_id)
    assert (status, err) == (0, "")
    assert out.startswith(f"reverted change {change_id}: Revert change {change_id}")
    assert _person(demo_db, "Andrey Andreyevich Vlasov").biography == vlasov.biography


def test_history_of_a_link_names_it_as_the_link_command_does(demo_db, cli):
    status, out, _ = cli("--catalog", demo_db, "history", "photo-person", "1", "--json")
    assert status == 0
    (created,) = json.loads(out)["changes"]
    assert (
        created["rows"][0]["type"] == "photo_person" and created["rows"][0]["action"] == "created"
    )


def test_history_json_has_the_documented_shape(demo_db, cli):
    vlasov = _person(demo_db, "Andrey Andreyevich Vlasov")
    cli("--catalog", demo_db, "edit", "person", str(vlasov.id), "death_date=1946-08-01")
    status, out, _ = cli("--catalog", demo_db, "history", "person", str(vlasov.id), "--json")
    assert status == 0
    newest = json.loads(out)["changes"][0]
    assert set(newest) == {"change", "at", "who", "label", "rows"}
    (row,) = newest["rows"]
    assert row["type"] == "person" and row["id"] == vlasov.id and row["action"] == "changed"
    assert row["fields"] == ["death_date"]
    assert row["before"]["death_date"] == vlasov.death_date
    assert row["after"]["death_date_latest"] == "1946-08-01"
    assert row["after"]["version"] == vlasov.version + 1
    # the demo's seeding is in the record's history too, as its first change
    assert json.loads(out)["changes"][-1]["label"] == "Add the demo records"


def test_revert_refused_after_a_later_edit_is_one_line_and_changes_nothing(demo_db, cli):
    vlasov = _person(demo_db, "Andrey Andreyevich Vlasov")
    cli("--catalog", demo_db, "edit", "person", str(vlasov.id), "biography=first")
    with open_catalog(demo_db):
        first = journal.history(limit=1)[0].id
    cli("--catalog", demo_db, "edit", "person", str(vlasov.id), "biography=second")
    entries = _entries(demo_db)
    status, out, err = cli("--catalog", demo_db, "revert", str(first))
    assert status == 1 and out == ""
    assert err.count("\n") == 1 and "biography changed again by" in err
    assert _person(demo_db, "Andrey Andreyevich Vlasov").biography == "second"
    assert _entries(demo_db) == entries


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("revert", "x"), "is not a whole number"),
        (("revert", "999"), "no change 999"),
        (("history", "--since", "last week"), "is not a date"),
        (("history", "nonsense", "3"), "unknown record type"),
        (("journal", "prune", "--before", "soon"), "is not a date"),
    ],
)
def test_bad_history_and_revert_input_is_one_line(demo_db, cli, argv, message):
    status, _, err = cli("--catalog", demo_db, *argv)
    assert status in (1, 2) and message in err and err.count("\n") == 1


def test_journal_prune_and_size(demo_db, cli):
    status, out, _ = cli("--catalog", demo_db, "journal", "size", "--json")
    assert status == 0 and json.loads(out)["entries"] == 1
    status, out, _ = cli("--catalog", demo_db, "journal", "prune", "--before", "2000-01-01")
    assert status == 0 and out.startswith("forgot 0 change(s)")
    status, out, _ = cli(
        "--catalog", demo_db, "journal", "prune", "--before", "2999-01-01", "--json"
    )
    assert status == 0 and json.loads(out)["removed"] == 1 and json.loads(out)["entries"] == 0
    status, out, _ = cli("--catalog", demo_db, "history")
    assert (status, out) == (0, "no changes\n")


def test_every_command_that_writes_leaves_exactly_one_journal_entry(demo_db, cli, tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    Image.new("RGB", (8, 6), "gray").save(folder / "scan.png")
    sources = tmp_path / "sources.json"
    sources.write_text(json.dumps([{"type": "book", "title": "Against Stalin", "id": "a"}]))
    export = tmp_path / "export.json"
    assert (
        cli("--catalog", demo_db, "export", "catalog", "--format", "json", "-o", str(export))[0]
        == 0
    )
    other = str(tmp_path / "other.db")

    vlasov = _person(demo_db, "Andrey Andreyevich Vlasov")
    steps = [
        ("add", "person", "name=Malyshkin"),
        ("edit", "person", str(vlasov.id), "biography=General"),
        ("link", "photo-person", "1", str(vlasov.id), "--role", "depicted"),
        ("tag", "1", "--add", "ROA"),
        ("search", "vlasov", "--save", "Vlasov"),
        ("import-sources", str(sources)),
        ("import", str(folder)),
        ("delete", "person", str(vlasov.id), "--yes"),
    ]
    for argv in steps:
        before = _entries(demo_db)
        status, out, err = cli("--catalog", demo_db, *argv)
        assert status == 0, (argv, err)
        assert _entries(demo_db) == before + 1, argv
        if "--json" not in argv:
            assert "archive-app revert" in out.splitlines()[-1], argv
    assert cli("--catalog", other, "load", str(export), "--files-in", str(tmp_path))[0] == 0
    assert _entries(other) == 1
