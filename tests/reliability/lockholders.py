"""Other programs for the reliability tests: ones that hold a catalogue's write lock, and the
command line in a process of its own."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: edits every person (a program without the search functions: the index must catch up), then
#: holds a SQLite write transaction until its stdin closes
HOLD_SQLITE = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("UPDATE person SET name = name")  # committed: the search index must catch up
connection.execute("BEGIN IMMEDIATE")
connection.execute("UPDATE person SET name = name")
print("held", flush=True)
sys.stdin.read()
connection.execute("COMMIT")
"""


@contextmanager
def sqlite_write_held(path: Path) -> Iterator[subprocess.Popen]:
    """Another process holds the catalogue's write lock inside the block."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_SQLITE, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def archive_app(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """The command line in a process of its own (output captured as text)."""
    return subprocess.Popen(
        [sys.executable, "-m", "archive_app", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
