"""Metadata spreadsheets: rows matched by file name fill the records; a sheet with a wrong
encoding, unknown columns or bad rows is refused whole, before any file is imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from imagefiles import only, run_import

from archive_app.catalog.importing.spreadsheet import SpreadsheetError, read_sheet
from archive_app.catalog.links import photo_tags
from archive_app.catalog.models import Event, Person, Photograph
from archive_app.cli import main

HEADER = "File name,Accession number,Title,Date,People,Events,Tags,Credit line,Rights,Place\n"


def sheet(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "sheet.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_rows_fill_fields_people_events_tags_and_place_by_file_name(demo_catalog, images, tmp_path):
    images.jpeg("vlasov-1942.jpg")
    images.jpeg("other.jpg")
    rows = read_sheet(
        sheet(
            tmp_path,
            HEADER + "vlasov-1942.jpg,F12-0001,Vlasov in captivity,1942-07,"
            '"Andrey Andreyevich Vlasov; Unteroffizier Schmidt",Captured by German troops,'
            "defector; 1942,Bundesarchiv,CC BY-SA,Tukhovezhi\n",
            encoding="utf-8-sig",
        )
    )
    report = run_import(demo_catalog, images.folder, sheet=rows)
    photo = Photograph.get_by_id(only(report, "vlasov-1942.jpg").id)
    assert (photo.accession_number, photo.title, photo.date) == (
        "F12-0001",
        "Vlasov in captivity",
        "1942-07",
    )
    assert (photo.credit_line, photo.rights, photo.place.name) == (
        "Bundesarchiv",
        "CC BY-SA",
        "Tukhovezhi",
    )
    people = sorted(link.person.name for link in photo.people_links)
    assert people == ["Andrey Andreyevich Vlasov", "Unteroffizier Schmidt"]
    assert Person.select().where(Person.name == "Andrey Andreyevich Vlasov").count() == 1
    assert [link.event.title for link in photo.event_links] == ["Captured by German troops"]
    assert Event.select().where(Event.title == "Captured by German troops").count() == 1
    assert photo_tags(photo.id) == ["1942", "defector"]
    other = Photograph.get_by_id(only(report, "other.jpg").id)
    assert other.title is None


def test_windows_1252_sheet_is_read(catalog, images, tmp_path):
    images.jpeg("café.jpg")
    rows = read_sheet(sheet(tmp_path, "File name;Title\ncafé.jpg;Le café «Flore»\n", "cp1252"))
    photo = Photograph.get_by_id(run_import(catalog, images.folder, sheet=rows).files[0].id)
    assert photo.title == "Le café «Flore»"


def test_a_row_that_matches_no_file_is_noted(catalog, images, tmp_path):
    images.jpeg("real.jpg")
    rows = read_sheet(sheet(tmp_path, "File name,Title\nreal.jpg,Real\ntypo.jpg,Typo\n"))
    report = run_import(catalog, images.folder, sheet=rows)
    assert report.notes == ["metadata sheet line 3: no imported file is named 'typo.jpg'"]


def test_an_accession_number_already_in_use_refuses_that_file_only(demo_catalog, images, tmp_path):
    images.jpeg("a.jpg")
    images.jpeg("b.jpg")
    taken = Photograph.select().first().accession_number
    rows = read_sheet(sheet(tmp_path, f"File name,Accession number\na.jpg,{taken}\n"))
    report = run_import(demo_catalog, images.folder, sheet=rows)
    outcome = only(report, "a.jpg")
    assert outcome.outcome == "refused"
    assert outcome.reason == f"accession number {taken!r} (metadata sheet line 2) is already in use"
    assert only(report, "b.jpg").outcome == "imported"


@pytest.mark.parametrize(
    ("content", "encoding", "words"),
    [
        ("File name,Title\nx.jpg,t\n", "utf-16", "UTF-16"),
        (b"File name,Title\nx.jpg,\x81\x8d\x90\n", None, "neither UTF-8 nor Windows-1252"),
        ("File name,Shoe size\nx.jpg,44\n", "utf-8", "unknown column(s) 'Shoe size'"),
        ("Title,Date\nx,1942\n", "utf-8", "no file name column"),
        ("File name,Title,title\nx.jpg,a,b\n", "utf-8", "repeats another column"),
        ("File name,Date\nx.jpg,June 1942\n", "utf-8", "line 2: date: 'June 1942' is not"),
        ("File name,Title\nx.jpg,a,extra\n", "utf-8", "line 2: has more cells"),
        ("File name,Title\nx.jpg,a\nx.jpg,b\n", "utf-8", "already described on line 2"),
        ("File name,Accession number\na.jpg,N1\nb.jpg,N1\n", "utf-8", "'N1' is already on"),
        ("File name,Title\n,orphan\n", "utf-8", "line 2: has no file name"),
        ('File name,Title\nx.jpg,"never closed\n', "utf-8", "unexpected end of data"),
        ("", "utf-8", "is empty"),
    ],
    ids=[
        "utf16",
        "undecodable",
        "unknown-column",
        "no-file-column",
        "repeated-column",
        "bad-date",
        "ragged-row",
        "duplicate-row",
        "duplicate-accession",
        "no-file-name",
        "open-quote",
        "empty",
    ],
)
def test_a_bad_sheet_is_refused_whole_with_one_line(tmp_path, content, encoding, words):
    data = content if isinstance(content, bytes) else content.encode(encoding)
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    with pytest.raises(SpreadsheetError) as caught:
        read_sheet(path)
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)


def test_the_command_line_imports_nothing_when_the_sheet_is_bad(catalog_path, images, capsys):
    images.jpeg("a.jpg")
    bad = images.folder.parent / "bad.csv"
    bad.write_text("File name,Colour\na.jpg,red\n", encoding="utf-8")
    status = main(
        ["--catalog", str(catalog_path), "import", str(images.folder), "--metadata", str(bad)]
    )
    captured = capsys.readouterr()
    assert status == 1
    assert captured.err.count("\n") == 1 and "unknown column(s) 'Colour'" in captured.err
    assert not catalog_path.exists() or main(["--catalog", str(catalog_path), "list", "photo"]) == 0
    assert "a.jpg" not in capsys.readouterr().out


def test_a_sheet_that_cannot_be_read_is_refused(tmp_path):
    with pytest.raises(SpreadsheetError, match="cannot be read"):
        read_sheet(tmp_path / "missing.csv")
