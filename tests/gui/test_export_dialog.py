"""The export dialog on the demo catalogue: a style found by typing, a preview equal to what the
catalogue's citation layer gives, the clipboard, RTF and DOCX files, machine formats, scopes, a
broken style file reported in one line, and the catalogue exports written where asked."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import bagit
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

from archive_app.catalog.models import Person, Photograph, Place
from archive_app.catalog.sources import bibtex, csljson
from archive_app.catalog.sources.citation_lists import bibliography, by_record, photo_citations
from archive_app.catalog.sources.output import entries_output, notes_output
from archive_app.catalog.sources.selection import Selection, whole_catalogue
from archive_app.catalog.sources.styles import find_style
from archive_app.gui.export_citations_tab import CitationsTab
from archive_app.gui.export_dialog import (
    ExportDialog,
    describe_selection,
    show_export,
)

WAIT_MS = 30_000


def wait_formatted(qtbot, tab: CitationsTab) -> None:
    qtbot.waitUntil(lambda: not tab.busy, timeout=WAIT_MS)


def finish(dialog: ExportDialog) -> None:
    dialog.citations.timer.stop()
    dialog.citations.pool.waitForDone()
    dialog.catalogue.pool.waitForDone()
    dialog.close()


@pytest.fixture
def open_dialog(demo_catalog):
    """Opens the dialog as the main window does; waits for its workers and closes it after."""
    opened: list[ExportDialog] = []

    def make(selection=None, query=None, tab="citations") -> ExportDialog:
        dialog = show_export(None, demo_catalog, selection or {}, query, tab)
        opened.append(dialog)
        return dialog

    yield make
    for dialog in opened:
        finish(dialog)


def apa_text() -> str:
    return str(entries_output(bibliography(whole_catalogue(), find_style("apa")), "text"))


def choose_format(tab: CitationsTab, fmt: str) -> None:
    tab.format.setCurrentIndex(tab.format.findData(fmt))


# --- citation lists ---------------------------------------------------------------------------


def test_typing_apa_in_the_picker_previews_the_catalogs_apa_bibliography(open_dialog, qtbot):
    dialog = open_dialog()
    tab = dialog.citations
    assert dialog.isVisible() and not dialog.isModal()
    assert dialog.tabs.currentWidget() is tab
    assert dialog.scope_box.everything.isChecked()
    assert not dialog.scope_box.selected.isEnabled()
    wait_formatted(qtbot, tab)
    picker = tab.picker
    assert [row[0] for row in picker.model.rows[:5]] == [
        "chicago-notes-bibliography",
        "chicago-author-date",
        "apa",
        "modern-language-association",
        "harvard-cite-them-right",
    ]
    qtbot.keyClicks(picker.search, "apa")
    QTest.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.current_style() == "apa"
    assert picker.model.rows[0] == ("apa", "APA Style 7th edition")
    assert "APA Style 7th edition" in picker.chosen_label.text()
    wait_formatted(qtbot, tab)
    assert tab.error is None
    expected = apa_text()
    assert expected.startswith("Elhassan, K. (2017, November 15). 12 Generals")
    assert tab.output.text == expected
    assert tab.preview.toPlainText().strip() == expected.strip()


def test_every_style_of_the_repository_is_found_by_typing(open_dialog, qtbot):
    tab = open_dialog().citations
    tab.picker.search.setText("american medical association")
    assert tab.picker.current_style() == tab.picker.model.rows[0][0]
    assert tab.picker.model.rows[0] == (
        "american-medical-association",
        "AMA Manual of Style 11th edition",
    )
    tab.picker.search.setText("no such style at all")
    assert tab.picker.model.rowCount() == 0
    assert tab.picker.count.text() == "0 styles"
    assert tab.picker.current_style().startswith("american-medical-association")


def test_html_is_rendered_and_copied_as_html_and_plain_text(open_dialog, qtbot):
    tab = open_dialog().citations
    choose_format(tab, "html")
    wait_formatted(qtbot, tab)
    style = find_style("chicago-notes-bibliography")
    entries = bibliography(whole_catalogue(), style)
    html, text = entries_output(entries, "html"), entries_output(entries, "text")
    assert tab.output.content == html
    assert "<div" not in tab.preview.toPlainText()
    assert "Elhassan, Khalid." in tab.preview.toPlainText()
    assert tab.copy()
    copied = QApplication.clipboard().mimeData()
    assert copied.hasHtml() and copied.html() == html
    assert copied.text() == text
    assert tab.status.text() == "Copied to the clipboard."


def test_plain_text_is_copied_as_plain_text_only(open_dialog, qtbot):
    tab = open_dialog().citations
    wait_formatted(qtbot, tab)
    qtbot.mouseClick(tab.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().mimeData()
    assert copied.text() == tab.output.text and not copied.hasHtml()
    assert QApplication.clipboard().text().startswith("Elhassan, Khalid. “12 Generals")


def test_rtf_is_saved_and_copied_for_word_processors(open_dialog, qtbot, tmp_path, monkeypatch):
    tab = open_dialog().citations
    choose_format(tab, "rtf")
    wait_formatted(qtbot, tab)
    target = tmp_path / "list.rtf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    data = target.read_bytes()
    assert data.startswith(b"{\\rtf1")
    assert b"Elhassan, Khalid." in data and b"Switched Sides" in data
    assert tab.status.text() == f"Saved {target}"
    assert tab.preview.toPlainText().startswith("Elhassan, Khalid.")  # the text, not RTF code
    assert tab.copy()
    copied = QApplication.clipboard().mimeData()
    assert bytes(copied.data("text/rtf")) == data
    assert copied.text().startswith("Elhassan, Khalid.")


def test_docx_is_saved_as_a_word_document_holding_the_list(open_dialog, qtbot, tmp_path):
    tab = open_dialog().citations
    tab.list_kind.setCurrentIndex(tab.list_kind.findData("by-record"))
    choose_format(tab, "docx")
    wait_formatted(qtbot, tab)
    target = tmp_path / "notes.docx"
    assert tab.save(str(target))
    with zipfile.ZipFile(target) as document:
        assert document.testzip() is None
        xml = document.read("word/document.xml").decode("utf-8")
    words = "".join(ElementTree.fromstring(xml).itertext())
    assert "Andrey Vlasov with Heinrich Himmler" in words
    assert "Heinrich Himmler (depicted): Elhassan" in words
    assert "para. 8" in words


def test_machine_formats_give_what_the_catalogue_writes(open_dialog, qtbot):
    tab = open_dialog().citations
    choose_format(tab, "bibtex")
    wait_formatted(qtbot, tab)
    items = csljson.source_items(whole_catalogue().cited_source_ids())
    assert tab.output.content == bibtex.dumps(items)
    assert "@misc{elhassan2017," in tab.preview.toPlainText()
    assert not tab.picker.isEnabled() and not tab.list_kind.isEnabled()
    choose_format(tab, "csl-json")
    wait_formatted(qtbot, tab)
    assert json.loads(tab.preview.toPlainText()) == items


def test_a_broken_style_file_gives_one_line_and_a_good_style_recovers(open_dialog, qtbot, tmp_path):
    tab = open_dialog().citations
    wait_formatted(qtbot, tab)
    broken = tmp_path / "broken.csl"
    broken.write_text('<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl">\n')
    assert tab.picker.choose_file(str(broken))
    assert "broken.csl (your own style file)" in tab.picker.chosen_label.text()
    wait_formatted(qtbot, tab)
    assert tab.output is None
    assert "broken.csl is not valid XML" in tab.error
    assert "\n" not in tab.status.text() and tab.status.text() == tab.error
    assert not tab.copy_button.isEnabled() and not tab.save_button.isEnabled()
    assert tab.preview.toPlainText() == ""
    assert not tab.copy() and not tab.save(str(tmp_path / "x.txt"))

    hostile = tmp_path / "laughs.csl"
    hostile.write_text(
        '<?xml version="1.0"?><!DOCTYPE style [<!ENTITY a "aaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<style xmlns="http://purl.org/net/xbiblio/csl">&b;</style>'
    )
    tab.picker.choose_file(str(hostile))
    wait_formatted(qtbot, tab)
    assert "laughs.csl" in tab.error and "\n" not in tab.error

    not_csl = tmp_path / "page.csl"
    not_csl.write_text("<html><body>a web page</body></html>")
    tab.picker.choose_file(str(not_csl))
    wait_formatted(qtbot, tab)
    assert tab.error.endswith("is not a CSL style (its root element is not <style>)")

    tab.picker.search.setText("modern language association")
    wait_formatted(qtbot, tab)
    assert tab.error is None
    mla = bibliography(whole_catalogue(), find_style("modern-language-association"))
    assert tab.output.text == str(entries_output(mla, "text"))
    assert tab.output.text.startswith("Elhassan, Khalid. 12 Generals")
    assert tab.save_button.isEnabled()


def test_a_file_that_cannot_be_written_is_one_line_and_nothing_is_left(
    open_dialog, qtbot, tmp_path
):
    tab = open_dialog().citations
    wait_formatted(qtbot, tab)
    assert not tab.save(str(tmp_path / "no such folder" / "list.txt"))
    assert tab.status.text().startswith("Not saved: folder ")
    assert tab.status.text().endswith("does not exist")
    assert not (tmp_path / "no such folder").exists()
    assert [p.name for p in tmp_path.rglob("*list.txt*")] == []


# --- scopes and lists -------------------------------------------------------------------------


def test_the_selection_starts_as_the_scope_and_lists_by_record(open_dialog, qtbot):
    himmler = Person.get(Person.name == "Heinrich Himmler")
    dialog = open_dialog({"person": [himmler.id]}, query="vlasov")
    assert dialog.scope_box.selected.isChecked()
    assert dialog.scope_box.selected.text() == "The selected records (1 person)"
    assert dialog.scope_box.found.text() == "What the search “vlasov” finds"
    tab = dialog.citations
    tab.list_kind.setCurrentIndex(tab.list_kind.findData("by-record"))
    wait_formatted(qtbot, tab)
    style = find_style("chicago-notes-bibliography")
    expected = notes_output(by_record(Selection(ids={"person": [himmler.id]}), style), "text")
    assert tab.output.text == expected
    assert tab.output.text.startswith("Heinrich Himmler\n  1. ")

    dialog.scope_box.found.setChecked(True)
    wait_formatted(qtbot, tab)
    assert tab.output.text.startswith("PH-000001 Andrey Vlasov with Heinrich Himmler")
    assert "Andrey Andreyevich Vlasov\n" in tab.output.text


def test_photographs_as_archival_items_with_the_archives_name(open_dialog, qtbot):
    tab = open_dialog({"photo": [Photograph.get().id]}).citations
    tab.list_kind.setCurrentIndex(tab.list_kind.findData("photos"))
    assert tab.archive_name.isEnabled()
    tab.archive_name.setText("Hoover Institution Library & Archives")
    wait_formatted(qtbot, tab)
    expected = entries_output(
        photo_citations(
            Selection(ids={"photo": [Photograph.get().id]}),
            find_style("chicago-notes-bibliography"),
            "Hoover Institution Library & Archives",
        ),
        "text",
    )
    assert tab.output.text == expected
    assert "Hoover Institution Library & Archives" in expected and "PH-000001" in expected


def test_a_scope_with_nothing_to_cite_says_so(open_dialog, qtbot):
    place = Place.get(Place.name == "Lubyanka prison")
    tab = open_dialog({"place": [place.id]}).citations
    wait_formatted(qtbot, tab)
    assert tab.status.text() == "Nothing to list: the records in scope cite no sources."
    assert not tab.copy_button.isEnabled() and not tab.save_button.isEnabled()


def test_a_malformed_query_scope_is_one_line(open_dialog, qtbot):
    dialog = open_dialog(query='"unclosed')
    assert dialog.scope_box.found.isChecked()
    tab = dialog.citations
    wait_formatted(qtbot, tab)
    assert tab.error and "\n" not in tab.error
    assert tab.status.text() == tab.error


def test_describing_the_selection():
    assert describe_selection({"photo": [1, 2, 3], "person": [4], "event": []}) == (
        "3 photographs, 1 person"
    )


# --- the catalogue tab ------------------------------------------------------------------------


def export_to(qtbot, dialog: ExportDialog, fmt: str, target: Path) -> str:
    tab = dialog.catalogue
    tab.format.setCurrentIndex(tab.format.findData(fmt))
    with qtbot.waitSignal(tab.exported, timeout=WAIT_MS):
        assert tab.export(str(target))
    return tab.status.text()


def test_the_catalogue_as_json_dublin_core_and_csv(open_dialog, qtbot, tmp_path):
    dialog = open_dialog({"photo": [Photograph.get().id]}, tab="catalogue")
    assert dialog.tabs.currentWidget() is dialog.catalogue
    target = tmp_path / "catalogue.json"
    assert export_to(qtbot, dialog, "json", target) == f"Saved {target}"
    document = json.loads(target.read_text("utf-8"))
    assert [p["accession_number"] for p in document["photos"]] == ["PH-000001"]

    xml = tmp_path / "dc.xml"
    assert export_to(qtbot, dialog, "dc-xml", xml) == f"Saved {xml}"
    assert ElementTree.parse(xml).getroot() is not None
    assert "Andrey Vlasov with Heinrich Himmler" in xml.read_text("utf-8")

    folder = tmp_path / "csv"
    message = export_to(qtbot, dialog, "csv", folder)
    assert message.startswith("Wrote ") and message.endswith(f"CSV files into {folder}")
    assert (folder / "photos.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_bag_is_made_in_a_new_folder_and_a_full_folder_is_refused(
    open_dialog, qtbot, tmp_path, monkeypatch
):
    dialog = open_dialog(tab="catalogue")
    target = tmp_path / "bag"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    tab = dialog.catalogue
    tab.format.setCurrentIndex(tab.format.findData("bag"))
    with qtbot.waitSignal(tab.exported, timeout=WAIT_MS):
        qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    assert tab.status.text().startswith(f"Made the bag {target} with 1 image file(s)")
    assert bagit.Bag(str(target)).is_valid()

    message = export_to(qtbot, dialog, "bag", target)
    assert message == f"Not exported: {target} already exists and is not an empty folder"
    assert tab.failed and tab.export_button.isEnabled()


def test_a_finding_aid_as_html(open_dialog, qtbot, tmp_path):
    dialog = open_dialog(tab="catalogue")
    target = tmp_path / "finding-aid.html"
    assert export_to(qtbot, dialog, "finding-aid-html", target) == f"Saved {target}"
    assert "Andrey Vlasov with Heinrich Himmler" in target.read_text("utf-8")


def test_a_catalogue_file_in_a_missing_folder_is_one_line(open_dialog, qtbot, tmp_path):
    dialog = open_dialog(tab="catalogue")
    message = export_to(qtbot, dialog, "json", tmp_path / "missing" / "c.json")
    assert message.startswith("Not exported: folder ") and message.endswith("does not exist")


# --- from the main window ---------------------------------------------------------------------


def test_file_export_citations_opens_the_dialog_on_the_selected_records(window, qtbot):
    from archive_app.catalog.models import Person

    vlasov = Person.get(Person.name.contains("Vlasov")).id
    window.open_record("person", vlasov)
    action = window.findChild(QAction, "export_citations")
    assert action.shortcut().toString() == "Ctrl+Shift+E"
    action.trigger()
    dialogs = [d for d in window.findChildren(ExportDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    try:
        assert dialog.tabs.currentWidget() is dialog.citations
        assert dialog.scope_box.selected.isChecked()
        assert dialog.scope_box.selected.text() == "The selected records (1 person)"
        assert dialog.scope_box.scope().ids == {"person": [vlasov]}
        wait_formatted(qtbot, dialog.citations)
        assert dialog.citations.error is None
        assert dialog.citations.output.text.startswith("Elhassan, Khalid.")
    finally:
        finish(dialog)


def test_file_export_catalogue_offers_what_the_search_finds(window, qtbot):
    with qtbot.waitSignal(window.search.results_ready, timeout=10_000):
        window.search_box.setText("himmler")
        window.search_box.textEdited.emit("himmler")
    window.findChild(QAction, "export_catalog").trigger()
    dialog = next(d for d in window.findChildren(ExportDialog) if d.isVisible())
    try:
        assert dialog.tabs.currentWidget() is dialog.catalogue
        assert dialog.scope_box.found.isEnabled()
        assert dialog.scope_box.found.text() == "What the search “himmler” finds"
    finally:
        finish(dialog)


def test_the_language_field_prints_the_list_in_the_chosen_locale(open_dialog, qtbot):
    tab = open_dialog().citations
    tab.picker.choose("chicago-notes-bibliography")
    assert tab.locale.currentData() == ""  # the style's own by default
    assert tab.locale.itemText(0) == "The style's own (en-US)"
    assert tab.locale.itemText(tab.locale.findData("de-DE")).startswith("de-DE — Deutsch")
    wait_formatted(qtbot, tab)
    assert "November 15, 2017" in tab.output.text
    tab.locale.setCurrentIndex(tab.locale.findData("de-DE"))
    wait_formatted(qtbot, tab)
    style = find_style("chicago-notes-bibliography")
    german = entries_output(bibliography(whole_catalogue(), style, "de-DE"), "text")
    assert tab.output.text == german
    assert "„12 Generals" in german and "15. November 2017" in german
    choose_format(tab, "csl-json")
    assert not tab.locale.isEnabled()
