"""Merging annotators' offline copies (OTHER project files) into the lead's project.

Identity is the uuid of a span or relation, and (document, annotator) for a
status; documents are matched by the sha256 of their text, so a document the
lead already has is never added twice and ids may differ between files.

Which version wins is decided from the two change logs, not from clocks alone:
if one side's current version appears in the other side's history, that other
side has seen it and moved on, and simply wins.  Only when both sides changed
the record since they parted is it a conflict, decided by ``RULE``.  Both
versions always end up in the lead's change log (the losing one as the
``before`` of a merge entry), which is also what makes merging twice a no-op.

The whole merge, of every OTHER file, is one transaction of the lead's
project: an interrupted merge leaves it exactly as it was.  OTHER files are
opened read-only.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from annotate.commands import Command, Op, Record, StatusRecord
from annotate.model import GOLD, DocId, now
from annotate.records import record_from_dict, record_key, record_to_dict, status_key
from store.annotations import apply_in
from store.errors import ProjectError
from store.migrations import schema_version
from store.project import Project
from store.search import index_in

RULE = (
    "a record changed on one side only takes that side's version; changed on both sides: "
    "the later updated_at wins, on equal times the annotator whose name sorts first, then the lead's; "
    "an edit beats a deletion; statuses: the later change wins"
)
NOTE_ACTION = "merge conflict"
DELETED = "<deleted>"

Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class Conflict:
    entity: str
    id: str
    document: str
    kept: str
    """"lead" or "other": whose version is now in the lead's project."""
    lead: dict[str, Any] | None
    other: dict[str, Any] | None
    reason: str


@dataclass(slots=True)
class SourceReport:
    path: str
    documents_added: int = 0
    documents_matched: int = 0
    annotators_added: list[str] = field(default_factory=list)
    labels_added: list[str] = field(default_factory=list)
    roles_added: list[str] = field(default_factory=list)
    spans_added: int = 0
    spans_updated: int = 0
    spans_deleted: int = 0
    relations_added: int = 0
    relations_deleted: int = 0
    statuses_changed: int = 0
    decisions_merged: int = 0
    doc_labels_merged: int = 0
    assignments_added: int = 0
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return (
            self.documents_added
            + self.spans_added
            + self.spans_updated
            + self.spans_deleted
            + self.relations_added
            + self.relations_deleted
            + self.statuses_changed
            + self.decisions_merged
            + self.doc_labels_merged
            + self.assignments_added
        )


@dataclass(slots=True)
class MergeReport:
    target: str
    rule: str = RULE
    sources: list[SourceReport] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "rule": self.rule,
            "sources": [{**asdict(s), "changed": s.changed} for s in self.sources],
            "conflicts": sum(len(s.conflicts) for s in self.sources),
        }


# -- histories ------------------------------------------------------------------------------------
def _fp(d: Mapping[str, Any]) -> str:
    """A version's fingerprint: its content without the file-local document id."""
    body = {k: v for k, v in d.items() if k != "doc_id"}
    return hashlib.blake2b(
        json.dumps(body, sort_keys=True, ensure_ascii=False).encode(), digest_size=12
    ).hexdigest()


class History:
    """Every version a record ever had in one file (plus DELETED if it was ever deleted).

    Which records the log mentions is read once; their versions are read (by
    the log's entity index) only for the few records a merge has to judge, so
    merging a large project that mostly agrees stays fast.
    """

    def __init__(self, conn: sqlite3.Connection, doc_map: Mapping[int, int] | None = None) -> None:
        self.conn = conn
        self.to_lead = doc_map
        self.to_local = {v: k for k, v in doc_map.items()} if doc_map is not None else None
        self.ids: set[str] = set()
        for entity, entity_id in conn.execute("SELECT DISTINCT entity, entity_id FROM changes"):
            self.ids.add(self._lead_key(entity_id) if entity == "status" else entity_id)
        self._cache: dict[str, set[str]] = {}

    def _lead_key(self, entity_id: str) -> str:
        if self.to_lead is None:
            return entity_id
        doc, _, who = entity_id.partition("/")
        return status_key(self.to_lead.get(int(doc), -1), who)

    def _local_key(self, key: str) -> str:
        if self.to_local is None or "/" not in key:
            return key
        doc, _, who = key.partition("/")
        return status_key(self.to_local.get(int(doc), -1), who)

    def knows(self, key: str) -> bool:
        return key in self.ids

    def versions(self, key: str) -> set[str]:
        hit = self._cache.get(key)
        if hit is None:
            hit = set()
            q = "SELECT op, action, before, after FROM changes WHERE entity_id = ? ORDER BY seq"
            for op, action, before, after in self.conn.execute(q, (self._local_key(key),)):
                hit.update(_fp(json.loads(raw)) for raw in (before, after) if raw)
                if op == "delete" or action == f"{NOTE_ACTION}: deleted in other, lead's edit kept":
                    hit.add(DELETED)
            self._cache[key] = hit
        return hit

    def has(self, key: str, fp: str) -> bool:
        return key in self.ids and fp in self.versions(key)


