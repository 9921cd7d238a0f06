"""One import, start to finish: find the files, examine them on every core, write them in batches.

Memory stays bounded however large the batch: only a window of files is in flight in the worker
processes at a time, a worker sends back a small `Probe` (never pixels), and the main process
writes a batch (one transaction) as soon as it is full or a second has passed. Workers are
started with `spawn`, never `fork`, because the GUI calls this from a thread of a process that
runs Qt, and forking a threaded process can deadlock the child.

Cancelling (the GUI's button, Ctrl-C on the command line) stops handing out files, lets the
files already examined be written as whole records, and reports the import as cancelled. A
killed process leaves whole batches: the batch being written is rolled back by SQLite.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from archive_app.catalog.database import Catalog
from archive_app.catalog.importing import scan
from archive_app.catalog.importing import workers as workers_module
from archive_app.catalog.importing.placement import (
    is_utf8_name,
    save_archive_root,
    saved_archive_root,
)
from archive_app.catalog.importing.probe import Probe, examine
from archive_app.catalog.importing.report import FileOutcome, ImportReport
from archive_app.catalog.importing.spreadsheet import SheetRow
from archive_app.catalog.importing.thumbnails import DEFAULT_CAP_BYTES, ThumbnailCache
from archive_app.catalog.importing.writing import BatchWriter, Placement
from archive_app.catalog.storage import files_dir

BATCH_SIZE = 200
BATCH_SECONDS = 1.0
IN_FLIGHT_PER_WORKER = 4
TASKS_PER_WORKER = 500  # a fresh worker now and then returns what a huge image took


@dataclass
class ImportOptions:
    recursive: bool = False
    collection: str | None = None
    sheet: dict[str, SheetRow] = field(default_factory=dict)
    copy: bool = False
    archive_root: Path | None = None  # set (and remembered by the catalogue) when given
    workers: int | None = None  # default: every core
    batch_size: int = BATCH_SIZE
    thumbnail_cap_bytes: int = DEFAULT_CAP_BYTES


@dataclass
class Progress:
    """How far an import has come; `done` counts files whose outcome is final."""

    done: int
    total: int
    imported: int
    duplicates: int
    refused: int


ProgressCallback = Callable[[Progress], None]


def thumbnail_folder(catalog: Catalog) -> Path:
    return files_dir(catalog) / "thumbnails"


def originals_folder(catalog: Catalog) -> Path:
    return files_dir(catalog) / "originals"


class _Import:
    def __init__(self, catalog: Catalog, options: ImportOptions) -> None:
        self.options = options
        self.thumbnails = str(thumbnail_folder(catalog))
        root = (
            save_archive_root(options.archive_root)
            if options.archive_root is not None
            else saved_archive_root()
        )
        placement = Placement(options.copy, originals_folder(catalog), root)
        self.writer = BatchWriter(placement, options.collection, options.sheet)
        self.report = ImportReport()
        self.outcomes: dict[int, FileOutcome] = {}
        self.pending: list[tuple[int, Probe]] = []
        self.last_write = time.monotonic()
        self.total = 0

    def progress(self) -> Progress:
        counts = {"imported": 0, "duplicate": 0, "refused": 0}
        for outcome in self.outcomes.values():
            counts[outcome.outcome] += 1
        return Progress(
            len(self.outcomes),
            self.total,
            counts["imported"],
            counts["duplicate"],
            counts["refused"],
        )

    def settle(self, index: int, probe: Probe) -> None:
        """A refused probe is final now; the others wait for their batch."""
        if probe.reason is not None:
            shown = scan.display_path(probe.path)
            self.outcomes[index] = FileOutcome(
                shown, "refused", reason=probe.reason, detail=probe.detail
            )
        else:
            self.pending.append((index, probe))

    def flush(self, force: bool = False, before: int | None = None) -> bool:
        """Write the examined files that are due, in the order they were found: only those
        before `before` (the first file still being examined), so that accession numbers
        follow the order of the files however the workers finish."""
        ready = sorted(
            (p for p in self.pending if before is None or p[0] < before), key=lambda p: p[0]
        )
        due = len(ready) >= self.options.batch_size
        late = time.monotonic() - self.last_write >= BATCH_SECONDS
        if not ready or not (force or due or late):
            return False
        outcomes = self.writer.write([probe for _index, probe in ready])
        for (index, _probe), outcome in zip(ready, outcomes, strict=True):
            self.outcomes[index] = outcome
        self.pending = [p for p in self.pending if before is not None and p[0] >= before]
        self.last_write = time.monotonic()
        return True


def _pool(workers: int) -> ProcessPoolExecutor:
    # Fresh workers come from a fresh pool (see _examine_all), not from max_tasks_per_child:
    # on Python 3.11 to 3.13 that option can stop the pool replacing a worker, and the import
    # then waits forever (CPython issue 115634).
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=workers_module.start_worker,
    )


CRASH_REASON = (
    "could not be examined: the worker process stopped twice while on it (out of memory, or "
    "a decoder crash)"
)


def _recover(
    in_flight: dict[Future[Probe], tuple[int, str]],
    retry: deque[tuple[int, str]],
    crashed: set[int],
    job: _Import,
) -> None:
    """After a worker died: keep the results that came back, hand the other files out once
    more (the culprit is among them, but so are innocent neighbours), refuse a second crash."""
    for future, (index, path) in in_flight.items():
        if future.done() and not future.cancelled() and future.exception() is None:
            job.settle(index, future.result())
        elif index in crashed:
            job.settle(index, Probe(path, reason=CRASH_REASON))
        else:
            crashed.add(index)
            retry.append((index, path))
    in_flight.clear()


def import_files(
    catalog: Catalog,
    paths: Iterable[str],
    options: ImportOptions | None = None,
    progress: ProgressCallback | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import files and folders; returns what became of each file, in the order found."""
    options = options or ImportOptions()
    job = _Import(catalog, options)
    todo: list[tuple[int, str]] = []
    for index, candidate in enumerate(scan.candidates(paths, options.recursive)):
        if candidate.reason is not None:
            job.settle(index, Probe(candidate.path, reason=candidate.reason))
        elif not options.copy and not is_utf8_name(candidate.path):
            reason = "has a name that is not valid UTF-8; rename it, or import it with --copy"
            job.settle(index, Probe(candidate.path, reason=reason))
        else:
            todo.append((index, candidate.path))
    job.total = len(job.outcomes) + len(todo)
    if todo:
        _examine_all(job, todo, options, progress, should_stop)
    job.flush(force=True)
    job.report.files = [job.outcomes[index] for index in sorted(job.outcomes)]
    job.report.notes = [
        f"metadata sheet line {row.line}: no imported file is named {row.file_name!r}"
        for row in job.writer.unused_rows()
    ]
    ThumbnailCache(Path(job.thumbnails), options.thumbnail_cap_bytes).prune()
    if progress:
        progress(job.progress())
    return job.report


