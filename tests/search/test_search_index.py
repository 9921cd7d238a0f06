"""The index stays in step with every edit, whoever makes it, in the edit's own transaction."""

from __future__ import annotations

import sqlite3

import pytest

from archive_app.catalog import batch, links, records, snapshot
from archive_app.catalog.demo import reset_demo
from archive_app.catalog.models import Person, PersonName, Photograph, Place, PlaceName, Tag
from archive_app.catalog.search import index
from archive_app.catalog.search.execute import search


def labels(query: str) -> set[str]:
    return {hit.label for hit in search(query, limit=1000).hits}


def index_table(catalog) -> str:
    return "search_index" if catalog.is_sqlite else "search_document"


def pending_table(catalog) -> str:
    """Where an edit's marks wait during a bulk load (SQLite) or a transaction (PostgreSQL)."""
    return "search_dirty" if catalog.is_sqlite else "pg_temp.search_pending"


def documents(catalog) -> int:
    return catalog.database.execute_sql(f"SELECT count(*) FROM {index_table(catalog)}").fetchone()[
        0
    ]


def test_create_update_and_delete_through_records(catalog):
    person = records.create("person", name="Andrey Vlasov")
    assert labels("vlasov") == {"Andrey Vlasov"}
    records.update("person", person.id, person.version, name="Heinrich Himmler")
    assert labels("vlasov") == set()
    assert labels("himmler") == {"Heinrich Himmler"}
    records.delete("person", person.id)
    assert labels("himmler") == set()
    assert documents(catalog) == 0


def test_a_name_variant_edit_reaches_the_person_and_the_photographs_showing_them(catalog):
    person = records.create("person", name="Andrey Vlasov")
    photo = records.create("photo", title="Two officers")
    links.depict(photo.id, person.id)
    variant = PersonName.create(person=person, name="Andrejewitsch")
    assert labels("andrejewitsch") == {"Andrey Vlasov", "Two officers"}
    variant.name = "Андреевич"
    variant.save()
    assert labels("andreevich") == {"Andrey Vlasov", "Two officers"}
    assert labels('"andrejewitsch"') == set()
    variant.delete_instance()
    assert labels('"andreevich"') == set()


def test_linking_and_unlinking_changes_what_a_photograph_is_found_by(catalog):
    person = records.create("person", name="Joseph Stalin")
    photo = records.create("photo", title="A street")
    link = links.depict(photo.id, person.id)
    assert "A street" in labels("stalin")
    links.unlink("photo_person", link.id)
    assert "A street" not in labels("stalin")


def test_deleting_a_person_cascades_out_of_the_photographs(catalog):
    person = records.create("person", name="Joseph Stalin")
    photo = records.create("photo", title="A street")
    links.depict(photo.id, person.id)
    records.delete("person", person.id)
    assert labels("stalin") == set()
    assert labels("street") == {"A street"}


def test_renaming_a_tag_or_a_place_reaches_the_records_that_use_it(catalog):
    place = records.create("place", name="Moskva")
    photo = records.create("photo", title="Red square", place=place)
    links.tag_photos([photo.id], ["winter"])
    Tag.update(name="frost").execute()
    assert labels("frost") == {"frost", "Red square"}
    PlaceName.create(place=place, name="Moskau")
    assert labels("moskau") == {"Moskva", "Red square"}
    Place.delete().where(Place.id == place.id).execute()  # SET NULL on the photograph
    assert labels("moskau") == set()


def test_batch_edits_and_undo_of_a_delete_are_indexed(catalog):
    photos = [records.create("photo", title=f"Photo {n}") for n in range(3)]
    batch.edit([p.id for p in photos], add_tags=["siege"], credit_line="Red Army archive")
    assert len(labels("siege red army archive")) == 3
    saved = snapshot.capture(Photograph.get_by_id(photos[0].id))
    records.delete("photo", photos[0].id)
    assert labels('"photo 0"') == set()
    snapshot.restore(saved)
    assert labels('"photo 0"') == {"Photo 0"}


def test_a_rolled_back_edit_leaves_the_index_as_it_was(catalog):
    records.create("person", name="Andrey Vlasov")
    with pytest.raises(RuntimeError), catalog.database.atomic():
        Person.create(name="Heinrich Himmler")
        Person.update(name="Nobody").where(Person.name == "Andrey Vlasov").execute()
        raise RuntimeError("power cut")
    assert labels("vlasov") == {"Andrey Vlasov"}
    assert labels("himmler") == set()


def test_the_demo_and_its_reset_are_indexed(demo_catalog):
    before = documents(demo_catalog)
    assert "Andrey Andreyevich Vlasov" in labels("vlasov")
    reset_demo(demo_catalog)
    assert documents(demo_catalog) == before
    assert "Andrey Andreyevich Vlasov" in labels("власов")


