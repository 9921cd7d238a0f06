"""Two sources that are one work made one: every citation kept, the kept source's gaps filled,
undone exactly; from the command line too."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_app.catalog import records
from archive_app.catalog.database import Catalog, open_catalog
from archive_app.catalog.errors import InvalidField
from archive_app.catalog.models import Citation, Source, SourceCreator
from archive_app.catalog.sources.import_sources import import_items
from archive_app.catalog.sources.merge import merge_sources
from archive_app.cli import main


def _two_alike() -> tuple[int, int, list[int]]:
    """Two imports of one letter (the second with a publisher), each cited by a photograph."""
    letter = {"type": "manuscript", "title": "Letter to Anna", "issued": "1943"}
    report = import_items(
        [
            {"id": "a", **letter, "author": [{"family": "Roe", "given": "Ann"}]},
            {"id": "b", **letter, "author": [{"family": "Roe"}], "publisher": "Family papers"},
        ]
    )
    assert len(report.possible_duplicates) == 1
    kept, other = report.created
    photo = records.create("photo", title="Anna at the gate")
    cited = [
        records.create("citation", source=source, photo=photo.id, locator=str(n)).id
        for n, source in enumerate((kept, other, other), 1)
    ]
    return kept, other, cited


def test_a_merge_keeps_every_citation_and_fills_the_gaps(catalog: Catalog) -> None:
    kept, other, cited = _two_alike()
    result = merge_sources(kept, other)
    assert sorted(result.citations) == cited[1:]
    assert [c.source_id for c in Citation.select().order_by(Citation.id)] == [kept] * 3
    assert Source.get_by_id(kept).publisher == "Family papers"
    assert not Source.select().where(Source.id == other).exists()
    assert [c.given for c in SourceCreator.select()] == ["Ann"]  # the kept source's own


def test_a_merge_is_undone_exactly_by_reverting_its_journal_entry(catalog: Catalog) -> None:
    from archive_app.catalog import journal

    kept, other, cited = _two_alike()
    merge_sources(kept, other)
    [merge] = [e for e in journal.history() if e.label == "Merge sources"]
    journal.revert(merge.id)
    assert [c.source_id for c in Citation.select().order_by(Citation.id)] == [kept, other, other]
    assert Source.get_by_id(kept).publisher is None
    assert Source.get_by_id(other).publisher == "Family papers"
    creators = SourceCreator.select().order_by(SourceCreator.id)
    assert [(c.source_id, c.given) for c in creators] == [(kept, "Ann"), (other, None)]


def test_a_source_is_not_merged_with_itself(catalog: Catalog) -> None:
    kept, _other, _cited = _two_alike()
    with pytest.raises(InvalidField):
        merge_sources(kept, kept)


def test_merge_sources_on_the_command_line(
    catalog_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    opened = open_catalog(catalog_path)
    kept, other, _cited = _two_alike()
    opened.close()
    status = main(["--catalog", str(catalog_path), "merge-sources", str(kept), f"source-{other}"])
    assert status == 0
    assert capsys.readouterr().out.startswith(f"merged source {other} into source {kept}: 2 ")
    status = main(["--catalog", str(catalog_path), "merge-sources", str(kept), "99", "--json"])
    assert status == 1 and "99" in capsys.readouterr().err
    open_catalog(catalog_path)
    assert Source.select().count() == 1


def test_an_import_and_a_merge_are_one_journal_entry_each(catalog: Catalog) -> None:
    from archive_app.catalog import journal

    kept, other, _cited = _two_alike()
    merge_sources(kept, other)
    labels = [entry.label for entry in journal.history()]
    assert labels[0] == "Merge sources"
    assert labels.count("Import sources (csl-json)") == 1
    [merge] = [e for e in journal.history() if e.label == "Merge sources"]
    assert {("source", other)} <= {(r.record_type, r.record_id) for r in merge.rows}
