"""A record's small dependent lists: a person's name variants (other scripts, languages,
transliterations) and authority identifiers, a place's other names. Each row is added or
removed as one undoable action."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from peewee import Model
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from archive_app.catalog.changes import ChangeSet
from archive_app.catalog.models import PersonIdentifier, PersonName, PlaceName
from archive_app.catalog.variants import add_variant, remove_variant
from archive_app.gui.catalog_events import CatalogEvents
from archive_app.gui.journal_undo import JournalUndo
from archive_app.gui.row_list_model import RowListModel
from archive_app.gui.write_guard import WriteButton


@dataclass(frozen=True)
class VariantKind:
    title: str
    model: type[Model]
    owner_field: str
    fields: tuple[tuple[str, str], ...]  # (column, label); the first is required


VARIANTS: dict[str, tuple[VariantKind, ...]] = {
    "person": (
        VariantKind(
            "Name variants",
            PersonName,
            "person",
            (
                ("name", "Name"),
                ("script", "Script (ISO 15924, e.g. Cyrl)"),
                ("language", "Language (e.g. ru)"),
                ("kind", "Kind (transliteration, alias…)"),
            ),
        ),
        VariantKind(
            "Authority identifiers",
            PersonIdentifier,
            "person",
            (
                ("value", "Identifier (e.g. Q1234)"),
                ("scheme", "Scheme (wikidata, viaf, gnd…)"),
            ),
        ),
    ),
    "place": (
        VariantKind(
            "Other names",
            PlaceName,
            "place",
            (
                ("name", "Name"),
                ("language", "Language"),
                ("script", "Script"),
            ),
        ),
    ),
}


def row_text(kind: VariantKind, row: Model) -> str:
    first, *rest = (getattr(row, name) for name, _ in kind.fields)
    details = ", ".join(str(value) for value in rest if value)
    return f"{first} ({details})" if details else str(first)


class VariantDialog(QDialog):
    def __init__(self, kind: VariantKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(kind.title)
        self.inputs = {name: QLineEdit() for name, _ in kind.fields}
        form = QFormLayout()
        for name, text in kind.fields:
            form.addRow(text, self.inputs[name])
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.inputs.items()}


class VariantList(QWidget):
    def __init__(
        self, kind: VariantKind, undo: JournalUndo, events: CatalogEvents, record_type: str
    ) -> None:
        super().__init__()
        self.kind = kind
        self.undo = undo
        self.events = events
        self.record_type = record_type
        self.owner_id: int | None = None
        self.model = RowListModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setMaximumHeight(110)
        self.list.setObjectName(f"variants_{kind.model._meta.table_name}")
        add = WriteButton("Add…")
        remove = WriteButton("Remove")
        add.clicked.connect(lambda: self.add())
        remove.clicked.connect(self.remove)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(QLabel(f"<b>{kind.title}</b>"))
        layout.addWidget(self.list)
        layout.addLayout(buttons)

    def refresh(self, owner_id: int | None) -> None:
        self.owner_id = owner_id
        if owner_id is None:
            self.model.set_rows([])
            return
        model = self.kind.model
        rows = model.select().where(getattr(model, self.kind.owner_field) == owner_id)
        self.model.set_rows([(row.id, row_text(self.kind, row)) for row in rows.order_by(model.id)])

    def add(self, values: dict[str, str] | None = None) -> bool:
        if self.owner_id is None:
            return False
        if values is None:
            dialog = VariantDialog(self.kind, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            values = dialog.values()
        owner_id, model = self.owner_id, self.kind.model
        return self._perform(
            f"Add {self.kind.title.lower()[:-1]}", lambda: add_variant(model, owner_id, values)
        )

    def remove(self) -> bool:
        index = self.list.currentIndex()
        if not index.isValid():
            return False
        row_id, model = self.model.key(index.row()), self.kind.model
        return self._perform(
            f"Remove {self.kind.title.lower()[:-1]}", lambda: remove_variant(model, row_id)
        )

    def _perform(self, text: str, action: Callable[[], object]) -> bool:
        return self.undo.perform_or_warn(text, action, self, self.kind.title)


class VariantsPanel(QWidget):
    """All the dependent lists of one record type, shown under its form."""

    def __init__(self, undo: JournalUndo, events: CatalogEvents) -> None:
        super().__init__()
        self.undo = undo
        self.events = events
        self.record_type: str | None = None
        self.record_id: int | None = None
        self.lists: list[VariantList] = []
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        events.change_set.connect(self._change_arrived)

    def set_record(self, record_type: str | None, record_id: int | None) -> None:
        if record_type != self.record_type:
            for old in self.lists:
                old.setParent(None)
                old.deleteLater()
            kinds = VARIANTS.get(record_type or "", ())
            self.lists = [VariantList(k, self.undo, self.events, record_type or "") for k in kinds]
            for widget in self.lists:
                self.box.addWidget(widget)
            self.record_type = record_type
        self.record_id = record_id
        self.refresh()

    def _change_arrived(self, change_set: ChangeSet) -> None:
        if (
            self.record_type
            and self.record_id
            and change_set.touches(self.record_type, self.record_id)
        ):
            self.refresh()

    def refresh(self) -> None:
        for widget in self.lists:
            widget.refresh(self.record_id)

    def list_of(self, model: type[Model]) -> VariantList:
        return next(w for w in self.lists if w.kind.model is model)
