"""Starting the desktop program: check that a window can open, open the catalogue, show it."""

from __future__ import annotations

import sys

from archive_app.catalog.database import resolve_location
from archive_app.catalog.errors import CatalogError
from archive_app.catalog.server_passwords import keep_password, open_asking_password
from archive_app.gui.platform_check import install_fatal_handler, platform_problem


def run_gui(catalog_location: str | None, argv: list[str] | None = None) -> int:
    """Run the program until its window closes; returns the exit status."""
    problem = platform_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    install_fatal_handler()

    from PySide6.QtWidgets import QApplication, QMessageBox

    from archive_app.gui.main_window import MainWindow
    from archive_app.gui.password_dialog import PasswordAsker
    from archive_app.gui.preferences import apply_theme

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName("archive_app")
    app.setApplicationName("archive_app")
    apply_theme()
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme())
    ask = PasswordAsker()
    location = resolve_location(catalog_location)
    try:
        catalog, password = open_asking_password(location, ask)
    except CatalogError as exc:
        QMessageBox.critical(None, "archive_app", f"The catalogue cannot be opened:\n{exc}")
        print(f"archive-app: {exc}", file=sys.stderr)
        return 1
    if password is not None and ask.keep:
        try:
            keep_password(location, password)
        except CatalogError as exc:
            QMessageBox.warning(None, "archive_app", f"The password was not kept:\n{exc}")
    with catalog:
        window = MainWindow(catalog)
        window.show()
        status = app.exec()
        window.deleteLater()
    return int(status)
