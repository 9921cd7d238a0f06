"""Preferences: the catalogue's own settings (archive name, accession prefix), kept in the
catalogue so the whole team shares them, and this desktop's look (light, dark or the system's)
and the name its changes are recorded under in the catalogue's history, and where this desktop
finds each of the catalogue's storage locations (its own mount of the team's shared folder).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from archive_app.catalog import locations
from archive_app.catalog.changes import current_user, set_user_name
from archive_app.catalog.errors import CatalogError
from archive_app.catalog.settings import get_setting, set_setting

THEMES = ("system", "light", "dark")


def _settings() -> QSettings:
    return QSettings("archive_app", "archive_app")


def apply_user_name() -> str:
    """Tell the catalogue who this desktop's changes are by (the journal's "who"): the name set
    in Preferences, else $ARCHIVE_APP_USER or the operating-system user."""
    set_user_name(str(_settings().value("journal/user_name", "") or ""))
    return current_user()


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2b2b",
        QPalette.ColorRole.WindowText: "#e8e6e3",
        QPalette.ColorRole.Base: "#1f1f1f",
        QPalette.ColorRole.AlternateBase: "#2a2a2a",
        QPalette.ColorRole.Text: "#e8e6e3",
        QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e8e6e3",
        QPalette.ColorRole.Highlight: "#3d7ebf",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#353535",
        QPalette.ColorRole.ToolTipText: "#e8e6e3",
        QPalette.ColorRole.PlaceholderText: "#9a9894",
        QPalette.ColorRole.Link: "#7fb3e6",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    return palette


def apply_theme() -> str:
    """Set the palette from the preference; 'system' follows the desktop's colour scheme."""
    app = QApplication.instance()
    theme = _settings().value("appearance/theme", "system")
    if theme not in THEMES:
        theme = "system"
    if app is None:
        return theme
    if theme == "system":
        scheme = QGuiApplication.styleHints().colorScheme()
        dark = scheme == Qt.ColorScheme.Dark
    else:
        dark = theme == "dark"
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    return theme


class PreferencesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.archive_name = QLineEdit(get_setting("archive_name"))
        self.archive_name.setObjectName("archive_name")
        self.archive_name.setPlaceholderText("e.g. Memorial Photographic Archive, Moscow")
        self.prefix = QLineEdit(get_setting("accession_prefix"))
        self.prefix.setObjectName("accession_prefix")
        self.user_name = QLineEdit(str(_settings().value("journal/user_name", "") or ""))
        self.user_name.setObjectName("user_name")
        set_user_name(None)
        self.user_name.setPlaceholderText(f"{current_user()} (from the system)")
        apply_user_name()
        self.theme = QComboBox()
        self.theme.setObjectName("theme")
        self.theme.addItems(THEMES)
        self.theme.setCurrentText(_settings().value("appearance/theme", "system"))
        self.message = QLabel()
        self.message.setStyleSheet("color: #b3261e;")
        form = QFormLayout()
        form.addRow("Archive name (in citations)", self.archive_name)
        form.addRow("Accession number prefix", self.prefix)
        form.addRow("Appearance", self.theme)
        form.addRow("Your name (in the history)", self.user_name)
        self.location_folders: dict[str, QLineEdit] = {}
        places = QFormLayout()
        for location in locations.all_locations():
            folder = QLineEdit(str(location.folder or ""))
            folder.setObjectName(f"location_{location.name}")
            folder.setPlaceholderText("not mapped on this desktop: the folder it is mounted at")
            self.location_folders[location.name] = folder
            places.addRow(f"@{location.name}", folder)
        self.new_location = QLineEdit()
        self.new_location.setObjectName("new_location_name")
        self.new_location.setPlaceholderText("a new location's name, e.g. scans")
        self.new_location_folder = QLineEdit()
        self.new_location_folder.setObjectName("new_location_folder")
        self.new_location_folder.setPlaceholderText("its folder on this desktop")
        places.addRow(self.new_location, self.new_location_folder)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>This catalogue</b> (shared by everyone who opens it)"))
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>Storage locations</b> (where this desktop finds them)"))
        layout.addLayout(places)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def save(self) -> bool:
        try:
            set_setting("archive_name", self.archive_name.text())
            set_setting("accession_prefix", self.prefix.text())
            self._save_locations()
        except CatalogError as exc:
            self.message.setText(str(exc))
            return False
        _settings().setValue("appearance/theme", self.theme.currentText())
        _settings().setValue("journal/user_name", " ".join(self.user_name.text().split()))
        apply_user_name()
        return True

    def _save_locations(self) -> None:
        """Map each location given a folder (which must exist) on this desktop; a new name is
        also declared in the catalogue."""
        wanted = {name: field.text().strip() for name, field in self.location_folders.items()}
        new = self.new_location.text().strip()
        if new:
            wanted[locations.check_name(new)] = self.new_location_folder.text().strip()
        for name, folder in wanted.items():
            if folder and not Path(folder).expanduser().is_dir():
                raise CatalogError(f"storage location @{name}: {folder} is not a folder here")
        if new and wanted[new]:
            locations.declare(new)
        for name, folder in wanted.items():
            if folder:
                locations.map_here(name, Path(folder))

    def _accept(self) -> None:
        if self.save():
            self.accept()
