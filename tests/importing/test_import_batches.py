"""Big batches without trouble: progress as it goes, cancel keeps whole records, and a killed
import leaves only whole records that a second import completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from imagefiles import mwg_region, picture, regions_xml, xmp_packet

from archive_app.catalog.database import open_catalog, sqlite_integrity_ok
from archive_app.catalog.importing import run
from archive_app.catalog.importing.run import ImportOptions, Progress, import_files
from archive_app.catalog.models import Photograph, PhotoPerson, PhotoTag


def described_scans(folder: Path, count: int) -> None:
    """Scans that each make a record, a person link and a tag: a half-made one would show."""
    for number in range(count):
        packet = xmp_packet(
            regions_xml(mwg_region(f"Person {number}", 0.5, 0.5, 0.2, 0.2))
            + f"<dc:subject><rdf:Bag><rdf:li>box {number % 3}</rdf:li></rdf:Bag></dc:subject>"
        )
        picture((320, 240), seed=number).save(folder / f"scan-{number:03d}.jpg", "JPEG", xmp=packet)


def assert_every_record_whole() -> None:
    for photo in Photograph.select():
        assert photo.sha256 and photo.file_path and photo.width and photo.embedded_metadata
        assert PhotoPerson.select().where(PhotoPerson.photo == photo).count() == 1
        assert PhotoTag.select().where(PhotoTag.photo == photo).count() == 1


def test_progress_counts_up_to_the_total(catalog, images):
    described_scans(images.folder, 12)
    seen: list[Progress] = []
    report = import_files(
        catalog, [str(images.folder)], ImportOptions(workers=2, batch_size=5), seen.append
    )
    assert report.count("imported") == 12
    assert seen[-1] == Progress(12, 12, 12, 0, 0)
    assert [p.done for p in seen] == sorted(p.done for p in seen)


def test_accession_numbers_follow_the_order_of_the_files_however_the_workers_finish(
    catalog, images
):
    # the first scan takes its worker far longer than the small ones take the other
    images.jpeg("a-large.jpg", size=(5000, 4000))
    for letter in "bcdef":
        images.jpeg(f"{letter}-small.jpg", size=(64, 48))
    report = import_files(catalog, [str(images.folder)], ImportOptions(workers=2, batch_size=1))
    assert report.count("imported") == 6
    rows = Photograph.select().order_by(Photograph.id)
    assert [(p.original_filename, p.accession_number) for p in rows] == [
        (name, f"PH-00000{number}")
        for number, name in enumerate(
            ["a-large.jpg", *(f"{letter}-small.jpg" for letter in "bcdef")], start=1
        )
    ]


def test_the_workers_are_renewed_along_a_long_import_without_stalling(catalog, images, monkeypatch):
    # Python's own worker renewal (max_tasks_per_child) could stall a pool for good on 3.11
    monkeypatch.setattr(run, "TASKS_PER_WORKER", 2)
    described_scans(images.folder, 20)
    report = import_files(catalog, [str(images.folder)], ImportOptions(workers=2, batch_size=3))
    assert report.count("imported") == 20
    assert [p.original_filename for p in Photograph.select().order_by(Photograph.id)] == [
        f"scan-{number:03d}.jpg" for number in range(20)
    ]
    assert_every_record_whole()


def test_cancel_keeps_whole_records_and_says_so(catalog, images):
    described_scans(images.folder, 40)
    report = import_files(
        catalog,
        [str(images.folder)],
        ImportOptions(workers=1, batch_size=3),
        should_stop=lambda: Photograph.select().count() >= 3,
    )
    assert report.cancelled
    assert 3 <= report.count("imported") < 40
    assert Photograph.select().count() == report.count("imported")
    assert_every_record_whole()
    assert report.as_json()["cancelled"] is True


KILLED_IMPORT = """
import sys
from archive_app.catalog.database import open_catalog
from archive_app.catalog.importing.run import ImportOptions, import_files

def say(progress):
    print(progress.imported, flush=True)

if __name__ == "__main__":
    with open_catalog(sys.argv[1]) as catalog:
        import_files(catalog, [sys.argv[2]], ImportOptions(workers=1, batch_size=4), say)
"""


def test_a_killed_import_leaves_only_whole_records_and_a_rerun_completes_it(tmp_path, images):
    described_scans(images.folder, 60)
    script = tmp_path / "killed_import.py"
    script.write_text(textwrap.dedent(KILLED_IMPORT), encoding="utf-8")
    catalog_path = tmp_path / "killed.db"
    child = subprocess.Popen(
        [sys.executable, str(script), str(catalog_path), str(images.folder)],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its worker processes die with it
    )
    try:
        for line in child.stdout:
            if int(line) >= 8:
                break
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert sqlite_integrity_ok(catalog_path)
    with open_catalog(catalog_path) as catalog:
        kept = Photograph.select().count()
        assert 8 <= kept < 60
        assert_every_record_whole()
        report = import_files(catalog, [str(images.folder)], ImportOptions(workers=2))
        assert (report.count("duplicate"), report.count("imported")) == (kept, 60 - kept)
        assert Photograph.select().count() == 60
        assert_every_record_whole()
