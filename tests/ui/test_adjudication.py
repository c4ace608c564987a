from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from annotate.commands import add_spans
from annotate.model import GOLD, DocId, make_span
from store.annotations import apply, spans
from store.gold import decisions
from store.project import Project
from store.team import assign
from tests.store.teamdata import TEXTS, doc, mark, new_project, random_spans
from ui.adjudication import AdjudicationView, open_adjudication


def press(widget, key: Qt.Key, text: str, shift: bool = False) -> None:
    mods = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, key, mods, text))


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Project]:
    p = new_project(tmp_path / "team.hashiya")
    d = doc(p, 1)
    who = ("ali", "badr", "chadi")
    for w in who:
        p.ensure_annotator(w)
    assign(p, [DocId(1)], list(who))
    # agreed: everyone
    apply(p, add_spans([make_span(d, w, 0, 4, "shelling") for w in who]), "x")
    # label differs
    apply(p, add_spans([make_span(d, w, 5, 16, lab) for w, lab in zip(who, ("state_forces", "state_forces", "political_militia"), strict=True)]), "x")  # fmt: skip
    # boundary differs
    apply(
        p, add_spans([make_span(d, w, a, 34, "place") for w, a in zip(who, (26, 29, 26), strict=True)]), "x"
    )
    # agreed: everyone
    apply(p, add_spans([make_span(d, w, 52, 56, "killing") for w in who]), "x")
    for w in who:
        mark(p, 1, w)
    yield p
    p.close()


@pytest.fixture
def view(qtbot, team: Project) -> AdjudicationView:
    v = AdjudicationView(team, "rania")
    qtbot.addWidget(v)
    v.resize(1100, 700)
    v.show()
    qtbot.waitExposed(v)
    v.show_document(DocId(1))
    v.tree.setFocus()
    return v


def test_groups_are_listed_with_markers_and_annotator_colours(view: AdjudicationView) -> None:
    m = view.model
    assert m.rowCount() == 4 + 12  # a row per group, then a row per candidate
    marks = [m.group_index(i).data() for i in range(4)]
    assert marks == ["• =", "• ≠ label", "• ≠ edges", "• ="]
    assert [m.group_index(1, k, 1).data() for k in range(3)] == ["ali", "badr", "chadi"]
    assert m.group_index(1, 0, 3).data() == TEXTS[0][5:16]
    assert "·" in m.group_index(1, 2, 2).data()  # Arabic and English label name
    assert m.span_at(m.group_index(1)) is None and m.span_at(m.group_index(1, 1)).annotator == "badr"
    colours = {view.colors[a].name() for a in ("ali", "badr", "chadi")}
    assert len(colours) == 3
    assert "ready" in view.state.text()


def test_keyboard_flow_on_an_arabic_layout(view: AdjudicationView, team: Project) -> None:
    # "ى" is on the N key of the Arabic (101) layout, "ش" on A, "ق" on R
    press(view.tree, Qt.Key.Key_unknown, "ى")
    assert view.current()[0].group.kind == "label"
    press(view.tree, Qt.Key.Key_unknown, "ش")
    (gold,) = spans(team, DocId(1), GOLD)
    assert (gold.start, gold.end, gold.label) == (5, 16, "state_forces")  # the most proposed version
    assert gold.provenance["proposed_by"] == ["ali", "badr"]
    assert gold.provenance["decided_by"] == "rania"
    assert "proposed by ali, badr" in view.provenance.text()
    press(view.tree, Qt.Key.Key_N, "n")
    assert view.current()[0].group.kind == "boundary"
    press(view.tree, Qt.Key.Key_unknown, "ق")
    assert view.board.views[2].state == "rejected"
    press(view.tree, Qt.Key.Key_A, "A", shift=True)  # accept all agreed
    assert [v.state for v in view.board.views] == ["accepted", "accepted", "rejected", "accepted"]
    assert len(spans(team, DocId(1), GOLD)) == 3
    assert view.model.group_index(0).data().startswith("✓")
    view.stack.undo()
    assert len(spans(team, DocId(1), GOLD)) == 1
    view.stack.undo()
    assert view.board.views[2].state == "open"


def test_edit_then_accept_uses_the_reviewers_selection(view: AdjudicationView, team: Project) -> None:
    view.select_candidate(2, 1)  # badr's 29..34
    view.reader.select_cp(29, 33)
    view.edit_current(label="place")
    gold = [s for s in spans(team, DocId(1), GOLD)]
    assert [(s.start, s.end, s.provenance["decision"]) for s in gold] == [(29, 33, "edit")]
    assert gold[0].provenance["proposed_by"] == ["badr"]
    states = {d.span_id: d.decision for d in decisions(team, DocId(1))}
    assert sorted(states.values()) == ["edit", "reject", "reject"]


