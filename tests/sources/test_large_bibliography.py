"""The two-run path for long bibliographies gives the text of one run of the style."""

from __future__ import annotations

import random
from typing import Any

import pytest

from archive_app.catalog.sources.large_bibliography import bibliography_entries, plain_style
from archive_app.catalog.sources.render import render
from archive_app.catalog.sources.styles import TOP_STYLES, find_style


def _texts(entries: list[Any]) -> list[tuple[str | None, str]]:
    return [(e.item_id, e.html) for e in entries]


@pytest.mark.parametrize("style_id", TOP_STYLES)
def test_two_runs_equal_one_run_on_the_reference_corpus(
    style_id: str, corpus: list[dict[str, Any]]
) -> None:
    style = find_style(style_id)
    direct = render(corpus, style).bibliography
    assert _texts(bibliography_entries(corpus, style, force=True)) == _texts(direct)


def _look_alikes(count: int) -> list[dict[str, Any]]:
    """Books where surnames, initials and years repeat, so every kind of disambiguation is
    needed: year suffixes, added initials, added given names, et al. lists."""
    rng = random.Random(3)
    families = ["Smith", "Smith", "Jones", "Ivanov", "Nguyen"] + [f"Unique{n}" for n in range(40)]
    items = []
    for n in range(count):
        authors = [
            {"family": rng.choice(families), "given": rng.choice(["John", "Jane", "Ivan", "Li"])}
            for _ in range(1 + n % 4)
        ]
        items.append(
            {
                "id": f"b{n}",
                "type": "book",
                "title": f"Work {n}",
                "author": authors,
                "issued": {"date-parts": [[1990 + n % 3]]},
            }
        )
    return items


@pytest.mark.parametrize("style_id", ["apa", "chicago-author-date", "harvard-cite-them-right"])
def test_two_runs_equal_one_run_on_look_alike_authors(style_id: str) -> None:
    items = _look_alikes(120)
    style = find_style(style_id)
    direct = render(items, style).bibliography
    assert _texts(bibliography_entries(items, style, force=True)) == _texts(direct)


def test_plain_style_has_no_disambiguation_and_leaves_the_original_alone() -> None:
    style = find_style("apa")
    plain = plain_style(style)
    assert plain.path != style.path
    assert "disambiguate-add" not in plain.path.read_text("utf-8")
    assert "disambiguate-add" in style.path.read_text("utf-8")
