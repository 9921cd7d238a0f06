"""Controls that change the catalogue stay off while it is read-only (a database role that may
only read it): whatever a panel's own state would allow, such a control is never enabled."""

from __future__ import annotations

from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from archive_app.catalog.models import catalog_db

READ_ONLY_TIP = "Read-only: your database role may read this catalogue, not change it"


def catalogue_read_only() -> bool:
    """Whether the open catalogue may be read here but not changed."""
    return bool(getattr(catalog_db.obj, "read_only", False))


class WriteButton(QPushButton):
    """A push button whose action changes the catalogue: off while the catalogue is read-only."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setEnabled(True)

    def setEnabled(self, enabled: bool) -> None:  # noqa: N802 (Qt's name)
        locked = catalogue_read_only()
        super().setEnabled(bool(enabled) and not locked)
        if locked:
            self.setToolTip(READ_ONLY_TIP)


def guard_action(action: QAction) -> QAction:
    """Turn an action that changes the catalogue off for good while the catalogue is read-only."""
    if catalogue_read_only():
        action.setEnabled(False)
        action.setToolTip(READ_ONLY_TIP)
        action.changed.connect(lambda: action.isEnabled() and action.setEnabled(False))
    return action


def read_only_input(widget: QWidget) -> QWidget:
    """An editor's input: on a read-only catalogue its text can be read, selected and copied,
    not typed over, and its choices cannot be changed (there would be nothing to save it with)."""
    if catalogue_read_only():
        for part in (widget, *widget.findChildren(QWidget)):
            if isinstance(part, QLineEdit | QPlainTextEdit | QTextEdit):
                part.setReadOnly(True)
                # drawn on the window's colour, as a label is, not as a field to type into
                palette = part.palette()
                palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
                part.setPalette(palette)
            elif isinstance(part, QComboBox | QAbstractButton | QAbstractSpinBox):
                part.setEnabled(False)
        widget.setToolTip(READ_ONLY_TIP)
    return widget
