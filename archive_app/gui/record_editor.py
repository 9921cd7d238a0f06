"""The editor of one record: every field of its type, validated where it is typed.

A date field says what its EDTF text means (“1942-06-01 … 1942-06-30”) or why it is not a date,
and Save stays disabled while any field is invalid. Saving pushes one undoable command.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
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

from archive_app.catalog import records
from archive_app.catalog.changes import ChangeSet
from archive_app.catalog.dates import bounds_or_none
from archive_app.catalog.errors import CatalogError, InvalidField, StaleEdit
from archive_app.catalog.field_text import field_value
from archive_app.catalog.fields import FieldSpec, Kind, derived_fields, editable_fields, label_for
from archive_app.catalog.serialize import get_record, label, model_for
from archive_app.gui.catalog_events import CatalogEvents
from archive_app.gui.conflict_dialog import Choice, Conflict, ConflictDialog, FieldConflict
from archive_app.gui.journal_undo import JournalUndo
from archive_app.gui.write_guard import WriteButton, read_only_input

ERROR_STYLE = "color: #b3261e;"
#: a field a finding of the checks is about (the child editor of a date input too)
FINDING_STYLE = (
    "QLineEdit, QPlainTextEdit, QComboBox { background: #fff1a8; border: 2px solid #d4a000; }"
)
HINT_STYLE = "color: palette(placeholder-text);"


DATE_PLACEHOLDER = "e.g. 1942-06, 1944?, 194X, 1942/1945, 1946-22"


class DateInput(QWidget):
    """An EDTF text box with a line under it saying what the date means."""

    changed = Signal()

    def __init__(self, field_name: str) -> None:
        super().__init__()
        self.field_name = field_name
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(DATE_PLACEHOLDER)
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

    def __init__(self, undo: JournalUndo, events: CatalogEvents) -> None:
        super().__init__()
        self.undo = undo
        self.events = events
        self.record_type: str | None = None
        self.record_id: int | None = None
        self.inputs: dict[str, QWidget] = {}
        self.specs: dict[str, FieldSpec] = {}
        #: the fields marked for a finding of the checks
        self.highlighted: list[str] = []
        self.loaded: dict[str, Any] = {}
        #: the version the form was filled from: a save says so, and is refused if it moved on
        self.loaded_version: int | None = None
        #: the conflict dialog while it is open (tests answer it)
        self.conflict_dialog: ConflictDialog | None = None

        self.form = QFormLayout()
        self.facts = QFormLayout()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.save_button = WriteButton("Save")
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
        self.events.change_set.connect(self._change_arrived)
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
        return read_only_input(widget)

    def highlight(self, fields: list[str]) -> None:
        """Mark the fields a finding of the checks is about, until another record is shown."""
        for name in fields:
            widget = self.inputs.get(name)
            if widget is not None:
                widget.setStyleSheet(FINDING_STYLE)
                self.highlighted.append(name)

    def set_record(self, record_type: str | None, record_id: int | None) -> None:
        """Show a record (or nothing, with None)."""
        for name in self.highlighted:
            if name in self.inputs:
                self.inputs[name].setStyleSheet("")
        self.highlighted = []
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
            fact = QLabel(_fact_text(name, value))
            fact.setWordWrap(True)
            fact.setObjectName(f"fact_{name}")
            fact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            # Long unbroken values (paths, SHA-256) must not widen the panel.
            fact.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            self.facts.addRow(label_for(name), fact)

    def column_value(self, record: Any, name: str) -> Any:
        """A changed field's value as the record holds it (a reference as its id)."""
        spec = self.specs.get(name)
        if spec is not None and spec.kind is Kind.REFERENCE:
            return getattr(record, f"{name}_id")
        return getattr(record, name, None)

    def field_label(self, name: str) -> str:
        spec = self.specs.get(name)
        return spec.label if spec is not None else label_for(name)

    def reload(self) -> None:
        self.message.clear()
        self.loaded = {}
        self.loaded_version = None
        if self.record_type is None or self.record_id is None:
            self.setEnabled(False)
            return
        try:
            record = get_record(self.record_type, self.record_id)
        except CatalogError:
            self.setEnabled(False)
            return
        self.setEnabled(True)
        self.loaded_version = record.version
        for name in self.specs:
            value = self.column_value(record, name)
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
        """Save the changed fields as one undoable edit over the version the form was filled
        from; False when refused (message shown, typed text kept). A record someone else saved
        since opens the conflict dialog."""
        if self.record_type is None or self.record_id is None:
            return False
        changed = self.changes()
        if not changed or self.errors():
            return False
        try:
            self._save(changed, self.loaded_version)
        except StaleEdit as exc:
            return self._resolve_conflict(changed, exc)
        except CatalogError as exc:
            self.message.setText(str(exc))
            return False
        return True

    def _save(self, values: dict[str, Any], version: int | None) -> None:
        """One change over the version given; StaleEdit when the record moved past it."""
        record_type, record_id = self.record_type, self.record_id
        assert record_type is not None and record_id is not None and version is not None
        names = ", ".join(self.field_label(name) for name in values)
        self.undo.perform(
            f"Edit {record_type} ({names})",
            lambda: records.update(record_type, record_id, version, **values),
            expect={(record_type, record_id): version},
        )
        self.reload()
        self.saved.emit(record_type, record_id)

    # --- a save over a newer version ---------------------------------------------------------

    def conflict_with(
        self, current: Any, changed: dict[str, Any], refusal: Exception | str
    ) -> Conflict:
        """What the record's newer version changed, beside what the form has."""
        fields = tuple(
            FieldConflict(
                name,
                self.field_label(name),
                self.loaded.get(name),
                value,
                self.column_value(current, name),
            )
            for name, value in changed.items()
        )
        theirs_only = tuple(
            (self.field_label(name), loaded, self.column_value(current, name))
            for name, loaded in self.loaded.items()
            if name not in changed
            and name in self.specs
            and self.column_value(current, name) != loaded
        )
        return Conflict(
            label(current) or f"{self.record_type} {self.record_id}",
            current.version,
            _who_from(refusal),
            fields,
            theirs_only,
        )

    def _resolve_conflict(self, changed: dict[str, Any], refusal: StaleEdit) -> bool:
        assert self.record_type is not None and self.record_id is not None
        try:
            current = get_record(self.record_type, self.record_id)
        except CatalogError:
            self.message.setText(
                f"{self.record_type} {self.record_id} was deleted by someone else since you "
                "opened it; your text is still here to copy"
            )
            return False
        dialog = ConflictDialog(self.conflict_with(current, changed, refusal), self)
        self.conflict_dialog = dialog
        try:
            accepted = dialog.exec() == ConflictDialog.DialogCode.Accepted
        finally:
            self.conflict_dialog = None
        if not accepted or dialog.choice is None:
            self.message.setText(
                "Changed elsewhere since you opened it: your text is kept; Save again to choose "
                "between yours and theirs, or Revert to take theirs"
            )
            return False
        if dialog.choice is Choice.RELOAD:
            self.reload()
            return False
        values = {name: value for name, value in changed.items() if name in dialog.kept_mine}
        if not values:
            self.reload()
            return True
        try:
            self._save(values, current.version)
        except StaleEdit as again:  # changed yet again while the dialog was open
            return self._resolve_conflict(changed, again)
        except CatalogError as exc:
            self.message.setText(str(exc))
            return False
        return True

    def _change_arrived(self, change_set: ChangeSet) -> None:
        """Show the record as a change left it, unless the archivist has typed something: then
        the typed text stays, and the editor says the record changed elsewhere (Save will offer
        the choice)."""
        if self.record_type is None or self.record_id is None:
            return
        if not change_set.touches(self.record_type, self.record_id):
            return
        if not self.changes():
            self.reload()
            return
        who = f" by {change_set.who}" if change_set.external else ""
        self.message.setText(
            f"Changed elsewhere{who} while you were typing: your text is kept; Save will show "
            "both versions, Revert takes theirs"
        )


def _who_from(refusal: Exception | str) -> str | None:
    """ "X at T" for the journal's last change of the record since the editor loaded it (the
    catalogue's StaleEdit says who changed it, when, and which fields), else None."""
    changed_by = getattr(refusal, "changed_by", None) or []
    if not changed_by:
        return None
    who, at, _fields = changed_by[-1]
    others = len({entry[0] for entry in changed_by}) - 1
    more = f" (and {others} other{'s' if others > 1 else ''})" if others > 0 else ""
    return f"{who} at {_shown_time(at)}{more}"


def _shown_time(at: str) -> str:
    return at[:16].replace("T", " ") + " UTC" if len(at) >= 16 and at[10:11] == "T" else at


def _fact_text(name: str, value: Any) -> str:
    """A read-only fact as shown: the file's metadata shortened, the import's warnings one a
    line (what was skipped in the file stays in sight on its record)."""
    if name == "embedded_metadata":
        return _short_json(value)
    if name == "import_warnings":
        try:
            return "\n".join(f"⚠ {warning}" for warning in json.loads(value))
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def _short_json(value: str, limit: int = 400) -> str:
    return value if len(value) <= limit else value[:limit] + " …"
