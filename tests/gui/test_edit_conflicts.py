"""Two people on one record: the desktop program never saves over an edit it did not see.

The other person is a real second process (the command line on the same catalogue file), as in
the issue's report: the window is open on Vlasov, a terminal edits his biography, then the
archivist types into the window and presses Save.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton
from two_programs import COLLEAGUE, from_terminal, open_vlasov, signed, vlasov

from archive_app.gui.conflict_dialog import ConflictDialog


@pytest.fixture(params=("sqlite", "postgresql"))
def backend(request: pytest.FixtureRequest) -> str:
    """Two program processes on one catalogue: a SQLite file, and a PostgreSQL server."""
    return request.param


def edit_from_terminal(catalog_location, *fields: str) -> None:
    """`archive-app edit person …` in a process of its own, as a colleague would run it."""
    from_terminal(catalog_location, "edit", "person", str(vlasov().id), *fields)


def answer_conflict(editor, button: str, pick: dict[str, bool] | None = None) -> list:
    """When the conflict dialog opens, note what it shows, pick per field, press `button`."""
    seen: list = []

    def answer() -> None:
        dialog = editor.conflict_dialog
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, answer)
            return
        seen.append(dialog.conflict)
        for name, mine in (pick or {}).items():
            dialog.choose(name, mine)
        dialog.findChild(QPushButton, button).click()

    QTimer.singleShot(20, answer)
    return seen


def test_a_save_over_a_terminals_edit_is_refused_and_offers_the_choice(
    window, catalog_location, qtbot
):
    open_vlasov(window)
    editor = window.detail.editor
    edit_from_terminal(catalog_location, "biography=Written in the terminal.")

    editor.inputs["biography"].setPlainText("Typed in the window.")
    seen = answer_conflict(editor, "conflict_reload")
    assert not editor.save()

    (conflict,) = seen
    assert conflict.changed_by.startswith(f"{signed(COLLEAGUE, catalog_location)} at ")
    (field,) = conflict.fields
    assert (field.name, field.mine, field.theirs) == (
        "biography",
        "Typed in the window.",
        "Written in the terminal.",
    )
    assert field.both_changed
    # Reload took the terminal's text: nothing was written over it.
    assert vlasov().biography == "Written in the terminal."
    assert editor.inputs["biography"].toPlainText() == "Written in the terminal."
    assert window.undo_stack.count() == 0


def test_keep_mine_saves_over_it_knowingly(window, catalog_location):
    open_vlasov(window)
    editor = window.detail.editor
    edit_from_terminal(catalog_location, "biography=Written in the terminal.")
    editor.inputs["biography"].setPlainText("Typed in the window.")
    answer_conflict(editor, "conflict_keep_mine")
    assert editor.save()
    assert vlasov().biography == "Typed in the window."
    assert editor.loaded_version == vlasov().version


def test_field_by_field_keeps_their_field_and_my_other_field(window, catalog_location):
    open_vlasov(window)
    editor = window.detail.editor
    edit_from_terminal(catalog_location, "biography=Theirs.", "death_date=1946-08-01")
    editor.inputs["biography"].setPlainText("Mine.")
    editor.inputs["sort_name"].setText("Vlasov, A. A. (mine)")
    seen = answer_conflict(editor, "conflict_chosen", {"biography": False})
    assert editor.save()
    person = vlasov()
    assert person.biography == "Theirs."
    assert person.sort_name == "Vlasov, A. A. (mine)"
    assert person.death_date == "1946-08-01"  # theirs only: never in question
    assert [label for label, _, _ in seen[0].theirs_only] == ["Died (EDTF)"]


def test_closing_the_dialog_keeps_the_typed_text(window, catalog_location):
    open_vlasov(window)
    editor = window.detail.editor
    edit_from_terminal(catalog_location, "biography=Written in the terminal.")
    editor.inputs["biography"].setPlainText("Typed in the window.")

    def close() -> None:
        dialog = editor.conflict_dialog
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, close)
            return
        dialog.reject()

    QTimer.singleShot(20, close)
    assert not editor.save()
    assert editor.inputs["biography"].toPlainText() == "Typed in the window."
    assert "Changed elsewhere" in editor.message.text()
    assert vlasov().biography == "Written in the terminal."
    assert editor.save_button.isEnabled()


def test_undo_after_someone_elses_edit_is_refused_not_undone(window, catalog_location, qtbot):
    open_vlasov(window)
    editor = window.detail.editor
    editor.inputs["biography"].setPlainText("Mine.")
    assert editor.save()
    edit_from_terminal(catalog_location, "biography=Theirs, after mine.")

    with qtbot.waitSignal(window.events.refused) as refusal:
        window.undo_action.trigger()
    message = refusal.args[0]
    assert message.startswith("Cannot undo “Edit person (Biography)”")
    assert f"biography changed again by {signed(COLLEAGUE, catalog_location)} at " in message
    assert vlasov().biography == "Theirs, after mine."
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "refusal")
    assert isinstance(box, QMessageBox)
    box.close()
    assert window.undo_stack.index() == 1  # the step stays: nothing was undone


def test_the_conflict_dialog_names_the_fields_with_both_values(window, catalog_location, qtbot):
    open_vlasov(window)
    editor = window.detail.editor
    edit_from_terminal(catalog_location, "biography=Theirs.")
    editor.inputs["biography"].setPlainText("Mine.")
    current = vlasov()
    conflict = editor.conflict_with(current, editor.changes(), "changed by someone else")
    dialog = ConflictDialog(conflict, window)
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert {"Biography", "Mine.", "Theirs."} <= set(labels)
