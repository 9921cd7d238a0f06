"""Vlasov's life on a timeline: drawn, with the clashing execution in red, citations on hover,
a click opening the record, and export as SVG and PNG."""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import QPoint, Qt

from archive_app.catalog.models import Person


def test_the_timeline_shows_the_life_and_opens_a_clicked_record(window, qtbot, tmp_path):
    window.open_record("person", Person.get(Person.name.contains("Vlasov")).id)
    timeline = window.show_timeline()
    qtbot.addWidget(timeline)
    qtbot.waitExposed(timeline)
    marked = [i for i in timeline.scene.items() if i.data(0)]
    tips = [i.toolTip() for i in marked]
    execution = next(i for i in marked if i.toolTip().startswith("<b>Executed by hanging"))
    assert "1945-08-01" in execution.toolTip() and "⚠" in execution.toolTip()
    assert "paragraph 8 (confidence 1)" in execution.toolTip()
    assert any("Andrey Vlasov with Heinrich Himmler" in tip for tip in tips)
    assert any(i.data(0)[0] == "photo" and i.type() == 7 for i in marked)  # a thumbnail

    view = timeline.view
    view.centerOn(execution)
    point = view.mapFromScene(execution.sceneBoundingRect().center())
    with qtbot.waitSignal(timeline.open_record, timeout=5000) as opened:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(point))
    assert opened.args[0] == "event"
    assert window.current_record_type() == "event"

    assert timeline.export("svg", str(tmp_path / "life.svg"))
    assert "Executed by hanging" in (tmp_path / "life.svg").read_text(encoding="utf-8")
    assert timeline.export("png", str(tmp_path / "life.png"))
    with Image.open(tmp_path / "life.png") as image:
        assert image.width > 1000 and image.height > 300
    assert not timeline.export("png", str(tmp_path / "no-such-folder" / "life.png"))


def test_the_timeline_needs_one_selected_person(window):
    window.select_section("event")
    assert window.show_timeline() is None
    assert "Select one person" in window.statusBar().currentMessage()
