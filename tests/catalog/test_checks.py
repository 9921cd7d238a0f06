"""Checks find damaged files and contradictory evidence, and never change what they check."""

from __future__ import annotations

import json
import sqlite3

from archive_app.catalog import links, records
from archive_app.catalog.checks import run_checks, summary
from archive_app.catalog.models import Photograph
from archive_app.cli import main


def test_the_demo_conflict_is_flagged_not_corrected(demo_catalog):
    findings = run_checks()
    assert summary(findings) == {"death-date": 1, "execution-before-trial": 1}
    messages = " ".join(f.message for f in findings)
    assert "1945-08-01" in messages and "1946-22" in messages
    assert all(f.severity == "warning" for f in findings)


def test_fixity_finds_a_changed_file_and_a_missing_one(demo_catalog, tmp_path):
    photo = Photograph.get()
    assert "fixity" not in summary(run_checks(fixity=True))
    with open(photo.file_path, "ab") as handle:
        handle.write(b"bit rot")
    assert "fixity" not in summary(run_checks(fixity=False))  # only --fixity re-reads files
    changed = [f for f in run_checks(fixity=True) if f.check == "fixity"]
    assert len(changed) == 1 and photo.accession_number in changed[0].message
    records.create("photo", file_path=str(tmp_path / "never-there.tif"), sha256="0" * 64)
    assert summary(run_checks())["missing-file"] == 1


def test_people_shown_or_active_outside_their_lives_are_flagged(catalog):
    person = records.create("person", name="Vlasov", birth_date="1900", death_date="1946")
    photo = records.create("photo", date="1950?")
    links.depict(photo.id, person.id)
    early = records.create("event", title="Enlists", date="1899")
    late = records.create("event", title="Memorial", date="1990", event_type="commemoration")
    links.take_part(person.id, early.id, "conscript")
    links.take_part(person.id, late.id, "subject")
    counts = summary(run_checks())
    assert counts == {"after-death": 2, "before-birth": 1}


def test_dates_loaded_the_wrong_way_round_are_flagged(catalog):
    event = records.create("event", title="Odd", date="1942")
    Photograph._meta.database.execute_sql(
        "UPDATE event SET date_earliest = '1950-01-01' WHERE id = ?", (event.id,)
    )
    assert summary(run_checks()) == {"date-order": 1}


def test_a_damaged_foreign_key_is_an_integrity_error(catalog, catalog_path):
    person = records.create("person", name="x")
    catalog.close()
    with sqlite3.connect(catalog_path) as connection:  # another tool, foreign keys off
        connection.execute(
            "INSERT INTO person_name (person_id, name, version, created, modified) "
            "VALUES (999, 'orphan', 1, '', '')"
        )
    connection.close()
    from archive_app.catalog.database import open_catalog

    with open_catalog(catalog_path):
        findings = [f for f in run_checks() if f.check == "integrity"]
    assert findings and "person" in findings[0].message
    assert person.id


def test_check_command_exit_status_and_json(tmp_path, capsys):
    path = str(tmp_path / "c.db")
    assert main(["--catalog", path, "check", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": True, "counts": {}, "findings": []}
    main(["--catalog", path, "demo"])
    capsys.readouterr()
    assert main(["--catalog", path, "check", "--fixity", "--json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["ok"] is False and document["counts"]["execution-before-trial"] == 1
    finding = document["findings"][0]
    assert set(finding) == {"check", "severity", "message", "records"}
    assert {"type": "person", "id": 1} in finding["records"]


def test_a_second_better_sourced_claim_shows_that_the_sources_disagree(demo_catalog):
    from archive_app.catalog.models import Event, Person

    vlasov = Person.get(Person.name == "Andrey Andreyevich Vlasov")
    other = records.create("source", title="Court records of the Military Collegium")
    second = records.create(
        "event", title="Executed by hanging", event_type="execution", date="1946-08-01"
    )
    links.take_part(vlasov.id, second.id, "executed")
    records.cite(other, "event", second.id, locator_label="page", locator="12")
    findings = [f for f in run_checks() if f.check == "sources-disagree"]
    assert len(findings) == 1
    assert "1945-08-01" in findings[0].message and "1946-08-01" in findings[0].message
    assert "Court records" in findings[0].message
    assert Event.select().where(Event.event_type == "execution").count() == 2  # both kept


def test_files_stored_relative_to_the_archive_root_are_found(catalog, tmp_path):
    from archive_app.catalog.importing.placement import save_archive_root

    root = tmp_path / "archive"
    (root / "box1").mkdir(parents=True)
    (root / "box1" / "print.tif").write_bytes(b"scan")
    save_archive_root(root)
    records.create("photo", file_path="box1/print.tif")
    assert "missing-file" not in summary(run_checks())
    records.create("photo", file_path="box1/lost.tif")
    assert summary(run_checks())["missing-file"] == 1
