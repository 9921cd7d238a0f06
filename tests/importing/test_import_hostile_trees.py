"""Named pipes, link loops and very deep folders never hang or crash an import, and the import's
workers end with the process that started them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from imagefiles import picture

from archive_app.catalog.database import open_catalog
from archive_app.catalog.importing.run import ImportOptions, import_files
from archive_app.catalog.models import Photograph

POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


def _jpeg(path: Path, seed: int = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    picture(seed=seed).save(path, "JPEG")
    return path


def _archive_app(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "archive_app", *args],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@POSIX
def test_a_named_pipe_given_by_name_is_refused_at_once(tmp_path):
    pipe = tmp_path / "scan.jpg"
    os.mkfifo(pipe)
    good = _jpeg(tmp_path / "good.jpg")
    done = _archive_app("--catalog", str(tmp_path / "c.db"), "import", str(pipe), str(good))
    assert done.returncode == 1
    refused = [line for line in done.stdout.splitlines() if line.startswith("refused")]
    assert len(refused) == 1 and "scan.jpg" in refused[0]
    assert refused[0].endswith("is a named pipe, not a file; skipped")
    assert "1 imported" in done.stdout


@POSIX
def test_pipes_and_link_loops_inside_a_folder_are_reported_as_skipped(tmp_path):
    folder = tmp_path / "scans"
    _jpeg(folder / "a.jpg")
    os.mkfifo(folder / "pipe.jpg")
    os.symlink("loop.jpg", folder / "loop.jpg")
    os.symlink("nowhere.jpg", folder / "dangling.jpg")
    with open_catalog(tmp_path / "c.db") as catalog:
        report = import_files(catalog, [str(folder)], ImportOptions(workers=1))
        reasons = {Path(f.path).name: f.reason for f in report.files}
        assert reasons == {
            "a.jpg": None,
            "dangling.jpg": "is a link to something that does not exist; skipped",
            "loop.jpg": "is a link that points to itself (a link loop); skipped",
            "pipe.jpg": "is a named pipe, not a file; skipped",
        }
        assert Photograph.select().count() == 1


def _remove_deep_tree(top: Path) -> None:
    """Remove a folder tree without recursion (shutil.rmtree and os.walk, and so pytest's
    clean-up of old test folders, recurse once per level and fail on a tree 1,000 deep)."""
    folders, pending = [], [top]
    while pending:
        folder = pending.pop()
        folders.append(folder)
        for entry in os.scandir(folder):
            if entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
            else:
                os.unlink(entry.path)
    for folder in reversed(folders):
        folder.rmdir()


@pytest.fixture
def deep_tree(tmp_path):
    top = tmp_path / "scans"
    yield top
    _remove_deep_tree(top)


def test_a_folder_tree_a_thousand_deep_is_imported(tmp_path, deep_tree):
    top = deep_tree
    _jpeg(top / "top.jpg", seed=1)
    deep = top
    for _ in range(1000):
        deep = deep / "d"
        deep.mkdir()  # one at a time: pathlib's own parents=True recurses
    _jpeg(deep / "bottom.jpg", seed=2)
    with open_catalog(tmp_path / "c.db") as catalog:
        report = import_files(catalog, [str(top)], ImportOptions(recursive=True, workers=1))
        assert [Path(f.path).name for f in report.files] == ["top.jpg", "bottom.jpg"]
        assert report.count("imported") == 2


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.update(int(child) for child in text)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _all_end(pids: set[int]) -> bool:
    """Whether the processes end: within moments, and a minute is the limit."""
    for _ in range(600):
        if not any(_alive(pid) for pid in pids):
            return True
        time.sleep(0.1)
    return False


def _import_at_work(tmp_path: Path, **output: Any) -> tuple[subprocess.Popen, set[int]]:
    """`archive-app import` of 60 large scans with two workers, in a process of its own, and its
    workers' pids once they are at work (they write the thumbnails)."""
    folder = tmp_path / "scans"
    for seed in range(60):
        picture(size=(1600, 1200), seed=seed).save(_jpeg(folder / f"{seed:03}.jpg"), "PNG")
    importer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "archive_app",
            "--catalog",
            str(tmp_path / "c.db"),
            "import",
            str(folder),
            "--workers",
            "2",
        ],
        stdout=subprocess.PIPE,
        **output,
    )
    thumbnails = tmp_path / "c-files" / "thumbnails"
    while importer.poll() is None and not any(thumbnails.rglob("*.*")):
        time.sleep(0.01)
    return importer, {child for child in _children(importer.pid) if _alive(child)}


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the workers in /proc")
def test_the_workers_die_with_a_killed_import(tmp_path):
    importer, workers = _import_at_work(tmp_path, stderr=subprocess.DEVNULL)
    importer.send_signal(signal.SIGKILL)
    importer.wait()
    assert workers, "the import ended before its workers could be seen"
    try:
        assert _all_end(workers)
    finally:
        for pid in workers:  # a failed test leaves no process behind
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert importer.stdout.read() is not None  # nobody holds its stdout open: EOF comes


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the workers in /proc")
def test_ctrl_c_ends_a_running_import_and_its_workers(tmp_path):
    importer, workers = _import_at_work(tmp_path, stderr=subprocess.PIPE, text=True)
    importer.send_signal(signal.SIGINT)
    try:
        _out, err = importer.communicate(timeout=60)
    finally:
        for pid in workers | {importer.pid}:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert importer.returncode == 1
    assert err.strip().splitlines()[-1] == "archive-app: interrupted"
    assert _all_end(workers)  # the workers, and multiprocessing's resource tracker
