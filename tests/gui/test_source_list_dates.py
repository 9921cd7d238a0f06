"""A source whose date no EDTF holds ("Spring 1999-Summer 2001", kept as its file gave it) shows
that text in the Sources list's Issued column and on its search hit, not a blank."""

from __future__ import annotations

from archive_app.catalog.database import Catalog
from archive_app.catalog.search.execute import search
from archive_app.catalog.sources.import_sources import import_items
from archive_app.gui.record_table_model import RecordTableModel

WORDS = "Spring 1999-Summer 2001"


def _import() -> dict[str, int]:
    report = import_items(
        [
            {"id": "a", "type": "report", "title": "Harbour survey", "issued": WORDS},
            {"id": "b", "type": "report", "title": "Mill ledger", "issued": "1942-06"},
            {"id": "c", "type": "report", "title": "Undated letter"},
        ]
    )
    return dict(zip(("words", "edtf", "none"), report.created, strict=True))


def _issued(model: RecordTableModel, source_id: int) -> str:
    row = model.row_of(source_id)
    assert row is not None
    return model.data(model.index(row, 2))


def test_the_sources_list_shows_a_date_kept_as_words(catalog: Catalog, qapp) -> None:
    ids = _import()
    model = RecordTableModel("source")
    assert model.spec.columns[2].header == "Issued"
    assert _issued(model, ids["words"]) == WORDS
    assert _issued(model, ids["edtf"]) == "1942-06"
    assert _issued(model, ids["none"]) == ""


def test_a_search_hit_shows_a_date_kept_as_words(catalog: Catalog) -> None:
    ids = _import()
    hits = {hit.record_id: hit.date for hit in search("harbour survey", types=["source"]).hits}
    assert hits[ids["words"]] == WORDS


def test_a_damaged_extra_shows_no_date_rather_than_failing() -> None:
    from archive_app.catalog.sources.csl import shown_date

    assert shown_date(None, "{not json") is None
    assert shown_date(None, "[1, 2]") is None
    assert shown_date(None, '{"issued": {}}') is None
    assert shown_date("1942", '{"issued": "ignored"}') == "1942"
    assert shown_date(None, {"issued": {"literal": "about 1900"}}) == "about 1900"
