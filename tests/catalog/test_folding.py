"""Text compares as a reader sees it: case and diacritics folded, in every script."""

from __future__ import annotations

import pytest

from archive_app.catalog import records
from archive_app.catalog.folding import contains, fold
from archive_app.catalog.models import Person


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hénri", "henri"),
        ("ВЛАСОВ", "власов"),
        ("Straße", "strasse"),
        ("Ǆemal", "dzemal"),
        (None, None),
        ("", ""),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


def test_the_database_folds_like_python_in_any_script(catalog):
    records.create("person", name="Андрей Власов")
    records.create("person", name="Hénri Dupont")
    assert [p.name for p in Person.select().where(contains(Person.name, text="влас"))] == [
        "Андрей Власов"
    ]
    assert [p.name for p in Person.select().where(contains(Person.name, text="HENRI"))] == [
        "Hénri Dupont"
    ]
    assert not Person.select().where(contains(Person.name, text="%")).exists()


def test_several_columns_are_searched_as_one_text(catalog):
    records.create("person", name="Vlasov", sort_name=None, biography="Генерал")
    assert (
        Person.select().where(contains(Person.sort_name, Person.biography, text="генерал")).exists()
    )
    assert (
        not Person.select().where(contains(Person.sort_name, Person.name, text="генерал")).exists()
    )
