"""The command line changes the catalogue: add, edit and delete records, link and unlink them,
cite a source for a link; and every wrong field, value, id or version is one line, nothing
written."""

from __future__ import annotations

import json

import pytest

from archive_app.catalog.database import open_catalog
from archive_app.catalog.models import Citation, Person, PersonEvent, PhotoPerson, Source


def _people(path: str) -> dict[str, Person]:
    with open_catalog(path):
        return {person.name: person for person in Person.select()}


def test_add_edit_and_delete_a_person(demo_db, cli):
    status, out, err = cli(
        "--catalog", demo_db, "add", "person", "name=Pavel  Ivanov",
        "birth_date=1905?", "sort_name=Ivanov, Pavel", "--json",
    )  # fmt: skip
    assert (status, err) == (0, "")
    record = json.loads(out)["record"]
    assert record["name"] == "Pavel  Ivanov" and record["birth_date"]["earliest"] == "1905-01-01"
    person_id = record["id"]

    status, out, err = cli(
        "--catalog", demo_db, "edit", "person", str(person_id), "name=Pavel Ivanov",
        "biography=Adjutant = aide", "sort_name=", "--version", "1",
    )  # fmt: skip
    assert (status, err) == (0, "")
    assert out.startswith(f"changed person {person_id} (version 2): Pavel Ivanov")
    pavel = _people(demo_db)["Pavel Ivanov"]
    assert (pavel.biography, pavel.sort_name, pavel.version) == ("Adjutant = aide", None, 2)

    status, out, err = cli("--catalog", demo_db, "delete", "person", str(person_id))
    assert status == 1 and "add --yes" in err and "would delete" in out
    assert "Pavel Ivanov" in _people(demo_db)
    status, out, _ = cli(
        "--catalog", demo_db, "delete", "person", str(person_id), "--yes", "--json"
    )
    assert status == 0 and json.loads(out)["deleted"] is True
    assert "Pavel Ivanov" not in _people(demo_db)


def test_an_edit_from_an_old_version_is_refused(demo_db, cli):
    vlasov = _people(demo_db)["Andrey Andreyevich Vlasov"]
    args = ("--catalog", demo_db, "edit", "person", str(vlasov.id))
    assert cli(*args, "biography=first", "--version", str(vlasov.version))[0] == 0
    status, _, err = cli(*args, "biography=second", "--version", str(vlasov.version))
    assert status == 1 and "changed by someone else" in err
    assert _people(demo_db)["Andrey Andreyevich Vlasov"].biography == "first"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["add", "person", "nam=X"], "nam: is not a field of person you can set"),
        (["add", "person", "name=X", "birth_date=1905-13"], "is not an EDTF date"),
        (["add", "person", "name="], "name: is required"),
        (["add", "person", "=x"], "write each field as name=value"),
        (["add", "person", "name=X", "name=Y"], "name: is given twice"),
        (["add", "event", "title=Visit", "place=999"], "place: there is no place 999"),
        (["add", "event", "title=Visit", "place=moscow"], "is not a record id"),
        (["add", "place", "name=Kyiv", "latitude=north"], "latitude: 'north' is not a number"),
        (["add", "place", "name=Kyiv", "latitude=nan"], "is not a finite number"),
        (["add", "place", "name=Kyiv", "latitude=91"], "coordinates: are out of range"),
        (["add", "source", "title=T", 'extra=["a"]'], "extra: must be a JSON object"),
        (["add", "source", "title=T", "extra={"], "extra: is not JSON"),
        (["add", "citation", "source=1", "locator=4"], "citation: must support exactly one"),
        (["add", "citation", "source=1", "event=2", "confidence=9"], "confidence: must be from"),
        (["add", "citation", "source=1", "event=2", "confidence=high"], "not a whole number"),
        (["edit", "photo", "1", "sha256=abc"], "sha256: is not a field of photo you can set"),
        (["edit", "person", "99", "name=X"], "no person with id 99"),
        (["edit", "person", "1", "name=X", "--version", "0"], "--version 0 must be 1 or more"),
        (["delete", "source", "1"], "is cited by"),
        (["delete", "source", "1", "--yes"], "is cited by"),
        (["add", "spaceship", "name=X"], "unknown record type"),
    ],
)
def test_wrong_input_is_one_line_and_writes_nothing(demo_db, cli, argv, message):
    with open_catalog(demo_db):
        before = [model.select().count() for model in (Person, Citation, Source)]
    status, out, err = cli("--catalog", demo_db, *argv)
    assert status in (1, 2) and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    with open_catalog(demo_db):
        assert [model.select().count() for model in (Person, Citation, Source)] == before


