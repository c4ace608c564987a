"""Applying user actions: one transaction each, undo restores rows, the change log replays to the tables."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate import commands as C
from annotate.changelog import replay
from annotate.model import Relation, make_span, new_relation_id
from annotate.textimport import draft
from store import annotations as A
from store.documents import add_documents, get_document
from store.errors import ConflictError, ProjectError
from store.project import Project
from tests.store.conftest import TEXT_1, TEXT_2


def dump(project: Project) -> dict[str, list[tuple]]:
    """Every annotation row, for comparing whole project states."""
    c = project.conn
    return {
        "spans": c.execute(
            'SELECT id, doc_id, annotator, start, "end", label, text, attributes FROM spans ORDER BY id'
        ).fetchall(),
        "relations": c.execute("SELECT id, head, tail, role FROM relations ORDER BY id").fetchall(),
        "status": c.execute(
            "SELECT doc_id, annotator, status FROM doc_status ORDER BY doc_id, annotator"
        ).fetchall(),
    }


def test_add_span_stores_code_point_offsets_and_snapshot(project: Project, docs: list) -> None:
    doc = get_document(project, docs[0])
    start = doc.text.index("الرقة")
    span = make_span(doc, "ali", start, start + len("الرقة"), "place")
    A.apply(project, C.add_span(span), "ali")
    (stored,) = A.spans(project, doc.id, "ali")
    assert stored == span
    assert doc.text[stored.start : stored.end] == "الرقة"


def test_span_after_emoji_keeps_code_point_offsets(project: Project, docs: list) -> None:
    doc = get_document(project, docs[0])
    start = doc.text.index("وفق")
    assert doc.text.index("😀") < start
    A.apply(project, C.add_span(make_span(doc, "ali", start, start + 3, "place")), "ali")
    row = project.conn.execute('SELECT start, "end", text FROM spans').fetchone()
    assert row == (start, start + 3, "وفق")


def test_undo_redo_return_the_same_rows(project: Project, docs: list) -> None:
    doc = get_document(project, docs[0])
    empty = dump(project)
    ev = make_span(doc, "ali", 0, 6, "arrest", {"certainty": "claimed"})
    actor = make_span(doc, "ali", 7, 17, "state")
    rel = Relation(new_relation_id(), doc.id, "ali", ev.id, actor.id, "agent", "t")
    cmds = [
        C.add_span(ev),
        C.add_span(actor),
        C.add_relation(rel),
        C.set_status(None, C.StatusRecord(doc.id, "ali", "done")),
    ]
    states = [empty]
    for cmd in cmds:
        A.apply(project, cmd, "ali")
        states.append(dump(project))
    for cmd, state in zip(reversed(cmds), reversed(states[:-1]), strict=True):
        A.apply(project, cmd.inverse(), "ali")
        assert dump(project) == state
    for cmd, state in zip(cmds, states[1:], strict=True):
        A.apply(project, cmd, "ali")
        assert dump(project) == state


def test_delete_span_takes_its_relations_and_undo_brings_them_back(project: Project, docs: list) -> None:
    doc = get_document(project, docs[0])
    ev = make_span(doc, "ali", 0, 6, "arrest")
    actor = make_span(doc, "ali", 7, 17, "state")
    rel = Relation(new_relation_id(), doc.id, "ali", ev.id, actor.id, "agent", "t")
    for cmd in (C.add_span(ev), C.add_span(actor), C.add_relation(rel)):
        A.apply(project, cmd, "ali")
    before = dump(project)
    delete = C.delete_span(actor, A.relations(project, doc.id, "ali"))
    A.apply(project, delete, "ali")
    assert A.relations(project, doc.id, "ali") == []
    A.apply(project, delete.inverse(), "ali")
    assert dump(project) == before


def test_stale_update_is_refused(project: Project, docs: list) -> None:
    doc = get_document(project, docs[0])
    span = make_span(doc, "ali", 0, 6, "arrest")
    A.apply(project, C.add_span(span), "ali")
    A.apply(project, C.update_span(span, span.with_(label="clash")), "ali")
    with pytest.raises(ConflictError, match="changed elsewhere"):
        A.apply(project, C.update_span(span, span.with_(label="place")), "bob")
    assert A.get_span(project, span.id).label == "clash"


def test_a_gold_span_decided_again_elsewhere_is_a_stale_update(project: Project, docs: list) -> None:
    """Provenance is not part of a span's equality (two spans over the same words are equal), but a gold
    span whose provenance another reviewer changed was changed elsewhere all the same."""
    doc = get_document(project, docs[0])
    span = make_span(doc, "gold", 0, 6, "arrest").with_(provenance={"decided_by": "rania"})
    A.apply(project, C.add_span(span), "rania")
    redecided = span.with_(provenance={"decided_by": "omar"})
    A.apply(project, C.update_span(span, redecided), "omar")
    with pytest.raises(ConflictError, match="changed elsewhere"):
        A.apply(project, C.update_span(span, span.with_(label="clash")), "rania")
    assert dict(A.get_span(project, span.id).provenance) == {"decided_by": "omar"}


def test_action_interrupted_mid_transaction_leaves_no_trace(project: Project, docs: list) -> None:
    doc = get_document(project, docs[0])
    good = make_span(doc, "ali", 0, 6, "arrest")
    # A forged span whose snapshot does not match the document: the database refuses it mid-command.
    bad = make_span(doc, "ali", 7, 10, "state").with_(text="xyz")
    before = dump(project)
    log_before = A.last_change_seq(project)
    with pytest.raises(ProjectError, match="does not match"):
        A.apply(project, C.combine("both", [C.add_span(good), C.add_span(bad)]), "ali")
    assert dump(project) == before
    assert A.last_change_seq(project) == log_before


def test_unknown_label_is_refused(project: Project, docs: list) -> None:
    doc = get_document(project, docs[0])
    with pytest.raises(ProjectError, match="FOREIGN KEY"):
        A.apply(project, C.add_span(make_span(doc, "ali", 0, 6, "no_such_label")), "ali")


_ops = st.lists(
    st.tuples(
        st.sampled_from(["add", "delete", "relabel", "status", "undo"]),
        st.integers(0, 200),
        st.integers(1, 12),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(script=_ops)
def test_change_log_replays_to_the_tables(project: Project, docs: list, script: list) -> None:
    """Any sequence of actions and undos: replaying the log gives exactly the stored rows."""
    doc = get_document(project, docs[0])
    done: list[C.Command] = []
    for kind, pos, length in script:
        live = A.spans(project, doc.id, "ali")
        if kind == "add":
            start = pos % (len(doc.text) - 1)
            end = min(len(doc.text), start + length)
            cmd = C.add_span(make_span(doc, "ali", start, end, "place"))
        elif kind == "delete" and live:
            victim = live[pos % len(live)]
            cmd = C.delete_span(victim, A.relations(project, doc.id, "ali"))
        elif kind == "relabel" and live:
            victim = live[pos % len(live)]
            cmd = C.update_span(victim, victim.with_(label="arrest" if victim.label != "arrest" else "clash"))
        elif kind == "status":
            cur = A.status(project, doc.id, "ali")
            cmd = C.set_status(cur, C.StatusRecord(doc.id, "ali", ["new", "in_progress", "done"][pos % 3]))
        elif kind == "undo" and done:
            cmd = done.pop().inverse()
            A.apply(project, cmd, "ali")
            continue
        else:
            continue
        A.apply(project, cmd, "ali")
        done.append(cmd)
    rebuilt = replay((ch.op for ch in A.changes(project)), layer="ali")
    assert sorted(rebuilt.spans.values(), key=lambda s: s.id) == sorted(
        A.spans(project, doc.id, "ali"), key=lambda s: s.id
    )
    stored_status = A.status(project, doc.id, "ali")
    assert list(rebuilt.statuses.values()) == ([stored_status] if stored_status else [])


def test_layers_read_back_attributes_provenance_and_every_annotator(project: Project, docs: list) -> None:
    """Rows with and without attributes or provenance read back equal, one layer or all of them."""
    doc = get_document(project, docs[0])
    plain = make_span(doc, "ali", 0, 6, "arrest")
    rich = make_span(doc, "ali", 7, 17, "state", {"certainty": "claimed"}).with_(
        provenance={"source": "import.jsonl", "line": 3}
    )
    other = make_span(doc, "huda", 0, 6, "clash")
    rel = Relation(new_relation_id(), doc.id, "ali", plain.id, rich.id, "agent", "t1")
    for who, cmd in (
        ("ali", C.add_spans([plain, rich])),
        ("huda", C.add_span(other)),
        ("ali", C.add_relation(rel)),
    ):
        A.apply(project, cmd, who)
    ali = A.spans(project, doc.id, "ali")
    assert ali == [plain, rich]
    assert [dict(s.provenance) for s in ali] == [{}, {"source": "import.jsonl", "line": 3}]
    assert ali[1].attrs == {"certainty": "claimed"} and ali[0].attributes == ()
    assert {s.annotator for s in A.spans(project, doc.id)} == {"ali", "huda"}
    assert A.relations(project, doc.id, "ali") == A.relations(project, doc.id) == [rel]
    assert A.relations(project, doc.id, "huda") == []


def _log(project: Project) -> list[tuple]:
    return project.conn.execute(
        "SELECT actor, action, entity, op, entity_id, doc_id, layer, before, after FROM changes ORDER BY seq"
    ).fetchall()


def _many(project: Project, docs: list) -> C.Command:
    """New spans, new relations between them and a status: the shape of an annotated import's command."""
    doc = get_document(project, docs[0])
    ev = make_span(doc, "ali", 0, 6, "arrest", {"certainty": "claimed"})
    actor = make_span(doc, "ali", 7, 17, "state")
    place = make_span(doc, "ali", doc.text.index("الرقة"), doc.text.index("الرقة") + 5, "place")
    rels = [
        Relation(new_relation_id(), doc.id, "ali", ev.id, t.id, r, "t")
        for t, r in ((actor, "agent"), (place, "place"))
    ]
    status = C.Command("s", (C.Op("insert", None, C.StatusRecord(doc.id, "ali", "done")),))
    return C.combine(
        "import annotations", [C.add_spans([ev, actor, place]), *map(C.add_relation, rels), status]
    )


