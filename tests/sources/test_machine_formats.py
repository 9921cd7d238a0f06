"""BibTeX, RIS and CSL-JSON exports, each read back by a real parser of that format: the
bibtexparser library, rispy and the CSL-JSON schema (jsonschema)."""

from __future__ import annotations

from typing import Any

import bibtexparser
import jsonschema
import rispy
from bibtexparser import middlewares

from archive_app.catalog.database import Catalog
from archive_app.catalog.sources import bibtex, csljson, ris
from archive_app.catalog.sources.csljson import source_items

HOSTILE_TITLE = 'Hostile {Braces} & "Quotes" مركز الوثائق'


def test_csl_json_export_is_valid_by_the_csl_schema(
    corpus_catalog: Catalog, csl_schema: dict[str, Any]
) -> None:
    document = csljson.loads(csljson.dumps(source_items()))
    jsonschema.validate(document, csl_schema)


def test_csl_json_schema_rejects_what_engines_would_not_read(csl_schema: dict[str, Any]) -> None:
    bad = [{"id": "x", "type": "webpage", "author": [{"family": "A", "transliteration": "B"}]}]
    validator = jsonschema.Draft7Validator(csl_schema)
    assert list(validator.iter_errors(bad))


def _parse_bibtex(text: str) -> Any:
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.LatexDecodingMiddleware(),
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
        ],
    )
    assert not library.failed_blocks
    return library


def test_bibtex_export_parses_back_to_the_same_text(
    corpus_catalog: Catalog, corpus: list[dict[str, Any]]
) -> None:
    text = bibtex.dumps(source_items())
    library = _parse_bibtex(text)
    assert len(library.entries) == len(corpus)
    titles = [entry["title"] for entry in library.entries]
    assert titles == [item["title"] for item in corpus]
    by_key = {entry.key: entry for entry in library.entries}
    hostile = next(e for e in library.entries if e["title"] == HOSTILE_TITLE)
    assert "<script>" in hostile["publisher"] and "=cmd|" in hostile["publisher"]
    assert len(by_key) == len(corpus)  # keys are unique (elhassan2017, elhassan2017a, ...)


def test_bibtex_escapes_tex_specials_and_accents() -> None:
    item = {"id": "x", "type": "book", "title": "100% {sic} & $5 #1 a_b ^ ~ \\ Émigré Власов"}
    text = bibtex.dumps([item])
    assert r"100\% \{sic\} \& \$5 \#1 a\_b" in text
    assert r"{\'E}migr{\'e}" in text and "Власов" in text
    # bibtexparser's LaTeX decoder reads \textasciicircum as the modifier letter U+02C6
    assert _parse_bibtex(text).entries[0]["title"] == item["title"].replace("^", "\u02c6")
    assert bibtex.loads(text)[0]["title"] == item["title"]


def test_bibtex_names_keep_particles_and_corporate_names(corpus_catalog: Catalog) -> None:
    text = bibtex.dumps(source_items([5, 10]))
    assert "author = {van der Heijden, Marieke}" in text
    assert "editor = {Smith, Jr., John}" in text
    assert "author = {{U.S. Army Center of Military History}}" in text
    items = bibtex.loads(text)
    assert items[0]["author"] == [
        {"family": "Heijden", "given": "Marieke", "non-dropping-particle": "van der"}
    ]
    assert items[1]["author"] == [{"literal": "U.S. Army Center of Military History"}]


def test_ris_export_reads_back_with_rispy(
    corpus_catalog: Catalog, corpus: list[dict[str, Any]]
) -> None:
    entries = rispy.loads(ris.dumps(source_items()))
    assert [e["title"] for e in entries] == [item["title"] for item in corpus]
    demo = entries[0]
    assert demo["type_of_reference"] == "ELEC"
    assert demo["authors"] == ["Elhassan, Khalid"]
    assert demo["date"] == "2017/11/15/"
    assert entries[6]["authors"] == ["Власов, Андрей Андреевич"]


def test_ris_puts_a_value_with_newlines_on_one_line() -> None:
    item = {"id": "x", "type": "book", "title": "first line\nTY  - JOUR\nsecond"}
    entries = rispy.loads(ris.dumps([item]))
    assert len(entries) == 1
    assert entries[0]["title"] == "first line TY - JOUR second"
