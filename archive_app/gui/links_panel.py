"""A record's links: who a photograph shows and which events, a person's events and photographs,
an event's people and photographs. Each link can be opened, removed, and carries its own
citations, shown under the lists for the selected link."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from archive_app.catalog import links, records
from archive_app.catalog.changes import ChangeSet
from archive_app.catalog.models import Event, PersonEvent, PhotoEvent, PhotoPerson
from archive_app.catalog.serialize import label
from archive_app.gui.catalog_events import CatalogEvents
from archive_app.gui.citations_panel import CitationsPanel
from archive_app.gui.journal_undo import JournalUndo
from archive_app.gui.picker import RecordPicker
from archive_app.gui.row_list_model import RowListModel
from archive_app.gui.write_guard import WriteButton

FIRST_FIELD = {"person": "name", "event": "title"}


@dataclass(frozen=True)
class LinkKind:
    """One list of links shown for a record type."""

    title: str
    link_model: type
    link_type: str  # photo_person, photo_event, person_event
    owner_field: str  # the link's column pointing at the shown record
    other_field: str  # the link's column pointing at the other record
    other_type: str
    can_add: bool = True
    asks_role: bool = False


KINDS: dict[str, tuple[LinkKind, ...]] = {
    "photo": (
        LinkKind("People shown", PhotoPerson, "photo_person", "photo", "person", "person"),
        LinkKind("Events shown", PhotoEvent, "photo_event", "photo", "event", "event"),
    ),
    "person": (
        LinkKind("Events", PersonEvent, "person_event", "person", "event", "event", asks_role=True),
        LinkKind(
            "Photographs", PhotoPerson, "photo_person", "person", "photo", "photo", can_add=False
        ),
    ),
    "event": (
        LinkKind(
            "People", PersonEvent, "person_event", "event", "person", "person", asks_role=True
        ),
        LinkKind(
            "Photographs", PhotoEvent, "photo_event", "event", "photo", "photo", can_add=False
        ),
    ),
}


def _link_text(kind: LinkKind, link: Any) -> str:
    other = getattr(link, kind.other_field)
    text = label(other) or "?"
    if isinstance(other, Event) and other.date:
        text = f"{other.date} — {text}"
    role = getattr(link, "role", None)
    if role:
        text += f" — {role}"
    if isinstance(link, PhotoPerson) and link.region_x is not None:
        text += " ▣"
    count = link.citations.count()
    if count:
        text += f"  [{count} citation{'s' if count > 1 else ''}]"
    return text


def make_link(kind: LinkKind, owner_id: int, other_id: int, role: str | None) -> Callable[[], Any]:
    """The catalogue call that makes this kind of link."""
    ids = {kind.owner_field: owner_id, kind.other_field: other_id}
    if kind.link_type == "photo_person":
        return lambda: links.depict(ids["photo"], ids["person"], role=role or "depicted")
    if kind.link_type == "photo_event":
        return lambda: links.show_event(ids["photo"], ids["event"])
    return lambda: links.take_part(ids["person"], ids["event"], role)


class LinkSection(QWidget):
    """One list of links with Add…, Remove and Open."""

    selected = Signal(str, int, str)  # link type, link id, description

    def __init__(self, panel: LinksPanel, kind: LinkKind) -> None:
        super().__init__()
        self.panel = panel
        self.kind = kind
        self.model = RowListModel(self)
        self.list = QListView()
        self.list.setObjectName(f"links_{kind.link_type}_{kind.other_type}")
        self.list.setModel(self.model)
        self.list.setMaximumHeight(150)
        self.add_button = WriteButton(f"Add {kind.other_type}…")
        self.add_button.setVisible(kind.can_add)
        self.remove_button = WriteButton("Remove")
        self.remove_button.setVisible(kind.can_add)
        self.open_button = QPushButton("Open")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(f"<b>{kind.title}</b>"))
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(lambda: self.add())
        self.remove_button.clicked.connect(self.remove)
        self.open_button.clicked.connect(self.open_other)
        self.list.doubleClicked.connect(lambda _index: self.open_other())
        self.list.clicked.connect(lambda _index: self._emit_selected())

    def refresh(self, owner_id: int | None) -> None:
        if owner_id is None:
            self.model.set_rows([])
            return
        model = self.kind.link_model
        query = model.select().where(getattr(model, self.kind.owner_field) == owner_id)
        self.model.set_rows(
            [(link.id, _link_text(self.kind, link)) for link in query.order_by(model.id)]
        )

    def current_link(self) -> Any:
        index = self.list.currentIndex()
        if not index.isValid():
            return None
        return self.kind.link_model.get_or_none(
            self.kind.link_model.id == self.model.key(index.row())
        )

    def _emit_selected(self) -> None:
        link = self.current_link()
        if link is not None:
            self.selected.emit(self.kind.link_type, link.id, _link_text(self.kind, link))

    def add(
        self, other_id: int | None = None, new_name: str | None = None, role: str | None = None
    ) -> bool:
        """Link another record (picked, or created from a new name)."""
        owner_id = self.panel.record_id
        if owner_id is None:
            return False
        if other_id is None and new_name is None:
            picker = RecordPicker(self.kind.other_type, self)
            if picker.exec() != QDialog.DialogCode.Accepted:
                return False
            other_id, new_name = picker.chosen_id, picker.new_name
        if self.kind.asks_role and role is None:
            role, accepted = QInputDialog.getText(self, "Role", "Role (optional):")
            role = role.strip() or None if accepted else None
        return self.panel.link(self.kind, owner_id, other_id, new_name, role)

    def remove(self) -> bool:
        link = self.current_link()
        if link is None:
            return False
        link_type, link_id = self.kind.link_type, link.id
        return self.panel.undo.perform_or_warn(
            f"Remove link to {label(getattr(link, self.kind.other_field))}",
            lambda: links.unlink(link_type, link_id),
            self,
            "Link",
        )

    def open_other(self) -> None:
        link = self.current_link()
        if link is not None:
            self.panel.open_record.emit(
                self.kind.other_type, getattr(link, f"{self.kind.other_field}_id")
            )


class LinksPanel(QWidget):
    open_record = Signal(str, int)

    def __init__(self, undo: JournalUndo, events: CatalogEvents) -> None:
        super().__init__()
        self.undo = undo
        self.events = events
        self.record_type: str | None = None
        self.record_id: int | None = None
        self.sections: list[LinkSection] = []
        self.sections_box = QVBoxLayout()
        self.link_citations = CitationsPanel(undo, events, "Citations of the selected link")
        self.link_citations.open_record.connect(self.open_record)
        layout = QVBoxLayout(self)
        layout.addLayout(self.sections_box)
        layout.addWidget(self.link_citations)
        self.events.change_set.connect(self._change_arrived)

    def set_record(self, record_type: str | None, record_id: int | None) -> None:
        if record_type != self.record_type:
            for section in self.sections:
                section.setParent(None)
                section.deleteLater()
            self.sections = [LinkSection(self, kind) for kind in KINDS.get(record_type or "", ())]
            for section in self.sections:
                self.sections_box.addWidget(section)
                section.selected.connect(self._link_selected)
            self.record_type = record_type
        self.record_id = record_id
        self.link_citations.set_target(None, None, "Citations of the selected link")
        self.refresh()

    def _change_arrived(self, change_set: ChangeSet) -> None:
        """A link of this record written, or a record at a link's other end renamed."""
        if self.record_type is None or self.record_id is None:
            return
        if change_set.touches(self.record_type, self.record_id) or change_set.types() & {
            "photo",
            "person",
            "event",
        }:
            self.refresh()

    def refresh(self) -> None:
        for section in self.sections:
            section.refresh(self.record_id)

    def section(self, link_type: str) -> LinkSection:
        return next(s for s in self.sections if s.kind.link_type == link_type)

    def _link_selected(self, link_type: str, link_id: int, text: str) -> None:
        self.link_citations.set_target(link_type, link_id, f"Citations of: {text}")

    def link(
        self,
        kind: LinkKind,
        owner_id: int,
        other_id: int | None,
        new_name: str | None,
        role: str | None,
    ) -> bool:
        """One undoable action: create the other record if it is new, then link it."""

        def create_and_link() -> None:
            other = other_id
            if other is None:
                assert new_name is not None
                fields = {FIRST_FIELD[kind.other_type]: new_name}
                other = records.create(kind.other_type, **fields).id
            make_link(kind, owner_id, other, role)()

        return self.undo.perform_or_warn(f"Link {kind.other_type}", create_and_link, self, "Link")
