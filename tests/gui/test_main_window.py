"""The first window lists the catalogue, section by section, from the catalogue itself."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication

from archive_app.catalog import records
from archive_app.catalog.models import Person
from archive_app.cli import main
from archive_app.gui.main_window import MainWindow
from archive_app.gui.record_table_model import PAGE_SIZE, TABLES, RecordTableModel


def cells(model, column: int) -> list[str]:
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def test_the_window_opens_on_the_photographs_with_a_count(window):
    assert window.current_record_type() == "photo"
    model = window.table.model()
    assert model.rowCount() == 1
    assert cells(model, 1) == ["Andrey Vlasov with Heinrich Himmler"]
    assert window.count_label.text() == "1 photograph"
    assert "catalog.db" in window.windowTitle()


def test_clicking_people_in_the_sidebar_lists_the_four_people(window, qtbot):
    index = window.sidebar_model.section_index("person")
    qtbot.mouseClick(
        window.sidebar.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.sidebar.visualRect(index).center(),
    )
    model = window.table.model()
    assert window.current_record_type() == "person"
    assert set(cells(model, 0)) == {
        "Andrey Andreyevich Vlasov",
        "Heinrich Himmler",
        "Joseph Stalin",
        "Chiang Kai-shek",
    }
    assert window.count_label.text() == "4 people"


def test_events_list_sixteen_with_their_dates_and_places(window):
    window.select_section("event")
    model = window.table.model()
    assert model.rowCount() == 16
    assert cells(model, 0)[0] == "1919"
    assert "Lubyanka prison" in cells(model, 3)
    assert window.count_label.text() == "16 events"


def test_sources_list_the_article(window):
    window.select_section("source")
    assert cells(window.table.model(), 0)[0].startswith("12 Generals")
    assert window.count_label.text() == "1 source"


def test_sorting_by_date_uses_the_earliest_day_of_uncertain_dates(catalog, qtbot):
    for title, date in [("b", "1942-06"), ("a", "1944?"), ("c", "194X"), ("d", None)]:
        records.create("event", title=title, date=date)
    model = RecordTableModel("event")
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert cells(model, 0) == ["194X", "1942-06", "1944?", ""]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert cells(model, 0) == ["1944?", "1942-06", "194X", ""]
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert cells(model, 1) == ["a", "b", "c", "d"]


def test_every_table_model_passes_the_qt_model_tester(demo_catalog, qtbot):
    for record_type in TABLES:
        model = RecordTableModel(record_type)
        QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
        for column in range(model.columnCount()):
            model.sort(column, Qt.SortOrder.DescendingOrder)
        model.reload()
        assert model.rowCount(model.index(0, 0)) == 0
        assert model.headerData(0, Qt.Orientation.Horizontal)


def test_a_large_table_reads_only_the_pages_it_shows(catalog, qtbot):
    Person.insert_many(
        [{"name": f"Person {n:05d}", "sort_name": f"{n:05d}"} for n in range(1000)]
    ).execute()
    model = RecordTableModel("person")
    assert model.rowCount() == 1000
    assert model._rows == {}  # nothing read until a cell is asked for
    assert model.data(model.index(999, 0)) == "Person 00999"
    assert len(model._rows) == PAGE_SIZE  # the last page only
    assert model.data(model.index(0, 0)) == "Person 00000"
    assert len(model._rows) <= 2 * PAGE_SIZE
    assert model.data(QModelIndex()) is None


def test_archive_app_gui_seeds_a_new_catalogue_with_the_demo_and_shows_it(tmp_path, qtbot):
    path = tmp_path / "first-run.db"
    seen: list[str] = []

    def look_and_close() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        for shown in windows:
            seen.append(shown.count_label.text())
            shown.close()
        QApplication.instance().quit()

    QTimer.singleShot(0, look_and_close)
    assert main(["--catalog", str(path), "gui"]) == 0
    assert seen == ["1 photograph"]
    assert path.exists()


def test_an_untitled_photograph_is_labelled_by_its_accession_number(catalog, qtbot):
    untitled = records.create("photo")
    model = RecordTableModel("photo")
    assert model.data(model.index(0, 1)) == untitled.accession_number


def test_the_window_says_when_opening_upgraded_the_catalogue(tmp_path, qtbot):
    import sqlite3

    from archive_app.catalog.database import open_catalog

    path = tmp_path / "older.db"
    with open_catalog(path):
        records.create("person", name="Andrey Vlasov")
    with sqlite3.connect(path) as connection:  # as the version-4 program left it
        connection.execute("UPDATE catalog_meta SET value = '4' WHERE key = 'schema_version'")
    connection.close()
    with open_catalog(path) as catalog:
        window = MainWindow(catalog)
        qtbot.addWidget(window)
        message = window.statusBar().currentMessage()
        assert message.startswith("Upgraded this catalogue from schema version 4")
        assert str(catalog.backup_path) in message and catalog.backup_path.exists()
        assert window.count_label.isHidden()  # not painted under the message
        window.statusBar().clearMessage()
        assert not window.count_label.isHidden()
