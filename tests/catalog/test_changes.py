"""The one write path: a change is one transaction and one journal entry, checks the versions the
user saw, and announces what it did; two connections racing on one record lose nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from archive_app.catalog import changes, journal, links, records
from archive_app.catalog.changes import change, subscribe
from archive_app.catalog.errors import InvalidField, RecordNotFound, StaleEdit
from archive_app.catalog.models import Event, JournalEntry, Person, PhotoPerson


def test_a_change_is_one_journal_entry_and_one_change_set(catalog):
    seen = []
    unsubscribe = subscribe(seen.append)
    try:
        photo = records.create("photo", title="Parade")
        person = records.create("person", name="Andrey Vlasov")
        before = JournalEntry.select().count()
        with change("Identify Vlasov", expect={("photo", photo.id): 1}) as ch:
            records.update("person", person.id, 1, birth_date="1901-09-14")
            link = links.depict(photo.id, person.id, links.Region(0.1, 0.2, 0.3, 0.4))
    finally:
        unsubscribe()
    assert JournalEntry.select().count() == before + 1
    done = ch.change_set
    assert done is not None and done.change_id == seen[-1].change_id
    assert done.label == "Identify Vlasov"
    assert done.changed == {"person": {person.id}}
    assert done.created == {"photo_person": {link.id}}
    assert done.touches("photo", photo.id)  # the link points at it
    (entry,) = journal.history("person", person.id, limit=1)
    by_type = {row.record_type: row for row in entry.rows}
    assert by_type["person"].before == {"birth_date": None, "birth_date_earliest": None,
                                        "birth_date_latest": None, "version": 1}  # fmt: skip
    assert by_type["person"].after["birth_date_latest"] == "1901-09-14"
    assert by_type["photo_person"].after["region_w"] == 0.3


def test_a_failed_step_writes_nothing_and_no_entry(catalog):
    person = records.create("person", name="Andrey Vlasov")
    entries = JournalEntry.select().count()
    with pytest.raises(InvalidField), change("Two edits"):
        records.update("person", person.id, 1, name="A. A. Vlasov")
        records.update("person", person.id, 2, birth_date="not a date")
    assert Person.get_by_id(person.id).name == "Andrey Vlasov"
    assert JournalEntry.select().count() == entries


def test_every_expected_version_is_checked_not_only_the_first(catalog):
    first = records.create("person", name="Vlasov")
    second = records.create("person", name="Malyshkin")
    records.update("person", second.id, 1, biography="chief of staff")
    expect = {("person", first.id): 1, ("person", second.id): 1}
    with pytest.raises(StaleEdit) as caught, change("Edit two", expect=expect):
        records.update("person", first.id, 1, biography="never written")
    assert Person.get_by_id(first.id).biography is None
    error = caught.value
    assert (error.record_id, error.expected, error.current) == (second.id, 1, 2)
    assert error.changed_by[0][2] == ["biography"]
    assert "changed biography" in str(error)


def test_a_record_deleted_since_it_was_read_is_refused_saying_so(catalog):
    person = records.create("person", name="Vlasov")
    records.delete("person", person.id)
    with pytest.raises(StaleEdit, match="was deleted by"):
        records.update("person", person.id, 1, name="Vlasov, A.")
    with pytest.raises(RecordNotFound):
        records.update("person", 999, 1, name="nobody")


def test_two_connections_racing_on_one_record_lose_nothing(catalog):
    """Two threads (each with its own SQLite connection) save over the same version: one wins,
    the other is refused and says who won; the winner's text stays."""
    person = records.create("person", name="Vlasov")
    start = threading.Barrier(2)
    outcome: dict[str, object] = {}

    def save(text: str) -> None:
        changes.set_user_name(None)
        start.wait()
        try:
            records.update("person", person.id, 1, biography=text)
            outcome[text] = "saved"
        except StaleEdit as exc:
            outcome[text] = exc
        finally:
            catalog.database.close()

    threads = [threading.Thread(target=save, args=(t,)) for t in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = [t for t, r in outcome.items() if r == "saved"]
    refused = [r for r in outcome.values() if isinstance(r, StaleEdit)]
    assert len(saved) == 1 and len(refused) == 1
    assert Person.get_by_id(person.id).biography == saved[0]
    assert Person.get_by_id(person.id).version == 2
    assert refused[0].changed_by and refused[0].changed_by[0][2] == ["biography"]


def test_a_save_over_another_processs_edit_names_who_and_what(catalog):
    person = records.create("person", name="Vlasov")
    env = {**os.environ, "ARCHIVE_APP_USER": "Irina at the reading room"}
    subprocess.run(
        [sys.executable, "-m", "archive_app", "--catalog", catalog.location, "edit", "person",
         str(person.id), "biography=From the other window", "--version", "1"],
        env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    with pytest.raises(StaleEdit) as caught:
        records.update("person", person.id, 1, biography="mine")
    assert "Irina at the reading room" in str(caught.value)
    assert Person.get_by_id(person.id).biography == "From the other window"


def test_who_is_the_preferences_name_else_the_environment_else_the_os_user(catalog, monkeypatch):
    monkeypatch.setenv(changes.USER_ENV_VARIABLE, "  Irina   K. ")
    changes.set_user_name("")
    assert changes.current_user() == "Irina K."
    changes.set_user_name("Archivist on duty")
    try:
        records.create("person", name="Vlasov")
        assert journal.history(limit=1)[0].who.startswith("Archivist on duty")
    finally:
        changes.set_user_name(None)
    monkeypatch.delenv(changes.USER_ENV_VARIABLE)
    assert changes.current_user()


def test_a_change_that_writes_nothing_leaves_no_entry(catalog):
    photo = records.create("photo", title="Parade")
    links.tag_photos([photo.id], ["ROA"])
    entries = JournalEntry.select().count()
    with change("Tag again") as ch:
        links.tag_photos([photo.id], ["ROA"])
    assert ch.change_set is not None and ch.change_set.change_id is None
    assert JournalEntry.select().count() == entries


def test_a_changed_row_whose_writer_forgot_the_version_still_gets_it_bumped(catalog):
    photo = records.create("photo", title="Parade")
    person = records.create("person", name="Vlasov")
    link = links.depict(photo.id, person.id)
    links.set_region(link.id, links.Region(0, 0, 0.5, 0.5))
    assert PhotoPerson.get_by_id(link.id).version == 2


def test_a_date_written_through_a_change_gets_its_bounds(catalog):
    event = records.create("event", title="Prague manifesto")
    with change("Date the manifesto") as ch:
        ch.update(Event, [event.id], {"date": "1944-11"})
    found = Event.get_by_id(event.id)
    assert (found.date_earliest, found.date_latest, found.version) == (
        "1944-11-01",
        "1944-11-30",
        2,
    )
    with pytest.raises(InvalidField), change("Bad date") as ch:
        ch.update(Event, [event.id], {"date": "November"})


def test_a_catalogue_action_is_one_change(catalog):
    entries = JournalEntry.select().count()
    with catalog.action("Two people") as ch:
        records.create("person", name="Vlasov")
        records.create("person", name="Malyshkin")
    assert JournalEntry.select().count() == entries + 1
    assert ch.change_set is not None and len(ch.change_set.created["person"]) == 2
