"""Fixtures of the citation tests: the reference corpus (every item type an archive meets, with
hostile text), citeproc-js's outputs for it, and a catalogue holding it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from archive_app.catalog.database import Catalog
from archive_app.catalog.sources.import_sources import import_items

REFERENCE = Path(__file__).parent / "reference"
FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> Any:
    return json.loads((REFERENCE / name).read_text("utf-8"))


@pytest.fixture(scope="session")
def corpus() -> list[dict[str, Any]]:
    return load("items.json")


@pytest.fixture(scope="session")
def expected() -> dict[str, Any]:
    return load("expected.json")


@pytest.fixture(scope="session")
def cite_list() -> list[dict[str, Any]]:
    return load("cites.json")


@pytest.fixture(scope="session")
def csl_schema() -> dict[str, Any]:
    return json.loads((FIXTURES / "csl-data.schema.json").read_text("utf-8"))


@pytest.fixture
def corpus_catalog(catalog: Catalog, corpus: list[dict[str, Any]]) -> Catalog:
    """A catalogue whose sources are the corpus, imported in order (so `source-N` ids match)."""
    report = import_items(corpus)
    assert report.created == list(range(1, len(corpus) + 1))
    return catalog
