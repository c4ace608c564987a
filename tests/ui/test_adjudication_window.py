"""The Team menu of the main window: adjudication (reviewers only) and the dashboard, wired and cleaned up."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence

from annotate.commands import add_spans
from annotate.model import GOLD, DocId, make_span
from store.agreement_data import project_agreement
from store.annotations import apply, spans
from store.project import Project
from store.team import assign
from tests.store.teamdata import doc, fill, mark, new_project, offline_copy
from ui import dashboard
from ui.main_window import MainWindow
from ui.settings import AppSettings
from ui.workers import running_threads

WHO = ("ali", "badr")
# Showing a team window again raises it; the offscreen platform says it cannot.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture
def team_path(tmp_path: Path) -> Path:
    path = tmp_path / "team.hashiya"
    p = new_project(path)
    for w in WHO:
        p.ensure_annotator(w)
    p.ensure_annotator("rania")
    p.set_annotator_role("rania", "reviewer")
    assign(p, [DocId(1), DocId(2)], list(WHO))
    for d in (1, 2):
        text = doc(p, d)
        apply(p, add_spans([make_span(text, w, 0, 4, "shelling") for w in WHO]), "x")  # all agree
        apply(p, add_spans([make_span(text, "ali", 5, 9, "place")]), "ali")  # missing for badr
        for w in WHO:
            mark(p, d, w)
    p.close()
    return path


def window_for(qtbot, path: Path, who: str, tmp_path: Path) -> MainWindow:
    settings = AppSettings(QSettings(str(tmp_path / f"{who}.ini"), QSettings.Format.IniFormat))
    settings.set_language("en")
    project = Project.open(path)
    w = MainWindow(project, who, settings, ask_name=lambda *_: who)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()  # window shortcuts need the active window, which offscreen does not give by itself
    with qtbot.waitActive(w):
        pass
    return w


def test_the_team_menu_lists_both_windows_with_their_keys(qtbot, team_path: Path, tmp_path: Path) -> None:
    w = window_for(qtbot, team_path, "rania", tmp_path)
    acts = w.menus["team"].actions()
    assert [a.text() for a in acts] == ["&Adjudicate this document…", "Team &dashboard…"]
    assert w.acts["adjudicate"].shortcut() == QKeySequence("Ctrl+Shift+J")
    assert w.acts["dashboard"].shortcut() == QKeySequence("Ctrl+Shift+D")
    assert (
        w.acts["adjudicate"] in w.all_actions() and w.acts["dashboard"] in w.all_actions()
    )  # on the F1 sheet


def test_an_annotator_is_told_that_only_reviewers_adjudicate(
    qtbot, team_path: Path, tmp_path: Path, shown
) -> None:
    w = window_for(qtbot, team_path, "ali", tmp_path)
    w.acts["adjudicate"].trigger()
    assert w.adjudication is None
    ((title, text),) = shown
    assert title == "Only a reviewer can adjudicate"
    assert "“ali” is not a reviewer" in text and "Set role" in text


def test_the_key_opens_adjudication_on_the_shown_document_and_decisions_reach_the_window(
    qtbot, team_path: Path, tmp_path: Path, shown
) -> None:
    w = window_for(qtbot, team_path, "rania", tmp_path)
    w.list_panel.select_row(1)
    assert w.pane.current_document() == DocId(2)
    qtbot.keyClick(w, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dlg = w.adjudication
    assert dlg is not None and dlg.isVisible() and shown == []
    assert dlg.view.board is not None and dlg.view.board.doc.id == DocId(2)
    assert dlg.view.reviewer == "rania"
    assert dlg.view.docs.currentData() == 2
    refreshed: list[DocId | None] = []
    original = w.list_panel.refresh_keeping
    w.list_panel.refresh_keeping = lambda d, r: (refreshed.append(d), original(d, r))  # type: ignore[method-assign]
    dlg.view.accept_agreed()  # one key (Shift+A) in the window
    assert [s.label for s in spans(w.project, DocId(2), GOLD)] == ["shelling"]
    assert refreshed == [DocId(2)]  # view.changed refreshed the list, keeping the document
    dlg.view.next_disagreement()  # the place only ali marked
    dlg.view.reject_current()
    dlg.view.next_disagreement()  # none is left: the view says so in this window's status bar
    assert w.statusBar().currentMessage() == "no open disagreement left in this document"
    # the menu again, on another document: the same window, moved to it
    w.list_panel.select_row(0)
    w.acts["adjudicate"].trigger()
    assert w.adjudication is dlg and dlg.view.board.doc.id == DocId(1)
    # another name in this window: the reviewer's window closes with the old identity
    w.ask_name = lambda *_: "badr"
    w.change_annotator()
    assert w.adjudication is None and not dlg.isVisible()


def test_a_merge_on_the_dashboard_refreshes_the_document_list(
    qtbot, team_path: Path, tmp_path: Path, shown
) -> None:
    other = offline_copy(team_path, tmp_path / "chadi.hashiya")
    from annotate.model import DocumentDraft
    from annotate.textimport import sha256_text
    from store.documents import add_documents

    with Project.open(other) as o:
        text = "وقالت مصادر محلية إن دورية اعتقلت شابين في بلدة الصور"
        add_documents(o, [DocumentDraft(text, text[:20], "mem:new", sha256_text(text))])
        fill(o, doc(o, 4), "chadi", 3, seed=2)
    w = window_for(qtbot, team_path, "rania", tmp_path)
    assert w.list_model.rowCount() == 3
    w.acts["dashboard"].trigger()
    dash = w.dashboard
    assert dash is not None and dash.isVisible()
    dash.view.merge([str(other)])
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert shown[0][0] == "Merge finished"
    assert w.list_model.rowCount() == 4  # the merged document is listed without reopening
    w.acts["dashboard"].trigger()
    assert w.dashboard is dash  # one dashboard, raised again


def test_set_role_on_the_dashboard_lets_that_name_adjudicate(
    qtbot, team_path: Path, tmp_path: Path, shown
) -> None:
    w = window_for(qtbot, team_path, "badr", tmp_path)
    w.acts["adjudicate"].trigger()
    assert w.adjudication is None and len(shown) == 1
    w.acts["dashboard"].trigger()
    w.dashboard.view.set_role("badr", "reviewer")
    w.acts["adjudicate"].trigger()
    assert w.adjudication is not None and w.adjudication.isVisible() and len(shown) == 1


def test_closing_the_dashboard_or_the_window_stops_the_agreement_worker(
    qtbot, team_path: Path, tmp_path: Path, shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    def until_stopped(worker: dashboard.AgreementWorker, project: Project) -> object:
        """A computation that only ends when someone stops the job: closing must be that someone."""
        deadline = time.monotonic() + 20
        while not worker.is_cancelled() and time.monotonic() < deadline:
            time.sleep(0.01)
        return project_agreement(project)

    monkeypatch.setattr(dashboard.AgreementWorker, "work", until_stopped)
    w = window_for(qtbot, team_path, "rania", tmp_path)
    dash = w.open_dashboard()
    dash.view.compute_agreement()
    first = dash.view.job
    assert first is not None and first.running()
    dash.close()  # the dialog's done() joins the worker
    assert not first.running()
    dash = w.open_dashboard()
    assert dash.isVisible()
    dash.view.compute_agreement()
    second = dash.view.job
    assert second is not None and second.running()
    w.open_adjudication()
    adj = w.adjudication
    assert adj is not None
    w.close()  # the main window closes both team windows and joins the worker before closing the project
    assert not second.running()
    assert w.dashboard is None and w.adjudication is None
    assert not shiboken6.isValid(adj) or not adj.isVisible()
    assert running_threads() == []
