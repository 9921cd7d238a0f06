"""Fixtures of the import tests: a folder of real images made with Pillow."""

from __future__ import annotations

from pathlib import Path

import pytest
from imagefiles import Images


@pytest.fixture
def images(tmp_path: Path) -> Images:
    folder = tmp_path / "scans"
    folder.mkdir()
    return Images(folder)
