"""What the journal costs: time per edit and bytes per 10,000 edits on a 100,000-photograph
catalogue, beside the same edits without it, measured in the same run.

Every change now runs through catalog/changes.py: the write lock is taken at the start, each
touched row is read before and after, and one journal entry with the changed fields is written
in the same transaction. The baseline is the write path as it was before the journal (the
version-checked UPDATE of records.update in a plain transaction; one UPDATE … WHERE id IN for a
batch edit), run on a copy of the same catalogue. Both commit with synchronous=FULL, as the
program does, so the figures include the disk's flush.

    .venv/bin/python bench/bench_journal.py [--photos 100000] [--edits 10000] [--batch 1000]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from archive_app.catalog import batch, records
from archive_app.catalog.database import open_catalog
from archive_app.catalog.errors import StaleEdit
from archive_app.catalog.models import Photograph, catalog_db, utc_now
from archive_app.catalog.serialize import get_record

STAMP = "2026-01-01T00:00:00+00:00"
WORDS = ["Vlasov", "Berlin", "Moscow", "Volkhov", "Prague", "leaflet", "army", "parade"]


def build(path: Path, photos: int) -> None:
    """A catalogue of `photos` photographs with titles, dates and some embedded metadata."""
    with open_catalog(path):
        rows = []
        for n in range(photos):
            year = 1900 + n % 60
            exif = {"Make": "Leica", "Model": "IIIc", "ExposureTime": "1/125", "Frame": n}
            rows.append(
                {
                    "accession_number": f"PH-{n:07d}",
                    "title": f"{WORDS[n % len(WORDS)]} print {n}",
                    "date": str(year),
                    "date_earliest": f"{year}-01-01",
                    "date_latest": f"{year}-12-31",
                    "credit_line": "Memorial archive",
                    "embedded_metadata": json.dumps(exif),
                    "created": STAMP,
                    "modified": STAMP,
                }
            )
        with catalog_db.atomic():
            for start in range(0, len(rows), 5000):
                Photograph.insert_many(rows[start : start + 5000]).execute()


def update_without_journal(record_id: int, expected_version: int, **changes: Any) -> None:
    """records.update as it was before the journal: check the version, write, one transaction."""
    with catalog_db.atomic():
        record = get_record("photo", record_id)
        if record.version != expected_version:
            raise StaleEdit("changed")
        for name, value in changes.items():
            setattr(record, name, value)
        record.fill_date_bounds()
        values = {name: getattr(record, name) for name in record._meta.fields if name != "id"}
        values.update(version=expected_version + 1, modified=utc_now())
        Photograph.update(values).where(
            (Photograph.id == record_id) & (Photograph.version == expected_version)
        ).execute()


def batch_without_journal(photo_ids: list[int], **fields: Any) -> None:
    with catalog_db.atomic():
        Photograph.update(
            {**fields, "version": Photograph.version + 1, "modified": utc_now()}
        ).where(Photograph.id.in_(photo_ids)).execute()


def table_bytes(database: Any) -> dict[str, int]:
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    rows = database.execute_sql("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall()
    return dict(rows)


def file_bytes(database: Any) -> int:
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    size = database.execute_sql("PRAGMA page_size").fetchone()[0]
    return pages * size


class Run:
    """One catalogue's edits. Both catalogues stay open and the edits alternate between them
    one by one, so the machine's load and the disk's flushes fall on both alike."""

    def __init__(self, path: Path, edit: Callable[..., Any], batch_edit: Callable) -> None:
        self.edit, self.batch_edit = edit, batch_edit
        self.samples: list[float] = []
        self.catalog = open_catalog(path)
        if ARGS.no_flush:
            self.catalog.database.execute_sql("PRAGMA synchronous = OFF")
        self.start_bytes = file_bytes(self.catalog.database)
        self.versions = dict(Photograph.select(Photograph.id, Photograph.version).tuples())

    def one(self, photo_id: int, title: str, date: str) -> None:
        catalog_db.initialize(self.catalog.database)
        started = time.perf_counter()
        self.edit(photo_id, self.versions[photo_id], title=title, date=date)
        self.samples.append(time.perf_counter() - started)
        self.versions[photo_id] += 1

    def finish(self, ids: list[int]) -> dict[str, Any]:
        catalog_db.initialize(self.catalog.database)
        edited = file_bytes(self.catalog.database)
        tables = table_bytes(self.catalog.database)
        started = time.perf_counter()
        self.batch_edit(ids, credit_line="Gift of the Vlasov family, 1998")
        batch_seconds = time.perf_counter() - started
        self.catalog.close()
        samples = sorted(self.samples)
        return {
            "median_ms": statistics.median(samples) * 1000,
            "p95_ms": samples[int(len(samples) * 0.95)] * 1000,
            "total_s": sum(samples),
            "batch_s": batch_seconds,
            "grew_bytes": edited - self.start_bytes,
            "journal_bytes": sum(v for k, v in tables.items() if k.startswith("journal")),
        }


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-journal-") as folder:
        base = Path(folder) / "base.db"
        started = time.perf_counter()
        build(base, ARGS.photos)
        print(f"built {ARGS.photos:,} photographs in {time.perf_counter() - started:.1f} s")
        with_journal, without = Path(folder) / "journal.db", Path(folder) / "plain.db"
        shutil.copy(base, with_journal)
        shutil.copy(base, without)
        rng = random.Random(12)
        plan = [
            (rng.randint(1, ARGS.photos), f"{rng.choice(WORDS)} retitled {n}",
             f"19{rng.randint(10, 59)}-0{rng.randint(1, 9)}")
            for n in range(ARGS.edits)
        ]  # fmt: skip
        plain_run = Run(without, update_without_journal, batch_without_journal)
        journal_run = Run(
            with_journal,
            lambda pid, version, **fields: records.update("photo", pid, version, **fields),
            lambda ids, **fields: batch.set_fields(ids, **fields),
        )
        for n, step in enumerate(plan):
            for run in (plain_run, journal_run) if n % 2 else (journal_run, plain_run):
                run.one(*step)
        ids = sorted({photo_id for photo_id, _, _ in plan})[: ARGS.batch]
        plain, journalled = plain_run.finish(ids), journal_run.finish(ids)
    per_10k = 10_000 / ARGS.edits
    flush = "no flush (synchronous=OFF)" if ARGS.no_flush else "flushed (synchronous=FULL)"
    print(f"{ARGS.edits:,} edits of one photograph's title and date, each its own change, {flush}:")
    for name, found in (("without journal", plain), ("with journal", journalled)):
        print(
            f"  {name:16} median {found['median_ms']:.2f} ms, p95 {found['p95_ms']:.2f} ms, "
            f"total {found['total_s']:.1f} s; file grew {found['grew_bytes'] / 1e6:.2f} MB"
        )
    print(
        f"  journal cost per edit: {journalled['median_ms'] / plain['median_ms']:.2f}x the "
        f"median, +{journalled['median_ms'] - plain['median_ms']:.2f} ms"
    )
    edits_mb = journalled["journal_bytes"] * per_10k / 1e6
    print(
        f"  journal size: {edits_mb:.2f} MB per 10,000 edits (tables journal_entry/journal_row "
        f"with their indexes); the file grew {journalled['grew_bytes'] * per_10k / 1e6:.2f} MB "
        f"with it, {plain['grew_bytes'] * per_10k / 1e6:.2f} MB without, per 10,000 edits"
    )
    print(
        f"batch edit of {ARGS.batch:,} photographs' credit line: without journal "
        f"{plain['batch_s'] * 1000:.0f} ms, with {journalled['batch_s'] * 1000:.0f} ms "
        f"({journalled['batch_s'] / plain['batch_s']:.1f}x)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100_000)
    parser.add_argument("--edits", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--no-flush", action="store_true", help="commit with synchronous=OFF")
    ARGS = parser.parse_args()
    main()
