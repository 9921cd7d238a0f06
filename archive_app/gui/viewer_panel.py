"""The photo viewer with its toolbar, wired to the catalogue: drawing a region asks who it is,
moving or resizing one is an undoable edit, clicking one opens the person."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QToolBar, QVBoxLayout, QWidget

from archive_app.catalog import links, records
from archive_app.catalog.changes import ChangeSet
from archive_app.catalog.importing.placement import resolve
from archive_app.catalog.models import Photograph, PhotoPerson
from archive_app.gui.catalog_events import CatalogEvents
from archive_app.gui.journal_undo import JournalUndo
from archive_app.gui.photo_viewer import ZOOM_STEP, PhotoViewer
from archive_app.gui.picker import RecordPicker
from archive_app.gui.write_guard import catalogue_read_only, guard_action


def region_of(link: PhotoPerson) -> links.Region | None:
    if link.region_x is None:
        return None
    return links.Region(link.region_x, link.region_y, link.region_w, link.region_h)


class ViewerPanel(QWidget):
    open_record = Signal(str, int)

    def __init__(self, undo: JournalUndo, events: CatalogEvents) -> None:
        super().__init__()
        self.undo = undo
        self.events = events
        self.photo_id: int | None = None
        self._shown_path: str | None = None
        self.viewer = PhotoViewer()
        self.notice = QLabel()
        self.notice.setObjectName("viewer_notice")
        self.toolbar = QToolBar()
        self.fit_action = self._tool("Fit", self.viewer.fit, "fit")
        self.actual_action = self._tool("100 %", self.viewer.actual_size, "actual")
        self._tool(
            "Zoom in",
            lambda: self.viewer.zoom(ZOOM_STEP),
            "zoom_in",
            QKeySequence.StandardKey.ZoomIn,
        )
        self._tool(
            "Zoom out",
            lambda: self.viewer.zoom(1 / ZOOM_STEP),
            "zoom_out",
            QKeySequence.StandardKey.ZoomOut,
        )
        self.toolbar.addSeparator()
        self.draw_action = self._tool("Draw region", None, "draw")
        self.draw_action.setCheckable(True)
        self.draw_action.toggled.connect(self.viewer.set_drawing)
        self.viewer.editable = not catalogue_read_only()
        guard_action(self.draw_action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.notice)
        layout.addWidget(self.viewer, 1)
        self.viewer.region_drawn.connect(self._region_drawn)
        self.viewer.region_changed.connect(self._region_changed)
        self.viewer.region_clicked.connect(
            lambda _link, person: self.open_record.emit("person", person)
        )
        self.viewer.region_delete_requested.connect(self._region_deleted)
        self.events.change_set.connect(self._change_arrived)
        self.notice.hide()

    def _tool(self, text: str, slot, name: str, shortcut=None) -> QAction:  # noqa: ANN001
        action = self.toolbar.addAction(text)
        action.setObjectName(name)
        if slot is not None:
            action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(shortcut)
        return action

    def show_photo(self, photo_id: int | None) -> None:
        self.photo_id = photo_id
        self.refresh()

    def refresh(self) -> None:
        photo = Photograph.get_or_none(Photograph.id == self.photo_id) if self.photo_id else None
        path = str(resolve(photo.file_path)) if photo and photo.file_path else None
        if path != self._shown_path or photo is None:
            size = (photo.width, photo.height) if photo and photo.width else None
            shown = self.viewer.show_photo(path, size)
            self._shown_path = path
            self.notice.setVisible(photo is not None and not shown)
            self.notice.setText(self.viewer.message)
        if photo is None:
            self.viewer.clear_regions()
            return
        regions = [
            (link.id, link.person_id, link.person.name, region_of(link))
            for link in photo.people_links.order_by(PhotoPerson.id)
            if link.region_x is not None
        ]
        self.viewer.set_regions(regions)

    def _change_arrived(self, change_set: ChangeSet) -> None:
        """This photograph or its regions written, or a person renamed (names label regions)."""
        if self.photo_id is not None and (
            change_set.touches("photo", self.photo_id) or "person" in change_set.types()
        ):
            self.refresh()

    # --- what the user did on the image ------------------------------------------------------

    def _run(self, text: str, action: Callable[[], object]) -> bool:
        if self.undo.perform_or_warn(text, action, self, "Region"):
            return True
        self.refresh()  # put a refused drag back where the catalogue has it
        return False

    def _region_drawn(self, region: links.Region) -> None:
        picker = RecordPicker("person", self, "Who is in this region?")
        if picker.exec() == QDialog.DialogCode.Accepted:
            self.attach_region(region, picker.chosen_id, picker.new_name)
        self.draw_action.setChecked(False)

    def attach_region(
        self, region: links.Region, person_id: int | None, new_name: str | None = None
    ) -> bool:
        """Link a person (existing, or new by name) to the photograph with this rectangle,
        as one undoable action."""
        if self.photo_id is None:
            return False
        photo_id = self.photo_id

        def add_region() -> None:
            person = person_id
            if person is None:
                person = records.create("person", name=new_name).id
            links.mark_person(photo_id, person, region)

        return self._run("Add region", add_region)

    def _region_changed(self, link_id: int, before: links.Region, after: links.Region) -> None:
        self._run("Move region", lambda: links.set_region(link_id, after))

    def _region_deleted(self, link_id: int) -> None:
        self._run("Delete region", lambda: links.set_region(link_id, None))
