"""A server that wants a password nobody gave: the desktop program asks for it, tries again on a
wrong one, and keeps it in the system keyring when asked (a keyring of the test's own)."""

from __future__ import annotations

import pytest
from keyring.backends import fail
from keyring_memory import MemoryKeyring, keyring_in_use
from team_roles import WRITER_GRANTS, database_name, make_role

from archive_app.catalog import records
from archive_app.catalog.database import open_catalog
from archive_app.catalog.errors import CatalogOpenError
from archive_app.catalog.server_passwords import keep_password, open_asking_password
from archive_app.gui.password_dialog import PasswordDialog


@pytest.fixture
def guarded_url(postgres_server, server_database, tmp_path, monkeypatch):
    """A catalogue whose role must give the password 'k3pt' (over TCP), with no .pgpass."""
    role = make_role(postgres_server, server_database, "clerk", WRITER_GRANTS, password="k3pt")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    return postgres_server.url(database_name(server_database), user=role, tcp="1")


def test_the_dialog_offers_the_keyring_only_where_there_is_one(qtbot):
    url = "postgresql://anna@db.example/archive"
    with keyring_in_use(fail.Keyring()):
        dialog = PasswordDialog(url, "fe_sendauth: no password supplied")
        qtbot.addWidget(dialog)
        assert not dialog.keep.isEnabled() and ".pgpass" in dialog.keep.toolTip()
        dialog.keep.setChecked(True)
        assert not dialog.keeps()
    with keyring_in_use(MemoryKeyring()):
        dialog = PasswordDialog(url, "fe_sendauth: no password supplied")
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.password, "s3cret")
        dialog.keep.setChecked(True)
        assert dialog.keeps() and dialog.password.text() == "s3cret"
        assert "anna@db.example:5432/archive" in dialog.keep.text()


def test_a_wrong_password_is_asked_again_and_the_right_one_kept(guarded_url):
    asked: list[str] = []
    answers = iter(["wrong", "k3pt"])

    def ask(url: str, said: str) -> str | None:
        asked.append(said)
        return next(answers)

    with keyring_in_use(MemoryKeyring()) as memory:
        catalog, password = open_asking_password(guarded_url, ask)
        with catalog:
            assert records.create("person", name="Typed in the dialog").id
        assert password == "k3pt" and len(asked) == 2
        assert "no password supplied" in asked[0] and "password authentication" in asked[1]
        keep_password(guarded_url, password)
        assert list(memory.kept.values()) == ["k3pt"]
        with open_catalog(guarded_url) as again:  # from the keyring, nobody asked
            assert not again.read_only


def test_no_answer_or_another_failure_is_said_as_before(guarded_url):
    with pytest.raises(CatalogOpenError, match="no password supplied"):
        open_asking_password(guarded_url, lambda url, said: None)
    host_gone = "postgresql://nobody@127.0.0.1:1/x?connect_timeout=2"

    def never(url: str, said: str) -> str | None:
        raise AssertionError("asked for a password when the server is not there")

    with pytest.raises(CatalogOpenError, match="cannot reach"):
        open_asking_password(host_gone, never)


def test_the_asker_gives_the_typed_password_and_remembers_whether_to_keep_it(qtbot, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from archive_app.gui.password_dialog import PasswordAsker

    def answered(dialog: PasswordDialog) -> QDialog.DialogCode:
        dialog.password.setText("s3cret")
        dialog.keep.setChecked(True)
        return QDialog.DialogCode.Accepted

    asker = PasswordAsker()
    with keyring_in_use(MemoryKeyring()):
        monkeypatch.setattr(PasswordDialog, "exec", answered)
        assert asker("postgresql://anna@db/archive", "no password supplied") == "s3cret"
        assert asker.keep
        monkeypatch.setattr(PasswordDialog, "exec", lambda _d: QDialog.DialogCode.Rejected)
        assert asker("postgresql://anna@db/archive", "no password supplied") is None
