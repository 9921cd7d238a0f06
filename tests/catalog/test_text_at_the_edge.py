"""What text a catalogue may hold is decided once, at the edge (a NUL and bytes that are not
UTF-8 are refused in one line, whichever way they come), and every writer turns the control
characters it cannot hold into spaces."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import bibtexparser
import pytest
import rispy
from lxml import etree

from archive_app.catalog import records
from archive_app.catalog.database import open_catalog
from archive_app.catalog.errors import InvalidField
from archive_app.catalog.exports.json_export import FORMAT_NAME
from archive_app.catalog.models import Person, Source
from archive_app.cli import main

CONTROLS = "Title\x01 with\x08 controls\x1b and a bell\x07"


def _one_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("archive-app: "), err
    return err[0]


@pytest.mark.parametrize(
    ("value", "says"),
    [("bad\x00name", "NUL character"), ("bad\udcffname", "not UTF-8")],
)
def test_add_and_edit_refuse_what_no_catalogue_can_hold(tmp_path, capsys, value, says):
    catalog = str(tmp_path / "c.db")
    assert main(["--catalog", catalog, "add", "person", f"name={value}"]) == 1
    assert says in _one_line(capsys)
    assert main(["--catalog", catalog, "add", "person", "name=Good"]) == 0
    capsys.readouterr()
    assert main(["--catalog", catalog, "edit", "person", "1", f"biography={value}"]) == 1
    assert says in _one_line(capsys)
    with open_catalog(catalog):
        assert [(p.name, p.biography) for p in Person.select()] == [("Good", None)]


@pytest.mark.skipif(os.name == "nt", reason="POSIX arguments are bytes")
@pytest.mark.parametrize(
    "arguments",
    [
        [b"add", b"person", b"name=bad\xffname"],
        [b"tag", b"1", b"+bad\xfftag"],
        [b"search", b"\xff"],
    ],
)
def test_bytes_that_are_not_utf8_in_an_argument_are_one_line(tmp_path, arguments):
    catalog = str(tmp_path / "c.db")
    assert main(["--catalog", catalog, "add", "photo", "title=x"]) == 0
    done = subprocess.run(
        [
            sys.executable.encode(),
            b"-m",
            b"archive_app",
            b"--catalog",
            catalog.encode(),
            *arguments,
        ],
        capture_output=True,
    )
    err = done.stderr.decode("utf-8", "replace").strip().splitlines()
    assert "Traceback" not in done.stderr.decode("utf-8", "replace")
    assert len(err) <= 1
    assert done.returncode in (0, 1, 2)


def test_load_refuses_a_nul_in_any_text(tmp_path, capsys):
    document = {"format": FORMAT_NAME, "version": 1, "people": [{"id": 1, "name": "A\x00B"}]}
    path = tmp_path / "nul.json"
    path.write_text(json.dumps(document), "utf-8")
    catalog = str(tmp_path / "c.db")
    assert main(["--catalog", catalog, "load", str(path)]) == 1
    assert "people row 1" in _one_line(capsys)
    with open_catalog(catalog):
        assert Person.select().count() == 0


def test_the_orm_itself_refuses_a_nul(catalog):
    with pytest.raises(InvalidField, match="name"):
        Person.create(name="\x00")


@pytest.fixture
def cited(tmp_path):
    path = tmp_path / "c.db"
    with open_catalog(path):
        source = records.create("source", title=CONTROLS, csl_type="book")
        person = records.create("person", name="Sub\x02ject")
        records.create("citation", source=source.id, person=person.id, locator="p.\x03 5")
        assert Source.get().title == CONTROLS  # kept as given: the writers deal with them
    return path


def _export(catalog, fmt, capsys, *extra) -> str:
    assert main(["--catalog", str(catalog), "export", "citations", "--format", fmt, *extra]) == 0
    return capsys.readouterr().out


def _no_controls(text: str) -> None:
    assert not any(ord(c) < 32 and c not in "\t\n\r" for c in text), repr(text)


@pytest.mark.parametrize("listing", ["bibliography", "by-record"])
def test_citation_html_and_text_hold_no_control_characters(cited, capsys, listing):
    html = _export(cited, "html", capsys, "--list", listing)
    _no_controls(html)
    etree.fromstring(f"<root>{html}</root>".encode())  # lxml takes it
    assert "Title with" in html
    _no_controls(_export(cited, "text", capsys, "--list", listing))


def test_rtf_bibtex_ris_and_csv_hold_no_control_characters(cited, capsys, tmp_path):
    rtf = tmp_path / "list.rtf"
    main(["--catalog", str(cited), "export", "citations", "--format", "rtf", "-o", str(rtf)])
    _no_controls(rtf.read_text("utf-8", "replace"))
    bib = _export(cited, "bibtex", capsys)
    _no_controls(bib)
    assert bibtexparser.parse_string(bib).entries[0]["title"]
    ris = _export(cited, "ris", capsys)
    _no_controls(ris)
    assert rispy.loads(ris)[0]["title"].startswith("Title")
    folder = tmp_path / "csv"
    assert (
        main(["--catalog", str(cited), "export", "catalog", "--format", "csv", "-o", str(folder)])
        == 0
    )
    for table in folder.iterdir():
        text = table.read_text("utf-8-sig")
        _no_controls(text)
        list(csv.reader(io.StringIO(text)))
