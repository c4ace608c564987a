"""The gold layer: loading what a reviewer adjudicates and writing the decisions.

A decision is ONE transaction: the gold spans (and the links they imply) go in
through ``apply_in`` so they are in the change log like any edit, and the
decision rows go in beside them.  Undo restores both, including any decision
the new one replaced.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotate.adjudication import (
    Decision,
    GroupView,
    Plan,
    Readiness,
    carry_relations,
    group_candidates,
    readiness,
    review,
)
from annotate.commands import Command, Op, add_relation, add_spans, combine
from annotate.doclabels import DocLabelGroup, compare_doc_labels
from annotate.model import GOLD, DocId, Document, Relation, Span, SpanId, now
from store.annotations import apply_in, get_span, relations, spans
from store.doclabels import doc_labels
from store.documents import get_document
from store.project import Project
from store.team import assignees

_DEC_COLS = "doc_id, span_id, decision, gold_span_id, decided_by, decided_at, span_updated_at"


def _decision(r: Sequence) -> Decision:
    return Decision(DocId(r[0]), SpanId(r[1]), r[2], SpanId(r[3]) if r[3] else None, r[4], r[5], r[6])


def decisions(project: Project, doc_id: DocId) -> list[Decision]:
    q = f"SELECT {_DEC_COLS} FROM gold_decisions WHERE doc_id = ? ORDER BY decided_at, span_id"
    return [_decision(r) for r in project.conn.execute(q, (doc_id,))]


def statuses(project: Project, doc_id: DocId) -> dict[str, str]:
    rows = project.conn.execute(
        "SELECT annotator, status FROM doc_status WHERE doc_id = ? AND annotator != ?", (doc_id, GOLD)
    )
    return dict(rows.fetchall())


def compared_annotators(project: Project, doc_id: DocId) -> list[str]:
    """Whose candidates a reviewer sees: the assigned annotators, plus anyone else who annotated it."""
    names = set(assignees(project, doc_id))
    names |= {
        r[0]
        for r in project.conn.execute(
            "SELECT DISTINCT annotator FROM doc_labels WHERE doc_id = ? AND annotator != ?", (doc_id, GOLD)
        )
    }
    names |= {
        r[0]
        for r in project.conn.execute(
            "SELECT DISTINCT annotator FROM spans WHERE doc_id = ? AND annotator != ?", (doc_id, GOLD)
        )
    }
    names.discard(GOLD)
    return sorted(names)


@dataclass(frozen=True, slots=True)
class Board:
    """Everything the adjudication view shows for one document."""

    doc: Document
    annotators: tuple[str, ...]
    views: tuple[GroupView, ...]
    gold: tuple[Span, ...]
    readiness: Readiness
    doc_labels: tuple[DocLabelGroup, ...] = ()


def load_board(project: Project, doc_id: DocId, annotators: Sequence[str] | None = None) -> Board:
    doc = get_document(project, doc_id)
    names = tuple(annotators) if annotators is not None else tuple(compared_annotators(project, doc_id))
    wanted = set(names)
    cands = [s for s in spans(project, doc_id) if s.annotator in wanted]
    gold = spans(project, doc_id, GOLD)
    groups = group_candidates(cands, names)
    views = review(groups, gold, decisions(project, doc_id))
    ready = readiness(statuses(project, doc_id), assignees(project, doc_id))  # type: ignore[arg-type]
    labels = compare_doc_labels(doc_labels(project, doc_id), names)
    return Board(doc, names, tuple(views), tuple(gold), ready, tuple(labels))


@dataclass(frozen=True, slots=True)
class Applied:
    """A decision as written, with what it replaced: enough to undo it."""

    command: Command
    written: tuple[Decision, ...]
    replaced: tuple[Decision, ...]


def _write_decisions(c: sqlite3.Connection, rows: Iterable[Decision]) -> None:
    c.executemany(
        f"INSERT OR REPLACE INTO gold_decisions({_DEC_COLS}) VALUES (?,?,?,?,?,?,?)",
        [
            (d.doc_id, d.span_id, d.decision, d.gold_span_id, d.decided_by, d.decided_at, d.span_updated_at)
            for d in rows
        ],
    )


def decide(project: Project, plan: Plan, reviewer: str) -> Applied:
    """Write a reviewer's action: gold spans, implied gold links, decision rows, in one transaction."""
    if not plan.decisions and not plan.gold:
        return Applied(Command("adjudicate", ()), (), ())
    doc_ids = {d.doc_id for d in plan.decisions} | {s.doc_id for s in plan.gold}
    with project.write() as c:
        replaced: list[Decision] = []
        for d in plan.decisions:
            r = c.execute(
                f"SELECT {_DEC_COLS} FROM gold_decisions WHERE doc_id = ? AND span_id = ?",
                (d.doc_id, d.span_id),
            ).fetchone()
            if r:
                replaced.append(_decision(r))
        # deciding a group again replaces the gold span(s) its earlier decision made
        removed = _superseded_gold(c, project, plan, replaced)
        gone = {s.id for s in removed}
        drop = [delete_gold_span_ops(project, s) for s in removed]
        add = add_spans(plan.gold, name=f"adjudicate {len(plan.decisions)} candidate(s)")
        cmd = combine(add.name, [*_dedupe(drop), add])
        links: list[Relation] = []
        fresh = {s.id for s in plan.gold}
        for doc_id in sorted(doc_ids):
            others = {d.span_id: d for d in _decisions_in(c, doc_id) if d.gold_span_id not in gone}
            others.update({d.span_id: d for d in plan.decisions})
            cand_rel = [r for r in relations(project, doc_id) if r.annotator != GOLD]
            implied = carry_relations(cand_rel, others.values(), relations(project, doc_id, GOLD), now())
            # only links that touch a span decided now: a link the reviewer deleted stays deleted
            links += [r for r in implied if r.head in fresh or r.tail in fresh]
        cmd = combine(cmd.name, [cmd, *(add_relation(r) for r in links)])
        apply_in(c, cmd, reviewer)
        _write_decisions(c, plan.decisions)
    return Applied(cmd, plan.decisions, tuple(replaced))


