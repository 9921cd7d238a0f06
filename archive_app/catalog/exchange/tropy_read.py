"""Reading a Tropy project: the `.tpy` SQLite file, the `.tropy` folder that holds one (with its
`assets` store), or Tropy's JSON-LD export, into plain values the import writes.

The project file is opened read-only (SQLite `mode=ro`): the import never changes it, even when
Tropy has it open. The tables are those of Tropy's published schema (`db/schema/project.sql`):
subjects, items, photos, images, selections, metadata and metadata_values, notes, lists and
list_items, tags and taggings, transcriptions and trash. Items in the trash are left out. Paths
are read as Tropy resolves them: relative to the project's folder when its base is `project`, to
the home folder for `home`, absolute otherwise.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive_app.catalog.errors import CatalogError

DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
TROPY = "https://tropy.org/v1/tropy#"
MAX_JSON_BYTES = 512 * 1024**2


class TropyError(CatalogError):
    """The project cannot be read; nothing was imported."""


@dataclass
class Selection:
    x: float
    y: float
    width: float
    height: float
    metadata: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class Photo:
    path: str
    checksum: str | None
    filename: str | None
    mimetype: str | None
    width: int
    height: int
    orientation: int = 1
    metadata: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    transcriptions: list[str] = field(default_factory=list)
    selections: list[Selection] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class Item:
    template: str | None
    metadata: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    lists: list[tuple[str, ...]] = field(default_factory=list)  # each a path from the top list
    photos: list[Photo] = field(default_factory=list)


@dataclass
class TropyProject:
    name: str
    source: Path
    base: Path | None  # what relative photo paths start from
    store: Path | None  # a managed project's asset folder
    items: list[Item] = field(default_factory=list)
    lists: list[tuple[str, ...]] = field(default_factory=list)  # every list, parents first
    trashed: int = 0
    kind: str = "tpy"


# --- the SQLite project --------------------------------------------------------------------------


def _connect(path: Path) -> sqlite3.Connection:
    try:
        connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except sqlite3.DatabaseError as exc:
        raise TropyError(f"{path.name}: not a Tropy project ({exc})") from None
    connection.row_factory = sqlite3.Row
    return connection


def _metadata(db: sqlite3.Connection) -> dict[int, dict[str, str]]:
    result: dict[int, dict[str, str]] = {}
    query = (
        "SELECT m.id, m.property, v.text FROM metadata m "
        "JOIN metadata_values v USING (value_id) ORDER BY m.id, m.created, m.property"
    )
    for row in db.execute(query):
        result.setdefault(row["id"], {})[row["property"]] = str(row["text"])
    return result


def _notes(db: sqlite3.Connection) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    query = "SELECT id, text FROM notes WHERE deleted IS NULL ORDER BY id, created, note_id"
    for row in db.execute(query):
        text = str(row["text"]).strip()
        if text:
            result.setdefault(row["id"], []).append(text)
    return result


def _list_paths(db: sqlite3.Connection) -> dict[int, tuple[str, ...]]:
    rows = {
        r["list_id"]: (r["name"], r["parent_list_id"])
        for r in db.execute("SELECT list_id, name, parent_list_id FROM lists WHERE list_id != 0")
    }
    paths: dict[int, tuple[str, ...]] = {}
    for list_id in rows:
        chain, walk, seen = [], list_id, set()
        while walk in rows and walk not in seen:
            seen.add(walk)
            name, parent = rows[walk]
            chain.append(str(name))
            walk = parent
        paths[list_id] = tuple(reversed(chain))
    return paths


def _base(db: sqlite3.Connection, path: Path) -> tuple[str, Path | None, Path | None]:
    columns = {r["name"] for r in db.execute("PRAGMA table_info(project)")}
    row = db.execute("SELECT * FROM project LIMIT 1").fetchone()
    if row is None:
        raise TropyError(f"{path.name}: the project table is empty")
    base_word = row["base"] if "base" in columns else None
    store_word = row["store"] if "store" in columns else None
    folder = path.absolute().parent
    if base_word == "project":
        base: Path | None = folder
    elif base_word == "home":
        base = Path.home()
    else:
        base = Path(base_word) if base_word else None
    store = folder / store_word if store_word else None
    return str(row["name"]), base, store


def read_tpy(path: Path) -> TropyProject:
    db = _connect(path)
    try:
        try:
            name, base, store = _base(db, path)
            return _read_tables(db, path, name, base, store)
        except sqlite3.DatabaseError as exc:
            raise TropyError(f"{path.name}: not a Tropy project ({exc})") from None
    finally:
        db.close()


def _read_tables(
    db: sqlite3.Connection, path: Path, name: str, base: Path | None, store: Path | None
) -> TropyProject:
    project = TropyProject(name, path, base, store)
    metadata = _metadata(db)
    notes = _notes(db)
    lists = _list_paths(db)
    project.lists = sorted(set(lists.values()), key=lambda p: (len(p), p))
    trash = {r["id"] for r in db.execute("SELECT id FROM trash")}
    tags: dict[int, list[str]] = {}
    for row in db.execute(
        "SELECT t.id, g.name FROM taggings t JOIN tags g USING (tag_id) ORDER BY g.name"
    ):
        tags.setdefault(row["id"], []).append(str(row["name"]))
    memberships: dict[int, list[tuple[str, ...]]] = {}
    for row in db.execute(
        "SELECT list_id, id FROM list_items WHERE deleted IS NULL ORDER BY list_id, position"
    ):
        if row["list_id"] in lists:
            memberships.setdefault(row["id"], []).append(lists[row["list_id"]])
    transcriptions: dict[int, list[str]] = {}
    has_transcriptions = db.execute(
        "SELECT 1 FROM sqlite_schema WHERE name = 'transcriptions'"
    ).fetchone()
    if has_transcriptions:
        for row in db.execute(
            "SELECT id, text FROM transcriptions WHERE deleted IS NULL AND text IS NOT NULL "
            "ORDER BY id, transcription_id"
        ):
            transcriptions.setdefault(row["id"], []).append(str(row["text"]))
    selections: dict[int, list[Selection]] = {}
    for row in db.execute(
        "SELECT s.id, s.photo_id, s.x, s.y, i.width, i.height FROM selections s "
        "JOIN images i USING (id) ORDER BY s.photo_id, s.position, s.id"
    ):
        if row["id"] in trash:
            continue
        selections.setdefault(row["photo_id"], []).append(
            Selection(
                float(row["x"]),
                float(row["y"]),
                float(row["width"]),
                float(row["height"]),
                metadata.get(row["id"], {}),
                notes.get(row["id"], []),
            )  # fmt: skip
        )
    photos: dict[int, list[Photo]] = {}
    for row in db.execute(
        "SELECT p.*, i.width, i.height FROM photos p JOIN images i USING (id) "
        "ORDER BY p.item_id, p.position, p.id"
    ):
        if row["id"] in trash:
            continue
        keys = row.keys()
        photos.setdefault(row["item_id"], []).append(
            Photo(
                path=str(row["path"]),
                checksum=row["checksum"],
                filename=row["filename"] if "filename" in keys else None,
                mimetype=row["mimetype"],
                width=int(row["width"] or 0),
                height=int(row["height"] or 0),
                orientation=int(row["orientation"] or 1),
                metadata=metadata.get(row["id"], {}),
                notes=notes.get(row["id"], []),
                transcriptions=transcriptions.get(row["id"], []),
                selections=selections.get(row["id"], []),
                tags=tags.get(row["id"], []),
            )
        )
    for row in db.execute(
        "SELECT s.id, s.template FROM items JOIN subjects s USING (id) ORDER BY s.id"
    ):
        if row["id"] in trash:
            project.trashed += 1
            continue
        project.items.append(
            Item(
                row["template"],
                metadata.get(row["id"], {}),
                tags.get(row["id"], []),
                memberships.get(row["id"], []),
                photos.get(row["id"], []),
            )  # fmt: skip
        )
    return project


# --- the JSON-LD export ------------------------------------------------------------------------


class _Terms:
    """Expands the keys of a compacted Tropy JSON-LD document with its @context."""

    def __init__(self, context: Any) -> None:
        self.context = context if isinstance(context, dict) else {}
        self.vocab = str(self.context.get("@vocab") or TROPY)

    def expand(self, key: str) -> str:
        defined = self.context.get(key)
        if isinstance(defined, dict) and isinstance(defined.get("@id"), str):
            return defined["@id"]
        if isinstance(defined, str):
            return defined
        if ":" in key:
            prefix, rest = key.split(":", 1)
            if rest.startswith("//"):
                return key
            target = self.context.get(prefix)
            if isinstance(target, str):
                return target + rest
        return self.vocab + key


RESERVED = {"@type", "@id", "template", "photo", "note", "selection", "list", "tag",
            "transcription", "checksum", "color", "density", "filename", "mimetype",
            "orientation", "page", "path", "protocol", "size", "angle", "brightness", "contrast",
            "height", "hue", "mirror", "negative", "saturation", "sharpen", "width", "x",
            "y"}  # fmt: skip


def _value(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("@value")
    if isinstance(value, list):
        return "; ".join(v for v in (_value(x) for x in value) if v) or None
    if value is None:
        return None
    return str(value)


def _ld_metadata(node: dict[str, Any], terms: _Terms) -> dict[str, str]:
    result = {}
    for key, value in node.items():
        if key in RESERVED:
            continue
        text = _value(value)
        if text:
            result[terms.expand(key)] = text
    return result


def _ld_notes(node: dict[str, Any]) -> list[str]:
    notes = node.get("note") or []
    if isinstance(notes, dict):
        notes = notes.get("@list", [notes])
    texts = []
    for note in notes if isinstance(notes, list) else []:
        if isinstance(note, dict):
            text = note.get("text") or note.get("html")
            if isinstance(text, dict):
                text = text.get("@value")
            if isinstance(text, str) and text.strip():
                texts.append(text.strip())
    return texts


def _ld_list(node: dict[str, Any], key: str) -> list[Any]:
    value = node.get(key) or []
    if isinstance(value, dict):
        value = value.get("@list", [value])
    return value if isinstance(value, list) else [value]


def _number(value: Any, default: float = 0) -> float:
    try:
        return float(_value(value) or default)
    except ValueError:
        return default


def read_jsonld(path: Path) -> TropyProject:
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise TropyError(f"{path.name}: too large")
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise TropyError(f"{path.name}: not a Tropy JSON-LD export ({exc})") from None
    if isinstance(document, list):
        document = document[0] if document and isinstance(document[0], dict) else {}
    graph = document.get("@graph") if isinstance(document, dict) else None
    if not isinstance(graph, list):
        raise TropyError(f"{path.name}: not a Tropy JSON-LD export (no @graph of items)")
    terms = _Terms(document.get("@context"))
    project = TropyProject(path.stem, path, path.absolute().parent, None, kind="json-ld")
    all_lists: set[tuple[str, ...]] = set()
    for node in graph:
        if not isinstance(node, dict) or node.get("@type") not in ("Item", None):
            continue
        item = Item(
            _value(node.get("template")),
            _ld_metadata(node, terms),
            [str(t) for t in _ld_list(node, "tag") if _value(t)],
            [_list_path(p) for p in _ld_list(node, "list") if _list_path(p)],
        )
        all_lists.update(item.lists)
        for photo_node in _ld_list(node, "photo"):
            if isinstance(photo_node, dict):
                item.photos.append(_ld_photo(photo_node, terms))
        project.items.append(item)
    expanded = {p[: n + 1] for p in all_lists for n in range(len(p))}
    project.lists = sorted(expanded, key=lambda p: (len(p), p))
    return project


def _list_path(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value if _value(v))
    text = _value(value)
    return (text,) if text else ()


def _ld_photo(node: dict[str, Any], terms: _Terms) -> Photo:
    photo = Photo(
        path=_value(node.get("path")) or "",
        checksum=_value(node.get("checksum")),
        filename=_value(node.get("filename")),
        mimetype=_value(node.get("mimetype")),
        width=int(_number(node.get("width"))),
        height=int(_number(node.get("height"))),
        orientation=int(_number(node.get("orientation"), 1)),
        metadata=_ld_metadata(node, terms),
        notes=_ld_notes(node),
    )
    for selection in _ld_list(node, "selection"):
        if isinstance(selection, dict):
            photo.selections.append(
                Selection(
                    _number(selection.get("x")),
                    _number(selection.get("y")),
                    _number(selection.get("width")),
                    _number(selection.get("height")),
                    _ld_metadata(selection, terms),
                    _ld_notes(selection),
                )  # fmt: skip
            )
    for transcription in _ld_list(node, "transcription"):
        text = _value(transcription.get("text")) if isinstance(transcription, dict) else None
        if text:
            photo.transcriptions.append(text)
    return photo


# --- which kind -----------------------------------------------------------------------------


def read_project(path: Path) -> TropyProject:
    """A `.tpy` file, a `.tropy` folder, or a JSON-LD export (`.json`, `.jsonld`)."""
    if path.is_dir():
        database = path / "project.tpy"
        if not database.is_file():
            raise TropyError(f"{path.name}: a .tropy folder must hold project.tpy")
        project = read_tpy(database)
        project.kind = "tropy"
        return project
    if not path.is_file():
        raise TropyError(f"{path}: no such file or folder")
    with open(path, "rb") as handle:
        head = handle.read(16)
    if head.startswith(b"SQLite format 3"):
        return read_tpy(path)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        return read_jsonld(path)
    raise TropyError(f"{path.name}: not a Tropy project (.tpy, .tropy) or JSON-LD export")
