"""The right-hand panel: the selected record's editor, links and citations, or the batch editor
when several photographs are selected. It also owns the photo viewer that the window shows
under the list of photographs."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from archive_app.catalog import batch
from archive_app.catalog.changes import ChangeSet
from archive_app.catalog.errors import CatalogError
from archive_app.catalog.models import Collection
from archive_app.catalog.serialize import get_record, label
from archive_app.gui.catalog_events import CatalogEvents
from archive_app.gui.citations_panel import CitationsPanel
from archive_app.gui.history_panel import HistoryPanel
from archive_app.gui.journal_undo import JournalUndo
from archive_app.gui.links_panel import LinksPanel
from archive_app.gui.record_editor import RecordEditor
from archive_app.gui.source_editor import SourceEditor
from archive_app.gui.variants_panel import VariantsPanel
from archive_app.gui.viewer_panel import ViewerPanel
from archive_app.gui.write_guard import WriteButton, read_only_input

KEEP = "(keep as it is)"


def _split_tags(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


class BatchEditor(QWidget):
    """Tags, collection, credit line and rights for many photographs at once."""

    def __init__(self, undo: JournalUndo, events: CatalogEvents) -> None:
        super().__init__()
        self.undo = undo
        self.events = events
        self.photo_ids: list[int] = []
        self.heading = QLabel()
        self.add_tags = QLineEdit()
        self.add_tags.setObjectName("batch_add_tags")
        self.add_tags.setPlaceholderText("tags to add, separated by commas")
        self.remove_tags = QLineEdit()
        self.remove_tags.setObjectName("batch_remove_tags")
        self.remove_tags.setPlaceholderText("tags to remove")
        self.collection = QComboBox()
        self.collection.setObjectName("batch_collection")
        self.credit = QLineEdit()
        self.credit.setObjectName("batch_credit")
        self.credit.setPlaceholderText(KEEP)
        self.rights = QLineEdit()
        self.rights.setObjectName("batch_rights")
        self.rights.setPlaceholderText(KEEP)
        self.apply_button = WriteButton("Apply to all selected")
        self.apply_button.setObjectName("batch_apply")
        self.apply_button.clicked.connect(self.apply)
        for field in (self.add_tags, self.remove_tags, self.collection, self.credit, self.rights):
            read_only_input(field)
        form = QFormLayout()
        form.addRow("Add tags", self.add_tags)
        form.addRow("Remove tags", self.remove_tags)
        form.addRow("Collection", self.collection)
        form.addRow("Credit line", self.credit)
        form.addRow("Rights", self.rights)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.apply_button)
        layout.addStretch(1)

    def set_photos(self, photo_ids: list[int]) -> None:
        self.photo_ids = photo_ids
        common = ", ".join(batch.common_tags(photo_ids)) or "none"
        self.heading.setText(
            f"<b>{len(photo_ids)} photographs selected</b><br>Tags on all: {common}"
        )
        self.collection.clear()
        self.collection.addItem(KEEP, 0)
        self.collection.addItem("— none —", None)
        for collection in Collection.select().order_by(Collection.name):
            self.collection.addItem(collection.name, collection.id)
        for edit in (self.add_tags, self.remove_tags, self.credit, self.rights):
            edit.clear()

    def changes(self) -> dict:
        changes: dict = {}
        if _split_tags(self.add_tags.text()):
            changes["add_tags"] = _split_tags(self.add_tags.text())
        if _split_tags(self.remove_tags.text()):
            changes["remove_tags"] = _split_tags(self.remove_tags.text())
        if self.collection.currentData() != 0:
            changes["collection"] = self.collection.currentData()
        if self.credit.text().strip():
            changes["credit_line"] = self.credit.text().strip()
        if self.rights.text().strip():
            changes["rights"] = self.rights.text().strip()
        return changes

    def apply(self) -> bool:
        changes = self.changes()
        if not changes or not self.photo_ids:
            return False
        photo_ids = list(self.photo_ids)
        text = f"Batch edit {len(photo_ids)} photographs"
        if not self.undo.perform_or_warn(
            text, lambda: batch.edit(photo_ids, **changes), self, "Batch edit"
        ):
            return False
        self.set_photos(self.photo_ids)
        return True


class DetailPanel(QWidget):
    open_record = Signal(str, int)

    def __init__(self, undo: JournalUndo, events: CatalogEvents) -> None:
        super().__init__()
        self.setObjectName("detail_panel")
        self.record_type: str | None = None
        self.record_id: int | None = None
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setObjectName("detail_heading")
        self.record_editor = RecordEditor(undo, events)
        self.source_editor = SourceEditor(undo, events)
        self.editor: RecordEditor = self.record_editor  # the one on show
        self.links = LinksPanel(undo, events)
        self.citations = CitationsPanel(undo, events, "Citations of this record")
        self.batch = BatchEditor(undo, events)
        self.viewer_host = ViewerPanel(undo, events)
        for part in (self.links, self.citations, self.viewer_host):
            part.open_record.connect(self.open_record)

        self.variants = VariantsPanel(undo, events)
        record_page = QWidget()
        record_layout = QVBoxLayout(record_page)
        record_layout.addWidget(self.record_editor)
        record_layout.addWidget(self.source_editor)
        record_layout.addWidget(self.variants)
        record_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(record_page)
        self.tabs = QTabWidget()
        self.tabs.addTab(scroll, "Record")
        self.tabs.addTab(self.links, "Links")
        self.tabs.addTab(self.citations, "Citations")
        self.tabs.addTab(self.batch, "Batch edit")
        self.history = HistoryPanel(undo, events)
        self.tabs.addTab(self.history, "History")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs)
        events.change_set.connect(self._change_arrived)

    def show_record(
        self, record_type: str, record_id: int | None, selection: list[int] | None = None
    ) -> None:
        self.record_type, self.record_id = record_type, record_id
        many = selection is not None and len(selection) > 1
        is_source = record_type == "source"
        self.editor = self.source_editor if is_source else self.record_editor
        self.record_editor.setVisible(not is_source)
        self.source_editor.setVisible(is_source)
        self.record_editor.set_record(None if is_source else record_type, record_id)
        self.source_editor.set_record(record_type if is_source else None, record_id)
        self.variants.set_record(record_type, record_id)
        self.links.set_record(record_type, record_id)
        self.citations.set_target(record_type if record_id else None, record_id)
        self.history.set_record(record_type if record_id else None, record_id)
        batch_index = self.tabs.indexOf(self.batch)
        self.tabs.setTabVisible(batch_index, many and record_type == "photo")
        if many and record_type == "photo":
            self.batch.set_photos(list(selection or []))
            self.tabs.setCurrentIndex(batch_index)
        elif self.tabs.currentIndex() == batch_index:
            self.tabs.setCurrentIndex(0)
        if record_type == "photo":
            self.viewer_host.show_photo(record_id)
        self._update_heading(len(selection or []))

    def _change_arrived(self, change_set: ChangeSet) -> None:
        if (
            self.record_type
            and self.record_id
            and change_set.touches(self.record_type, self.record_id)
        ):
            self._update_heading()

    def _update_heading(self, selected: int = 0) -> None:
        if self.record_type is None or self.record_id is None:
            self.heading.setText(f"<b>{selected} selected</b>" if selected > 1 else "")
            return
        try:
            record = get_record(self.record_type, self.record_id)
        except CatalogError:
            self.heading.setText("")
            return
        self.heading.setText(f"<h3>{label(record)}</h3>")
