"""A team's catalogue at scale: the same generated catalogue on SQLite and on PostgreSQL.

For each size (100,000 photographs by default; 1,000,000 with --photos 1000000, which takes long
on a small machine) and each backend, builds bench_search.py's catalogue (people, events and
citations in proportion) in one process and measures in a fresh one:
- search p50/p95 over bench_search.py's query mix (the first 200 hits and every facet),
- open to first list: opening the catalogue and reading the photograph list's first screen,
- sort by date: the list sorted by date and its first screen read again,
- check: every fixity-free check (run_checks()),
- resident memory (VmRSS) with the catalogue open, listed, sorted and searched, and the peak
  (VmHWM) once the check has run too (a full check reads every record).
Prints each figure beside SQLite's from the same run (the baseline) and, with two sizes, the
growth from the smaller to the larger.

PostgreSQL runs on a throw-away server started from the machine's binaries (tests/pg_cluster.py,
fsync off: build times are a floor; reads are what a server gives) unless --server names a
database URL of a role that may create databases.

    .venv/bin/python bench/bench_scale.py [--photos 100000 [1000000]] [--backends sqlite postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SCREEN_ROWS = 40
#: a server sized for a million photographs (their search documents alone are about 1 GB):
#: with 512 MB of shared buffers, searches at 1,000,000 read and evicted pages and took 1.5x
BENCH_SETTINGS = "-c shared_buffers=4GB -c work_mem=32MB -c effective_cache_size=8GB"


class _Rows:
    """bench_search.generate's `executemany` with `?` placeholders, on a psycopg connection."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def executemany(self, sql: str, rows: list[tuple]) -> None:
        with self.connection.cursor() as cursor:
            cursor.executemany(sql.replace("?", "%s"), rows)

    def execute(self, sql: str, params: tuple = ()) -> Any:
        return self.connection.execute(sql.replace("?", "%s"), params)


def build(location: str, photos: int) -> dict[str, Any]:
    from bench_search import generate

    from archive_app.catalog.database import open_catalog
    from archive_app.catalog.search import index

    catalog = open_catalog(location)
    database = catalog.database
    start = time.perf_counter()
    if catalog.is_sqlite:
        with index.bulk(database):
            generate(database.connection(), photos, random.Random(1942))
        table = "search_index"
    else:
        with database.atomic():  # triggers mark every record; indexed before the commit
            generate(_Rows(database.connection()), photos, random.Random(1942))
            _advance_sequences(database)
        table = "search_document"
    documents = database.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0]
    catalog.close()
    if not catalog.is_sqlite:
        _settle(location)
    seconds = time.perf_counter() - start
    return {"build_s": seconds, "documents": documents}


def _settle(url: str) -> None:
    """What autovacuum does after a bulk load, once every connection of the build is closed (an
    open one's snapshot keeps VACUUM from marking pages all-visible, and a count then reads
    the whole table instead of an index)."""
    import psycopg

    with psycopg.connect("postgresql://" + url.split("://", 1)[1], autocommit=True) as server:
        server.execute("VACUUM ANALYZE")


def _advance_sequences(database: Any) -> None:
    """The generator writes ids itself: move each id sequence past them."""
    rows = database.execute_sql(
        "SELECT table_name FROM information_schema.columns WHERE column_name = 'id' "
        "AND column_default LIKE 'nextval%%' AND table_schema = current_schema()"
    ).fetchall()
    for (table,) in rows:
        database.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
        )


