"""Links between records, and snapshots that let a delete be undone exactly."""

from __future__ import annotations

import pytest

from archive_app.catalog import links, records, snapshot
from archive_app.catalog.errors import InvalidField, RecordNotFound
from archive_app.catalog.models import (
    Citation,
    Event,
    Person,
    PersonEvent,
    PersonName,
    Photograph,
    PhotoPerson,
    PhotoTag,
)
from archive_app.catalog.serialize import describe


def test_depicting_a_person_with_a_region_and_moving_it(catalog):
    photo = records.create("photo", title="p")
    person = records.create("person", name="Vlasov")
    link = links.depict(photo.id, person.id, links.Region(0.5, 0.1, 0.4, 0.8))
    moved = links.set_region(link.id, links.Region(0.4, 0.2, 0.3, 0.5))
    assert (moved.region_x, moved.region_w) == (0.4, 0.3)
    assert moved.version == link.version + 1
    assert links.set_region(link.id, None).region_x is None


@pytest.mark.parametrize(
    "region",
    [
        links.Region(0.8, 0.1, 0.5, 0.5),
        links.Region(-0.1, 0, 0.2, 0.2),
        links.Region(0.1, 0.1, 0, 0.2),
        links.Region(float("nan"), 0.1, 0.2, 0.2),
    ],
)
def test_a_region_outside_the_image_is_refused_at_the_field(catalog, region):
    photo = records.create("photo")
    person = records.create("person", name="x")
    with pytest.raises(InvalidField) as caught:
        links.depict(photo.id, person.id, region)
    assert caught.value.field == "region"
    assert PhotoPerson.select().count() == 0


def test_clamping_pulls_an_overshooting_drag_inside_the_image():
    assert links.Region(0.9, -0.1, 0.3, 0.5).clamped() == links.Region(
        0.9, 0.0, pytest.approx(0.1), 0.5
    )


def test_linking_to_a_missing_record_names_it(catalog):
    photo = records.create("photo")
    with pytest.raises(RecordNotFound) as caught:
        links.depict(photo.id, 999)
    assert "person" in str(caught.value)


def test_events_people_and_tags_link_once(catalog):
    photo = records.create("photo")
    person = records.create("person", name="Vlasov")
    event = records.create("event", title="Capture", date="1942-07")
    links.show_event(photo.id, event.id)
    with pytest.raises(InvalidField):
        links.show_event(photo.id, event.id)
    links.take_part(person.id, event.id, "prisoner")
    assert links.tag_photos([photo.id], ["defector", " defector ", "WWII"]) == 2
    assert links.tag_photos([photo.id], ["defector"]) == 0
    assert links.photo_tags(photo.id) == ["WWII", "defector"]
    assert links.untag_photos([photo.id], ["WWII"]) == 1
    shown = describe("photo", photo.id)
    assert shown["events"][0]["event"]["title"] == "Capture"
    assert shown["tags"] == ["defector"]


def test_unlinking_removes_the_link_and_its_citations(catalog):
    source = records.create("source", title="s")
    photo = records.create("photo")
    person = records.create("person", name="x")
    link = links.depict(photo.id, person.id)
    records.cite(source, "photo_person", link.id, locator="1")
    links.unlink("photo_person", link.id)
    assert Citation.select().count() == 0
    with pytest.raises(RecordNotFound):
        links.unlink("photo_person", link.id)


def test_a_deleted_photo_comes_back_whole_from_its_snapshot(demo_catalog):
    photo = Photograph.get()
    before = describe("photo", photo.id)
    taken = snapshot.capture(photo)
    assert taken.describe() == {"citation": 3, "photo_person": 2, "photo_tag": 3}
    records.delete("photo", photo.id)
    assert PhotoPerson.select().count() == 0
    snapshot.restore(taken)
    assert describe("photo", photo.id) == before
    assert PhotoTag.select().count() == 3


def test_a_deleted_person_comes_back_with_names_roles_and_regions(demo_catalog):
    vlasov = Person.get(Person.name == "Andrey Andreyevich Vlasov")
    before = describe("person", vlasov.id)
    taken = snapshot.capture(vlasov)
    records.delete("person", vlasov.id)
    assert PersonName.select().where(PersonName.person == vlasov.id).count() == 0
    snapshot.restore(taken)
    assert describe("person", vlasov.id) == before
    assert PersonEvent.select().where(PersonEvent.person == vlasov.id).count() == 16


def test_a_deleted_place_comes_back_and_its_events_point_at_it_again(demo_catalog):
    from archive_app.catalog.models import Place

    moscow = Place.get(Place.name == "Moscow")
    pointing = {e.id for e in Event.select().where(Event.place == moscow)}
    taken = snapshot.capture(moscow)
    records.delete("place", moscow.id)
    assert not Event.select().where(Event.place == moscow.id).exists()
    snapshot.restore(taken)
    assert {e.id for e in Event.select().where(Event.place == moscow.id)} == pointing
    assert Place.get(Place.name == "Lubyanka prison").parent_id == moscow.id
