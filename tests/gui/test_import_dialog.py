"""The import dialog: a live count while the window stays responsive, a cancel that keeps whole
records, the refusals listed at the end, and imports started by dropping files on a widget."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QWidget

from archive_app.catalog.importing.run import ImportOptions, Progress
from archive_app.catalog.models import Photograph
from archive_app.gui.import_dialog import (
    ImportDialog,
    add_import_actions,
    count_text,
    enable_drop_import,
    start_import,
)


def scans(folder: Path, count: int) -> Path:
    folder.mkdir()
    for number in range(count):
        image = Image.new("RGB", (320, 240), (number * 5 % 256, 90, 40))
        ImageDraw.Draw(image).text((10, 10), f"scan {number}", fill="white")
        image.save(folder / f"scan-{number:03d}.jpg", "JPEG")
    return folder


def finish(qtbot, dialog: ImportDialog) -> list[int]:
    with qtbot.waitSignal(dialog.imported, timeout=60_000) as blocker:
        pass
    assert dialog.wait()
    return blocker.args[0]


def test_the_dialog_counts_as_it_goes_and_lists_refusals_at_the_end(qtbot, demo_catalog, tmp_path):
    folder = scans(tmp_path / "box", 6)
    (folder / "not-a-photo.jpg").write_text("notes", encoding="utf-8")
    counts: list[Progress] = []
    dialog = start_import(None, [str(folder)], demo_catalog)
    qtbot.addWidget(dialog)
    dialog.worker.progressed.connect(counts.append)
    ids = finish(qtbot, dialog)
    assert len(ids) == 6 and Photograph.select().count() == 7  # the demo's one, and six
    assert counts, "the live count was never updated"
    assert dialog.count_label.text() == "7 of 7 files: 6 imported, 0 duplicates, 1 refused"
    assert dialog.close_button.isEnabled() and not dialog.cancel_button.isEnabled()
    assert dialog.details.isVisible()
    assert "not-a-photo.jpg" in dialog.details.toPlainText()
    assert "not an image" in dialog.details.toPlainText()


def test_cancel_stops_the_import_and_keeps_whole_records(qtbot, catalog, tmp_path):
    folder = scans(tmp_path / "many", 60)
    dialog = start_import(
        None, [str(folder)], catalog, ImportOptions(recursive=True, workers=1, batch_size=2)
    )
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: Photograph.select().count() >= 2, timeout=60_000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    finish(qtbot, dialog)
    assert dialog.report is not None and dialog.report.cancelled
    assert Photograph.select().count() == dialog.report.count("imported") < 60
    assert dialog.heading.text().startswith("Import cancelled")


def test_dropping_a_folder_on_a_widget_imports_it(qtbot, catalog, tmp_path):
    folder = scans(tmp_path / "dropped", 2)
    target = QWidget()
    qtbot.addWidget(target)
    imported: list[list[int]] = []
    dropper = enable_drop_import(target, str(catalog.path), imported.append)
    started: list[ImportDialog] = []
    dropper.started.connect(started.append)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    enter = QDragEnterEvent(
        target.rect().center(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(target.rect().center()),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, drop)
    assert len(started) == 1
    qtbot.addWidget(started[0])
    finish(qtbot, started[0])
    assert len(imported) == 1 and len(imported[0]) == 2


def test_text_dropped_on_the_widget_is_not_taken(qtbot, catalog):
    target = QWidget()
    qtbot.addWidget(target)
    enable_drop_import(target, catalog)
    mime = QMimeData()
    mime.setText("just words")
    enter = QDragEnterEvent(
        target.rect().center(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter.ignore()
    QApplication.sendEvent(target, enter)
    assert not enter.isAccepted()


def test_the_menu_gets_import_files_and_import_folder(qtbot, catalog):
    parent = QWidget()
    qtbot.addWidget(parent)
    menu = QMenu(parent)
    files, folder = add_import_actions(menu, parent, catalog)
    assert files.shortcut().toString() == "Ctrl+I"
    assert [action.objectName() for action in menu.actions()] == ["import_files", "import_folder"]
    assert start_import(parent, [], catalog) is None


def test_count_text_speaks_plainly():
    assert count_text(Progress(1, 1, 1, 0, 0)) == "1 of 1 file: 1 imported, 0 duplicates, 0 refused"
    assert count_text(Progress(1200, 10000, 1100, 1, 99)) == (
        "1,200 of 10,000 files: 1,100 imported, 1 duplicate, 99 refused"
    )


def test_the_dialog_lists_what_was_skipped_in_files_that_came_in(qtbot, catalog, tmp_path):
    folder = scans(tmp_path / "box", 2)
    hostile = b'<!DOCTYPE x [<!ENTITY e "e">]><x:xmpmeta xmlns:x="adobe:ns:meta/"/>'
    Image.new("RGB", (64, 48), (9, 9, 9)).save(folder / "odd-xmp.jpg", "JPEG", xmp=hostile)
    dialog = start_import(None, [str(folder)], catalog)
    qtbot.addWidget(dialog)
    assert len(finish(qtbot, dialog)) == 3
    assert "(1 imported with warnings)" in dialog.heading.text()
    shown = dialog.details.toPlainText()
    assert dialog.details.isVisible()
    assert "odd-xmp.jpg" in shown and "with warnings" in shown
    assert "⚠ the XMP packet declares a DTD or entities" in shown


def test_the_records_editor_shows_the_warnings_its_import_left(qtbot, window, tmp_path):
    folder = tmp_path / "box"
    folder.mkdir()
    bad_exif = b"Exif\x00\x00" + b"\xde\xad\xbe\xef" * 8
    Image.new("RGB", (64, 48), (9, 9, 9)).save(folder / "odd.jpg", "JPEG", exif=bad_exif)
    dialog = start_import(None, [str(folder)], window.catalog)
    qtbot.addWidget(dialog)
    (photo_id,) = finish(qtbot, dialog)
    editor = window.detail.record_editor
    editor.set_record("photo", photo_id)
    fact = editor.findChild(QLabel, "fact_import_warnings")
    assert fact is not None
    assert fact.text() == "⚠ the EXIF block has no TIFF header and was skipped"
