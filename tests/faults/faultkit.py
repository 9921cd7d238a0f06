"""The fault-injection kit: run a real command in a process of its own, SIGKILL it at a chosen
moment, then look at what it left.

Kill points are spread evenly over the time the command takes when left alone (measured once per
operation), each at a seeded random moment within its slice, so together they cover the whole
run: start-up, reading, each transaction, the commit, the clean-up. Their number per operation
is ARCHIVE_APP_FAULT_POINTS (1 in the ordinary test run; the README says how to run 21)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

POINTS = int(os.environ.get("ARCHIVE_APP_FAULT_POINTS", "1"))
FTS_TABLE = "search_index"


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "archive_app", *args]


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def timed_run(argv: list[str], cwd: Path) -> float:
    """Run to the end (it must succeed); how long it took."""
    started = time.monotonic()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


def kill_moment(point: int, points: int, duration: float) -> float:
    """The point-th of `points` moments spread over `duration`, at random within its slice."""
    rng = random.Random(1000 + point)
    return duration * (point + rng.random()) / points


def run_and_kill(argv: list[str], cwd: Path, after: float) -> bool:
    """Start the command, SIGKILL it `after` seconds in; True if it was still running then.
    Only the process itself is killed, as a crash or `kill -9` would: its import workers must
    end on their own (the whole group is removed afterwards, so nothing outlives the test)."""
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        process.wait(timeout=after)
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True
    finally:
        _end_group(process.pid)


def _end_group(group: int) -> None:
    for _ in range(300):
        try:
            os.killpg(group, 0)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.02)  # the workers see their parent gone and end
    os.killpg(group, signal.SIGKILL)


def copy_folder(template: Path, target: Path) -> Path:
    shutil.copytree(template, target)
    return target


def database_problems(path: Path) -> list[str]:
    """What SQLite finds wrong with the file: integrity, foreign keys and the search index."""
    problems = []
    connection = sqlite3.connect(path)
    try:
        result = connection.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            problems.append(f"integrity_check: {result[:3]}")
        orphans = connection.execute("PRAGMA foreign_key_check").fetchall()
        if orphans:
            problems.append(f"foreign_key_check: {orphans[:3]}")
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        if FTS_TABLE in tables:
            try:
                connection.execute(
                    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('integrity-check')"
                )
            except sqlite3.DatabaseError as exc:
                problems.append(f"search index: {exc}")
    finally:
        connection.close()
    return problems


def scalar(path: Path, sql: str) -> object:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchone()[0]
    finally:
        connection.close()
