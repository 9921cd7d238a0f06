"""Batch edits of many photographs: one transaction, and an exact way back."""

from __future__ import annotations

import pytest

from archive_app.catalog import batch, records
from archive_app.catalog.errors import InvalidField
from archive_app.catalog.models import catalog_db
from archive_app.catalog.serialize import describe


def test_a_batch_edit_sets_fields_and_tags_on_every_photo_and_restores_exactly(catalog):
    fonds = records.create("collection", name="Fonds 12")
    photos = [records.create("photo", title=f"p{n}", rights="unknown").id for n in range(3)]
    saved = batch.state(photos)
    batch.edit(photos, add_tags=["ROA", "1944"], collection=fonds.id, rights="Public domain")
    assert batch.common_tags(photos) == ["1944", "ROA"]
    for photo_id in photos:
        shown = describe("photo", photo_id)
        assert shown["rights"] == "Public domain" and shown["collection"]["id"] == fonds.id
        assert shown["version"] == 2
    batch.edit(photos[:1], remove_tags=["ROA"])
    assert batch.common_tags(photos) == ["1944"]
    batch.restore(saved)
    for photo_id in photos:
        shown = describe("photo", photo_id)
        assert shown["rights"] == "unknown" and shown["collection"] is None and shown["tags"] == []


def test_a_batch_edit_refuses_fields_that_are_not_shared(catalog):
    photo = records.create("photo")
    with pytest.raises(InvalidField):
        batch.set_fields([photo.id], accession_number="same for all")
    with pytest.raises(InvalidField), catalog_db.atomic():
        batch.edit([photo.id], add_tags=["x"], title="nope")
    assert describe("photo", photo.id)["tags"] == []
