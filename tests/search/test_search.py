"""Every form of the query language, run against a real catalogue."""

from __future__ import annotations

import pytest

from archive_app.catalog import records
from archive_app.catalog.models import Source
from archive_app.catalog.search.execute import search
from archive_app.catalog.search.query import QueryError

# --- folding, end to end -------------------------------------------------------------------


def test_latin_letters_find_a_cyrillic_name(archive):
    assert "person:stalin" in archive.found("stalin")
    assert "person:stalin" in archive.found("iosif")


def test_cyrillic_letters_find_a_latin_name(archive):
    records.create("person", name="Boris Pasternak")
    assert {h.label for h in search("пастернак").hits} == {"Boris Pasternak"}


def test_a_name_variant_in_another_script_is_found_with_its_person(archive):
    assert "person:vlasov" in archive.found("власов")
    assert "person:vlasov" in archive.found("ВЛАСОВ")


def test_case_and_diacritics_are_folded_both_ways(archive):
    assert "person:henri" in archive.found("henri")
    assert "person:henri" in archive.found("HÉNRI")
    assert "person:henri" in archive.found("Hénri")
    records.create("person", name="Francois Mauriac")
    assert "Francois Mauriac" in {h.label for h in search("François").hits}


def test_other_spellings_of_a_name_meet_by_fuzzy_matching(archive):
    for spelling in ("wlassow", "vlassov", "Wlasow"):
        assert "person:vlasov" in archive.found(spelling), spelling


def test_fuzzy_matching_does_not_join_unrelated_names(archive):
    assert "person:vlasov" not in archive.found("smith")
    assert archive.found("himmler") == set()


# --- words, prefixes, phrases ---------------------------------------------------------------


def test_every_word_must_match_and_words_match_as_prefixes(archive):
    assert archive.found("vlas offic") == {"photo:vlasov"}
    assert archive.found("vlasov officers") == {"photo:vlasov"}
    assert archive.found("vlasov nobody") == set()


def test_a_phrase_matches_the_words_in_order_only(archive):
    assert archive.found('"2nd shock army"') == {"event:encircled"}
    assert archive.found('"army shock"') == set()
    assert "event:undated" in archive.found("shock army")


def test_a_phrase_is_not_prefix_matched(archive):
    assert archive.found('"vlas"') == set()


def test_linked_names_find_a_photograph(archive):
    """The street photograph names no one in its text; it depicts Stalin."""
    assert "photo:street" in archive.found("сталин")


def test_an_accession_number_is_found(archive):
    assert archive.found("PH-000042") == {"photo:vlasov"}


# --- filters --------------------------------------------------------------------------------


def test_person_filter_finds_what_is_linked_to_the_person(archive):
    found = archive.found("person:vlasov")
    assert {"person:vlasov", "photo:vlasov", "event:encircled", "event:captured"} <= found
    assert "photo:henri" not in found


def test_person_filter_folds_and_fuzzes_its_value(archive):
    assert "photo:vlasov" in archive.found("person:власов")
    assert "photo:vlasov" in archive.found("person:wlassow")


def test_event_filter(archive):
    found = archive.found("event:captured")
    assert {"event:captured", "photo:vlasov", "person:vlasov", "citation:capture"} <= found
    assert "event:encircled" not in found


def test_place_filter_takes_in_the_places_within(archive):
    found = archive.found("place:moscow")
    assert {"place:moscow", "place:lubyanka", "event:encircled"} <= found
    assert "event:trial" not in found  # "Moscow" is in its title, but it is not placed there


def test_tag_filter(archive):
    assert archive.found("tag:defector") == {"photo:vlasov", "?tag"}
    assert archive.found("tag:defector type:photo") == {"photo:vlasov"}


def test_collection_filter_takes_in_sub_collections(archive):
    found = archive.found('collection:"fonds 12"')
    assert "photo:vlasov" in found
    assert {"collection:fonds", "collection:series"} <= found


def test_source_filter_finds_the_cited_records(archive):
    found = archive.found("source:elhassan")
    assert {"source:article", "citation:capture", "event:captured"} <= found
    assert "event:encircled" not in found


def test_type_filter(archive):
    assert archive.found("shock type:event") == {"event:encircled", "event:shock", "event:undated"}
    assert archive.found("vlasov type:photograph") == {"photo:vlasov"}
    assert archive.found("type:person") == {
        "person:vlasov",
        "person:henri",
        "person:stalin",
        "person:smith",
    }


