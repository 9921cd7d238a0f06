"""A person's life gathered for the timeline: every dated claim as a range from its bounds, with
its citations and the findings about it."""

from __future__ import annotations

import datetime as dt

import pytest

from archive_app.catalog.errors import RecordNotFound
from archive_app.catalog.models import Person
from archive_app.catalog.timeline import person_timeline


def test_vlasovs_life_runs_1900_to_1946_with_the_execution_marked(demo_catalog):
    vlasov = Person.get(Person.name == "Andrey Andreyevich Vlasov")
    timeline = person_timeline(vlasov.id)
    assert (timeline.start, timeline.end) == (dt.date(1900, 1, 1), dt.date(1946, 12, 31))
    by_label = {item.label: item for item in timeline.items}
    execution = by_label["Executed by hanging"]
    assert execution.findings and not execution.uncertain
    trial = next(i for i in timeline.items if i.event_type == "trial")
    assert trial.uncertain and trial.start == dt.date(1946, 6, 1) and trial.findings
    assert [c["locator"] for c in trial.citations] == ["8"]
    photo = next(i for i in timeline.items if i.kind == "photo")
    assert photo.label.startswith("Andrey Vlasov with Heinrich Himmler")
    assert (photo.start, photo.end) == (dt.date(1942, 7, 1), dt.date(1945, 5, 31))
    assert photo.file_path and photo.findings == []
    assert [i.kind for i in timeline.items][0] == "birth"
    assert by_label["Drafted into the Red Army; fights in the Russian Civil War"].findings == []
    assert len(timeline.findings) == 2


def test_a_person_with_no_dates_has_an_empty_timeline_and_a_missing_one_is_refused(catalog):
    from archive_app.catalog import records

    person = records.create("person", name="Nobody dated")
    assert person_timeline(person.id).items == []
    with pytest.raises(RecordNotFound):
        person_timeline(999)
