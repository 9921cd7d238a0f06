"""Fixity and duplicates by content; where files live (in place, relative to an archive root,
or copied into the managed folder); the size-capped thumbnail cache."""

from __future__ import annotations

import hashlib
import os
import shutil
import time

from imagefiles import only, picture, run_import

from archive_app.catalog.importing.placement import resolve, saved_archive_root
from archive_app.catalog.importing.run import originals_folder, thumbnail_folder
from archive_app.catalog.importing.thumbnails import ThumbnailCache
from archive_app.catalog.models import Photograph


def test_a_file_already_in_the_catalogue_is_a_duplicate_of_its_accession_number(catalog, images):
    first = images.jpeg("first.jpg")
    run_import(catalog, first)
    copy = images.path("renamed copy.jpg")
    shutil.copyfile(first, copy)
    report = run_import(catalog, first, copy)
    assert [item.outcome for item in report.files] == ["duplicate", "duplicate"]
    assert {item.duplicate_of for item in report.files} == {"PH-000001"}
    assert Photograph.select().count() == 1


def test_two_identical_files_in_one_import_make_one_record(catalog, images):
    first = images.jpeg("a.jpg")
    shutil.copyfile(first, images.path("b.jpg"))
    report = run_import(catalog, images.folder)
    assert [item.outcome for item in report.files] == ["imported", "duplicate"]
    assert report.files[1].duplicate_of == report.files[0].accession_number


def test_the_stored_sha256_is_the_files_content_hash(catalog, images):
    path = images.jpeg("fixity.jpg")
    photo = Photograph.get_by_id(run_import(catalog, path).files[0].id)
    assert photo.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_copy_puts_a_verified_copy_in_the_managed_folder(catalog, images):
    path = images.jpeg("to-copy.jpg")
    photo = Photograph.get_by_id(run_import(catalog, path, copy=True).files[0].id)
    stored = resolve(photo.file_path)
    assert stored.parent.parent == originals_folder(catalog)
    assert stored.name == f"{photo.sha256}.jpg"
    assert stored.read_bytes() == path.read_bytes()
    assert photo.original_filename == "to-copy.jpg"
    path.unlink()  # the archive no longer depends on the original
    assert resolve(photo.file_path).is_file()


def test_paths_inside_the_archive_root_are_kept_relative_and_the_root_remembered(
    catalog, images, tmp_path
):
    box = images.folder / "box 1"
    box.mkdir()
    inside = images.save("box 1/inside.jpg", picture(seed=1), "JPEG")
    outside_folder = tmp_path / "elsewhere"
    outside_folder.mkdir()
    outside = outside_folder / "outside.jpg"
    picture(seed=2).save(outside, "JPEG")
    report = run_import(catalog, inside, outside, archive_root=images.folder)
    inner = Photograph.get_by_id(only(report, "inside.jpg").id)
    outer = Photograph.get_by_id(only(report, "outside.jpg").id)
    assert inner.file_path == "box 1/inside.jpg"
    assert outer.file_path == str(outside)
    assert saved_archive_root() == images.folder.resolve()
    assert resolve(inner.file_path) == inside.resolve()
    later = images.save("box 1/later.jpg", picture(seed=3), "JPEG")
    assert Photograph.get_by_id(run_import(catalog, later).files[0].id).file_path == (
        "box 1/later.jpg"
    )


def test_thumbnail_cache_prunes_the_oldest_past_its_cap(tmp_path):
    cache = ThumbnailCache(tmp_path / "thumbs", cap_bytes=2500)
    for number in range(5):
        digest = hashlib.sha256(bytes([number])).hexdigest()
        target = cache.folder / digest[:2] / f"{digest}.jpg"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"x" * 1000)
        stamp = time.time() - 100 + number
        os.utime(target, (stamp, stamp))
    assert cache.prune() == 3
    kept = [hashlib.sha256(bytes([n])).hexdigest() for n in (3, 4)]
    assert all(cache.path_for(digest) for digest in kept)
    assert cache.path_for(hashlib.sha256(bytes([0])).hexdigest()) is None
    assert cache.size() <= 2500


def test_an_import_keeps_the_cache_under_its_cap(catalog, images):
    for number in range(4):
        images.jpeg(f"p{number}.jpg")
    run_import(catalog, images.folder, thumbnail_cap_bytes=1)
    assert ThumbnailCache(thumbnail_folder(catalog)).size() <= 1
