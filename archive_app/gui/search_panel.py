"""The search: the toolbar box, the ranked results across record types, and the facets.

Typing searches as you type: each keystroke restarts a short timer, and only when it runs out
is the query sent to a worker thread with a serial number; a result whose serial is no longer
the latest is dropped, so a slow search never overwrites a newer one and the GUI thread never
waits for SQLite. The worker has its own connection to the catalogue (Peewee opens one per
thread). A malformed query shows its message under the box and leaves the last results alone.

The main window takes `panel.search_box` into its toolbar and the panel itself into a dock or
splitter, connects `open_record(type, id)` to its own `open_record`, and calls `refresh()` when
the catalogue changes so that results are always current.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from archive_app.catalog.database import Catalog
from archive_app.catalog.errors import CatalogError
from archive_app.catalog.search.execute import FACET_SAMPLE, SearchResult, search
from archive_app.catalog.search.query import QueryError
from archive_app.catalog.search.saved import save_search
from archive_app.gui.search_results_model import KeyRole, SearchResultsModel
from archive_app.gui.write_guard import WriteButton

DEBOUNCE_MS = 250
PAGE = 200


class SearchWorker(QObject):
    """Runs searches in its own thread; skips requests already superseded by a newer one."""

    finished = Signal(int, object)  # serial, SearchResult
    failed = Signal(int, str)  # serial, message

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog
        self.latest = 0  # written by the GUI thread, read here: a plain int is enough
        self.searches_run = 0
        self.thread_ident: int | None = None

    @Slot(int, str, object)
    def run(self, serial: int, query: str, types: object) -> None:
        if serial != self.latest:
            return
        self.thread_ident = threading.get_ident()
        self.searches_run += 1
        try:
            result = search(query, types=types, limit=PAGE, database=self.catalog.database)  # type: ignore[arg-type]
        except QueryError as exc:
            self.failed.emit(serial, str(exc))
        except CatalogError as exc:
            self.failed.emit(serial, str(exc))
        else:
            self.finished.emit(serial, result)

    @Slot()
    def close_connection(self) -> None:
        """Close this thread's connection to the catalogue (before the thread ends)."""
        self.catalog.database.close()


class SearchBox(QLineEdit):
    """The toolbar box: Down moves into the results, Escape clears."""

    down_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            self.textEdited.emit("")
            return
        super().keyPressEvent(event)


