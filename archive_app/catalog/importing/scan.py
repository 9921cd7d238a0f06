"""Which files an import takes: the files named, and the images in the folders named.

A file named on the command line (or dropped on the window) is always tried, whatever its name,
so a text file called `scan.jpg` is refused with a reason rather than skipped in silence. Inside a
folder only files with an image extension are taken (a folder of scans also holds sidecars,
notes and `Thumbs.db`); subfolders only with `recursive`. Hidden files and folders are passed
over. Folder links are not followed, so a link loop cannot make an import endless. What is not
a regular file (a named pipe, a socket, a device, a link that points to itself or to nothing)
is never opened: it is reported as skipped, whether named or found in a folder.

Names are kept as the operating system gives them: on POSIX a name that is not valid UTF-8
carries surrogate escapes, and `display_path` turns any name into text that is safe to print
and to put in JSON.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

IMAGE_EXTENSIONS = frozenset(
    {".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".tif", ".tiff", ".webp", ".gif", ".mpo"}
    | {".heic", ".heif", ".hif"}
)


@dataclass(frozen=True)
class Candidate:
    """A file to try, or a path named by the user that cannot be tried (with the reason)."""

    path: str
    reason: str | None = None


def display_path(path: str) -> str:
    """The path as printable text: bytes that are not UTF-8 become `\\xNN` escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def has_image_extension(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in IMAGE_EXTENSIONS


def _unusable(path: str) -> str | None:
    """Why a path that is not a regular file cannot be imported (None for a regular file).

    A named pipe would make the import wait forever for someone to write into it, a device
    would be read without end, and a link that points to itself cannot be followed."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if os.path.islink(path):
            if exc.errno == errno.ELOOP:
                return "is a link that points to itself (a link loop); skipped"
            return "is a link to something that does not exist; skipped"
        return f"cannot be read ({exc.strerror or exc}); skipped"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "is a named pipe, not a file; skipped"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file; skipped"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file; skipped"
    return "is not a regular file; skipped"


def _entry(entry: os.DirEntry[str]) -> Candidate | None:
    """What an entry of a folder gives the import: an image file, a file it must say it
    skipped (a named pipe, a device, a link it cannot follow), or nothing."""
    try:
        regular = entry.is_file()
    except OSError:  # a link loop
        regular = False
    if regular:
        return Candidate(entry.path) if has_image_extension(entry.name) else None
    if entry.is_symlink() or not entry.is_dir():
        reason = _unusable(entry.path)
        return Candidate(entry.path, reason) if reason else None
    return None


def _walk(folder: str, recursive: bool) -> Iterator[Candidate]:
    """The folder's files (by name), then each subfolder's in turn, without recursion: a tree
    thousands of folders deep is walked like a shallow one."""
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(entry.path)
                    continue
                found = _entry(entry)
            except OSError:
                continue
            if found is not None:
                yield found
        if recursive:
            pending.extend(reversed(subfolders))


def _folder_problem(folder: str) -> str | None:
    try:
        os.scandir(folder).close()
    except PermissionError:
        return "is a folder that cannot be read (permission denied)"
    except OSError as exc:
        return f"is a folder that cannot be read ({exc.strerror or exc})"
    return None


def candidates(paths: Iterable[str], recursive: bool = False) -> Iterator[Candidate]:
    """Every file the import should try, in a stable order, each once."""
    seen: set[str] = set()
    for given in paths:
        path = os.path.abspath(os.fspath(given))
        if os.path.isdir(path):
            problem = _folder_problem(path)
            if problem:
                yield Candidate(path, problem)
                continue
            found: Iterable[Candidate] = _walk(path, recursive)
        elif os.path.lexists(path):
            found = [Candidate(path, _unusable(path))]
        else:
            yield Candidate(path, "does not exist")
            continue
        for candidate in found:
            if candidate.path not in seen:
                seen.add(candidate.path)
                yield candidate
