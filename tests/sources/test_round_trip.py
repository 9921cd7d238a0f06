"""What a CSL-JSON item says comes back out unchanged after an import: dates EDTF cannot hold
(BC years, literal and raw dates, reversed and open ranges, seasons on a range), the printing
options of names (comma-suffix, isInstitution), the id the item came with, and an empty date;
and the style's own language is honoured unless the export asks for another."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from archive_app.catalog.database import Catalog, open_catalog
from archive_app.catalog.models import Source
from archive_app.catalog.sources import bibtex, csljson, ris
from archive_app.catalog.sources.csljson import source_items
from archive_app.catalog.sources.import_sources import import_items
from archive_app.catalog.sources.render import render
from archive_app.catalog.sources.styles import StyleError, check_locale, find_style
from archive_app.cli import main

DATES: dict[str, Any] = {
    "bc-day": {"date-parts": [[-100, 7, 13]]},
    "bc-year": {"date-parts": [[-44]]},
    "literal": {"literal": "circa the reign of Tiberius"},
    "raw": {"raw": "Spring 1999-Summer 2001"},
    "raw-edtf": {"raw": "1999-03"},
    "reversed": {"date-parts": [[2001], [1999]]},
    "open-range": {"date-parts": [[1999], [0]]},
    "season-range": {"date-parts": [[1999, 21], [2001, 22]]},
    "season-on-range": {"date-parts": [[1999], [2001]], "season": 1},
    "empty": {"date-parts": []},
    "text-parts": {"date-parts": [["1999", "3"]]},
    "circa": {"date-parts": [[1942]], "circa": 1},
}


def _book(key: str, **variables: Any) -> dict[str, Any]:
    return {"id": key, "type": "book", "title": f"Book {key}", **variables}


def test_every_kind_of_date_comes_back_as_the_source_gave_it(catalog: Catalog) -> None:
    items = [_book(key, issued=date) for key, date in DATES.items()]
    report = import_items(items)
    assert not report.refused and len(report.created) == len(items)
    assert json.loads(csljson.dumps(source_items())) == items


def test_every_kind_of_date_is_written_to_bibtex_and_ris(catalog: Catalog) -> None:
    items = [_book(key, issued=date, accessed=date) for key, date in DATES.items()]
    import_items(items)
    written = {"bibtex": bibtex.dumps(source_items()), "ris": ris.dumps(source_items())}
    assert "year = {-100}" in written["bibtex"] and "Spring 1999-Summer 2001" in written["bibtex"]
    assert "PY  - -0100\n" in written["ris"] and "DA  - 1999///Spring" in written["ris"]
    assert len(bibtex.loads(written["bibtex"])) == len(ris.loads(written["ris"])) == len(items)


def test_what_edtf_can_express_is_stored_for_searching(catalog: Catalog) -> None:
    items = [_book(key, issued=DATES[key]) for key in DATES]
    import_items(items)
    stored = {s.title.removeprefix("Book "): s.issued for s in Source.select()}
    assert stored["bc-day"] == "-0100-07-13"
    assert stored["reversed"] == "1999/2001"
    assert stored["open-range"] == "1999/.."
    assert stored["season-range"] == "1999-21/2001-22"
    assert stored["raw-edtf"] == "1999-03"
    assert stored["raw"] is None and stored["literal"] is None and stored["empty"] is None


def test_an_edited_date_wins_over_the_one_the_file_gave(catalog: Catalog) -> None:
    from archive_app.catalog import records

    import_items([_book("x", issued=DATES["reversed"])])
    source = Source.get()
    records.update("source", source.id, source.version, issued="1950")
    assert source_items()[0]["issued"] == {"date-parts": [[1950]]}


def test_a_season_range_prints_its_seasons(catalog: Catalog, tmp_path: Path) -> None:
    import_items([_book("x", issued=DATES["raw"])])
    style = _date_style(tmp_path)
    [entry] = render(source_items(), style).bibliography
    assert entry.text == "Spring 1999–Summer 2001"


def _date_style(tmp_path: Path, locale: str | None = None, layout: str = "") -> Any:
    default = f' default-locale="{locale}"' if locale else ""
    body = layout or '<date variable="issued" form="text"/>'
    path = tmp_path / "dates.csl"
    path.write_text(
        f'<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"{default}>'
        "<info><id/><title/><updated>2020-01-01T00:00:00+00:00</updated></info>"
        '<citation><layout><text variable="title"/></layout></citation>'
        f"<bibliography><layout>{body}</layout></bibliography></style>",
        encoding="utf-8",
    )
    return find_style(str(path))


def test_name_options_and_the_item_id_come_back(catalog: Catalog) -> None:
    item = {
        "id": "ITEM-7",
        "type": "book",
        "title": "Speeches",
        "author": [
            {"family": "King", "given": "Martin Luther", "suffix": "Jr.", "comma-suffix": True},
            {"literal": "United Nations", "isInstitution": "true"},
            {"family": "Roe", "given": "Ann"},
        ],
    }
    import_items([item])
    assert json.loads(csljson.dumps(source_items())) == [item]
    assert source_items()[0]["author"][0]["comma-suffix"] is True


def test_the_ids_an_item_came_with_decide_the_year_suffixes(catalog: Catalog) -> None:
    twin = {"type": "book", "title": "Same", "author": [{"family": "Doe"}]}
    twin["issued"] = {"date-parts": [[2000]]}
    import_items([{"id": "b", **twin}, {"id": "a", **twin}])
    entries = render(source_items(), find_style("apa")).bibliography
    # pandoc reading the file itself gives "a" 2000a, though "b" comes first in the file
    assert {e.item_id: e.text[:12] for e in entries} == {
        "source-1": "Doe. (2000b)",
        "source-2": "Doe. (2000a)",
    }


def test_display_blocks_are_not_glued_together_in_plain_text(
    catalog: Catalog, tmp_path: Path
) -> None:
    import_items([_book("x", author=[{"family": "Roe"}])])
    layout = '<text variable="title" display="block"/><names variable="author" display="block"/>'
    [entry] = render(source_items(), _date_style(tmp_path, layout=layout)).bibliography
    assert entry.text == "Book x Roe"


def test_the_style_default_locale_is_honoured_and_an_export_may_choose_another(
    catalog_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = open_catalog(catalog_path)
    import_items([_book("x", issued={"date-parts": [[1999, 3, 2]]})])
    catalog.close()
    style = _date_style(tmp_path, locale="de-DE")
    base = ["--catalog", str(catalog_path), "export", "citations", "--style", str(style.path)]
    assert main(base) == 0
    assert capsys.readouterr().out == "2. März 1999\n"
    assert main([*base, "--locale", "en-US"]) == 0
    assert capsys.readouterr().out == "March 2, 1999\n"
    assert main([*base, "--locale", "xx-YY"]) != 0
    assert "no CSL locale 'xx-YY'" in capsys.readouterr().err


def test_locales_are_checked_and_spelled_as_csl_spells_them() -> None:
    assert check_locale("de_de") == "de-DE"
    assert check_locale("fr") == "fr"
    assert check_locale("") is None
    with pytest.raises(StyleError):
        check_locale("klingon")


def test_ids_from_another_catalogue_never_give_two_items_one_id(catalog: Catalog) -> None:
    import_items([_book("x"), _book("y")])  # source-1 and source-2, ids "x" and "y"
    # a CSL-JSON export of another catalogue: its ids are that catalogue's source-N
    import_items([{**_book("z"), "id": "source-1"}, {**_book("w"), "id": "source-9"}])
    ids = [item["id"] for item in json.loads(csljson.dumps(source_items()))]
    assert ids == ["x", "y", "source-3", "source-9"]
    entries = render(source_items(), find_style("apa")).bibliography
    assert sorted(e.item_id for e in entries) == ["source-1", "source-2", "source-3", "source-4"]
