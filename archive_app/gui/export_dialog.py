"""File > Export: one non-modal dialog with two tabs, Citations (a citation list in any CSL
style, previewed, copied or saved) and Catalogue (CSV, JSON, Dublin Core, BagIt, finding aid).

How the main window uses it (the whole API)::

    from archive_app.gui.export_dialog import show_export

    # File > Export citations…
    dialog = show_export(self, self.catalog, {"photo": [3, 7]}, query="vlasov")
    # File > Export catalogue…
    dialog = show_export(self, self.catalog, {"photo": [3, 7]}, "vlasov", tab="catalogue")

`selection` maps a record type (`photo`, `person`, `event`, `place`, `collection`, `source`) to
the ids the archivist has selected (empty or `{}` when nothing is); `query` is the search box's
current query, or None. The dialog offers as scope the selected records, what the query finds
and the whole catalogue, starting with the narrowest one given. The caller need not keep the
dialog. All the work runs in pool threads with their own catalogue connections, so the window
stays responsive.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from archive_app.catalog.database import Catalog
from archive_app.catalog.sources.citation_lists import archive_name_setting
from archive_app.gui.export_catalog_tab import CatalogTab
from archive_app.gui.export_citations_tab import CitationsTab
from archive_app.gui.export_worker import Scope

PLURALS = {
    "photo": ("photograph", "photographs"),
    "person": ("person", "people"),
    "event": ("event", "events"),
    "place": ("place", "places"),
    "collection": ("collection", "collections"),
    "source": ("source", "sources"),
}


def describe_selection(selection: dict[str, list[int]]) -> str:
    """`3 photographs, 1 person`: what the selected records are."""
    parts = []
    for record_type, ids in selection.items():
        if ids:
            one, many = PLURALS.get(record_type, (record_type, f"{record_type}s"))
            parts.append(f"{len(ids)} {one if len(ids) == 1 else many}")
    return ", ".join(parts)


class ScopeBox(QWidget):
    """The three scopes, those that do not apply disabled; `changed` when the choice changes."""

    def __init__(self, selection: dict[str, list[int]], query: str | None) -> None:
        super().__init__()
        self.ids = {k: list(v) for k, v in (selection or {}).items() if v}
        self.query = query.strip() if query and query.strip() else None
        described = describe_selection(self.ids)
        self.selected = QRadioButton(
            f"The selected records ({described})" if described else "The selected records"
        )
        self.selected.setObjectName("scope_selection")
        self.found = QRadioButton(
            f"What the search “{self.query}” finds" if self.query else "What the search finds"
        )
        self.found.setObjectName("scope_query")
        self.everything = QRadioButton("The whole catalogue")
        self.everything.setObjectName("scope_everything")
        self.group = QButtonGroup(self)
        for button in (self.selected, self.found, self.everything):
            self.group.addButton(button)
        self.selected.setEnabled(bool(self.ids))
        self.found.setEnabled(self.query is not None)
        first = self.selected if self.ids else self.found if self.query else self.everything
        first.setChecked(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>Export</b>"))
        for button in (self.selected, self.found, self.everything):
            layout.addWidget(button)
        layout.addStretch(1)

    def scope(self) -> Scope:
        if self.selected.isChecked():
            return Scope("selection", self.ids)
        if self.found.isChecked():
            return Scope("query", query=self.query)
        return Scope("everything")


class ExportDialog(QDialog):
    """The export dialog; `citations` and `catalogue` are its two tabs."""

    def __init__(
        self,
        parent: QWidget | None,
        catalog: Catalog,
        selection: dict[str, list[int]] | None = None,
        query: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setModal(False)
        self.scope_box = ScopeBox(selection or {}, query)
        archive_name = archive_name_setting()
        self.citations = CitationsTab(self.scope_box.scope, archive_name)
        self.catalogue = CatalogTab(self.scope_box.scope, catalog, archive_name)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.citations, "Citations")
        self.tabs.addTab(self.catalogue, "Catalogue")
        layout = QVBoxLayout(self)
        layout.addWidget(self.scope_box)
        layout.addWidget(self.tabs, 1)
        self.scope_box.group.buttonToggled.connect(self._scope_changed)
        # Return in the style box picks the style; in a dialog it would also press the
        # default button ("Choose a .csl file…" and a file dialog nobody asked for).
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.resize(1000, 640)

    def _scope_changed(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self.citations.schedule()

    def closeEvent(self, event) -> None:  # noqa: N802, ANN001 (Qt's name)
        self.citations.timer.stop()
        super().closeEvent(event)


def show_export(
    parent: QWidget | None,
    catalog: Catalog,
    selection: dict[str, list[int]] | None = None,
    query: str | None = None,
    tab: str = "citations",
) -> ExportDialog:
    """Open the export dialog (non-modal, deleted when closed) on its `citations` or `catalogue`
    tab and return it."""
    dialog = ExportDialog(parent, catalog, selection, query)
    dialog.tabs.setCurrentWidget(dialog.catalogue if tab == "catalogue" else dialog.citations)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
