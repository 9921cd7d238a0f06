"""Embedded EXIF, IPTC and XMP become the record's fields, tags and face regions, and the raw
values are kept as JSON."""

from __future__ import annotations

import json

import pytest
from imagefiles import (
    insert_segment,
    iptc_segment,
    mwg_region,
    only,
    regions_xml,
    run_import,
    xmp_packet,
)
from PIL import ExifTags, Image, ImageOps

from archive_app.catalog.importing.metadata import exif_date, iptc_date, xmp_date
from archive_app.catalog.links import photo_tags
from archive_app.catalog.models import Person, Photograph, PhotoPerson


def imported(report, name: str) -> Photograph:
    outcome = only(report, name)
    assert outcome.outcome == "imported", outcome.reason
    return Photograph.get_by_id(outcome.id)


def test_exif_gives_date_taken_camera_gps_and_creator(catalog, images):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Leica"
    exif[ExifTags.Base.Model] = "IIIc"
    exif[ExifTags.Base.Artist] = "Georgy Zelma"
    exif[ExifTags.Base.Copyright] = "RIA Novosti"
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "1942:06:01 10:30:00"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update({1: "N", 2: (55.0, 45.0, 36.0), 3: "E", 4: (37.0, 37.0, 0.0)})
    photo = imported(run_import(catalog, images.jpeg("exif.jpg", exif=exif)), "exif.jpg")
    assert (photo.date, photo.date_earliest) == ("1942-06-01", "1942-06-01")
    assert (photo.creator, photo.rights) == ("Georgy Zelma", "RIA Novosti")
    raw = json.loads(photo.embedded_metadata)
    assert raw["camera"] == "Leica IIIc"
    assert raw["exif"]["position"] == {"latitude": 55.76, "longitude": 37.6166667}
    assert raw["exif"]["exif"]["DateTimeOriginal"] == "1942:06:01 10:30:00"


def test_iptc_gives_caption_by_line_credit_copyright_and_keywords(catalog, images):
    segment = iptc_segment(
        {
            5: [b"Parade"],
            120: ["Парад на Красной площади".encode()],
            80: [b"Yevgeny Khaldei"],
            110: [b"TASS"],
            116: [b"(c) TASS"],
            25: [b"parade", "Москва".encode()],
            55: [b"19410700"],
        }
    )
    data = images.plain_jpeg_bytes()
    path = images.jpeg_bytes("iptc.jpg", insert_segment(data, b"\xff\xed", segment))
    photo = imported(run_import(catalog, path), "iptc.jpg")
    assert photo.title == "Parade"
    assert photo.caption == "Парад на Красной площади"
    assert (photo.creator, photo.credit_line, photo.rights) == (
        "Yevgeny Khaldei",
        "TASS",
        "(c) TASS",
    )
    assert photo.date == "1941-07"
    assert photo_tags(photo.id) == ["parade", "Москва"]


def test_xmp_gives_title_description_creator_rights_date_and_subjects(catalog, images):
    body = """
    <dc:title><rdf:Alt><rdf:li xml:lang="de">Die Parade</rdf:li>
      <rdf:li xml:lang="x-default">The parade</rdf:li></rdf:Alt></dc:title>
    <dc:description><rdf:Alt><rdf:li xml:lang="x-default">Troops pass</rdf:li></rdf:Alt>
    </dc:description>
    <dc:creator><rdf:Seq><rdf:li>Khaldei, Yevgeny</rdf:li></rdf:Seq></dc:creator>
    <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">Public domain</rdf:li></rdf:Alt></dc:rights>
    <dc:subject><rdf:Bag><rdf:li>parade</rdf:li><rdf:li>1941</rdf:li></rdf:Bag></dc:subject>"""
    packet = xmp_packet(body, 'photoshop:DateCreated="1941-11-07T10:00:00+03:00"')
    path = images.jpeg("xmp.jpg", xmp=packet)
    photo = imported(run_import(catalog, path), "xmp.jpg")
    assert (photo.title, photo.caption) == ("The parade", "Troops pass")
    assert (photo.creator, photo.rights, photo.date) == (
        "Khaldei, Yevgeny",
        "Public domain",
        "1941-11-07",
    )
    assert photo_tags(photo.id) == ["1941", "parade"]
    assert json.loads(photo.embedded_metadata)["xmp"]["dc:subject"] == ["parade", "1941"]


