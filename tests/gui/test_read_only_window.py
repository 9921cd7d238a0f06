"""A researcher's read-only database role opens the desktop program read-only: it says so, and
the actions that would change the catalogue are off."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget
from team_roles import READER_GRANTS, database_name, make_role

from archive_app.catalog.database import open_catalog
from archive_app.catalog.demo import seed_demo
from archive_app.catalog.models import Person, Photograph, Source
from archive_app.gui.main_window import MainWindow
from archive_app.gui.picker import RecordPicker
from archive_app.gui.write_guard import WriteButton


def _read_only_url(postgres_server, server_database) -> str:
    """A demo catalogue on the server, and the URL of a role that may only read it."""
    with open_catalog(server_database) as catalog:
        seed_demo(catalog)
    reader = make_role(postgres_server, server_database, "volunteer", READER_GRANTS)
    return postgres_server.url(database_name(server_database), user=reader)


def _cannot_change(field: QWidget) -> bool:
    """Whether every part of an editor's input is read-only or off."""
    parts = [field, *field.findChildren(QWidget)]
    typed = [p for p in parts if isinstance(p, QLineEdit | QPlainTextEdit)]
    chosen = [p for p in parts if isinstance(p, QComboBox)]
    return all(p.isReadOnly() for p in typed) and not any(p.isEnabled() for p in chosen)


def test_a_read_only_role_gets_a_window_that_cannot_change_the_catalogue(
    qtbot, postgres_server, server_database
):
    catalog = open_catalog(_read_only_url(postgres_server, server_database))
    window = MainWindow(catalog)
    qtbot.addWidget(window)
    try:
        assert window.windowTitle().endswith("(read-only)")
        assert window.findChild(QLabel, "read_only_notice") is not None
        actions = {a.objectName(): a for a in window.findChildren(QAction) if a.objectName()}
        for name_of in MainWindow.WRITING_ACTIONS:
            assert not actions[name_of].isEnabled(), name_of
        assert actions["export_citations"].isEnabled()  # reading and handing out still work
    finally:
        window.close()
        catalog.close()


def test_every_editor_and_panel_of_a_read_only_window_offers_no_change(
    qtbot, postgres_server, server_database
):
    """Save, link and unlink, citations, creators, variants, batch edit, the history's revert,
    regions in the viewer and saving a search stay off, even once a field is typed into."""
    catalog = open_catalog(_read_only_url(postgres_server, server_database))
    window = MainWindow(catalog)
    qtbot.addWidget(window)
    try:
        person = Person.select().order_by(Person.id).first()
        window.open_record("person", person.id)
        editor = window.detail.editor
        name = editor.inputs["name"]
        assert name.isReadOnly() and name.text() == person.name  # readable and copyable
        qtbot.keyClicks(name, "A volunteer's guess")
        assert name.text() == person.name and not editor.changes()
        name.setText("A volunteer's guess")  # whatever sets the text, there is no Save for it
        assert not editor.save_button.isEnabled()
        window.open_record("source", Source.select().first().id)
        source_editor = window.detail.editor
        assert not source_editor.inputs["csl_type"].isEnabled()
        for name_of, field in source_editor.inputs.items():
            assert _cannot_change(field), name_of
        batch = window.detail.batch
        for field in (batch.add_tags, batch.remove_tags, batch.collection, batch.credit):
            assert _cannot_change(field), field.objectName()
        window.open_record("photo", Photograph.select().first().id)
        viewer = window.detail.viewer_host
        assert not viewer.draw_action.isEnabled() and not viewer.viewer.editable
        viewer.draw_action.setEnabled(True)  # whatever asks for it, drawing stays off
        assert not viewer.draw_action.isEnabled()
        buttons = window.findChildren(WriteButton)
        assert len(buttons) >= 15, [b.text() for b in buttons]
        for button in buttons:
            button.setEnabled(True)
            assert not button.isEnabled(), button.text()
        assert not window.undo_action.isEnabled()
        picker = RecordPicker("person", window)
        picker.search.setText("Somebody new")
        assert not picker.create_button.isEnabled()  # no new person from a picker either
    finally:
        window.close()
        catalog.close()


def test_a_writing_role_gets_the_same_buttons_on(qtbot, catalog):
    seed_demo(catalog)
    window = MainWindow(catalog)
    qtbot.addWidget(window)
    try:
        person = Person.select().order_by(Person.id).first()
        window.open_record("person", person.id)
        editor = window.detail.editor
        assert not editor.inputs["name"].isReadOnly()
        editor.inputs["name"].setText("An archivist's correction")
        assert editor.save_button.isEnabled()
        window.open_record("photo", Photograph.select().first().id)
        assert window.detail.viewer_host.draw_action.isEnabled()
        assert window.detail.viewer_host.viewer.editable
    finally:
        window.close()
