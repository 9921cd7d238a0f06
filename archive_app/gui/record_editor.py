"""The editor of one record: every field of its type, validated where it is typed.

A date field says what its EDTF text means (“1942-06-01 … 1942-06-30”) or why it is not a date,
and Save stays disabled while any field is invalid. Saving pushes one undoable command.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from archive_app.catalog.dates import bounds_or_none
from archive_app.catalog.errors import CatalogError, InvalidField
from archive_app.catalog.field_text import field_value
from archive_app.catalog.fields import FieldSpec, Kind, derived_fields, editable_fields, label_for
from archive_app.catalog.serialize import get_record, label, model_for
from archive_app.gui.undo_commands import CatalogEvents, EditRecordCommand, perform

ERROR_STYLE = "color: #b3261e;"
HINT_STYLE = "color: palette(placeholder-text);"


class DateInput(QWidget):
    """An EDTF text box with a line under it saying what the date means."""

    changed = Signal()

    def __init__(self, field_name: str) -> None:
        super().__init__()
        self.field_name = field_name
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("e.g. 1942-06, 1944?, 194X, 1942/1945, 1946-22")
        self.meaning = QLabel()
        self.meaning.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.edit)
        layout.addWidget(self.meaning)
        self.edit.textChanged.connect(self._check)
        self.error: str | None = None

    def _check(self) -> None:
        try:
            bounds = bounds_or_none(self.edit.text(), self.field_name)
        except InvalidField as exc:
            self.error = exc.reason
            self.meaning.setText(exc.reason)
            self.meaning.setStyleSheet(ERROR_STYLE)
        else:
            self.error = None
            text = "" if bounds is None else f"{bounds.earliest or '…'} … {bounds.latest or '…'}"
            self.meaning.setText(text)
            self.meaning.setStyleSheet(HINT_STYLE)
        self.changed.emit()

    def value(self) -> str | None:
        return self.edit.text().strip() or None

    def set_value(self, value: str | None) -> None:
        self.edit.setText(value or "")
        self._check()


class RecordEditor(QWidget):
    """Edits one record of any type; emits `saved(record_type, id)` after a save."""

    saved = Signal(str, int)

    def __init__(self, undo_stack: QUndoStack, events: CatalogEvents) -> None:
        super().__init__()
        self.undo_stack = undo_stack
        self.events = events
        self.record_type: str | None = None
        self.record_id: int | None = None
        self.inputs: dict[str, QWidget] = {}
        self.specs: dict[str, FieldSpec] = {}
        self.loaded: dict[str, Any] = {}

        self.form = QFormLayout()
        self.facts = QFormLayout()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("save")
        self.revert_button = QPushButton("Revert")
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.reload)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(self.facts)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.events.changed.connect(self._catalog_changed)
        self._update_buttons()

    # --- building the form -------------------------------------------------------------------

    def _clear(self) -> None:
        for layout in (self.form, self.facts):
            while layout.rowCount():
                layout.removeRow(0)
        self.inputs.clear()
        self.specs.clear()

    def _input_for(self, spec: FieldSpec) -> QWidget:
        if spec.kind is Kind.DATE:
            widget = DateInput(f"{self.record_type}.{spec.name}")
            widget.changed.connect(self._update_buttons)
        elif spec.kind is Kind.LONG_TEXT:
            widget = QPlainTextEdit()
            widget.setTabChangesFocus(True)
            widget.setMaximumHeight(90)
            widget.textChanged.connect(self._update_buttons)
        elif spec.kind is Kind.REFERENCE:
            widget = QComboBox()
            widget.addItem("—", None)
            assert spec.target is not None
            for record in spec.target.select().order_by(spec.target.id):
                widget.addItem(label(record) or str(record.id), record.id)
            widget.currentIndexChanged.connect(self._update_buttons)
        else:
            widget = QLineEdit()
            widget.textChanged.connect(self._update_buttons)
        widget.setObjectName(spec.name)
        return widget

    def set_record(self, record_type: str | None, record_id: int | None) -> None:
        """Show a record (or nothing, with None)."""
        if record_type != self.record_type:
            self._clear()
            self.record_type = record_type
            if record_type is not None:
                for spec in editable_fields(model_for(record_type)):
                    self.specs[spec.name] = spec
                    self.inputs[spec.name] = self._input_for(spec)
                    title = f"{spec.label} *" if spec.required else spec.label
                    self.form.addRow(title, self.inputs[spec.name])
        self.record_id = record_id
        self.reload()

    # --- values ------------------------------------------------------------------------------

    def _read(self, name: str) -> Any:
        widget = self.inputs[name]
        spec = self.specs[name]
        if isinstance(widget, DateInput):
            return widget.value()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip() or None
        if isinstance(widget, QComboBox):
            return widget.currentData()
        text = widget.text().strip()
        if spec.kind is Kind.NUMBER:
            assert self.record_type is not None
            return field_value(self.record_type, name, text)
        return text or None

    def _write(self, name: str, value: Any) -> None:
        widget = self.inputs[name]
        if isinstance(widget, DateInput):
            widget.set_value(value)
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            widget.setCurrentIndex(max(index, 0))
        else:
            widget.setText("" if value is None else str(value))
            widget.setCursorPosition(0)  # a long title shows its beginning, not its end

    def _show_facts(self, record: Any) -> None:
        while self.facts.rowCount():
            self.facts.removeRow(0)
        for name in derived_fields(type(record)):
            value = getattr(record, name)
            if value in (None, ""):
                continue
            fact = QLabel(str(value) if name != "embedded_metadata" else _short_json(value))
            fact.setWordWrap(True)
            fact.setObjectName(f"fact_{name}")
            fact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            # Long unbroken values (paths, SHA-256) must not widen the panel.
            fact.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            self.facts.addRow(label_for(name), fact)

    def reload(self) -> None:
        self.message.clear()
        self.loaded = {}
        if self.record_type is None or self.record_id is None:
            self.setEnabled(False)
            return
        try:
            record = get_record(self.record_type, self.record_id)
        except CatalogError:
            self.setEnabled(False)
            return
        self.setEnabled(True)
        for name, spec in self.specs.items():
            value = getattr(record, f"{name}_id" if spec.kind is Kind.REFERENCE else name)
            self.loaded[name] = value
            self._write(name, value)
        self._show_facts(record)
        self._update_buttons()

    def changes(self) -> dict[str, Any]:
        changed = {}
        for name in self.specs:
            try:
                value = self._read(name)
            except InvalidField:
                continue
            if value != self.loaded.get(name):
                changed[name] = value
        return changed

    def errors(self) -> list[str]:
        found = []
        for name, widget in self.inputs.items():
            if isinstance(widget, DateInput) and widget.error:
                found.append(f"{self.specs[name].label}: {widget.error}")
            elif self.specs[name].kind is Kind.NUMBER:
                try:
                    self._read(name)
                except InvalidField as exc:
                    found.append(f"{self.specs[name].label}: {exc.reason}")
            if self.specs[name].required and self._safe_read(name) in (None, ""):
                found.append(f"{self.specs[name].label}: is required")
        return found

    def _safe_read(self, name: str) -> Any:
        try:
            return self._read(name)
        except InvalidField:
            return None

    def _update_buttons(self) -> None:
        if not self.specs:
            self.save_button.setEnabled(False)
            self.revert_button.setEnabled(False)
            return
        errors = self.errors()
        dirty = bool(self.changes())
        self.save_button.setEnabled(dirty and not errors)
        self.revert_button.setEnabled(dirty)
        self.message.setText("\n".join(errors))

    def save(self) -> bool:
        """Save the changed fields as one undoable edit; False when refused (message shown)."""
        if self.record_type is None or self.record_id is None:
            return False
        changed = self.changes()
        if not changed or self.errors():
            return False
        before = {name: self.loaded.get(name) for name in changed}
        command = EditRecordCommand(self.events, self.record_type, self.record_id, before, changed)
        try:
            perform(self.undo_stack, command)
        except CatalogError as exc:
            self.message.setText(str(exc))
            return False
        self.reload()
        self.saved.emit(self.record_type, self.record_id)
        return True

    def _catalog_changed(self, _record_type: str) -> None:
        if self.record_id is not None and not self.changes():
            self.reload()


def _short_json(value: str, limit: int = 400) -> str:
    return value if len(value) <= limit else value[:limit] + " …"