def _superseded_gold(
    c: sqlite3.Connection, project: Project, plan: Plan, replaced: list[Decision]
) -> list[Span]:
    """Gold spans made by the replaced decisions that no decision outside this plan still points to."""
    decided_now = {d.span_id for d in plan.decisions}
    old = {d.gold_span_id for d in replaced if d.gold_span_id is not None}
    out: list[Span] = []
    for gid in sorted(old):
        still = c.execute("SELECT span_id FROM gold_decisions WHERE gold_span_id = ?", (gid,)).fetchall()
        if any(sid not in decided_now for (sid,) in still):
            continue
        span = get_span(project, gid)
        if span is not None and span.annotator == GOLD:
            out.append(span)
    return out


def _dedupe(commands: list[Command]) -> list[Command]:
    """Two removed spans may share a link: delete each link once."""
    seen: set[str] = set()
    out: list[Command] = []
    for cmd in commands:
        ops = []
        for op in cmd.ops:
            rec = op.before
            key = getattr(rec, "id", None)
            if key is not None and key in seen:
                continue
            if key is not None:
                seen.add(key)
            ops.append(op)
        out.append(Command(cmd.name, tuple(ops)))
    return out


def _decisions_in(c: sqlite3.Connection, doc_id: DocId) -> list[Decision]:
    q = f"SELECT {_DEC_COLS} FROM gold_decisions WHERE doc_id = ?"
    return [_decision(r) for r in c.execute(q, (doc_id,))]


def undo(project: Project, applied: Applied, reviewer: str) -> None:
    """Take a decision back: its gold spans and links go, the decisions it replaced come back."""
    with project.write() as c:
        if applied.command.ops:
            apply_in(c, applied.command.inverse(), reviewer)
        c.executemany(
            "DELETE FROM gold_decisions WHERE doc_id = ? AND span_id = ?",
            [(d.doc_id, d.span_id) for d in applied.written],
        )
        _write_decisions(c, applied.replaced)


def delete_gold_span_ops(project: Project, span: Span) -> Command:
    """Deleting a gold span also drops its gold links; its decisions then stop holding (group reopens)."""
    rels = [r for r in relations(project, span.doc_id, GOLD) if span.id in (r.head, r.tail)]
    return Command(
        f"delete gold {span.label}", (*(Op("delete", r, None) for r in rels), Op("delete", span, None))
    )


def ready_documents(project: Project) -> list[DocId]:
    """Documents every assigned annotator (or, unassigned, everyone who touched it) marked done."""
    q = """
    WITH who AS (
        SELECT doc_id, annotator FROM assignments WHERE annotator != :gold
        UNION
        SELECT s.doc_id, s.annotator FROM doc_status s
        WHERE s.annotator != :gold
          AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.doc_id = s.doc_id AND a.annotator != :gold)
    )
    SELECT w.doc_id FROM who w
    LEFT JOIN doc_status st ON st.doc_id = w.doc_id AND st.annotator = w.annotator
    GROUP BY w.doc_id
    HAVING sum(coalesce(st.status, 'new') != 'done') = 0
    ORDER BY w.doc_id
    """
    return [DocId(r[0]) for r in project.conn.execute(q, {"gold": GOLD})]


def ready_titles(project: Project) -> list[tuple[DocId, str]]:
    """(id, title) of the ready documents, for the adjudication picker: titles only, never the texts."""
    ids = ready_documents(project)
    out: dict[int, str] = {}
    for i in range(0, len(ids), 900):
        chunk = ids[i : i + 900]
        q = f"SELECT id, title FROM documents WHERE id IN ({','.join('?' * len(chunk))})"
        out.update(project.conn.execute(q, chunk).fetchall())
    return [(d, out[d]) for d in ids if d in out]
