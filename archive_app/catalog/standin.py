"""The demo's stand-in photograph: drawn by the program, because the original is not at hand.

It is labelled as a stand-in on its face, and shows two figures where the people stand in the
original: Himmler on the left, Vlasov on the right.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 900, 640
PAPER = (214, 200, 172)
INK = (72, 60, 46)
SHADE = (150, 132, 104)


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType support
        return ImageFont.load_default()


def _figure(draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float]) -> None:
    """A plain silhouette (head and shoulders, coat) filling a normalised box."""
    x, y, w, h = box
    left, top = x * WIDTH, y * HEIGHT
    right, bottom = (x + w) * WIDTH, (y + h) * HEIGHT
    centre = (left + right) / 2
    head = w * WIDTH * 0.22
    draw.ellipse((centre - head, top + 10, centre + head, top + 10 + head * 2.3), fill=INK)
    shoulders = top + 10 + head * 2.4
    draw.rounded_rectangle(
        (left + 8, shoulders, right - 8, bottom), radius=int(head), fill=SHADE, outline=INK, width=3
    )


def draw_standin(regions: dict[str, tuple[float, float, float, float]]) -> Image.Image:
    """The stand-in picture, with one figure per named region."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    for y in range(0, HEIGHT, 4):  # a faint texture, so it reads as a print, not a diagram
        draw.line((0, y, WIDTH, y), fill=(208, 193, 164))
    for box in regions.values():
        _figure(draw, box)
    for name, (x, _y, w, h) in regions.items():
        draw.text(
            ((x + w / 2) * WIDTH, (_y + h) * HEIGHT - 24),
            name,
            fill=PAPER,
            font=_font(22),
            anchor="mm",
        )
    banner = "STAND-IN IMAGE - not the original photograph"
    draw.rectangle((0, 0, WIDTH, 40), fill=INK)
    draw.text((WIDTH / 2, 20), banner, fill=PAPER, font=_font(24), anchor="mm")
    return image


def write_standin(path: Path, regions: dict[str, tuple[float, float, float, float]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    draw_standin(regions).save(path, format="PNG", optimize=True)
    return path