def test_the_types_option_narrows_as_type_does(archive):
    assert archive.found("vlasov", types=["event"]) == {"event:encircled", "event:captured"}
    assert archive.found("vlasov type:photo", types=["event"]) == set()


# --- dates over uncertain bounds -------------------------------------------------------------


@pytest.mark.parametrize("query", ["date:1942", "date:1941..1943", "date:1942-06"])
def test_a_record_dated_june_1942_is_found_by_its_year_a_range_and_its_month(archive, query):
    assert "event:encircled" in archive.found(f"{query} type:event")


@pytest.mark.parametrize("query", ["date:1944", "date:1942-07", "date:1943..1945", "date:..1941"])
def test_a_record_dated_june_1942_is_not_found_outside_it(archive, query):
    assert "event:encircled" not in archive.found(query)


def test_a_season_and_an_interval_are_matched_by_their_bounds(archive):
    assert "event:trial" in archive.found("date:1946-07")  # summer 1946
    assert "event:trial" not in archive.found("date:1946-12")
    assert "photo:vlasov" in archive.found("date:1943")  # 1942/1944
    assert "photo:vlasov" not in archive.found("date:1945..")


@pytest.mark.parametrize(
    ("dated", "found_by", "not_found_by"),
    [
        ("1930/1950", "date:1942-06", "date:1951"),  # a long range: its own index
        ("194X", "date:1949-12-31", "date:1950"),
        ("1941-05-02/1942-06-05", "date:1942-06", "date:1942-07"),  # just within the short span
        ("1941-04-30/1942-06-05", "date:1942-06", "date:1942-07"),  # just past it: long
        ("1942-06-01", "date:1942-06-01", "date:1942-06-02"),
        ("1942-05-31/1942-06-01", "date:1942-06-01..1942-06-03", "date:1942-06-02.."),
    ],
)
def test_short_and_long_ranges_are_found_alike(archive, dated, found_by, not_found_by):
    """Short ranges come from a slice of the date index, long ones from their own index: a
    range on either side of the split, or on it, is found by what it overlaps, and only that."""
    records.create("event", title="Ranged", date=dated)
    assert {h.label for h in search(f"{found_by} type:event").hits} >= {"Ranged"}
    assert "Ranged" not in {h.label for h in search(f"{not_found_by} type:event").hits}
    assert "Ranged" in {h.label for h in search(f"ranged {found_by}").hits}
    assert "Ranged" not in {h.label for h in search(f"ranged {not_found_by}").hits}


def _labels(query: str) -> set[str]:
    return {h.label for h in search(query, limit=1000).hits}


@pytest.mark.parametrize(
    ("dated", "inside", "outside"),
    [
        ("1942-06", "date:1942", "date:1943"),
        ("1941/1949", "date:1948", "date:1950"),  # a word for each of its years
        ("1930/1950", "date:1942-06", "date:1951"),  # more than ten years: one word for long
        ("../1942", "date:1940", "date:1943"),  # open ends: a candidate of every filter
        ("1942/..", "date:1950", "date:1941"),
        ("1942-12-31", "date:1942-12-31..1943-01-02", "date:1943-01-01..1943-01-02"),
    ],
)
def test_words_narrowed_by_a_few_years_find_every_kind_of_date(archive, dated, inside, outside):
    """Words and a date filter of a few years are one index match (the documents hold words
    for the years of their dates), then each candidate's days are checked."""
    records.create("event", title="Zorro ride", date=dated)
    records.create("photo", title="Zorro on a horse", date=dated)
    assert _labels(f"zorro {inside}") == {"Zorro ride", "Zorro on a horse"}
    assert _labels(f"zorro {inside} type:event") == {"Zorro ride"}
    assert _labels(f"zorro {outside}") == set()
    assert _labels(f"zorro -ride {inside}") == {"Zorro on a horse"}


def test_a_changed_date_moves_a_record_in_and_out_of_a_narrowed_search(archive):
    event = records.create("event", title="Zorro ride", date="1950")
    assert _labels("zorro date:1942") == set()
    event = records.update("event", event.id, event.version, date="1942-03")
    assert _labels("zorro date:1942") == {"Zorro ride"}
    records.update("event", event.id, event.version, date=None)
    assert _labels("zorro date:1942") == set() and _labels("zorro") == {"Zorro ride"}


