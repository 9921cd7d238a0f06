"""Choosing a person, event, place or source by typing part of its name.

The list narrows as you type (names and, for people, their variants in any script); Enter takes
the first match, and a name that is not in the catalogue yet can be created from the picker.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from archive_app.catalog.lookup import records_named
from archive_app.gui.row_list_model import RowListModel
from archive_app.gui.write_guard import WriteButton

#: the catalogue's own lookup: folded case and diacritics in every script, name variants too
find_records = records_named


class RecordPicker(QDialog):
    """After exec(): `chosen_id` is an existing record, or `new_name` a name to create."""

    def __init__(self, record_type: str, parent: QWidget | None = None, title: str = "") -> None:
        super().__init__(parent)
        self.record_type = record_type
        self.setWindowTitle(title or f"Choose a {record_type}")
        self.chosen_id: int | None = None
        self.new_name: str | None = None
        self.search = QLineEdit()
        self.search.setObjectName("picker_search")
        self.search.setPlaceholderText("Type part of a name…")
        self.model = RowListModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.create_button = WriteButton("")
        self.create_button.setObjectName("picker_create")
        self.create_button.setVisible(record_type != "source")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Find a {record_type}:"))
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        layout.addWidget(self.create_button)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self.refresh)
        self.search.returnPressed.connect(self.accept_current)
        self.list.doubleClicked.connect(lambda _index: self.accept_current())
        self.create_button.clicked.connect(self.accept_new)
        buttons.accepted.connect(self.accept_current)
        buttons.rejected.connect(self.reject)
        self.resize(420, 460)
        self.refresh()

    def refresh(self) -> None:
        text = self.search.text()
        self.model.set_rows(find_records(self.record_type, text))
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0, 0))
        exact = any(label.casefold() == text.strip().casefold() for _, label in self.model.rows)
        self.create_button.setEnabled(bool(text.strip()) and not exact)
        self.create_button.setText(f"Create {self.record_type} “{text.strip()}”")

    def accept_current(self) -> None:
        index = self.list.currentIndex()
        if index.isValid():
            self.chosen_id = self.model.rows[index.row()][0]
            self.accept()
        elif self.search.text().strip() and self.record_type != "source":
            self.accept_new()

    def accept_new(self) -> None:
        self.new_name = self.search.text().strip()
        self.accept()
