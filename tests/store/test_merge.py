from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.changelog import replay
from annotate.commands import add_relation, delete_span, update_span
from annotate.model import GOLD, DocId, Relation, new_relation_id
from store.annotations import apply, changes, relations, spans, status_of
from store.documents import document_count, find_by_hash
from store.merge import RULE, merge_projects
from store.project import Project
from store.search import search_documents, unindexed_count
from store.team import assign, assignees
from tests.store.teamdata import TEXTS, doc, dump, fill, mark, new_project, offline_copy, put

ROOT = Path(__file__).resolve().parents[2]


def rows_by_table(path: Path) -> dict:
    return dump(path)


def assert_log_replays_to_tables(p: Project) -> None:
    rebuilt = replay(c.op for c in changes(p))
    current = {s.id: s for d in range(1, 20) for s in spans(p, DocId(d))}
    assert rebuilt.spans == current
    assert {k: dict(v.provenance) for k, v in rebuilt.spans.items()} == {
        k: dict(v.provenance) for k, v in current.items()
    }
    assert set(rebuilt.relations) == {r.id for d in range(1, 20) for r in relations(p, DocId(d))}


def relabel(p: Project, label: str, at: str, who: str = "ali") -> None:
    """Give ali's one span in document 1 another label, as edited by ``who`` at ``at``."""
    (s,) = spans(p, DocId(1), "ali")
    apply(p, update_span(s, s.with_(label=label, updated_at=at)), who)


def delete_alis_span(p: Project) -> None:
    """Delete ali's one span in document 1 (the ``lead`` fixture's)."""
    (s,) = spans(p, DocId(1), "ali")
    apply(p, delete_span(s, []), "ali")


def assert_merging_again_changes_nothing(lead: Path, other: Path) -> None:
    before = rows_by_table(lead)
    with Project.open(lead) as p:
        again = merge_projects(p, [other])
    assert again.sources[0].conflicts == [] and again.sources[0].changed == 0
    assert rows_by_table(lead) == before


@pytest.fixture
def lead(tmp_path: Path) -> Path:
    path = tmp_path / "lead.hashiya"
    p = new_project(path)
    put(p, doc(p, 1), "ali", 0, 4, "shelling")
    p.ensure_annotator("badr")
    assign(p, [DocId(1), DocId(2)], ["ali", "badr"])
    p.close()
    return path


def test_merge_brings_layers_and_merging_twice_changes_nothing(lead: Path, tmp_path: Path) -> None:
    other = offline_copy(lead, tmp_path / "badr.hashiya")
    with Project.open(other) as o:
        fill(o, doc(o, 1), "badr", 5, seed=1)
        fill(o, doc(o, 3), "badr", 4, seed=2)  # the emoji document: offsets are code points
        mark(o, 1, "badr")
    with Project.open(lead) as p:
        rep = merge_projects(p, [other])
        src = rep.sources[0]
        assert (src.spans_added, src.statuses_changed, src.documents_added) == (9, 1, 0)
        assert src.conflicts == []
        assert len(spans(p, DocId(1), "badr")) == 5
        assert status_of(p, DocId(1), "badr") == "done"
        assert_log_replays_to_tables(p)
    assert_merging_again_changes_nothing(lead, other)


def test_documents_are_matched_by_text_and_never_duplicated(tmp_path: Path) -> None:
    lead = tmp_path / "lead.hashiya"
    new_project(lead).close()
    other = tmp_path / "other.hashiya"
    extra = "أعلنت الشرطة حظر التجول في المدينة حتى إشعار آخر"
    # a copy made independently: other order, one extra text, so ids differ
    with new_project(other, [TEXTS[2], extra, TEXTS[0]]) as o:
        put(o, doc(o, 1), "chadi", 0, 6, "defection")  # TEXTS[2]
        put(o, doc(o, 2), "chadi", 13, 23, "curfew")  # the extra text
        assign(o, [DocId(3)], ["chadi"])  # chadi exists: he has a span  # TEXTS[0]
    with Project.open(lead) as p:
        rep = merge_projects(p, [other])
        assert (rep.sources[0].documents_added, rep.sources[0].documents_matched) == (1, 2)
        assert document_count(p) == 4
        third = find_by_hash(p, doc(p, 3).sha256)
        assert third is not None
        (s,) = spans(p, DocId(3), "chadi")
        assert s.text == TEXTS[2][0:6]
        new_doc = next(d for d in range(1, 5) if doc(p, d).text == extra)
        assert spans(p, DocId(new_doc), "chadi")[0].text == "حظر التجول"
        assert (
            search_documents(p, "حظر التجول") == [new_doc] and unindexed_count(p) == 0
        )  # shadow landed with it
        assert "chadi" in assignees(p, DocId(1))
    assert_merging_again_changes_nothing(lead, other)


