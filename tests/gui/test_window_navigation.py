"""Finding one's way: collections and tags in the sidebar, the search box and saved searches,
the thumbnail grid, preferences, and a layout that is remembered."""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from PySide6.QtTest import QAbstractItemModelTester

from archive_app.catalog import links, records
from archive_app.catalog.models import Collection, Person, Photograph, Tag
from archive_app.catalog.search.saved import saved_searches
from archive_app.catalog.settings import get_setting
from archive_app.gui.main_window import MainWindow
from archive_app.gui.preferences import PreferencesDialog, apply_theme
from archive_app.gui.sidebar_model import SidebarModel


def titles(window: MainWindow) -> list[str]:
    model = window.table.model()
    return [model.data(model.index(row, 1)) for row in range(model.rowCount())]


def test_the_sidebar_holds_sections_collections_as_a_tree_and_tags(demo_catalog, qtbot):
    model = SidebarModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    top = [model.data(model.index(row, 0)) for row in range(model.rowCount())]
    assert top == [
        "Photographs",
        "People",
        "Events",
        "Places",
        "Sources",
        "Collections",
        "Tags",
        "Saved searches",
    ]
    fonds = Collection.get(Collection.level == "fonds")
    fonds_index = model.find("collection", fonds.id)
    assert model.data(fonds_index) == "Demo: the Vlasov article"
    assert model.data(model.index(0, 0, fonds_index)) == "Images of the article (1)"
    tags = model.index(6, 0)
    assert model.rowCount(tags) == 3


def test_choosing_a_collection_shows_its_photographs_and_those_below_it(window):
    fonds = records.create("collection", name="Fonds 12", level="fonds")
    series = records.create("collection", name="Series A", level="series", parent=fonds)
    records.create("photo", title="In the series", collection=series)
    records.create("photo", title="Elsewhere")
    window.events.changed.emit("collection")
    window.select_scope("collection", fonds.id)
    assert titles(window) == ["In the series"]
    assert window.count_label.text() == "1 photograph in Fonds 12"
    window.select_scope("collection", series.id)
    assert titles(window) == ["In the series"]
    new_id = window.new_record("photo")
    assert Photograph.get_by_id(new_id).collection_id == series.id


def test_choosing_a_tag_shows_the_photographs_that_carry_it(window):
    other = records.create("photo", title="Untagged")
    window.events.changed.emit("photo")
    window.select_scope("tag", Tag.get(Tag.name == "defector").id)
    assert titles(window) == ["Andrey Vlasov with Heinrich Himmler"]
    links.tag_photos([other.id], ["defector"])
    window.events.changed.emit("tag")
    assert len(titles(window)) == 2


def search_for(qtbot, window: MainWindow, text: str):
    """Put text in the toolbar box as an input method does and wait for the debounced result."""
    with qtbot.waitSignal(window.search.results_ready, timeout=10_000) as blocker:
        window.search_box.setText(text)
        window.search_box.textEdited.emit(text)
    return blocker.args[0]


def found(window: MainWindow) -> list[str]:
    model = window.search.results_model
    return [model.data(model.index(row, 1)) for row in range(model.rowCount())]


def test_the_status_line_says_when_a_search_found_more_than_it_ranked(window, qtbot, monkeypatch):
    from archive_app.catalog.search import execute

    search_for(qtbot, window, "vlasov")
    assert window.count_label.text().endswith(" found in the whole catalogue")
    assert not window.count_label.text().startswith("More than")
    monkeypatch.setattr(execute, "RANKED_HITS", 3)
    monkeypatch.setattr("archive_app.gui.search_panel.PAGE", 2)
    search_for(qtbot, window, "vlasov army")
    search_for(qtbot, window, "vlasov")
    assert window.count_label.text() == "More than 3 found in the whole catalogue"


