"""The citation engine gives citeproc-js's text, to the character, for every item type an archive
meets in the five top styles: bibliographies and notes with locators, as text and as HTML.

The reference outputs in reference/expected.json were made by citeproc-js itself
(reference/generate.js), not by this project."""

from __future__ import annotations

from typing import Any

import pytest

from archive_app.catalog.database import Catalog
from archive_app.catalog.sources.csljson import source_items
from archive_app.catalog.sources.render import Cite, locator_is_plural, render
from archive_app.catalog.sources.styles import TOP_STYLES, find_style


def test_corpus_covers_every_archive_item_type(corpus: list[dict[str, Any]]) -> None:
    types = {item["type"] for item in corpus}
    wanted = {"webpage", "article-newspaper", "book", "chapter", "manuscript", "graphic"}
    wanted |= {"interview", "report", "thesis", "map"}
    assert wanted <= types


def test_sources_round_trip_to_the_same_csl_json(
    corpus_catalog: Catalog, corpus: list[dict[str, Any]]
) -> None:
    assert source_items() == corpus


@pytest.mark.parametrize("style_id", TOP_STYLES)
def test_catalogue_sources_render_exactly_as_citeproc_js(
    corpus_catalog: Catalog,
    style_id: str,
    expected: dict[str, Any],
    cite_list: list[dict[str, Any]],
) -> None:
    cites = [Cite(c["id"], c.get("label"), c.get("locator")) for c in cite_list]
    result = render(source_items(), find_style(style_id), cites)
    reference = expected["styles"][style_id]
    for kind in ("text", "html"):
        bibliography = [{"id": e.item_id, "entry": getattr(e, kind)} for e in result.bibliography]
        assert bibliography == reference["bibliography"][kind], (style_id, kind)
        notes = [getattr(entry, kind) for entry in result.citations]
        assert notes == reference["citations"][kind], (style_id, kind)


def test_hostile_text_is_escaped_in_html(corpus_catalog: Catalog) -> None:
    result = render(source_items([13]), find_style("apa"))
    html = result.bibliography[0].html
    assert "<script>" not in html
    assert "&#60;script&#62;" in html and "&#38;" in html


@pytest.mark.parametrize(
    ("locator", "plural"),
    [
        ("8", False),
        ("lead image caption", False),
        ("8 and 9", True),
        ("8, 9", True),
        ("3r–4v", True),
        ("iv, vi", True),
        ("one two", False),
        ("a, b; c", False),
        ("12ff", False),
        ("8/9", False),
        ("213 et 235", True),
        ("8 und 9", True),
        ("8 of Book 2", False),
    ],
)
def test_locator_number_reads_as_citeproc_js_reads_it(locator: str, plural: bool) -> None:
    assert locator_is_plural(locator) is plural
