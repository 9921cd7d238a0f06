"""`export catalog --format gedcom|gedcom7|gedzip` and `import-gedcom` from the command line."""

from __future__ import annotations

import json
import zipfile

import pytest


@pytest.mark.parametrize("fmt", ["gedcom", "gedcom7", "gedzip"])
def test_export_writes_the_format_and_import_reads_it_back(demo_db, cli, tmp_path, fmt):
    target = tmp_path / f"out.{'gdz' if fmt == 'gedzip' else 'ged'}"
    status, out, err = cli("--catalog", demo_db, "export", "catalog", "--format", fmt,
                           "-o", str(target), "--json")  # fmt: skip
    assert status == 0 and err == ""
    report = json.loads(out)
    assert report["counts"]["people"] == 4 and report["missing_files"] == []
    if fmt == "gedzip":
        assert zipfile.is_zipfile(target) and report["counts"]["image_files"] == 1
    else:
        assert target.read_text("utf-8-sig").startswith("0 HEAD")
    other = str(tmp_path / "other.db")
    status, out, err = cli("--catalog", other, "import-gedcom", str(target), "--json")
    assert status == 0, err
    document = json.loads(out)
    assert set(document) == {
        "file",
        "format",
        "created",
        "matched",
        "refused",
        "warnings",
        "change_id",
    }
    assert len(document["created"]["person"]) == 4 and document["refused"] == []
    status, out, _ = cli("--catalog", other, "import-gedcom", str(target))
    assert status == 0 and "created nothing" in out and "4 person" in out


def test_gedcom_to_standard_output_and_a_query_scope(demo_db, cli):
    status, out, _ = cli("--catalog", demo_db, "export", "catalog", "--format", "gedcom7",
                         "--query", "stalin type:person")  # fmt: skip
    assert status == 0 and out.startswith("\ufeff0 HEAD")
    assert out.count(" INDI\n") == 1 and "Joseph /Stalin/" in out


def test_import_gedcom_of_a_file_that_is_not_gedcom_is_one_line_and_status_1(cli, tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("hello\n", "utf-8")
    status, out, err = cli("--catalog", str(tmp_path / "c.db"), "import-gedcom", str(bad))
    assert status == 1 and out == ""
    assert (
        err.strip() == "archive-app: notes.txt: not a GEDCOM file (it does not begin with '0 HEAD')"
    )


def test_import_gedcom_reports_refused_records_with_status_1(cli, tmp_path):
    path = tmp_path / "x.ged"
    path.write_text("0 HEAD\n1 GEDC\n2 VERS 5.5.1\n0 @I1@ INDI\n1 SEX F\n0 TRLR\n", "utf-8")
    status, out, err = cli("--catalog", str(tmp_path / "c.db"), "import-gedcom", str(path))
    assert status == 1 and "refused @I1@ INDI: a person without a name" in err


def test_ead3_and_eac_cpf_from_the_command_line(demo_db, cli, tmp_path):
    target = tmp_path / "aid.xml"
    status, out, err = cli("--catalog", demo_db, "export", "catalog", "--format", "ead3",
                           "-o", str(target), "--json")  # fmt: skip
    assert status == 0 and err == "" and json.loads(out)["counts"] == {"photos": 1}
    assert '<ead xmlns="http://ead3.archivists.org/schema/">' in target.read_text("utf-8")
    people = tmp_path / "people.zip"
    status, out, _ = cli("--catalog", demo_db, "export", "catalog", "--format", "eac-cpf",
                         "-o", str(people))  # fmt: skip
    assert status == 0 and "4 people" in out
    with zipfile.ZipFile(people) as archive:
        assert len(archive.namelist()) == 4


def test_export_iiif_from_the_command_line(demo_db, cli, tmp_path):
    site = tmp_path / "site"
    status, out, err = cli("--catalog", demo_db, "export", "iiif", str(site),
                           "--base-url", "https://example.org/x/", "--json")  # fmt: skip
    assert status == 0 and err == ""
    report = json.loads(out)
    assert report["manifests"] == 1 and report["base_url"] == "https://example.org/x"
    assert (site / "images" / "PH-000001" / "info.json").is_file()
    status, _, err = cli("--catalog", demo_db, "export", "iiif", str(site))
    assert status == 2 and "not an empty folder" in err
    status, _, err = cli("--catalog", demo_db, "export", "iiif", str(tmp_path / "s2"),
                         "--base-url", "site.org")  # fmt: skip
    assert status == 2 and "must be an http" in err
