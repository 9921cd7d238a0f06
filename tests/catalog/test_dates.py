"""EDTF dates: the text is kept, the bounds are computed, and nonsense is refused at the field."""

from __future__ import annotations

import pytest

from archive_app.catalog import records
from archive_app.catalog.dates import bounds_or_none, parse_date
from archive_app.catalog.errors import InvalidField


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("1942-06", "1942-06-01", "1942-06-30"),
        ("1946-08-01", "1946-08-01", "1946-08-01"),
        ("1944?", "1944-01-01", "1944-12-31"),
        ("1942-07~", "1942-07-01", "1942-07-31"),
        ("194X", "1940-01-01", "1949-12-31"),
        ("1942/1945", "1942-01-01", "1945-12-31"),
        ("1946-22", "1946-06-01", "1946-08-31"),  # summer 1946
        ("1942-07/1945-05", "1942-07-01", "1945-05-31"),
        ("1900", "1900-01-01", "1900-12-31"),
    ],
)
def test_valid_edtf_keeps_its_text_and_gets_day_bounds(text: str, earliest: str, latest: str):
    bounds = parse_date(text)
    assert (bounds.text, bounds.earliest, bounds.latest) == (text, earliest, latest)


def test_open_ended_interval_has_no_earliest_bound():
    bounds = parse_date("../1942")
    assert bounds.earliest is None
    assert bounds.latest == "1942-12-31"


@pytest.mark.parametrize(
    "text",
    [
        "June 1942",
        "1942-06-31",
        "1942-13",
        "foo",
        "19422",
        "1942--06",
        "1945/1942",
        "1" * 200,
        "'; DROP TABLE person; --",
        "\x00",
        "1942-06-01T99:00",
    ],
)
def test_invalid_edtf_is_refused_with_a_message_naming_the_field(text: str):
    with pytest.raises(InvalidField) as caught:
        parse_date(text, "event.date")
    assert caught.value.field == "event.date"
    assert "event.date" in str(caught.value)


def test_blank_date_means_no_date():
    assert bounds_or_none(None) is None
    assert bounds_or_none("   ") is None


def test_surrounding_space_is_trimmed():
    assert parse_date(" 1942-06 ").text == "1942-06"


def test_saving_a_record_fills_the_bounds_of_every_date_field(catalog):
    person = records.create("person", name="Vlasov", birth_date="1900", death_date="1946-08-01")
    assert person.birth_date_earliest == "1900-01-01"
    assert person.birth_date_latest == "1900-12-31"
    assert person.death_date_earliest == person.death_date_latest == "1946-08-01"


def test_saving_an_invalid_date_names_the_field_and_writes_nothing(catalog):
    with pytest.raises(InvalidField) as caught:
        records.create("person", name="Vlasov", death_date="August 1946")
    assert caught.value.field == "person.death_date"
    assert records.count("person") == 0


def test_editing_a_date_recomputes_the_bounds(catalog):
    event = records.create("event", title="Execution", date="1945-08-01")
    edited = records.update("event", event.id, event.version, date="1946-08-01?")
    assert edited.date == "1946-08-01?"
    assert edited.date_earliest == edited.date_latest == "1946-08-01"
    with pytest.raises(InvalidField):
        records.update("event", event.id, edited.version, date="1946-08-32")
    assert records.count("event") == 1


def test_a_date_read_again_names_the_field_it_is_read_for():
    # the bounds of a text are remembered; the field a refusal names is not
    for field in ("birth_date", "death_date", "birth_date"):
        with pytest.raises(InvalidField) as caught:
            parse_date("1942-13-45", field)
        assert caught.value.field == field
    assert parse_date(" 1942-06 ", "date") == parse_date("1942-06", "issued")
