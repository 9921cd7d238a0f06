"""Saved searches: a named query whose results are always current."""

from __future__ import annotations

import pytest

from archive_app.catalog import records
from archive_app.catalog.errors import InvalidField, RecordNotFound
from archive_app.catalog.search.execute import search
from archive_app.catalog.search.query import QueryError
from archive_app.catalog.search.saved import (
    delete_saved,
    get_saved,
    rename_saved,
    save_search,
    saved_searches,
)


def test_a_saved_search_runs_on_the_catalogue_as_it_is_now(catalog):
    save_search("Generals", "general type:person")
    records.create("person", name="A general")
    first = search(get_saved("Generals").query)
    records.create("person", name="Another general")
    assert search(get_saved("Generals").query).total == first.total + 1 == 2


def test_saved_searches_are_listed_by_name(catalog):
    save_search("b searches", "b")
    save_search("A searches", "a")
    assert [s.name for s in saved_searches()] == ["A searches", "b searches"]


def test_a_malformed_query_is_not_saved(catalog):
    with pytest.raises(QueryError):
        save_search("Broken", 'person:"vlasov')
    assert saved_searches() == []


def test_a_name_is_required_and_unique_unless_replaced(catalog):
    with pytest.raises(InvalidField):
        save_search("   ", "vlasov")
    save_search("Vlasov", "vlasov")
    with pytest.raises(InvalidField, match="already exists"):
        save_search(" Vlasov ", "stalin")
    replaced = save_search("Vlasov", "vlasov date:1942", replace=True)
    assert get_saved("Vlasov").query == "vlasov date:1942" == replaced.query
    assert len(saved_searches()) == 1


def test_rename_and_delete(catalog):
    save_search("One", "a")
    save_search("Two", "b")
    with pytest.raises(InvalidField):
        rename_saved("One", "Two")
    rename_saved("One", "Three")
    delete_saved("Two")
    assert [s.name for s in saved_searches()] == ["Three"]
    with pytest.raises(RecordNotFound):
        delete_saved("Two")
