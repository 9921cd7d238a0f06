"""The source editor as an archivist uses it on the demo article: the item type and its fields,
creators with names in any script added, edited, reordered and removed (each one undoable), and a
live preview that prints what the catalogue's citation lists print."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QMessageBox

from archive_app.catalog.models import Source, SourceCreator
from archive_app.catalog.sources.citation_lists import bibliography
from archive_app.catalog.sources.output import entries_output
from archive_app.catalog.sources.selection import whole_catalogue
from archive_app.catalog.sources.styles import find_style
from archive_app.gui.creators_panel import CreatorDialog
from archive_app.gui.main_window import MainWindow
from archive_app.gui.source_editor import SourceEditor

VLASOV_CYRILLIC = {
    "role": "author",
    "family": "Власов",
    "given": "Андрей Андреевич",
    "transliteration": "Vlasov, Andrey Andreyevich",
}


def open_source(window: MainWindow) -> SourceEditor:
    source = Source.get()
    window.open_record("source", source.id)
    editor = window.detail.editor
    assert isinstance(editor, SourceEditor) and editor.record_id == source.id
    return editor


def names() -> list[tuple[str, str | None, str | None]]:
    rows = SourceCreator.select().order_by(SourceCreator.position, SourceCreator.id)
    return [(c.role, c.family or c.literal, c.transliteration) for c in rows]


def chicago_text() -> str:
    style = find_style("chicago-notes-bibliography")
    return str(entries_output(bibliography(whole_catalogue(), style), "text")).strip()


def wait_for_preview(qtbot, editor: SourceEditor) -> str:
    qtbot.waitUntil(lambda: not editor.preview.busy, timeout=20_000)
    assert editor.preview.error is None, editor.preview.error
    assert editor.preview.result is not None
    return editor.preview.result.entry_text


@pytest.fixture
def editor(window) -> SourceEditor:
    return open_source(window)


def test_a_source_opens_in_its_own_editor_with_the_fields_of_its_type(editor, window):
    assert window.detail.source_editor.isVisible()
    assert not window.detail.record_editor.isVisible()
    kind = editor.inputs["csl_type"]
    assert kind.currentText() == "Web page or web article"
    label = editor.form.labelForField(editor.inputs["container_title"])
    assert label.text() == "Website"
    assert editor.form.isRowVisible(editor.inputs["accessed"])
    assert not editor.form.isRowVisible(editor.inputs["archive_location"])
    kind.setCurrentIndex(kind.findData("manuscript"))
    assert editor.form.isRowVisible(editor.inputs["archive_location"])
    assert editor.form.labelForField(editor.inputs["archive_collection"]).text() == (
        "Collection or fonds"
    )
    assert editor.save_button.isEnabled()
    # Another record type goes back to the generic editor.
    window.open_record("person", 1)
    assert window.detail.editor is window.detail.record_editor


def test_a_field_with_a_value_stays_in_view_when_the_type_does_not_use_it(editor):
    editor.inputs["isbn"].setText("978-5-00000-000-0")
    kind = editor.inputs["csl_type"]
    kind.setCurrentIndex(kind.findData("interview"))
    assert editor.form.isRowVisible(editor.inputs["isbn"])


def test_adding_a_cyrillic_author_reordering_and_undo_redo(editor, window, qtbot):
    panel = editor.creators
    assert panel.model.rowCount() == 1
    assert panel.add(dict(VLASOV_CYRILLIC))
    assert names() == [
        ("author", "Elhassan", None),
        ("author", "Власов", "Vlasov, Andrey Andreyevich"),
    ]
    assert panel.model.rows[1][1] == (
        "Author: Власов, Андрей Андреевич — Vlasov, Andrey Andreyevich"
    )
    assert "Elhassan, Khalid, and Андрей Андреевич Власов." in chicago_text()

    # The new creator is the current one; move it to the top.
    assert panel.current_id() == SourceCreator.get(SourceCreator.family == "Власов").id
    assert not panel.down_button.isEnabled()
    assert panel.move(-1)
    assert [n[1] for n in names()] == ["Власов", "Elhassan"]
    assert chicago_text().startswith("Власов, Андрей Андреевич, and Khalid Elhassan.")
    assert window.undo_action.text() == "&Undo Move creator “Власов, Андрей Андреевич” up"
    assert wait_for_preview(qtbot, editor) == chicago_text()

    window.undo_action.trigger()
    assert [n[1] for n in names()] == ["Elhassan", "Власов"]
    window.undo_action.trigger()
    assert names() == [("author", "Elhassan", None)]
    assert panel.model.rowCount() == 1
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert [n[1] for n in names()] == ["Власов", "Elhassan"]
    assert chicago_text().startswith("Власов, Андрей Андреевич, and Khalid Elhassan.")
    assert SourceCreator.get(SourceCreator.family == "Власов").given == "Андрей Андреевич"


def test_editing_a_creator_into_an_organisation_and_back_with_undo(editor, window):
    panel = editor.creators
    panel.list.setCurrentIndex(panel.model.index(0, 0))
    assert panel.edit({"role": "editor", "literal": "History Collection Editors"})
    creator = SourceCreator.get()
    assert (creator.role, creator.literal, creator.family, creator.given) == (
        "editor",
        "History Collection Editors",
        None,
        None,
    )
    assert window.undo_action.text() == "&Undo Edit creator “Elhassan, Khalid”"
    window.undo_action.trigger()
    creator = SourceCreator.get()
    assert (creator.role, creator.literal, creator.family, creator.given) == (
        "author",
        None,
        "Elhassan",
        "Khalid",
    )
    assert panel.model.rows[0][1] == "Author: Elhassan, Khalid"


def test_removing_a_creator_and_undo_brings_back_the_same_row(editor, window):
    panel = editor.creators
    before = SourceCreator.get()
    panel.list.setCurrentIndex(panel.model.index(0, 0))
    assert panel.remove()
    assert SourceCreator.select().count() == 0
    assert "Elhassan" not in chicago_text()
    window.undo_action.trigger()
    after = SourceCreator.get()
    assert (after.id, after.position, after.family) == (before.id, before.position, "Elhassan")


def test_a_name_with_no_part_is_refused_and_a_given_name_alone_is_kept_as_printed(
    editor, monkeypatch
):
    """One rule with source import (catalog/creators.py): a mononym is a literal name."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    assert not editor.creators.add({"role": "author", "given": "  "})
    assert "family name" in shown[0]
    assert SourceCreator.select().count() == 1
    dialog = CreatorDialog(editor)
    dialog._accept_valid()
    assert "family name" in dialog.message.text() and dialog.result() == 0
    assert editor.creators.add({"role": "author", "given": "Khalid"})
    assert SourceCreator.select().order_by(SourceCreator.id.desc()).get().literal == "Khalid"


