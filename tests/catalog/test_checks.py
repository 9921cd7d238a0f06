"""Checks find damaged files and contradictory evidence, and never change what they check."""

from __future__ import annotations

import json
import sqlite3

import pytest

from archive_app.catalog import records
from archive_app.catalog.checks import run_checks, summary
from archive_app.catalog.models import Event, Photograph
from archive_app.cli import main


def test_the_demo_conflict_is_flagged_not_corrected_with_each_sides_paragraph(demo_catalog):
    findings = run_checks()
    assert summary(findings) == {"order-of-life": 1, "conflicting-claims": 1}
    order, claims = findings
    assert [(s.date, [c["locator"] for c in s.citations]) for s in order.sides] == [
        ("1946-22", ["8"]),
        ("1945-08-01", ["8"]),
    ]
    assert [(s.date, [c["locator"] for c in s.citations]) for s in claims.sides] == [
        ("1946", ["1"]),
        ("1945-08-01", ["8"]),
    ]
    assert all(f.severity == "warning" for f in findings)
    assert "Elhassan" not in order.message and "Generals" in order.sides[0].citations[0]["source"]


def test_a_reviewed_finding_is_quiet_until_a_record_under_it_changes(demo_catalog):
    from archive_app.catalog.checks import review_finding

    claims = next(f for f in run_checks() if f.check == "conflicting-claims")
    review_finding(claims.key, claims.fingerprint, "the source errs; the trial record stands")
    assert summary(run_checks()) == {"order-of-life": 1}
    (listed,) = [f for f in run_checks(include_reviewed=True) if f.key == claims.key]
    assert listed.review["current"] and "trial record" in listed.review["note"]
    execution = Event.get(Event.event_type == "execution")
    records.update("event", execution.id, execution.version, description="looked at again")
    (back,) = [f for f in run_checks() if f.key == claims.key]
    assert back.review["current"] is False  # returned, with the old note beside it


def test_a_new_citation_under_a_reviewed_finding_brings_it_back(demo_catalog):
    from archive_app.catalog.checks import review_finding
    from archive_app.catalog.models import Source

    order = next(f for f in run_checks() if f.check == "order-of-life")
    review_finding(order.key, order.fingerprint, "seen")
    assert "order-of-life" not in summary(run_checks())
    trial = Event.get(Event.event_type == "trial")
    records.cite(Source.get(), "event", trial.id, locator="9", confidence=3)
    assert "order-of-life" in summary(run_checks())


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


