"""The editor of a source: its CSL item type, the fields that matter for that type under the
names an archivist knows them by, its creators, and a live preview in a citation style.

It is the record editor (the same validation, Save/Revert and one undoable edit per save) with a
form of its own. CSL variables that have no column (genre, medium, number, the archive's
collection …) are fields here and are saved into the source's `extra` object; anything else in
`extra` stays editable as JSON under "Other CSL variables", so nothing imported is lost. The
preview shows the form as typed, before it is saved, with the creators as the catalogue holds
them (each creator change is saved at once, as its own undoable action).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QVBoxLayout, QWidget

from archive_app.catalog.creators import creators_of
from archive_app.catalog.errors import CatalogError, InvalidField
from archive_app.catalog.fields import FieldSpec, Kind, editable_fields
from archive_app.catalog.models import Source
from archive_app.catalog.serialize import get_record
from archive_app.catalog.sources.csl import ARCHIVE_TYPES, kept_date_text, source_to_csl
from archive_app.gui.catalog_events import CatalogEvents
from archive_app.gui.citation_preview import CitationPreview
from archive_app.gui.creators_panel import CreatorsPanel
from archive_app.gui.journal_undo import JournalUndo
from archive_app.gui.record_editor import DATE_PLACEHOLDER, DateInput, RecordEditor
from archive_app.gui.source_types import (
    EXTRA_VARIABLES,
    FIELD_LABELS,
    FIELD_ORDER,
    fields_for,
    offered_types,
    type_label,
)
from archive_app.gui.write_guard import read_only_input

OTHER = "other_variables"
EXTRA_INPUTS = (*EXTRA_VARIABLES, OTHER)


def extra_object(text: str | None) -> dict[str, Any]:
    """The `extra` column as a dict (an unreadable value reads as empty rather than failing)."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def _plain(value: Any) -> str | None:
    """A simple value (text or number) as the text of a field; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value)


class SourceEditor(RecordEditor):
    """Edits one source; `set_record("source", id)` shows it, `set_record(None, None)` nothing."""

    def __init__(self, undo: JournalUndo, events: CatalogEvents) -> None:
        super().__init__(undo, events)
        self.setObjectName("source_editor")
        self.creators = CreatorsPanel(undo, events)
        self.preview = CitationPreview()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(2, self.preview)  # under the form, above the message and Save
        self.creators.changed.connect(self._request_preview)

    # --- the form ----------------------------------------------------------------------------

    def _input_for(self, spec: FieldSpec) -> QWidget:
        if spec.name == "csl_type":
            widget = QComboBox()
            widget.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            widget.setMinimumContentsLength(12)
            for csl_type in offered_types():
                widget.addItem(type_label(csl_type), csl_type)
            widget.insertSeparator(len(ARCHIVE_TYPES))
            widget.currentIndexChanged.connect(self._type_changed)
            widget.setObjectName("csl_type")
            return read_only_input(widget)
        return super()._input_for(spec)

    def _add(self, spec: FieldSpec) -> None:
        self.specs[spec.name] = spec
        self.inputs[spec.name] = self._input_for(spec)
        self.form.addRow(f"{spec.label} *" if spec.required else spec.label, self.inputs[spec.name])

    def _build(self) -> None:
        self.record_type = "source"
        # A narrow detail pane puts a field under its label rather than cutting it off.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        columns = {spec.name: spec for spec in editable_fields(Source)}
        self._add(FieldSpec("csl_type", "Item type", Kind.TEXT, True))
        self._add(columns["title"])
        self.form.addRow("Creators", self.creators)
        for name in FIELD_ORDER:
            self._add(columns.get(name) or FieldSpec(name, FIELD_LABELS[name], Kind.TEXT, False))
        self._add(columns["note"])
        self._add(FieldSpec(OTHER, "Other CSL variables (JSON)", Kind.LONG_TEXT, False))
        self.inputs[OTHER].setPlaceholderText('e.g. {"language": "ru"}')

    def set_record(self, record_type: str | None, record_id: int | None) -> None:
        if record_type not in (None, "source"):
            raise ValueError(f"the source editor cannot show a {record_type}")
        if not self.specs:
            self._build()
        self.record_id = record_id if record_type else None
        self.creators.set_source(self.record_id)
        self.reload()

    def _type_changed(self) -> None:
        self._show_type_fields()
        self._update_buttons()

    def _show_type_fields(self) -> None:
        """The chosen type's fields under its names, and any other field that holds a value."""
        wanted = fields_for(self.inputs["csl_type"].currentData() or "document")
        for name in FIELD_ORDER:
            widget = self.inputs[name]
            filled = self._safe_read(name) not in (None, "")
            self.form.setRowVisible(widget, name in wanted or filled)
            label = self.form.labelForField(widget)
            if label is not None:
                label.setText(wanted.get(name, FIELD_LABELS[name]))

    # --- values ------------------------------------------------------------------------------

    def _write(self, name: str, value: Any) -> None:
        widget = self.inputs[name]
        if name == "csl_type" and isinstance(widget, QComboBox) and widget.findData(value) < 0:
            widget.addItem(type_label(str(value)), value)  # a type from elsewhere stays as it is
        super()._write(name, value)

    def reload(self) -> None:
        self.message.clear()
        self.loaded = {}
        self.loaded_version = None
        if self.record_id is None:
            self.setEnabled(False)
            self.preview.clear()
            return
        try:
            record = get_record("source", self.record_id)
        except CatalogError:
            self.setEnabled(False)
            self.preview.clear()
            return
        self.setEnabled(True)
        self.loaded_version = record.version
        for name in self.specs:
            value = self.column_value(record, name)
            self.loaded[name] = value
            self._write(name, value)
        self.loaded["extra"] = record.extra
        self._show_kept_dates(record)
        self._show_type_fields()
        self._update_buttons()

    def _show_kept_dates(self, record: Any) -> None:
        """A date the file gave that EDTF cannot hold (a season on a range, a text such as
        "Spring 1999-Summer 2001") is printed as given: say so under the date's own box."""
        extra = extra_object(record.extra)
        for name in ("issued", "accessed"):
            widget = self.inputs.get(name)
            if not isinstance(widget, DateInput):
                continue
            kept = kept_date_text(getattr(record, name), extra.get(name))
            hint = f"From the file, printed as given: {kept}" if kept else ""
            widget.edit.setPlaceholderText(hint or DATE_PLACEHOLDER)
            widget.edit.setToolTip(hint)

    def column_value(self, record: Any, name: str) -> Any:
        """A field's value in the form's terms: the named CSL variables and the JSON of the
        other ones are read out of the record's `extra`."""
        if name not in EXTRA_INPUTS:
            return super().column_value(record, name)
        extra = extra_object(record.extra)
        if name != OTHER:
            return _plain(extra.get(name))
        for variable in EXTRA_VARIABLES:
            if _plain(extra.get(variable)) is not None:
                extra.pop(variable)
        return json.dumps(extra, ensure_ascii=False, indent=1) if extra else None

    def field_label(self, name: str) -> str:
        return "Other CSL variables" if name == "extra" else super().field_label(name)

    def composed_extra(self) -> str | None:
        """The `extra` column for the form as it stands: the other variables plus the named
        ones (a named field wins over the same variable in the JSON)."""
        text = self._safe_read(OTHER) or ""
        try:
            value = json.loads(text) if text.strip() else {}
        except json.JSONDecodeError as exc:
            raise InvalidField(OTHER, f"is not valid JSON (line {exc.lineno})") from exc
        if not isinstance(value, dict):
            raise InvalidField(OTHER, "must be a JSON object of CSL variables")
        for name in EXTRA_VARIABLES:
            text_value = self._safe_read(name)
            if text_value:
                value[name] = text_value
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None

    def changes(self) -> dict[str, Any]:
        changed = super().changes()
        if "title" in changed and changed["title"] is None:
            changed["title"] = ""  # an untitled source (CSL requires no title)
        if not changed.keys() & set(EXTRA_INPUTS):
            return changed
        for name in EXTRA_INPUTS:
            changed.pop(name, None)
        try:
            extra = self.composed_extra()
        except InvalidField:
            return changed
        if extra_object(extra) != extra_object(self.loaded.get("extra")):
            changed["extra"] = extra
        return changed

    def errors(self) -> list[str]:
        found = super().errors()
        try:
            self.composed_extra()
        except InvalidField as exc:
            found.append(f"Other CSL variables: {exc.reason}")
        return found

    def _update_buttons(self) -> None:
        super()._update_buttons()
        self._request_preview()

    # --- the preview -------------------------------------------------------------------------

    def _request_preview(self) -> None:
        if getattr(self, "preview", None) is not None and self.record_id is not None:
            self.preview.request(self.current_item)

    def current_item(self) -> dict[str, Any] | None:
        """The CSL-JSON item of the source as the form shows it (saved or not)."""
        if self.record_id is None:
            return None
        try:
            record = get_record("source", self.record_id)
        except CatalogError:
            return None
        values = {name: getattr(record, name) for name in Source._meta.fields}
        values.update(self.changes())
        return source_to_csl(Source(**values), creators_of(self.record_id))