# -- copying reference rows ------------------------------------------------------------------------
# What makes a label or a role what it is, for exports and the pane (names, colours, order are looks).
_DEFINING = {"labels": ("kind", "tag", "parent"), "roles": ("head_kinds", "tail_kinds", "tag")}


def _defined(col: str, value: Any) -> Any:
    """A defining column as it means: a role's kinds are a set, however its JSON lists them."""
    return sorted(json.loads(value)) if col.endswith("_kinds") and isinstance(value, str) else value


def _copy_missing(
    c: sqlite3.Connection,
    other: sqlite3.Connection,
    table: str,
    key: str,
    differs: list[Conflict] | None = None,
) -> list[str]:
    """Copy the rows of ``table`` the lead lacks; a row both have but define differently (a label that is
    an event in one and an entity in the other) keeps the lead's, and goes to ``differs`` when given."""
    cols = [r[1] for r in c.execute(f"PRAGMA table_info({table})")]
    other_cols = {r[1] for r in other.execute(f"PRAGMA table_info({table})")}
    shared = [col for col in cols if col in other_cols]
    rows = (dict(zip(shared, r, strict=True)) for r in c.execute(f"SELECT {', '.join(shared)} FROM {table}"))
    have = {rec[key]: rec for rec in rows}
    added: list[str] = []
    for row in other.execute(f"SELECT {', '.join(shared)} FROM {table} ORDER BY {key}"):
        rec = dict(zip(shared, row, strict=True))
        if rec[key] in have:
            mine = have[rec[key]]
            what = ", ".join(
                col
                for col in _DEFINING.get(table, ())
                if _defined(col, mine.get(col)) != _defined(col, rec.get(col))
            )
            if differs is not None and what:
                differs.append(
                    Conflict(table[:-1], str(rec[key]), "the schema", "lead", mine, rec,
                             f"defined otherwise in the copy ({what}): the lead's definition is kept")
                )  # fmt: skip
            continue
        c.execute(f"INSERT INTO {table}({', '.join(shared)}) VALUES ({', '.join('?' * len(shared))})", row)
        added.append(str(rec[key]))
    return added


def _documents(
    c: sqlite3.Connection, other: sqlite3.Connection, rep: SourceReport
) -> tuple[dict[int, int], list[DocId]]:
    cols = ["ext_id", "title", "text", "source", "sha256", "meta", "encoding", "imported_at"]
    doc_map: dict[int, int] = {}
    added: list[DocId] = []
    last = -1
    while True:
        rows = other.execute(
            "SELECT id, sha256 FROM documents WHERE id > ? ORDER BY id LIMIT 1000", (last,)
        ).fetchall()
        if not rows:
            break
        last = rows[-1][0]
        for oid, sha in rows:
            hit = c.execute("SELECT id FROM documents WHERE sha256 = ?", (sha,)).fetchone()
            if hit:
                doc_map[oid] = hit[0]
                rep.documents_matched += 1
                continue
            row = other.execute(f"SELECT {', '.join(cols)} FROM documents WHERE id = ?", (oid,)).fetchone()
            cur = c.execute(
                f"INSERT INTO documents({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", row
            )
            doc_map[oid] = int(cur.lastrowid or 0)
            added.append(DocId(doc_map[oid]))
            rep.documents_added += 1
    return doc_map, added


# -- records ------------------------------------------------------------------------------------
_QUERIES = {
    "span": 'SELECT id, doc_id, annotator, start, "end", label, text, attributes, created_at, updated_at, provenance FROM spans',
    "relation": "SELECT id, doc_id, annotator, head, tail, role, created_at FROM relations",
    "status": "SELECT doc_id, annotator, status, updated_at FROM doc_status",
}


