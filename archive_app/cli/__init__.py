"""The command line: `archive-app [--catalog PATH_OR_URL] COMMAND ...`.

Each command lives in its own module `archive_app/cli/*_command.py` with a
`register(subparsers)` function (found automatically, in the order of ORDER, then by name); the
module sets `run=` on its parser to a function `(args) -> exit status`. Exit status: 0 success,
1 the work ran but something was refused or found, 2 bad usage. Errors are one line on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

from archive_app import __version__
from archive_app.catalog import locations
from archive_app.catalog.changes import ChangeSet, subscribe
from archive_app.catalog.errors import CatalogError
from archive_app.cli.common import EXIT_USAGE, UsageError, fail

#: commands listed first in `--help`; the rest follow by name.
ORDER = (
    "gui_command",
    "demo_command",
    "record_command",
    "edit_command",
    "link_command",
    "tag_command",
    "history_command",
)


def command_modules() -> list[ModuleType]:
    """Every `*_command` module of this package, so a new command needs no edit here."""
    names = [info.name for info in pkgutil.iter_modules(__path__) if info.name.endswith("_command")]
    names.sort(key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))
    return [importlib.import_module(f"{__name__}.{name}") for name in names]


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="archive-app",
        description="A desktop catalogue for photographic archives.",
    )
    parser.add_argument("--version", action="version", version=f"archive-app {__version__}")
    parser.add_argument(
        "--catalog",
        metavar="PATH_OR_URL",
        help="the catalogue: a SQLite file (default ./catalog.db, or $ARCHIVE_APP_CATALOG) "
        "or a postgresql:// URL",
    )
    parser.add_argument(
        "--location",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="where a storage location is on this desktop, for this run (repeatable)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in command_modules():
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "gui"])
        locations.clear_overrides()
        for spec in args.location:
            locations.override(spec)
        return _run_and_say_how_to_undo(args)
    except UsageError as exc:
        return fail(str(exc), EXIT_USAGE)
    except CatalogError as exc:
        return fail(str(exc), exc_status(exc))
    except KeyboardInterrupt:
        return fail("interrupted", 1)
    except BrokenPipeError:
        return 1
    except UnicodeEncodeError as exc:  # bytes that are not UTF-8 in an argument (or a name)
        shown = exc.object[exc.start : exc.end].encode("utf-8", "surrogateescape")
        return fail(f"{shown!r} is not UTF-8 text; write it in UTF-8", EXIT_USAGE)
    except OSError as exc:
        return fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "), 1)


def _run_and_say_how_to_undo(args: argparse.Namespace) -> int:
    """Run the command; after a text report, name each change it committed and how to undo it
    (the --json documents stay as the README gives them)."""
    made: list[ChangeSet] = []
    unsubscribe = subscribe(made.append)
    try:
        status = int(args.run(args))
    finally:
        unsubscribe()
    if not getattr(args, "json", False):
        for change_set in made:
            print(
                f"change {change_set.change_id}: {change_set.label} "
                f"(undo with: archive-app revert {change_set.change_id})"
            )
    return status


def exc_status(exc: CatalogError) -> int:
    return EXIT_USAGE if isinstance(exc, UsageError) else 1