def test_exif_then_xmp_then_iptc_give_a_field_as_mwg_says_and_the_source_is_kept(catalog, images):
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "exif artist"
    creator = "<dc:creator><rdf:Seq><rdf:li>xmp creator</rdf:li></rdf:Seq></dc:creator>"
    rights = (
        "<dc:rights><rdf:Alt><rdf:li xml:lang='x-default'>xmp rights</rdf:li></rdf:Alt></dc:rights>"
    )
    packet = xmp_packet(creator + rights)
    jpeg = insert_segment(
        images.jpeg_bytes_with(exif=exif, xmp=packet),
        b"\xff\xed",
        iptc_segment({80: [b"iptc by-line"], 116: [b"iptc copyright"], 120: [b"iptc caption"]}),
    )
    photo = imported(run_import(catalog, images.jpeg_bytes("all.jpg", jpeg)), "all.jpg")
    assert (photo.creator, photo.rights, photo.caption) == (
        "exif artist",  # EXIF first (MWG 2.0)
        "xmp rights",  # then XMP: there is no IPTC digest saying the IPTC changed after it
        "iptc caption",  # then IPTC
    )
    assert json.loads(photo.embedded_metadata)["sources"] == {
        "creator": "EXIF:Artist",
        "rights": "XMP:dc:rights",
        "caption": "IPTC:Caption-Abstract",
    }


def test_mwg_face_regions_become_people_with_top_left_rectangles(demo_catalog, images):
    regions = regions_xml(
        mwg_region("Heinrich Himmler", 0.3, 0.4, 0.2, 0.4),  # centre 0.3, 0.4
        mwg_region("Unknown Officer", 0.8, 0.5, 0.2, 0.2),
        mwg_region("The dog", 0.5, 0.9, 0.1, 0.1, kind="Pet"),
    )
    path = images.png_with_xmp("faces.png", xmp_packet(regions))
    photo = imported(run_import(demo_catalog, path), "faces.png")
    links = {link.person.name: link for link in photo.people_links.order_by(PhotoPerson.id)}
    assert set(links) == {"Heinrich Himmler", "Unknown Officer"}
    himmler = links["Heinrich Himmler"]
    assert Person.select().where(Person.name == "Heinrich Himmler").count() == 1
    assert (himmler.region_x, himmler.region_y) == pytest.approx((0.2, 0.2))
    assert (himmler.region_w, himmler.region_h) == pytest.approx((0.2, 0.4))
    officer = links["Unknown Officer"]
    assert (officer.region_x, officer.region_y) == pytest.approx((0.7, 0.4))
    raw_regions = json.loads(photo.embedded_metadata)["xmp"]["mwg-rs:Regions"]
    assert [region["name"] for region in raw_regions] == [
        "Heinrich Himmler",
        "Unknown Officer",
        "The dog",
    ]


def test_a_region_hanging_over_the_edge_is_pulled_inside_the_image(catalog, images):
    path = images.png_with_xmp(
        "edge.png", xmp_packet(regions_xml(mwg_region("Edge Person", 0.95, 0.05, 0.2, 0.2)))
    )
    photo = imported(run_import(catalog, path), "edge.png")
    link = photo.people_links.get()
    assert link.region_x + link.region_w <= 1.0 and link.region_y == 0.0


@pytest.mark.parametrize(
    ("reader", "text", "expected"),
    [
        (exif_date, "1942:06:01 10:00:00", "1942-06-01"),
        (exif_date, "1942:06:00 00:00:00", "1942-06"),
        (exif_date, "    :  :     ", None),
        (exif_date, "1942:13:45 00:00:00", None),
        (iptc_date, "19420000", "1942"),
        (iptc_date, "1942023x", None),
        (xmp_date, "1942-02-30", None),
        (xmp_date, "1942", "1942"),
    ],
)
def test_embedded_dates_become_edtf_or_nothing(reader, text, expected):
    assert reader(text) == expected


@pytest.mark.parametrize("orientation", range(1, 9))
def test_mwg_regions_on_a_turned_photograph_land_on_the_face_as_shown(catalog, images, orientation):
    # the stored image has a red face at (0.1, 0.2) 0.25 x 0.3 of it; MWG gives regions on the
    # stored image, the catalogue on the photograph turned as its EXIF says
    stored = Image.new("RGB", (400, 300), (128, 128, 128))
    stored.paste((220, 0, 0), (40, 60, 140, 150))
    exif = Image.Exif()
    exif[0x0112] = orientation
    face = mwg_region("Red Face", 0.1 + 0.25 / 2, 0.2 + 0.3 / 2, 0.25, 0.3)
    path = images.path(f"turned-{orientation}.jpg")
    stored.save(path, "JPEG", quality=95, exif=exif, xmp=xmp_packet(regions_xml(face)))

    photo = imported(run_import(catalog, path), path.name)
    link = photo.people_links.get()
    with Image.open(path) as image:
        shown = ImageOps.exif_transpose(image)
    assert shown.size == (photo.width, photo.height)
    left, top = link.region_x * shown.width, link.region_y * shown.height
    right = (link.region_x + link.region_w) * shown.width
    bottom = (link.region_y + link.region_h) * shown.height
    for x, y in [
        ((left + right) / 2, (top + bottom) / 2),
        (left + 3, top + 3),
        (right - 4, bottom - 4),
    ]:
        red, green, _ = shown.getpixel((int(x), int(y)))
        assert red > 180 and green < 60, (orientation, x, y)
    assert (right - left) * (bottom - top) == pytest.approx(100 * 90, rel=0.01)
