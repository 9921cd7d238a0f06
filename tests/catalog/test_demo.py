"""The demo catalogue holds the facts of the Vlasov article, conflict included."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PIL import Image

from archive_app.catalog import demo, records
from archive_app.catalog.models import (
    Citation,
    Event,
    Person,
    PersonName,
    Photograph,
    PhotoPerson,
    Place,
    Source,
)


def test_the_demo_holds_the_four_named_people_with_vlasovs_life_dates(demo_catalog):
    names = {p.name for p in Person.select()}
    assert names == {
        "Andrey Andreyevich Vlasov",
        "Heinrich Himmler",
        "Joseph Stalin",
        "Chiang Kai-shek",
    }
    vlasov = Person.get(Person.name == "Andrey Andreyevich Vlasov")
    assert (vlasov.birth_date, vlasov.death_date) == ("1900", "1946")
    variants = {n.name for n in vlasov.names}
    assert "Андрей Андреевич Власов" in variants


def test_the_demo_holds_sixteen_events_in_edtf_each_cited_by_paragraph(demo_catalog):
    events = list(Event.select().order_by(Event.id))
    assert len(events) == 16
    dates = [e.date for e in events]
    assert dates[:2] == ["1919", "1930"]
    assert "1941-11" in dates and "1942-06" in dates and "1946-22" in dates
    for event in events:
        citation = event.citations.get()
        assert citation.locator_label == "paragraph"
        assert citation.locator in {str(n) for n in range(1, 11)}


def test_the_execution_date_is_kept_exactly_as_the_article_gives_it(demo_catalog):
    execution = Event.get(Event.event_type == "execution")
    trial = Event.get(Event.event_type == "trial")
    assert execution.date == "1945-08-01"
    assert trial.date == "1946-22"
    assert execution.date_latest < trial.date_earliest  # the conflict is there to be found
    citation = execution.citations.get()
    assert citation.locator == "8"
    assert citation.confidence < 2


def test_the_article_is_the_source_with_a_structured_author_and_no_invented_container(
    demo_catalog,
):
    source = Source.get()
    assert source.title.startswith("12 Generals You Won't Believe")
    assert source.issued == "2017-11-15"
    assert source.csl_type == "webpage"
    assert source.container_title is None
    author = source.creators.get()
    assert (author.family, author.given) == ("Elhassan", "Khalid")


def test_the_photograph_has_a_labelled_standin_image_and_both_regions(demo_catalog):
    photo = Photograph.get()
    assert photo.credit_line == "Wikimedia"
    assert "Himmler" in photo.caption
    path = Path(photo.file_path)
    assert path.exists()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == photo.sha256
    with Image.open(path) as image:
        assert image.size == (photo.width, photo.height)
    regions = {link.person.name: link for link in PhotoPerson.select()}
    himmler = regions["Heinrich Himmler"]
    vlasov = regions["Andrey Andreyevich Vlasov"]
    assert himmler.region_x + himmler.region_w <= vlasov.region_x  # Himmler left, Vlasov right
    for link in (himmler, vlasov):
        assert link.citations.count() == 1


def test_the_places_of_the_article_are_there(demo_catalog):
    names = {p.name for p in Place.select()}
    assert {"Moscow", "Berlin", "Leningrad", "Oder river", "Lubyanka prison"} <= names
    assert Place.get(Place.name == "Lubyanka prison").parent.name == "Moscow"


def test_seeding_twice_adds_nothing(demo_catalog):
    before = Citation.select().count()
    demo.seed_demo(demo_catalog)
    assert Citation.select().count() == before
    assert Person.select().count() == 4


def test_reset_renews_the_demo_and_keeps_the_archivists_own_records(demo_catalog):
    mine = records.create("person", name="My own person")
    vlasov = Person.get(Person.name == "Andrey Andreyevich Vlasov")
    records.update("person", vlasov.id, vlasov.version, biography="edited")
    source = Source.get()
    records.cite(source, "person", mine.id, locator="3")
    demo.reset_demo(demo_catalog)
    assert Person.get_by_id(mine.id).name == "My own person"
    assert Person.select().count() == 5
    assert Event.select().count() == 16
    renewed = Person.get(Person.name == "Andrey Andreyevich Vlasov")
    assert renewed.biography != "edited"
    # The demo source stays while my citation uses it, so a second one is not made by reset.
    assert Source.select().count() == 2
    assert PersonName.select().where(PersonName.name.contains("Власов")).count() == 1