def _rows(
    conn: sqlite3.Connection, entity: str, doc_map: Mapping[int, int] | None
) -> Iterator[tuple[str, tuple]]:
    """(key, raw row with the lead's document id) for every current record; rows compare as they are."""
    for row in conn.execute(_QUERIES[entity]):
        if entity == "status":
            doc = row[0] if doc_map is None else doc_map[row[0]]
            yield status_key(doc, row[1]), (doc, *row[1:])
        else:
            yield row[0], row if doc_map is None else (row[0], doc_map[row[1]], *row[2:])


def _as_dict(entity: str, row: tuple) -> tuple[dict[str, Any], str]:
    """The dict form of a raw row and its time (updated_at; created_at for relations)."""
    if entity == "span":
        keys = (
            "id",
            "doc_id",
            "annotator",
            "start",
            "end",
            "label",
            "text",
            "attributes",
            "created_at",
            "updated_at",
            "provenance",
        )
        d = dict(zip(keys, row, strict=True))
        d["attributes"], d["provenance"] = json.loads(d["attributes"]), json.loads(d["provenance"])
        return d, d["updated_at"]
    if entity == "relation":
        d = dict(zip(("id", "doc_id", "annotator", "head", "tail", "role", "created_at"), row, strict=True))
        return d, d["created_at"]
    return {"doc_id": row[0], "annotator": row[1], "status": row[2]}, row[3]


def _canon(d: Mapping[str, Any], entity: str) -> dict[str, Any]:
    return record_to_dict(record_from_dict(entity, d))


def _later_wins(lead: dict[str, Any], lead_at: str, other: dict[str, Any], other_at: str) -> bool:
    """True when OTHER's version wins a both-sides conflict (see RULE)."""
    if other_at != lead_at:
        return other_at > lead_at
    la, oa = str(lead.get("annotator", "")), str(other.get("annotator", ""))
    return oa < la


@dataclass(slots=True)
class _Plan:
    deletes: list[Record] = field(default_factory=list)
    upserts: list[tuple[Record | None, Record]] = field(default_factory=list)
    notes: list[tuple[Record, Record]] = field(default_factory=list)
    """(OTHER's losing version, the lead's kept version) for the change log."""
    times: dict[str, str] = field(default_factory=dict)
    """Statuses only: when OTHER set each one (key -> updated_at), which a status taken keeps.

    ``apply_in`` stamps what it writes with the merge's time; a status taken from
    the first copy would then look newer than a later real change in the next copy
    and beat it, so the outcome would hang on the order the copies were merged in.
    """


def _plan_entity(
    entity: str,
    c: sqlite3.Connection,
    other: sqlite3.Connection,
    doc_map: Mapping[int, int],
    lead_h: History,
    other_h: History,
    rep: SourceReport,
    titles: Callable[[int], str],
) -> _Plan:
    plan = _Plan()
    lead = dict(_rows(c, entity, None))
    seen_other: set[str] = set()
    for key, o_row in _rows(other, entity, doc_map):
        seen_other.add(key)
        l_row = lead.get(key)
        if l_row is not None and (l_row == o_row or (entity == "status" and l_row[:3] == o_row[:3])):
            continue  # the same version on both sides: nothing to judge
        od, o_at = _as_dict(entity, o_row)
        o_rec = record_from_dict(entity, od)
        if entity == "status":
            plan.times[key] = o_at
        if l_row is None and not lead_h.knows(key):
            plan.upserts.append((None, o_rec))  # new on OTHER's side: the common case, no judging
            continue
        o_fp = _fp(_canon(od, entity))
        if l_row is not None:
            ld, l_at = _as_dict(entity, l_row)
            l_fp = _fp(_canon(ld, entity))
            l_rec = record_from_dict(entity, ld)
            if l_fp == o_fp:
                continue
            lead_saw, other_saw = lead_h.has(key, o_fp), other_h.has(key, l_fp)
            if lead_saw and not other_saw:
                continue  # the lead moved on from OTHER's version
            if other_saw and not lead_saw:
                plan.upserts.append((l_rec, o_rec))
                continue
            win = _later_wins(ld, l_at, od, o_at)
            rep.conflicts.append(
                Conflict(
                    entity,
                    key,
                    titles(od["doc_id"]),
                    "other" if win else "lead",
                    _canon(ld, entity),
                    _canon(od, entity),
                    "changed on both sides",
                )
            )
            if win:
                plan.upserts.append((l_rec, o_rec))
            else:
                plan.notes.append((o_rec, l_rec))
        elif lead_h.knows(key):
            if lead_h.has(key, o_fp):
                continue  # the lead deleted it after seeing this version
            if not other_h.has(key, DELETED):
                rep.conflicts.append(
                    Conflict(
                        entity,
                        key,
                        titles(od["doc_id"]),
                        "other",
                        None,
                        _canon(od, entity),
                        "deleted in the lead, edited in other: the edit is kept",
                    )
                )
            plan.upserts.append((None, o_rec))
        else:
            plan.upserts.append((None, o_rec))
    if entity == "status":
        return plan
    for key, l_row in lead.items():
        if key in seen_other or not other_h.knows(key):
            continue
        ld, _ = _as_dict(entity, l_row)
        l_rec = record_from_dict(entity, ld)
        l_fp = _fp(_canon(ld, entity))
        if other_h.has(key, l_fp):
            plan.deletes.append(l_rec)
        elif not lead_h.has(key, DELETED):
            rep.conflicts.append(
                Conflict(
                    entity,
                    key,
                    titles(ld["doc_id"]),
                    "lead",
                    _canon(ld, entity),
                    None,
                    "deleted in other, edited in the lead: the edit is kept",
                )
            )
            plan.notes.append((l_rec, l_rec))
    return plan