class ResultsView(QTreeView):
    """The results list; Enter opens the selected record (as a double click does)."""

    open_requested = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class SearchPanel(QWidget):
    """Results and facets of the query typed in `search_box`."""

    open_record = Signal(str, int)  # Enter or a double click on a result
    highlighted = Signal(str, int)  # the current result changed (arrow keys, a click)
    results_ready = Signal(object)  # SearchResult, after the models were filled
    query_failed = Signal(str)
    saved = Signal(str)  # the name a query was saved under
    _requested = Signal(int, str, object)
    _closing = Signal()

    def __init__(self, catalog: Catalog, parent: Any = None) -> None:
        super().__init__(parent)
        from archive_app.gui.search_results_model import FacetModel

        self.catalog = catalog
        self.types: list[str] | None = None
        self.serial = 0
        self.result: SearchResult | None = None

        self.search_box = SearchBox()
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText('Search: vlasov, "2nd shock army", person:, date:1942')
        self.search_box.setClearButtonEnabled(True)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.search_now)
        self.search_box.textEdited.connect(lambda _text: self.timer.start())
        self.search_box.returnPressed.connect(self.search_now)
        self.search_box.down_pressed.connect(self._focus_results)

        self.message = QLabel()
        self.message.setObjectName("searchMessage")
        self.message.setWordWrap(True)
        self.count_label = QLabel()
        self.save_button = WriteButton("Save search…")
        self.save_button.clicked.connect(self._ask_to_save)

        self.results_model = SearchResultsModel(self)
        self.results = ResultsView()
        self.results.setObjectName("searchResults")
        self.results.setModel(self.results_model)
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(True)
        self.results.setAlternatingRowColors(True)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.header().resizeSection(0, 90)
        self.results.header().resizeSection(1, 380)
        self.results.open_requested.connect(self._open)
        self.results.selectionModel().currentChanged.connect(self._highlight)
        self.results.doubleClicked.connect(self._open)

        self.facet_model = FacetModel(self)
        self.facets = QTreeView()
        self.facets.setObjectName("searchFacets")
        self.facets.setHeaderHidden(True)
        self.facets.setModel(self.facet_model)
        # the name takes the room left by the count, which is never cut
        self.facets.header().setStretchLastSection(False)
        self.facets.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.facets.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.facets.activated.connect(self.narrow)
        self.facets.clicked.connect(self.narrow)

        top = QHBoxLayout()
        top.addWidget(self.count_label, 1)
        top.addWidget(self.save_button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.results)
        splitter.addWidget(self.facets)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        self.message.hide()

        self.thread = QThread(self)
        self.thread.setObjectName("search")
        self.worker = SearchWorker(catalog)
        self.worker.moveToThread(self.thread)
        self._requested.connect(self.worker.run)
        self._closing.connect(self.worker.close_connection)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.thread.start()
        application = QApplication.instance()
        if application is not None:
            application.aboutToQuit.connect(self.shutdown)

    # --- searching --------------------------------------------------------------------------

    @Slot()
    def search_now(self) -> None:
        """Send the box's query to the worker now (Enter, the timer, a facet, a refresh)."""
        self.timer.stop()
        query = self.search_box.text().strip()
        self.serial += 1
        self.worker.latest = self.serial
        if not query:
            self._show(None)
            return
        self._requested.emit(self.serial, query, self.types)

    def set_query(self, query: str) -> None:
        """Put a query in the box and search it (a saved search, a link)."""
        self.search_box.setText(query)
        self.search_now()

    def set_types(self, types: list[str] | None) -> None:
        self.types = types
        self.search_now()

    @Slot()
    def refresh(self) -> None:
        """Search the current query again: the catalogue changed."""
        if self.search_box.text().strip():
            self.search_now()

    @Slot(int, object)
    def _finished(self, serial: int, result: SearchResult) -> None:
        if serial != self.serial:
            return  # a newer query was sent since
        self._show(result)

    @Slot(int, str)
    def _failed(self, serial: int, message: str) -> None:
        if serial != self.serial:
            return
        self.message.setText(message)
        self.message.show()
        self.query_failed.emit(message)

    def _show(self, result: SearchResult | None) -> None:
        self.result = result
        self.message.hide()
        self.results_model.set_result(result)
        self.facet_model.set_facets(result.facets if result else None)
        self.facets.expandAll()
        self.facets.setToolTip(_facets_note(result))
        self.count_label.setText(found_text(result) if result is not None else "")
        if result is not None and result.hits:
            self.results.setCurrentIndex(self.results_model.index(0, 0))
        self.results_ready.emit(result)

    # --- navigation -------------------------------------------------------------------------

    def _focus_results(self) -> None:
        if self.results_model.rowCount():
            self.results.setFocus()
            if not self.results.currentIndex().isValid():
                self.results.setCurrentIndex(self.results_model.index(0, 0))

    @Slot(QModelIndex)
    def _open(self, index: QModelIndex) -> None:
        key = self.results_model.data(index, KeyRole)
        if key is not None:
            self.open_record.emit(*key)

    @Slot(QModelIndex, QModelIndex)
    def _highlight(self, current: QModelIndex, _previous: QModelIndex) -> None:
        key = self.results_model.data(current, KeyRole) if current.isValid() else None
        if key is not None:
            self.highlighted.emit(*key)

    @Slot(QModelIndex)
    def narrow(self, index: QModelIndex) -> None:
        """Add a facet value's term to the query and search at once."""
        term = self.facet_model.data(index, KeyRole)
        if not term:
            return
        query = self.search_box.text().strip()
        if term in query:
            return
        if " OR " in query:
            query = f"({query})"
        self.set_query(f"{query} {term}".strip())

    # --- saved searches ---------------------------------------------------------------------

    def save_current(self, name: str) -> bool:
        """Save the box's query under a name; a bad name or query shows its message."""
        try:
            save_search(name, self.search_box.text())
        except CatalogError as exc:
            self.message.setText(str(exc))
            self.message.show()
            return False
        self.saved.emit(name)
        return True

    def _ask_to_save(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        name, accepted = QInputDialog.getText(self, "Save search", "Name of the saved search:")
        if accepted:
            self.save_current(name)

    # --- shutdown ---------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the worker thread (closing its connection); call before closing the catalogue."""
        if self.thread.isRunning():
            self._closing.emit()
            self.thread.quit()
            self.thread.wait()


def found_text(result: SearchResult) -> str:
    """How many a search found and how many of them the list shows."""
    if not result.total_exact:
        return (
            f"More than {result.total:,} found: the best {len(result.hits)} of the first "
            f"{result.total:,} shown (add words or filters to rank them all)"
        )
    if result.total > len(result.hits):
        return f"{result.total:,} found, the best {len(result.hits)} shown"
    return f"{result.total:,} found"


def _facets_note(result: SearchResult | None) -> str:
    if result is None or not result.facets_partial:
        return ""
    types = (
        "Record types count every record found"
        if result.total_exact
        else f"Record types count the first {result.total:,} found"
    )
    return f"{types}; the other facets count the best {FACET_SAMPLE:,} of them."
