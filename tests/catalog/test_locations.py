"""Storage locations: a file on a shared folder is kept as @NAME/…, each desktop finds it at its
own mount, and a share that is not mounted is reported once, not as every file missing."""

from __future__ import annotations

import json

from archive_app.catalog import locations, records
from archive_app.catalog.checks import run_checks
from archive_app.catalog.importing.placement import resolve, stored_path
from archive_app.cli import main


def _scan(folder, name="1942/PH-000042.tif"):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"II*\x00 not really a tiff")
    return path


def test_each_desktop_finds_a_shared_file_at_its_own_mount(catalog, tmp_path):
    here, there = tmp_path / "mnt" / "archive", tmp_path / "Volumes" / "Archive"
    scan = _scan(here)
    _scan(there)
    locations.declare("scans")
    locations.map_here("scans", here)
    stored = stored_path(str(scan), None)
    assert stored == "@scans/1942/PH-000042.tif"
    photo = records.create("photo", title="Vlasov", file_path=stored)
    assert resolve(photo.file_path) == scan.resolve()
    locations.override(f"scans={there}")  # another desktop, the same catalogue
    assert resolve(photo.file_path) == there / "1942" / "PH-000042.tif"
    assert not [f for f in run_checks() if f.check in ("missing-file", "storage-location")]


def test_a_share_that_is_not_mounted_is_reported_once_and_nothing_fails(catalog, tmp_path):
    share = tmp_path / "share"
    locations.map_here("scans", share.parent)  # a folder that exists, to store paths
    for n in range(3):
        records.create("photo", file_path=f"@scans/box/{n}.tif")
    records.create("photo", file_path=str(tmp_path / "gone.tif"))
    locations.override(f"scans={tmp_path / 'not-mounted'}")
    findings = run_checks()
    (share_finding,) = [f for f in findings if f.check == "storage-location"]
    assert "'scans'" in share_finding.message and "not mounted" in share_finding.message
    assert len([f for f in findings if f.check == "missing-file"]) == 1  # gone.tif only
    locations.clear_overrides()
    locations.map_here("scans", tmp_path)
    locations.override("unmapped=" + str(tmp_path))
    assert not [f for f in run_checks() if f.check == "storage-location"]


def test_location_command_declares_maps_lists_and_takes_a_run_override(
    catalog_location, catalog, tmp_path, capsys
):
    catalog.close()
    share = tmp_path / "share"
    share.mkdir()
    assert main(["--catalog", catalog_location, "location", "scans", str(share)]) == 0
    assert main(["--catalog", catalog_location, "location", "--json"]) == 0
    out = capsys.readouterr().out
    listed = json.loads(out[out.index("[") :])
    assert listed == [
        {"name": "scans", "folder": str(share.resolve()), "declared": True, "available": True}
    ]
    missing = str(tmp_path / "nowhere")
    status = main(["--catalog", catalog_location, "--location", f"scans={missing}", "location"])
    assert status == 1 and "missing" in capsys.readouterr().out
    assert main(["--catalog", catalog_location, "--location", "bad name", "location"]) == 1
    assert "NAME=PATH" in capsys.readouterr().err
