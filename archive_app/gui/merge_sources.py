"""Edit > Merge sources…: two selected sources that are one work made one, keeping every
citation (the import reports look-alikes instead of merging them; the archivist decides here)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox

from archive_app.catalog.models import Citation
from archive_app.catalog.serialize import get_record, label
from archive_app.catalog.sources import merge

TITLE = "Merge sources"


def _describe(source_id: int) -> str:
    cited = Citation.select().where(Citation.source == source_id).count()
    return f"“{label(get_record('source', source_id))}” (source {source_id}, cited {cited}×)"


def ask_which_to_keep(window: Any, ids: list[int]) -> int | None:
    """The id of the source to keep, or None when the archivist cancels."""
    box = QMessageBox(window)
    box.setObjectName("merge_sources_question")
    box.setWindowTitle(TITLE)
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(
        "Merge these two sources into one?\n\n"
        + "\n".join(f"• {_describe(i)}" for i in ids)
        + "\n\nEvery citation of the other moves to the one kept, and its empty fields are "
        "filled from the other. Edit > Undo parts them again."
    )
    buttons = {box.addButton(f"Keep source {i}", QMessageBox.ButtonRole.AcceptRole): i for i in ids}
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return buttons.get(box.clickedButton())


def merge_selected_sources(window: Any, keep_id: int | None = None) -> bool:
    """Merge the two sources selected in the list; asks which to keep unless told."""
    ids = window.selected_ids() if window.current_record_type() == "source" else []
    if len(ids) != 2:
        QMessageBox.information(window, TITLE, "Select two sources in the Sources list to merge.")
        return False
    if keep_id is None:
        keep_id = ask_which_to_keep(window, ids)
        if keep_id is None:
            return False
    other = ids[1] if keep_id == ids[0] else ids[0]
    name = label(get_record("source", other)) or str(other)
    return window.undo.perform_or_warn(
        f"Merge source “{name}”", lambda: merge.merge_sources(keep_id, other), window, TITLE
    )
