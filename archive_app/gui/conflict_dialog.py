"""Saving over a newer version: what the other person changed, beside what you typed.

The editor opens this when the catalogue refuses a save because the record moved on since it was
loaded. The archivist sees, field by field, the value they typed and the value now in the
catalogue, and chooses: Reload (take the catalogue's and drop theirs), Keep mine (save over it
knowingly), or pick per field. Closing the dialog keeps the typed text in the editor.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class FieldConflict:
    """One field: what the editor loaded, what the archivist typed, what the catalogue has now."""

    name: str
    label: str
    loaded: Any
    mine: Any
    theirs: Any

    @property
    def both_changed(self) -> bool:
        """The other change touched this field too (otherwise "mine" loses nothing of theirs)."""
        return self.theirs != self.loaded and self.theirs != self.mine


@dataclass(frozen=True)
class Conflict:
    """A refused save: the record, who moved it on (when the journal says), and the fields."""

    record_name: str
    current_version: int
    changed_by: str | None
    fields: tuple[FieldConflict, ...]
    #: fields only the other person changed: (label, loaded, now) -- kept whatever is chosen
    theirs_only: tuple[tuple[str, Any, Any], ...] = field(default=())


class Choice(enum.Enum):
    RELOAD = "reload"
    KEEP_MINE = "keep mine"
    CHOSEN = "chosen per field"


def shown(value: Any) -> str:
    if value in (None, ""):
        return "(empty)"
    text = str(value)
    return text if len(text) <= 300 else text[:300] + " …"


class ConflictDialog(QDialog):
    """After exec(): `choice`, and with Choice.CHOSEN `kept_mine` (the fields to save as typed)."""

    def __init__(self, conflict: Conflict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflict_dialog")
        self.setWindowTitle("Changed by someone else")
        self.conflict = conflict
        self.choice: Choice | None = None
        self.kept_mine: set[str] = set()
        self.groups: dict[str, QButtonGroup] = {}

        who = conflict.changed_by or "someone else"
        intro = QLabel(
            f"<b>{conflict.record_name}</b> was changed by {who} since you opened it. "
            "Your text is still in the editor; choose what to keep."
        )
        intro.setWordWrap(True)
        intro.setObjectName("conflict_intro")

        grid = QGridLayout()
        for column, title in enumerate(("Field", "Yours", "In the catalogue now", "Keep")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        for row, item in enumerate(conflict.fields, start=1):
            grid.addWidget(QLabel(item.label), row, 0)
            grid.addWidget(self._value(shown(item.mine)), row, 1)
            grid.addWidget(self._value(shown(item.theirs)), row, 2)
            grid.addWidget(self._keep_buttons(item), row, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        if conflict.theirs_only:
            others = "; ".join(f"{label}: {shown(now)}" for label, _, now in conflict.theirs_only)
            kept = QLabel(f"Also changed by them, and kept whatever you choose: {others}")
            kept.setWordWrap(True)
            kept.setObjectName("conflict_theirs_only")
            layout.addWidget(kept)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.reload_button = self._button(buttons, "Reload (drop mine)", "conflict_reload")
        self.keep_button = self._button(buttons, "Keep mine", "conflict_keep_mine")
        self.chosen_button = self._button(buttons, "Save as chosen", "conflict_chosen")
        self.reload_button.clicked.connect(lambda: self._finish(Choice.RELOAD))
        self.keep_button.clicked.connect(lambda: self._finish(Choice.KEEP_MINE))
        self.chosen_button.clicked.connect(lambda: self._finish(Choice.CHOSEN))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 120 + 60 * len(conflict.fields))

    @staticmethod
    def _value(text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        return label

    @staticmethod
    def _button(box: QDialogButtonBox, text: str, name: str) -> QPushButton:
        button = box.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setObjectName(name)
        return button

    def _keep_buttons(self, item: FieldConflict) -> QWidget:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(holder)
        for text, key in (("yours", "mine"), ("theirs", "theirs")):
            radio = QRadioButton(text)
            radio.setObjectName(f"keep_{key}_{item.name}")
            radio.setChecked(key == "mine")
            group.addButton(radio)
            box.addWidget(radio)
        self.groups[item.name] = group
        return holder

    def choose(self, name: str, keep_mine: bool) -> None:
        """Pick one field's side (what clicking its radio button does)."""
        key = "mine" if keep_mine else "theirs"
        radio = self.findChild(QRadioButton, f"keep_{key}_{name}")
        assert radio is not None
        radio.setChecked(True)

    def _finish(self, choice: Choice) -> None:
        self.choice = choice
        self.kept_mine = {
            item.name
            for item in self.conflict.fields
            if choice is Choice.KEEP_MINE
            or (
                choice is Choice.CHOSEN
                and self.groups[item.name].checkedButton().objectName().startswith("keep_mine")
            )
        }
        self.accept()
