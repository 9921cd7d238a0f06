"""The finding aid: HTML and PDF, grouped by collection (fonds › series › file), each photograph
with its thumbnail, accession number, title, date, people, events and citations. The HTML is
read back by a real HTML parser and the PDF by a real PDF parser (pypdf)."""

from __future__ import annotations

import base64
import io
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

import archive_app
from archive_app.catalog import records
from archive_app.catalog.database import Catalog
from archive_app.catalog.exports.finding_aid import finding_aid_html, finding_aid_pdf
from archive_app.catalog.exports.finding_aid_outline import NOT_IN_A_COLLECTION, outline, thumbnail
from archive_app.catalog.exports.finding_aid_pdf import font_file
from archive_app.catalog.importing.placement import save_archive_root
from archive_app.catalog.importing.thumbnails import write_thumbnail
from archive_app.catalog.models import Photograph
from archive_app.catalog.sources.selection import Selection, whole_catalogue
from archive_app.catalog.storage import files_dir

#: the arrangement of the arranged catalogue, outermost first, as headings print it
ARRANGEMENT = [
    "Demo: the Vlasov article (fonds)",
    "Images of the article (file)",
    'Fonds <12> & "Co" (fonds)',
    "@series (series)",
    "F12/1/3 · Dossier Żółć — Власов (file)",
    NOT_IN_A_COLLECTION,
]


