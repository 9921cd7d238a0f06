"""The finding aid as a printable PDF (A4), drawn with fpdf2.

The fonts travel with the program (DejaVu Sans, in resources/fonts, under its own licence), so
Cyrillic, Greek, Hebrew and accented names print the same on a machine with no fonts installed.
Text shaping (HarfBuzz, through uharfbuzz) lays out right-to-left scripts in reading order.
Each photograph is kept on one page with its thumbnail when it fits; a collection's heading is
never left alone at the foot of a page; the PDF's bookmarks follow the arrangement.
"""

from __future__ import annotations

import io
import unicodedata
from importlib import resources
from pathlib import Path

from fpdf import FPDF

from archive_app.catalog.exports.finding_aid_outline import FindingAid, Group, Item

FONT = "DejaVu"
THUMB_MM = 38
LABEL_MM = 21
GREY = (100, 100, 100)
BLACK = (20, 20, 20)


def needs_shaping(text: str) -> bool:
    """Whether HarfBuzz must lay the text out: right-to-left and complex scripts, combining
    marks and bidi controls. Latin, Greek and Cyrillic go without it, several times faster."""
    return any(
        0x0590 <= code <= 0x1CFF
        or 0xFB1D <= code <= 0xFEFF
        or 0x200E <= code <= 0x206F
        or unicodedata.combining(char)
        for char in text
        if (code := ord(char)) >= 0x0300
    )


def _shaped(pdf: FPDF, text: str) -> None:
    shaping = needs_shaping(text)
    if shaping != bool(pdf.text_shaping):
        pdf.set_text_shaping(shaping)


def _write(pdf: FPDF, width: float, line: float, text: str, **options: object) -> None:
    """A paragraph of catalogue text, left-aligned, the cursor then on the next line."""
    _shaped(pdf, text)
    options = {"align": "L", "new_x": "LMARGIN", "new_y": "NEXT", **options}
    pdf.multi_cell(width, line, text, **options)


def _measure(pdf: FPDF, width: float, line: float, text: str) -> float:
    """The height `_write` would take, drawing nothing."""
    _shaped(pdf, text)
    return pdf.multi_cell(width, line, text, dry_run=True, output="HEIGHT")


def font_file(name: str) -> Path:
    """A bundled font file (an installed package keeps it next to the code)."""
    return Path(str(resources.files("archive_app").joinpath(f"resources/fonts/{name}")))


class _Document(FPDF):
    """An A4 page with the archive's name and the page number at its foot."""

    #: where the page count goes: five characters long, so fpdf reserves room for five digits
    #: (with its default `{nb}` it reserves three, and a finding aid of 1,000 pages or more
    #: printed fpdf's "wider than the reserved alias width" warning on every page)
    PAGE_COUNT = "{nbp}"

    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self.footer_text = footer_text
        self.alias_nb_pages(self.PAGE_COUNT)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 7)
        self.set_text_color(*GREY)
        text = f"{self.footer_text} · page {self.page_no()} of {self.PAGE_COUNT}"
        _shaped(self, text)
        self.cell(0, 5, text, align="C")
        self.set_text_color(*BLACK)


def _new_document(archive_name: str) -> _Document:
    name = archive_name if len(archive_name) <= 80 else archive_name[:79] + "…"
    pdf = _Document(f"{name} · Finding aid" if name else "Finding aid")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_font(FONT, "", str(font_file("DejaVuSans.ttf")))
    pdf.add_font(FONT, "B", str(font_file("DejaVuSans-Bold.ttf")))
    pdf.set_title(f"Finding aid — {archive_name}" if archive_name else "Finding aid")
    if archive_name:
        pdf.set_author(archive_name)
    pdf.set_creator("archive_app")
    pdf.set_text_color(*BLACK)
    return pdf


def _room_left(pdf: FPDF) -> float:
    return pdf.page_break_trigger - pdf.get_y()


def _title_page(pdf: FPDF, aid: FindingAid) -> None:
    pdf.add_page()
    pdf.set_font(FONT, "B", 20)
    pdf.cell(0, 11, "Finding aid", new_x="LMARGIN", new_y="NEXT")
    if aid.archive_name:
        pdf.set_font(FONT, "", 14)
        _write(pdf, 0, 7, aid.archive_name)
    pdf.ln(1)
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*GREY)
    line = f"{aid.scope}. Made on {aid.made_on}; citations in {aid.style_title}."
    _write(pdf, 0, 4.5, line)
    pdf.set_text_color(*BLACK)
    if not aid.groups:
        pdf.ln(4)
        pdf.set_font(FONT, "", 10)
        pdf.cell(0, 6, "No photographs to describe.", new_x="LMARGIN", new_y="NEXT")


