"""`export catalog --format json` and `load`: export -> load -> export gives the same JSON (ids
aside), and a broken or conflicting file is refused whole."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from archive_app.catalog.database import Catalog, open_catalog
from archive_app.catalog.exports.json_export import SECTIONS, dumps, graph
from archive_app.catalog.models import Photograph
from archive_app.cli import main


def _export(catalog_path: Path, target: Path, capsys: pytest.CaptureFixture[str]) -> str:
    status = main(
        ["--catalog", str(catalog_path), "export", "catalog", "--format", "json", "-o", str(target)]
    )
    capsys.readouterr()
    assert status == 0
    return target.read_text("utf-8")


def test_export_load_export_gives_the_same_json(
    hostile_catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _export(hostile_catalog.path, tmp_path / "first.json", capsys)
    fresh = tmp_path / "fresh.db"
    files = str(tmp_path / "catalog-files")  # where the exported catalogue's files are
    load = ["load", str(tmp_path / "first.json"), "--files-in", files]
    assert main(["--catalog", str(fresh), *load]) == 0
    second = _export(fresh, tmp_path / "second.json", capsys)
    assert second == first
    document = json.loads(first)
    assert document["photo_people"][-1]["region_x"] == 0.1
    assert any(c["locator"] == "=1" for c in document["citations"])


def _without_ids(document: dict[str, Any]) -> dict[str, Any]:
    """The document with every id and reference replaced by its position in the file."""
    positions = {
        model: {row["id"]: n for n, row in enumerate(document[section])}
        for section, model in SECTIONS.items()
    }
    result: dict[str, Any] = {}
    for section, model in SECTIONS.items():
        rows = []
        for row in document[section]:
            copy = dict(row)
            copy.pop("id")
            for name, field in model._meta.fields.items():
                target = getattr(field, "rel_model", None)
                if target is not None and copy.get(name) is not None:
                    copy[name] = positions[target].get(copy[name], "?")
            rows.append(copy)
        result[section] = rows
    return result


def test_loading_into_a_catalogue_with_records_gives_the_same_graph_ids_aside(
    hostile_catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = graph()
    path = tmp_path / "export.json"
    path.write_text(dumps(exported), "utf-8")
    other = tmp_path / "other.db"
    with open_catalog(other):
        from archive_app.catalog import records

        records.create("place", name="Already here")
        records.create("photo", accession_number="OTHER-1", title="Other")
    files = str(hostile_catalog.path.parent / "catalog-files")
    assert main(["--catalog", str(other), "load", str(path), "--files-in", files]) == 0
    with open_catalog(other):
        document = graph()
    for section in ("places", "photos"):
        document[section] = document[section][1:]  # the records that were there before
    assert _without_ids(document) == _without_ids(exported)


def test_accession_number_in_use_refuses_the_whole_load(
    hostile_catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "export.json"
    path.write_text(dumps(graph()), "utf-8")
    before = Photograph.select().count()
    hostile_catalog.close()
    status = main(["--catalog", str(hostile_catalog.path), "load", str(path)])
    err = capsys.readouterr().err
    assert status == 1 and "accession_number" in err and "nothing was loaded" in err
    with open_catalog(hostile_catalog.path):
        assert Photograph.select().count() == before


def _broken(document: dict[str, Any]) -> dict[str, str]:
    bad_date = json.loads(json.dumps(document))
    bad_date["events"][0]["date"] = "not a date"
    dangling = json.loads(json.dumps(document))
    dangling["photo_people"][0]["person"] = 999
    unknown_column = json.loads(json.dumps(document))
    unknown_column["people"][0]["shoe_size"] = 44
    bad_region = json.loads(json.dumps(document))
    bad_region["photo_people"][0]["region_x"] = 7
    return {
        "bad_date": json.dumps(bad_date),
        "dangling": json.dumps(dangling),
        "unknown_column": json.dumps(unknown_column),
        "bad_region": json.dumps(bad_region),
        "not_json": '{"format": ',
        "not_export": json.dumps({"hello": "world"}),
        "newer": json.dumps({"format": "archive-app catalogue", "version": 99}),
        "rows_not_objects": json.dumps(
            {"format": "archive-app catalogue", "version": 1, "people": ["x"]}
        ),
        "unknown_section": json.dumps(
            {"format": "archive-app catalogue", "version": 1, "aliens": []}
        ),
        "nested_too_deeply": "[" * 100_000 + "]" * 100_000,
    }


@pytest.mark.parametrize(
    "case",
    [
        "bad_date",
        "dangling",
        "unknown_column",
        "bad_region",
        "not_json",
        "not_export",
        "newer",
        "rows_not_objects",
        "unknown_section",
        "nested_too_deeply",
    ],
)
def test_broken_exports_are_refused_with_one_line_and_nothing_loaded(
    hostile_catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    path = tmp_path / f"{case}.json"
    path.write_text(_broken(graph())[case], "utf-8")
    fresh = tmp_path / "fresh.db"
    status = main(["--catalog", str(fresh), "load", str(path)])
    err = capsys.readouterr().err
    assert status == 1 and err.count("\n") == 1
    with open_catalog(fresh):
        assert Photograph.select().count() == 0


def test_a_named_pipe_is_refused_instead_of_waited_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    status = main(["--catalog", str(tmp_path / "fresh.db"), "load", str(pipe)])
    err = capsys.readouterr().err
    assert status == 1 and err.strip().endswith("pipe.json: not a regular file")
