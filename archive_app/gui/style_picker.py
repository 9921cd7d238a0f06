"""Choosing a citation style among the CSL repository's ~2,800: type part of its name.

The five styles publishers ask for most (Chicago notes-bibliography, Chicago author-date, APA,
MLA, Harvard) head the list, in bold; typing narrows the list to the styles whose id or title
holds every word typed, and the first match becomes the choice, so "apa" + Enter is all it takes.
A style of one's own is a `.csl` file chosen from disk; it is checked when it is used, and a
broken one is reported in one line where the list is used, never here as a crash.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from archive_app.catalog.sources.styles import DEFAULT_STYLE, TOP_STYLES, search_styles

ParentIndex = QModelIndex | QPersistentModelIndex


class StyleListModel(QAbstractListModel):
    """(id, title) of the styles that match; the top five in bold, the id as a tooltip."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str]] = []
        self.bold = QFont()
        self.bold.setBold(True)

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: ParentIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        style_id, title = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return title
        if role == Qt.ItemDataRole.ToolTipRole:
            return style_id
        if role == Qt.ItemDataRole.FontRole and style_id in TOP_STYLES:
            return self.bold
        if role == Qt.ItemDataRole.UserRole:
            return style_id
        return None


class StylePicker(QWidget):
    """`style_chosen(name)` gives a style id or the path of a `.csl` file; `current_style()`
    is the choice (Chicago notes-bibliography to begin with)."""

    style_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chosen = DEFAULT_STYLE
        self.search = QLineEdit()
        self.search.setObjectName("style_search")
        self.search.setPlaceholderText("Find a style: chicago, apa, mla, harvard, a journal …")
        self.search.setClearButtonEnabled(True)
        self.model = StyleListModel(self)
        self.list = QListView()
        self.list.setObjectName("style_list")
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.count = QLabel()
        self.count.setObjectName("style_count")
        self.file_button = QPushButton("Choose a .csl file…")
        self.file_button.setObjectName("style_file")
        self.chosen_label = QLabel()
        self.chosen_label.setObjectName("style_chosen")
        self.chosen_label.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.file_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.chosen_label)
        self.search.textChanged.connect(self.refresh)
        self.search.returnPressed.connect(self._take_current)
        self.list.clicked.connect(lambda _index: self._take_current())
        self.list.activated.connect(lambda _index: self._take_current())
        self.file_button.clicked.connect(lambda: self.choose_file())
        self.refresh()
        self._show_choice(dict(self.model.rows).get(DEFAULT_STYLE, DEFAULT_STYLE))

    def current_style(self) -> str:
        return self.chosen

    def refresh(self) -> None:
        """Narrow the list to what the box holds; the first match becomes the choice."""
        self.model.set_rows(search_styles(self.search.text()))
        found = self.model.rowCount()
        self.count.setText(f"{found} style{'s' if found != 1 else ''}")
        if found:
            self.list.setCurrentIndex(self.model.index(0, 0))
            if self.search.text().strip():
                self._take_current()

    def _take_current(self) -> None:
        index = self.list.currentIndex()
        if index.isValid():
            style_id, title = self.model.rows[index.row()]
            self.choose(style_id, title)

    def choose(self, name: str, title: str | None = None) -> None:
        """Make `name` (a style id or a .csl path) the choice and say so."""
        self._show_choice(title or name)
        if name != self.chosen:
            self.chosen = name
            self.style_chosen.emit(name)

    def choose_file(self, path: str | None = None) -> bool:
        """Use a style file of one's own (asking for it when `path` is not given)."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, "Choose a CSL style", "", "CSL styles (*.csl);;All files (*)"
            )
        if not path:
            return False
        self.choose(path, f"{Path(path).name} (your own style file)")
        return True

    def _show_choice(self, title: str) -> None:
        self.chosen_label.setText(f"Style: <b>{escape(title, quote=False)}</b>")
