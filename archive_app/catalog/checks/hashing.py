"""SHA-256 of many files at once: every core busy, each file read once, progress and cancel.

Threads suffice: hashlib and file reads let go of the interpreter lock on large buffers. At most
a few files per worker are in flight, so a list of 100,000 files costs no more memory than ten.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path

from archive_app.catalog.errors import CatalogError

CHUNK = 1 << 20

#: progress(done, total) is called from the thread that iterates, never from a worker
Progress = Callable[[int, int], None]


class Cancelled(CatalogError):
    """The archivist stopped the work; `done` files of `total` were handled."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__(f"cancelled after {done:,} of {total:,} files")
        self.done, self.total = done, total


def sha256_of(path: Path | str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _attempt(path: Path) -> str | OSError:
    try:
        return sha256_of(path)
    except OSError as exc:
        return exc


def _batch(
    paths: Sequence[Path], first: int, last: int, cancel: threading.Event | None
) -> list[tuple[int, str | OSError]]:
    """Hash paths[first:last] in one task (a task per file costs more than a small file)."""
    found = []
    for index in range(first, last):
        if cancel is not None and cancel.is_set():
            break
        found.append((index, _attempt(paths[index])))
    return found


def default_workers() -> int:
    """Four threads a core: most of a small file's time is opening it, not hashing it (on 2
    cores, 100,000 files of 2-8 KB: 2 threads 12 s, 4 threads 6.3 s, 8 threads 4.7 s)."""
    return max(4, min(32, (os.cpu_count() or 2) * 4))


def hash_files(
    paths: Sequence[Path],
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    workers: int | None = None,
    batch: int = 32,
) -> Iterator[tuple[int, str | OSError]]:
    """(index into `paths`, hex digest or the OSError that stopped the read), in the order the
    files finish, `batch` files a task. Raises Cancelled when `cancel` is set."""
    total = len(paths)
    workers = workers or default_workers()
    done = 0
    pending: set[Future] = set()
    starts = iter(range(0, total, batch))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fixity") as pool:
        try:
            while True:
                while len(pending) < workers * 2:
                    first = next(starts, None)
                    if first is None:
                        break
                    last = min(first + batch, total)
                    pending.add(pool.submit(_batch, paths, first, last, cancel))
                if not pending:
                    return
                finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                if cancel is not None and cancel.is_set():
                    raise Cancelled(done, total)
                for future in finished:
                    for item in future.result():
                        done += 1
                        yield item
                if progress is not None and finished:
                    progress(done, total)
        finally:
            for future in pending:
                future.cancel()