def test_new_rows_in_bulk_are_the_rows_and_log_of_one_at_a_time(
    tmp_path, schema, project: Project, docs: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    cmd = _many(project, docs)
    A.apply(project, cmd, "ali")
    other = Project.create(tmp_path / "other.sqlite", schema)
    try:
        add_documents(other, [draft(TEXT_1, "one.txt", "utf-8"), draft(TEXT_2, "two.txt", "utf-8")])
        monkeypatch.setattr(A, "_new_rows_end", lambda ops, i: i)  # every row on its own
        A.apply(other, cmd, "ali")
        assert dump(project) == dump(other)
        assert _log(project) == _log(other)
        assert len(_log(project)) == len(cmd.ops) == 6
    finally:
        other.close()


def test_a_bulk_row_already_stored_refuses_the_command(project: Project, docs: list) -> None:
    cmd = _many(project, docs)
    A.apply(project, C.add_span(cmd.ops[1].after), "ali")  # the second span, stored already
    before, log_before = dump(project), A.last_change_seq(project)
    with pytest.raises(ConflictError, match=f"span {cmd.ops[1].after.id} was changed elsewhere"):
        A.apply(project, cmd, "ali")
    assert dump(project) == before
    assert A.last_change_seq(project) == log_before


def test_the_first_stored_row_in_the_commands_order_is_named(project: Project, docs: list) -> None:
    from annotate.model import SpanId

    first, second, third = (op.after for op in _many(project, docs).ops[:3])
    run = [first.with_(id=SpanId("zz")), second.with_(id=SpanId("mm")), third.with_(id=SpanId("aa"))]
    A.apply(project, C.add_spans(run[1:]), "ali")  # mm and aa stored; aa sorts first, mm comes first
    with pytest.raises(ConflictError, match="span mm was changed elsewhere"):
        A.apply(project, C.add_spans(run), "ali")


def test_a_command_naming_a_new_row_twice_is_refused_as_one_at_a_time(project: Project, docs: list) -> None:
    span = _many(project, docs).ops[0].after
    with pytest.raises(ConflictError, match="was changed elsewhere"):
        A.apply(project, C.add_spans([span, span.with_(label="place")]), "ali")
    assert dump(project)["spans"] == []


def test_a_writing_connection_keeps_statement_journals_in_memory(project: Project) -> None:
    # On disk they were 40% of an annotated import (each row's trigger and key checks journal its pages).
    assert project.conn.execute("PRAGMA temp_store").fetchone()[0] == 2
