"""The journal in the desktop program: a record's History tab, reverting from it, Edit > Undo
from the journal, and changes made by another program appearing in the open window.

"Another program" is a real second process: `archive-app edit` on the same catalogue file."""

from __future__ import annotations

import pytest
from two_programs import COLLEAGUE, from_terminal, open_vlasov, signed, vlasov

from archive_app.catalog.models import Event, Person


@pytest.fixture(params=("sqlite", "postgresql"))
def backend(request: pytest.FixtureRequest) -> str:
    """Two program processes on one catalogue: a SQLite file, and a PostgreSQL server."""
    return request.param


def show_history(window):
    panel = window.detail.history
    window.detail.tabs.setCurrentWidget(panel)
    return panel


def test_the_history_tab_shows_who_changed_which_field_from_what_to_what(
    window, catalog_location, qtbot
):
    open_vlasov(window)
    editor = window.detail.editor
    before = vlasov().biography
    editor.inputs["biography"].setPlainText("Edited in the window.")
    assert editor.save()
    from_terminal(catalog_location, "edit", "person", str(vlasov().id), "death_date=1946-08-01")
    window.feed.poll()
    panel = show_history(window)
    lines = panel.model.lines
    assert [(line.who, line.what) for line in lines[:2]] == [
        (signed(COLLEAGUE, catalog_location), "Died (EDTF)"),
        (lines[1].who, "Biography"),
    ]
    assert lines[0].before == "1946-08-01" or lines[0].after == "1946-08-01"
    assert (lines[1].before[:30], lines[1].after) == (before[:30], "Edited in the window.")
    assert "2 change(s)" in panel.summary.text() or "change(s)" in panel.summary.text()


def test_reverting_an_older_change_from_history_and_undoing_the_revert(window, qtbot):
    open_vlasov(window)
    editor = window.detail.editor
    original = vlasov().biography
    editor.inputs["biography"].setPlainText("A mistake.")
    assert editor.save()
    editor.inputs["sort_name"].setText("Vlasov, Andrey")
    assert editor.save()
    panel = show_history(window)
    mistake = next(line.change_id for line in panel.model.lines if line.what == "Biography")
    panel.select_change(mistake)
    assert panel.revert_selected(warn=False) is None
    assert vlasov().biography == original
    assert vlasov().sort_name == "Vlasov, Andrey"  # the later change stays
    assert editor.inputs["biography"].toPlainText() == original  # the editor shows it at once
    assert window.undo_action.text().startswith("&Undo Revert change")
    window.undo_action.trigger()
    assert vlasov().biography == "A mistake."


def test_a_revert_over_a_later_edit_of_the_same_field_is_refused(window, catalog_location):
    open_vlasov(window)
    editor = window.detail.editor
    editor.inputs["biography"].setPlainText("Mine.")
    assert editor.save()
    from_terminal(catalog_location, "edit", "person", str(vlasov().id), "biography=Theirs.")
    window.feed.poll()
    panel = show_history(window)
    mine = next(line.change_id for line in panel.model.lines if line.after == "Mine.")
    panel.select_change(mine)
    refusal = panel.revert_selected(warn=False)
    assert refusal is not None and f"changed again by {COLLEAGUE}" in refusal
    assert vlasov().biography == "Theirs."


def test_undo_and_redo_twice_over_one_field_walk_the_journal(window):
    open_vlasov(window)
    editor = window.detail.editor
    original = vlasov().biography
    for text in ("First.", "Second."):
        editor.inputs["biography"].setPlainText(text)
        assert editor.save()
    window.undo_action.trigger()
    assert vlasov().biography == "First."
    window.undo_action.trigger()
    assert vlasov().biography == original
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert vlasov().biography == "Second."
    window.undo_action.trigger()
    assert vlasov().biography == "First."
    editor.inputs["sort_name"].setText("Vlasov")  # a new step drops the undone one
    assert editor.save()
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert vlasov().biography == original