def test_no_typed_word_reaches_the_index_s_date_words(archive):
    records.create("event", title="Zorro ride", date="1942")
    # þ folds to "th": what a person types never is (or begins) a date word
    assert _labels("þ1942") == _labels("th1942") == set()
    assert _labels("þ") == _labels("th")
    assert _labels("zorro þ1942") == set()


def test_open_ended_ranges(archive):
    assert archive.found("date:2000.. type:event") == {"event:shock"}
    assert "event:shock" not in archive.found("date:..1999")


def test_undated_records_are_never_found_by_a_date(archive):
    assert "event:undated" not in archive.found("date:..9999")


def test_dates_of_citations_and_sources_count(archive):
    assert archive.found("date:2017-11") == {"source:article"}


# --- exclusion, alternatives, grouping -------------------------------------------------------


def test_exclusion(archive):
    assert archive.found("shock -awe type:event") == {"event:encircled", "event:undated"}
    assert archive.found("shock NOT awe type:event") == {"event:encircled", "event:undated"}
    assert "photo:vlasov" not in archive.found("type:photo -person:vlasov")


def test_alternatives_and_grouping(archive):
    assert archive.found("awe OR trial") == {"event:shock", "event:trial"}
    assert archive.found("(awe OR trial) date:1946") == {"event:trial"}
    assert archive.found("type:event (date:2003 OR person:vlasov)") == {
        "event:shock",
        "event:encircled",
        "event:captured",
    }


def test_an_alternative_may_be_an_exclusion(archive):
    found = archive.found("type:event (awe OR -shock)")
    assert found == {"event:shock", "event:captured", "event:trial"}


def test_and_is_accepted_between_terms(archive):
    assert archive.found("vlasov AND officers") == {"photo:vlasov"}


def test_fts_operators_typed_by_a_user_are_plain_text(archive):
    records.create("event", title="Near the river")
    assert {h.label for h in search("NEAR river").hits} == {"Near the river"}
    assert archive.found("vlasov*") == archive.found("vlasov")
    assert archive.found("^vlasov") == archive.found("vlasov")


def test_a_malformed_query_is_refused_before_any_sql(archive):
    with pytest.raises(QueryError) as caught:
        search("NEAR(")
    assert caught.value.position == 4


# --- ranking ---------------------------------------------------------------------------------


def test_an_exact_name_comes_before_names_that_only_contain_it(archive):
    records.create("person", name="Anna Smithson")
    records.create("person", name="Smith Jane Archive")
    hits = search("jane smith").hits
    assert (hits[0].record_type, hits[0].label, hits[0].exact) == ("person", "Jane Smith", True)
    assert not any(hit.exact for hit in hits[1:])


def test_an_exact_name_is_found_within_a_type_filter_and_never_among_citations(archive):
    source = Source.get(Source.title == "Generals who changed sides")
    records.cite(source, "person", archive.ids["person:smith"], text="Jane Smith")
    hits = search("jane smith type:person").hits
    assert (hits[0].label, hits[0].exact) == ("Jane Smith", True)
    assert not any(hit.exact for hit in search("jane smith type:event").hits)
    cited = search("jane smith type:citation").hits
    assert len(cited) == 1 and not cited[0].exact


def test_an_exact_accession_number_comes_first(archive):
    records.create("photo", accession_number="PH-0000421", title="ph 000042 in the title")
    hits = search("ph-000042").hits
    assert hits[0].label == "Vlasov with officers" and hits[0].exact


def test_a_name_match_outranks_a_mention_in_the_text(archive):
    records.create("event", title="A meeting", description="smith smith smith was there")
    hits = search("smith").hits
    assert hits[0].label == "Jane Smith"


def test_the_words_as_typed_outrank_other_spellings(archive):
    records.create("person", name="Pavel Wlassow")
    hits = search("wlassow type:person").hits
    assert [h.label for h in hits] == ["Pavel Wlassow", "Andrey Vlasov"]


def test_limit_and_offset_page_through_the_ranked_result(archive):
    every = search("type:event", limit=100).hits
    page = search("type:event", limit=2, offset=1)
    assert page.hits == every[1:3]
    assert page.total == len(every) == 5


# --- facets ----------------------------------------------------------------------------------


def _facet(result, name):
    return {v.label: v.count for v in result.facets[name]}


