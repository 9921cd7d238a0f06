"""Fixity at scale (parallel, each file read once, progress and cancel) and relinking files that
moved, found by their content with their size as the first filter."""

from __future__ import annotations

import hashlib
import json
import shutil
import threading

import pytest

from archive_app.catalog import records
from archive_app.catalog.checks import Cancelled, hashing, run_checks, summary
from archive_app.catalog.models import Photograph
from archive_app.catalog.relink import RelinkError, relink
from archive_app.cli import main


def _photo(path, content: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return records.create(
        "photo",
        file_path=str(path),
        file_size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def test_fixity_reads_each_file_once_in_parallel_with_progress(catalog, tmp_path, monkeypatch):
    photos = [_photo(tmp_path / "box" / f"{n}.tif", b"scan %d" % n * 5000) for n in range(40)]
    (tmp_path / "box" / "7.tif").write_bytes(b"bit rot")
    (tmp_path / "box" / "9.tif").unlink()
    opened: list[str] = []
    real_open = open

    def counting_open(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        opened.append(str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", counting_open)
    seen: list[tuple[int, int]] = []
    findings = run_checks(fixity=True, progress=lambda d, t: seen.append((d, t)), workers=4)
    monkeypatch.undo()
    assert summary(findings) == {"missing-file": 1, "fixity": 1}
    assert photos[7].accession_number in next(f for f in findings if f.check == "fixity").message
    assert sorted(opened) == sorted({str(p.file_path) for p in photos})  # each once
    assert seen[-1] == (40, 40) and seen == sorted(seen)


def test_fixity_stops_when_cancelled_and_says_how_far_it_came(catalog, tmp_path):
    paths = []
    for n in range(40):
        paths.append(tmp_path / f"{n}.tif")
        paths[-1].write_bytes(b"x" * 1000 + bytes([n]))
    cancel = threading.Event()

    def stop_after_some(done: int, _total: int) -> None:
        if done >= 5:
            cancel.set()

    with pytest.raises(Cancelled) as raised:
        list(hashing.hash_files(paths, stop_after_some, cancel, workers=2, batch=4))
    assert 5 <= raised.value.done < 40 and raised.value.total == 40
    _photo(tmp_path / "p.tif", b"content")
    with pytest.raises(Cancelled, match="cancelled after 0 of 1 files"):
        run_checks(fixity=True, cancel=cancel)


def test_hash_files_reports_an_unreadable_file_and_goes_on(tmp_path):
    good = tmp_path / "a"
    good.write_bytes(b"a")
    results = dict(hashing.hash_files([tmp_path / "gone", good]))
    assert isinstance(results[0], FileNotFoundError)
    assert results[1] == hashlib.sha256(b"a").hexdigest()


def test_relink_finds_moved_files_by_content_in_one_transaction(catalog, tmp_path):
    old, new = tmp_path / "old", tmp_path / "moved"
    photos = [_photo(old / f"print-{n}.tif", b"print %d" % n) for n in range(4)]
    lost = _photo(old / "lost.tif", b"never found")
    twin = _photo(old / "twin.tif", b"twin content")
    kept = _photo(tmp_path / "here.tif", b"still here")
    shutil.copytree(old, new / "deeper")
    (new / "deeper" / "lost.tif").unlink()
    shutil.copy(new / "deeper" / "twin.tif", new / "twin-copy.tif")
    (new / "same-size.tif").write_bytes(b"print X")  # same size as the prints, other content
    (new / "notes.txt").write_bytes(b"a file of a size no missing photograph has")
    shutil.rmtree(old)

    report = relink(new)
    assert sorted(m.photo_id for m, _ in report.relinked) == [p.id for p in photos]
    assert [m.photo_id for m, _ in report.ambiguous] == [twin.id]
    assert [m.photo_id for m in report.still_missing] == [lost.id]
    assert report.files_hashed < report.files_seen  # the size filter skipped some
    for photo in photos:
        moved = Photograph.get_by_id(photo.id)
        assert moved.file_path == str(new / "deeper" / f"print-{photo.id - 1}.tif")
        assert moved.version == 2
    assert Photograph.get_by_id(kept.id).version == 1
    assert summary(run_checks()) == {"missing-file": 2}


def test_relink_refuses_a_folder_that_is_not_one(catalog, tmp_path):
    with pytest.raises(RelinkError, match="is not a folder"):
        relink(tmp_path / "nowhere")


def test_relink_command_dry_run_changes_nothing_then_relinks(tmp_path, capsys):
    path = str(tmp_path / "c.db")
    main(["--catalog", path, "check"])
    from archive_app.catalog.database import open_catalog

    with open_catalog(path):
        photo = _photo(tmp_path / "a" / "p.tif", b"content")
    (tmp_path / "b").mkdir()
    shutil.move(tmp_path / "a" / "p.tif", tmp_path / "b" / "p.tif")
    capsys.readouterr()
    assert main(["--catalog", path, "relink", str(tmp_path / "b"), "--dry-run"]) == 0
    assert "would relink" in capsys.readouterr().out
    assert main(["--catalog", path, "relink", str(tmp_path / "b"), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["relinked"][0]["id"] == photo.id
    assert document["relinked"][0]["new_path"].endswith("b/p.tif")
    assert main(["--catalog", path, "relink", str(tmp_path / "nowhere")]) == 1
    assert "is not a folder" in capsys.readouterr().err


def test_a_fixity_finding_can_be_reviewed_and_stays_quiet(catalog, tmp_path, capsys):
    photo = _photo(tmp_path / "p.tif", b"original")
    (tmp_path / "p.tif").write_bytes(b"restored from a different scan")
    key = next(f.key for f in run_checks(fixity=True) if f.check == "fixity")
    assert key == f"fixity:photo-{photo.id}"
    location = str(catalog.location)
    catalog.close()
    assert main(["--catalog", location, "review", key, "--note", "rescanned"]) == 0
    capsys.readouterr()
    assert main(["--catalog", location, "check", "--fixity", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["reviewed"] == 1 and document["findings"] == []


def test_relink_is_one_change_in_the_journal(catalog, tmp_path):
    from archive_app.catalog import journal

    photos = [_photo(tmp_path / "a" / f"{n}.tif", b"print %d" % n) for n in range(3)]
    shutil.move(tmp_path / "a", tmp_path / "b")
    before = journal.latest_entry_id()
    assert len(relink(tmp_path / "b").relinked) == 3
    (entry,) = [e for e in journal.history() if e.id > before]
    assert entry.label == "Relink missing files"
    assert sorted(row.record_id for row in entry.rows) == [p.id for p in photos]
    assert relink(tmp_path / "b").relinked == []  # nothing left to do: no empty change
    assert journal.latest_entry_id() == entry.id


def test_ctrl_c_during_check_fixity_is_one_line_and_changes_nothing(tmp_path, capsys, monkeypatch):
    path = str(tmp_path / "c.db")
    main(["--catalog", path, "demo"])
    capsys.readouterr()

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("archive_app.cli.check_command.run_checks", interrupted)
    assert main(["--catalog", path, "check", "--fixity"]) == 1
    assert "fixity check cancelled" in capsys.readouterr().err
