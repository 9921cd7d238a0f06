"""`archive-app import-sources FILE`: CSL-JSON, RIS and BibTeX (as Zotero exports them) into
sources: each readable item comes in, a bad item is refused alone, duplicates are reported (only
certain ones left out), and an unreadable or hostile file is refused whole with one line."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from archive_app.catalog.database import Catalog, open_catalog
from archive_app.catalog.models import Source, SourceCreator
from archive_app.catalog.sources import bibtex, csljson, ris
from archive_app.catalog.sources.csljson import source_items
from archive_app.cli import main


def _import(
    capsys: pytest.CaptureFixture[str], catalog: Catalog, path: Path, *extra: str
) -> tuple[int, str, str]:
    status = main(["--catalog", str(catalog.path), "import-sources", str(path), *extra])
    captured = capsys.readouterr()
    open_catalog(catalog.path)  # the command closed the catalogue; bind the models again
    return status, captured.out, captured.err


def test_csl_json_file_becomes_sources_with_structured_names(
    catalog: Catalog,
    tmp_path: Path,
    corpus: list[dict[str, Any]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "zotero.json"
    path.write_text(json.dumps(corpus, ensure_ascii=False), encoding="utf-8")
    status, out, _ = _import(capsys, catalog, path, "--json")
    assert status == 0
    assert json.loads(out)["created"] == list(range(1, 15))
    vlasov = SourceCreator.get(SourceCreator.family == "Власов")
    assert vlasov.transliteration == "Vlasov, Andrei Andreevich"
    heijden = SourceCreator.get(SourceCreator.family == "Heijden")
    assert heijden.non_dropping_particle == "van der"
    assert source_items() == corpus


@pytest.mark.parametrize("fmt", ["ris", "bibtex"])
def test_ris_and_bibtex_exports_import_back(
    corpus_catalog: Catalog,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
    corpus: list[dict[str, Any]],
) -> None:
    writer = {"ris": ris.dumps, "bibtex": bibtex.dumps}[fmt]
    text = writer(source_items())
    path = tmp_path / ("export.ris" if fmt == "ris" else "export.bib")
    path.write_text(text, encoding="utf-8")
    Source.delete().execute()
    status, out, err = _import(capsys, corpus_catalog, path)
    assert (status, err) == (0, "")
    assert out.startswith(f"imported {len(corpus)} source(s)")
    titles = sorted(s.title for s in Source.select())
    assert titles == sorted(item["title"] for item in corpus)


def test_only_a_certain_match_is_left_out_and_a_look_alike_comes_in_reported(
    corpus_catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "again.bib"
    path.write_text(bibtex.dumps(source_items([1, 4])), encoding="utf-8")
    before = Source.select().count()
    status, out, _ = _import(capsys, corpus_catalog, path, "--json")
    report = json.loads(out)
    assert status == 1
    assert Source.select().count() == before + 1
    # source 4 has a DOI: certainly the same work, left out
    assert report["duplicates"] == [
        {"position": 2, "title": report["duplicates"][0]["title"], "matches": "source-4"}
    ]
    # source 1 came back through BibTeX with less detail: only alike, so added and reported
    [alike] = report["possible_duplicates"]
    assert alike["like"] == "source-1" and alike["source"] == report["created"][0]


def test_the_same_file_twice_adds_nothing_the_second_time(
    catalog: Catalog,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    corpus: list[dict[str, Any]],
) -> None:
    path = tmp_path / "zotero.json"
    path.write_text(json.dumps(corpus, ensure_ascii=False), encoding="utf-8")
    assert _import(capsys, catalog, path)[0] == 0
    status, out, _ = _import(capsys, catalog, path, "--json")
    assert status == 1 and json.loads(out)["created"] == []
    assert Source.select().count() == len(corpus)


def test_two_smiths_with_one_title_and_year_are_two_sources(
    catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def book(key: str, given: str) -> dict[str, Any]:
        author = [{"family": "Smith", "given": given}]
        return {
            "id": key,
            "type": "book",
            "title": "Letters",
            "author": author,
            "issued": {"date-parts": [[1950]]},
        }

    path = tmp_path / "smiths.json"
    path.write_text(json.dumps([book("a", "John"), book("b", "Steven")]), encoding="utf-8")
    status, out, _ = _import(capsys, catalog, path)
    assert status == 0 and Source.select().count() == 2
    assert "item 2 ('Letters') added as source 2, possibly the same work as source-1" in out


def test_a_file_that_repeats_an_item_adds_it_once_and_keeps_twins_with_their_own_ids(
    catalog: Catalog,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    corpus: list[dict[str, Any]],
) -> None:
    twins = [corpus[3], corpus[3], dict(corpus[3], id="other")]
    path = tmp_path / "twice.json"
    path.write_text(json.dumps(twins), encoding="utf-8")
    status, out, _ = _import(capsys, catalog, path, "--json")
    report = json.loads(out)
    assert status == 1 and Source.select().count() == 2
    assert [d["position"] for d in report["duplicates"]] == [2]
    # the same DOI under another id in the same file: two records, reported as alike
    assert [(a["position"], a["like"]) for a in report["possible_duplicates"]] == [(3, "source-1")]


def test_one_bad_item_is_refused_alone_with_its_place_and_reason(
    catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = [
        {"id": "a", "type": "book", "title": "Good"},
        {"id": "b", "type": "book", "title": "T", "author": "Smith"},
        "not an item",
        {"id": "c", "type": "book", "title": {"x": 1}},
        {"id": "d", "type": "book", "title": "T", "author": [{"family": ["A"]}]},
        {"id": "e", "type": "book", "issued": {"date-parts": [["x"]]}},
        {"id": "f", "type": "book", "title": "Also good"},
    ]
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    status, out, _ = _import(capsys, catalog, path, "--json")
    report = json.loads(out)
    assert status == 1
    assert sorted(s.title for s in Source.select()) == ["", "Also good", "Good"]
    assert [r["position"] for r in report["refused"]] == [2, 3, 4, 5]
    assert "author" in report["refused"][0]["reason"]
    assert all(r["reason"] for r in report["refused"])
    status, out, _ = _import(capsys, catalog, path)
    assert "item 2 ('T') refused: " in out


def test_an_untitled_item_comes_in_and_round_trips_without_a_title(
    catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    item = {"id": "ITEM-1", "type": "personal_communication", "author": [{"family": "Roe"}]}
    path = tmp_path / "untitled.json"
    path.write_text(json.dumps([item]), encoding="utf-8")
    assert _import(capsys, catalog, path)[0] == 0
    [source] = Source.select()
    assert source.title == ""
    assert json.loads(csljson.dumps(source_items())) == [item]


BROKEN = {
    "broken.json": b'[{"type": "book", "title": "A"',
    "notalist.json": b'"just a string"',
    "empty.json": b"",
    "latin1.ris": "TY  - BOOK\nTI  - Caf\xe9\nER  - \n".encode("latin-1"),
    "binary.bib": b"@book{x,\x00\x01\x02}",
    "broken.bib": b"@book{ok, title={Fine}}\n@book{bad, title={Unclosed\n",
    "noty.ris": b"TI  - A title without a type\nER  - \n",
    "unknown.txt": b"just some words",
    "deep.json": b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_files_are_refused_whole_with_one_line(
    corpus_catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(BROKEN[name])
    before = Source.select().count()
    status, out, err = _import(capsys, corpus_catalog, path)
    assert status in (1, 2) and out == ""
    assert err.count("\n") == 1 and err.startswith("archive-app: ")
    assert Source.select().count() == before


def test_a_named_pipe_is_refused_instead_of_waited_on(
    catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    status, _, err = _import(capsys, catalog, pipe)
    assert status == 1 and err.strip().endswith("pipe.json: not a regular file")


def test_missing_file_is_one_line(
    catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = _import(capsys, catalog, tmp_path / "nothing.json")
    assert status == 1 and "nothing.json" in err and err.count("\n") == 1


def test_hostile_text_is_stored_as_text(
    catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    title = "=cmd|' /C calc'!A0 <script>alert(1)</script> {x} \"q\" שלום Привет"
    path = tmp_path / "hostile.json"
    path.write_text(csljson.dumps([{"id": "h", "type": "book", "title": title}]), "utf-8")
    assert _import(capsys, catalog, path)[0] == 0
    assert Source.get().title == title


def test_an_untitled_source_is_found_and_labelled_untitled(catalog: Catalog) -> None:
    from archive_app.catalog.search.execute import search
    from archive_app.catalog.serialize import label
    from archive_app.catalog.sources.import_sources import import_items

    item = {"id": "u", "type": "article-newspaper", "container-title": "Pravda"}
    [source_id] = import_items([item]).created
    [hit] = [h for h in search("pravda").hits if h.record_type == "source"]
    assert (hit.record_id, hit.label) == (source_id, "[untitled]")
    assert label(Source.get_by_id(source_id)) == "[untitled]"
