"""EDTF dates to GEDCOM date values and back: the same days, and our own text exactly."""

from __future__ import annotations

import pytest

from archive_app.catalog.dates import parse_date
from archive_app.catalog.exchange.gedcom_dates import NotADate, from_gedcom, to_gedcom

WORDS = [
    ("1942", "1942"),
    ("1942-06", "JUN 1942"),
    ("1942-06-01", "1 JUN 1942"),
    ("1944~", "ABT 1944"),
    ("1944?", "EST 1944"),
    ("[1942..1945]", "BET 1942 AND 1945"),
    ("[..1942]", "BEF 1942"),
    ("[1942..]", "AFT 1942"),
    ("1942/1945", "FROM 1942 TO 1945"),
    ("1942/..", "FROM 1942"),
    ("../1942-06", "TO JUN 1942"),
    ("-0043", "44 BCE"),
]


@pytest.mark.parametrize(("edtf", "gedcom"), WORDS)
def test_dates_gedcom_has_words_for_go_both_ways_exactly(edtf, gedcom):
    assert to_gedcom(edtf).value == gedcom
    assert to_gedcom(edtf).phrase is None
    assert from_gedcom(gedcom) == edtf


@pytest.mark.parametrize(
    ("edtf", "gedcom"),
    [
        ("194X", "BET 1940 AND 1949"),
        ("1946-22", "BET JUN 1946 AND AUG 1946"),
        ("1944%", "ABT 1944"),
        ("1942-06-XX", "JUN 1942"),
        ("{1942,1944}", "BET 1942 AND 1944"),
    ],
)
def test_dates_without_gedcom_words_keep_their_days_and_their_text_as_phrase(edtf, gedcom):
    written = to_gedcom(edtf)
    assert written.value == gedcom and written.phrase == edtf
    assert from_gedcom(written.value, written.phrase) == edtf  # GEDCOM 7 keeps the text
    alone = parse_date(from_gedcom(written.value))  # 5.5.1 readers see the same days
    if edtf not in ("1944%", "{1942,1944}"):
        assert (alone.earliest, alone.latest) == (
            parse_date(edtf).earliest,
            parse_date(edtf).latest,
        )


def test_other_programs_dates_are_read():
    assert from_gedcom("CAL 1850") == "1850~"
    assert from_gedcom("12 JAN 1750/51") == "1751-01-12"  # dual year: the new style's
    assert from_gedcom("INT 1850 (about the time of the census)") == "1850"
    assert from_gedcom("INT 1 JUN 1942 (1942-06-01?)") == "1942-06-01?"
    assert from_gedcom("bet jan 1900 and mar 1900") == "[1900-01..1900-03]"
    assert from_gedcom("@#DGREGORIAN@ 3 MAR 1901") == "1901-03-03"


@pytest.mark.parametrize(
    "value", ["@#DJULIAN@ 1 JAN 1700", "JULIAN 1 JAN 1700", "(spring)", "1 1900", "32 FOO 1900"]
)
def test_dates_the_catalogue_cannot_hold_are_refused_for_the_text_to_be_kept(value):
    with pytest.raises(NotADate):
        from_gedcom(value)


def test_a_phrase_that_means_other_days_than_the_value_loses_to_the_value():
    assert from_gedcom("1942", "1950") == "1942"
