"""Shared test set-up: Qt runs offscreen, and every test gets a real catalogue of its own.

`catalog` is a SQLite file by default. A folder whose tests hold on both backends overrides the
`backend` fixture with both (see tests/catalog/conftest.py): each of its tests then also runs on
a fresh database of a throw-away PostgreSQL server that this run starts from the machine's own
binaries (tests/pg_cluster.py) and stops at its end, passed or failed. Without the binaries the
PostgreSQL runs are skipped with a line saying how to get them. A test that holds on SQLite only
says so with `@pytest.mark.sqlite_only`.

$ARCHIVE_APP_TEST_POSTGRES_URL names an existing server instead (a role that may create
databases), e.g. postgresql://archive@127.0.0.1/postgres.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("ARCHIVE_APP_CATALOG", None)

from pg_cluster import ClusterUnavailable, ExistingServer, PostgresCluster  # noqa: E402

from archive_app.catalog.database import Catalog, open_catalog  # noqa: E402
from archive_app.catalog.demo import seed_demo  # noqa: E402

TEMPLATE = "archive_template"
_EXIT_STATUS = pytest.StashKey[int]()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config.stash[_EXIT_STATUS] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """End a run that loaded Qt without the interpreter's final garbage collection.

    After every test has passed and the summary is written, PySide6 6.12 on Python 3.11 can abort
    in that last collection ("bool_dealloc: deallocating True or False", exit 134), depending on
    which GUI tests ran together: a refcount slip inside PySide6, not in the catalogue. The
    verdict is already reported and every server this run started is stopped by then, so the
    run ends with its own status instead of the abort.
    """
    if "PySide6" not in sys.modules or _EXIT_STATUS not in config.stash:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(config.stash[_EXIT_STATUS])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out the PostgreSQL runs of tests marked sqlite_only (deselected, not skipped)."""
    kept, dropped = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        on_server = params.get("backend") == "postgresql"
        (dropped if on_server and item.get_closest_marker("sqlite_only") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresCluster | ExistingServer]:
    """The run's PostgreSQL server, started on first use and stopped at the end of the run."""
    url = os.environ.get("ARCHIVE_APP_TEST_POSTGRES_URL")
    if url:
        yield ExistingServer(url)
        return
    try:
        cluster = PostgresCluster.start()
    except ClusterUnavailable as exc:
        pytest.skip(f"no PostgreSQL for the server runs: {exc}")
    try:
        yield cluster
    finally:
        cluster.stop()


def _fill_template(url: str) -> None:
    open_catalog(url).close()


@pytest.fixture(scope="session")
def postgres_template(postgres_server) -> str:
    """An empty catalogue on the server, created once and copied for each test."""
    postgres_server.drop_database(TEMPLATE)
    return postgres_server.make_template(TEMPLATE, _fill_template)


@pytest.fixture
def server_database(postgres_server, postgres_template) -> Iterator[str]:
    """The URL of a fresh catalogue database of this test's own, dropped after it."""
    name = postgres_server.create_database(template=postgres_template)
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


@pytest.fixture(autouse=True)
def own_storage_locations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test maps storage locations in a settings file of its own, never the user's."""
    from archive_app.catalog import locations

    monkeypatch.setenv(locations.CONFIG_VARIABLE, str(tmp_path / "locations.json"))
    yield
    locations.clear_overrides()


@pytest.fixture
def backend() -> str:
    """The database the catalogue fixtures use here: SQLite (folders may ask for both)."""
    return "sqlite"


@pytest.fixture
def catalog_path(tmp_path: Path) -> Path:
    return tmp_path / "catalog.db"


@pytest.fixture
def catalog_location(request: pytest.FixtureRequest, backend: str, catalog_path: Path) -> str:
    """Where `catalog` lives: the SQLite file, or the URL of a fresh server database."""
    if backend == "sqlite":
        return str(catalog_path)
    return request.getfixturevalue("server_database")


@pytest.fixture
def catalog(catalog_location: str) -> Iterator[Catalog]:
    """An empty catalogue in a real SQLite file or on a real PostgreSQL server."""
    opened = open_catalog(catalog_location)
    yield opened
    opened.close()


@pytest.fixture
def demo_catalog(catalog: Catalog) -> Catalog:
    """A catalogue holding the demo (the Vlasov article)."""
    seed_demo(catalog)
    return catalog
