"""Lists update only the rows a change touched: a changed row is repainted, a deleted one leaves,
one that enters or leaves the list's filter comes or goes, and the rows around keep their place
and their selection. Checked with Qt's model tester on a real catalogue."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtTest import QAbstractItemModelTester, QSignalSpy

from archive_app.catalog import records
from archive_app.catalog.models import Photograph
from archive_app.catalog.narrowing import in_collection
from archive_app.gui.record_table_model import RecordTableModel


def photographs(count: int) -> list[int]:
    return [
        records.create("photo", title=f"Photo {n:03d}", accession_number=f"PH-{n:06d}").id
        for n in range(count)
    ]


def checked(model: RecordTableModel) -> RecordTableModel:
    model.tester = QAbstractItemModelTester(  # type: ignore[attr-defined]
        model, QAbstractItemModelTester.FailureReportingMode.Fatal
    )
    return model


def test_a_changed_row_is_repainted_alone_without_reading_the_ids(catalog, qtbot, monkeypatch):
    ids = photographs(50)
    model = checked(RecordTableModel("photo"))
    assert model.data(model.index(10, 1)) == "Photo 010"
    photo = Photograph.get_by_id(ids[10])
    records.update("photo", photo.id, photo.version, title="Renamed")
    monkeypatch.setattr(model, "_ordered_ids", lambda *a: (_ for _ in ()).throw(AssertionError))
    spy = QSignalSpy(model.dataChanged)
    assert not model.apply_changes(set(), {photo.id}, set())
    assert spy.count() == 1
    first, last = spy.at(0)[0], spy.at(0)[1]
    assert (first.row(), last.row()) == (10, 10)
    assert model.data(model.index(10, 1)) == "Renamed"


def test_a_deleted_row_leaves_and_the_selection_stays_on_its_record(catalog, qtbot):
    ids = photographs(20)
    model = checked(RecordTableModel("photo"))
    selection = QItemSelectionModel(model)
    selection.select(model.index(15, 0), QItemSelectionModel.SelectionFlag.Select)
    records.delete("photo", ids[3])
    records.delete("photo", ids[7])
    assert model.apply_changes(set(), set(), {ids[3], ids[7]})
    assert model.rowCount() == 18
    assert model.row_of(ids[15]) == 13
    assert [i.row() for i in selection.selectedIndexes()] == [13]
    assert model.row_of(ids[3]) is None


def test_a_new_record_comes_in_its_place_in_the_order(catalog, qtbot):
    photographs(10)
    model = checked(RecordTableModel("photo"))
    new = records.create("photo", title="Between", accession_number="PH-000004-a").id
    assert model.apply_changes({new}, set(), set())
    assert model.row_of(new) == 5
    assert model.data(model.index(5, 1)) == "Between"


def test_a_record_moved_out_of_the_listed_collection_leaves_the_list(catalog, qtbot):
    ids = photographs(5)
    fonds = records.create("collection", name="Fonds").id
    for photo_id in ids[:3]:
        photo = Photograph.get_by_id(photo_id)
        records.update("photo", photo_id, photo.version, collection=fonds)
    model = checked(RecordTableModel("photo"))
    model.set_filter(in_collection(fonds))
    assert model.rowCount() == 3
    leaving, coming = Photograph.get_by_id(ids[1]), Photograph.get_by_id(ids[4])
    records.update("photo", leaving.id, leaving.version, collection=None)
    records.update("photo", coming.id, coming.version, collection=fonds)
    assert model.apply_changes(set(), {leaving.id, coming.id}, set())
    assert list(model.ids()) == [ids[0], ids[2], ids[4]]


# --- a long list reads its first ids only --------------------------------------------------


def test_a_long_list_opens_and_sorts_on_its_first_ids_and_reads_the_rest_when_needed(
    catalog, qtbot, monkeypatch
):
    from PySide6.QtCore import Qt

    from archive_app.gui import record_table_model

    monkeypatch.setattr(record_table_model, "HEAD", 5)
    ids = photographs(12)
    model = RecordTableModel("photo")  # (Qt's model tester would read every row)
    assert model.rowCount() == 12 and len(model._ids) == 5  # counted, not all read
    assert model.data(model.index(0, 1)) == "Photo 000"
    assert len(model._ids) == 5
    assert model.data(model.index(11, 1)) == "Photo 011"  # scrolled past the head: read on
    assert model.ids() == tuple(ids)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == 12 and len(model._ids) == 5
    assert model.data(model.index(0, 1)) == "Photo 011"
    assert model.row_of(ids[0]) == 11  # a record past the head: the rest is read to find it
    assert [model.record_id(row) for row in range(12)] == ids[::-1]


def test_a_long_list_keeps_its_selection_through_a_sort_and_takes_changes_past_its_head(
    catalog, qtbot, monkeypatch
):
    from PySide6.QtCore import Qt

    from archive_app.gui import record_table_model

    monkeypatch.setattr(record_table_model, "HEAD", 5)
    ids = photographs(12)
    model = checked(RecordTableModel("photo"))
    selection = QItemSelectionModel(model)
    selection.select(model.index(2, 0), QItemSelectionModel.SelectionFlag.Select)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert [i.row() for i in selection.selectedIndexes()] == [9]  # Photo 002, now near the end
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == 12
    photo = Photograph.get_by_id(ids[10])
    records.update("photo", photo.id, photo.version, title="Photo 010 renamed")
    records.delete("photo", ids[11])
    assert model.apply_changes(set(), {ids[10]}, {ids[11]})
    assert model.rowCount() == 11
    assert model.data(model.index(10, 1)) == "Photo 010 renamed"
    assert [i.row() for i in selection.selectedIndexes()] == [2]
    assert not model.refresh()  # the same records in the same order
    records.delete("photo", ids[0])
    assert model.refresh() and model.rowCount() == 10


def test_the_last_rows_of_a_long_list_are_read_from_its_end(catalog, qtbot, monkeypatch):
    """A grid view measures its last item: that reads the end of the order, not every id."""
    from PySide6.QtCore import Qt

    from archive_app.gui import record_table_model

    monkeypatch.setattr(record_table_model, "HEAD", 5)
    monkeypatch.setattr(record_table_model, "TAIL", 3)
    ids = [
        records.create(
            "photo", title=f"Photo {n:03d}", accession_number=f"PH-{n:06d}",
            date=f"19{40 + n}" if n % 4 else None,
        ).id
        for n in range(12)
    ]  # fmt: skip
    model = RecordTableModel("photo")
    assert model.data(model.index(11, 1)) == "Photo 011"
    assert model.data(model.index(9, 1)) == "Photo 009"
    assert len(model._ids) == 5  # the head and the tail, nothing between
    model.sort(2, Qt.SortOrder.DescendingOrder)  # by date, newest first, the undated last
    undated = [i for n, i in enumerate(ids) if n % 4 == 0]
    assert [model.record_id(row) for row in (9, 10, 11)] == undated
    assert model.data(model.index(8, 1)) == "Photo 001"  # the oldest dated: the rest is read
    assert model.ids() == tuple(ids[n] for n in (11, 10, 9, 7, 6, 5, 3, 2, 1)) + tuple(undated)
