from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotate.adjudication import accept, accept_all_agreed, reject
from annotate.changelog import replay
from annotate.commands import add_relation
from annotate.model import GOLD, DocId, Relation, new_relation_id
from store.annotations import apply, changes, relations, spans
from store.export import export_jsonl, layer_lines
from store.gold import decide, load_board, ready_documents, undo
from store.project import Project
from store.team import assign
from tests.store.teamdata import doc, mark, new_project, put

STAMP = "2026-11-27T01:00:00.000000+00:00"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = new_project(tmp_path / "p.hashiya")
    yield p
    p.close()


def test_accept_writes_gold_with_provenance_and_exports_it(project: Project, tmp_path: Path) -> None:
    d = doc(project, 1)
    a = put(project, d, "ali", 0, 4, "shelling")
    b = put(project, d, "badr", 0, 4, "shelling")
    put(project, d, "ali", 5, 16, "state_forces")
    board = load_board(project, DocId(1))
    assert [v.group.kind for v in board.views] == ["agree", "missing"]
    decide(project, accept(board.views[0].group, a, "rania", STAMP), "rania")
    (gold,) = spans(project, DocId(1), GOLD)
    assert gold.provenance["proposed_by"] == ["ali", "badr"]
    assert gold.provenance["from_span_ids"] == sorted([a.id, b.id])
    board = load_board(project, DocId(1))
    assert [v.state for v in board.views] == ["accepted", "open"]
    # the gold layer is in the change log like any edit
    rebuilt = replay((c.op for c in changes(project)), layer=GOLD)
    assert set(rebuilt.spans) == {gold.id}
    # export of the gold layer carries the span and its provenance, the bulk writer as the per-document one
    (line,) = [ln for ln in layer_lines(project, GOLD, [DocId(1)])]
    assert [s["id"] for s in line["spans"]] == [gold.id]
    assert line["spans"][0]["provenance"] == dict(gold.provenance)
    assert line["spans"][0]["provenance"]["decided_by"] == "rania"
    out = tmp_path / "gold.jsonl"
    export_jsonl(project, out, GOLD, doc_ids=[DocId(1)])
    assert [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()] == [line]
    # an annotator's layer has no provenance key, in either writer
    (ali,) = [ln for ln in layer_lines(project, "ali", [DocId(1)])]
    export_jsonl(project, out, "ali", doc_ids=[DocId(1)])
    assert [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()] == [ali]
    assert all("provenance" not in s for s in ali["spans"])


def test_undo_restores_previous_decisions(project: Project) -> None:
    d = doc(project, 1)
    a = put(project, d, "ali", 0, 4, "shelling")
    put(project, d, "badr", 0, 4, "air_strike")
    g = load_board(project, DocId(1)).views[0].group
    first = decide(project, reject(g, "rania", STAMP), "rania")
    assert load_board(project, DocId(1)).views[0].state == "rejected"
    second = decide(project, accept(g, a, "rania", STAMP), "rania")
    assert load_board(project, DocId(1)).views[0].state == "accepted"
    undo(project, second, "rania")
    assert spans(project, DocId(1), GOLD) == []
    assert load_board(project, DocId(1)).views[0].state == "rejected"
    undo(project, first, "rania")
    assert load_board(project, DocId(1)).views[0].state == "open"


def test_relations_follow_accepted_spans(project: Project) -> None:
    d = doc(project, 1)
    ev = [put(project, d, w, 0, 4, "shelling") for w in ("ali", "badr")]
    ac = [put(project, d, w, 5, 16, "state_forces") for w in ("ali", "badr")]
    apply(
        project,
        add_relation(Relation(new_relation_id(), DocId(1), "ali", ev[0].id, ac[0].id, "agent")),
        "ali",
    )
    apply(
        project,
        add_relation(Relation(new_relation_id(), DocId(1), "badr", ev[1].id, ac[1].id, "agent")),
        "badr",
    )
    board = load_board(project, DocId(1))
    decide(project, accept_all_agreed(board.views, "rania", STAMP), "rania")
    (link,) = relations(project, DocId(1), GOLD)
    gold = {s.label: s.id for s in spans(project, DocId(1), GOLD)}
    assert (link.head, link.tail, link.role) == (gold["shelling"], gold["state_forces"], "agent")


def test_ready_when_assigned_annotators_are_done_and_reopening_keeps_decisions(project: Project) -> None:
    d = doc(project, 1)
    a = put(project, d, "ali", 0, 4, "shelling")
    put(project, d, "badr", 0, 4, "shelling")
    assign(project, [DocId(1), DocId(2)], ["ali", "badr"])  # both exist: they have spans
    mark(project, 1, "ali")
    assert ready_documents(project) == []
    assert load_board(project, DocId(1)).readiness.waiting_for == ("badr",)
    mark(project, 1, "badr")
    mark(project, 3, "chadi")  # unassigned document: whoever touched it counts
    assert ready_documents(project) == [DocId(1), DocId(3)]
    board = load_board(project, DocId(1))
    assert board.readiness.ready
    decide(project, accept(board.views[0].group, a, "rania", STAMP), "rania")
    mark(project, 1, "badr", "in_progress")  # reopened
    board = load_board(project, DocId(1))
    assert not board.readiness.ready
    assert board.views[0].state == "accepted"
    assert ready_documents(project) == [DocId(3)]


def test_document_labels_on_the_board_and_undo(project: Project) -> None:
    from annotate.doclabels import DocLabel, decide_doc_label
    from store.doclabels import doc_labels, restore_doc_label, set_doc_label

    set_doc_label(project, DocLabel(DocId(1), "ali", "relevance", "relevant"))
    set_doc_label(project, DocLabel(DocId(1), "badr", "relevance", "not_relevant"))
    board = load_board(project, DocId(1))
    assert board.annotators == ("ali", "badr")
    (group,) = board.doc_labels
    assert group.kind == "differs"
    gold = decide_doc_label(group, "relevant", "rania", STAMP)
    before = set_doc_label(project, gold)
    assert before is None
    (decided,) = load_board(project, DocId(1)).doc_labels
    assert decided.gold is not None and decided.gold.provenance["proposed_by"] == ["ali"]
    restore_doc_label(project, DocId(1), GOLD, "relevance", before)
    assert doc_labels(project, DocId(1), GOLD) == []


def test_deciding_a_group_again_replaces_its_gold_span(project: Project) -> None:
    d = doc(project, 1)
    a = put(project, d, "ali", 0, 4, "shelling")
    b = put(project, d, "badr", 0, 4, "air_strike")
    g = load_board(project, DocId(1)).views[0].group
    decide(project, accept(g, a, "rania", STAMP), "rania")
    second = decide(project, accept(g, b, "rania", STAMP), "rania")
    (gold,) = spans(project, DocId(1), GOLD)
    assert gold.label == "air_strike" and gold.provenance["proposed_by"] == ["badr"]
    undo(project, second, "rania")  # the first decision and its gold span come back
    (gold,) = spans(project, DocId(1), GOLD)
    assert gold.label == "shelling"
    assert load_board(project, DocId(1)).views[0].state == "accepted"
    decide(project, reject(g, "rania", STAMP), "rania")
    assert spans(project, DocId(1), GOLD) == []
    assert load_board(project, DocId(1)).views[0].state == "rejected"
    rebuilt = replay((c.op for c in changes(project)), layer=GOLD)
    assert rebuilt.spans == {}
