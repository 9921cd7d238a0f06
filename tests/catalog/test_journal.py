"""History and revert: every record and link type goes back exactly as it was; a revert over a
later edit of the same fields is refused; other programs' changes are found in the journal."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from archive_app.catalog import changes, journal, links, records
from archive_app.catalog.models import CITABLE, PersonEvent, PhotoEvent, PhotoPerson, PhotoTag
from archive_app.catalog.serialize import model_for


def _state(catalog) -> dict[str, list[tuple]]:
    """Every row of every journalled table, without the modified stamp and version."""
    found = {}
    for name, model in changes.journalled_models().items():
        fields = [f for f in model._meta.sorted_fields if f.name not in ("modified", "version")]
        found[name] = sorted(model.select(*fields).tuples())
    return found


def _base(catalog) -> dict[str, Any]:
    source = records.create("source", title="Vlasov and the ROA", issued="1987")
    collection = records.create("collection", name="Fonds 1")
    place = records.create("place", name="Moscow", latitude=55.75, longitude=37.6)
    person = records.create("person", name="Andrey Vlasov", birth_date="1901")
    event = records.create("event", title="Prague manifesto", date="1944-11-14")
    photo = records.create("photo", title="Parade", collection=collection, place=place)
    return dict(source=source, collection=collection, place=place, person=person, event=event,
                photo=photo)  # fmt: skip


ACTIONS: dict[str, Callable[[dict[str, Any]], None]] = {
    "create person": lambda b: records.create("person", name="Malyshkin", death_date="1946"),
    "edit photo": lambda b: records.update(
        "photo", b["photo"].id, 1, title="Parade, 1942", date="1942?"
    ),  # fmt: skip
    "edit place": lambda b: records.update("place", b["place"].id, 1, latitude=50.0),
    "edit source": lambda b: records.update("source", b["source"].id, 1, issued="1988"),
    "delete person": lambda b: records.delete("person", b["person"].id),
    "delete photo": lambda b: records.delete("photo", b["photo"].id),
    "delete place": lambda b: records.delete("place", b["place"].id),
    "delete event": lambda b: records.delete("event", b["event"].id),
    "depict": lambda b: links.depict(b["photo"].id, b["person"].id, links.Region(0, 0, 0.5, 0.5)),
    "unlink event": lambda b: links.unlink("photo_event", PhotoEvent.select().first().id),
    "take part": lambda b: links.take_part(b["person"].id, b["event"].id, role="author"),
    "tag": lambda b: links.tag_photos([b["photo"].id], ["ROA", "parade"]),
    "cite": lambda b: records.cite(b["source"], "person", b["person"].id, locator="12"),
}


def _linked(base: dict[str, Any]) -> None:
    """Links of every kind, with citations on them, so that deletes take them along."""
    photo_person = links.depict(base["photo"].id, base["person"].id, links.Region(0, 0, 0.2, 0.2))
    photo_event = links.show_event(base["photo"].id, base["event"].id)
    person_event = links.take_part(base["person"].id, base["event"].id, role="speaker")
    links.tag_photos([base["photo"].id], ["ROA"])
    for target, row in (("photo_person", photo_person), ("photo_event", photo_event),
                        ("person_event", person_event), ("photo", base["photo"])):  # fmt: skip
        records.cite(base["source"], target, row.id, locator="p. 3")


@pytest.mark.parametrize("action", list(ACTIONS))
def test_revert_puts_every_record_and_link_back_exactly(catalog, action):
    base = _base(catalog)
    _linked(base)
    before = _state(catalog)
    ACTIONS[action](base)
    changed = journal.history(limit=1)[0]
    assert _state(catalog) != before
    undone = journal.revert(changed.id)
    assert _state(catalog) == before
    assert undone.change_id == journal.history(limit=1)[0].id  # the revert is a change too
    journal.revert(undone.change_id)  # and can itself be reverted: the action is back
    assert _state(catalog) != before


def test_unlink_region_and_untag_revert_too(catalog):
    base = _base(catalog)
    _linked(base)
    before = _state(catalog)
    for step in (
        lambda: links.unlink("photo_person", PhotoPerson.select().first().id),
        lambda: links.unlink("photo_event", PhotoEvent.select().first().id),
        lambda: links.unlink("person_event", PersonEvent.select().first().id),
        lambda: links.set_region(PhotoPerson.select().first().id, None),
        lambda: links.untag_photos([base["photo"].id], ["ROA"]),
    ):
        step()
        assert _state(catalog) != before
        journal.revert(journal.history(limit=1)[0].id)
        assert _state(catalog) == before
    assert PhotoTag.select().count() == 1


def test_revert_is_refused_after_a_later_edit_of_the_same_field(catalog):
    person = records.create("person", name="Vlasov")
    records.update("person", person.id, 1, biography="first")
    mine = journal.history(limit=1)[0].id
    changes.set_user_name("Irina")
    try:
        records.update("person", person.id, 2, biography="second")
    finally:
        changes.set_user_name(None)
    entries = len(journal.history())
    with pytest.raises(journal.RevertConflict) as caught:
        journal.revert(mine)
    message = str(caught.value)
    assert "biography" in message and "Irina" in message and "nothing was changed" in message
    assert model_for("person").get_by_id(person.id).biography == "second"
    assert len(journal.history()) == entries


def test_revert_of_another_field_goes_through_after_a_later_edit(catalog):
    person = records.create("person", name="Vlasov")
    records.update("person", person.id, 1, biography="General")
    mine = journal.history(limit=1)[0].id
    records.update("person", person.id, 2, birth_date="1901")
    journal.revert(mine)
    found = model_for("person").get_by_id(person.id)
    assert (found.biography, found.birth_date, found.version) == (None, "1901", 4)


def test_revert_of_a_creation_is_refused_when_later_links_hang_on_it(catalog):
    person = records.create("person", name="Vlasov")
    created = journal.history(limit=1)[0].id
    photo = records.create("photo", title="Parade")
    links.depict(photo.id, person.id)
    with pytest.raises(journal.RevertConflict, match="is now used by photo_person"):
        journal.revert(created)


def test_history_of_a_record_shows_its_links_and_who_when_what(catalog):
    base = _base(catalog)
    links.depict(base["photo"].id, base["person"].id)
    records.update("person", base["person"].id, 1, biography="General")
    entries = journal.history("person", base["person"].id)
    assert [e.label for e in entries] == ["Edit person", "Link person to photo", "New person"]
    assert entries[0].rows[0].fields == ["biography"]
    assert entries[0].as_json()["rows"][0]["before"] == {"biography": None, "version": 1}
    assert journal.history("person", base["person"].id, since="2999-01-01") == []
    with pytest.raises(Exception, match="not a date"):
        journal.history(since="yesterday")


def test_prune_forgets_old_entries_and_leaves_the_records(catalog):
    person = records.create("person", name="Vlasov")
    assert journal.prune("2000-01-01") == 0
    assert journal.prune("2999-01-01") >= 1
    assert journal.size()["entries"] == 0
    assert model_for("person").get_by_id(person.id).name == "Vlasov"


def test_other_programs_changes_are_found_and_own_ones_are_not_repeated(catalog):
    watcher = journal.ExternalChanges()
    person = records.create("person", name="Vlasov")
    assert watcher.poll() == []  # announced in-process already
    subprocess.run(  # another program: the command line
        [sys.executable, "-m", "archive_app", "--catalog", catalog.location, "edit", "person",
         str(person.id), "biography=General", "--version", "1"],
        env={**os.environ, "ARCHIVE_APP_USER": "cli"}, check=True, capture_output=True,
        timeout=120,
    )  # fmt: skip
    assert watcher.wait(30)  # at once: SQLite's data_version moved, or the server notified
    (found,) = watcher.poll()
    assert (
        found.external and found.changed == {"person": {person.id}} and found.who.startswith("cli")
    )
    assert not watcher.anything_new() and watcher.poll() == []
    watcher.close()


def test_citable_targets_all_have_journal_names(catalog):
    names = changes.journalled_models()
    assert set(CITABLE) <= set(names)


@pytest.mark.sqlite_only
def test_the_journal_survives_a_backup_and_a_restore(catalog_path, tmp_path):
    from archive_app.catalog import backup
    from archive_app.catalog.database import open_catalog

    with open_catalog(catalog_path) as opened:
        person = records.create("person", name="Vlasov")
        records.update("person", person.id, 1, biography="General")
        copy = backup.backup(opened, tmp_path / "copy.db")
        records.update("person", person.id, 2, biography="after the backup")
    backup.restore(catalog_path, copy)
    with open_catalog(catalog_path):
        labels = [entry.label for entry in journal.history("person", person.id)]
        assert labels == ["Edit person", "New person"]
        journal.revert(journal.history(limit=1)[0].id)  # and a change from before still reverts
        assert model_for("person").get_by_id(person.id).biography is None
