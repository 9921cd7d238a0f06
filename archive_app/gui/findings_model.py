"""The checks' findings as a two-level tree: a group per severity and rule, with its count, and
the findings under it. A finding's tooltip shows each side with its citations."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from archive_app.catalog.checks import Finding
from archive_app.catalog.checks.rules import RULES_BY_NAME
from archive_app.gui.citation_html import citation_html

FindingRole = Qt.ItemDataRole.UserRole + 1
ParentIndex = QModelIndex | QPersistentModelIndex
_COLOURS = {"error": "#b3261e", "warning": "#8a5a00", "info": "#3c5a99"}


def side_html(finding: Finding) -> str:
    """Each side of a finding with its citations, as rich text for tooltips and the details."""
    parts = [f"<p><b>{html.escape(finding.message)}</b></p>"]
    for side in finding.sides:
        parts.append(f"<p>• {html.escape(side.claim)}")
        for c in side.citations:
            parts.append(f"<br>&nbsp;&nbsp;&nbsp;{citation_html(c)}")
        if not side.citations:
            parts.append("<br>&nbsp;&nbsp;&nbsp;(no citation)")
        parts.append("</p>")
    if finding.review:
        state = "Reviewed" if finding.review["current"] else "Changed since it was reviewed"
        parts.append(
            f"<p>{state} by {html.escape(str(finding.review['who']))}: "
            f"{html.escape(finding.review['note'])}</p>"
        )
    return "".join(parts)


def group_title(severity: str, rule: str) -> str:
    known = RULES_BY_NAME.get(rule)
    return f"{severity} · {rule}" + (f": {known.title}" if known else "")


class FindingsModel(QAbstractItemModel):
    """Groups (severity, rule) at the top level, findings below; `only` narrows to one rule."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.findings: list[Finding] = []
        self.groups: list[tuple[str, str, list[Finding]]] = []
        self.only: str | None = None

    def set_findings(self, findings: list[Finding], only: str | None = None) -> None:
        self.beginResetModel()
        self.findings, self.only = list(findings), only
        grouped: dict[tuple[str, str], list[Finding]] = {}
        for finding in self.findings:  # already in severity and rule order
            if only is None or finding.check == only:
                grouped.setdefault((finding.severity, finding.check), []).append(finding)
        self.groups = [(sev, rule, items) for (sev, rule), items in grouped.items()]
        self.endResetModel()

    @staticmethod
    def counts_of(findings: list[Finding]) -> dict[str, int]:
        found: dict[str, int] = {}
        for finding in findings:
            found[finding.check] = found.get(finding.check, 0) + 1
        return found

    # --- the tree ----------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: ParentIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self.groups) else QModelIndex()
        if parent.internalId() == 0 and row < len(self.groups[parent.row()][2]):
            return self.createIndex(row, 0, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: ParentIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == 0:
            return len(self.groups[parent.row()][2])
        return 0

    def columnCount(self, _parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 1

    def finding(self, index: ParentIndex) -> Finding | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self.groups[index.internalId() - 1][2][index.row()]

    def data(self, index: ParentIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            severity, rule, items = self.groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{group_title(severity, rule)} ({len(items)})"
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(_COLOURS.get(severity, "#000")))
            return None
        finding = self.finding(index)
        assert finding is not None
        if role == Qt.ItemDataRole.DisplayRole:
            return finding.message
        if role == Qt.ItemDataRole.ToolTipRole:
            return side_html(finding)
        if role == FindingRole:
            return finding
        return None
