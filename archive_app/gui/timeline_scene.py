"""Drawing a person's life (catalog.timeline) as a graphics scene: a time axis in years, the
life as a band from birth to death, events above the axis as bars from the first to the last day
their date can mean (a point for an exact day), photographs below it as thumbnails over the
range of their dates. What a finding of the checks is about is drawn red with a warning sign.
Each item carries its record in `data(0)` and its citations in its tooltip."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsScene,
)

from archive_app.catalog.timeline import Timeline, TimelineItem
from archive_app.gui.citation_html import citation_html

AXIS_WIDTH = 1100.0  # a life of any length fits this width, 8 to 40 pixels a year
MARGIN = 40.0
LANE = 22.0
THUMB = 64.0
RED, INK, EVENT = QColor("#c62828"), QColor("#222222"), QColor("#3f6fb5")
LIFE, PHOTO = QColor("#e6f0e0"), QColor("#7a6a3a")

#: a pixmap for a photograph item, or None when its image cannot be read
Thumbnails = Callable[[TimelineItem], QPixmap | None]


def tooltip(item: TimelineItem) -> str:
    parts = [f"<b>{html.escape(item.label)}</b><br>{html.escape(item.date)}"]
    if item.uncertain:
        parts.append(f" ({item.start.isoformat()} to {item.end.isoformat()})")
    for c in item.citations:
        parts.append(f"<br>• {citation_html(c)}")
    if not item.citations:
        parts.append("<br>(no citation)")
    for message in item.findings:
        parts.append(f"<br><span style='color:#c62828'>⚠ {html.escape(message)}</span>")
    return "".join(parts)


class _Axis:
    """Days to x positions, from the first of January of the first year."""

    def __init__(self, timeline: Timeline) -> None:
        self.first = dt.date(timeline.start.year, 1, 1)
        self.years = timeline.end.year - timeline.start.year + 1
        self.per_year = max(8.0, min(40.0, AXIS_WIDTH / self.years))

    def x(self, day: dt.date) -> float:
        return MARGIN + (day - self.first).days / 365.25 * self.per_year

    def label_left(self, day: dt.date) -> bool:
        """Labels of the later part of the axis go to the left of their bars."""
        return self.x(day) > MARGIN + self.width * 0.5

    def x_end(self, day: dt.date) -> float:
        return self.x(day + dt.timedelta(days=1))

    @property
    def width(self) -> float:
        return self.years * self.per_year


class _Lanes:
    """Greedy lanes: each item goes in the first lane where it does not overlap the last one."""

    def __init__(self) -> None:
        self.ends: list[float] = []

    def place(self, left: float, right: float) -> int:
        for lane, end in enumerate(self.ends):
            if left > end + 6:
                self.ends[lane] = right
                return lane
        self.ends.append(right)
        return len(self.ends) - 1


def _mark(graphic: QGraphicsItem, item: TimelineItem) -> None:
    graphic.setData(0, (item.record_type, item.record_id))
    graphic.setToolTip(tooltip(item))
    graphic.setCursor(Qt.CursorShape.PointingHandCursor)


def _text(item: TimelineItem) -> str:
    return ("⚠ " if item.findings else "") + item.label + f"  {item.date}"


def _label(scene: QGraphicsScene, item: TimelineItem, x: float, y: float) -> QGraphicsItem:
    """The label starting at x, or ending at -x when x is negative (left of the bar)."""
    graphic = scene.addSimpleText(_text(item))
    graphic.setBrush(QBrush(RED if item.findings else INK))
    width = graphic.boundingRect().width()
    graphic.setPos(x if x >= 0 else -x - width, y)
    _mark(graphic, item)
    return graphic


def _bar(scene: QGraphicsScene, axis: _Axis, item: TimelineItem, y: float, colour: QColor):
    """Draw the item's range; return where its label starts (negative: where it ends)."""
    left, right = axis.x(item.start), axis.x_end(item.end)
    after = not axis.label_left(item.start)
    pen = QPen(RED if item.findings else colour.darker(130), 2 if item.findings else 1)
    brush = QBrush(RED if item.findings else colour)
    if right - left < 4:  # an exact day, or nearly: a diamond
        middle = (left + right) / 2
        points = [QPointF(middle, y), QPointF(middle + 6, y + 7), QPointF(middle, y + 14),
                  QPointF(middle - 6, y + 7)]  # fmt: skip
        graphic: QGraphicsItem = QGraphicsPolygonItem(QPolygonF(points))
        graphic.setPen(pen)
        graphic.setBrush(brush)
        scene.addItem(graphic)
        _mark(graphic, item)
        return middle + 8 if after else -(middle - 8)
    graphic = QGraphicsRectItem(QRectF(left, y + 2, right - left, 10))
    if item.uncertain and not item.findings:
        brush.setColor(colour.lighter(140))
    graphic.setPen(pen)
    graphic.setBrush(brush)
    scene.addItem(graphic)
    _mark(graphic, item)
    return right + 4 if after else -(left - 4)


