"""Adjudication: the candidates of several annotators for one document, grouped by position.

A reviewer decides each group once (accept one candidate, reject them all, or
edit one and accept the edit); the decisions produce gold spans whose
provenance says who proposed them and who decided.  Every candidate span gets
its own decision record, so a group is decided exactly when all its spans are,
and a document that is reopened and changed shows only the new or edited
candidates as open again: earlier decisions are kept.

Grouping rule (stated in docs/team.md): spans of different annotators fall in
one group when they have the same offsets, or when they overlap and carry the
same label; a group never holds two spans of the same annotator.  Pairs are
joined best first (same offsets and label, then same offsets, then larger
overlap), so a long span never swallows two short ones of another annotator.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from annotate.model import (
    GOLD,
    DocId,
    Relation,
    Span,
    SpanId,
    Status,
    attrs,
    new_relation_id,
    new_span_id,
)

Kind = Literal["agree", "label", "boundary", "missing"]
KIND_NAMES: dict[Kind, str] = {
    "agree": "all agree",
    "label": "label differs",
    "boundary": "boundary differs",
    "missing": "missing in some",
}
DecisionKind = Literal["accept", "reject", "edit"]
State = Literal["open", "accepted", "rejected", "edited"]


@dataclass(frozen=True, slots=True)
class Decision:
    """What the reviewer decided about one candidate span (as it was when decided)."""

    doc_id: DocId
    span_id: SpanId
    decision: DecisionKind
    gold_span_id: SpanId | None
    decided_by: str
    decided_at: str
    span_updated_at: str


@dataclass(frozen=True, slots=True)
class Group:
    """Candidates at one position; ``missing`` names the compared annotators without one here."""

    key: str
    start: int
    end: int
    spans: tuple[Span, ...]
    kind: Kind
    missing: tuple[str, ...] = ()

    @property
    def annotators(self) -> tuple[str, ...]:
        return tuple(s.annotator for s in self.spans)


@dataclass(frozen=True, slots=True)
class GroupView:
    group: Group
    state: State
    gold: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    """The effect of one reviewer action: gold spans to add and one decision per candidate."""

    gold: tuple[Span, ...] = ()
    decisions: tuple[Decision, ...] = ()


# -- grouping -----------------------------------------------------------------------------------
def _pairs(spans: Sequence[Span]) -> list[tuple[tuple[int, int, int], int, int]]:
    """Candidate joins of overlapping spans of different annotators, with a sort key (best first)."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i].start, spans[i].end))
    out: list[tuple[tuple[int, int, int], int, int]] = []
    active: list[int] = []
    for i in order:
        s = spans[i]
        active = [j for j in active if spans[j].end > s.start]
        for j in active:
            t = spans[j]
            if t.annotator == s.annotator:
                continue
            same_pos = (t.start, t.end) == (s.start, s.end)
            same_label = t.label == s.label
            if not (same_pos or same_label):
                continue
            overlap = min(s.end, t.end) - max(s.start, t.start)
            union = max(s.end, t.end) - min(s.start, t.start)
            rank = 0 if same_pos and same_label else 1 if same_pos else 2
            out.append(((rank, -overlap * 1000 // union, min(i, j)), j, i))
        active.append(i)
    out.sort()
    return out


def group_candidates(spans: Iterable[Span], annotators: Sequence[str] | None = None) -> list[Group]:
    """Group the non-gold spans of one document by position; see the module docstring for the rule."""
    cands = sorted((s for s in spans if s.annotator != GOLD), key=lambda s: (s.start, -s.end, s.label, s.id))
    names = tuple(annotators) if annotators is not None else tuple(sorted({s.annotator for s in cands}))
    parent = list(range(len(cands)))
    members: dict[int, set[str]] = {i: {s.annotator} for i, s in enumerate(cands)}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, a, b in _pairs(cands):
        ra, rb = find(a), find(b)
        if ra == rb or members[ra] & members[rb]:
            continue
        parent[rb] = ra
        members[ra] |= members.pop(rb)
    comps: dict[int, list[Span]] = {}
    for i, s in enumerate(cands):
        comps.setdefault(find(i), []).append(s)
    groups = [_make_group(g, names) for g in comps.values()]
    groups.sort(key=lambda g: (g.start, -g.end, g.key))
    return groups


def _make_group(spans: list[Span], names: Sequence[str]) -> Group:
    spans.sort(key=lambda s: (s.annotator, s.id))
    present = {s.annotator for s in spans}
    missing = tuple(a for a in names if a not in present)
    positions = {(s.start, s.end) for s in spans}
    labels = {s.label for s in spans}
    attr_sets = {s.attributes for s in spans}
    kind: Kind
    if len(labels) > 1 or (len(positions) == 1 and len(attr_sets) > 1):
        kind = "label"
    elif len(positions) > 1:
        kind = "boundary"
    elif missing:
        kind = "missing"
    else:
        kind = "agree"
    return Group(
        key=min(s.id for s in spans),
        start=min(s.start for s in spans),
        end=max(s.end for s in spans),
        spans=tuple(spans),
        kind=kind,
        missing=missing,
    )


# -- state of each group ----------------------------------------------------------------------
def review(groups: Sequence[Group], gold: Sequence[Span], decisions: Iterable[Decision]) -> list[GroupView]:
    """Each group with its state: open until every candidate has a decision that still holds.

    A decision no longer holds when the candidate was edited after it, or when
    it accepted a gold span that has since been deleted from the gold layer.
    """
    by_span = {d.span_id: d for d in decisions}
    gold_by_id = {s.id: s for s in gold}
    out: list[GroupView] = []
    for g in groups:
        ds = [by_span.get(s.id) for s in g.spans]
        valid = all(
            d is not None
            and d.span_updated_at == s.updated_at
            and (d.gold_span_id is None or d.gold_span_id in gold_by_id)
            for d, s in zip(ds, g.spans, strict=True)
        )
        if not valid:
            out.append(GroupView(g, "open"))
            continue
        kinds = {d.decision for d in ds if d is not None}
        golds = tuple(dict.fromkeys(gold_by_id[d.gold_span_id] for d in ds if d and d.gold_span_id))
        state: State = "edited" if "edit" in kinds else "accepted" if "accept" in kinds else "rejected"
        out.append(GroupView(g, state, golds))
    return out


def next_open(views: Sequence[GroupView], after: int = -1, disagreements_only: bool = True) -> int | None:
    """Index of the next open group after ``after`` (wrapping around), or None when none is left."""
    n = len(views)
    for step in range(1, n + 1):
        i = (after + step) % n
        v = views[i]
        if v.state == "open" and (not disagreements_only or v.group.kind != "agree"):
            return i
    return None


# -- decisions -----------------------------------------------------------------------------------
def _provenance(proposers: Sequence[Span], reviewer: str, stamp: str, decision: DecisionKind) -> dict:
    return {
        "proposed_by": sorted({s.annotator for s in proposers}),
        "decided_by": reviewer,
        "decided_at": stamp,
        "from_span_ids": sorted(s.id for s in proposers),
        "decision": decision,
    }


def _decisions(
    group: Group, chosen: set[SpanId], kind: DecisionKind, gold_id: SpanId | None, reviewer: str, stamp: str
) -> tuple[Decision, ...]:
    return tuple(
        Decision(
            s.doc_id,
            s.id,
            kind if s.id in chosen else "reject",
            gold_id if s.id in chosen else None,
            reviewer,
            stamp,
            s.updated_at,
        )
        for s in group.spans
    )


def accept(group: Group, chosen: Span, reviewer: str, stamp: str) -> Plan:
    """Gold gets ``chosen``; every candidate identical to it is recorded as its proposer, others as rejected."""
    if chosen not in group.spans:
        raise ValueError(f"span {chosen.id} is not a candidate of group {group.key}")
    same = [s for s in group.spans if _same_content(s, chosen)]
    gold = Span(
        id=new_span_id(),
        doc_id=chosen.doc_id,
        annotator=GOLD,
        start=chosen.start,
        end=chosen.end,
        label=chosen.label,
        text=chosen.text,
        attributes=chosen.attributes,
        created_at=stamp,
        updated_at=stamp,
        provenance=_provenance(same, reviewer, stamp, "accept"),
    )
    return Plan((gold,), _decisions(group, {s.id for s in same}, "accept", gold.id, reviewer, stamp))


def edit(
    group: Group,
    basis: Span,
    doc_text: str,
    start: int,
    end: int,
    label: str,
    attributes: Mapping[str, str] | None,
    reviewer: str,
    stamp: str,
) -> Plan:
    """Gold gets an edited version of ``basis``; its provenance still names who proposed the basis."""
    if basis not in group.spans:
        raise ValueError(f"span {basis.id} is not a candidate of group {group.key}")
    if not 0 <= start < end <= len(doc_text):
        raise ValueError(f"edited span {start}..{end} is outside the document (length {len(doc_text)})")
    gold = Span(
        id=new_span_id(),
        doc_id=basis.doc_id,
        annotator=GOLD,
        start=start,
        end=end,
        label=label,
        text=doc_text[start:end],
        attributes=attrs(attributes) if attributes is not None else basis.attributes,
        created_at=stamp,
        updated_at=stamp,
        provenance=_provenance([basis], reviewer, stamp, "edit"),
    )
    return Plan((gold,), _decisions(group, {basis.id}, "edit", gold.id, reviewer, stamp))


def reject(group: Group, reviewer: str, stamp: str) -> Plan:
    """No gold span: every candidate of the group is recorded as rejected."""
    return Plan((), _decisions(group, set(), "reject", None, reviewer, stamp))


def accept_all_agreed(views: Sequence[GroupView], reviewer: str, stamp: str) -> Plan:
    """Accept every open group on which all compared annotators agree, in one action."""
    gold: list[Span] = []
    decisions: list[Decision] = []
    for v in views:
        if v.state == "open" and v.group.kind == "agree":
            p = accept(v.group, v.group.spans[0], reviewer, stamp)
            gold.extend(p.gold)
            decisions.extend(p.decisions)
    return Plan(tuple(gold), tuple(decisions))


def _same_content(a: Span, b: Span) -> bool:
    return (a.start, a.end, a.label, a.attributes) == (b.start, b.end, b.label, b.attributes)


# -- readiness ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Readiness:
    ready: bool
    waiting_for: tuple[str, ...] = field(default=())


def readiness(statuses: Mapping[str, Status], assignees: Sequence[str]) -> Readiness:
    """A document is ready for adjudication when every assigned annotator marked it done.

    Without assignments, the annotators who have a status for it count instead;
    a document nobody has touched is not ready.
    """
    who = [a for a in assignees if a != GOLD] or [a for a in statuses if a != GOLD]
    if not who:
        return Readiness(False, ())
    waiting = tuple(sorted(a for a in who if statuses.get(a, "new") != "done"))
    return Readiness(not waiting, waiting)


# -- relations ------------------------------------------------------------------------------------
def carry_relations(
    candidates: Iterable[Relation], decisions: Iterable[Decision], gold: Iterable[Relation], stamp: str
) -> list[Relation]:
    """Gold relations implied by the decisions: a candidate link whose two ends both became gold spans.

    A link already in gold (same ends and role) is not added twice; the
    reviewer removes unwanted ones in the gold layer like any other edit.
    """
    to_gold = {d.span_id: d.gold_span_id for d in decisions if d.gold_span_id is not None}
    have = {(r.head, r.tail, r.role) for r in gold}
    out: list[Relation] = []
    for r in sorted(candidates, key=lambda r: (r.created_at, r.id)):
        head, tail = to_gold.get(r.head), to_gold.get(r.tail)
        if head is None or tail is None or (head, tail, r.role) in have:
            continue
        have.add((head, tail, r.role))
        out.append(Relation(new_relation_id(), r.doc_id, GOLD, head, tail, r.role, stamp))
    return out
