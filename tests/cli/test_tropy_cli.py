"""`archive-app import-tropy` on a project built with Tropy's own schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "exchange"))
from tropy_project import build_project  # noqa: E402


def test_import_tropy_reports_created_matched_refused_as_json(cli, tmp_path):
    built = build_project(tmp_path / "tropy")
    catalog = str(tmp_path / "c.db")
    status, out, err = cli("--catalog", catalog, "import-tropy", str(built.path),
                           "--relink", str(tmp_path / "tropy" / "elsewhere"), "--json")  # fmt: skip
    assert status == 1 and err == ""  # the damaged scan is refused, the rest come in
    report = json.loads(out)
    assert set(report) == {"project", "format", "created", "matched", "refused", "warnings",
                           "change_id"}  # fmt: skip
    assert len(report["created"]["photo"]) == 3 and len(report["refused"]) == 1
    status, out, err = cli("--catalog", catalog, "import-tropy", str(built.path))
    assert "created nothing" in out and "matched in the catalogue: " in out
    assert "refused Damaged scan: broken.jpg" in err


def test_import_tropy_of_something_else_is_one_line(cli, tmp_path):
    status, out, err = cli("--catalog", str(tmp_path / "c.db"), "import-tropy",
                           str(tmp_path / "missing.tpy"))  # fmt: skip
    assert status == 1 and out == ""
    assert err.strip() == f"archive-app: {tmp_path / 'missing.tpy'}: no such file or folder"