def _axis(scene: QGraphicsScene, axis: _Axis, y: float) -> None:
    scene.addLine(MARGIN, y, MARGIN + axis.width, y, QPen(INK, 1.5))
    for n in range(axis.years + 1):
        year = axis.first.year + n
        x = MARGIN + n * axis.per_year
        long = year % 5 == 0
        scene.addLine(x, y, x, y + (8 if long else 4), QPen(INK, 1))
        if long:
            text = scene.addSimpleText(str(year))
            text.setPos(x - QFontMetricsF(text.font()).horizontalAdvance(str(year)) / 2, y + 10)


def build_scene(timeline: Timeline, thumbnails: Thumbnails) -> QGraphicsScene:
    scene = QGraphicsScene()
    axis = _Axis(timeline)
    title = scene.addSimpleText(
        f"{timeline.name}, {timeline.start.year}–{timeline.end.year}: "
        f"{len(timeline.items)} dated claims, {len(timeline.findings)} finding(s)"
    )
    title.setFont(QFont(title.font().family(), 13, QFont.Weight.Bold))
    title.setPos(MARGIN, 8)
    metrics = QFontMetricsF(scene.font())
    events = [i for i in timeline.items if i.kind != "photo"]
    photos = [i for i in timeline.items if i.kind == "photo"]
    lanes, placed = _Lanes(), []
    for item in events:
        width = metrics.horizontalAdvance(_text(item)) + 12
        left = axis.x(item.start) - 8
        right = max(axis.x_end(item.end), axis.x(item.start) + 8)
        if axis.label_left(item.start):
            left -= width
        else:
            right += width
        placed.append((item, lanes.place(left, right)))
    top = 44.0
    axis_y = top + max(len(lanes.ends), 1) * LANE + 16
    _life_band(scene, timeline, axis, top, axis_y)
    where: dict[tuple[str, int, str], QPointF] = {}
    for item, lane in placed:
        y = top + lane * LANE
        _label(scene, item, _bar(scene, axis, item, y, EVENT), y - 1)
        middle = (axis.x(item.start) + axis.x_end(item.end)) / 2
        where[(item.record_type, item.record_id, _field(item))] = QPointF(middle, y + 7)
    _axis(scene, axis, axis_y)
    _photos(scene, axis, photos, axis_y + 48, thumbnails)
    _conflicts(scene, timeline, where)
    scene.setSceneRect(scene.itemsBoundingRect().adjusted(-MARGIN / 2, -8, MARGIN, 16))
    return scene


def _field(item: TimelineItem) -> str:
    return {"birth": "birth_date", "death": "death_date"}.get(item.kind, "date")


def _conflicts(
    scene: QGraphicsScene, timeline: Timeline, where: dict[tuple[str, int, str], QPointF]
) -> None:
    """A dashed red line between the two sides of each finding, so what clashes shows."""
    pen = QPen(RED, 1.5, Qt.PenStyle.DashLine)
    for finding in timeline.findings:
        points = [
            where.get((side.record["type"], side.record["id"], side.field or ""))
            for side in finding.sides
        ]
        points = [p for p in points if p is not None]
        for a, b in zip(points, points[1:], strict=False):
            line = scene.addLine(a.x(), a.y(), b.x(), b.y(), pen)
            line.setToolTip(finding.message)
            line.setZValue(2)


def _life_band(scene: QGraphicsScene, timeline: Timeline, axis: _Axis, top: float, bottom: float):
    births = [i for i in timeline.items if i.kind == "birth"]
    deaths = [i for i in timeline.items if i.kind == "death"]
    if not births and not deaths:
        return
    left = axis.x(min(i.start for i in births)) if births else MARGIN
    right = axis.x_end(max(i.end for i in deaths)) if deaths else MARGIN + axis.width
    band = scene.addRect(
        QRectF(left, top - 6, right - left, bottom - top + 6), QPen(Qt.PenStyle.NoPen), QBrush(LIFE)
    )
    band.setZValue(-10)


def _photos(scene: QGraphicsScene, axis: _Axis, photos: list, y: float, thumbnails: Thumbnails):
    lanes = _Lanes()
    for item in photos:
        left, right = axis.x(item.start), axis.x_end(item.end)
        lane = lanes.place(left, max(right, left + THUMB))  # captions sit beside, never below
        row_y = y + lane * (THUMB + 30)
        _bar(scene, axis, item, row_y - 18, PHOTO)
        pixmap = thumbnails(item)
        if pixmap is not None and not pixmap.isNull():
            picture = QGraphicsPixmapItem(pixmap.scaled(
                int(THUMB), int(THUMB), Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))  # fmt: skip
            picture.setPos(left, row_y)
            scene.addItem(picture)
            _mark(picture, item)
            frame = scene.addRect(picture.sceneBoundingRect(), QPen(RED if item.findings else INK))
            frame.setZValue(1)
        caption = scene.addSimpleText(f"{item.label}  {item.date}")
        width = caption.boundingRect().width()
        after = not axis.label_left(item.start)
        caption.setPos(left + THUMB + 8 if after else left - 8 - width, row_y)
        caption.setBrush(QBrush(RED if item.findings else INK))
        _mark(caption, item)


__all__ = ["build_scene", "tooltip"]
