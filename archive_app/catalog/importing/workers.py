"""The import's worker processes die with the process that started them.

A worker killed with its parent (SIGKILL, a crash, a closed terminal) would otherwise live on,
parented to init, blocked on a queue no one writes to, and holding the caller's stdout open. Each
worker therefore watches its parent: a thread waits on the parent's sentinel (a pipe on POSIX,
a process handle on Windows; multiprocessing gives every spawned child one) and ends the worker
the moment it fires. On Linux, prctl(PR_SET_PDEATHSIG) has the kernel send SIGKILL as well."""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1


def start_worker() -> None:
    """Run in each worker as it starts (the pool's initializer)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    _kernel_kills_us_with_parent()
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_when_gone, args=(parent,), daemon=True).start()


def _kernel_kills_us_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # the watchdog thread still ends the worker


def _exit_when_gone(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()  # returns when the parent's sentinel fires: the parent has ended
    os._exit(1)


def stop_now(pool: ProcessPoolExecutor) -> None:
    """End a pool's workers at once (an interrupted import must not wait for a worker stuck on
    a file), then let the pool go."""
    workers = list((getattr(pool, "_processes", None) or {}).values())  # the pool has no API
    for process in workers:
        if process.is_alive():
            process.terminate()
    for process in workers:  # gone before the caller carries on (or exits holding nothing)
        process.join(timeout=2)
    pool.shutdown(wait=False, cancel_futures=True)
