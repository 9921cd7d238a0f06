"""Shared test set-up: Qt runs offscreen, and every test gets a real catalogue file of its own."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("ARCHIVE_APP_CATALOG", None)

from archive_app.catalog.database import Catalog, open_catalog  # noqa: E402
from archive_app.catalog.demo import seed_demo  # noqa: E402


@pytest.fixture
def catalog_path(tmp_path: Path) -> Path:
    return tmp_path / "catalog.db"


@pytest.fixture
def catalog(catalog_path: Path) -> Iterator[Catalog]:
    """An empty catalogue in a real SQLite file."""
    opened = open_catalog(catalog_path)
    yield opened
    opened.close()


@pytest.fixture
def demo_catalog(catalog: Catalog) -> Catalog:
    """A catalogue holding the demo (the Vlasov article)."""
    seed_demo(catalog)
    return catalog