def test_a_change_on_one_side_only_is_taken_without_conflict(lead: Path, tmp_path: Path) -> None:
    other = offline_copy(lead, tmp_path / "ali.hashiya")
    with Project.open(other) as o:
        relabel(o, "air_strike", "2030-01-01T00:00:00.000000+00:00")
    with Project.open(lead) as p:
        rep = merge_projects(p, [other])
        assert rep.sources[0].spans_updated == 1 and rep.sources[0].conflicts == []
        assert spans(p, DocId(1), "ali")[0].label == "air_strike"


def test_both_sides_changed_the_same_span(lead: Path, tmp_path: Path) -> None:
    other = offline_copy(lead, tmp_path / "ali.hashiya")
    with Project.open(other) as o:
        relabel(o, "air_strike", "2026-11-27T02:00:00.000000+00:00")
    with Project.open(lead) as p:
        relabel(p, "drone_strike", "2026-11-27T01:00:00.000000+00:00", "rania")
        rep = merge_projects(p, [other])
        (conflict,) = rep.sources[0].conflicts
        assert conflict.kept == "other"  # later updated_at wins
        assert (conflict.lead["label"], conflict.other["label"]) == ("drone_strike", "air_strike")
        assert rep.to_json()["rule"] == RULE
        assert spans(p, DocId(1), "ali")[0].label == "air_strike"
        labels_in_log = {getattr(c.op.after, "label", None) for c in changes(p) if c.op.entity == "span"} | {
            getattr(c.op.before, "label", None) for c in changes(p) if c.op.entity == "span"
        }
        assert {"air_strike", "drone_strike", "shelling"} <= labels_in_log
        assert_log_replays_to_tables(p)
    assert_merging_again_changes_nothing(lead, other)


def test_lead_wins_when_its_edit_is_later_and_both_versions_are_logged(lead: Path, tmp_path: Path) -> None:
    other = offline_copy(lead, tmp_path / "ali.hashiya")
    with Project.open(other) as o:
        relabel(o, "air_strike", "2026-11-27T01:00:00.000000+00:00")
    with Project.open(lead) as p:
        relabel(p, "drone_strike", "2026-11-27T03:00:00.000000+00:00")
        rep = merge_projects(p, [other])
        assert rep.sources[0].conflicts[0].kept == "lead"
        assert spans(p, DocId(1), "ali")[0].label == "drone_strike"
        note = [c for c in changes(p) if c.action.startswith("merge conflict")]
        assert note and note[0].op.before.label == "air_strike"
        assert_log_replays_to_tables(p)
    assert_merging_again_changes_nothing(lead, other)


def test_deletions_travel_and_an_edit_beats_a_deletion(lead: Path, tmp_path: Path) -> None:
    with Project.open(lead) as p:
        d = doc(p, 2)
        a = put(p, d, "ali", 0, 5, "arrest")
        b = put(p, d, "ali", 11, 22, "state_forces")
        c = put(p, d, "ali", 42, 47, "checkpoint")
        rel = Relation(new_relation_id(), DocId(2), "ali", a.id, b.id, "agent")
        apply(p, add_relation(rel), "ali")
    other = offline_copy(lead, tmp_path / "ali.hashiya")
    with Project.open(other) as o:
        apply(o, delete_span(a, relations(o, DocId(2))), "ali")  # deletes the link too
        apply(o, delete_span(c, []), "ali")
    with Project.open(lead) as p:
        apply(p, update_span(c, c.with_(label="raid", updated_at="2026-11-27T05:00:00.000000+00:00")), "ali")
        rep = merge_projects(p, [other])
        src = rep.sources[0]
        assert (src.spans_deleted, src.relations_deleted) == (1, 1)
        (conflict,) = src.conflicts
        assert conflict.kept == "lead" and conflict.other is None
        assert {s.label for s in spans(p, DocId(2), "ali")} == {"state_forces", "raid"}
        assert relations(p, DocId(2)) == []
        assert_log_replays_to_tables(p)
    assert_merging_again_changes_nothing(lead, other)


