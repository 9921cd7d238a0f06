"""A server catalogue's password in the system keyring (GNOME Keyring, KWallet, macOS Keychain,
Windows Credential Locker), never in a file of the program's.

libpq itself reads `~/.pgpass` and `$PGPASSWORD`; this adds the keyring: when the server wants a
password those did not give (and the URL carries none, and `$PGPASSWORD` is not set), the one
kept there for the role on that server and database is tried (looking the keyring up costs a
tenth of a second, so it is not done before it is needed). An entry is named
`role@host:port/database`, under the service "archive_app". Without the `keyring` package or a
keyring service, nothing is looked up, and keeping a password says how else to give it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from archive_app.catalog.errors import CatalogError

SERVICE = "archive_app"
DEFAULT_PORT = "5432"


def account(url: str) -> str:
    """The keyring entry's name for a server URL: role@host:port/database."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        given = conninfo_to_dict("postgresql://" + url.split("://", 1)[1])
    except Exception as exc:  # noqa: BLE001 - psycopg's ProgrammingError or a parse error
        raise CatalogError(f"not a server catalogue URL: {' '.join(str(exc).split())}") from exc
    user = given.get("user") or os.environ.get("PGUSER") or _login_name()
    host = given.get("host") or os.environ.get("PGHOST") or "localhost"
    port = given.get("port") or os.environ.get("PGPORT") or DEFAULT_PORT
    database = given.get("dbname") or os.environ.get("PGDATABASE") or user
    return f"{user}@{host}:{port}/{database}"


def _login_name() -> str:
    import getpass

    return getpass.getuser()


def _keyring() -> Any | None:
    """The keyring package when it has a working backend, else None."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    if isinstance(keyring.get_keyring(), fail.Keyring):
        return None
    return keyring


def stored_password(url: str) -> str | None:
    """The password kept in the keyring for this URL's role, server and database, if any, when
    neither the URL nor $PGPASSWORD gives one."""
    if urlsplit(url).password is not None or os.environ.get("PGPASSWORD"):
        return None
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        return keyring.get_password(SERVICE, account(url))
    except Exception:  # noqa: BLE001 - a locked or broken keyring: libpq's own ways remain
        return None


def _required() -> Any:
    keyring = _keyring()
    if keyring is None:
        raise CatalogError(
            "no system keyring is available here (install the 'keyring' package and a keyring "
            "service such as GNOME Keyring or KWallet); give the password in ~/.pgpass "
            "(mode 600) or $PGPASSWORD instead"
        )
    return keyring


def keep_password(url: str, password: str) -> str:
    """Keep a password in the keyring for this URL's role; returns the entry's name."""
    if not password:
        raise CatalogError("the password is empty; nothing was kept")
    name = account(url)
    try:
        _required().set_password(SERVICE, name, password)
    except CatalogError:
        raise
    except Exception as exc:  # noqa: BLE001 - the keyring's own refusal, said in one line
        raise CatalogError(f"the keyring refused: {' '.join(str(exc).split())}") from exc
    return name


def forget_password(url: str) -> bool:
    """Remove the keyring's password for this URL's role; False when there was none."""
    name = account(url)
    keyring = _required()
    try:
        keyring.delete_password(SERVICE, name)
    except keyring.errors.PasswordDeleteError:
        return False
    return True


#: what libpq says when the server wants a password it was not given, or a wrong one
_ASKS_FOR_PASSWORD = ("no password supplied", "password authentication failed")


def wants_password(message: str) -> bool:
    """Whether a failure to open a server catalogue was for want of the right password."""
    return any(words in message for words in _ASKS_FOR_PASSWORD)


def with_password(url: str, password: str) -> str:
    """The URL with a password for this run (shown_location() leaves it out of every message)."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    user = quote(unquote(parts.username or ""), safe="")
    return urlunsplit(parts._replace(netloc=f"{user}:{quote(password, safe='')}@{host}"))


#: asked for a password: (the URL, what the server said) -> the password, or None
AskPassword = Callable[[str, str], "str | None"]


def keyring_available() -> bool:
    return _keyring() is not None


def open_asking_password(location: str, ask: AskPassword, tries: int = 3) -> tuple[Any, str | None]:
    """Open a catalogue; when its server wants a password nobody gave, ask for it (up to
    `tries` times). Returns the catalogue and the password that opened it (None when none was
    asked). Any other failure, or no answer, raises the CatalogOpenError."""
    from archive_app.catalog.database import is_server_url, open_catalog
    from archive_app.catalog.errors import CatalogOpenError

    try:
        return open_catalog(location), None
    except CatalogOpenError as exc:
        if not (is_server_url(location) and wants_password(str(exc))):
            raise
        refused = exc
    for _ in range(tries):
        password = ask(location, str(refused))
        if password is None:
            break
        try:
            return open_catalog(with_password(location, password)), password
        except CatalogOpenError as exc:
            if not wants_password(str(exc)):
                raise
            refused = exc
    raise refused