def test_facets_count_the_whole_result_by_type_person_event_tag_collection_decade(archive):
    result = search("person:vlasov", limit=1)
    assert result.total == 4  # the person, the photograph that shows him, his two events
    assert _facet(result, "type") == {"People": 1, "Photographs": 1, "Events": 2}
    assert _facet(result, "person") == {"Andrey Vlasov": 4}
    assert _facet(result, "event") == {"2nd Shock Army encircled": 1, "Captured by the Germans": 2}
    assert _facet(result, "tag") == {"defector": 1}
    assert _facet(result, "collection") == {"Eastern front": 1}
    assert _facet(result, "decade") == {"1940s": 3}


def test_a_facet_term_narrows_the_search_to_its_value(archive):
    result = search("shock OR vlasov")
    for facet in ("type", "person", "event", "decade"):
        for value in result.facets[facet]:
            narrowed = search(f"(shock OR vlasov) {value.term}")
            assert narrowed.total == value.count or facet in ("person", "event"), value
            assert 0 < narrowed.total <= result.total


def test_facets_of_an_empty_result_are_empty(archive):
    result = search("nothingmatchesthis")
    assert result.total == 0 and result.hits == []
    assert all(values == [] for values in result.facets.values())


def test_a_large_result_counts_types_whole_and_other_facets_over_its_best_records(
    archive, monkeypatch
):
    from archive_app.catalog.search import execute

    whole = search("vlasov")
    assert not whole.facets_partial and whole.total > 2
    monkeypatch.setattr(execute, "FACET_SAMPLE", 2)
    sampled = search("vlasov")
    assert sampled.facets_partial and sampled.total == whole.total
    assert sampled.facets["type"] == whole.facets["type"]
    assert sum(v.count for v in sampled.facets["decade"]) <= 2


def test_pages_past_the_facets_sample_follow_the_one_ranked_order(archive, monkeypatch):
    # the facets count the best few hits of a larger result; the page, the total and the
    # record type facet still see every hit, on either backend's way of running a search
    from archive_app.catalog.search import execute

    every = search("shock OR army OR moscow OR vlasov", limit=100, with_facets=False)
    assert every.total == len(every.hits) >= 6
    monkeypatch.setattr(execute, "FACET_SAMPLE", 2)
    for offset in range(every.total):
        page = search("shock OR army OR moscow OR vlasov", limit=2, offset=offset)
        assert page.hits == every.hits[offset : offset + 2]
        assert page.total == every.total
        assert page.facets_partial
        assert sum(v.count for v in page.facets["type"]) == every.total
    beyond = search("shock OR army OR moscow OR vlasov", limit=5, offset=every.total)
    assert (beyond.hits, beyond.total) == ([], every.total)


def test_filters_alone_and_repeated_keys_count_each_record_once(archive):
    # a person reached both as depicted and through an event is one hit, not two
    result = search("person:vlasov", limit=100)
    keys = [(h.record_type, h.record_id) for h in result.hits]
    assert len(keys) == len(set(keys)) == result.total
    assert ("photo", archive.ids["photo:vlasov"]) in keys


# --- broad searches --------------------------------------------------------------------------


def _rank_at_most(monkeypatch, hits: int) -> None:
    from archive_app.catalog.search import execute

    monkeypatch.setattr(execute, "RANKED_HITS", hits)


def test_a_broad_search_ranks_its_first_hits_and_says_there_are_more(archive, monkeypatch):
    every = search("type:event", limit=100)
    assert (every.total, every.total_exact) == (5, True)
    _rank_at_most(monkeypatch, 3)
    broad = search("type:event", limit=2)
    assert (broad.total, broad.total_exact, broad.facets_partial) == (3, False, True)
    assert len(broad.hits) == 2 and set(broad.hits) <= set(every.hits)
    assert sum(v.count for v in broad.facets["type"]) <= 4  # the hits ranked, not all five
    whole = search("type:event", limit=2, whole=True)
    assert (whole.hits, whole.total, whole.total_exact) == (every.hits[:2], 5, True)
    _rank_at_most(monkeypatch, 5)
    whole = search("type:event", limit=100)  # as many as it ranks: exact
    assert (whole.hits, whole.total, whole.total_exact) == (every.hits, 5, True)


def test_a_page_past_the_ranked_hits_ranks_as_many_as_it_needs(archive, monkeypatch):
    every = search("type:event", limit=100).hits
    _rank_at_most(monkeypatch, 1)
    page = search("type:event", limit=2, offset=3)
    assert (page.hits, page.total, page.total_exact) == (every[3:5], 5, True)