def test_other_is_opened_read_only_and_left_untouched(lead: Path, tmp_path: Path) -> None:
    other = offline_copy(lead, tmp_path / "badr.hashiya")
    with Project.open(other) as o:
        fill(o, doc(o, 2), "badr", 3, seed=3)
    before = rows_by_table(other)
    other.chmod(0o444)
    try:
        with Project.open(lead) as p:
            merge_projects(p, [other])
    finally:
        other.chmod(0o644)
    assert rows_by_table(other) == before


def test_an_exception_mid_merge_leaves_the_target_as_it_was(lead: Path, tmp_path: Path) -> None:
    others = []
    for i, who in enumerate(("badr", "chadi")):
        o_path = offline_copy(lead, tmp_path / f"{who}.hashiya")
        with Project.open(o_path) as o:
            fill(o, doc(o, 1), who, 20, seed=10 + i)
            mark(o, 1, who)
        others.append(o_path)
    before = rows_by_table(lead)

    def boom(stage: str, done: int, total: int) -> None:
        # the first source is fully merged, the second half-way: still nothing may remain
        if stage == "relations" and "chadi" in seen:
            raise RuntimeError("power cut")
        seen.add(stage)

    seen: set[str] = set()

    def track(stage: str, done: int, total: int) -> None:
        if stage == "done":
            seen.add("chadi")
        boom(stage, done, total)

    with Project.open(lead) as p, pytest.raises(RuntimeError):
        merge_projects(p, others, progress=track)
    assert rows_by_table(lead) == before


KILL_SCRIPT = """
import sys, time
sys.path.insert(0, {root!r})
from store.project import Project
from store.merge import merge_projects
def progress(stage, done, total):
    if stage == "statuses":
        open({flag!r}, "w").close()
        time.sleep(60)
with Project.open({lead!r}) as p:
    merge_projects(p, [{other!r}], progress=progress)
"""


@pytest.mark.slow
def test_a_merge_killed_half_way_leaves_the_target_unchanged(lead: Path, tmp_path: Path) -> None:
    other = offline_copy(lead, tmp_path / "badr.hashiya")
    with Project.open(other) as o:
        for d in (1, 2, 3):
            fill(o, doc(o, d), "badr", 50, seed=d)
            mark(o, d, "badr")
    before = rows_by_table(lead)
    flag = tmp_path / "half-way"
    script = KILL_SCRIPT.format(root=str(ROOT), flag=str(flag), lead=str(lead), other=str(other))
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not flag.exists():
            assert proc.poll() is None, "the merge process ended before the half-way point"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    after = rows_by_table(lead)  # opening read-only rolls the killed transaction back from the WAL
    assert after["__integrity__"] == [("ok",)]
    assert after == before
    with Project.open(lead) as p:  # and the project is usable: the merge can simply be run again
        assert merge_projects(p, [other]).sources[0].spans_added == 150


edits = st.lists(
    st.tuples(
        st.sampled_from(["lead", "other"]), st.sampled_from(["add", "edit", "delete"]), st.integers(0, 50)
    ),
    max_size=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits)
