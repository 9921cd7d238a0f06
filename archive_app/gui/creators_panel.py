"""The creators of a source as a list an archivist edits: add, edit, remove and reorder
authors, editors, translators, interviewers …, each one undoable action.

A name is entered in its parts because citation styles print and sort them differently
("Elhassan, Khalid" in a bibliography, "Khalid Elhassan" in a note, "van Gogh" kept with its
particle); an organisation (a ministry, an agency) is a literal name, printed as written. A name
in another script keeps its transliteration beside it, so it can be found and read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListView,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from archive_app.catalog.changes import ChangeSet
from archive_app.catalog.creators import (
    CREATOR_FIELDS,
    PERSON_PARTS,
    add_creator,
    clean_creator,
    creator_name,
    creators_of,
    remove_creator,
    set_positions,
    update_creator,
)
from archive_app.catalog.errors import CatalogError, InvalidField
from archive_app.catalog.models import SourceCreator
from archive_app.gui.catalog_events import CatalogEvents
from archive_app.gui.journal_undo import JournalUndo
from archive_app.gui.row_list_model import RowListModel
from archive_app.gui.source_types import offered_roles, role_label
from archive_app.gui.write_guard import WriteButton

ERROR_STYLE = "color: #b3261e;"

PART_LABELS = {
    "given": "Given names",
    "dropping_particle": "Particle after the given names (Ludwig van …)",
    "non_dropping_particle": "Particle before the family name (van Gogh)",
    "family": "Family name",
    "suffix": "Suffix (Jr., III)",
}


def creator_row_text(creator: SourceCreator) -> str:
    """`Author: Власов, Андрей Андреевич — Vlasov, Andrey Andreyevich`, one row of the list."""
    text = f"{role_label(creator.role)}: {creator_name(creator)}"
    return f"{text} — {creator.transliteration}" if creator.transliteration else text


class CreatorDialog(QDialog):
    """Asks for one creator; stays open with the reason when the name cannot be stored."""

    def __init__(self, parent: QWidget | None = None, creator: SourceCreator | None = None):
        super().__init__(parent)
        self.setWindowTitle("Creator")
        self.role = QComboBox()
        self.role.setObjectName("creator_role")
        for role in offered_roles():
            self.role.addItem(role_label(role), role)
        self.person = QRadioButton("A person")
        self.organisation = QRadioButton("An organisation, or a name printed as written")
        kinds = QButtonGroup(self)
        kinds.addButton(self.person)
        kinds.addButton(self.organisation)
        self.inputs: dict[str, QLineEdit] = {}
        for name in (*PERSON_PARTS, "literal", "transliteration"):
            self.inputs[name] = QLineEdit()
            self.inputs[name].setObjectName(f"creator_{name}")
            self.inputs[name].textChanged.connect(self._show_name)
        self.inputs["literal"].setPlaceholderText("e.g. Ministry of Defence of the USSR")
        self.inputs["transliteration"].setPlaceholderText(
            "the name in Latin letters, e.g. Vlasov, Andrey Andreyevich"
        )
        self.shown_as = QLabel()
        self.shown_as.setObjectName("creator_shown_as")
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)

        self.form = QFormLayout()
        self.form.addRow("Role", self.role)
        self.form.addRow("", self.person)
        self.form.addRow("", self.organisation)
        for name in PERSON_PARTS:
            self.form.addRow(PART_LABELS[name], self.inputs[name])
        self.form.addRow("Name as written", self.inputs["literal"])
        self.form.addRow("Transliteration", self.inputs["transliteration"])
        self.form.addRow("Listed as", self.shown_as)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept_valid)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.person.toggled.connect(self._show_kind)
        if creator is not None:
            self.role.setCurrentIndex(max(self.role.findData(creator.role), 0))
            for name, edit in self.inputs.items():
                edit.setText(getattr(creator, name) or "")
        (self.organisation if creator and creator.literal else self.person).setChecked(True)
        self._show_kind()
        self.resize(520, self.sizeHint().height())

    def _show_kind(self) -> None:
        person = self.person.isChecked()
        for name in PERSON_PARTS:
            self.form.setRowVisible(self.inputs[name], person)
        self.form.setRowVisible(self.inputs["literal"], not person)
        self._show_name()

    def values(self) -> dict[str, Any]:
        person = self.person.isChecked()
        values: dict[str, Any] = {"role": self.role.currentData()}
        for name in CREATOR_FIELDS[1:]:
            wanted = (name in PERSON_PARTS) == person or name == "transliteration"
            values[name] = self.inputs[name].text() if wanted else ""
        return values

    def _show_name(self) -> None:
        self.shown_as.setText(creator_name(self.values()))

    def _accept_valid(self) -> None:
        try:
            clean_creator(self.values())
        except InvalidField as exc:
            self.message.setText(str(exc))
            return
        self.accept()


class CreatorsPanel(QWidget):
    """The creators of one source, in citation order; `changed` after any of them changed."""

    changed = Signal()

    def __init__(self, undo: JournalUndo, events: CatalogEvents) -> None:
        super().__init__()
        self.undo = undo
        self.events = events
        self.source_id: int | None = None
        self.model = RowListModel(self)
        self.list = QListView()
        self.list.setObjectName("creators")
        self.list.setModel(self.model)
        self.list.setMaximumHeight(120)
        self.add_button = WriteButton("Add…")
        self.edit_button = WriteButton("Edit…")
        self.remove_button = WriteButton("Remove")
        self.up_button = WriteButton("Up")
        self.down_button = WriteButton("Down")
        # Two short rows, so the panel fits the detail pane's width beside its label.
        buttons = QGridLayout()
        for column, button in enumerate((self.add_button, self.edit_button, self.remove_button)):
            buttons.addWidget(button, 0, column)
        buttons.addWidget(self.up_button, 1, 0)
        buttons.addWidget(self.down_button, 1, 1)
        buttons.setColumnStretch(3, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(lambda: self.add())
        self.edit_button.clicked.connect(lambda: self.edit())
        self.remove_button.clicked.connect(self.remove)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        self.list.doubleClicked.connect(lambda _index: self.edit())
        self.list.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        events.change_set.connect(self._change_arrived)
        self.set_source(None)

    def set_source(self, source_id: int | None) -> None:
        self.source_id = source_id
        self.refresh()

    def refresh(self, keep: int | None = None) -> None:
        """Re-read the list, keeping the current creator (or `keep`) selected."""
        current = keep if keep is not None else self.current_id()
        rows = [] if self.source_id is None else creators_of(self.source_id)
        self.model.set_rows([(c.id, creator_row_text(c)) for c in rows])
        keys = [key for key, _ in self.model.rows]
        if current in keys:
            self.list.setCurrentIndex(self.model.index(keys.index(current), 0))
        self._update_buttons()

    def _change_arrived(self, change_set: ChangeSet) -> None:
        """A creator written, or the source itself: show the list as it now is."""
        if self.source_id is not None and change_set.touches("source", self.source_id):
            self.refresh()
            self.changed.emit()

    def current_id(self) -> int | None:
        index = self.list.currentIndex()
        return self.model.key(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        index = self.list.currentIndex()
        row = index.row() if index.isValid() else -1
        self.add_button.setEnabled(self.source_id is not None)
        self.edit_button.setEnabled(row >= 0)
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.model.rowCount() - 1)

    # --- actions (each one undoable) ----------------------------------------------------------

    def add(self, values: dict[str, Any] | None = None) -> bool:
        """Add a creator at the end (asking for it when `values` is not given)."""
        if self.source_id is None:
            return False
        if values is None:
            dialog = CreatorDialog(self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            values = dialog.values()
        source_id = self.source_id
        try:
            made = self.undo.perform("Add creator", lambda: add_creator(source_id, values))
        except CatalogError as exc:
            return self._refuse(str(exc))
        self.refresh(keep=made.id)
        return True

    def edit(self, values: dict[str, Any] | None = None) -> bool:
        """Change the current creator (asking when `values` is not given)."""
        creator_id = self.current_id()
        creator = SourceCreator.get_or_none(SourceCreator.id == creator_id)
        if creator is None:
            return False
        if values is None:
            dialog = CreatorDialog(self, creator)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            values = dialog.values()
        merged = {name: getattr(creator, name) for name in CREATOR_FIELDS} | values
        try:
            cleaned = clean_creator(merged)
        except InvalidField as exc:
            return self._refuse(str(exc))
        changed = {k: v for k, v in cleaned.items() if getattr(creator, k) != v}
        if not changed:
            return False
        text = f"Edit creator “{creator_name(creator)}”"
        return self._perform(text, lambda: update_creator(creator.id, changed))

    def remove(self) -> bool:
        creator = SourceCreator.get_or_none(SourceCreator.id == self.current_id())
        if creator is None:
            return False
        text = f"Remove creator “{creator_name(creator)}”"
        return self._perform(text, lambda: remove_creator(creator.id))

    def move(self, step: int) -> bool:
        """Move the current creator up (-1) or down (+1) the list."""
        creator_id = self.current_id()
        if self.source_id is None or creator_id is None:
            return False
        source_id = self.source_id
        ids = [c.id for c in creators_of(source_id)]
        index = ids.index(creator_id) if creator_id in ids else -1
        if index < 0 or not 0 <= index + step < len(ids):
            return False
        ids[index], ids[index + step] = ids[index + step], ids[index]
        positions = {creator: position for position, creator in enumerate(ids)}
        name = creator_name(SourceCreator.get_by_id(creator_id))
        text = f"Move creator “{name}” {'up' if step < 0 else 'down'}"
        return self._perform(text, lambda: set_positions(positions))

    def _perform(self, text: str, action: Callable[[], object]) -> bool:
        try:
            self.undo.perform(text, action)
        except CatalogError as exc:
            return self._refuse(str(exc))
        return True

    def _refuse(self, message: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, "Creators", message)
        return False
