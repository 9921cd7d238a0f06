"""The other program in the desktop tests of two people on one catalogue: a colleague running
`archive-app` in a process of its own on the same catalogue, while the window is open on Vlasov
(the demo's subject)."""

from __future__ import annotations

import os
import subprocess
import sys

from archive_app.catalog.models import Person

COLLEAGUE = "Olga in the reading room"


def signed(name: str, catalog_location: str) -> str:
    """Who the journal names: on a server also the database role (the tests' is postgres)."""
    return f"{name} (as postgres)" if catalog_location.startswith("postgresql") else name


def vlasov() -> Person:
    return Person.get(Person.name == "Andrey Andreyevich Vlasov")


def from_terminal(catalog_location, *args: str) -> None:
    """`archive-app ARGS…` in a process of its own, as the colleague would run it."""
    subprocess.run(
        [sys.executable, "-m", "archive_app", "--catalog", str(catalog_location), *args],
        check=True,
        capture_output=True,
        timeout=120,
        env={**os.environ, "ARCHIVE_APP_USER": COLLEAGUE},
    )


def open_vlasov(window) -> None:
    person = vlasov()
    window.open_record("person", person.id)
    assert window.detail.editor.record_id == person.id