def test_merge_is_idempotent_and_the_log_stays_exact(
    tmp_path_factory: pytest.TempPathFactory, script: list
) -> None:
    base = tmp_path_factory.mktemp("m")
    lead_path = base / "lead.hashiya"
    with new_project(lead_path) as p:
        fill(p, doc(p, 1), "ali", 4, seed=0)
    other_path = offline_copy(lead_path, base / "other.hashiya")
    stamp = 0
    for side, action, n in script:
        path = lead_path if side == "lead" else other_path
        with Project.open(path) as p:
            layer = spans(p, DocId(1), "ali")
            if action == "add" or not layer:
                fill(p, doc(p, 1), "ali", 1, seed=n)
            elif action == "edit":
                s = layer[n % len(layer)]
                stamp += 1
                new = s.with_(
                    label=["shelling", "raid", "place"][n % 3], updated_at=f"2026-11-27T00:00:{stamp:02d}"
                )
                apply(p, update_span(s, new), "ali")
            else:
                apply(p, delete_span(layer[n % len(layer)], []), "ali")
    with Project.open(lead_path) as p:
        merge_projects(p, [other_path])
        assert_log_replays_to_tables(p)
        assert p.integrity_ok()
    before = dump(lead_path)
    with Project.open(lead_path) as p:
        again = merge_projects(p, [other_path])
    assert again.sources[0].changed == 0, json.dumps(again.to_json(), ensure_ascii=False)
    assert again.sources[0].conflicts == []
    assert dump(lead_path) == before


def test_document_labels_and_decisions_travel(lead: Path, tmp_path: Path) -> None:
    from annotate.adjudication import accept
    from annotate.doclabels import DocLabel
    from store.doclabels import doc_labels, set_doc_label
    from store.gold import decide, decisions, load_board

    other = offline_copy(lead, tmp_path / "rania.hashiya")
    with Project.open(other) as o:
        set_doc_label(o, DocLabel(DocId(1), "ali", "relevance", "relevant", "2026-11-27T01:00:00"))
        board = load_board(o, DocId(1))
        view = board.views[0]
        decide(o, accept(view.group, view.group.spans[0], "rania", "2026-11-27T01:00:00"), "rania")
    with Project.open(lead) as p:
        set_doc_label(p, DocLabel(DocId(1), "ali", "relevance", "not_relevant", "2026-11-27T00:00:00"))
        rep = merge_projects(p, [other])
        assert (rep.sources[0].doc_labels_merged, rep.sources[0].decisions_merged) == (1, 1)
        assert [lab.value for lab in doc_labels(p, DocId(1), "ali")] == ["relevant"]  # the later one
        assert len(decisions(p, DocId(1))) == 1
        assert load_board(p, DocId(1)).views[0].state == "accepted"
    assert_merging_again_changes_nothing(lead, other)


@pytest.mark.parametrize("later", ["copy", "lead"])
def test_two_reviewers_deciding_one_group_leave_one_gold_span(lead: Path, tmp_path: Path, later: str) -> None:
    """The later decision wins the group, and the gold span the earlier one made goes with it: left in the
    gold layer, no reviewer would see it and the export would train on both."""
    from annotate.adjudication import accept
    from store.gold import decide, load_board

    with Project.open(lead) as p:
        put(p, doc(p, 1), "badr", 0, 4, "air_strike")  # beside ali's shelling over the same word: one group
    other = offline_copy(lead, tmp_path / "sami.hashiya")

    def decide_for(path: Path, who: str, reviewer: str, at: str) -> None:
        with Project.open(path) as q:
            (view,) = load_board(q, DocId(1)).views
            (candidate,) = [s for s in view.group.spans if s.annotator == who]
            decide(q, accept(view.group, candidate, reviewer, at), reviewer)

    early, late = "2026-11-27T01:00:00", "2026-11-27T02:00:00"
    decide_for(lead, "ali", "rania", early if later == "copy" else late)
    decide_for(other, "badr", "sami", late if later == "copy" else early)
    with Project.open(lead) as p:
        rep = merge_projects(p, [other]).sources[0]
        winner = "air_strike" if later == "copy" else "shelling"
        assert [s.label for s in spans(p, DocId(1), GOLD)] == [winner]
        (view,) = load_board(p, DocId(1)).views
        assert view.state == "accepted" and [g.label for g in view.gold] == [winner]
        if later == "copy":
            assert [c.reason for c in rep.conflicts] == [
                "gold span of a reviewer's decision that a later decision replaced: removed"
            ]
        assert_log_replays_to_tables(p)
    assert_merging_again_changes_nothing(lead, other)


