"""File > Import sources… in the window: a Zotero export comes in off the GUI thread, the Sources
list shows it, and the report names each refused item with its place and reason and each
look-alike to merge."""

from __future__ import annotations

import json

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from archive_app.catalog.models import Source

WAIT_MS = 30_000


def _letter(key: str, given: str) -> dict:
    return {
        "id": key,
        "type": "manuscript",
        "title": "Letter to Anna",
        "author": [{"family": "Roe", "given": given}],
        "issued": {"date-parts": [[1943]]},
    }


def _run(window, qtbot, monkeypatch, path) -> str:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    action = window.findChild(QAction, "import_sources")
    assert action is not None
    action.trigger()
    qtbot.waitUntil(lambda: not window.source_importer.running, timeout=WAIT_MS)
    window.source_importer.pool.waitForDone()
    return window.source_importer.last_message


def test_import_sources_from_the_file_menu_reports_refusals_and_look_alikes(
    window, qtbot, tmp_path, monkeypatch
):
    before = Source.select().count()
    items = [_letter("a", "Ann"), {"id": "b", "type": "book", "author": "Smith"}]
    items += [_letter("c", "Anna"), {"id": "d", "type": "document"}]
    path = tmp_path / "zotero.json"
    path.write_text(json.dumps(items), "utf-8")
    message = _run(window, qtbot, monkeypatch, path)
    assert message.startswith("Imported 3 source(s) from zotero.json (csl-json).")
    assert "Refused (1):\n• item 2: author: must be a list of names" in message
    assert "Possibly the same work as another source (1)" in message
    assert "• item 3 ('Letter to Anna'): source" in message
    assert Source.select().count() == before + 3
    model = window.model_for("source")
    assert len(model.ids()) == before + 3
    assert "[untitled]" in [model.index(row, 0).data() for row in range(model.rowCount())]


def test_a_file_that_is_no_bibliography_is_one_line(window, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "notes.txt"
    path.write_text("just some words\n", "utf-8")
    message = _run(window, qtbot, monkeypatch, path)
    assert message == "Nothing was imported: notes.txt: not CSL-JSON, RIS or BibTeX"