def test_gold_layer_tab_is_the_annotation_pane_on_gold(view: AdjudicationView) -> None:
    view.tabs.setCurrentIndex(1)
    pane = view.gold_pane
    assert pane is not None and pane.ctl.annotator == GOLD
    assert pane.current_document() == DocId(1)
    view.tabs.setCurrentIndex(0)


def test_open_adjudication_opens_the_first_ready_document(qtbot, team: Project) -> None:
    dlg = open_adjudication(None, team, "rania")
    qtbot.addWidget(dlg)
    assert dlg.view.board is not None and dlg.view.board.doc.id == DocId(1)
    assert dlg.view.docs.count() == 1


def test_three_times_two_hundred_spans(qtbot, tmp_path: Path) -> None:
    """Opening a document with 3 × 200 candidate spans; the time is printed, not asserted."""
    long_text = " ".join(TEXTS * 12)
    p = new_project(tmp_path / "big.hashiya", [long_text])
    d = doc(p, 1)
    base = random_spans(d, "ali", 200, seed=7)
    for i, w in enumerate(("ali", "badr", "chadi")):
        p.ensure_annotator(w)
        # overlapping layers: most spans shared, some moved or relabelled
        layer = [
            make_span(d, w, s.start, s.end, s.label if (k + i) % 7 else "place") if (k + i) % 5 else random_spans(d, w, 1, seed=k * 10 + i)[0]
            for k, s in enumerate(base)
        ]  # fmt: skip
        apply(p, add_spans([s.with_(annotator=w) for s in layer]), w)
    v = AdjudicationView(p, "rania")
    qtbot.addWidget(v)
    v.resize(1100, 700)
    v.show()
    qtbot.waitExposed(v)
    t0 = time.perf_counter()
    v.show_document(DocId(1))
    QApplication.processEvents()
    ms = (time.perf_counter() - t0) * 1000
    print(f"\nadjudication view: 3 x 200 spans opened in {ms:.1f} ms ({len(v.board.views)} groups)")
    assert sum(len(g.group.spans) for g in v.board.views) == 600
    p.close()


def test_document_labels_are_adjudicated_too(view: AdjudicationView, team: Project) -> None:
    from annotate.doclabels import DocLabel
    from store.doclabels import doc_labels, set_doc_label

    for who, rel, region in (
        ("ali", "relevant", "الرقة"),
        ("badr", "relevant", "دير الزور"),
        ("chadi", "relevant", "الرقة"),
    ):
        set_doc_label(team, DocLabel(DocId(1), who, "relevance", rel))
        set_doc_label(team, DocLabel(DocId(1), who, "region", region))
    view.tabs.setCurrentIndex(2)
    panel = view.doc_labels
    assert [g.key for g in panel.groups] == ["region", "relevance"]
    assert panel.item(0, 0).text() == "• ≠"
    panel.setCurrentCell(0, 0)
    press(panel, Qt.Key.Key_unknown, "ش")  # A on the Arabic layout: accept the majority value
    (gold,) = doc_labels(team, DocId(1), GOLD)
    assert (gold.key, gold.value, gold.provenance["proposed_by"]) == ("region", "الرقة", ["ali", "chadi"])
    assert view.doc_labels.item(0, 3).text() == "الرقة"
    view.tabs.setCurrentIndex(0)
    press(view.tree, Qt.Key.Key_A, "A", shift=True)  # agreed spans and the agreed document label
    assert {lab.key for lab in doc_labels(team, DocId(1), GOLD)} == {"region", "relevance"}
    assert len(spans(team, DocId(1), GOLD)) == 2
    view.stack.undo()  # one step takes back the whole "accept all agreed"
    assert {lab.key for lab in doc_labels(team, DocId(1), GOLD)} == {"region"}
    assert spans(team, DocId(1), GOLD) == []


def test_no_ready_document_is_said(qtbot, tmp_path: Path) -> None:
    p = new_project(tmp_path / "empty.hashiya")
    v = AdjudicationView(p, "rania")
    qtbot.addWidget(v)
    assert v.docs.count() == 0
    assert "no document is ready" in v.state.text()
    v.show_document(DocId(2))  # a reviewer may still open any document
    assert v.board is not None and v.board.doc.id == DocId(2)
    assert "not ready" in v.docs.currentText()
    p.close()
