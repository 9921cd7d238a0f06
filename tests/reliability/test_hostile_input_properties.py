"""Property-based tests of every reader of outside input and of the writers: whatever text comes
in, a reader returns what it read or refuses it with a CatalogError (one line), never another
exception; what a writer is given comes out escaped and parses with an independent parser.

The example counts are modest (the suite must stay fast); HYPOTHESIS_PROFILE=thorough tries
twenty times as many. Each test's count is summed in the README's Reliability section."""

from __future__ import annotations

import csv
import io
import json
import os
import xml.etree.ElementTree as ET

import bibtexparser
import pytest
import rispy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from archive_app.catalog import records
from archive_app.catalog.database import open_catalog
from archive_app.catalog.dates import parse_date
from archive_app.catalog.errors import CatalogError
from archive_app.catalog.exports.csv_export import csv_text, neutralise
from archive_app.catalog.exports.dublin_core import xml_text
from archive_app.catalog.exports.finding_aid_html import _h
from archive_app.catalog.exports.json_export import FORMAT_NAME
from archive_app.catalog.exports.load import load_document
from archive_app.catalog.field_text import values_from_text
from archive_app.catalog.importing.spreadsheet import read_sheet
from archive_app.catalog.models import Person
from archive_app.catalog.search.query import parse
from archive_app.catalog.sources import bibtex, csljson, ris
from archive_app.catalog.text_rules import printable

_RELAXED = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
settings.register_profile("quick", max_examples=50, deadline=None, suppress_health_check=_RELAXED)
settings.register_profile(
    "thorough", max_examples=1000, deadline=None, suppress_health_check=_RELAXED
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))

#: any text, including control characters, lone surrogates, right-to-left and combining marks
HOSTILE_TEXT = st.text(st.characters(codec=None), max_size=60) | st.sampled_from(
    ["\x00", "=cmd|' /C calc'!A0", "<script>", "{\\}", "\ud800", "\u202e", "a\x07b", "%0", "1/"]
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | HOSTILE_TEXT,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(HOSTILE_TEXT, children, max_size=4)
    ),
    max_leaves=12,
)


@given(HOSTILE_TEXT)
def test_the_query_parser_reads_or_refuses_any_text(text):
    try:
        parse(text)
    except CatalogError as exc:
        assert "\n" not in str(exc)


@given(
    HOSTILE_TEXT | st.from_regex(r"-?\d{1,5}(-\d\d(-\d\d)?)?[?~%]?(/\.\.|/\d{4})?", fullmatch=True)
)
def test_edtf_dates_read_or_refuse_any_text_and_bounds_are_in_order(text):
    try:
        bounds = parse_date(text)
    except CatalogError:
        return
    assert bounds.earliest is None or bounds.latest is None or bounds.earliest <= bounds.latest


@pytest.fixture
def open_file(tmp_path):
    with open_catalog(tmp_path / "c.db") as catalog:
        yield catalog


@given(name=HOSTILE_TEXT, biography=HOSTILE_TEXT)
def test_field_text_from_add_and_edit_is_kept_exactly_or_refused(open_file, name, biography):
    try:
        values = values_from_text("person", [f"name={name}", f"biography={biography}"])
        person = records.create("person", **values)
    except CatalogError as exc:
        assert "\n" not in str(exc)
        return
    kept = Person.get_by_id(person.id)
    assert (kept.name, kept.biography) == (values["name"], values["biography"])


@given(JSON_VALUES)
def test_load_reads_or_refuses_any_json_and_refuses_whole(open_file, value):
    document = value if not isinstance(value, dict) else {"format": FORMAT_NAME, **value}
    before = Person.select().count()
    try:
        load_document(document)
    except CatalogError as exc:
        assert "\n" not in str(exc)
        assert Person.select().count() == before


@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["id", "name", "biography", "birth_date"]),
            HOSTILE_TEXT | st.integers(0, 5),
            max_size=4,
        ),
        max_size=4,
    )
)
def test_load_of_people_rows_loads_all_or_nothing(open_file, rows):
    before = Person.select().count()
    try:
        report = load_document({"format": FORMAT_NAME, "version": 1, "people": rows})
    except CatalogError:
        assert Person.select().count() == before
        return
    assert Person.select().count() == before + report.counts["people"]


@given(st.binary(max_size=300) | HOSTILE_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_a_csv_metadata_sheet_is_read_or_refused(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("sheet") / "sheet.csv"
    path.write_bytes(b"File name,Title\n" + data if data[:1] != b"F" else data)
    try:
        read_sheet(path)
    except CatalogError as exc:
        assert "\n" not in str(exc)


@given(HOSTILE_TEXT | st.text(st.sampled_from('@{}=,"%\\\n TYtitleauthor-ER'), max_size=80))
@pytest.mark.parametrize(
    "reader", [csljson.loads, ris.loads, bibtex.loads], ids=["csl", "ris", "bib"]
)
def test_csl_json_ris_and_bibtex_are_read_or_refused(reader, text):
    try:
        items = reader(text)
    except CatalogError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(items, list)


@given(title=HOSTILE_TEXT.filter(lambda t: t.strip()), family=HOSTILE_TEXT)
def test_bibtex_and_ris_writers_escape_and_parse_with_other_parsers(title, family):
    item = {"id": "source-1", "type": "book", "title": title, "author": [{"family": family or "X"}]}
    item = json.loads(json.dumps(item, ensure_ascii=False).encode("utf-8", "replace").decode())
    written = bibtex.dumps([item])
    library = bibtexparser.parse_string(written)
    assert len(library.entries) == 1 and not library.failed_blocks
    assert not any(ord(c) < 32 and c not in "\t\n\r" for c in written)
    entries = rispy.loads(ris.dumps([item]))
    assert len(entries) == 1
    assert entries[0]["title"] == " ".join(printable(item["title"]).split())


@given(st.lists(HOSTILE_TEXT, min_size=1, max_size=5))
def test_the_csv_writer_escapes_and_parses_back(open_file, values):
    values = [v.encode("utf-8", "replace").decode() for v in values]
    rows = [{"id": n, "name": v, "biography": v} for n, v in enumerate(values)]
    text = csv_text("people", rows)
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert [row["name"] for row in parsed] == [neutralise(printable(v)) for v in values]


@given(HOSTILE_TEXT)
def test_the_xml_and_html_writers_escape_and_parse_back(text):
    text = text.encode("utf-8", "replace").decode()
    element = ET.Element("title")
    element.text = xml_text(text)
    parsed = ET.fromstring(ET.tostring(element, encoding="unicode"))
    # XML reads every line break as a line feed (XML 1.0, 2.11)
    assert (parsed.text or "") == xml_text(text).replace("\r\n", "\n").replace("\r", "\n")
    fragment = lxml_html.fragment_fromstring(f"<p>{_h(text)}</p>")
    assert "<script>" not in _h(text)
    assert fragment.tag == "p"
