"""What the command-line tests share: running `archive-app` in-process, and a demo catalogue."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from archive_app.cli import main

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(capsys) -> Cli:
    """`cli("--catalog", path, "list", "person")` -> (exit status, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        status = main(list(argv))
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


@pytest.fixture
def demo_db(tmp_path, cli) -> str:
    path = str(tmp_path / "x.db")
    status, out, _ = cli("--catalog", path, "demo")
    assert status == 0 and "seeded" in out
    return path
