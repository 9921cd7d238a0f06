"""The sidebar: the record sections, then the collections as a tree (fonds › series › file) and
the tags, each of which narrows the photographs to what it holds, and the saved searches, each of
which runs its query again when chosen (so its results are always current).

A tree model over small nodes; the collections and tags are read from the catalogue when the
sidebar is (re)built, which happens on start-up and after edits that touch them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from peewee import fn
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from archive_app.catalog.models import Collection, Photograph, PhotoTag, Tag
from archive_app.catalog.search.saved import saved_searches

ParentIndex = QModelIndex | QPersistentModelIndex

SECTIONS: tuple[tuple[str, str], ...] = (
    ("Photographs", "photo"),
    ("People", "person"),
    ("Events", "event"),
    ("Places", "place"),
    ("Sources", "source"),
)


@dataclass(eq=False)
class Node:
    kind: str  # section, group, collection, tag, saved
    key: Any  # record type for sections, id for collections, tags and saved searches
    label: str
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    def add(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


def _collection_nodes(group: Node) -> None:
    counts = dict(
        Photograph.select(Photograph.collection, fn.COUNT(Photograph.id))
        .where(Photograph.collection.is_null(False))
        .group_by(Photograph.collection)
        .tuples()
    )
    by_parent: dict[int | None, list[Collection]] = {}
    for collection in Collection.select().order_by(Collection.name):
        by_parent.setdefault(collection.parent_id, []).append(collection)

    def add_children(node: Node, parent_id: int | None, depth: int) -> None:
        if depth > 50:  # a cycle in bad data must not hang the sidebar
            return
        for collection in by_parent.get(parent_id, []):
            count = counts.get(collection.id, 0)
            text = f"{collection.name} ({count})" if count else collection.name
            child = node.add(Node("collection", collection.id, text))
            add_children(child, collection.id, depth + 1)

    add_children(group, None, 0)


def _tag_nodes(group: Node) -> None:
    query = (
        Tag.select(Tag.id, Tag.name, fn.COUNT(PhotoTag.id))
        .join(PhotoTag)
        .group_by(Tag.id)
        .order_by(Tag.name)
        .tuples()
    )
    for tag_id, name, count in query:
        group.add(Node("tag", tag_id, f"{name} ({count})"))


class SidebarModel(QAbstractItemModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.root = Node("root", None, "")
        self.rebuild()

    def rebuild(self) -> None:
        self.beginResetModel()
        self.root = Node("root", None, "")
        for label, record_type in SECTIONS:
            self.root.add(Node("section", record_type, label))
        _collection_nodes(self.root.add(Node("group", "collection", "Collections")))
        _tag_nodes(self.root.add(Node("group", "tag", "Tags")))
        saved = self.root.add(Node("group", "saved", "Saved searches"))
        for search in saved_searches():
            saved.add(Node("saved", search.id, search.name))
        self.endResetModel()

    def node(self, index: ParentIndex) -> Node:
        return index.internalPointer() if index.isValid() else self.root

    def section_index(self, record_type: str) -> QModelIndex:
        for row, node in enumerate(self.root.children):
            if node.kind == "section" and node.key == record_type:
                return self.index(row, 0)
        return QModelIndex()

    def find(self, kind: str, key: Any) -> QModelIndex:
        """The index of a collection or tag node, or an invalid index."""
        stack = [(self.root, QModelIndex())]
        while stack:
            node, index = stack.pop()
            if node.kind == kind and node.key == key:
                return index
            for row, child in enumerate(node.children):
                stack.append((child, self.index(row, 0, index)))
        return QModelIndex()

    # --- Qt's model interface ----------------------------------------------------------------

    def index(self, row: int, column: int, parent: ParentIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = self.node(parent)
        if column != 0 or not 0 <= row < len(node.children):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: ParentIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = index.internalPointer().parent
        if parent is None or parent is self.root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 1

    def data(self, index: ParentIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = index.internalPointer()
        if role == Qt.ItemDataRole.DisplayRole:
            return node.label
        if role == Qt.ItemDataRole.ToolTipRole and node.kind == "saved":
            return "Right-click to delete this saved search"
        if role == Qt.ItemDataRole.FontRole and node.kind == "group":
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index: ParentIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled
        if index.internalPointer().kind != "group":
            flags |= Qt.ItemFlag.ItemIsSelectable
        return flags
