"""CSL styles: by id, by a user's own `.csl` file, searched by words; hostile files refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive_app.catalog.sources.styles import (
    TOP_STYLES,
    StyleError,
    available_styles,
    find_style,
    search_styles,
)


def test_top_styles_are_bundled_with_their_licence() -> None:
    for style_id in TOP_STYLES:
        style = find_style(style_id)
        assert "archive_app/resources/csl" in style.path.as_posix()
        assert "creativecommons.org/licenses/by-sa/3.0" in style.path.read_text("utf-8")
    assert find_style("chicago-notes-bibliography").is_note
    assert not find_style("apa").is_note


def test_the_whole_repository_is_offered_top_five_first() -> None:
    styles = available_styles()
    assert [s for s, _ in styles[:5]] == list(TOP_STYLES)
    assert len(styles) > 1000
    assert find_style("ieee").title


def test_search_finds_styles_by_words_of_id_or_title() -> None:
    found = [style_id for style_id, _ in search_styles("chicago author")]
    assert found[0] == "chicago-author-date"
    assert search_styles("no such style anywhere") == []


def test_the_style_named_by_the_words_comes_before_its_older_editions() -> None:
    found = [style_id for style_id, _ in search_styles("american medical association")]
    assert found[0] == "american-medical-association"
    assert "american-medical-association-10th-edition" in found[1:]


def test_a_zotero_style_url_names_the_style() -> None:
    assert find_style("http://www.zotero.org/styles/apa").id == "apa"


def test_a_users_own_csl_file_is_used(tmp_path: Path) -> None:
    own = tmp_path / "my-archive.csl"
    own.write_text(find_style("apa").path.read_text("utf-8"), "utf-8")
    style = find_style(str(own))
    assert style.id == "my-archive" and style.path == own.resolve()


HOSTILE = {
    "laughs.csl": '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><style>&b;</style>',
    "notxml.csl": "this is not XML <",
    "html.csl": "<html><body>not a style</body></html>",
    "nocitation.csl": '<style xmlns="http://purl.org/net/xbiblio/csl"><info/></style>',
    "empty.csl": "",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_broken_or_hostile_style_files_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(HOSTILE[name], "utf-8")
    with pytest.raises(StyleError) as caught:
        find_style(str(path))
    assert "\n" not in str(caught.value)


def test_missing_style_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StyleError, match="does not exist"):
        find_style(str(tmp_path / "gone.csl"))


@pytest.mark.parametrize(
    ("typed", "style_id"),
    [
        ("mla", "modern-language-association"),
        ("MLA", "modern-language-association"),
        ("chicago", "chicago-notes-bibliography"),
        ("harvard", "harvard-cite-them-right"),
    ],
)
def test_the_short_names_people_type_find_the_top_styles(typed: str, style_id: str) -> None:
    assert find_style(typed).id == style_id
