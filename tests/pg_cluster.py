"""A throw-away PostgreSQL cluster for the test run: initdb in a temporary folder, a server on a
unix socket there (and a loopback port), one template catalogue, a fresh database per test.

Run as root, the server runs as `nobody` (PostgreSQL refuses to run as root): the folder is
handed to that user and every server program is started through `runuser`, so no user needs to
be created. Settings trade durability for speed (fsync off): nothing here outlives the run.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from archive_app.catalog.postgres_programs import find_program, missing_message

SUPERUSER = "postgres"
#: libpq URL parameters that make sure no other server is reached by accident
_SERVER_SETTINGS = (
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
    "-c max_connections=60 -c shared_buffers=32MB -c listen_addresses=127.0.0.1"
)
#: connections over the socket are trusted; over TCP only the superuser is, the others give
#: their passwords (so that the password tests test something)
_HBA = f"""local all all trust
host all {SUPERUSER} 127.0.0.1/32 trust
host all all 127.0.0.1/32 scram-sha-256
"""


class ClusterUnavailable(Exception):
    """This machine cannot run a PostgreSQL cluster; the message says why and what to do."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop_on_sigterm() -> None:
    """A run ended by SIGTERM (a CI timeout, kill) exits through Python's exit path, so that
    the fixture's finaliser and atexit stop the server instead of leaving it running."""
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))


class PostgresCluster:
    """One running server; `stop()` ends it and removes its folder."""

    def __init__(self, folder: Path, bindir: Path, port: int, run_as: str | None) -> None:
        self.folder = folder
        self.bindir = bindir
        self.port = port
        self.run_as = run_as
        self.data = folder / "data"
        self._names = itertools.count(1)
        self._admin = None
        self._stopped = False

    # --- starting and stopping -------------------------------------------------------------

    @classmethod
    def start(cls, settings: str = "") -> PostgresCluster:
        """Start a server; `settings` adds `-c name=value` options (a benchmark's memory)."""
        initdb = find_program("initdb")
        if initdb is None or find_program("pg_ctl") is None:
            raise ClusterUnavailable(missing_message("initdb" if initdb is None else "pg_ctl"))
        run_as = "nobody" if os.geteuid() == 0 else None
        if run_as and shutil.which("runuser") is None:
            raise ClusterUnavailable("running as root needs runuser to start PostgreSQL as nobody")
        folder = Path(tempfile.mkdtemp(prefix="archive-app-pg-"))
        if run_as:
            user = pwd.getpwnam(run_as)
            os.chown(folder, user.pw_uid, user.pw_gid)
        cluster = cls(folder, initdb.parent, _free_port(), run_as)
        atexit.register(cluster.stop)
        _stop_on_sigterm()
        try:
            cluster._initdb()
            cluster._pg_ctl("start", "-w", "-t", "60", "-l", str(folder / "server.log"), "-o",
                            f"{_SERVER_SETTINGS} {settings} -p {cluster.port} "
                            f"-c unix_socket_directories={folder}")  # fmt: skip
        except BaseException:
            cluster.stop()
            raise
        return cluster

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bindir / program), *args]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        done = subprocess.run(command, cwd=self.folder, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ClusterUnavailable(
                f"{program} {' '.join(args[:1])} failed: {done.stderr.strip()} {tail}".strip()
            )

    def _initdb(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        (self.data / "pg_hba.conf").write_text(_HBA)

    def _pg_ctl(self, *args: str) -> None:
        self._run("pg_ctl", "-D", str(self.data), *args)

    def stop(self) -> None:
        """Stop the server (fast: open sessions are ended) and remove its folder; idempotent."""
        if self._stopped:
            return
        self._stopped = True
        if self._admin is not None:
            with contextlib.suppress(Exception):
                self._admin.close()
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(Exception):
                self._pg_ctl("stop", "-m", "fast", "-w", "-t", "60")
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- addresses -------------------------------------------------------------------------

    def url(self, database: str, user: str = SUPERUSER, **params: str) -> str:
        """A libpq URL of a database on the server's socket (or over TCP with tcp=True)."""
        query = {"host": str(self.folder), "port": str(self.port), **params}
        if query.pop("tcp", None):
            query["host"] = "127.0.0.1"
        encoded = "&".join(f"{key}={quote(value, safe='/')}" for key, value in query.items())
        return f"postgresql://{quote(user)}@/{database}?{encoded}"

    def admin(self):  # noqa: ANN201 - a psycopg connection
        """The superuser's connection to the maintenance database (autocommit)."""
        if self._admin is None or self._admin.closed:
            import psycopg

            self._admin = psycopg.connect(self.url("postgres"), autocommit=True)
        return self._admin

    def execute(self, sql: str, params: tuple[object, ...] = ()) -> None:
        self.admin().execute(sql, params)

    # --- databases -------------------------------------------------------------------------

    def create_database(self, template: str | None = None) -> str:
        name = f"test_{next(self._names)}"
        clause = f" TEMPLATE {template}" if template else ""
        self.execute(f"CREATE DATABASE {name}{clause}")
        return name

    def make_template(self, name: str, fill: Callable[[str], None]) -> str:
        """A database filled once by `fill(url)`, which per-test databases are copied from."""
        self.execute(f"CREATE DATABASE {name}")
        fill(self.url(name))
        self.execute(f"ALTER DATABASE {name} WITH IS_TEMPLATE true")
        return name

    def drop_database(self, name: str) -> None:
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class ExistingServer(PostgresCluster):
    """A server someone else runs ($ARCHIVE_APP_TEST_POSTGRES_URL): databases are made and
    dropped on it as on the throw-away cluster, through a role that may create databases."""

    def __init__(self, url: str) -> None:
        from urllib.parse import urlsplit, urlunsplit

        super().__init__(Path(tempfile.gettempdir()), Path(), 0, None)
        self._split = urlsplit(url)
        self._urlunsplit = urlunsplit

    def url(self, database: str, user: str | None = None, **params: str) -> str:
        parts = self._split._replace(path=f"/{database}")
        return self._urlunsplit(parts)

    def stop(self) -> None:
        if self._admin is not None:
            with contextlib.suppress(Exception):
                self._admin.close()
