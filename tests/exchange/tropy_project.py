"""Real Tropy projects for the tests, built by running Tropy's own published schema
(tests/exchange/tropy/project.sql) in SQLite and filling it as Tropy does: items, photos with
their images rows, selections, metadata values, notes, lists, tags, taggings, transcriptions and
the trash."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

SCHEMA = Path(__file__).parent / "tropy" / "project.sql"
DC = "http://purl.org/dc/elements/1.1/"
TROPY = "https://tropy.org/v1/tropy#"
STRING = "http://www.w3.org/2001/XMLSchema#string"
DATE = "https://tropy.org/v1/tropy#date"
GENERIC = "https://tropy.org/v1/templates/generic"


def jpeg(path: Path, size=(400, 300), color="gray", orientation: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, color)
    if orientation:
        exif = Image.Exif()
        exif[0x0112] = orientation
        image.save(path, "JPEG", exif=exif)
    else:
        image.save(path, "JPEG")
    return path


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()


@dataclass
class Built:
    path: Path  # the .tpy file (or the .tropy folder)
    images: dict[str, Path] = field(default_factory=dict)


class _Writer:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.next_id = 1

    def subject(self, template: str, type_: str | None = None) -> int:
        subject_id = self.next_id
        self.next_id += 1
        self.db.execute(
            "INSERT INTO subjects (id, template, type) VALUES (?, ?, ?)",
            (subject_id, template, type_),
        )
        return subject_id

    def value(self, subject_id: int, prop: str, text: str, datatype: str = STRING) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO metadata_values (datatype, text) VALUES (?, ?)",
            (datatype, text),
        )
        (value_id,) = self.db.execute(
            "SELECT value_id FROM metadata_values WHERE datatype = ? AND text = ?",
            (datatype, text),
        ).fetchone()
        self.db.execute(
            "INSERT INTO metadata (id, property, value_id) VALUES (?, ?, ?)",
            (subject_id, prop, value_id),
        )

    def item(self, metadata: dict[str, str]) -> int:
        item_id = self.subject(GENERIC, f"{TROPY}Item")
        self.db.execute("INSERT INTO items (id) VALUES (?)", (item_id,))
        for prop, text in metadata.items():
            self.value(item_id, prop, text, DATE if prop == f"{DC}date" else STRING)
        return item_id

    def photo(self, item_id: int, path: Path, stored: str, position: int, orientation: int = 1,
              size: tuple[int, int] | None = None) -> int:  # fmt: skip
        photo_id = self.subject("https://tropy.org/v1/templates/photo", f"{TROPY}Photo")
        if size is None:
            with Image.open(path) as image:
                size = image.size
        self.db.execute(
            "INSERT INTO images (id, width, height) VALUES (?, ?, ?)", (photo_id, *size)
        )
        self.db.execute(
            "INSERT INTO photos (id, item_id, position, path, mimetype, checksum, orientation, "
            "metadata, size, filename) VALUES (?, ?, ?, ?, 'image/jpeg', ?, ?, ?, ?, ?)",
            (photo_id, item_id, position, stored, md5(path), orientation,
             json.dumps({"exif": {}}), path.stat().st_size, path.name),
        )  # fmt: skip
        return photo_id

    def selection(self, photo_id: int, box: tuple[int, int, int, int], title: str | None) -> int:
        selection_id = self.subject("https://tropy.org/v1/templates/selection",
                                    f"{TROPY}Selection")  # fmt: skip
        x, y, w, h = box
        self.db.execute("INSERT INTO images (id, width, height) VALUES (?, ?, ?)",
                        (selection_id, w, h))  # fmt: skip
        self.db.execute("INSERT INTO selections (id, photo_id, x, y) VALUES (?, ?, ?, ?)",
                        (selection_id, photo_id, x, y))  # fmt: skip
        if title:
            self.value(selection_id, f"{DC}title", title)
        return selection_id

    def note(self, subject_id: int, text: str) -> None:
        state = json.dumps({"doc": {"type": "doc", "content": [{"type": "paragraph", "content":
                            [{"type": "text", "text": text}]}]}})  # fmt: skip
        self.db.execute("INSERT INTO notes (id, text, state) VALUES (?, ?, ?)",
                        (subject_id, text, state))  # fmt: skip

    def tag(self, subject_id: int, name: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (name,))
        (tag_id,) = self.db.execute("SELECT tag_id FROM tags WHERE name = ?", (name,)).fetchone()
        self.db.execute("INSERT INTO taggings (tag_id, id) VALUES (?, ?)", (tag_id, subject_id))

    def list_(self, name: str, parent: int = 0) -> int:
        cursor = self.db.execute(
            "INSERT INTO lists (name, parent_list_id) VALUES (?, ?)", (name, parent)
        )
        return int(cursor.lastrowid)

    def put(self, list_id: int, item_id: int) -> None:
        self.db.execute("INSERT INTO list_items (list_id, id) VALUES (?, ?)", (list_id, item_id))


def build_project(folder: Path, managed: bool = False) -> Built:
    """The Vlasov papers as a Tropy project: a .tpy with absolute paths, or (managed) a .tropy
    folder whose photos sit in its assets store with paths relative to it."""
    folder.mkdir(parents=True, exist_ok=True)
    if managed:
        root = folder / "Vlasov papers.tropy"
        (root / "assets").mkdir(parents=True)
        database = root / "project.tpy"
        images_dir = root / "assets"
    else:
        root = database = folder / "vlasov.tpy"
        images_dir = folder / "scans"
    built = Built(root)
    images = {
        "front": jpeg(images_dir / "front.jpg", (400, 300), "navy"),
        "back": jpeg(images_dir / "back.jpg", (600, 400), "olive", orientation=6),
        "moved": jpeg(folder / "elsewhere" / "renamed-scan.jpg", (300, 300), "maroon"),
        "broken": images_dir / "broken.jpg",
        "trashed": jpeg(images_dir / "trashed.jpg", (100, 100), "black"),
    }
    images["broken"].write_bytes(b"\xff\xd8\xff\xe0 not a whole jpeg")
    built.images = images
    db = sqlite3.connect(database)
    db.executescript(SCHEMA.read_text("utf-8"))
    db.execute(
        "INSERT INTO project (project_id, name, base, store) VALUES (?, ?, ?, ?)",
        ("8c1f0d4e-1111-4a2b-9c3d-5e6f7a8b9c0d", "Vlasov papers",
         "project" if managed else None, "assets" if managed else None),
    )  # fmt: skip

    def stored(path: Path) -> str:
        return path.relative_to(root).as_posix() if managed else str(path)

    w = _Writer(db)
    generals = w.list_("Generals")
    soviet = w.list_("Soviet", generals)
    to_check = w.list_("To check")
    item = w.item({
        f"{DC}title": "Vlasov and Himmler",
        f"{DC}date": "1944-09",
        f"{DC}creator": "Unknown press photographer",
        f"{DC}description": "Press print, two views.",
        f"{DC}source": "Bundesarchiv",
        f"{DC}rights": "CC BY-SA 3.0 DE https://creativecommons.org/licenses/by-sa/3.0/de/",
        f"{DC}type": "Photograph",
        f"{DC}identifier": "Bild 146-1984-101-29",
        f"{DC}coverage": "Berlin",
        f"{TROPY}box": "Box 3",
        f"{TROPY}folder": "Folder 12",
    })  # fmt: skip
    w.put(soviet, item)
    w.put(to_check, item)
    w.tag(item, "defector")
    front = w.photo(item, images["front"], stored(images["front"]), 1)
    w.note(front, "The caption on the mount is in German.")
    w.value(front, f"{DC}title", "Front of the print")
    himmler = w.selection(front, (40, 30, 100, 200), "Heinrich Himmler")
    w.note(himmler, "Himmler on the left, in uniform.")
    w.selection(front, (300, 250, 50, 40), None)  # an unnamed stamp
    back = w.photo(item, images["back"], stored(images["back"]), 2, orientation=6,
                   size=(600, 400))  # fmt: skip
    w.tag(back, "press")
    w.selection(back, (0, 0, 300, 100), "Andrey Vlasov")
    if w.db.execute("SELECT 1 FROM sqlite_schema WHERE name = 'transcriptions'").fetchone():
        w.db.execute("INSERT INTO transcriptions (id, text, status) VALUES (?, ?, 1)",
                     (back, "Stempel: Presse-Bild-Zentrale"))  # fmt: skip
    moved = w.item({f"{DC}title": "Parade", f"{DC}date": "around 1943"})
    w.put(generals, moved)
    w.photo(moved, images["moved"], str(images_dir / "parade.jpg"), 1)  # not there any more
    broken = w.item({f"{DC}title": "Damaged scan"})
    w.photo(broken, images["broken"], stored(images["broken"]), 1, size=(100, 100))
    gone = w.item({f"{DC}title": "Deleted item"})
    w.photo(gone, images["trashed"], stored(images["trashed"]), 1)
    db.execute("INSERT INTO trash (id) VALUES (?)", (gone,))
    db.commit()
    db.close()
    return built


def jsonld_export(built: Built, target: Path) -> Path:
    """The same project as Tropy's File > Export > JSON-LD writes it (src/selectors/export.js):
    a compacted document whose keys the @context expands, photos, notes and selections nested."""
    images = built.images

    def photo(path: Path, orientation: int, size, **extra) -> dict:
        return {"@type": "Photo", "checksum": md5(path), "filename": path.name,
                "mimetype": "image/jpeg", "orientation": orientation, "path": str(path),
                "width": size[0], "height": size[1], **extra}  # fmt: skip

    context = {
        "@version": 1.1, "@vocab": TROPY, "template": {"@type": "@id"},
        "photo": {"@id": f"{TROPY}photo", "@container": "@list"},
        "note": {"@id": f"{TROPY}note", "@container": "@list"},
        "selection": {"@id": f"{TROPY}selection", "@container": "@list"},
        "title": f"{DC}title", "creator": f"{DC}creator", "description": f"{DC}description",
        "source": f"{DC}source", "rights": f"{DC}rights", "type": f"{DC}type",
        "identifier": f"{DC}identifier", "coverage": f"{DC}coverage",
        "date": {"@id": f"{DC}date", "@type": DATE},
    }  # fmt: skip
    document = {
        "@context": context,
        "version": "1.17.0",
        "@graph": [
            {
                "@type": "Item", "template": GENERIC, "title": "Vlasov and Himmler",
                "date": "1944-09", "creator": "Unknown press photographer",
                "description": "Press print, two views.", "source": "Bundesarchiv",
                "rights": "CC BY-SA 3.0 DE https://creativecommons.org/licenses/by-sa/3.0/de/",
                "type": "Photograph", "identifier": "Bild 146-1984-101-29",
                "coverage": "Berlin", "box": "Box 3", "folder": "Folder 12",
                "list": [["Generals", "Soviet"], ["To check"]], "tag": ["defector"],
                "photo": [
                    photo(images["front"], 1, (400, 300), title="Front of the print",
                          note=[{"@type": "Note", "text": "The caption on the mount is in "
                                 "German.", "html": "<p>The caption on the mount is in "
                                 "German.</p>"}],
                          selection=[
                              {"@type": "Selection", "x": 40, "y": 30, "width": 100,
                               "height": 200, "title": "Heinrich Himmler",
                               "note": [{"@type": "Note",
                                         "text": "Himmler on the left, in uniform."}]},
                              {"@type": "Selection", "x": 300, "y": 250, "width": 50,
                               "height": 40},
                          ]),
                    photo(images["back"], 6, (600, 400),
                          selection=[{"@type": "Selection", "x": 0, "y": 0, "width": 300,
                                      "height": 100, "title": "Andrey Vlasov"}],
                          transcription=[{"@type": "Transcription",
                                          "text": "Stempel: Presse-Bild-Zentrale"}]),
                ],
            },
            {
                "@type": "Item", "template": GENERIC, "title": "Parade",
                "date": "around 1943", "list": [["Generals"]],
                "photo": [photo(images["moved"], 1, (300, 300))],
            },
        ],
    }  # fmt: skip
    target.write_text(json.dumps(document, ensure_ascii=False, indent=2), "utf-8")
    return target
