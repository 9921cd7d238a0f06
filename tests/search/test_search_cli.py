"""`archive-app search`: the demo's names in every spelling, JSON, and usage errors."""

from __future__ import annotations

import json

import pytest

from archive_app.catalog.demo import seed_demo
from archive_app.cli import main


@pytest.fixture
def demo_path(demo_catalog, catalog_location):
    demo_catalog.close()
    return catalog_location


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def first_lines(out: str, count: int) -> list[list[str]]:
    return [line.split("\t") for line in out.splitlines()[:count]]


@pytest.mark.parametrize("spelling", ["vlasov", "власов", "wlassow", "Vlassov", "VLASOV"])
def test_every_spelling_of_vlasov_puts_him_first(capsys, demo_path, spelling):
    status, out, _ = run(capsys, "--catalog", demo_path, "search", spelling)
    assert status == 0
    assert first_lines(out, 1) == [["person", "1", "Andrey Andreyevich Vlasov", ""]]


def test_a_phrase_finds_the_2nd_shock_army(capsys, demo_path):
    status, out, _ = run(capsys, "--catalog", demo_path, "search", '"2nd shock army"')
    assert status == 0
    assert first_lines(out, 1)[0][:3] == [
        "event",
        "8",
        "2nd Shock Army encircled and destroyed on its way towards Leningrad",
    ]


def test_the_events_of_1942(capsys, demo_path):
    status, out, _ = run(capsys, "--catalog", demo_path, "search", "date:1942 type:event")
    assert status == 0
    dates = [line[3] for line in first_lines(out, 100)]
    assert dates == ["1942-01", "1942", "1942-06", "1942-07~"]


def test_person_himmler_finds_the_photograph(capsys, demo_path):
    status, out, _ = run(capsys, "--catalog", demo_path, "search", "person:himmler")
    assert status == 0
    found = {(line[0], line[2]) for line in first_lines(out, 100)}
    assert ("photo", "Andrey Vlasov with Heinrich Himmler") in found
    assert ("person", "Heinrich Himmler") in found


def test_json_shape(capsys, demo_path):
    status, out, _ = run(
        capsys,
        "--catalog",
        demo_path,
        "search",
        "vlasov",
        "--json",
        "--limit",
        "3",
        "--type",
        "event",
    )
    document = json.loads(out)
    assert status == 0
    assert set(document) == {
        "query",
        "types",
        "total",
        "total_exact",
        "count",
        "limit",
        "results",
        "facets",
        "facets_partial",
    }
    assert document["facets_partial"] is False and document["total_exact"] is True
    assert document["types"] == ["event"] and document["count"] == 3 and document["total"] == 16
    assert set(document["results"][0]) == {
        "type",
        "id",
        "label",
        "detail",
        "date",
        "exact",
        "score",
    }
    assert set(document["facets"]) == {"type", "person", "event", "tag", "collection", "decade"}
    assert document["facets"]["type"] == [
        {"value": "event", "label": "Events", "count": 16, "term": "type:event"}
    ]


def test_more_than_the_limit_is_said_on_stderr(capsys, demo_path):
    status, out, err = run(capsys, "--catalog", demo_path, "search", "vlasov", "--limit", "2")
    assert status == 0 and len(out.splitlines()) == 2
    assert "the first 2 shown" in err


def test_a_broad_search_says_more_than_it_ranked(capsys, demo_path, monkeypatch):
    from archive_app.catalog.search import execute

    monkeypatch.setattr(execute, "RANKED_HITS", 3)
    status, out, err = run(capsys, "--catalog", demo_path, "search", "vlasov", "--limit", "2")
    assert status == 0 and len(out.splitlines()) == 2
    assert "more than 3 found, the best 2 of the first 3 shown" in err
    _, out, _ = run(capsys, "--catalog", demo_path, "search", "vlasov", "--json", "--limit", "2")
    document = json.loads(out)
    assert (document["total"], document["total_exact"], document["count"]) == (3, False, 2)
    _, out, _ = run(capsys, "--catalog", demo_path, "search", "vlasov", "--json")
    document = json.loads(out)  # the default limit, 200, ranks every hit of the demo
    assert document["total_exact"] is True and document["total"] == document["count"] > 3


def test_nothing_found_exits_1(capsys, demo_path):
    status, out, _ = run(capsys, "--catalog", demo_path, "search", "zzzzzz")
    assert (status, out) == (1, "")


@pytest.mark.parametrize(
    ("query", "column"),
    [
        ("NEAR(", 5),
        ("*", 1),
        ("-", 1),
        ("person:", 1),
        ('"2nd shock', 1),
        ("(a OR b", 1),
        ("a)", 2),
    ],
)
def test_a_malformed_query_is_one_line_and_exit_2(capsys, demo_path, query, column):
    status, out, err = run(capsys, "--catalog", demo_path, "search", query)
    assert status == 2 and out == ""
    assert err.startswith(f"archive-app: query error at column {column}: ")
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["search"],
        ["search", "x", "--limit", "0"],
        ["search", "x", "--type", "cat"],
        ["search", "x", "--saved", "y"],
    ],
)
def test_usage_errors(capsys, demo_path, argv):
    status, _, err = run(capsys, "--catalog", demo_path, *argv)
    assert status == 2 and err.count("\n") == 1


def test_save_and_run_a_saved_search(capsys, demo_path):
    status, _, err = run(
        capsys, "--catalog", demo_path, "search", "date:1942 type:event", "--save", "1942"
    )
    assert status == 0 and "saved" in err
    status, out, _ = run(capsys, "--catalog", demo_path, "search", "--saved", "1942")
    assert status == 0 and len(out.splitlines()) == 4
    status, _, err = run(capsys, "--catalog", demo_path, "search", "--saved", "nope")
    assert status == 1 and "no saved search" in err


def test_seeding_twice_keeps_one_document_per_record(demo_catalog):
    seed_demo(demo_catalog)
    table = "search_index" if demo_catalog.is_sqlite else "search_document"
    count = demo_catalog.database.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0]
    records = sum(
        demo_catalog.database.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in (
            "photograph",
            "person",
            "event",
            "place",
            "source",
            "citation",
            "collection",
            "tag",
        )
    )
    assert count == records