def test_the_creator_dialog_gives_a_literal_name_without_person_parts(editor, qtbot):
    creator = SourceCreator.get()
    dialog = CreatorDialog(editor, creator)
    qtbot.addWidget(dialog)
    assert dialog.person.isChecked() and dialog.shown_as.text() == "Elhassan, Khalid"
    dialog.organisation.setChecked(True)
    dialog.inputs["literal"].setText("Главное управление")
    values = dialog.values()
    assert values["literal"] == "Главное управление" and values["family"] == ""
    assert dialog.shown_as.text() == "Главное управление"


def test_type_specific_fields_are_saved_in_extra_and_other_variables_are_kept(editor, window):
    source = Source.get()
    Source.update(extra=json.dumps({"language": "en", "genre": "listicle"})).execute()
    editor.reload()
    assert editor.inputs["genre"].text() == "listicle"
    assert json.loads(editor.inputs["other_variables"].toPlainText()) == {"language": "en"}
    kind = editor.inputs["csl_type"]
    kind.setCurrentIndex(kind.findData("manuscript"))
    editor.inputs["archive"].setText("State Archive of the Russian Federation")
    editor.inputs["archive_collection"].setText("Fonds R-7021")
    editor.inputs["genre"].setText("article")
    assert editor.save()
    saved = Source.get_by_id(source.id)
    assert saved.csl_type == "manuscript"
    assert saved.archive == "State Archive of the Russian Federation"
    assert json.loads(saved.extra) == {
        "language": "en",
        "genre": "article",
        "archive_collection": "Fonds R-7021",
    }
    window.undo_action.trigger()
    restored = Source.get_by_id(source.id)
    assert restored.csl_type == "webpage" and restored.archive is None
    assert json.loads(restored.extra) == {"language": "en", "genre": "listicle"}


def test_other_variables_that_are_not_a_json_object_cannot_be_saved(editor):
    editor.inputs["other_variables"].setPlainText('["not", "an object"]')
    assert not editor.save_button.isEnabled()
    assert "Other CSL variables: must be a JSON object" in editor.message.text()
    editor.inputs["other_variables"].setPlainText("{broken")
    assert "is not valid JSON" in editor.message.text()
    assert editor.save() is False
    assert Source.get().extra is None


def test_the_preview_shows_the_form_as_typed_before_it_is_saved(editor, qtbot):
    assert wait_for_preview(qtbot, editor) == chicago_text()
    editor.inputs["title"].setText("Генералы, перешедшие на сторону врага")
    text = wait_for_preview(qtbot, editor)
    assert "“Генералы, Перешедшие На Сторону Врага.”" in text  # Chicago title-cases English
    editor.inputs["other_variables"].setPlainText('{"language": "ru"}')
    text = wait_for_preview(qtbot, editor)
    assert "“Генералы, перешедшие на сторону врага.”" in text  # a Russian title as written
    assert Source.get().title.startswith("12 Generals")  # not saved yet
    editor.preview.style.setCurrentIndex(editor.preview.style.findData("apa"))
    text = wait_for_preview(qtbot, editor)
    assert text.startswith("Elhassan, K. (2017, November 15).")
    assert editor.preview.result.note_text == "(Elhassan, 2017)"
    assert editor.preview.result.note_label == "In the text"
