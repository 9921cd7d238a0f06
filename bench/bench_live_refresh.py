"""From Save to the row repainted, with the photograph list open on 100,000 photographs.

The desktop program's window is open (offscreen) on the photographs, scrolled to the middle. An
edit of one photograph's title is saved as the editor saves it (one change through the journal);
the window hears the change set and repaints the one row. The time runs from the save until the
list's viewport has painted. The baseline, in the same run: the same save, then what the window
did before change sets, a full re-read of the list's ids in order and a repaint of every row.
Also timed: the same edit made by another process (the command line's write, read from the
journal by the window's poll), from the poll until the row is painted.

    python bench/bench_live_refresh.py [--photos 100000] [--repeats 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from archive_app.catalog import records  # noqa: E402
from archive_app.catalog.database import open_catalog  # noqa: E402
from archive_app.catalog.models import Photograph, catalog_db  # noqa: E402
from archive_app.gui.main_window import MainWindow  # noqa: E402


def build(photos: int) -> None:
    rows = [
        {
            "accession_number": f"PH-{n:07d}",
            "title": f"Print {n}",
            "date": f"{1900 + n % 60}",
            "date_earliest": f"{1900 + n % 60}-01-01",
            "date_latest": f"{1900 + n % 60}-12-31",
            "creator": f"Photographer {n % 500}",
            "created": "2026-01-01T00:00:00+00:00",
            "modified": "2026-01-01T00:00:00+00:00",
        }
        for n in range(photos)
    ]
    with catalog_db.atomic():
        for start in range(0, len(rows), 5000):
            Photograph.insert_many(rows[start : start + 5000]).execute()


class PaintWatch(QObject):
    """Counts the paint events of a widget (the list's viewport)."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return super().eventFilter(watched, event)


def until_painted(app: QApplication, watch: PaintWatch) -> None:
    """Let Qt deliver the pending repaint (one pass of the event loop paints what dataChanged
    asked for); refuse a figure without a paint."""
    seen = watch.paints
    for _ in range(50):
        app.processEvents()
        if watch.paints != seen:
            return
    raise RuntimeError("the list did not repaint")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--photos", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=15)
    options = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        catalog = open_catalog(path)
        started = time.perf_counter()
        build(options.photos)
        print(f"built {options.photos:,} photographs in {time.perf_counter() - started:.1f} s")

        window = MainWindow(catalog)
        window.resize(1300, 850)
        window.show()
        window.set_grid(False, remember=False)  # the list as a table, as in the screenshots
        app.processEvents()
        model = window.model_for("photo")
        middle = model.rowCount() // 2
        photo_id = model.record_id(middle)
        window.current_view().scrollTo(model.index(middle, 1))
        watch = PaintWatch()
        window.current_view().viewport().installEventFilter(watch)
        for _ in range(3):
            app.processEvents()
        view = window.current_view()
        if not view.visualRect(model.index(middle, 1)).intersects(view.viewport().rect()):
            raise RuntimeError("the edited row is not on screen")

        def save(n: int) -> None:
            version = Photograph.get_by_id(photo_id).version
            window.undo.perform(
                "Edit photo (Title)",
                lambda: records.update("photo", photo_id, version, title=f"Edited {n}"),
                expect={("photo", photo_id): version},
            )

        live, baseline, saves, external = [], [], [], []
        for n in range(options.repeats):
            began = time.perf_counter()
            save(n)  # the window hears the change set at once and repaints the row
            until_painted(app, watch)
            live.append(time.perf_counter() - began)
            assert model.data(model.index(middle, 1)) == f"Edited {n}"

        window.feed.arrived.disconnect(window._change_arrived)
        for n in range(options.repeats):
            began = time.perf_counter()
            save(1000 + n)
            saved = time.perf_counter()
            model.refresh()  # the old way: every id again, every row repainted
            until_painted(app, watch)
            baseline.append(time.perf_counter() - began)
            saves.append(saved - began)
            assert model.data(model.index(middle, 1)) == f"Edited {1000 + n}"
        window.feed.arrived.connect(window._change_arrived)

        import subprocess
        import sys

        for n in range(min(options.repeats, 5)):
            subprocess.run(
                [sys.executable, "-m", "archive_app", "--catalog", str(path), "edit", "photo"]
                + [str(photo_id), f"title=From the terminal {n}"],
                check=True,
                capture_output=True,
            )
            began = time.perf_counter()
            window.feed.poll()
            until_painted(app, watch)
            external.append(time.perf_counter() - began)
            assert model.data(model.index(middle, 1)) == f"From the terminal {n}"
        window.close()
        catalog.close()

    def ms(samples: list[float]) -> str:
        return f"{statistics.median(samples) * 1000:8.1f} ms"

    print(f"list open on {options.photos:,} photographs, row {middle:,} on screen")
    print(f"  save alone (one change, journalled)           {ms(saves)}")
    print(f"  save -> row repainted (change set, id map)    {ms(live)}")
    print(f"  save -> re-read all ids + repaint (baseline)  {ms(baseline)}")
    print(f"  another process's edit: poll -> repainted     {ms(external)}")
    refresh_live = statistics.median(live) - statistics.median(saves)
    refresh_base = statistics.median(baseline) - statistics.median(saves)
    print(f"  refresh part: {refresh_live * 1000:.1f} ms vs {refresh_base * 1000:.1f} ms")
    print(f"  ratio baseline / change set, save to paint: "
          f"{statistics.median(baseline) / statistics.median(live):.1f}x")  # fmt: skip


if __name__ == "__main__":
    main()
