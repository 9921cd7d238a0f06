"""Asking for a server catalogue's password when the server wants one nobody gave (not in the
URL, $PGPASSWORD, ~/.pgpass or the system keyring), with the offer to keep it in the keyring."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from archive_app.catalog.database import shown_location
from archive_app.catalog.server_passwords import account, keyring_available

NO_KEYRING_TIP = (
    "No system keyring is available here: give the password in ~/.pgpass (mode 600) or "
    "$PGPASSWORD to be asked no more"
)


class PasswordDialog(QDialog):
    """The password of the URL's database role; `keep` says whether to keep it in the keyring."""

    def __init__(self, url: str, said: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Password for the catalogue server")
        self.setMinimumWidth(480)
        heading = QLabel(f"The server of <b>{shown_location(url)}</b> asks for a password.")
        heading.setWordWrap(True)
        reason = QLabel(said)
        reason.setObjectName("server_said")
        reason.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.keep = QCheckBox(f"Keep it in the system keyring as {account(url)}")
        self.keep.setObjectName("keep_password")
        if not keyring_available():
            self.keep.setEnabled(False)
            self.keep.setToolTip(NO_KEYRING_TIP)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Password", self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(reason)
        layout.addLayout(form)
        layout.addWidget(self.keep)
        layout.addWidget(buttons)

    def keeps(self) -> bool:
        return self.keep.isEnabled() and self.keep.isChecked()


class PasswordAsker:
    """An `ask` for server_passwords.open_asking_password that shows the dialog; `keep` says
    whether the archivist asked to keep the last password given."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent
        self.keep = False

    def __call__(self, url: str, said: str) -> str | None:
        dialog = PasswordDialog(url, said, self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        self.keep = dialog.keeps()
        return dialog.password.text()