def test_the_toolbar_box_searches_the_whole_catalogue_in_place_of_the_list(window, qtbot):
    window.select_section("event")
    window.search_box.setFocus()
    with qtbot.waitSignal(window.search.results_ready, timeout=10_000):
        qtbot.keyClicks(window.search_box, "himmler")
    assert window.searching()
    assert "Heinrich Himmler" in found(window)
    assert "Andrey Vlasov with Heinrich Himmler" in found(window)  # every record type

    result = search_for(qtbot, window, "власов type:person")
    assert found(window)[0] == "Andrey Andreyevich Vlasov"  # others only name him in a biography
    # Enter in the results opens the record in the editor, the results stay in view.
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    qtbot.keyClick(window.search.results, Qt.Key.Key_Return)
    vlasov = result.hits[0].record_id
    assert (window.detail.record_type, window.detail.record_id) == ("person", vlasov)
    assert window.searching()

    search_for(qtbot, window, "%_'; DROP TABLE event")
    assert window.searching()
    assert Event_count() == 16

    # Escape empties the box and brings the list back, as it was.
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert not window.searching()
    assert window.views.currentWidget() is window.table
    assert window.table.model().rowCount() == 16
    assert window.count_label.text() == "16 events"


def Event_count() -> int:  # noqa: N802
    from archive_app.catalog.models import Event

    return Event.select().count()


def test_a_malformed_query_says_where_and_keeps_the_results(window, qtbot):
    search_for(qtbot, window, "vlasov")
    before = found(window)
    with qtbot.waitSignal(window.search.query_failed, timeout=10_000) as blocker:
        window.search_box.setText('"2nd shock')
        window.search_box.textEdited.emit('"2nd shock')
    assert "quote" in blocker.args[0]
    assert window.search.message.isVisible()
    assert found(window) == before


def test_a_saved_search_appears_in_the_sidebar_and_runs_on_the_catalogue_as_it_is(
    window, qtbot, monkeypatch
):
    search_for(qtbot, window, "person:vlasov date:1942")
    monkeypatch.setattr(
        "PySide6.QtWidgets.QInputDialog.getText", lambda *a, **k: ("Vlasov in 1942", True)
    )
    window.search.save_button.click()
    saved_index = window.sidebar_model.find("saved", saved_searches()[0].id)
    assert window.sidebar_model.data(saved_index) == "Vlasov in 1942"
    first = len(found(window))

    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert not window.searching()
    vlasov = Person.get(Person.name == "Andrey Andreyevich Vlasov")
    event = records.create("event", title="A new-found meeting", date="1942-08")
    links.take_part(vlasov.id, event.id, role="participant")
    window.events.changed.emit("event")

    with qtbot.waitSignal(window.search.results_ready, timeout=10_000):
        window.sidebar.setCurrentIndex(saved_index)
    assert window.searching()
    assert window.search_box.text() == "person:vlasov date:1942"
    assert "A new-found meeting" in found(window)
    assert len(found(window)) == first + 1

    window.delete_saved_search(saved_searches()[0].id)
    assert saved_searches() == []
    groups = [window.sidebar_model.data(window.sidebar_model.index(r, 0)) for r in range(8)]
    saved_group = window.sidebar_model.index(groups.index("Saved searches"), 0)
    assert window.sidebar_model.rowCount(saved_group) == 0


