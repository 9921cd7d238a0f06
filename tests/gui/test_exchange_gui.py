"""The exchange formats in the desktop program: the catalogue tab of the export dialog writes
GEDCOM and GEDZIP for the selection, and File > Import GEDCOM… brings a file in off the GUI
thread and says what was created, matched and refused."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from archive_app.catalog.exchange.gedcom_export import GEDCOM_7, gedcom_document, gedcom_text
from archive_app.catalog.models import Person, Photograph
from archive_app.catalog.sources.selection import whole_catalogue
from archive_app.gui.export_dialog import ExportDialog, show_export

WAIT_MS = 30_000


@contextmanager
def export_dialog(catalog, chosen: dict[str, list[int]]) -> Iterator[ExportDialog]:
    """The Export dialog on its catalogue tab, as the main window opens it; closed after, once
    its workers are done."""
    dialog = show_export(None, catalog, chosen, None, "catalogue")
    try:
        yield dialog
    finally:
        dialog.catalogue.pool.waitForDone()
        dialog.citations.timer.stop()
        dialog.citations.pool.waitForDone()
        dialog.close()


def test_the_export_dialog_writes_gedzip_for_the_selected_photograph(demo_catalog, qtbot, tmp_path):
    with export_dialog(demo_catalog, {"photo": [Photograph.get().id]}) as dialog:
        tab = dialog.catalogue
        tab.format.setCurrentIndex(tab.format.findData("gedzip"))
        assert "image files" in tab.explain.text()
        target = tmp_path / "photo.gdz"
        with qtbot.waitSignal(tab.exported, timeout=WAIT_MS):
            assert tab.export(str(target))
        assert tab.status.text().startswith(f"Saved {target} (2 people")
        with zipfile.ZipFile(target) as archive:
            assert len([n for n in archive.namelist() if n.startswith("media/")]) == 1


def test_file_import_gedcom_brings_people_in_and_reports_them(window, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "demo.ged"
    path.write_text(gedcom_text(gedcom_document(whole_catalogue(), GEDCOM_7)), "utf-8")
    Person.delete().where(Person.name == "Joseph Stalin").execute()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    action = window.findChild(QAction, "import_gedcom")
    assert action is not None and action.text() == "Import &GEDCOM…"
    action.trigger()
    qtbot.waitUntil(lambda: not window.exchange_importer.running, timeout=WAIT_MS)
    window.exchange_importer.pool.waitForDone()
    message = window.exchange_importer.last_message
    assert "Created: " in message and "1 person" in message
    assert "matched" in message and "3 person" in message
    assert Person.select().where(Person.name == "Joseph Stalin").count() == 1


def test_a_file_that_is_not_gedcom_is_one_line_in_the_window(window, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "notes.ged"
    path.write_text("just some notes\n", "utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.findChild(QAction, "import_gedcom").trigger()
    qtbot.waitUntil(lambda: not window.exchange_importer.running, timeout=WAIT_MS)
    assert window.exchange_importer.last_message == (
        "Nothing was imported: notes.ged: not a GEDCOM file (it does not begin with '0 HEAD')"
    )


def test_the_export_dialog_writes_a_iiif_site_served_at_the_address_given(
    demo_catalog, qtbot, tmp_path
):
    with export_dialog(demo_catalog, {}) as dialog:
        tab = dialog.catalogue
        assert tab.base_url.isHidden()
        tab.format.setCurrentIndex(tab.format.findData("iiif"))
        assert not tab.base_url.isHidden()
        tab.base_url.setText("https://archive.example.org/iiif")
        target = tmp_path / "site"
        with qtbot.waitSignal(tab.exported, timeout=WAIT_MS):
            assert tab.export(str(target))
        assert tab.status.text().startswith("Wrote 1 IIIF manifest(s) and 3 collection(s)")
        manifest = (target / "manifests" / "PH-000001.json").read_text("utf-8")
        assert '"id": "https://archive.example.org/iiif/manifests/PH-000001.json"' in manifest


def test_file_import_tropy_project_brings_the_photographs_in(window, qtbot, tmp_path, monkeypatch):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[1] / "exchange"))
    from tropy_project import build_project

    built = build_project(tmp_path / "tropy")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(built.path), ""))
    action = window.findChild(QAction, "import_tropy")
    assert action is not None
    action.trigger()
    qtbot.waitUntil(lambda: not window.exchange_importer.running, timeout=WAIT_MS)
    message = window.exchange_importer.last_message
    assert message.startswith("Imported Vlasov papers (tpy).")
    assert "3 photo" in message and "Refused Damaged scan: broken.jpg" in message
    assert Photograph.select().where(Photograph.title == "Front of the print").exists()


def test_a_tropy_import_with_missing_photos_offers_to_look_in_a_folder(
    window, qtbot, tmp_path, monkeypatch
):
    import sys
    from pathlib import Path

    from PySide6.QtWidgets import QPushButton

    sys.path.insert(0, str(Path(__file__).parents[1] / "exchange"))
    from tropy_project import build_project

    built = build_project(tmp_path / "tropy")
    importer = window.exchange_importer
    assert importer.start("tropy", built.path)
    qtbot.waitUntil(lambda: not importer.running, timeout=WAIT_MS)
    parade = Photograph.get(Photograph.title == "Parade")
    assert parade.file_path is None
    button = importer.report_box.findChild(QPushButton, "relink_tropy")
    assert button is not None and button.text() == "Look in a folder…"
    folder = str(tmp_path / "tropy" / "elsewhere")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: folder)
    button.click()
    qtbot.waitUntil(lambda: not importer.running, timeout=WAIT_MS)
    assert Photograph.get_by_id(parade.id).file_path.endswith("renamed-scan.jpg")
    assert "Created: nothing" in importer.last_message
