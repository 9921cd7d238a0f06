"""The one write path: the faces (cli/ and gui/) never write through the ORM
or SQL themselves; every write goes through a catalogue function, which runs it as a change
(journalled, version-checked, announced). An AST scan of the faces' source proves it."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import archive_app

PACKAGE_DIR = Path(archive_app.__file__).parent

#: calls that write (or open a transaction) whatever they are called on
ALWAYS_WRITES = frozenset(
    {"delete_instance", "insert", "insert_many", "insert_from", "replace_many", "bulk_create",
     "bulk_update", "get_or_create", "execute_sql", "atomic", "transaction", "create_tables",
     "drop_tables"}
)  # fmt: skip
#: calls that write when made on a model class or record (a dict's .update() is fine)
WRITES_ON_MODELS = frozenset({"save", "create", "update", "delete", "replace"})
#: modules whose names are models (and peewee's own)
MODEL_MODULES = ("archive_app.catalog.models", "archive_app.catalog.search.saved", "peewee")


def _model_names(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in MODEL_MODULES:
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def _receiver(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def violations(source: str, where: str) -> list[str]:
    """Each ORM write or raw SQL call in `source`, as `where:line: call`."""
    tree = ast.parse(source)
    models = _model_names(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        receiver = _receiver(node.func.value)
        on_model = receiver in models or (receiver or "").endswith("_db")
        # A record's save() takes no positional argument (QImage.save(path) does), so it counts
        # on any variable but the widget itself: `person.save()` in a dialog is a write.
        row_save = name == "save" and not node.args and receiver not in (None, "self")
        if name in ALWAYS_WRITES or (name in WRITES_ON_MODELS and on_model) or row_save:
            found.append(f"{where}:{node.lineno}: {receiver}….{name}()")
    return found


def _face_violations(face: str) -> list[str]:
    found = []
    for path in sorted((PACKAGE_DIR / face).rglob("*.py")):
        found += violations(path.read_text("utf-8"), str(path.relative_to(PACKAGE_DIR)))
    return found


@pytest.mark.parametrize("face", ["cli", "gui"])
def test_a_face_never_writes_through_the_orm(face):
    assert _face_violations(face) == []


@pytest.mark.parametrize(
    "source",
    [
        "from archive_app.catalog.models import Person\nPerson.create(name='x')",
        "from archive_app.catalog.models import Person\nPerson.get_by_id(1).save()",
        "from archive_app.catalog.models import Person\nPerson.update(name='x').execute()",
        "from archive_app.catalog.models import Person\nPerson.delete().execute()",
        "row.delete_instance()",
        "catalog.database.execute_sql('DELETE FROM person')",
        "from archive_app.catalog.models import catalog_db\nwith catalog_db.atomic(): pass",
        "person = get_record('person', 1)\nperson.name = 'x'\nperson.save()",
    ],
)
def test_the_scan_finds_each_kind_of_orm_write(source):
    assert len(violations(source, "face.py")) == 1


@pytest.mark.parametrize(
    "source",
    [
        "records.create('person', name='x')",
        "records.update('person', 1, 1, name='x')",
        "values = {}\nvalues.update(a=1)",
        "text.replace('a', 'b')",
        "image.save(path)",
        "self.save()",
    ],
)
def test_the_scan_lets_catalogue_calls_and_plain_python_through(source):
    assert violations(source, "face.py") == []


def test_a_gui_file_that_saves_a_record_fails_the_contract(tmp_path, monkeypatch):
    """What the contract is for: a dialog that saves a record itself is caught."""
    face = tmp_path / "gui"
    face.mkdir()
    (face / "rename_dialog.py").write_text(
        "from archive_app.catalog.serialize import get_record\n"
        "def rename(person_id, name):\n"
        "    person = get_record('person', person_id)\n"
        "    person.name = name\n"
        "    person.save()\n",
        "utf-8",
    )
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE_DIR", tmp_path)
    assert _face_violations("gui") == ["gui/rename_dialog.py:5: person….save()"]