class Page(HTMLParser):
    """The elements, attributes, images and text of a page, as a browser's parser sees them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all_text(self) -> str:
        return "".join(self.text)

    def sources(self) -> list[str]:
        return [attrs.get("src") or "" for tag, attrs in self.tags if tag == "img"]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_outline_follows_the_arrangement_with_loose_photographs_last(
    arranged_catalog: Catalog,
) -> None:
    aid = outline(whole_catalogue(), arranged_catalog, "Archiv")
    assert [group.heading for group in aid.groups] == ARRANGEMENT
    assert [group.depth for group in aid.groups] == [0, 1, 0, 1, 2, 0]
    dossier = aid.groups[4]
    assert dossier.path == ['Fonds <12> & "Co"', "@series"]
    assert [item.title for item in dossier.items] == ["Café à Zürich — Фотография"]
    assert aid.count == 4 and aid.archive_name == "Archiv"


def test_each_photograph_says_date_people_events_and_citations(demo_catalog: Catalog) -> None:
    aid = outline(whole_catalogue(), demo_catalog)
    (item,) = aid.groups[1].items
    fields = dict(item.fields)
    assert item.accession_number == "PH-000001"
    assert item.title == "Andrey Vlasov with Heinrich Himmler"
    assert fields["Date"].startswith("1942-07/1945-05")
    assert "Heinrich Himmler (depicted)" in fields["People"]
    assert [note.number for note in item.notes] == [1, 2, 3]
    assert item.notes[0].text.startswith("Khalid Elhassan, “12 Generals")
    assert item.notes[0].text.endswith("fig. lead image caption.")
    assert item.notes[1].context == "Heinrich Himmler (depicted)"
    assert aid.sources[0][0].startswith("Elhassan, Khalid. “12 Generals")


def test_events_are_listed_with_their_dates(demo_catalog: Catalog) -> None:
    from archive_app.catalog import links
    from archive_app.catalog.models import Event

    event = Event.get(Event.title.contains("Captured by the Germans"))
    links.show_event(Photograph.get().id, event.id)
    (item,) = outline(whole_catalogue(), demo_catalog).groups[1].items
    assert dict(item.fields)["Events"] == f"{event.date} {event.title}"


def test_html_is_self_contained_escaped_and_grouped(
    arranged_catalog: Catalog, hostile_text: str
) -> None:
    html = finding_aid_html(whole_catalogue(), arranged_catalog, 'Мемориал <Archive> & "Co"')
    page = Page(html)
    tags = [tag for tag, _attrs in page.tags]
    assert "script" not in tags and "b" not in tags and "link" not in tags
    assert not [a for _t, attrs in page.tags for a in attrs if a.startswith("on")]
    assert all(src.startswith("data:image/jpeg;base64,") for src in page.sources())
    policies = [a for t, a in page.tags if t == "meta" and a.get("http-equiv")]
    assert policies[0]["http-equiv"] == "Content-Security-Policy"
    assert "default-src 'none'" in (policies[0]["content"] or "")
    text = page.all_text()
    assert 'Finding aid — Мемориал <Archive> & "Co"' in text  # the <title>
    assert hostile_text.replace("\x07", " ") in text
    assert "\x07" not in html
    positions = [text.index(heading.split(" (")[0]) for heading in ARRANGEMENT]
    assert positions == sorted(positions)
    assert text.count("no image") == 2  # the hostile photograph has no file; one is broken


def test_html_thumbnails_are_small_jpegs(arranged_catalog: Catalog) -> None:
    page = Page(finding_aid_html(whole_catalogue(), arranged_catalog, ""))
    assert len(page.sources()) == 2  # the demo's image and the portrait scan
    for src in page.sources():
        data = base64.b64decode(src.removeprefix("data:image/jpeg;base64,"))
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "JPEG" and max(image.size) <= 240


def test_right_to_left_values_are_isolated(arranged_catalog: Catalog) -> None:
    page = Page(finding_aid_html(whole_catalogue(), arranged_catalog, ""))
    fields = [attrs for tag, attrs in page.tags if tag == "dd"]
    notes = [attrs for tag, attrs in page.tags if tag == "li" and attrs.get("style") is None]
    headings = [attrs for tag, attrs in page.tags if tag in ("h2", "h3", "h4", "h5", "h6")]
    assert len(fields) > 10 and len(notes) > 3 and len(headings) == 6 + 4 + 2
    citation_lists = 2  # the dd that holds a list of notes leaves the direction to each note
    assert sum(attrs.get("dir") != "auto" for attrs in fields) == citation_lists
    assert sum(attrs.get("dir") == "auto" for attrs in headings) == 6 + 4  # not "Arrangement"


def test_pdf_prints_cyrillic_accents_and_the_grouping(arranged_catalog: Catalog) -> None:
    data = finding_aid_pdf(whole_catalogue(), arranged_catalog, 'Мемориал <Archive> & "Co"')
    text = pdf_text(data)
    for words in ("Мемориал <Archive>", "Dossier Żółć — Власов", "Café à Zürich — Фотография"):
        assert words in text
    positions = [text.index(heading) for heading in ARRANGEMENT]
    assert positions == sorted(positions)
    assert text.index("PH-000003") > text.index("@series (series)")
    assert "no image" in text and "Sources cited" in text


def test_pdf_bookmarks_follow_the_arrangement(arranged_catalog: Catalog) -> None:
    reader = PdfReader(io.BytesIO(finding_aid_pdf(whole_catalogue(), arranged_catalog, "")))

    def titles(entries: list) -> list:
        return [titles(e) if isinstance(e, list) else e.title for e in entries]

    assert titles(reader.outline) == [
        ARRANGEMENT[0],
        [ARRANGEMENT[1]],
        ARRANGEMENT[2],
        [ARRANGEMENT[3], [ARRANGEMENT[4]]],
        NOT_IN_A_COLLECTION,
        "Sources cited",
    ]


def test_pdf_embeds_the_bundled_font(demo_catalog: Catalog) -> None:
    package = Path(archive_app.__file__).parent
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"):
        assert font_file(name).is_file() and font_file(name).is_relative_to(package)
    reader = PdfReader(io.BytesIO(finding_aid_pdf(whole_catalogue(), demo_catalog, "Archiv Ω")))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = {str(fonts[key].get_object()["/BaseFont"]) for key in fonts}
    assert any("DejaVuSans" in name for name in names)
    assert "Archiv Ω" in pdf_text(finding_aid_pdf(whole_catalogue(), demo_catalog, "Archiv Ω"))


def test_a_photograph_longer_than_a_page_flows_on(demo_catalog: Catalog) -> None:
    photo = Photograph.get()
    records.update("photo", photo.id, photo.version, description="A long description. " * 900)
    reader = PdfReader(io.BytesIO(finding_aid_pdf(whole_catalogue(), demo_catalog, "")))
    assert len(reader.pages) >= 3
    assert "page 3 of" in reader.pages[2].extract_text()


def test_a_search_selects_the_photographs(arranged_catalog: Catalog) -> None:
    only = Selection(ids={"photo": [Photograph.get(Photograph.title.contains("Café")).id]})
    aid = outline(only, arranged_catalog)
    assert [group.heading for group in aid.groups] == ARRANGEMENT[2:5]
    assert aid.groups[0].items == [] and aid.groups[1].items == []
    assert aid.scope == "1 photograph selected"
    empty = outline(Selection(ids={}), arranged_catalog)
    assert empty.groups == [] and empty.sources == []
    assert "No photographs to describe." in pdf_text(
        finding_aid_pdf(Selection(ids={}), arranged_catalog, "")
    )


def test_the_import_cache_serves_a_photograph_whose_drive_is_offline(
    demo_catalog: Catalog, tmp_path: Path
) -> None:
    photo = Photograph.get()
    records.update("photo", photo.id, photo.version, file_path=str(tmp_path / "off" / "scan.tif"))
    cache = files_dir(demo_catalog) / "thumbnails"
    write_thumbnail(Image.new("RGB", (320, 200), "red"), cache, photo.sha256)
    (item,) = outline(whole_catalogue(), demo_catalog).groups[1].items
    with Image.open(io.BytesIO(item.thumbnail or b"")) as image:
        assert image.size == (240, 150) and image.getpixel((5, 5))[0] > 200


def test_a_relative_path_is_read_from_the_archive_root(catalog: Catalog, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    (root / "box 1").mkdir(parents=True)
    Image.new("L", (64, 48), 128).save(root / "box 1" / "scan.png")
    save_archive_root(root)
    records.create("photo", title="Relative", file_path="box 1/scan.png")
    (group,) = outline(whole_catalogue(), catalog).groups
    assert group.items[0].thumbnail is not None


def test_transparent_images_print_on_white(tmp_path: Path) -> None:
    path = tmp_path / "clear.png"
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(path)
    with Image.open(io.BytesIO(thumbnail(path) or b"")) as image:
        assert image.getpixel((25, 25)) == (255, 255, 255)


@pytest.mark.parametrize(
    "content", [b"", b"not an image", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"\xff\xd8\xff\xe0"]
)
def test_unreadable_image_gives_no_thumbnail(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.png"
    path.write_bytes(content)
    assert thumbnail(path) is None
    assert thumbnail(tmp_path / "missing.png") is None
    assert thumbnail(tmp_path) is None  # a folder


def test_a_fifo_is_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    assert thumbnail(fifo) is None  # opening it would wait for a writer forever


@pytest.mark.parametrize("pixels", [1600, 4096])  # past the limit, and past twice the limit
def test_a_decompression_bomb_gives_no_thumbnail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pixels: int
) -> None:
    side = int(pixels**0.5)
    path = tmp_path / "bomb.png"
    Image.new("L", (side, side)).save(path)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    assert thumbnail(path) is None
