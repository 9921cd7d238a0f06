"""Database roles for the team-catalogue tests, made with the README's grants word for word."""

from __future__ import annotations

import psycopg
from pg_cluster import PostgresCluster

#: the README's GRANTs for archivists who may change the catalogue ({db} and {role} filled in)
WRITER_GRANTS = """
GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {role};
GRANT USAGE ON SCHEMA public TO {role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role};
"""
#: the README's GRANTs for researchers, who read and search only
READER_GRANTS = """
GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {role};
GRANT USAGE ON SCHEMA public TO {role};
GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {role};
"""


def database_name(url: str) -> str:
    """The database of a test server URL (postgresql://user@/NAME?host=…)."""
    return url.split("/")[3].split("?")[0]


def make_role(
    server: PostgresCluster, url: str, kind: str, grants: str, password: str | None = None
) -> str:
    """A login role on the database at `url` (named after `kind` and the database), given
    `grants`; returns its name."""
    name = database_name(url)
    role = f"{kind}_{name}"
    login = f"LOGIN PASSWORD '{password}'" if password else "LOGIN"
    server.execute(f"CREATE ROLE {role} {login}")
    with psycopg.connect(url, autocommit=True) as owner:
        owner.execute(grants.format(db=name, role=role))
    return role