def _examine_all(
    job: _Import,
    todo: list[tuple[int, str]],
    options: ImportOptions,
    progress: ProgressCallback | None,
    should_stop: Callable[[], bool] | None,
) -> None:
    workers = max(1, min(options.workers or os.cpu_count() or 1, len(todo)))
    window = workers * IN_FLIGHT_PER_WORKER
    queue = deque(todo)
    retry: deque[tuple[int, str]] = deque()
    crashed: set[int] = set()
    in_flight: dict[Future[Probe], tuple[int, str]] = {}
    pool = _pool(workers)
    submitted = 0
    try:
        while True:
            stopping = should_stop is not None and should_stop()
            if stopping:
                job.report.cancelled = True
            while not stopping and len(in_flight) < window:
                item = retry.popleft() if retry else queue.popleft() if queue else None
                if item is None:
                    break
                if submitted >= workers * TASKS_PER_WORKER:
                    # a fresh pool now and then returns what huge images took; the old one
                    # finishes the files it holds and its workers exit
                    pool.shutdown(wait=False)
                    pool, submitted = _pool(workers), 0
                in_flight[pool.submit(examine, item[1], job.thumbnails)] = item
                submitted += 1
            if not in_flight:
                break
            finished, _ = wait(in_flight, timeout=0.2, return_when=FIRST_COMPLETED)
            try:
                for future in finished:
                    probe = future.result()  # raises before the file leaves in_flight
                    job.settle(in_flight.pop(future)[0], probe)
            except BrokenProcessPool:
                _recover(in_flight, retry, crashed, job)
                pool.shutdown(wait=False, cancel_futures=True)
                pool, submitted = _pool(workers), 0
            # the first file not yet written: in the workers, back for a retry, or next in line
            waiting = [index for index, _path in (*in_flight.values(), *retry)]
            waiting += [queue[0][0]] if queue else []
            wrote = job.flush(force=stopping, before=min(waiting, default=None))
            if (wrote or finished) and progress:
                progress(job.progress())
    except BaseException:
        workers_module.stop_now(pool)  # Ctrl-C: never wait for a worker stuck on a file
        raise
    pool.shutdown(wait=True, cancel_futures=True)
