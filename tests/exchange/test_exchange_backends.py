"""The exchange formats hold on both backends: each test here runs on a SQLite file and on a
fresh PostgreSQL database (see tests/conftest.py)."""

from __future__ import annotations

import pytest
from tropy_project import build_project

from archive_app.catalog.demo import seed_demo
from archive_app.catalog.exchange.ead3_export import ead3_xml
from archive_app.catalog.exchange.gedcom_export import GEDCOM_7, gedcom_document, gedcom_text
from archive_app.catalog.exchange.gedcom_import import import_gedcom
from archive_app.catalog.exchange.iiif_export import export_iiif
from archive_app.catalog.exchange.tropy_import import import_tropy
from archive_app.catalog.models import Person, Photograph, PhotoPerson
from archive_app.catalog.sources.selection import from_query, whole_catalogue


@pytest.fixture(params=("sqlite", "postgresql"))
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


def test_gedcom_out_and_back_into_the_same_catalogue_matches_everything(catalog, tmp_path):
    seed_demo(catalog)
    path = tmp_path / "demo.ged"
    path.write_text(gedcom_text(gedcom_document(whole_catalogue(), GEDCOM_7)), "utf-8")
    report = import_gedcom(path, catalog)
    assert report.created == {} and report.refused == []
    assert len(report.matched["person"]) == 4 and len(report.matched["event"]) == 16
    assert Person.select().count() == 4


def test_a_tropy_project_and_the_archival_exports(catalog, tmp_path):
    built = build_project(tmp_path / "tropy")
    report = import_tropy(built.path, catalog, relink=tmp_path / "tropy" / "elsewhere")
    assert len(report.created["photo"]) == 3 and PhotoPerson.select().count() == 2
    again = import_tropy(built.path, catalog)
    assert "photo" not in again.created
    aid = ead3_xml(from_query("himmler"), "Archive")
    assert "Heinrich Himmler" in aid
    site = export_iiif(whole_catalogue(), tmp_path / "site", "http://localhost:8000")
    assert site.manifests == 3 and site.annotations == 2
    assert Photograph.select().count() == 3