def _rss_mb(field: str = "VmRSS") -> float:
    """This process's resident memory now (VmRSS), or at its peak so far (VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(location: str, repeat: int) -> dict[str, Any]:
    from bench_search import QUERIES, percentile, timed
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from archive_app.catalog.checks import run_checks
    from archive_app.catalog.database import open_catalog
    from archive_app.catalog.search.execute import search
    from archive_app.gui.record_table_model import RecordTableModel

    app = QApplication.instance() or QApplication([])

    def first_screen(model: Any) -> None:
        for row in range(min(SCREEN_ROWS, model.rowCount())):
            for column in range(model.columnCount()):
                model.data(model.index(row, column))

    start = time.perf_counter()
    catalog = open_catalog(location)
    model = RecordTableModel("photo")
    first_screen(model)
    open_ms = (time.perf_counter() - start) * 1000

    def sort_by_date() -> None:
        model.sort(2, Qt.SortOrder.DescendingOrder)
        first_screen(model)

    sort_ms, _ = timed(sort_by_date, repeat)
    times = []
    for query in QUERIES:
        search(query, limit=200)  # warm the cache and the name vocabulary
        ms, _ = timed(lambda q=query: search(q, limit=200), repeat)
        times.append(ms)
    open_rss = _rss_mb()  # the catalogue open, listed, sorted and searched
    start = time.perf_counter()
    findings = run_checks()
    check_ms = (time.perf_counter() - start) * 1000
    figures = {
        "search_p50_ms": percentile(times, 0.5),
        "search_p95_ms": percentile(times, 0.95),
        "open_ms": open_ms,
        "sort_ms": sort_ms,
        "check_ms": check_ms,
        "findings": len(findings),
        "rss_mb": open_rss,
        "check_peak_mb": _rss_mb("VmHWM"),
        "queries": dict(zip(QUERIES, times, strict=True)),
    }
    catalog.close()
    del app
    return figures


def _child(*argv: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, *argv], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


ROWS = (
    ("build (s)", "build_s", "{:.0f}"),
    ("search p50 (ms)", "search_p50_ms", "{:.1f}"),
    ("search p95 (ms)", "search_p95_ms", "{:.1f}"),
    ("open to first list (ms)", "open_ms", "{:.0f}"),
    ("sort by date (ms)", "sort_ms", "{:.0f}"),
    ("check, no fixity (ms)", "check_ms", "{:.0f}"),
    ("resident memory (MB)", "rss_mb", "{:.0f}"),
    ("peak memory, check (MB)", "check_peak_mb", "{:.0f}"),
)


def report(results: dict[tuple[str, int], dict[str, Any]], sizes: list[int]) -> None:
    backends = sorted({b for b, _ in results}, key=lambda b: b != "sqlite")
    for size in sizes:
        print(f"\n{size:,} photographs")
        header = "".join(f"{b:>14}" for b in backends)
        print(f"{'':26}{header}{'PG / SQLite':>14}")
        for label, key, form in ROWS:
            values = [results[(b, size)][key] for b in backends if (b, size) in results]
            cells = "".join(f"{form.format(v):>14}" for v in values)
            ratio = f"{values[1] / values[0]:>13.2f}x" if len(values) == 2 and values[0] else ""
            print(f"{label:26}{cells}{ratio}")
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        print(f"\ngrowth from {small:,} to {large:,} photographs")
        for label, key, _form in ROWS[1:]:
            cells = "".join(
                f"{results[(b, large)][key] / results[(b, small)][key]:>13.2f}x"
                for b in backends
                if (b, small) in results and (b, large) in results
            )
            print(f"{label:26}{cells}")
    slow = {
        b: sorted(results[(b, sizes[0])]["queries"].items(), key=lambda kv: -kv[1])[:5]
        for b in backends
        if (b, sizes[0]) in results
    }
    for backend, queries in slow.items():
        listed = ", ".join(f"{q} {ms:.0f} ms" for q, ms in queries)
        print(f"slowest on {backend} at {sizes[0]:,}: {listed}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, nargs="+", default=[100_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--server", help="a postgresql:// URL (default: a throw-away server)")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--build", nargs=2, metavar=("LOCATION", "PHOTOS"), help=argparse.SUPPRESS)
    parser.add_argument("--measure", metavar="LOCATION", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        print(json.dumps(build(args.build[0], int(args.build[1]))))
        return 0
    if args.measure:
        print(json.dumps(measure(args.measure, args.repeat)))
        return 0

    from pg_cluster import ExistingServer, PostgresCluster

    server = None
    if "postgresql" in args.backends:
        server = (
            ExistingServer(args.server) if args.server else PostgresCluster.start(BENCH_SETTINGS)
        )
    results: dict[tuple[str, int], dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as folder:
        try:
            for size in args.photos:
                for backend in args.backends:
                    if backend == "sqlite":
                        location = str(Path(folder) / f"bench-{size}.db")
                    else:
                        location = server.url(server.create_database())
                    built = _child("--build", location, str(size))
                    print(f"built {size:,} on {backend}: {built['build_s']:.0f} s", flush=True)
                    measured = _child("--measure", location, "--repeat", str(args.repeat))
                    results[(backend, size)] = {**built, **measured}
                    if backend == "sqlite":
                        Path(location).unlink()
        finally:
            if server is not None:
                server.stop()
    report(results, args.photos)
    if args.json:
        args.json.write_text(json.dumps({f"{b} {s}": r for (b, s), r in results.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
