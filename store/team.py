"""Who works on what: assignments of documents to annotators."""

from __future__ import annotations

from collections.abc import Sequence

from annotate.model import DocId, now
from store.project import Project


def assign(project: Project, doc_ids: Sequence[DocId], annotators: Sequence[str]) -> int:
    """Assign every document to every named annotator (idempotent); returns rows added."""
    stamp = now()
    with project.write() as c:
        before = c.total_changes
        c.executemany(
            "INSERT OR IGNORE INTO assignments(doc_id, annotator, assigned_at) VALUES (?,?,?)",
            [(d, a, stamp) for d in doc_ids for a in annotators],
        )
        return c.total_changes - before


def assign_rotation(project: Project, doc_ids: Sequence[DocId], annotators: Sequence[str], k: int) -> int:
    """Each document to ``k`` annotators in rotation, so the load is even and pairs vary."""
    if not 1 <= k <= len(annotators):
        raise ValueError(f"k must be between 1 and {len(annotators)} (the number of annotators), got {k}")
    stamp = now()
    rows = [
        (d, annotators[(i + j) % len(annotators)], stamp) for i, d in enumerate(doc_ids) for j in range(k)
    ]
    with project.write() as c:
        before = c.total_changes
        c.executemany(
            "INSERT OR IGNORE INTO assignments(doc_id, annotator, assigned_at) VALUES (?,?,?)", rows
        )
        return c.total_changes - before


def assigned_to(project: Project, annotator: str) -> list[DocId]:
    rows = project.conn.execute(
        "SELECT doc_id FROM assignments WHERE annotator = ? ORDER BY doc_id", (annotator,)
    ).fetchall()
    return [DocId(r[0]) for r in rows]


def assignees(project: Project, doc_id: DocId) -> list[str]:
    rows = project.conn.execute(
        "SELECT annotator FROM assignments WHERE doc_id = ? ORDER BY annotator", (doc_id,)
    ).fetchall()
    return [r[0] for r in rows]