def test_link_a_person_into_a_photograph_cite_it_and_unlink_it(demo_db, cli):
    status, out, _ = cli("--catalog", demo_db, "add", "person", "name=Pavel Ivanov", "--json")
    person_id = json.loads(out)["record"]["id"]
    status, out, err = cli(
        "--catalog", demo_db, "link", "photo-person", "1", str(person_id),
        "--role", "adjutant", "--region", "0.05,0.1,0.2,0.5", "--json",
    )  # fmt: skip
    assert (status, err) == (0, "")
    link = json.loads(out)
    assert link["role"] == "adjutant" and link["region"] == {
        "x": 0.05,
        "y": 0.1,
        "w": 0.2,
        "h": 0.5,
    }
    status, out, _ = cli(
        "--catalog", demo_db, "add", "citation", "source=1",
        f"photo_person={link['id']}", "locator_label=paragraph", "locator=3",
    )  # fmt: skip
    assert status == 0
    with open_catalog(demo_db):
        assert Citation.select().where(Citation.photo_person == link["id"]).count() == 1
    assert cli("--catalog", demo_db, "link", "person-event", str(person_id), "3")[0] == 0

    status, out, _ = cli("--catalog", demo_db, "unlink", "photo-person", str(link["id"]))
    assert status == 0 and "removed" in out
    with open_catalog(demo_db):
        assert not PhotoPerson.select().where(PhotoPerson.id == link["id"]).exists()
        assert Citation.select().where(Citation.photo_person == link["id"]).count() == 0
        assert PersonEvent.select().where(PersonEvent.person == person_id).count() == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["link", "photo-person", "1", "99"], "no person with id 99"),
        (["link", "photo-person", "1", "2", "--region", "0.9,0.1,0.2,0.2"], "within the image"),
        (["link", "photo-person", "1", "2", "--region", "1,2"], "write it as X,Y,W,H"),
        (["link", "photo-person", "1", "2", "--region", "a,b,c,d"], "not a number"),
        (["link", "photo-person", "1", "2", "--region", "inf,0,0.1,0.1"], "not a number"),
        (["link", "photo-event", "1", "2", "--role", "x"], "--role does not apply"),
        (["link", "person-event", "1", "2", "--region", "0,0,1,1"], "--region does not apply"),
        (["link", "photo-rocket", "1", "2"], "unknown link kind"),
        (["link", "photo-person", "x", "2"], "is not a whole number"),
        (["unlink", "photo-person", "999"], "no photo_person link with id 999"),
    ],
)
def test_wrong_links_are_one_line(demo_db, cli, argv, message):
    with open_catalog(demo_db):
        before = PhotoPerson.select().count()
    status, out, err = cli("--catalog", demo_db, *argv)
    assert status in (1, 2) and out == "" and message in err and "Traceback" not in err
    with open_catalog(demo_db):
        assert PhotoPerson.select().count() == before


def test_a_full_disk_is_one_line_and_exit_status_1(demo_db, cli, monkeypatch):
    import archive_app.cli.common as common

    opened = common.open_catalog

    def on_a_full_disk(location):
        catalog = opened(location)
        pages = catalog.database.execute_sql("PRAGMA page_count").fetchone()[0]
        catalog.database.execute_sql(f"PRAGMA max_page_count = {pages}")
        return catalog

    monkeypatch.setattr(common, "open_catalog", on_a_full_disk)
    status, out, err = cli(
        "--catalog", demo_db, "add", "person", "name=P", "biography=" + "y" * 300_000
    )
    assert status == 1 and out == "" and "Traceback" not in err
    assert err.startswith("archive-app: the disk is full; nothing was changed")
    assert "P" not in {p.name for p in _people(demo_db).values()}


def test_editing_a_citations_target_moves_it(demo_db, cli):
    with open_catalog(demo_db):
        citation = Citation.select().where(Citation.event.is_null(False)).first()
        old_event = citation.event_id
    status, out, err = cli("--catalog", demo_db, "edit", "citation", str(citation.id), "person=1")
    assert (status, err) == (0, "")
    with open_catalog(demo_db):
        moved = Citation.get_by_id(citation.id)
        assert (moved.person_id, moved.event_id) == (1, None) and old_event is not None
    status, _, err = cli(
        "--catalog", demo_db, "edit", "citation", str(citation.id), "person=1", "event=2"
    )
    assert status == 1 and "must support exactly one" in err


def test_tags_go_on_and_come_off_photographs(demo_db, cli):
    status, out, err = cli("--catalog", demo_db, "add", "photo", "title=Second", "--json")
    second = json.loads(out)["record"]["id"]
    status, out, err = cli(
        "--catalog", demo_db, "tag", "1", str(second), "--add", "Dabendorf  camp",
        "--remove", "defector", "--json",
    )  # fmt: skip
    assert (status, err) == (0, "")
    assert json.loads(out) == {"photos": [1, second], "added": 2, "removed": 1}
    with open_catalog(demo_db):
        from archive_app.catalog.links import photo_tags

        assert "Dabendorf camp" in photo_tags(1) and "defector" not in photo_tags(1)
        assert photo_tags(second) == ["Dabendorf camp"]


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["tag", "1", "99", "--add", "x"], 1, "no photo with id 99"),
        (["tag", "1"], 2, "name a tag with --add"),
        (["tag", "one", "--add", "x"], 2, "is not a whole number"),
    ],
)
def test_wrong_tagging_is_one_line_and_changes_nothing(demo_db, cli, argv, status, message):
    from archive_app.catalog.models import PhotoTag, Tag

    with open_catalog(demo_db):
        before = (PhotoTag.select().count(), Tag.select().count())
    result, out, err = cli("--catalog", demo_db, *argv)
    assert (result, out) == (status, "") and message in err
    with open_catalog(demo_db):
        assert (PhotoTag.select().count(), Tag.select().count()) == before
