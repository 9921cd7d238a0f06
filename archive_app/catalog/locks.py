"""Who holds a SQLite catalogue's write lock, where the system can tell.

A writer of a catalogue in WAL mode holds a lock on byte 120 of the `-shm` file. Linux lists
every file lock with its process in /proc/locks; elsewhere the holder stays unknown and the
message just says how long the program waited."""

from __future__ import annotations

import os
from pathlib import Path

#: the byte of the shared-memory file a WAL writer locks (SQLite's WAL_WRITE_LOCK)
WAL_WRITE_LOCK_BYTE = 120
PROC_LOCKS = Path("/proc/locks")


def write_lock_holder(database_path: Path) -> int | None:
    """The id of the process (not this one) holding the catalogue's write lock, if knowable."""
    shm = database_path.with_name(database_path.name + "-shm")
    try:
        inode = shm.stat().st_ino
        lines = PROC_LOCKS.read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        if "->" in fields:  # a waiter, not a holder
            continue
        try:
            pid, where, start, end = int(fields[4]), fields[5], int(fields[6]), fields[7]
        except (IndexError, ValueError):
            continue
        if pid == os.getpid() or int(where.rsplit(":", 1)[-1]) != inode:
            continue
        last = float("inf") if end == "EOF" else int(end)
        if fields[3] == "WRITE" and start <= WAL_WRITE_LOCK_BYTE <= last:
            return pid
    return None


def describe_process(pid: int) -> str:
    """`process 1234 (archive-app edit person 1 …)`, or just the number."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return f"process {pid}"
    words = [
        os.path.basename(w) if i == 0 else w
        for i, w in enumerate(raw.decode(errors="replace").split("\0"))
        if w
    ]
    command = " ".join(words)
    if len(command) > 60:
        command = command[:59] + "…"
    return f"process {pid} ({command})" if command else f"process {pid}"


def lock_wait_message(database_path: Path, waited_ms: int) -> str:
    """The line for a write that waited for the lock in vain: how long, and who holds it."""
    holder = write_lock_holder(database_path)
    held = f" ({describe_process(holder)})" if holder is not None else ""
    return (
        f"another program{held} is writing to the catalogue and did not finish within "
        f"{waited_ms / 1000:g} s; nothing was changed (try again when it is done)"
    )
