"""The catalogue layer has no Qt in it: the GUI and CLI are thin faces on it."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import archive_app.catalog

CATALOG_DIR = Path(archive_app.catalog.__file__).parent


def test_no_catalog_module_imports_pyside6_in_its_source():
    offenders = []
    for path in CATALOG_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"} for n in names):
                offenders.append(str(path))
    assert offenders == []


def test_importing_every_catalog_module_loads_no_qt():
    modules = [
        m.name for m in pkgutil.walk_packages([str(CATALOG_DIR)], prefix="archive_app.catalog.")
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "import archive_app.cli\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