def test_an_exact_name_comes_first_even_past_the_ranked_hits(archive, monkeypatch):
    for n in range(4):
        records.create("person", name=f"Zora Bell {n}", biography="zora bell, again")
    exact = records.create("person", name="Zora Bell")  # the newest: read last
    _rank_at_most(monkeypatch, 2)
    result = search("zora bell", limit=2)
    assert not result.total_exact and result.total == 2
    assert (result.hits[0].record_id, result.hits[0].exact) == (exact.id, True)
    assert not result.hits[1].exact


def test_an_exact_name_the_query_excludes_stays_out_of_a_broad_search(archive, monkeypatch):
    for n in range(4):
        records.create("person", name=f"Zora Bell {n}")
    records.create("person", name="Zora Bell", biography="a retired pilot")
    _rank_at_most(monkeypatch, 2)
    result = search("zora bell -retired", limit=2)
    assert not any(hit.exact for hit in result.hits)
    assert all(hit.label != "Zora Bell" for hit in result.hits)
    assert all(h.label != "Zora Bell" for h in search("zora bell -retired", whole=True).hits)


def test_an_export_of_a_broad_search_takes_every_record_it_finds(archive, monkeypatch):
    from archive_app.catalog.sources.selection import from_query

    _rank_at_most(monkeypatch, 2)
    assert not search("type:event", limit=1).total_exact
    assert len(from_query("type:event").ids_of("event")) == 5


# --- prefixes and the vocabulary -------------------------------------------------------------


def _expression(query: str) -> str:
    from archive_app.catalog.models import catalog_db
    from archive_app.catalog.search.compiler import Compiler
    from archive_app.catalog.search.query import parse

    expression = Compiler(catalog_db.obj).fts_expression(parse(query))
    assert expression is not None
    return expression


def _xylographs() -> None:
    for title in ("Xylograph of a general", "Two xylographs", "Xylography", "A xylophone"):
        records.create("photo", title=title)


def test_a_prefix_is_searched_as_the_words_it_begins(archive):
    _xylographs()
    expression = _expression("xylog")
    assert "*" not in expression and "xylophone" not in expression
    assert all(word in expression for word in ("xylograph", "xylographs", "xylography"))
    assert _labels("xylog") == {"Xylograph of a general", "Two xylographs", "Xylography"}
    assert _labels("general xylog") == {"Xylograph of a general"}
    assert _labels("xylog type:event") == set()
    # a word an edit adds is in the vocabulary when the edit commits
    records.create("photo", title="Xylographist at work")
    assert "xylographist" in _expression("xylog")
    assert "Xylographist at work" in _labels("xylog")
    # no word begins it: the word itself, which finds nothing
    assert "*" not in _expression("xylogz") and _labels("xylogz") == set()


def test_a_prefix_of_many_words_is_matched_as_a_prefix(archive, monkeypatch):
    from archive_app.catalog.search import words

    _xylographs()
    monkeypatch.setattr(words, "MAX_COMPLETIONS", 2)
    assert "*" in _expression("xylog")
    assert _labels("xylog") == {"Xylograph of a general", "Two xylographs", "Xylography"}


def _vocabulary(catalog) -> list[str]:
    return [w for (w,) in catalog.database.execute_sql("SELECT word FROM search_word")]


def test_a_rebuild_keeps_only_the_words_the_documents_hold(archive):
    from archive_app.catalog.search import index

    photo = records.create("photo", title="Xylographist")
    records.delete("photo", photo.id)
    archive.catalog.database.execute_sql("INSERT INTO search_word (word) VALUES ('xylographx')")
    index.rebuild(archive.catalog.database)
    rows = _vocabulary(archive.catalog)
    assert len(rows) == len(set(rows))  # each word once
    assert "xylographx" not in rows and "vlasov" in rows and "xylographist" not in rows
    assert not any(word.startswith(("~", "\u00fe")) for word in rows)  # no type or date words


def test_a_large_bulk_load_reads_the_vocabulary_anew(archive, monkeypatch):
    from archive_app.catalog.search import index

    monkeypatch.setattr(index, "VOCABULARY_REREAD", 1)
    with index.bulk(archive.catalog.database):
        records.create("photo", title="Zeugma", date="1942")
        records.create("photo", title="Zeugmata")
    rows = _vocabulary(archive.catalog)
    assert {"zeugma", "zeugmata", "vlasov"} <= set(rows) and len(rows) == len(set(rows))
    assert not any(word.startswith(("~", "\u00fe")) for word in rows)
    assert _labels("zeug") == {"Zeugma", "Zeugmata"}