def test_the_thumbnail_grid_shares_the_selection_and_loads_images_in_the_background(
    window, qtbot, tmp_path
):
    for n in range(3):
        path = tmp_path / f"scan{n}.jpg"
        Image.new("RGB", (1200, 800), (40 * n, 90, 120)).save(path)
        records.create("photo", title=f"Scan {n}", file_path=str(path))
    records.create("photo", title="Lost file", file_path=str(tmp_path / "gone.jpg"))
    window.events.changed.emit("photo")
    window.set_grid(True)
    assert window.views.currentWidget() is window.grid
    model = window.grid.model()
    assert model.rowCount() == 5
    for row in range(model.rowCount()):
        model.data(model.index(row, 1), Qt.ItemDataRole.DecorationRole)  # as the view paints
    qtbot.waitUntil(
        lambda: not window.thumbnails.running and not window.thumbnails.pending, timeout=20_000
    )
    assert len(window.thumbnails.cache) == 4  # the demo's stand-in and three scans
    assert len(window.thumbnails.failed) == 1  # the lost file shows the "no image" placeholder
    icon = model.data(model.index(1, 1), Qt.ItemDataRole.DecorationRole)
    assert max(icon.availableSizes()[0].width(), icon.availableSizes()[0].height()) <= 160
    window.grid.selectionModel().select(
        model.index(2, 1), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    assert window.selected_ids() == [model.record_id(2)]
    assert window.detail.record_id == model.record_id(2)
    window.select_section("person")
    assert window.views.currentWidget() is window.table
    window.select_section("photo")
    assert window.views.currentWidget() is window.grid  # the choice is remembered


def test_preferences_keep_the_archive_name_in_the_catalogue(window, qtbot, demo_catalog):
    dialog = PreferencesDialog(window)
    qtbot.addWidget(dialog)
    dialog.archive_name.setText("  Memorial   Photo Archive ")
    dialog.prefix.setText("VL-")
    dialog.theme.setCurrentText("dark")
    assert dialog.save()
    assert get_setting("archive_name") == "Memorial Photo Archive"
    assert records.create("photo").accession_number == "VL-000002"
    assert apply_theme() == "dark"
    dialog.prefix.setText("has space")
    assert not dialog.save()
    assert "spaces" in dialog.message.text()
    assert get_setting("accession_prefix") == "VL-"


def test_column_widths_and_the_window_layout_are_remembered(qtbot, demo_catalog):
    first = MainWindow(demo_catalog)
    qtbot.addWidget(first)
    first.select_section("event")
    first.table.horizontalHeader().resizeSection(1, 333)
    first.close()
    second = MainWindow(demo_catalog)
    qtbot.addWidget(second)
    second.select_section("event")
    assert second.table.horizontalHeader().sectionSize(1) == 333
    assert QSettings("archive_app", "archive_app").value("last_catalog").endswith("catalog.db")


def test_backing_up_from_the_window(window, tmp_path, monkeypatch):
    target = tmp_path / "copy.db"
    assert window.back_up(str(target))
    assert target.exists() and "Backed up" in window.statusBar().currentMessage()
    from PySide6.QtWidgets import QMessageBox

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: said.append(args[2]))
    assert not window.back_up(str(target))  # never over an existing file
    assert "already exists" in said[0]


def test_files_dropped_on_the_window_are_imported_and_listed(window, qtbot, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    folder = tmp_path / "box"
    folder.mkdir()
    for n in range(3):
        Image.new("RGB", (300, 200), (n * 60, 80, 40)).save(folder / f"print-{n}.jpg")
    started = []
    window.drop_importer.started.connect(started.append)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    enter = QDragEnterEvent(
        window.rect().center(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)  # Qt delivers a drop only after its drag entered
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(window.rect().center()),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, drop)
    assert len(started) == 1
    qtbot.addWidget(started[0])
    with qtbot.waitSignal(started[0].imported, timeout=60_000):
        pass
    assert started[0].wait()
    assert window.table.model().rowCount() == 4
    assert len(window.selected_ids()) == 3  # the new photographs are selected
    assert window.count_label.text() == "4 photographs"
    names = [a.objectName() for a in window.import_actions]
    assert names == ["import_files", "import_folder"]


def test_the_grid_uses_the_imports_thumbnail_when_the_original_is_offline(window, qtbot):
    from archive_app.catalog.importing.thumbnails import write_thumbnail

    sha = "ab" * 32
    write_thumbnail(Image.new("RGB", (120, 90), (200, 30, 30)), window.thumbnail_cache.folder, sha)
    photo = records.create(
        "photo", title="On the offline drive", file_path="/mnt/offline/x.tif", sha256=sha
    )
    window.events.changed.emit("photo")
    model = window.model_for("photo")
    row = model.ids().index(photo.id)
    model.data(model.index(row, 1), Qt.ItemDataRole.DecorationRole)
    qtbot.waitUntil(
        lambda: photo.id in window.thumbnails.cache or photo.id in window.thumbnails.failed,
        timeout=20_000,
    )
    assert photo.id in window.thumbnails.cache
