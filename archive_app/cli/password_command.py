"""`archive-app password [--forget] [--stdin]`: keep a server catalogue's password in the
system keyring, or remove it; the program never writes a password to a file of its own."""

from __future__ import annotations

import argparse
import getpass
import sys

from archive_app.catalog import server_passwords
from archive_app.catalog.database import is_server_url, resolve_location, shown_location
from archive_app.cli.common import UsageError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "password",
        help="keep the server catalogue's password in the system keyring (or --forget it)",
        description="Asks for the password of the --catalog URL's database role and keeps it in "
        "the system keyring (GNOME Keyring, KWallet, the macOS Keychain, Windows' Credential "
        "Locker) under role@host:port/database; every later run and the desktop program find "
        "it there when the URL and $PGPASSWORD give none. libpq's ~/.pgpass works as well.",
    )
    parser.add_argument("--forget", action="store_true", help="remove the kept password")
    parser.add_argument(
        "--stdin", action="store_true", help="read the password from the first line of stdin"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    url = resolve_location(args.catalog)
    if not is_server_url(url):
        raise UsageError("a password is for a server catalogue: give --catalog postgresql://…")
    if args.forget:
        if server_passwords.forget_password(url):
            print(f"the keyring no longer keeps a password for {server_passwords.account(url)}")
            return 0
        print(f"the keyring kept no password for {server_passwords.account(url)}")
        return 1
    if args.stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(f"password for {shown_location(url)}: ")
    name = server_passwords.keep_password(url, password)
    print(f"the password for {name} is kept in the system keyring")
    return 0