def _group(pdf: FPDF, group: Group) -> None:
    indent = 5 * group.depth
    heading = 30 if group.description or group.path else 20
    first = (
        _item_needed(pdf, group.items[0], indent, _room_left(pdf) - heading) if group.items else 0
    )
    if first > _usable(pdf):  # a photograph longer than a page starts at once and flows on
        first = 50
    if heading + first > _room_left(pdf):  # never a heading alone at the foot of a page
        pdf.add_page()
    pdf.ln(5)
    pdf.start_section(group.heading[:200], level=group.depth)
    if group.path:
        pdf.set_x(pdf.l_margin + indent)
        pdf.set_font(FONT, "", 8)
        pdf.set_text_color(*GREY)
        _write(pdf, 0, 4, " › ".join(group.path))
        pdf.set_text_color(*BLACK)
    pdf.set_x(pdf.l_margin + indent)
    pdf.set_font(FONT, "B", max(15 - 2 * group.depth, 11))
    _write(pdf, 0, 7, group.heading)
    pdf.set_draw_color(190, 190, 190)
    pdf.line(pdf.l_margin + indent, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(1.5)
    if group.description:
        pdf.set_x(pdf.l_margin + indent)
        pdf.set_font(FONT, "", 9)
        _write(pdf, 0, 4.5, group.description)
    for item in group.items:
        _item(pdf, item, indent)


def _lines(item: Item) -> list[tuple[str, str]]:
    """The item's text as (label, value) rows; the citations as one row each."""
    rows = list(item.fields)
    for index, note in enumerate(item.notes):
        context = f"{note.context}: " if note.context else ""
        rows.append(("Citations" if index == 0 else "", f"{note.number}. {context}{note.text}"))
    return rows


def _item_height(pdf: FPDF, item: Item, text_width: float) -> float:
    pdf.set_font(FONT, "B", 10)
    height = _measure(pdf, text_width, 5, _title(item)) + 1
    pdf.set_font(FONT, "", 8)
    for _label, value in _lines(item):
        height += _measure(pdf, text_width - LABEL_MM, 4, value)
    return height


def _title(item: Item) -> str:
    return item.accession_number + (f" — {item.title}" if item.title else "")


def _thumbnail(pdf: FPDF, item: Item, x: float, y: float) -> float:
    """Draw the thumbnail (or a "no image" box) fitted in a square; its height."""
    size = item.thumbnail_size
    if item.thumbnail is None or size is None:
        pdf.set_draw_color(170, 170, 170)
        pdf.rect(x, y, THUMB_MM, THUMB_MM * 0.75)
        pdf.set_xy(x, y + THUMB_MM * 0.375 - 2.5)
        pdf.set_font(FONT, "", 8)
        pdf.set_text_color(*GREY)
        pdf.cell(THUMB_MM, 5, "no image", align="C")
        pdf.set_text_color(*BLACK)
        return THUMB_MM * 0.75
    width, height = size
    scale = THUMB_MM / max(width, height)
    left = x + (THUMB_MM - width * scale) / 2  # a portrait print sits in the middle
    pdf.image(io.BytesIO(item.thumbnail), x=left, y=y, w=width * scale, h=height * scale)
    return height * scale


def _usable(pdf: FPDF) -> float:
    return pdf.page_break_trigger - pdf.t_margin


def _item_needed(pdf: FPDF, item: Item, indent: float, room: float | None = None) -> float:
    """The height the photograph takes on the page, thumbnail and text. With `room`, a quick
    upper bound that fits in it is answer enough: laying the text out twice (once to measure)
    would double the time of the whole PDF."""
    text_width = pdf.w - pdf.r_margin - (pdf.l_margin + indent + THUMB_MM + 5)
    if room is not None:
        bound = _upper_bound(item, text_width)
        if bound <= room:
            return bound
    return max(THUMB_MM, _item_height(pdf, item, text_width)) + 5


def _upper_bound(item: Item, text_width: float) -> float:
    """At most this high: every character as wide as DejaVu's widest common glyphs (0.7 em)."""

    def lines(text: str, width: float, points: float) -> int:
        per_line = max(1, int(width / (points * 0.7 * 25.4 / 72)))
        return sum(1 + len(part) // per_line for part in text.split("\n"))

    height = 5 * lines(_title(item), text_width, 10) + 1
    for _label, value in _lines(item):
        height += 4 * lines(value, text_width - LABEL_MM, 8)
    return max(THUMB_MM, height) + 5


def _item(pdf: FPDF, item: Item, indent: float) -> None:
    left = pdf.l_margin + indent
    text_x = left + THUMB_MM + 5
    text_width = pdf.w - pdf.r_margin - text_x
    needed = _item_needed(pdf, item, indent, _room_left(pdf))
    if needed > _room_left(pdf) and needed <= _usable(pdf):  # kept whole on the next page
        pdf.add_page()
    pdf.ln(3)
    top = pdf.get_y()
    page = pdf.page_no()
    image_height = _thumbnail(pdf, item, left, top)
    pdf.set_xy(text_x, top)
    pdf.set_font(FONT, "B", 10)
    _write(pdf, text_width, 5, _title(item), new_x="LEFT")
    pdf.ln(1)
    for label, value in _lines(item):
        pdf.set_x(text_x)
        pdf.set_font(FONT, "B", 8)
        pdf.set_text_color(*GREY)
        pdf.cell(LABEL_MM, 4, label)
        pdf.set_text_color(*BLACK)
        pdf.set_font(FONT, "", 8)
        _write(pdf, text_width - LABEL_MM, 4, value)
    if pdf.page_no() == page:
        pdf.set_y(max(pdf.get_y(), top + image_height))


def _sources(pdf: FPDF, aid: FindingAid) -> None:
    if not aid.sources:
        return
    if _room_left(pdf) < 40:
        pdf.add_page()
    pdf.ln(8)
    pdf.start_section("Sources cited", level=0)
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 8, "Sources cited", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    for text, _html in aid.sources:
        pdf.ln(1.5)
        _write(pdf, 0, 4.5, text)


def render_pdf(aid: FindingAid) -> bytes:
    """The finding aid as the bytes of a PDF file."""
    pdf = _new_document(aid.archive_name)
    _title_page(pdf, aid)
    for group in aid.groups:
        _group(pdf, group)
    _sources(pdf, aid)
    return bytes(pdf.output())
