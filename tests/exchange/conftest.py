"""What the exchange tests share: the demo catalogue with the variety an exchange must carry
(every confidence, a transcription, uncertain dates of each kind, notes on links)."""

from __future__ import annotations

import pytest

from archive_app.catalog import records
from archive_app.catalog.database import Catalog
from archive_app.catalog.models import (
    Citation,
    Event,
    PersonEvent,
)

UNCERTAIN_DATES = ["194X", "1946-22", "1944%", "[1942..1945]", "[..1942]", "1942-06?", "1941~"]


@pytest.fixture
def rich_demo(demo_catalog: Catalog) -> Catalog:
    citations = list(Citation.select().order_by(Citation.id))
    for citation, confidence in zip(citations, [0, 1, 3, 4, 2], strict=False):
        records.update("citation", citation.id, citation.version, confidence=confidence)
    first = Citation.get_by_id(citations[5].id)
    records.update(
        "citation",
        first.id,
        first.version,
        text_kind="transcription",
        date="2017-11-15",
        note="Checked against the printed copy.",
    )
    events = list(Event.select().order_by(Event.id))
    for event, date in zip(events, UNCERTAIN_DATES, strict=False):
        records.update("event", event.id, event.version, date=date)
    link = PersonEvent.select().order_by(PersonEvent.id).first()
    PersonEvent.update(note="Named in the article's second paragraph.").where(
        PersonEvent.id == link.id
    ).execute()
    return demo_catalog
