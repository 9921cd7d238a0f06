"""Rules the desktop program used to keep for itself, now in the catalogue for every face:
finding a record by part of its name in any script, adding a name variant or identifier, and the
photographs of a collection with everything below it."""

from __future__ import annotations

import pytest

from archive_app.catalog import records
from archive_app.catalog.errors import InvalidField, RecordNotFound
from archive_app.catalog.lookup import records_named
from archive_app.catalog.models import Collection, Person, PersonIdentifier, PersonName, Photograph
from archive_app.catalog.narrowing import collection_and_below, in_collection
from archive_app.catalog.variants import add_variant, remove_variant


def test_a_name_is_found_in_any_case_and_script(demo_catalog):
    vlasov = ["Andrey Andreyevich Vlasov"]
    assert [name for _, name in records_named("person", "власов")] == vlasov  # a variant
    assert [name for _, name in records_named("person", "VLASOV")] == vlasov
    records.create("person", name="Hénri Cartier")
    assert [name for _, name in records_named("person", "henri")] == ["Hénri Cartier"]
    assert [name for _, name in records_named("person", "HÉNRI")] == ["Hénri Cartier"]


def test_a_name_with_like_wildcards_is_taken_literally(demo_catalog):
    assert records_named("person", "%") == []
    assert records_named("person", "_") == []


def test_an_empty_text_lists_everything_of_the_type(demo_catalog):
    assert len(records_named("person", "  ")) == Person.select().count()


def test_a_variant_needs_its_fields_and_an_identifier_is_recorded_once(demo_catalog):
    person = Person.get(Person.name == "Andrey Andreyevich Vlasov")
    with pytest.raises(InvalidField, match="name: is required"):
        add_variant(PersonName, person.id, {"name": "   "})
    with pytest.raises(InvalidField, match="scheme: is required"):
        add_variant(PersonIdentifier, person.id, {"value": "Q312345", "scheme": ""})
    with pytest.raises(RecordNotFound):
        add_variant(PersonName, 999_999, {"name": "Nobody"})
    with pytest.raises(InvalidField, match="not a field"):
        add_variant(PersonName, person.id, {"name": "X", "person": 2})
    add_variant(PersonIdentifier, person.id, {"value": " Q312345 ", "scheme": "wikidata"})
    other = records.create("person", name="Someone else")
    with pytest.raises(InvalidField, match=f"already recorded \\(for person {person.id}\\)"):
        add_variant(PersonIdentifier, other.id, {"value": "Q312345", "scheme": "wikidata"})
    row = PersonIdentifier.get(PersonIdentifier.value == "Q312345")
    remove_variant(PersonIdentifier, row.id)
    with pytest.raises(RecordNotFound):
        remove_variant(PersonIdentifier, row.id)


def test_a_collection_holds_the_photographs_of_all_below_it_even_with_a_cycle(demo_catalog):
    top = records.create("collection", name="Fonds 1")
    series = records.create("collection", name="Series 1", parent=top.id)
    file_ = records.create("collection", name="File 1", parent=series.id)
    photo = Photograph.select().first()
    records.update("photo", photo.id, photo.version, collection=file_.id)
    assert set(collection_and_below(top.id).tuples()) == {(top.id,), (series.id,), (file_.id,)}
    assert [p.id for p in Photograph.select().where(in_collection(top.id))] == [photo.id]
    # A cycle written by an old version or by hand does not hang the list.
    Collection.update(parent=file_.id).where(Collection.id == top.id).execute()
    assert {row[0] for row in collection_and_below(series.id).tuples()} == {
        top.id,
        series.id,
        file_.id,
    }


def test_a_region_goes_on_the_link_without_one_as_in_the_viewer_and_the_cli(demo_catalog):
    from archive_app.catalog import links
    from archive_app.catalog.models import PhotoPerson

    photo = Photograph.select().first()
    person = records.create("person", name="Wilfried Strik-Strikfeldt")
    bare = links.depict(photo.id, person.id)  # named in the caption, not yet placed
    placed = links.mark_person(photo.id, person.id, links.Region(0.1, 0.1, 0.2, 0.3))
    assert placed.id == bare.id and placed.region_w == 0.2
    again = links.mark_person(photo.id, person.id, links.Region(0.5, 0.1, 0.2, 0.3))
    assert again.id != bare.id  # the person twice in one picture: a second link
    pairs = PhotoPerson.select().where(
        (PhotoPerson.photo == photo.id) & (PhotoPerson.person == person.id)
    )
    assert pairs.count() == 2
