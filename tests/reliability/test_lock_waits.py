"""Writes wait for another program's write instead of failing, searches never wait, and a wait
that runs out says so in one line, naming the holder where the system can tell."""

from __future__ import annotations

import json
import os
import sys
import threading
import time

import pytest
from lockholders import archive_app, sqlite_write_held

from archive_app.catalog import records
from archive_app.catalog.database import open_catalog
from archive_app.catalog.demo import seed_demo
from archive_app.catalog.errors import StorageError
from archive_app.catalog.exports.json_export import FORMAT_NAME
from archive_app.catalog.models import Person
from archive_app.catalog.search.execute import search

pytestmark = pytest.mark.faults  # held locks, also part of the fault-injection run


@pytest.fixture
def demo_file(tmp_path):
    path = tmp_path / "catalog.db"
    with open_catalog(path) as catalog:
        seed_demo(catalog)
    return path


def test_an_edit_waits_for_another_programs_write_and_then_succeeds(demo_file):
    with sqlite_write_held(demo_file):
        edit = archive_app("--catalog", str(demo_file), "edit", "person", "1", "name=Waited")
        time.sleep(1.5)  # the edit starts and meets the lock (it waits up to 10 s)
    out, err = edit.communicate(timeout=60)
    assert edit.returncode == 0, err
    with open_catalog(demo_file):
        assert Person.get_by_id(1).name == "Waited"


def test_an_import_and_a_load_wait_for_another_programs_write(demo_file, tmp_path):
    from PIL import Image

    scans = tmp_path / "scans"
    scans.mkdir()
    for n in range(2):
        Image.new("RGB", (64, 48), (n * 90, 20, 20)).save(scans / f"s{n}.jpg")
    export = tmp_path / "people.json"
    people = [{"id": n, "name": f"Loaded {n}"} for n in range(1, 5)]
    export.write_text(json.dumps({"format": FORMAT_NAME, "version": 1, "people": people}))
    with sqlite_write_held(demo_file):
        started = [
            archive_app("--catalog", str(demo_file), "import", str(scans), "--workers", "1"),
            archive_app("--catalog", str(demo_file), "load", str(export)),
        ]
        time.sleep(1.5)
    for process in started:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    with open_catalog(demo_file):
        assert Person.select().count() == 8  # the demo's four, and four loaded


def test_a_transaction_that_reads_before_it_writes_waits_too(demo_file):
    with open_catalog(demo_file), sqlite_write_held(demo_file) as holder:
        person = Person.get_by_id(2)

        def release_soon():
            time.sleep(0.5)
            holder.stdin.close()

        threading.Thread(target=release_soon, daemon=True).start()
        records.update("person", 2, person.version, name="Written after the wait")
        assert Person.get_by_id(2).name == "Written after the wait"


def test_two_simultaneous_edits_both_succeed(demo_file):
    for round_number in range(3):
        edits = [
            archive_app(
                "--catalog", str(demo_file), "edit", "person", str(pid), f"name=R{round_number}"
            )
            for pid in (1, 2)
        ]
        for edit in edits:
            _out, err = edit.communicate(timeout=60)
            assert edit.returncode == 0, err
    with open_catalog(demo_file):
        assert {Person.get_by_id(1).name, Person.get_by_id(2).name} == {"R2"}


def test_search_works_while_another_program_writes(demo_file):
    with sqlite_write_held(demo_file):
        found = archive_app("--catalog", str(demo_file), "search", "vlasov")
        out, err = found.communicate(timeout=60)
    assert found.returncode == 0, err
    assert "Vlasov" in out
    with open_catalog(demo_file):  # and the index catches up afterwards
        assert search("vlasov").total > 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/locks names the holder")
def test_a_wait_that_runs_out_is_one_line_naming_the_holder(demo_file):
    env = {**os.environ, "ARCHIVE_APP_LOCK_WAIT": "0.3"}
    with sqlite_write_held(demo_file) as holder:
        edit = archive_app("--catalog", str(demo_file), "edit", "person", "1", "name=X", env=env)
        out, err = edit.communicate(timeout=60)
    assert edit.returncode == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert f"process {holder.pid}" in lines[0]
    assert "within 0.3 s; nothing was changed" in lines[0]


def test_a_held_row_lock_on_postgresql_ends_the_edit_with_one_line(server_database, monkeypatch):
    import psycopg

    monkeypatch.setenv("ARCHIVE_APP_LOCK_WAIT", "0.5")
    with open_catalog(server_database):
        person = records.create("person", name="Locked")
        with psycopg.connect(server_database) as holder:
            holder.execute("UPDATE person SET name = 'Held' WHERE id = %s", [person.id])
            with pytest.raises(StorageError, match="another session is changing the same"):
                records.update("person", person.id, person.version, name="Mine")
            holder.rollback()
        records.update("person", person.id, person.version, name="Mine")  # free again
        assert Person.get_by_id(person.id).name == "Mine"
