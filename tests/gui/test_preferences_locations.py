"""Preferences map the catalogue's storage locations on this desktop (locations.py)."""

from __future__ import annotations

from archive_app.catalog import locations
from archive_app.gui.preferences import PreferencesDialog


def test_preferences_map_a_location_on_this_desktop_and_refuse_a_missing_folder(
    catalog, tmp_path, qtbot
):
    share = tmp_path / "share"
    share.mkdir()
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    dialog.new_location.setText("scans")
    dialog.new_location_folder.setText(str(tmp_path / "not-there"))
    assert not dialog.save() and "not a folder here" in dialog.message.text()
    assert locations.declared_names() == []
    dialog.new_location_folder.setText(str(share))
    assert dialog.save()
    assert locations.declared_names() == ["scans"] and locations.folder_of("scans") == share
    again = PreferencesDialog()
    qtbot.addWidget(again)
    assert again.location_folders["scans"].text() == str(share)
