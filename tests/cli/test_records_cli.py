"""The command line: demo, list, show, --version, and one-line errors with exit statuses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from archive_app import __version__


def test_list_person_json_lists_the_four_people(demo_db, cli):
    status, out, err = cli("--catalog", demo_db, "list", "person", "--json")
    assert status == 0 and err == ""
    document = json.loads(out)
    assert document["type"] == "person" and document["count"] == 4
    names = {r["name"] for r in document["records"]}
    assert names == {
        "Andrey Andreyevich Vlasov",
        "Heinrich Himmler",
        "Joseph Stalin",
        "Chiang Kai-shek",
    }
    vlasov = next(r for r in document["records"] if "Vlasov" in r["name"])
    assert vlasov["birth_date"] == {
        "edtf": "1900",
        "earliest": "1900-01-01",
        "latest": "1900-12-31",
    }
    assert set(vlasov) >= {
        "id",
        "name",
        "sort_name",
        "death_date",
        "version",
        "created",
        "modified",
    }


def test_list_event_json_gives_the_sixteen_events_with_edtf_dates(demo_db, cli):
    status, out, _ = cli("--catalog", demo_db, "list", "event", "--json")
    document = json.loads(out)
    assert status == 0 and document["count"] == 16
    dates = [r["date"]["edtf"] for r in document["records"]]
    assert "1945-08-01" in dates and "1946-22" in dates and "1942-07~" in dates
    earliest = [r["date"]["earliest"] for r in document["records"]]
    assert earliest == sorted(earliest)
    assert document["records"][0]["place"] is None or "name" in document["records"][0]["place"]


def test_show_photo_json_has_regions_and_citations(demo_db, cli):
    _, out, _ = cli("--catalog", demo_db, "list", "photo", "--json")
    photo_id = json.loads(out)["records"][0]["id"]
    status, out, _ = cli("--catalog", demo_db, "show", "photo", str(photo_id), "--json")
    record = json.loads(out)["record"]
    assert status == 0
    people = {p["person"]["name"]: p for p in record["people"]}
    assert (
        people["Heinrich Himmler"]["region"]["x"]
        < people["Andrey Andreyevich Vlasov"]["region"]["x"]
    )
    citation = people["Andrey Andreyevich Vlasov"]["citations"][0]
    assert citation["source"]["title"].startswith("12 Generals")
    assert citation["target"]["type"] == "photo_person"
    assert record["tags"] == sorted(record["tags"])


def test_show_person_text_lists_names_and_events(demo_db, cli):
    status, out, _ = cli("--catalog", demo_db, "show", "person", "1")
    assert status == 0
    assert "Власов" in out and "1900" in out


def test_list_in_text_form_prints_one_line_per_record(demo_db, cli):
    status, out, _ = cli("--catalog", demo_db, "list", "event")
    assert status == 0 and len(out.strip().splitlines()) == 16


def test_demo_twice_says_it_is_already_there(demo_db, cli):
    status, out, _ = cli("--catalog", demo_db, "demo")
    assert status == 0 and "already" in out
    status, out, _ = cli("--catalog", demo_db, "demo", "--reset")
    assert status == 0 and "seeded" in out


@pytest.mark.parametrize(
    ("argv", "status", "fragment"),
    [
        (["list", "shoes"], 2, "unknown record type"),
        (["show", "person", "abc"], 2, "not a whole number"),
        (["show", "person", "-3"], 2, ""),
        (["show", "person", "999"], 1, "no person with id 999"),
        (["list"], 2, "required"),
        (["frobnicate"], 2, "invalid choice"),
        (["--bogus"], 2, "unrecognized"),
    ],
)
def test_errors_are_one_line_on_stderr_with_the_right_status(demo_db, cli, argv, status, fragment):
    code, out, err = cli("--catalog", demo_db, *argv)
    assert code == status
    assert len(err.strip().splitlines()) == 1 and err.startswith("archive-app: ")
    assert fragment in err
    assert "Traceback" not in err


def test_a_catalogue_that_is_not_one_gets_a_one_line_error(tmp_path, cli):
    bad = tmp_path / "bad.db"
    bad.write_text("not a database")
    code, _, err = cli("--catalog", str(bad), "list", "person")
    assert code == 1 and "not a catalogue" in err
    assert bad.read_text() == "not a database"


def test_the_environment_variable_names_the_catalogue(demo_db, cli, monkeypatch):
    monkeypatch.setenv("ARCHIVE_APP_CATALOG", demo_db)
    status, out, _ = cli("list", "person", "--json")
    assert json.loads(out)["count"] == 4


def test_the_server_url_without_its_driver_or_server_is_a_clear_error(cli):
    code, _, err = cli("--catalog", "postgresql://nobody@127.0.0.1:1/none", "list", "person")
    assert code == 1
    assert "psycopg" in err or "cannot reach" in err


def _run_module(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "archive_app", *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def test_python_dash_m_runs_the_same_command_line(tmp_path):
    result = _run_module("--version", cwd=tmp_path)
    assert result.returncode == 0 and __version__ in result.stdout
    result = _run_module("--catalog", "x.db", "demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    result = _run_module("--catalog", "x.db", "list", "person", "--json", cwd=tmp_path)
    assert json.loads(result.stdout)["count"] == 4
    result = _run_module("--catalog", "x.db", "show", "event", "77", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
