"""When Qt cannot open a window, the program says which packages are missing."""

from __future__ import annotations

import os
import subprocess
import sys

from archive_app.gui.platform_check import (
    XCB_LIBRARIES,
    missing_libraries_message,
    missing_packages,
    platform_problem,
)


def test_missing_libraries_are_named_by_their_debian_packages():
    absent = {"libxcb-cursor.so.0", "libEGL.so.1"}
    packages = missing_packages(loads=lambda soname: soname not in absent)
    assert packages == ["libxcb-cursor0", "libegl1"]
    message = missing_libraries_message(packages)
    assert "sudo apt-get install libxcb-cursor0 libegl1" in message


def test_a_missing_xcb_library_is_reported_before_qt_can_abort():
    env = {"DISPLAY": ":0"}
    problem = platform_problem(env, "linux", loads=lambda soname: "cursor" not in soname)
    assert problem is not None and "libxcb-cursor0" in problem
    assert platform_problem(env, "linux", loads=lambda soname: True) is None


def test_no_display_is_reported_with_the_ways_out():
    problem = platform_problem({}, "linux", loads=lambda soname: True)
    assert problem is not None
    assert "DISPLAY" in problem and "offscreen" in problem


def test_other_platforms_and_chosen_plugins_are_left_to_qt():
    assert platform_problem({}, "darwin") is None
    assert platform_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert platform_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None


def test_every_required_library_maps_to_a_package():
    assert all(package for package in XCB_LIBRARIES.values())


def test_the_program_prints_the_message_and_exits_1_instead_of_aborting(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env["QT_QPA_PLATFORM"] = "xcb"
    result = subprocess.run(
        [sys.executable, "-m", "archive_app", "--catalog", str(tmp_path / "c.db")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    assert "cannot open its window" in result.stderr
    assert "Traceback" not in result.stderr and "Aborted" not in result.stderr