def _note(c: sqlite3.Connection, source: str, loser: Record, kept: Record, deleted: bool) -> None:
    """Log a conflict: the losing version as ``before``, the kept one as ``after`` (replay stays exact)."""
    d = record_to_dict(kept)
    action = (
        f"{NOTE_ACTION}: deleted in other, lead's edit kept"
        if deleted
        else f"{NOTE_ACTION}: lead's version kept"
    )
    c.execute(
        "INSERT INTO changes(txn, at, actor, action, entity, op, entity_id, doc_id, layer, before, after)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            str(uuid.uuid4()),
            now(),
            f"merge {source}",
            action,
            Op("update", loser, kept).entity,
            "update",
            record_key(kept),
            d["doc_id"],
            d["annotator"],
            None if deleted else json.dumps(record_to_dict(loser), ensure_ascii=False),
            json.dumps(d, ensure_ascii=False),
        ),
    )


# -- the merge ------------------------------------------------------------------------------------
def merge_projects(
    target: Project, others: Sequence[str | Path], progress: Progress | None = None
) -> MergeReport:
    """Merge every OTHER file into ``target`` in ONE transaction; see the module docstring."""
    report = MergeReport(str(target.path))
    opened: list[Project] = []
    temps: list[Path] = []
    try:
        for path in others:
            p = Path(path)
            if p.exists() and p.resolve() == target.path.resolve():
                raise ProjectError(
                    f"{p}: is the project being merged into; name the annotators' copies instead"
                )
            opened.append(_open_other(p, temps))
        added: list[DocId] = []
        with target.write() as c:
            for o in opened:
                rep = SourceReport(str(o.path))
                report.sources.append(rep)
                added += _merge_one(c, o, rep, progress)
            index_in(c, added)  # every new document lands with its search shadow, in the same transaction
    finally:
        for o in opened:
            o.close()
        for t in temps:
            shutil.rmtree(t, ignore_errors=True)
    return report


def _open_other(path: Path, temps: list[Path]) -> Project:
    """OTHER read-only; a copy from an older Hashiya is upgraded in a temporary copy, never in place."""
    if path.exists() and path.is_file():
        try:
            probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                version = probe.execute("PRAGMA user_version").fetchone()[0]
            finally:
                probe.close()
        except sqlite3.Error:
            version = schema_version()  # not readable as SQLite: let Project.open say why
        if 0 < version < schema_version():
            tmp = Path(tempfile.mkdtemp(prefix="hashiya-merge-"))
            temps.append(tmp)
            copy = tmp / path.name
            src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            dst = sqlite3.connect(str(copy))
            try:
                src.backup(dst)
            finally:
                src.close()
                dst.close()
            upgraded = Project.open(copy)
            upgraded.path = path  # reports name the file the user gave
            return upgraded
    return Project.open(path, readonly=True)