def test_a_label_defined_otherwise_in_the_copy_is_a_conflict_not_a_silent_choice(
    lead: Path, tmp_path: Path
) -> None:
    from dataclasses import replace

    from store.schema_store import replace_schema

    other = offline_copy(lead, tmp_path / "copy.hashiya")
    with Project.open(other) as o:  # there, shelling is written SHELL in every export
        schema = o.schema()
        labels = tuple(replace(lab, tag="SHELL") if lab.key == "shelling" else lab for lab in schema.labels)
        replace_schema(o, replace(schema, labels=labels))
    with Project.open(lead) as p:
        rep = merge_projects(p, [other]).sources[0]
        assert [(c.entity, c.id, c.kept, c.reason) for c in rep.conflicts] == [
            (
                "label",
                "shelling",
                "lead",
                "defined otherwise in the copy (tag): the lead's definition is kept",
            )
        ]
        assert p.schema().label("shelling").tag == ""


def test_a_copy_from_an_older_version_is_upgraded_aside_and_left_as_it_was(
    lead: Path, tmp_path: Path
) -> None:
    from store.migrations import schema_version

    other = offline_copy(lead, tmp_path / "old.hashiya")
    with Project.open(other) as o:
        fill(o, doc(o, 2), "badr", 3, seed=5)
    conn = sqlite3.connect(str(other))  # make it look written before m003_adjudication existed
    conn.execute("DROP TABLE gold_decisions")
    conn.execute("DROP TABLE doc_labels")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm003_adjudication'")
    conn.execute(f"PRAGMA user_version = {schema_version() - 1}")
    conn.commit()
    conn.close()
    before = rows_by_table(other)
    with Project.open(lead) as p:
        rep = merge_projects(p, [other])
        assert rep.sources[0].spans_added == 3
        assert rep.sources[0].path == str(other)
    assert rows_by_table(other) == before
    assert sorted(p.name for p in tmp_path.iterdir() if "backup" in p.name) == []


def test_a_span_the_lead_deleted_stays_deleted(lead: Path, tmp_path: Path) -> None:
    """The copy still holds it as it was: the lead saw that version and deleted it, so it does not come back."""
    other = offline_copy(lead, tmp_path / "ali.hashiya")
    with Project.open(lead) as p:
        delete_alis_span(p)
        rep = merge_projects(p, [other])
        assert spans(p, DocId(1), "ali") == [] and rep.sources[0].conflicts == []
        assert_log_replays_to_tables(p)
    assert_merging_again_changes_nothing(lead, other)


def test_a_span_the_lead_deleted_and_the_copy_edited_comes_back_as_a_conflict(
    lead: Path, tmp_path: Path
) -> None:
    other = offline_copy(lead, tmp_path / "ali.hashiya")
    with Project.open(other) as o:
        relabel(o, "air_strike", "2026-11-27T02:00:00.000000+00:00")
    with Project.open(lead) as p:
        delete_alis_span(p)
        rep = merge_projects(p, [other])
        (conflict,) = rep.sources[0].conflicts
        assert conflict.kept == "other" and conflict.lead is None
        assert "deleted in the lead, edited in other" in conflict.reason
        assert [x.label for x in spans(p, DocId(1), "ali")] == ["air_strike"]
        assert_log_replays_to_tables(p)


def test_what_the_lead_did_after_the_copy_was_made_is_no_conflict(lead: Path, tmp_path: Path) -> None:
    """A span the lead added since, and a status both sides set alike at different moments."""
    other = offline_copy(lead, tmp_path / "ali.hashiya")
    with Project.open(other) as o:
        mark(o, 1, "ali")
    time.sleep(0.01)  # the lead's status is stamped later: same status, other time
    with Project.open(lead) as p:
        added = put(p, doc(p, 2), "ali", 0, 5, "arrest")
        mark(p, 1, "ali")
        rep = merge_projects(p, [other])
        assert rep.sources[0].conflicts == []
        assert [s.id for s in spans(p, DocId(2), "ali")] == [added.id]
        assert status_of(p, DocId(1), "ali") == "done"