def test_edits_by_another_program_are_caught_up_before_the_next_search(catalog, catalog_location):
    person = records.create("person", name="Andrey Vlasov")
    catalog.close()
    # another program: no folding functions, no live triggers; its edit must not be refused
    if catalog.is_sqlite:
        other = sqlite3.connect(catalog_location)
    else:
        import psycopg

        other = psycopg.connect(catalog_location)
    with other:
        mark = "?" if catalog.is_sqlite else "%s"
        other.execute(f"UPDATE person SET name = 'Андрей Власов' WHERE id = {mark}", (person.id,))
        other.execute(
            "INSERT INTO person (name, version, created, modified) "
            "VALUES ('Иосиф Сталин', 1, '', '')"
        )
    other.close()
    from archive_app.catalog.database import open_catalog

    with open_catalog(catalog_location):
        assert labels("vlasov") == {"Андрей Власов"}
        assert labels("stalin") == {"Иосиф Сталин"}


def test_a_bulk_load_refreshes_each_touched_record_once_at_its_end(catalog):
    with index.bulk():
        people = [Person.create(name=f"Person {n} Vlasov") for n in range(50)]
        for person in people[:10]:
            PersonName.create(person=person, name="Петров")
        count = f"SELECT count(*) FROM {pending_table(catalog)}"
        assert catalog.database.execute_sql(count).fetchone()[0] == 50
    assert catalog.database.execute_sql(count).fetchone()[0] == 0
    assert len(labels("vlasov")) == 50
    assert len(labels('"petrov"')) == 10


def test_a_failed_bulk_load_leaves_nothing_behind(catalog):
    with pytest.raises(RuntimeError), index.bulk():
        Person.create(name="Andrey Vlasov")
        raise RuntimeError("disk full")
    assert labels("vlasov") == set()
    assert catalog.database.execute_sql("SELECT count(*) FROM search_state").fetchone()[0] == 1


def test_rebuild_writes_every_document_anew(demo_catalog):
    before = documents(demo_catalog)
    demo_catalog.database.execute_sql(f"DELETE FROM {index_table(demo_catalog)}")
    assert labels("vlasov") == set()
    assert index.rebuild(demo_catalog.database) == before
    assert "Andrey Andreyevich Vlasov" in labels("vlasov")


def test_a_thread_of_its_own_sees_the_same_index(catalog):
    """The GUI searches from a worker thread, on that thread's own connection."""
    import threading

    records.create("person", name="Andrey Vlasov")
    found: list[set[str]] = []
    worker = threading.Thread(target=lambda: found.append(labels("власов")))
    worker.start()
    worker.join()
    assert found == [{"Andrey Vlasov"}]


def test_embedded_keywords_are_indexed_and_broken_metadata_is_harmless(catalog):
    photo = records.create(
        "photo",
        title="Scan 1",
        embedded_metadata=(
            '{"IPTC": {"Keywords": ["Volkhov front", "winter"]}, "EXIF": {"Make": "x"}}'
        ),
    )
    assert labels("volkhov") == {"Scan 1"}
    assert labels("make") == set()
    records.update("photo", photo.id, photo.version, embedded_metadata='{"Keywords": [')
    assert labels("scan") == {"Scan 1"}
    deep = "[" * 5000 + "]" * 5000
    records.create("photo", title="Scan 2", embedded_metadata=deep)
    assert labels("scan") == {"Scan 1", "Scan 2"}


@pytest.mark.parametrize(
    ("dated", "words"),
    [
        ("1942-06\n1942-06-01\n1942-06-30", "\u00fe1942"),
        ("1941/1943\n1941-01-01\n1943-12-31", "\u00fe1941 \u00fe1942 \u00fe1943"),
        ("1930/1950\n1930-01-01\n1950-12-31", "\u00felong"),
        ("../1942\n\n1942-12-31", "\u00feopen"),
        ("1942/..\n1942-01-01\n", "\u00feopen"),
        ("\n\n", ""),
        ("", ""),
        ("-0044-03-15\n-0044-03-15\n-0044-03-15", "\u00felong"),  # BCE: always a candidate
        ("junk\n19x2\n1942", "\u00felong"),
        ("1942\n1943-01-01\n1942-01-01", "\u00felong"),  # ends the wrong way round
    ],
)
def test_date_words_say_the_years_a_date_touches(dated, words):
    from archive_app.catalog.search.functions import date_words

    assert date_words(dated) == words


def _date_words_of(catalog, key: int) -> set[str]:
    if catalog.is_sqlite:
        sql = "SELECT dated FROM search_index WHERE rowid = ?"
    else:
        words = "array_to_string(tsvector_to_array(doc), ' ')"
        sql = f"SELECT {words} FROM search_document WHERE k = %s"
    (text,) = catalog.database.execute_sql(sql, (key,)).fetchone()
    return {word for word in text.split() if word.startswith("\u00fe")}


def test_a_document_keeps_the_words_of_its_dates_in_step_with_them(catalog):
    event = records.create("event", title="Zorro ride", date="1941/1942")
    key = event.id * 8 + 3
    assert _date_words_of(catalog, key) == {"\u00fe1941", "\u00fe1942"}
    event = records.update("event", event.id, event.version, date="1900/1950")
    assert _date_words_of(catalog, key) == {"\u00felong"}
    source = records.create("source", title="A report", issued="1944-05")
    assert _date_words_of(catalog, source.id * 8 + 5) == {"\u00fe1944"}
    assert _date_words_of(catalog, records.create("person", name="Z").id * 8 + 2) == set()
