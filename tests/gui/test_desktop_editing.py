"""The desktop program as an archivist uses it: edit, validate, link, cite, draw regions,
batch-edit, delete, and take any of it back with Edit > Undo."""

from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from archive_app.catalog import links, records
from archive_app.catalog.models import (
    Citation,
    Event,
    Person,
    PersonEvent,
    PhotoEvent,
    Photograph,
    PhotoPerson,
    PhotoTag,
    Source,
)
from archive_app.catalog.serialize import describe
from archive_app.gui.main_window import MainWindow
from archive_app.gui.picker import RecordPicker, find_records


def go_to(window: MainWindow, record_type: str, record_id: int) -> None:
    window.open_record(record_type, record_id)
    assert window.detail.record_id == record_id


def vlasov() -> Person:
    return Person.get(Person.name == "Andrey Andreyevich Vlasov")


def answer_next_dialog(qtbot, text: str) -> None:
    """When the next modal dialog opens, type `text` into its search box and press Enter."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, answer)
            return
        box = dialog.findChild(QLineEdit, "picker_search")
        box.setText(text)
        QTest.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(20, answer)


# --- editing and validation -------------------------------------------------------------------


def test_editing_a_field_saves_it_and_undo_redo_take_it_back_and_forth(window, qtbot):
    person = vlasov()
    go_to(window, "person", person.id)
    editor = window.detail.editor
    biography = editor.inputs["biography"]
    biography.setPlainText("General of the Red Army, then of the Russian Liberation Army.")
    assert editor.save_button.isEnabled()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert Person.get_by_id(person.id).biography.startswith("General of the Red Army")
    assert window.undo_action.text().startswith("&Undo Edit person")
    window.undo_action.trigger()
    assert Person.get_by_id(person.id).biography == person.biography
    assert biography.toPlainText() == person.biography
    window.redo_action.trigger()
    assert Person.get_by_id(person.id).biography.startswith("General of the Red Army")


def test_an_invalid_date_is_shown_with_its_reason_and_cannot_be_saved(window, qtbot):
    person = vlasov()
    go_to(window, "person", person.id)
    editor = window.detail.editor
    death = editor.inputs["death_date"]
    death.edit.clear()
    qtbot.keyClicks(death.edit, "August 1946")
    assert not editor.save_button.isEnabled()
    assert "not an EDTF date" in death.meaning.text()
    assert "Died" in editor.message.text()
    assert editor.save() is False
    assert Person.get_by_id(person.id).death_date == "1946"
    death.edit.clear()
    qtbot.keyClicks(death.edit, "1946-08-01")
    assert death.meaning.text() == "1946-08-01 … 1946-08-01"
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert Person.get_by_id(person.id).death_date_latest == "1946-08-01"


def test_a_required_field_left_empty_cannot_be_saved(window):
    go_to(window, "person", vlasov().id)
    editor = window.detail.editor
    editor.inputs["name"].clear()
    assert not editor.save_button.isEnabled()
    assert "required" in editor.message.text()


@pytest.mark.parametrize(
    ("typed", "reason"), [("north", "is not a number"), ("nan", "is not a finite number")]
)
def test_a_number_that_is_not_one_is_shown_at_the_field_and_cannot_be_saved(
    window, qtbot, typed, reason
):
    place = records.create("place", name="Dabendorf")
    go_to(window, "place", place.id)
    editor = window.detail.editor
    qtbot.keyClicks(editor.inputs["latitude"], typed)
    assert not editor.save_button.isEnabled()
    assert reason in editor.message.text()
    assert editor.save() is False


def test_changing_an_events_place_through_its_picker_list(window):
    event = Event.get(Event.event_type == "execution")
    go_to(window, "event", event.id)
    combo = window.detail.editor.inputs["place"]
    combo.setCurrentIndex(combo.findText("Lubyanka prison"))
    assert window.detail.editor.save()
    assert Event.get_by_id(event.id).place.name == "Lubyanka prison"


# --- new and delete -------------------------------------------------------------------------


def test_a_new_record_can_be_undone_and_redone_with_the_same_id(window):
    window.select_section("person")
    new_id = window.new_record("person", "Georgy Zhukov")
    assert window.detail.record_id == new_id
    assert window.count_label.text() == "5 people"
    window.undo_action.trigger()
    assert Person.get_or_none(Person.id == new_id) is None
    window.redo_action.trigger()
    assert Person.get_by_id(new_id).name == "Georgy Zhukov"


def test_delete_says_what_goes_with_it_and_undo_brings_all_of_it_back(window):
    photo = Photograph.get()
    before = describe("photo", photo.id)
    go_to(window, "photo", photo.id)
    message = window.delete_message("photo", [photo.id])
    assert "Andrey Vlasov with Heinrich Himmler" in message
    assert "2 photo–person" in message and "3 citation" in message
    assert window.delete_selected(confirm=False) == 1
    assert Photograph.select().count() == 0 and PhotoPerson.select().count() == 0
    assert window.undo_action.text() == "&Undo Delete photo “Andrey Vlasov with Heinrich Himmler”"
    window.undo_action.trigger()
    assert describe("photo", photo.id) == before


def test_deleting_a_cited_source_is_refused_and_nothing_changes(window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    go_to(window, "source", Source.get().id)
    assert window.delete_selected(confirm=False) == 0
    assert "cited by" in shown[0]
    assert Source.select().count() == 1


# --- links and citations ----------------------------------------------------------------------


def test_linking_an_event_to_the_photo_and_citing_the_link(window):
    photo = Photograph.get()
    capture = Event.get(Event.title.startswith("Captured by the Germans"))
    go_to(window, "photo", photo.id)
    section = window.detail.links.section("photo_event")
    assert section.add(other_id=capture.id)
    link = PhotoEvent.get(PhotoEvent.photo == photo.id)
    assert section.model.rowCount() == 1
    section.list.setCurrentIndex(section.model.index(0, 0))
    section._emit_selected()
    panel = window.detail.links.link_citations
    assert panel.target == ("photo_event", link.id)
    assert panel.add(
        {
            "source": Source.get().id,
            "locator_label": "paragraph",
            "locator": "5",
            "text": "Taken in German captivity.",
            "text_kind": "paraphrase",
            "confidence": 1,
        }
    )
    assert Citation.get(Citation.photo_event == link.id).locator == "5"
    panel.list.setCurrentIndex(panel.model.index(0, 0))
    assert panel.edit({"locator": "6"})
    assert Citation.get(Citation.photo_event == link.id).locator == "6"
    window.undo_action.trigger()
    assert Citation.get(Citation.photo_event == link.id).locator == "5"
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert (
        PhotoEvent.select().count() == 0
        and Citation.select().where(Citation.photo_event.is_null(False)).count() == 0
    )


def test_linking_a_person_who_does_not_exist_yet_creates_them(window):
    event = Event.get(Event.event_type == "trial")
    go_to(window, "event", event.id)
    section = window.detail.links.section("person_event")
    assert section.add(new_name="Vasily Malyshkin", role="defendant")
    created = Person.get(Person.name == "Vasily Malyshkin")
    assert PersonEvent.get(PersonEvent.person == created.id).role == "defendant"
    window.undo_action.trigger()  # one action: the link and the new person go together
    assert Person.get_or_none(Person.name == "Vasily Malyshkin") is None


def test_a_citation_on_the_record_itself_and_jumping_to_its_source(window, qtbot):
    go_to(window, "person", vlasov().id)
    panel = window.detail.citations
    assert panel.model.rowCount() == 1
    panel.list.setCurrentIndex(panel.model.index(0, 0))
    with qtbot.waitSignal(panel.open_record):
        panel.go_to_source()
    assert window.current_record_type() == "source"
    assert window.detail.record_id == Source.get().id
    assert window.detail.editor.inputs["title"].text().startswith("12 Generals")


def test_the_picker_finds_a_name_in_another_script_and_offers_to_create(qtbot, demo_catalog):
    assert [name for _, name in find_records("person", "Власов")] == ["Andrey Andreyevich Vlasov"]
    picker = RecordPicker("person")
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.search, "himm")
    assert picker.model.rows[0][1] == "Heinrich Himmler"
    picker.search.setText("власов")  # lower case, Cyrillic: LIKE would not fold it
    assert [name for _, name in picker.model.rows] == ["Andrey Andreyevich Vlasov"]
    picker.search.setText("Wilfried Strik-Strikfeldt")
    assert picker.model.rowCount() == 0 and picker.create_button.isEnabled()
    qtbot.mouseClick(picker.create_button, Qt.MouseButton.LeftButton)
    assert picker.new_name == "Wilfried Strik-Strikfeldt"


# --- regions on the photograph ---------------------------------------------------------------


def viewer_point(viewer, x: float, y: float) -> QPoint:
    """The viewport position of a point given in fractions of the image."""
    width, height = viewer.image_size
    return viewer.mapFromScene(x * width, y * height)


def test_the_demo_photo_shows_both_regions_labelled(window):
    go_to(window, "photo", Photograph.get().id)
    viewer = window.detail.viewer_host.viewer
    names = sorted(item.name for item in viewer.regions.values())
    assert names == ["Andrey Andreyevich Vlasov", "Heinrich Himmler"]
    himmler = next(i for i in viewer.regions.values() if i.name == "Heinrich Himmler")
    assert himmler.rect().center().x() < viewer.image_size[0] / 2  # on the left
    assert himmler.toolTip() == "Heinrich Himmler"


def test_drawing_a_region_and_attaching_a_new_person_by_typing(window, qtbot):
    photo = Photograph.get()
    go_to(window, "photo", photo.id)
    host = window.detail.viewer_host
    viewer = host.viewer
    host.draw_action.setChecked(True)
    answer_next_dialog(qtbot, "Unknown SS officer")
    start, end = viewer_point(viewer, 0.43, 0.30), viewer_point(viewer, 0.55, 0.70)
    QTest.mousePress(viewer.viewport(), Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(viewer.viewport(), end)
    QTest.mouseRelease(viewer.viewport(), Qt.MouseButton.LeftButton, pos=end)
    officer = Person.get(Person.name == "Unknown SS officer")
    link = PhotoPerson.get(PhotoPerson.person == officer.id)
    assert link.region_x == pytest.approx(0.43, abs=0.01)
    assert link.region_w == pytest.approx(0.12, abs=0.01)
    assert len(viewer.regions) == 3
    assert not host.draw_action.isChecked()
    window.undo_action.trigger()
    assert Person.get_or_none(Person.name == "Unknown SS officer") is None
    assert len(viewer.regions) == 2


def test_dragging_a_region_moves_it_and_undo_moves_it_back(window):
    go_to(window, "photo", Photograph.get().id)
    viewer = window.detail.viewer_host.viewer
    item = next(i for i in viewer.regions.values() if i.name == "Heinrich Himmler")
    before = PhotoPerson.get_by_id(item.link_id)
    start = viewer.mapFromScene(item.rect().center())
    end = start + QPoint(30, 10)
    QTest.mousePress(viewer.viewport(), Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(viewer.viewport(), end)
    QTest.mouseRelease(viewer.viewport(), Qt.MouseButton.LeftButton, pos=end)
    moved = PhotoPerson.get_by_id(item.link_id)
    assert moved.region_x > before.region_x
    assert moved.region_w == pytest.approx(before.region_w)
    window.undo_action.trigger()
    assert PhotoPerson.get_by_id(item.link_id).region_x == pytest.approx(before.region_x)


def test_resizing_a_region_from_its_corner(window):
    go_to(window, "photo", Photograph.get().id)
    viewer = window.detail.viewer_host.viewer
    item = next(i for i in viewer.regions.values() if i.name == "Andrey Andreyevich Vlasov")
    before = PhotoPerson.get_by_id(item.link_id)
    corner = viewer.mapFromScene(item.rect().bottomRight()) - QPoint(3, 3)
    QTest.mousePress(viewer.viewport(), Qt.MouseButton.LeftButton, pos=corner)
    QTest.mouseMove(viewer.viewport(), corner - QPoint(40, 40))
    QTest.mouseRelease(viewer.viewport(), Qt.MouseButton.LeftButton, pos=corner - QPoint(40, 40))
    resized = PhotoPerson.get_by_id(item.link_id)
    assert resized.region_x == pytest.approx(before.region_x)
    assert resized.region_w < before.region_w and resized.region_h < before.region_h


def test_clicking_a_region_opens_the_person(window):
    go_to(window, "photo", Photograph.get().id)
    viewer = window.detail.viewer_host.viewer
    item = next(i for i in viewer.regions.values() if i.name == "Andrey Andreyevich Vlasov")
    QTest.mouseClick(
        viewer.viewport(), Qt.MouseButton.LeftButton, pos=viewer.mapFromScene(item.rect().center())
    )
    assert window.current_record_type() == "person"
    assert window.detail.record_id == vlasov().id


def test_deleting_a_selected_region_keeps_the_person_linked(window):
    go_to(window, "photo", Photograph.get().id)
    viewer = window.detail.viewer_host.viewer
    item = next(i for i in viewer.regions.values() if i.name == "Heinrich Himmler")
    item.setSelected(True)
    viewer.setFocus()
    QTest.keyClick(viewer, Qt.Key.Key_Delete)
    link = PhotoPerson.get_by_id(item.link_id)
    assert link.region_x is None
    assert len(viewer.regions) == 1
    window.undo_action.trigger()
    assert PhotoPerson.get_by_id(item.link_id).region_x is not None


def test_a_region_survives_any_display_size(window):
    go_to(window, "photo", Photograph.get().id)
    viewer = window.detail.viewer_host.viewer
    stored = {link.id: link.region_x for link in PhotoPerson.select()}
    viewer.zoom(3.0)
    viewer.fit()
    for item in viewer.regions.values():
        assert item.region.x == pytest.approx(stored[item.link_id])


def test_a_large_scan_opens_as_a_preview_and_loads_detail_when_zoomed(window, qtbot, tmp_path):
    path = tmp_path / "scan.jpg"
    Image.new("RGB", (6000, 4000), (120, 110, 90)).save(path, quality=80)
    photo = records.create("photo", title="scan", file_path=str(path), width=6000, height=4000)
    person = vlasov()
    links.depict(photo.id, person.id, links.Region(0.1, 0.1, 0.2, 0.3))
    window.events.changed.emit("photo")
    go_to(window, "photo", photo.id)
    viewer = window.detail.viewer_host.viewer
    assert viewer.image_size == (6000, 4000)
    assert viewer.pixmap_item.pixmap().width() <= 2048
    assert not viewer.full_loaded
    region = next(iter(viewer.regions.values()))
    assert region.rect().x() == pytest.approx(600)
    with qtbot.waitSignal(viewer.full_image_loaded, timeout=30_000):
        viewer.actual_size()
    assert viewer.pixmap_item.pixmap().width() == 6000
    assert viewer.pixmap_item.scale() == pytest.approx(1.0)


def test_a_missing_image_file_is_said_in_the_viewer(window):
    photo = records.create("photo", title="lost", file_path="/nowhere/lost.tif")
    window.events.changed.emit("photo")
    go_to(window, "photo", photo.id)
    host = window.detail.viewer_host
    assert "missing" in host.notice.text()


# --- many photographs at once ------------------------------------------------------------------


def test_batch_editing_tags_credit_and_rights_of_several_photos(window):
    first = Photograph.get()
    second = records.create("photo", title="Second print", credit_line="Private collection")
    window.events.changed.emit("photo")
    window.select_section("photo")
    window.table.selectAll()
    assert set(window.selected_ids()) == {first.id, second.id}
    batch = window.detail.batch
    assert window.detail.tabs.currentWidget() is batch
    batch.add_tags.setText("Vlasov, ROA")
    batch.remove_tags.setText("stand-in image")
    batch.credit.setText("Wikimedia Commons")
    batch.rights.setText("Public domain")
    assert batch.apply()
    for photo_id in (first.id, second.id):
        shown = describe("photo", photo_id)
        assert {"Vlasov", "ROA"} <= set(shown["tags"])
        assert "stand-in image" not in shown["tags"]
        assert shown["credit_line"] == "Wikimedia Commons"
        assert shown["rights"] == "Public domain"
    window.undo_action.trigger()
    assert describe("photo", second.id)["credit_line"] == "Private collection"
    assert describe("photo", first.id)["tags"] == ["World War II", "defector", "stand-in image"]
    assert PhotoTag.select().where(PhotoTag.photo == second.id).count() == 0


# --- names and identifiers ---------------------------------------------------------------------


def test_adding_a_name_variant_and_an_identifier_to_a_person(window):
    from archive_app.catalog.models import PersonIdentifier, PersonName

    person = vlasov()
    go_to(window, "person", person.id)
    names = window.detail.variants.list_of(PersonName)
    assert names.model.rowCount() == 3
    assert names.add(
        {"name": "Andrej Wlassow", "script": "Latn", "language": "de", "kind": "transliteration"}
    )
    assert names.model.rowCount() == 4
    identifiers = window.detail.variants.list_of(PersonIdentifier)
    assert identifiers.add({"value": "Q123456", "scheme": "wikidata"})
    assert describe("person", person.id)["identifiers"] == {"wikidata": "Q123456"}
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert names.model.rowCount() == 3 and identifiers.model.rowCount() == 0


def test_an_empty_or_repeated_identifier_is_refused_with_a_message(window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from archive_app.catalog.models import PersonIdentifier

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: said.append(args[2]))
    go_to(window, "person", vlasov().id)
    identifiers = window.detail.variants.list_of(PersonIdentifier)
    assert not identifiers.add({"value": "  ", "scheme": "wikidata"})
    assert identifiers.add({"value": "Q1", "scheme": "wikidata"})
    go_to(window, "person", Person.get(Person.name == "Joseph Stalin").id)
    assert not window.detail.variants.list_of(PersonIdentifier).add(
        {"value": "Q1", "scheme": "wikidata"}
    )
    assert "required" in said[0] and "already" in said[1]
    assert PersonIdentifier.select().count() == 1


def test_a_full_disk_keeps_the_edit_in_the_form_and_says_why(window):
    person = vlasov()
    go_to(window, "person", person.id)
    editor = window.detail.editor
    typed = "A new biography. " * 20_000
    editor.inputs["biography"].setPlainText(typed)
    pages = window.catalog.database.execute_sql("PRAGMA page_count").fetchone()[0]
    window.catalog.database.execute_sql(f"PRAGMA max_page_count = {pages}")
    assert not editor.save()
    assert editor.message.text().startswith("the disk is full; nothing was changed")
    assert editor.inputs["biography"].toPlainText() == typed  # the archivist's text is still there
    assert Person.get_by_id(person.id).biography == person.biography
    window.catalog.database.execute_sql(f"PRAGMA max_page_count = {pages * 100}")  # space again
    assert editor.save()
    assert Person.get_by_id(person.id).biography == typed.strip()
