"""`archive-app export citations` on the demo prints the article as citeproc-js formats it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from archive_app.catalog.database import Catalog
from archive_app.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _reference(expected: dict[str, Any], style: str, kind: str = "text") -> str:
    (entry,) = expected["styles"][style]["demo"][kind]
    return entry["entry"]


@pytest.mark.parametrize(
    "style", ["chicago-notes-bibliography", "apa", "modern-language-association"]
)
def test_demo_bibliography_is_citeproc_js_text(
    catalog_path: Path, capsys: pytest.CaptureFixture[str], expected: dict[str, Any], style: str
) -> None:
    assert _run(capsys, "--catalog", str(catalog_path), "demo")[0] == 0
    status, out, err = _run(
        capsys,
        "--catalog",
        str(catalog_path),
        "export",
        "citations",
        "--style",
        style,
        "--format",
        "text",
    )
    assert (status, err) == (0, "")
    assert out == _reference(expected, style) + "\n"


def test_demo_chicago_line_is_the_one_citeproc_js_gives(
    demo_catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys, "--catalog", str(demo_catalog.path), "export", "citations")
    assert status == 0
    assert out == (
        "Elhassan, Khalid. “12 Generals You Won’t Believe Switched Sides and Defected to the "
        "Enemy.” November 15, 2017.\n"
    )


def test_demo_csl_json_is_what_the_engines_are_given(
    demo_catalog: Catalog, capsys: pytest.CaptureFixture[str], corpus: list[dict[str, Any]]
) -> None:
    status, out, _ = _run(
        capsys, "--catalog", str(demo_catalog.path), "export", "citations", "--format", "csl-json"
    )
    assert status == 0
    (item,) = json.loads(out)
    assert "container-title" not in item
    assert {k: v for k, v in item.items() if k != "note"} == corpus[0]


def test_by_record_list_gives_notes_with_locators(
    demo_catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(
        capsys, "--catalog", str(demo_catalog.path), "export", "citations", "--list", "by-record"
    )
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "PH-000001 Andrey Vlasov with Heinrich Himmler"
    assert lines[1] == (
        "  1. Khalid Elhassan, “12 Generals You Won’t Believe Switched Sides and Defected to the "
        "Enemy,” November 15, 2017, fig. lead image caption."
    )
    assert any(line.endswith("para. 8.") for line in lines)
    assert "Heinrich Himmler (depicted): Elhassan" in out


def test_photograph_cited_as_archival_item(
    demo_catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(
        capsys,
        "--catalog",
        str(demo_catalog.path),
        "export",
        "citations",
        "--list",
        "photos",
        "--archive-name",
        "Archiv <Vlasov> & Co.",
        "--format",
        "html",
    )
    assert status == 0
    assert "PH-000001" in out and "Images of the article" in out
    assert "Archiv &#60;Vlasov&#62; &#38; Co." in out


@pytest.mark.parametrize(("fmt", "magic"), [("rtf", b"{\\rtf1"), ("docx", b"PK")])
def test_documents_are_written_to_a_file(
    demo_catalog: Catalog,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
    magic: bytes,
) -> None:
    target = tmp_path / f"list.{fmt}"
    status, _, _ = _run(
        capsys,
        "--catalog",
        str(demo_catalog.path),
        "export",
        "citations",
        "--format",
        fmt,
        "--list",
        "by-record",
        "-o",
        str(target),
    )
    assert status == 0
    assert target.read_bytes().startswith(magic)


def test_unknown_style_is_one_line_with_a_suggestion(
    demo_catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(
        capsys, "--catalog", str(demo_catalog.path), "export", "citations", "--style", "apaa"
    )
    assert status == 1 and out == ""
    assert err.count("\n") == 1 and "did you mean apa" in err


def test_styles_are_listed_with_the_top_five_first(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "export", "styles")
    ids = [line.split("\t")[0] for line in out.splitlines()]
    assert status == 0 and len(ids) > 1000
    assert ids[:5] == [
        "chicago-notes-bibliography",
        "chicago-author-date",
        "apa",
        "modern-language-association",
        "harvard-cite-them-right",
    ]


@pytest.mark.parametrize("style", ["chicago-notes-bibliography", "apa", "harvard-cite-them-right"])
def test_demo_bibliography_html_is_citeproc_js_html(
    demo_catalog: Catalog, capsys: pytest.CaptureFixture[str], expected: dict[str, Any], style: str
) -> None:
    status, out, _ = _run(
        capsys,
        "--catalog",
        str(demo_catalog.path),
        "export",
        "citations",
        "--style",
        style,
        "--format",
        "html",
    )
    assert status == 0
    entry = _reference(expected, style, "html")
    assert out == f'<div class="csl-bib-body">\n  <div class="csl-entry">{entry}</div>\n</div>\n'
