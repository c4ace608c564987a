"""User actions as command objects: each knows its primitive operations and its inverse.

The store applies a command's operations in one transaction and appends them to
the change log; the GUI's undo stack only calls ``inverse()``.  Keeping both
here means undo is testable without Qt and the change log replays exactly what
the user did.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from annotate.model import DocId, Relation, Span, Status

Entity = Literal["span", "relation", "status"]
OpKind = Literal["insert", "delete", "update"]


@dataclass(frozen=True, slots=True)
class StatusRecord:
    doc_id: DocId
    annotator: str
    status: Status


Record = Span | Relation | StatusRecord


@dataclass(frozen=True, slots=True)
class Op:
    """One row-level change: insert ``after``, delete ``before``, or turn ``before`` into ``after``."""

    kind: OpKind
    before: Record | None
    after: Record | None

    @property
    def entity(self) -> Entity:
        rec = self.after if self.after is not None else self.before
        if isinstance(rec, Span):
            return "span"
        if isinstance(rec, Relation):
            return "relation"
        return "status"

    def inverse(self) -> Op:
        inv: dict[OpKind, OpKind] = {"insert": "delete", "delete": "insert", "update": "update"}
        return Op(inv[self.kind], self.after, self.before)


@dataclass(frozen=True, slots=True)
class Command:
    """A named group of operations that is done, undone and logged as one user action."""

    name: str
    ops: tuple[Op, ...]

    def inverse(self) -> Command:
        return Command(f"undo {self.name}", tuple(op.inverse() for op in reversed(self.ops)))

    @property
    def doc_ids(self) -> frozenset[DocId]:
        out: set[DocId] = set()
        for op in self.ops:
            rec = op.after if op.after is not None else op.before
            if rec is not None:
                out.add(rec.doc_id)
        return frozenset(out)


def add_span(span: Span) -> Command:
    return Command(f"add {span.label}", (Op("insert", None, span),))


def add_spans(spans: Sequence[Span], name: str = "annotate occurrences") -> Command:
    return Command(name, tuple(Op("insert", None, s) for s in spans))


def delete_span(span: Span, relations: Sequence[Relation]) -> Command:
    """Delete a span and every relation that touches it (relations first, so keys hold)."""
    touching = [r for r in relations if span.id in (r.head, r.tail)]
    ops = [Op("delete", r, None) for r in touching]
    ops.append(Op("delete", span, None))
    return Command(f"delete {span.label}", tuple(ops))


def update_span(before: Span, after: Span, name: str = "edit span") -> Command:
    if before.id != after.id:
        raise ValueError("update_span must keep the span id")
    return Command(name, (Op("update", before, after),))


def relabel_span(before: Span, after: Span, broken: Sequence[Relation]) -> Command:
    """Give a span its new label and, in the same action, drop the links that label cannot hold (a
    place pointing at what is now an event): kept, they would break the schema's rule unseen.  Undo
    brings them back with the old label."""
    if before.id != after.id:
        raise ValueError("relabel_span must keep the span id")
    ops = [Op("delete", r, None) for r in broken]
    ops.append(Op("update", before, after))
    return Command(f"relabel {before.label} as {after.label}", tuple(ops))


def add_relation(rel: Relation) -> Command:
    return Command(f"link {rel.role}", (Op("insert", None, rel),))


def delete_relation(rel: Relation) -> Command:
    return Command(f"unlink {rel.role}", (Op("delete", rel, None),))


def set_status(before: StatusRecord | None, after: StatusRecord) -> Command:
    if before is None:
        return Command(f"mark {after.status}", (Op("insert", None, after),))
    return Command(f"mark {after.status}", (Op("update", before, after),))


def combine(name: str, commands: Sequence[Command]) -> Command:
    return Command(name, tuple(op for c in commands for op in c.ops))
