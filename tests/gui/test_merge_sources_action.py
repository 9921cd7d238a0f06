"""Edit > Merge sources… in the window: two look-alike sources made one, every citation kept,
undone by Edit > Undo; an untitled source listed as "[untitled]"."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel

from archive_app.catalog import records
from archive_app.catalog.models import Citation, Source
from archive_app.catalog.sources.import_sources import import_items
from archive_app.gui.merge_sources import merge_selected_sources


def _select(window, ids: list[int]) -> None:
    window.select_section("source")
    model = window.table.model()
    selection = window.table.selectionModel()
    selection.clearSelection()
    for source_id in ids:
        selection.select(
            model.index(model.row_of(source_id), 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_merging_two_selected_sources_keeps_every_citation_and_undoes(window):
    twin = {"type": "book", "title": "Camp diary", "issued": {"date-parts": [[1944]]}}
    report = import_items([{"id": "x", **twin}, {"id": "y", **twin, "publisher": "Self"}])
    kept, other = report.created
    photo = records.create("photo", title="Gate")
    records.create("citation", source=other, photo=photo.id, locator="3")
    window.events.changed.emit("source")
    _select(window, [kept, other])
    assert sorted(window.selected_ids()) == [kept, other]
    assert merge_selected_sources(window, keep_id=kept)
    assert not Source.select().where(Source.id == other).exists()
    assert Citation.get(Citation.photo == photo.id).source_id == kept
    assert window.model_for("source").row_of(other) is None
    window.undo_action.trigger()
    assert Citation.get(Citation.photo == photo.id).source_id == other
    assert window.model_for("source").row_of(other) is not None
    assert [a.objectName() for a in window.menuBar().actions()[1].menu().actions()].count(
        "merge_sources"
    ) == 1


def test_an_untitled_source_is_listed_as_untitled(window):
    [source_id] = import_items([{"id": "u", "type": "document"}]).created
    window.events.changed.emit("source")
    window.select_section("source")
    model = window.table.model()
    assert model.index(model.row_of(source_id), 0).data() == "[untitled]"


def test_an_untitled_source_can_be_edited_and_a_title_can_be_cleared(window):
    [source_id] = import_items([{"id": "u", "type": "document"}]).created
    window.events.changed.emit("source")
    window.open_record("source", source_id)
    editor = window.detail.editor
    assert editor.record_id == source_id
    assert not editor.errors()
    editor.inputs["publisher"].setText("Family papers")
    assert editor.save()
    assert Source.get_by_id(source_id).publisher == "Family papers"
    editor.inputs["title"].setText("A title")
    assert editor.save()
    editor.inputs["title"].setText("")
    assert editor.save()
    assert Source.get_by_id(source_id).title == ""


def test_a_date_kept_as_the_file_gave_it_is_shown_under_its_box(window):
    item = {
        "id": "s",
        "type": "book",
        "title": "Seasons",
        "issued": {"raw": "Spring 1999-Summer 2001"},
    }
    [source_id] = import_items([item]).created
    window.events.changed.emit("source")
    window.open_record("source", source_id)
    box = window.detail.editor.inputs["issued"].edit
    assert box.text() == ""
    assert box.placeholderText() == "From the file, printed as given: Spring 1999-Summer 2001"
