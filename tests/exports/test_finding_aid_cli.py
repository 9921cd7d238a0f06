"""`archive-app export finding-aid OUT.html|OUT.pdf`, and every export command's answer to a
destination it cannot write, a broken style or a malformed query: one line on stderr, the exit
status PRODUCT.md gives (2 bad usage, 1 refused), nothing half-written left behind."""

from __future__ import annotations

import ctypes
import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from archive_app.catalog.database import Catalog
from archive_app.cli import main

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;">]><style xmlns="http://purl.org/net/xbiblio/csl">&c;</style>'
)


def run(capsys: pytest.CaptureFixture[str], catalog: Catalog, *argv: str) -> tuple[int, str, str]:
    status = main(["--catalog", str(catalog.path), *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_the_format_follows_the_extension(
    arranged_catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        capsys, arranged_catalog, "export", "finding-aid", str(tmp_path / "a.pdf")
    )
    assert status == 0 and err == ""
    assert out == (
        f"wrote the finding aid of 4 photograph(s) in 6 group(s), 2 without a readable image "
        f"to {tmp_path / 'a.pdf'}\n"
    )
    text = PdfReader(tmp_path / "a.pdf").pages[0].extract_text()
    assert 'Мемориал <Archive> & "Co"' in text  # the archive's name from Preferences
    assert run(capsys, arranged_catalog, "export", "finding-aid", str(tmp_path / "A.HTM"))[0] == 0
    assert (tmp_path / "A.HTM").read_text("utf-8").startswith("<!DOCTYPE html>")
    forced = tmp_path / "aid.html"
    assert (
        run(capsys, arranged_catalog, "export", "finding-aid", str(forced), "--format", "pdf")[0]
        == 0
    )
    assert forced.read_bytes().startswith(b"%PDF-")


def test_the_file_is_readable_by_others_as_the_umask_says(
    demo_catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = os.umask(0o022)
    try:
        assert run(capsys, demo_catalog, "export", "finding-aid", str(tmp_path / "a.html"))[0] == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "a.html").stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_search_chooses_the_photographs(
    arranged_catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "aid.pdf"
    status, out, _ = run(
        capsys, arranged_catalog, "export", "finding-aid", str(target), "--query", "himmler"
    )
    assert status == 0 and "of 1 photograph(s) in 2 group(s)" in out
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "PH-000001" in text and "PH-000002" not in text and "Café" not in text
    assert "found by the search “himmler”" in text
    status, out, _ = run(
        capsys, arranged_catalog, "export", "finding-aid", str(target), "--query", "zzzzqx"
    )
    assert status == 0 and "of 0 photograph(s)" in out
    assert "No photographs to describe." in PdfReader(target).pages[0].extract_text()


def test_the_contract_form_through_export_catalog_still_works(
    demo_catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "aid.pdf"
    argv = ["export", "catalog", "--format", "finding-aid-pdf", "-o", str(target)]
    assert run(capsys, demo_catalog, *argv, "--archive-name", "Archiv Ω")[0] == 0
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    assert "Archiv Ω" in reader.pages[0].extract_text()


@pytest.mark.parametrize(
    ("argv", "status", "words"),
    [
        (["export", "finding-aid", "{tmp}/aid.txt"], 2, "cannot tell the format"),
        (["export", "finding-aid", "{tmp}"], 2, "is a folder"),
        (["export", "finding-aid", "{tmp}/nope/aid.pdf"], 2, "does not exist"),
        (["export", "finding-aid", "{tmp}/a.pdf", "--format", "docx"], 2, "invalid choice"),
        (["export", "finding-aid", "{tmp}/a.pdf", "--style", "nosuch"], 1, "no CSL style"),
        (["export", "finding-aid", "{tmp}/a.pdf", "--style", "{tmp}/x.csl"], 1, "style file"),
        (["export", "finding-aid", "{tmp}/a.pdf", "--query", "person:"], 2, "--query"),
        (["export", "citations", "-o", "{tmp}/nope/x.txt"], 2, "does not exist"),
        (["export", "citations", "-o", "{tmp}"], 2, "is a folder"),
        (["export", "citations", "--style", "{tmp}/x.csl"], 1, "style file"),
        (["export", "citations", "--query", '"open'], 2, "--query"),
        (["export", "catalog", "--format", "json", "-o", "{tmp}"], 2, "is a folder"),
        (["export", "catalog", "--format", "csv", "-o", "{tmp}/nope/dir"], 2, "does not exist"),
        (["export", "catalog", "--format", "csv", "-o", "{tmp}/x.csl"], 2, "is a file"),
        (["export", "catalog", "--format", "dc-xml", "--query", "(", "-o", "{tmp}/a"], 2, "query"),
        (["export", "bag", "{tmp}/nope/bag"], 2, "does not exist"),
        (["export", "bag", "{tmp}"], 2, "not an empty folder"),
        (["export", "bag", "{tmp}/bag", "--query", "tag:"], 2, "--query"),
    ],
)
def test_bad_destinations_styles_and_queries_get_one_line(
    demo_catalog: Catalog,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    status: int,
    words: str,
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "x.csl").write_text(BILLION_LAUGHS, encoding="utf-8")
    argv = [arg.replace("{tmp}", str(folder)) for arg in argv]
    got, out, err = run(capsys, demo_catalog, *argv)
    assert (got, out) == (status, "")
    assert err.startswith("archive-app: ") and err.count("\n") == 1 and words in err
    assert [p.name for p in folder.iterdir()] == ["x.csl"]  # nothing made, nothing half-made


def _without_root_write_powers() -> None:
    """In the child, before exec: give up root's power to write anywhere (CAP_DAC_OVERRIDE),
    so a read-only folder is read-only to it as to any archivist."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(24, 1, 0, 0, 0) != 0:  # PR_CAPBSET_DROP, CAP_DAC_OVERRIDE
        raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "finding-aid", "{ro}/aid.pdf"],
        ["export", "citations", "-o", "{ro}/list.txt"],
        ["export", "catalog", "--format", "json", "-o", "{ro}/catalog.json"],
        ["export", "catalog", "--format", "csv", "-o", "{ro}/csv"],
        ["export", "bag", "{ro}/bag"],
    ],
)
def test_a_read_only_folder_is_one_line_and_exit_1(
    demo_catalog: Catalog, tmp_path: Path, argv: list[str]
) -> None:
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(0o555)
    command = [sys.executable, "-m", "archive_app", "--catalog", str(demo_catalog.path)]
    try:
        result = subprocess.run(
            [*command, *[arg.replace("{ro}", str(read_only)) for arg in argv]],
            capture_output=True,
            text=True,
            preexec_fn=_without_root_write_powers if os.geteuid() == 0 else None,
            timeout=120,
        )
    finally:
        read_only.chmod(0o755)
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "ermission denied" in result.stderr
    assert list(read_only.iterdir()) == []
