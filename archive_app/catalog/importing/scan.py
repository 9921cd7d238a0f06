"""Which files an import takes: the files named, and the images in the folders named.

A file named on the command line (or dropped on the window) is always tried, whatever its name,
so a text file called `scan.jpg` is refused with a reason rather than skipped in silence. Inside a
folder only files with an image extension are taken (a folder of scans also holds sidecars,
notes and `Thumbs.db`); subfolders only with `recursive`. Hidden files and folders are passed
over. Folder links are not followed, so a link loop cannot make an import endless.

Names are kept as the operating system gives them: on POSIX a name that is not valid UTF-8
carries surrogate escapes, and `display_path` turns any name into text that is safe to print
and to put in JSON.
"""

from __future__ import annotations

import os
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


def _walk(folder: str, recursive: bool) -> Iterator[str]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    subfolders = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                subfolders.append(entry.path)
            elif entry.is_file() and has_image_extension(entry.name):
                yield entry.path
        except OSError:
            continue
    if recursive:
        for subfolder in subfolders:
            yield from _walk(subfolder, recursive)


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
            found: Iterable[str] = _walk(path, recursive)
        elif os.path.lexists(path):
            found = [path]
        else:
            yield Candidate(path, "does not exist")
            continue
        for file_path in found:
            if file_path not in seen:
                seen.add(file_path)
                yield Candidate(file_path)
