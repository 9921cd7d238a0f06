"""Saying clearly why a window cannot open, instead of letting Qt abort.

On Linux, Qt's `xcb` platform plugin needs a handful of system libraries that a desktop has but
a server or a fresh container often lacks (libxcb-cursor0 above all). Qt's own reaction is a
fatal error and an abort. We look for the libraries first and name the packages to install; a Qt
message handler catches whatever else makes the plugin fail.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Iterable

#: shared library -> the Debian/Ubuntu package that provides it.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}

ALL_PACKAGES = " ".join(XCB_LIBRARIES.values())


def library_loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_packages(
    libraries: dict[str, str] = XCB_LIBRARIES, loads: Callable[[str], bool] = library_loads
) -> list[str]:
    """The packages whose libraries cannot be loaded."""
    return [package for soname, package in libraries.items() if not loads(soname)]


def missing_libraries_message(packages: Iterable[str]) -> str:
    names = " ".join(packages)
    return (
        "archive-app cannot open its window: Qt's platform plugin 'xcb' needs system libraries "
        f"that are missing. On Debian or Ubuntu install them with: sudo apt-get install {names}. "
        "The command line (archive-app --help) works without them."
    )


def no_display_message() -> str:
    return (
        "archive-app cannot open its window: there is no display (neither DISPLAY nor "
        "WAYLAND_DISPLAY is set). Run it in a desktop session, under xvfb-run, or with "
        "QT_QPA_PLATFORM=offscreen; the command line (archive-app --help) needs no display."
    )


def plugin_failed_message(detail: str) -> str:
    return (
        f"archive-app cannot open its window: Qt's platform plugin failed ({detail.strip()}). "
        f"On Debian or Ubuntu these packages are usually what is missing: {ALL_PACKAGES}."
    )


def platform_problem(
    environ: dict[str, str] | None = None,
    platform: str = sys.platform,
    loads: Callable[[str], bool] = library_loads,
) -> str | None:
    """A message saying why the window cannot open, or None when it should open."""
    env = os.environ if environ is None else environ
    if not platform.startswith("linux"):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen and not chosen.startswith("xcb"):
        return None  # offscreen, wayland, vnc ...: the user chose; Qt reports on its own
    if not chosen and env.get("WAYLAND_DISPLAY"):
        return None  # Qt picks the wayland plugin, which does not need the xcb libraries
    if not env.get("DISPLAY"):
        return no_display_message()
    missing = missing_packages(loads=loads)
    if missing:
        return missing_libraries_message(missing)
    return None


def install_fatal_handler() -> None:
    """Turn Qt's fatal 'could not load the platform plugin' into our one-paragraph message."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            print(
                plugin_failed_message(message.splitlines()[0] if message else ""), file=sys.stderr
            )
            sys.stderr.flush()
            os._exit(1)
        if kind in (QtMsgType.QtCriticalMsg,) or "platform plugin" in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)
