"""A researcher's read-only database role opens the desktop program read-only: it says so, and
the actions that would change the catalogue are off."""

from __future__ import annotations

import psycopg
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from archive_app.catalog.database import open_catalog
from archive_app.catalog.demo import seed_demo
from archive_app.gui.main_window import MainWindow


def test_a_read_only_role_gets_a_window_that_cannot_change_the_catalogue(
    qtbot, postgres_server, server_database
):
    with open_catalog(server_database) as catalog:
        seed_demo(catalog)
    name = server_database.split("/")[3].split("?")[0]
    reader = f"volunteer_{name}"
    postgres_server.execute(f"CREATE ROLE {reader} LOGIN")
    with psycopg.connect(server_database, autocommit=True) as owner:
        owner.execute(
            f"GRANT CONNECT, TEMPORARY ON DATABASE {name} TO {reader}; "
            f"GRANT USAGE ON SCHEMA public TO {reader}; "
            f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reader}"
        )
    catalog = open_catalog(postgres_server.url(name, user=reader))
    window = MainWindow(catalog)
    qtbot.addWidget(window)
    try:
        assert window.windowTitle().endswith("(read-only)")
        assert window.findChild(QLabel, "read_only_notice") is not None
        actions = {a.objectName(): a for a in window.findChildren(QAction) if a.objectName()}
        for name_of in MainWindow.WRITING_ACTIONS:
            assert not actions[name_of].isEnabled(), name_of
        assert actions["export_citations"].isEnabled()  # reading and handing out still work
    finally:
        window.close()
        catalog.close()
