"""How fast the window's lists open and sort on 100,000 photographs.

Builds a synthetic catalogue, then times the id-based table model of the GUI (open a list and
paint the first screen, sort by date) against the naive approach the
architecture rules out: reading every row's cells into memory before showing anything, as a
QStandardItemModel or QTableWidget would need. Figures are ratios against that baseline,
measured in the same run. Text typed in the toolbar is the search's, timed by bench_search.py.

    python bench/bench_lists.py [--photos 100000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from archive_app.catalog.database import open_catalog  # noqa: E402
from archive_app.catalog.models import Photograph, catalog_db  # noqa: E402
from archive_app.gui.record_table_model import RecordTableModel  # noqa: E402

SCREEN_ROWS = 40
WORDS = [
    "Vlasov",
    "Himmler",
    "Berlin",
    "Moscow",
    "Volkhov",
    "Oder",
    "Prague",
    "Lubyanka",
    "leaflet",
    "army",
    "front",
]


def build(path: Path, photos: int) -> None:
    rows = []
    for n in range(photos):
        year = 1900 + n % 60
        month = 1 + n % 12
        rows.append(
            {
                "accession_number": f"PH-{n:07d}",
                "title": f"{WORDS[n % len(WORDS)]} {WORDS[(n * 7) % len(WORDS)]} print {n}",
                "date": f"{year}-{month:02d}",
                "date_earliest": f"{year}-{month:02d}-01",
                "date_latest": f"{year}-{month:02d}-28",
                "creator": f"Photographer {n % 500}",
                "created": "2026-01-01T00:00:00+00:00",
                "modified": "2026-01-01T00:00:00+00:00",
            }
        )
    with catalog_db.atomic():
        for start in range(0, len(rows), 5000):
            Photograph.insert_many(rows[start : start + 5000]).execute()


def timed(action, repeats: int = 5) -> float:  # noqa: ANN001
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def first_screen(model: RecordTableModel) -> None:
    for row in range(min(SCREEN_ROWS, model.rowCount())):
        for column in range(model.columnCount()):
            model.data(model.index(row, column))


def naive_load() -> None:
    """What a QStandardItemModel needs: every cell of every row, before the first paint."""
    cells = list(
        Photograph.select(
            Photograph.accession_number, Photograph.title, Photograph.date, Photograph.creator
        )
        .order_by(Photograph.accession_number)
        .tuples()
    )
    assert cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--photos", type=int, default=100_000)
    options = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        catalog = open_catalog(Path(folder) / "bench.db")
        started = time.perf_counter()
        build(Path(folder), options.photos)
        print(f"built {options.photos:,} photographs in {time.perf_counter() - started:.1f} s")

        baseline = timed(naive_load)

        def open_list() -> None:
            first_screen(RecordTableModel("photo"))

        model = RecordTableModel("photo")

        def sort_by_date() -> None:
            model.sort(2, Qt.SortOrder.DescendingOrder)
            first_screen(model)

        figures = {
            "open the list, paint the first screen": timed(open_list),
            "sort by date (earliest day), repaint": timed(sort_by_date),
        }
        print(f"baseline: read every row's cells first: {baseline * 1000:.0f} ms")
        for name, seconds in figures.items():
            print(f"{name}: {seconds * 1000:.0f} ms = {seconds / baseline:.2f} x baseline")
        catalog.close()
    del app


if __name__ == "__main__":
    main()
