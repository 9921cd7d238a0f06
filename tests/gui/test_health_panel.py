"""The Catalogue health panel: a dock that lists findings grouped by severity and rule, opens
the record with the finding's fields marked, marks findings reviewed, exports the list, re-judges
what a change touched, and runs fixity in the background; and relinking missing files."""

from __future__ import annotations

import csv
import json
import shutil

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from archive_app.catalog import records
from archive_app.catalog.models import Event, Photograph


def _run(panel, qtbot, **kwargs) -> None:
    with qtbot.waitSignal(panel.finished_checks, timeout=20_000):
        panel.start(**kwargs)


def _finding_index(panel, rule: str):
    model = panel.model
    for group in range(model.rowCount()):
        parent = model.index(group, 0)
        if rule in model.data(parent):
            return model.index(0, 0, parent)
    raise AssertionError(f"no group for {rule}")


def test_the_panel_is_a_dock_grouping_findings_by_severity_and_rule(window, qtbot):
    with qtbot.waitSignal(window.show_checks().finished_checks, timeout=20_000):
        pass
    panel = window.health
    assert isinstance(panel, QDockWidget) and not panel.isFloating()
    assert window.dockWidgetArea(panel) != Qt.DockWidgetArea.NoDockWidgetArea
    groups = [panel.model.data(panel.model.index(n, 0)) for n in range(panel.model.rowCount())]
    assert groups == [
        "warning · order-of-life: events of one person out of the order of a life (1)",
        "warning · conflicting-claims: two claims of a once-in-a-life event that clash (1)",
    ]
    tooltip = panel.model.data(_finding_index(panel, "order-of-life"), Qt.ItemDataRole.ToolTipRole)
    assert "paragraph 8 (confidence 1)" in tooltip and "1945-08-01" in tooltip
    panel.rule_filter.setCurrentIndex(panel.rule_filter.findData("conflicting-claims"))
    assert panel.model.rowCount() == 1
    assert panel.rule_filter.itemText(0) == "All rules (2)"


def test_a_click_opens_the_record_with_the_findings_fields_marked(window, qtbot):
    panel = window.show_checks()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=20_000)
    index = _finding_index(panel, "conflicting-claims")
    panel.tree.setCurrentIndex(index)
    panel.open_finding(index)
    assert window.current_record_type() == "person"
    editor = window.detail.editor
    assert editor.highlighted == ["death_date"]
    assert "fff1a8" in editor.inputs["death_date"].styleSheet()
    assert "Open event" in panel.details.toPlainText()
    window.open_record("person", 2)  # another record: the mark goes
    assert editor.highlighted == [] and editor.inputs["death_date"].styleSheet() == ""


def test_review_export_and_rejudging_after_a_change(window, qtbot, tmp_path):
    panel = window.show_checks()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=20_000)
    assert panel.export(str(tmp_path / "f.csv")) and panel.export(str(tmp_path / "f.json"))
    rows = list(csv.DictReader((tmp_path / "f.csv").open(encoding="utf-8")))
    assert len(rows) == 4 and "paragraph 8" in rows[1]["citations"]
    assert json.loads((tmp_path / "f.json").read_text())["counts"]["order-of-life"] == 1

    panel.tree.setCurrentIndex(_finding_index(panel, "conflicting-claims"))
    assert not panel.review("   ") and "blank" in panel.status.text()
    assert panel.review("the source errs; the Moscow trial record is authoritative")
    assert panel.model.rowCount() == 1

    execution = Event.get(Event.event_type == "execution")
    records.update("event", execution.id, execution.version, date="1946-08-01")
    # the edit's change set reaches the panel, which re-judges Vlasov's life alone
    qtbot.waitUntil(lambda: "No problems" in panel.status.text(), timeout=20_000)
    assert panel.model.rowCount() == 0 and panel.pending == {}


def test_fixity_runs_in_the_background_with_progress(window, qtbot):
    panel = window.show_checks()
    qtbot.waitUntil(lambda: panel.run_button.isEnabled(), timeout=20_000)
    with open(Photograph.get().file_path, "ab") as handle:
        handle.write(b"bit rot")
    _run(panel, qtbot, fixity=True)
    assert panel.progress.value() == panel.progress.maximum() == 1
    assert "fixity" in [panel.model.groups[n][1] for n in range(len(panel.model.groups))]


def test_relinking_a_moved_file_from_the_tools_menu(window, qtbot, tmp_path):
    photo = Photograph.get()
    moved = tmp_path / "moved"
    moved.mkdir()
    shutil.move(photo.file_path, moved / "renamed.png")
    dialog = window.relink(str(moved))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished_relink, timeout=20_000):
        dialog.start()
    assert dialog.status.text().startswith("1 relinked, 0 ambiguous, 0 still missing")
    assert Photograph.get().file_path == str(moved / "renamed.png")


def test_cancelling_fixity_stops_it_and_says_so(window, qtbot):
    import threading

    from archive_app.gui.cancellable_job import CancellableJob

    panel = window.show_checks()
    qtbot.waitUntil(lambda: panel.run_button.isEnabled(), timeout=20_000)
    release = threading.Event()
    panel.pool.start(CancellableJob(lambda _p, _c: release.wait(10)))  # holds the one thread
    panel.start(fixity=True)
    assert panel.cancel_button.isEnabled() and panel.progress.isVisible()
    panel.cancel()
    with qtbot.waitSignal(panel.finished_checks, timeout=20_000):
        release.set()
    assert "cancelled after 0 of 1 files" in panel.status.text()
    assert panel.run_button.isEnabled() and not panel.cancel_button.isEnabled()


def test_the_findings_tree_model_passes_qts_model_tester(demo_catalog, qtbot):
    from PySide6.QtTest import QAbstractItemModelTester

    from archive_app.catalog.checks import run_checks
    from archive_app.gui.findings_model import FindingsModel

    model = FindingsModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    findings = run_checks(rules=["order-of-life", "conflicting-claims", "uncited-link"])
    model.set_findings(findings)
    assert model.rowCount() == 3
    assert model.rowCount(model.index(2, 0)) == len(findings) - 2
    model.set_findings(findings, only="order-of-life")
    assert model.rowCount() == 1 and model.finding(model.index(0, 0, model.index(0, 0)))
    model.set_findings([])
    assert model.rowCount() == 0


def test_another_programs_edit_reaches_the_panel_through_the_journal(window, qtbot):
    import subprocess
    import sys

    panel = window.show_checks()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=20_000)
    execution = Event.get(Event.event_type == "execution")
    command = [sys.executable, "-m", "archive_app", "--catalog", str(window.catalog.location),
               "edit", "event", str(execution.id), "date=1946-08-01"]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    qtbot.waitUntil(lambda: "No problems" in panel.status.text(), timeout=30_000)
    assert panel.model.rowCount() == 0