def test_a_terminals_edit_appears_in_the_open_list_and_editor_within_the_poll(
    window, catalog_location, qtbot
):
    window.select_section("event")
    event = Event.get(Event.event_type == "execution")
    window.open_record("event", event.id)
    model = window.model_for("event")
    row = model.row_of(event.id)
    from_terminal(catalog_location, "edit", "event", str(event.id), "title=Executed in Moscow")
    title = window.detail.editor.inputs["title"]
    with qtbot.waitSignal(model.dataChanged, timeout=10000):  # the window's own timer
        qtbot.waitUntil(lambda: title.text() == "Executed in Moscow", timeout=10000)
    assert model.data(model.index(row, 1)) == "Executed in Moscow"
    assert model.row_of(event.id) == row


def test_unsaved_text_is_kept_when_the_record_changes_elsewhere(window, catalog_location):
    open_vlasov(window)
    editor = window.detail.editor
    editor.inputs["biography"].setPlainText("Half-typed sentence")
    from_terminal(catalog_location, "edit", "person", str(vlasov().id), "sort_name=Vlasov A.")
    assert window.feed.poll()
    assert editor.inputs["biography"].toPlainText() == "Half-typed sentence"
    assert f"Changed elsewhere by {COLLEAGUE}" in editor.message.text()


def test_a_record_added_and_one_deleted_by_the_terminal_come_and_go_in_the_list(
    window, catalog_location
):
    window.select_section("person")
    model = window.model_for("person")
    count = model.rowCount()
    from_terminal(catalog_location, "add", "person", "name=Georgy Zhukov")
    window.feed.poll()
    assert model.rowCount() == count + 1
    zhukov = Person.get(Person.name == "Georgy Zhukov")
    assert model.row_of(zhukov.id) is not None
    assert window.count_label.text() == f"{count + 1} people"
    from_terminal(catalog_location, "delete", "person", str(zhukov.id), "--yes")
    window.feed.poll()
    assert model.rowCount() == count and model.row_of(zhukov.id) is None


def test_an_edit_in_this_window_updates_the_list_row_without_rereading_ids(window, monkeypatch):
    window.select_section("person")
    model = window.model_for("person")
    person = vlasov()
    window.open_record("person", person.id)
    monkeypatch.setattr(model, "_ordered_ids", lambda *a: (_ for _ in ()).throw(AssertionError))
    records_before = model.ids()
    window.detail.editor.inputs["name"].setText("A. A. Vlasov")
    assert window.detail.editor.save()
    assert model.ids() == records_before
    assert model.data(model.index(model.row_of(person.id), 0)) == "A. A. Vlasov"


def test_the_name_set_in_preferences_is_who_the_history_names(window, catalog_location):
    from archive_app.gui.preferences import PreferencesDialog

    dialog = PreferencesDialog(window)
    dialog.user_name.setText("  Irina   (archivist) ")
    assert dialog.save()
    open_vlasov(window)
    window.detail.editor.inputs["biography"].setPlainText("Checked against the file.")
    assert window.detail.editor.save()
    assert show_history(window).model.lines[0].who == signed("Irina (archivist)", catalog_location)
    dialog.user_name.setText("")
    assert dialog.save()  # back to the system's name for the next tests


def test_panels_read_again_only_when_a_change_touches_what_they_show(window, monkeypatch):
    from archive_app.catalog import records
    from archive_app.catalog.models import Place

    open_vlasov(window)
    reads: list[str] = []
    for name, panel in (("links", window.detail.links), ("variants", window.detail.variants)):
        monkeypatch.setattr(panel, "refresh", lambda name=name: reads.append(name))
    place = Place.select().first()
    records.update("place", place.id, place.version, name="Lubyanka (renamed)")
    assert reads == []  # a place Vlasov's page does not show
    records.update("person", vlasov().id, vlasov().version, sort_name="Vlasov")
    assert sorted(reads) == ["links", "variants"]
