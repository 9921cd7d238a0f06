"""Catalogue settings live in the catalogue, so the CLI and every desktop agree on them."""

from __future__ import annotations

import pytest

from archive_app.catalog import records
from archive_app.catalog.errors import InvalidField
from archive_app.catalog.settings import get_setting, set_setting


def test_settings_have_defaults_and_keep_what_is_set(catalog):
    assert get_setting("archive_name") == ""
    assert get_setting("accession_prefix") == "PH-"
    set_setting("archive_name", "Hoover Institution Library & Archives")
    set_setting("accession_prefix", "HIA/")
    assert get_setting("archive_name") == "Hoover Institution Library & Archives"
    assert records.create("photo").accession_number == "HIA/000001"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("accession_prefix", "A B"),
        ("accession_prefix", "x" * 21),
        ("archive_name", "y" * 301),
        ("shoe_size", "42"),
    ],
)
def test_bad_settings_are_refused_by_name(catalog, key, value):
    with pytest.raises(InvalidField) as caught:
        set_setting(key, value)
    assert caught.value.field == key
