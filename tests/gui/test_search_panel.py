"""The search panel: searches as you type off the GUI thread, lists hits across record types,
narrows by facets, opens a record with Enter, and shows a malformed query's message."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from archive_app.catalog import records
from archive_app.catalog.search.execute import search
from archive_app.catalog.search.saved import saved_searches
from archive_app.gui.search_panel import SearchPanel
from archive_app.gui.search_results_model import FacetModel, KeyRole, SearchResultsModel


@pytest.fixture
def panel(qtbot, demo_catalog):
    shown = SearchPanel(demo_catalog)
    qtbot.addWidget(shown)
    shown.resize(900, 600)
    shown.show()
    yield shown
    shown.shutdown()


def type_query(qtbot, panel, text: str):
    """Type as a person does (one key at a time) and wait for the debounced result."""
    panel.search_box.setFocus()
    with qtbot.waitSignal(panel.results_ready, timeout=10_000) as blocker:
        qtbot.keyClicks(panel.search_box, text)
    return blocker.args[0]


def column(model, number: int) -> list[str]:
    return [model.data(model.index(row, number)) for row in range(model.rowCount())]


def test_the_models_pass_qts_model_tester(demo_catalog):
    results, facets = SearchResultsModel(), FacetModel()
    testers = [
        QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
        for model in (results, facets)
    ]
    for query in ("vlasov", "person:himmler", "date:1942 type:event", "nothinghere"):
        result = search(query)
        results.set_result(result)
        facets.set_facets(result.facets)
    results.set_result(None)
    facets.set_facets(None)
    assert len(testers) == 2


def test_typing_searches_once_in_a_worker_thread(qtbot, panel):
    result = type_query(qtbot, panel, "vlasov")
    assert panel.worker.searches_run == 1  # one search for six keystrokes: the debounce
    assert panel.worker.thread_ident != threading.get_ident()
    assert result.total == panel.results_model.total > 0
    assert column(panel.results_model, 1)[0] == "Andrey Andreyevich Vlasov"
    assert column(panel.results_model, 0)[0] == "Person"
    assert "found" in panel.count_label.text()


def test_a_broad_search_says_there_are_more_than_it_ranked(qtbot, panel, monkeypatch):
    from archive_app.catalog.search import execute

    monkeypatch.setattr(execute, "RANKED_HITS", 2)
    monkeypatch.setattr("archive_app.gui.search_panel.PAGE", 2)
    result = type_query(qtbot, panel, "vlasov")
    assert (result.total, result.total_exact) == (2, False)
    assert panel.results_model.rowCount() == 2
    assert panel.count_label.text().startswith("More than 2 found: the best 2 of the first 2")
    assert "Record types count the first 2 found" in panel.facets.toolTip()


def test_a_query_in_another_script(qtbot, panel):
    with qtbot.waitSignal(panel.results_ready, timeout=10_000):
        panel.search_box.setText("власов")
        panel.search_box.textEdited.emit("власов")
    assert column(panel.results_model, 1)[0] == "Andrey Andreyevich Vlasov"


def test_results_cross_record_types(qtbot, panel):
    type_query(qtbot, panel, "himmler")
    kinds = set(column(panel.results_model, 0))
    assert {"Person", "Photograph", "Citation"} <= kinds


def test_enter_opens_the_selected_record(qtbot, panel):
    type_query(qtbot, panel, "person:himmler type:photo")
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Down)
    assert panel.results.hasFocus() or panel.results.currentIndex().isValid()
    with qtbot.waitSignal(panel.open_record) as opened:
        qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    assert opened.args == ["photo", 1]


def test_arrow_keys_move_through_the_results(qtbot, panel):
    type_query(qtbot, panel, "vlasov")
    panel.results.setFocus()
    qtbot.keyClick(panel.results, Qt.Key.Key_Down)
    assert panel.results.currentIndex().row() == 1
    with qtbot.waitSignal(panel.open_record) as opened:
        qtbot.keyClick(panel.results, Qt.Key.Key_Enter)
    assert tuple(opened.args) == panel.results_model.key(1)


def test_a_facet_narrows_the_search(qtbot, panel):
    result = type_query(qtbot, panel, "vlasov")
    group = next(
        row
        for row in range(panel.facet_model.rowCount())
        if panel.facet_model.data(panel.facet_model.index(row, 0)) == "Record types"
    )
    events = next(
        panel.facet_model.index(row, 0, panel.facet_model.index(group, 0))
        for row in range(panel.facet_model.rowCount(panel.facet_model.index(group, 0)))
        if panel.facet_model.index(row, 0, panel.facet_model.index(group, 0)).data(KeyRole)
        == "type:event"
    )
    with qtbot.waitSignal(panel.results_ready, timeout=10_000) as blocker:
        panel.narrow(events)
    narrowed = blocker.args[0]
    assert panel.search_box.text() == "vlasov type:event"
    assert 0 < narrowed.total < result.total
    assert set(column(panel.results_model, 0)) == {"Event"}


def test_a_malformed_query_shows_where_and_keeps_the_last_results(qtbot, panel):
    type_query(qtbot, panel, "vlasov")
    rows = panel.results_model.rowCount()
    with qtbot.waitSignal(panel.query_failed, timeout=10_000) as failed:
        qtbot.keyClicks(panel.search_box, " NEAR(")
    assert "column 12" in failed.args[0] and "never closed" in failed.args[0]
    assert panel.message.isVisible()
    assert panel.results_model.rowCount() == rows


def test_a_newer_query_wins_over_an_older_result(qtbot, panel):
    panel.search_box.setText("stalin")
    panel.search_now()
    panel.search_box.setText("himmler")
    with qtbot.waitSignal(panel.results_ready, timeout=10_000) as blocker:
        panel.search_now()
    assert blocker.args[0].query == "himmler"
    qtbot.wait(50)
    assert panel.result.query == "himmler"


def test_refresh_shows_a_record_made_since(qtbot, panel):
    type_query(qtbot, panel, "zhukov")
    assert panel.results_model.rowCount() == 0
    records.create("person", name="Георгий Жуков")
    with qtbot.waitSignal(panel.results_ready, timeout=10_000):
        panel.refresh()
    assert column(panel.results_model, 1) == ["Георгий Жуков"]


def test_clearing_the_box_clears_the_results(qtbot, panel):
    type_query(qtbot, panel, "vlasov")
    with qtbot.waitSignal(panel.results_ready, timeout=10_000):
        qtbot.keyClick(panel.search_box, Qt.Key.Key_Escape)
    assert panel.results_model.rowCount() == 0 and panel.facet_model.rowCount() == 0


def test_saving_the_current_search(qtbot, panel):
    type_query(qtbot, panel, "date:1942 type:event")
    assert panel.save_current("1942")
    assert [s.query for s in saved_searches()] == ["date:1942 type:event"]
    assert not panel.save_current("1942")  # the name is taken: said, not raised
    assert "already exists" in panel.message.text()


def test_a_facet_group_is_not_a_narrowing(qtbot, panel):
    type_query(qtbot, panel, "vlasov")
    before = panel.search_box.text()
    panel.narrow(panel.facet_model.index(0, 0))
    panel.narrow(QModelIndex())
    assert panel.search_box.text() == before


def test_a_facet_value_shows_its_count_in_a_column_of_its_own(demo_catalog):
    facets = FacetModel()
    facets.set_facets(search("army").facets)
    groups = {facets.index(row, 0).data(): facets.index(row, 0) for row in range(facets.rowCount())}
    people = groups["People"]
    names = [facets.index(row, 0, people).data() for row in range(facets.rowCount(people))]
    counts = [facets.index(row, 1, people).data() for row in range(facets.rowCount(people))]
    assert "Andrey Andreyevich Vlasov" in names  # the whole name, no count glued to it
    assert all(count.isdigit() for count in counts)
    vlasov = facets.index(names.index("Andrey Andreyevich Vlasov"), 1, people)
    assert vlasov.data(KeyRole) == 'person:"andrey andreyevich vlasov"'
    assert vlasov.data(Qt.ItemDataRole.ToolTipRole).startswith("Andrey Andreyevich Vlasov: ")