def _step(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress is not None:
        progress(stage, done, total)


def _merge_one(
    c: sqlite3.Connection, o: Project, rep: SourceReport, progress: Progress | None
) -> list[DocId]:
    oc, name = o.conn, o.path.name
    actor = f"merge {name}"
    stages = 8
    _step(progress, "annotators and labels", 0, stages)
    rep.annotators_added = _copy_missing(c, oc, "annotators", "name")
    rep.labels_added = _copy_missing(c, oc, "labels", "key", rep.conflicts)
    rep.roles_added = _copy_missing(c, oc, "roles", "key", rep.conflicts)
    _step(progress, "documents", 1, stages)
    doc_map, added = _documents(c, oc, rep)
    _step(progress, "histories", 2, stages)
    lead_h, other_h = History(c), History(oc, doc_map)
    title_cache: dict[int, str] = {}

    def title(doc_id: int) -> str:
        if doc_id not in title_cache:
            r = c.execute("SELECT ext_id, title FROM documents WHERE id = ?", (doc_id,)).fetchone()
            title_cache[doc_id] = f"{r[0]} {r[1]}" if r else str(doc_id)
        return title_cache[doc_id]

    plans = {
        e: _plan_entity(e, c, oc, doc_map, lead_h, other_h, rep, title)
        for e in ("span", "relation", "status")
    }
    _step(progress, "deletions", 3, stages)
    rel_del = plans["relation"].deletes
    gone = {r.id for r in rel_del}  # type: ignore[union-attr]
    ops = [Op("delete", r, None) for r in rel_del]
    for s in plans["span"].deletes:
        for (rid,) in c.execute(
            "SELECT id FROM relations WHERE head = ? OR tail = ?", (s.id, s.id)
        ).fetchall():  # type: ignore[union-attr]
            if rid not in gone:
                gone.add(rid)
                row = next(_rows_where(c, "relation", "id = ?", (rid,)))
                ops.append(Op("delete", row, None))
        ops.append(Op("delete", s, None))
    rep.relations_deleted = sum(1 for op in ops if op.entity == "relation")
    rep.spans_deleted = len(plans["span"].deletes)
    apply_in(c, Command(f"merge from {name}: deleted there", tuple(ops)), actor)
    _step(progress, "spans", 4, stages)
    span_ops = [Op("insert" if b is None else "update", b, a) for b, a in plans["span"].upserts]
    rep.spans_added = sum(1 for op in span_ops if op.kind == "insert")
    rep.spans_updated = len(span_ops) - rep.spans_added
    apply_in(c, Command(f"merge from {name}", tuple(span_ops)), actor)
    _step(progress, "relations", 5, stages)
    rel_ops: list[Op] = []
    for _, r in plans["relation"].upserts:
        ends = c.execute("SELECT count(*) FROM spans WHERE id IN (?, ?)", (r.head, r.tail)).fetchone()[0]  # type: ignore[union-attr]
        if ends < (1 if r.head == r.tail else 2):  # type: ignore[union-attr]
            rep.conflicts.append(
                Conflict(
                    "relation",
                    r.id,
                    title(r.doc_id),
                    "lead",
                    None,
                    record_to_dict(r),
                    "a span it links is deleted in the lead: not added",
                )  # type: ignore[union-attr]
            )
            continue
        rel_ops.append(Op("insert", None, r))
    rep.relations_added = len(rel_ops)
    apply_in(c, Command(f"merge from {name}", tuple(rel_ops)), actor)
    _step(progress, "statuses", 6, stages)
    st_ops = [Op("insert" if b is None else "update", b, a) for b, a in plans["status"].upserts]
    rep.statuses_changed = len(st_ops)
    apply_in(c, Command(f"merge from {name}", tuple(st_ops)), actor)
    _keep_status_times(c, plans["status"])
    for e in ("span", "relation", "status"):
        for loser, kept in plans[e].notes:
            _note(c, name, loser, kept, deleted=loser is kept)
    _step(progress, "decisions, document labels, assignments", 7, stages)
    made = _gold_made(c) | _gold_made(oc)
    rep.decisions_merged = _merge_latest(
        c, oc, "gold_decisions", ("doc_id", "span_id"), "decided_at", doc_map
    )
    _drop_superseded_gold(c, made - _gold_made(c), name, actor, rep, title)
    rep.doc_labels_merged = _merge_latest(
        c, oc, "doc_labels", ("doc_id", "annotator", "key"), "updated_at", doc_map
    )
    before = c.total_changes
    c.executemany(
        "INSERT OR IGNORE INTO assignments(doc_id, annotator, assigned_at) VALUES (?,?,?)",
        [
            (doc_map[d], a, at)
            for d, a, at in oc.execute("SELECT doc_id, annotator, assigned_at FROM assignments")
        ],
    )
    rep.assignments_added = c.total_changes - before
    _step(progress, "done", stages, stages)
    return added


def _keep_status_times(c: sqlite3.Connection, plan: _Plan) -> None:
    """Give every status taken from OTHER the time OTHER set it, not the merge's (see ``_Plan.times``).

    Only the row's time is restored: the change log records when the merge wrote it,
    and a status's fingerprint holds no time, so merging again still changes nothing.
    """
    rows = []
    for _, rec in plan.upserts:
        assert isinstance(rec, StatusRecord)
        rows.append((plan.times[record_key(rec)], rec.doc_id, rec.annotator))
    c.executemany("UPDATE doc_status SET updated_at = ? WHERE doc_id = ? AND annotator = ?", rows)


def _gold_made(conn: sqlite3.Connection) -> set[str]:
    """The gold spans the decisions of a project made (an accepted or edited candidate)."""
    if not _has_table(conn, "gold_decisions"):
        return set()
    return {
        r[0] for r in conn.execute("SELECT gold_span_id FROM gold_decisions WHERE gold_span_id IS NOT NULL")
    }


def _drop_superseded_gold(
    c: sqlite3.Connection,
    ids: set[str],
    name: str,
    actor: str,
    rep: SourceReport,
    title: Callable[[int], str],
) -> None:
    """Delete the gold spans whose decisions a later one replaced (and their links), logged as a change.

    Two reviewers who decided one group in two copies each made a gold span; the later decision wins
    the group, and the span of the earlier one would stay in the gold layer, seen by no reviewer (no
    decision points to it) and exported as training data beside the one that won.
    """
    ops: list[Op] = []
    gone: set[str] = set()
    for span_id in sorted(ids):
        for s in _rows_where(c, "span", "id = ? AND annotator = ?", (span_id, GOLD)):
            for r in _rows_where(c, "relation", "head = ? OR tail = ?", (span_id, span_id)):
                if r.id not in gone:  # type: ignore[union-attr]
                    gone.add(r.id)  # type: ignore[union-attr]
                    ops.append(Op("delete", r, None))
            ops.append(Op("delete", s, None))
            rep.conflicts.append(
                Conflict(
                    "span",
                    span_id,
                    title(s.doc_id),  # type: ignore[union-attr]
                    "lead",
                    record_to_dict(s),
                    None,
                    "gold span of a reviewer's decision that a later decision replaced: removed",
                )
            )
    if ops:
        rep.spans_deleted += sum(1 for op in ops if op.entity == "span")
        rep.relations_deleted += sum(1 for op in ops if op.entity == "relation")
        apply_in(c, Command(f"merge from {name}: decision replaced", tuple(ops)), actor)


def _rows_where(c: sqlite3.Connection, entity: str, where: str, args: tuple) -> Iterator[Record]:
    """Records of the lead's rows that ``where`` picks (a span's attributes and provenance decoded)."""
    cur = c.execute(f"{_QUERIES[entity]} WHERE {where}", args)
    names = [d[0] for d in cur.description]
    for row in cur.fetchall():
        d = _as_dict(entity, row)[0] if entity == "span" else dict(zip(names, row, strict=True))
        yield record_from_dict(entity, d)


def _has_table(conn: sqlite3.Connection, table: str) -> bool:
    return (
        conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
        is not None
    )


def _merge_latest(
    c: sqlite3.Connection,
    oc: sqlite3.Connection,
    table: str,
    key: tuple[str, ...],
    stamp_col: str,
    doc_map: Mapping[int, int],
) -> int:
    """Rows without a change log (decisions, document labels): the later one wins, per key."""
    if not _has_table(oc, table) or not _has_table(c, table):
        return 0
    cols = [r[1] for r in c.execute(f"PRAGMA table_info({table})")]
    where = " AND ".join(f"{k} = ?" for k in key)
    n = 0
    for row in oc.execute(f"SELECT {', '.join(cols)} FROM {table}"):
        d = dict(zip(cols, row, strict=True))
        d["doc_id"] = doc_map[d["doc_id"]]
        mine = c.execute(
            f"SELECT {', '.join(cols)} FROM {table} WHERE {where}", [d[k] for k in key]
        ).fetchone()
        if mine is not None and (
            dict(zip(cols, mine, strict=True)) == d or mine[cols.index(stamp_col)] >= d[stamp_col]
        ):
            continue
        if table == "doc_labels":
            c.execute(
                "INSERT OR IGNORE INTO annotators(name, role, created_at) VALUES (?, 'annotator', ?)",
                (d["annotator"], now()),
            )
        c.execute(
            f"INSERT OR REPLACE INTO {table}({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            [d[k] for k in cols],
        )
        n += 1
    return n
