"""A static IIIF site: a Presentation API 3 manifest per photograph, a collection per catalogue
collection (and one for the whole export), and level-0 image tiles, in one folder that any
static web server publishes and any IIIF viewer opens.

    DIR/collection.json                     the export: top collections and unarranged photos
    DIR/collections/collection-3.json       a catalogue collection: its sub-collections, photos
    DIR/manifests/PH-000001.json            a photograph: label, metadata, rights, canvas
    DIR/images/PH-000001/info.json          its Image API 3 level-0 service, with the tiles

Every id is absolute under `base_url`, the address the folder will be served from, as the
specification requires. The people's rectangles are W3C Web Annotations on the canvas (a
`TextualBody` naming the person, purpose `identifying`, and their role), each target a
`#xywh=` fragment inside the canvas. The folder is built beside DIR and renamed into place, so
a failed export leaves nothing half-written.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from archive_app.catalog.errors import CatalogError
from archive_app.catalog.exchange.arrangement import Arrangement
from archive_app.catalog.exchange.iiif_images import write_level0
from archive_app.catalog.importing.placement import resolve
from archive_app.catalog.models import (
    Collection,
    PhotoEvent,
    Photograph,
    PhotoPerson,
    PhotoTag,
    Tag,
)
from archive_app.catalog.sources.selection import Selection

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
_RIGHTS = re.compile(
    r"https?://(creativecommons\.org/(?:licenses|publicdomain)/\S+|rightsstatements\.org/vocab/\S+)"
)


class IiifError(CatalogError):
    """The IIIF export cannot be made; nothing was written."""


@dataclass
class IiifReport:
    folder: str
    base_url: str
    manifests: int = 0
    collections: int = 0
    annotations: int = 0
    image_files: int = 0
    missing_files: list[str] = field(default_factory=list)
    unreadable: list[dict[str, str]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def check_base_url(base_url: str) -> str:
    url = base_url.strip().rstrip("/")
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", url):
        raise IiifError(f"--base-url {base_url!r} must be an http:// or https:// address")
    return url


def check_folder(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise IiifError(f"{folder} already exists and is not an empty folder")
    if not folder.absolute().parent.is_dir():
        raise IiifError(f"folder {folder.absolute().parent} does not exist")


def _lang(*values: str | None) -> dict[str, list[str]]:
    return {"none": [v for v in values if v]}


def _en(text: str) -> dict[str, list[str]]:
    return {"en": [text]}


def _entry(label: str, *values: str | None) -> dict[str, Any] | None:
    kept = [v for v in values if v]
    return {"label": _en(label), "value": _lang(*kept)} if kept else None


def slug(accession_number: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", accession_number).strip("._") or "photo"


def rights_uri(rights: str | None) -> str | None:
    """A Creative Commons or RightsStatements.org URI in the rights text, as IIIF takes it."""
    found = _RIGHTS.search(rights or "")
    return f"http://{found.group(1).rstrip('.,;)')}" if found else None


class _Site:
    def __init__(self, selection: Selection, base_url: str, archive_name: str, root: Path):
        self.base = base_url
        self.archive_name = archive_name
        self.root = root
        self.arrangement = Arrangement(selection)
        self.slugs: dict[int, str] = {}
        for photo in self.arrangement.photos:
            name = slug(photo.accession_number)
            self.slugs[photo.id] = f"{name}-{photo.id}" if name in self.slugs.values() else name
        self.report = IiifReport(str(root), base_url)

    # --- manifests -----------------------------------------------------------------------

    def manifest_id(self, photo: Photograph) -> str:
        return f"{self.base}/manifests/{self.slugs[photo.id]}.json"

    def manifest(self, photo: Photograph) -> dict[str, Any] | None:
        path = resolve(photo.file_path) if photo.file_path else None
        if path is None or not path.is_file():
            self.report.missing_files.append(photo.accession_number)
            return None
        image_id = f"{self.base}/images/{self.slugs[photo.id]}"
        try:
            tiled = write_level0(path, self.root / "images" / self.slugs[photo.id], image_id)
        except (OSError, ValueError, Image.DecompressionBombError) as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            self.report.unreadable.append(
                {"accession_number": photo.accession_number, "reason": reason}
            )
            shutil.rmtree(self.root / "images" / self.slugs[photo.id], ignore_errors=True)
            return None
        self.report.image_files += tiled.files
        manifest_id = self.manifest_id(photo)
        canvas_id = f"{manifest_id.removesuffix('.json')}/canvas/1"
        painting = {
            "id": f"{canvas_id}/annotation/image",
            "type": "Annotation",
            "motivation": "painting",
            "target": canvas_id,
            "body": {
                "id": f"{image_id}/full/max/0/default.jpg",
                "type": "Image",
                "format": "image/jpeg",
                "width": tiled.width,
                "height": tiled.height,
                "service": [{"id": image_id, "type": "ImageService3", "profile": "level0"}],
            },
        }
        canvas: dict[str, Any] = {
            "id": canvas_id,
            "type": "Canvas",
            "label": _lang(photo.title or photo.accession_number),
            "width": tiled.width,
            "height": tiled.height,
            "items": [{"id": f"{canvas_id}/page/1", "type": "AnnotationPage", "items": [painting]}],
        }
        regions = self.people_annotations(photo, canvas_id, tiled.width, tiled.height)
        if regions:
            canvas["annotations"] = [
                {
                    "id": f"{canvas_id}/annotations/people",
                    "type": "AnnotationPage",
                    "items": regions,
                }  # fmt: skip
            ]
        manifest: dict[str, Any] = {
            "@context": CONTEXT,
            "id": manifest_id,
            "type": "Manifest",
            "label": _lang(photo.title or photo.caption or photo.accession_number),
            "metadata": self.metadata(photo),
            "thumbnail": [
                {
                    "id": f"{image_id}/full/{self.thumbnail_size(tiled)}/0/default.jpg",
                    "type": "Image",
                    "format": "image/jpeg",
                }
            ],
            "items": [canvas],
        }
        if photo.caption or photo.description:
            manifest["summary"] = _lang(photo.caption or photo.description)
        rights = rights_uri(photo.rights)
        if rights:
            manifest["rights"] = rights
        attribution = [p for p in (photo.credit_line, self.archive_name) if p]
        if attribution:
            manifest["requiredStatement"] = {
                "label": _en("Attribution"),
                "value": _lang("; ".join(attribution)),
            }
        if photo.collection_id in self.arrangement.collections:
            manifest["partOf"] = [
                {"id": self.collection_id(photo.collection_id), "type": "Collection"}
            ]
        self.report.manifests += 1
        self.report.annotations += len(regions)
        return manifest

    @staticmethod
    def thumbnail_size(tiled: Any) -> str:
        from archive_app.catalog.exchange.iiif_images import sizes

        w, h = next((s for s in reversed(sizes(tiled.width, tiled.height)) if max(s) <= 400),
                    sizes(tiled.width, tiled.height)[0])  # fmt: skip
        return f"{w},{h}"

    def metadata(self, photo: Photograph) -> list[dict[str, Any]]:
        people = PhotoPerson.select().where(PhotoPerson.photo == photo.id).order_by(PhotoPerson.id)
        events = PhotoEvent.select().where(PhotoEvent.photo == photo.id).order_by(PhotoEvent.id)
        tags = Tag.select().join(PhotoTag).where(PhotoTag.photo == photo.id).order_by(Tag.name)
        entries = [
            _entry("Accession number", photo.accession_number),
            _entry("Date", photo.date),
            _entry("Date note", photo.date_note),
            _entry("Caption", photo.caption),
            _entry("Description", photo.description),
            _entry("Creator", photo.creator),
            _entry("Place", photo.place.name if photo.place_id else None),
            _entry("People", *(_with_role(link.person.name, link.role) for link in people)),
            _entry("Events", *(link.event.title for link in events)),
            _entry("Tags", *(tag.name for tag in tags)),
            _entry("Collection", photo.collection.name if photo.collection_id else None),
            _entry("Rights", photo.rights),
            _entry("Credit", photo.credit_line),
        ]
        return [e for e in entries if e is not None]

    def people_annotations(
        self, photo: Photograph, canvas_id: str, width: int, height: int
    ) -> list[dict[str, Any]]:
        result = []
        links = PhotoPerson.select().where(PhotoPerson.photo == photo.id).order_by(PhotoPerson.id)
        for link in links:
            if link.region_x is None:
                continue
            x = min(int(link.region_x * width), width - 1)
            y = min(int(link.region_y * height), height - 1)
            w = max(1, min(round(link.region_w * width), width - x))
            h = max(1, min(round(link.region_h * height), height - y))
            body = [
                {
                    "type": "TextualBody",
                    "value": link.person.name,
                    "format": "text/plain",
                    "purpose": "identifying",
                },  # fmt: skip
            ]
            if link.role:
                body.append({"type": "TextualBody", "value": link.role, "format": "text/plain",
                             "purpose": "describing"})  # fmt: skip
            result.append(
                {
                    "id": f"{canvas_id}/annotation/person-{link.person_id}-{link.id}",
                    "type": "Annotation",
                    "motivation": "tagging",
                    "body": body,
                    "target": f"{canvas_id}#xywh={x},{y},{w},{h}",
                }
            )
        return result

    # --- collections ---------------------------------------------------------------------

    def collection_id(self, collection_id: int) -> str:
        return f"{self.base}/collections/collection-{collection_id}.json"

    def references(self, parent: int | None, made: dict[int, str]) -> list[dict[str, Any]]:
        refs: list[dict[str, Any]] = []
        for child in self.arrangement.children[parent]:
            refs.append({"id": self.collection_id(child.id), "type": "Collection",
                         "label": _lang(child.name)})  # fmt: skip
        for photo in self.arrangement.items[parent]:
            if photo.id in made:
                refs.append({"id": made[photo.id], "type": "Manifest",
                             "label": _lang(photo.title or photo.accession_number)})  # fmt: skip
        return refs

    def collection(self, collection: Collection, made: dict[int, str]) -> dict[str, Any]:
        document: dict[str, Any] = {
            "@context": CONTEXT,
            "id": self.collection_id(collection.id),
            "type": "Collection",
            "label": _lang(collection.name),
            "metadata": [
                e
                for e in (
                    _entry("Level", collection.level),
                    _entry("Reference code", collection.identifier),
                )
                if e
            ],
            "items": self.references(collection.id, made),
        }
        if collection.description:
            document["summary"] = _lang(collection.description)
        if collection.parent_id in self.arrangement.collections:
            document["partOf"] = [
                {"id": self.collection_id(collection.parent_id), "type": "Collection"}
            ]
        return document

    def build(self) -> IiifReport:
        made: dict[int, str] = {}
        for photo in self.arrangement.photos:
            manifest = self.manifest(photo)
            if manifest is not None:
                _write(self.root / "manifests" / f"{self.slugs[photo.id]}.json", manifest)
                made[photo.id] = manifest["id"]
        for collection in self.arrangement.collections.values():
            _write(
                self.root / "collections" / f"collection-{collection.id}.json",
                self.collection(collection, made),
            )
            self.report.collections += 1
        top = {
            "@context": CONTEXT,
            "id": f"{self.base}/collection.json",
            "type": "Collection",
            "label": _lang(self.archive_name or "Photographs"),
            "items": self.references(None, made),
        }
        _write(self.root / "collection.json", top)
        self.report.collections += 1
        return self.report


def _with_role(name: str, role: str | None) -> str:
    return f"{name} ({role})" if role else name


def _write(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", "utf-8")


def export_iiif(
    selection: Selection, folder: Path, base_url: str, archive_name: str = ""
) -> IiifReport:
    """Write the IIIF site of a selection into `folder` (new or empty)."""
    base = check_base_url(base_url)
    folder = folder.expanduser()
    check_folder(folder)
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.absolute().parent))
    try:
        report = _Site(selection, base, archive_name, work).build()
        if folder.exists():
            folder.rmdir()
        work.rename(folder)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    report.folder = str(folder)
    return report