@pytest.mark.sqlite_only  # PostgreSQL enforces foreign keys for every program
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
    assert json.loads(capsys.readouterr().out) == {
        "ok": True,
        "counts": {},
        "reviewed": 0,
        "findings": [],
    }
    main(["--catalog", path, "demo"])
    capsys.readouterr()
    assert main(["--catalog", path, "check", "--fixity", "--json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["ok"] is False and document["counts"]["order-of-life"] == 1
    finding = document["findings"][0]
    assert set(finding) == {"key", "check", "severity", "message", "records", "sides", "review"}
    assert {"type": "person", "id": 1} in finding["records"]
    side = finding["sides"][1]
    assert side["date"] == "1945-08-01" and side["field"] == "date"
    assert side["citations"][0]["locator"] == "8" and side["citations"][0]["confidence"] == 1


def test_review_command_quiets_a_finding_and_check_all_lists_it(tmp_path, capsys):
    path = str(tmp_path / "c.db")
    main(["--catalog", path, "demo"])
    capsys.readouterr()
    main(["--catalog", path, "check", "--json"])
    key = json.loads(capsys.readouterr().out)["findings"][1]["key"]
    assert main(["--catalog", path, "review", key, "--note", "the source errs"]) == 0
    assert key in capsys.readouterr().out
    main(["--catalog", path, "check", "--json"])
    document = json.loads(capsys.readouterr().out)
    assert [f["key"] for f in document["findings"]] != [] and key not in str(document)
    main(["--catalog", path, "check", "--all", "--json"])
    listed = json.loads(capsys.readouterr().out)
    assert listed["reviewed"] == 1
    assert next(f for f in listed["findings"] if f["key"] == key)["review"]["note"] == (
        "the source errs"
    )
    assert main(["--catalog", path, "review", "no-such:key", "--note", "x"]) == 1
    assert "no finding has the key" in capsys.readouterr().err
    assert main(["--catalog", path, "review", key, "--note", "  "]) == 1
    assert "note" in capsys.readouterr().err


def test_check_prints_each_side_with_its_citations(tmp_path, capsys):
    path = str(tmp_path / "c.db")
    main(["--catalog", path, "demo"])
    capsys.readouterr()
    assert main(["--catalog", path, "check"]) == 1
    out = capsys.readouterr().out
    assert "key: conflicting-claims:" in out
    assert "paragraph 1 (confidence 2)" in out and "paragraph 8 (confidence 1)" in out


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


def _keys(findings) -> list[str]:
    return sorted(f.key for f in findings)


def test_recheck_after_a_change_rejudges_only_the_lives_it_touched(demo_catalog):
    from archive_app.catalog import links
    from archive_app.catalog.checks.run import recheck
    from archive_app.catalog.models import Citation, Event, Person

    before = run_checks()
    other = records.create("person", name="Someone else", death_date="1900")
    late = records.create("event", title="Votes", date="1920", event_type="election")
    links.take_part(other.id, late.id, "voter")
    touched = {"person": {other.id}, "event": {late.id}}
    after = recheck(before, touched)
    assert _keys(after) == _keys(run_checks()) and len(after) == 3

    execution = Event.get(Event.event_type == "execution")
    records.update("event", execution.id, execution.version, date="1946-08-01")
    after = recheck(after, {"event": {execution.id}})
    assert _keys(after) == _keys(run_checks()) == [f"after-death:event-{late.id},person-{other.id}"]

    citation = Citation.get(Citation.person == Person.get(Person.name.contains("Vlasov")).id)
    records.update("citation", citation.id, citation.version, confidence=0)
    after = recheck(after, {"citation": {citation.id}})
    assert _keys(after) == _keys(run_checks()) and "weak-support" in summary(after)


def test_check_refuses_an_unknown_rule_as_bad_usage_and_runs_one_rule(tmp_path, capsys):
    path = str(tmp_path / "c.db")
    main(["--catalog", path, "demo"])
    capsys.readouterr()
    assert main(["--catalog", path, "check", "--rule", "nope"]) == 2
    assert "no rule named 'nope'" in capsys.readouterr().err
    assert main(["--catalog", path, "check", "--rule", "uncited-link", "--json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert set(document["counts"]) == {"uncited-link"}


def test_check_fixity_shows_its_progress_on_stderr(tmp_path, capsys):
    path = str(tmp_path / "c.db")
    main(["--catalog", path, "demo"])
    capsys.readouterr()
    main(["--catalog", path, "check", "--fixity"])
    assert "fixity: 1 of 1 files (100%)" in capsys.readouterr().err


def test_a_review_is_journalled_in_the_history_of_each_record_it_is_about(demo_catalog):
    from archive_app.catalog import journal
    from archive_app.catalog.checks import review_finding
    from archive_app.catalog.models import Event

    claims = next(f for f in run_checks() if f.check == "conflicting-claims")
    review_finding(claims.key, claims.fingerprint, "the source errs")
    review_finding(claims.key, claims.fingerprint, "the Moscow trial record is authoritative")
    execution = Event.get(Event.event_type == "execution")
    for record_type, record_id in (("person", 1), ("event", execution.id)):
        labels = [entry.label for entry in journal.history(record_type, record_id)]
        assert labels[:2] == [f"Review finding {claims.key}"] * 2
    newest = journal.history("person", 1)[0]
    assert newest.rows[0].after["note"] == "the Moscow trial record is authoritative"
    assert newest.rows[0].before["note"] == "the source errs"


def test_recheck_after_a_batch_edit_of_many_records_judges_every_life(demo_catalog, monkeypatch):
    from archive_app.catalog.checks import run as checks_run

    monkeypatch.setattr(checks_run, "RECHECK_LIMIT", 3)
    before = run_checks()
    after = checks_run.recheck(before, {"photo": set(range(1, 10))})
    assert _keys(after) == _keys(before)
