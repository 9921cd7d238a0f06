"""The catalogue layer holds on both backends: every test here that uses a catalogue runs on a
SQLite file and on a fresh PostgreSQL database (see tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(params=("sqlite", "postgresql"))
def backend(request: pytest.FixtureRequest) -> str:
    return request.param
