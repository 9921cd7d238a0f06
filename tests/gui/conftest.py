"""GUI test set-up: each test keeps its QSettings in its own folder and leaves the clipboard
empty, and `window` is the main window on the demo catalogue, shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from archive_app.gui.main_window import MainWindow


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


@pytest.fixture(autouse=True)
def empty_clipboard(qapp):
    """Clear what a test copied: Qt's offscreen platform crashes at exit when the clipboard
    still holds data made in Python (a real display hands it to the clipboard manager)."""
    yield
    qapp.clipboard().clear()


@pytest.fixture
def window(qtbot, demo_catalog):
    shown = MainWindow(demo_catalog)
    qtbot.addWidget(shown)
    shown.resize(1300, 850)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.close()  # stops the search thread before the catalogue is closed
